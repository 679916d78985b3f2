//! Enterprises: the profile and the pool membership.

use super::*;
use crate::domain::Tier;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

/// The enterprise's pool, batch, status and tier.
pub(super) fn move_pool(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::MovePool {
        enterprise_id,
        pool,
        batch,
        tier,
        status,
    } = edit
    else {
        return Err(not_this(edit));
    };
    crate::store::ledgers::move_pool(
        tx,
        cs,
        enterprise_id,
        (*pool, *batch),
        status.as_ref(),
        ctx.now.date(),
    )?;
    cs.update(
        "enterprises",
        enterprise_id,
        enterprise_id,
        &[("tier", text(tier.code()))],
    )?;
    Ok(enterprise_id.clone())
}

/// An enterprise added or its profile saved.
pub(super) fn save_enterprise(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    _ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::SaveEnterprise { id, tier, fields } = edit else {
        return Err(not_this(edit));
    };
    write_enterprise(tx, cs, id.as_deref(), *tier, fields)
}

/// Checks and writes an enterprise's profile; returns its id.
pub(super) fn write_enterprise(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    id: Option<&str>,
    tier: Tier,
    f: &EnterpriseFields,
) -> Result<String> {
    let code = credit_code::normalize(&f.credit_code);
    credit_code::validate(&code).map_err(|e| invalid(format!("credit code {code}: {e}")))?;
    if f.name.trim().is_empty() {
        return Err(invalid("the name is required"));
    }
    if f.district.trim().is_empty() {
        return Err(invalid("the district is required"));
    }
    // One district, one name: what was typed resolves to a GB/T 2260 district, stored by code
    // with the table's full name.
    let district = crate::store::districts::resolve(&f.district)?;
    let dup: Option<(String, String)> = tx
        .query_row(
            "SELECT id, name FROM enterprises WHERE credit_code = ?1 AND id IS NOT ?2",
            params![code, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((_, name)) = dup {
        return Err(invalid(format!(
            "credit code {code} already belongs to {name}"
        )));
    }
    let region = credit_code::region_code(&code)
        .unwrap_or_default()
        .to_string();
    let cols: Vec<(&str, Value)> = vec![
        ("credit_code", Value::Text(code.clone())),
        ("name", text(f.name.trim())),
        (
            "initials",
            Value::Text(crate::text::pinyin_initials(f.name.trim())),
        ),
        ("region_code", Value::Text(region)),
        ("district", text(&district.full_name)),
        ("district_code", text(district.code)),
        ("township", opt_text(f.township.as_deref())),
        ("address", opt_text(f.address.as_deref())),
        ("industry", opt_text(f.industry.as_deref())),
        ("hte_field", opt_text(f.hte_field.as_deref())),
        ("commissioner_id", opt_text(f.commissioner_id.as_deref())),
        ("founded_on", f.founded_on.map_or(Value::Null, date)),
        ("contact_name", opt_text(f.contact_name.as_deref())),
        ("contact_phone", opt_text(f.contact_phone.as_deref())),
        ("tier", text(tier.code())),
        ("notes", text(f.notes.trim())),
    ];
    match id {
        Some(id) => {
            cs.update("enterprises", id, id, &cols)?;
            Ok(id.to_string())
        }
        None => {
            let id = new_id();
            let mut all = vec![("id", Value::Text(id.clone()))];
            all.extend(cols);
            cs.insert("enterprises", &id, &all)?;
            Ok(id)
        }
    }
}
