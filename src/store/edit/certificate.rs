//! Certificates.

use super::*;
use crate::domain::{CertKind, Tier};
use rusqlite::Connection;
use rusqlite::types::Value;

/// A certificate recorded; a valid HTE certificate makes the enterprise an HTE.
pub(super) fn add_certificate(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    _eid: Option<String>,
) -> Result<String> {
    let Edit::AddCertificate {
        enterprise_id,
        kind,
        number,
        issued,
        expires,
    } = edit
    else {
        return Err(not_this(edit));
    };
    if number.trim().is_empty() {
        return Err(invalid("the certificate number is required"));
    }
    if *kind == CertKind::Hte && !crate::domain::hte::valid_certificate_number(number.trim()) {
        return Err(invalid(format!(
            "{} is not an HTE certificate number (GR + year + province code + serial, e.g. GR202365000123)",
            number.trim()
        )));
    }
    // The same certificate saved again is not a second certificate (nor a second
    // re-certification reward).
    let dup: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM certificates
                        WHERE enterprise_id = ?1 AND kind = ?2 AND number = ?3)",
        rusqlite::params![enterprise_id, kind.code(), number.trim()],
        |r| r.get(0),
    )?;
    if dup {
        return Err(invalid(format!(
            "certificate {} is already recorded for this enterprise",
            number.trim()
        )));
    }
    let expires = expires.or_else(|| {
        (*kind == CertKind::Hte).then(|| {
            let years = ctx.config.hte.certificate_valid_years;
            issued
                .replace_year(issued.year() + years)
                .or_else(|_| {
                    issued
                        .replace_day(28)
                        .and_then(|d| d.replace_year(issued.year() + years))
                })
                .unwrap_or(*issued)
        })
    });
    cs.insert(
        "certificates",
        enterprise_id,
        &[
            ("id", Value::Text(new_id())),
            ("enterprise_id", text(enterprise_id)),
            ("kind", text(kind.code())),
            ("number", text(number.trim())),
            ("issued_on", date(*issued)),
            ("expires_on", expires.map_or(Value::Null, date)),
        ],
    )?;
    // A valid HTE certificate makes the enterprise an HTE (unless it is already a leader).
    let tier: Tier = tx.query_row(
        "SELECT tier FROM enterprises WHERE id = ?1",
        [enterprise_id],
        |r| r.get(0),
    )?;
    let valid = expires.is_none_or(|e| e >= ctx.now.date());
    if *kind == CertKind::Hte && valid && tier < Tier::Hte {
        cs.update(
            "enterprises",
            enterprise_id,
            enterprise_id,
            &[("tier", text(Tier::Hte.code()))],
        )?;
    }
    Ok(enterprise_id.clone())
}
