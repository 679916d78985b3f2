//! The `b` form: an enterprise moved to another pool, batch or tier, and its membership's
//! status (since when, and why) changed.

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, choices, no_presets, word};
use crate::domain::dates::parse_user_date;
use crate::domain::{Batch, Pool, PoolStatus, Tier};
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use crate::store::format_date;
use crate::store::ledgers::StatusChange;
use time::Date;

pub(super) const MOVE_POOL: Spec = Spec {
    heading: |_, l| Msg::FormMovePool.text(l).into(),
    fields,
    label,
    presets: no_presets,
    check,
    edit,
};

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "pool" => Some(Msg::ColPool),
        "batch" => Some(Msg::ColBatch),
        "tier" => Some(Msg::ColTier),
        "status" => Some(Msg::ColPoolStatus),
        "status_on" => Some(Msg::FormStatusOn),
        "reason" => Some(Msg::ColReason),
        _ => None,
    };
    word(msg, key, l)
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let (data, l) = (o.data, o.lang);
    let (pool, batch) = data.membership.unwrap_or((Pool::Hte, Batch::Preferred));
    let tier = data.fields.as_ref().map_or(Tier::Tsme, |(t, _)| *t);
    let status = data.pool_status.unwrap_or(PoolStatus::In);
    vec![
        Field::new(
            "pool",
            choices(Pool::ALL, |v| v.code(), |v| v.label(l).to_string()),
            pool.code(),
        ),
        Field::new(
            "batch",
            choices(Batch::ALL, |v| v.code(), |v| v.label(l).to_string()),
            batch.code(),
        ),
        Field::new(
            "tier",
            choices(Tier::ALL, |v| v.code(), |v| v.label(l).to_string()),
            tier.code(),
        ),
        // The membership's status, since when, and why.
        Field::new(
            "status",
            choices(PoolStatus::ALL, |v| v.code(), |v| v.label(l).to_string()),
            status.code(),
        ),
        Field::new("status_on", FieldKind::Date, format_date(o.today)),
        Field::new("reason", FieldKind::Text, ""),
    ]
}

/// Whether the form changes the membership's status (the status field differs from what the
/// form opened with).
fn status_changed(form: &Form) -> bool {
    let i = form.fields.iter().position(|f| f.key == "status");
    i.is_some_and(|i| form.original.get(i) != form.fields.get(i).map(|f| &f.value))
}

/// A status other than "in" needs a reason.
fn check(form: &mut Form, lang: Lang) {
    let needs_reason = status_changed(form)
        && PoolStatus::parse(form.value("status")).is_some_and(|s| s != PoolStatus::In);
    if needs_reason
        && form.value("reason").trim().is_empty()
        && let Some(f) = form.fields.iter_mut().find(|f| f.key == "reason")
    {
        f.error = Some(Msg::FormStatusReasonRequired.text(lang).into());
    }
}

/// The status change, if the form makes one.
fn status_change(form: &Form, today: Date) -> Option<Option<StatusChange>> {
    if !status_changed(form) {
        return Some(None);
    }
    Some(Some(StatusChange {
        status: PoolStatus::parse(form.value("status"))?,
        on: parse_user_date(form.value("status_on"), today).ok()?,
        reason: form.value("reason").trim().to_string(),
    }))
}

fn edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::MovePool { enterprise_id } = &form.kind else {
        return None;
    };
    Some(Edit::MovePool {
        enterprise_id: enterprise_id.clone(),
        pool: Pool::parse(form.value("pool"))?,
        batch: Batch::parse(form.value("batch"))?,
        tier: Tier::parse(form.value("tier"))?,
        status: status_change(form, today)?,
    })
}
