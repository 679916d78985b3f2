//! The support-action form: a new action, or one of the enterprise's chosen to edit, close or
//! drop (its values fill the form when it is chosen).

use super::{Field, FieldKind, Form, FormKind, Opening, Presets, Spec, choices, no_check, word};
use crate::domain::dates::parse_user_date;
use crate::domain::support::ActionStatus;
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::bureau::SupportAction;
use crate::store::edit::Edit;
use crate::store::format_date;
use time::{Date, Duration};

pub(super) const SUPPORT_ACTION: Spec = Spec {
    heading: |_, l| Msg::FormSupportActionEdit.text(l).into(),
    fields,
    label,
    presets,
    check: no_check,
    edit,
};

/// The choice meaning "a new one".
const NEW: &str = "new";

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "item" => Some(Msg::FormWhichAction),
        "action" => Some(Msg::ColAction),
        "unit" => Some(Msg::ColUnit),
        "person" => Some(Msg::ColPerson),
        "due" => Some(Msg::ColDue),
        "status" => Some(Msg::ColStatus),
        "closed" => Some(Msg::FormClosedOn),
        _ => None,
    };
    word(msg, key, l)
}

/// An action as the form shows it in its choice: the text and its status.
fn action_label(a: &SupportAction, l: Lang) -> String {
    format!(
        "{} · {}",
        crate::text::truncate(&a.action, 30),
        a.status.label(l)
    )
}

/// The values an existing action fills in.
fn action_values(a: &SupportAction) -> Vec<(String, String)> {
    let od = |d: Option<Date>| d.map(format_date).unwrap_or_default();
    vec![
        ("action".into(), a.action.clone()),
        ("unit".into(), a.unit.clone()),
        ("person".into(), a.person.clone()),
        ("due".into(), od(a.due_on)),
        ("status".into(), a.status.code().into()),
        ("closed".into(), od(a.done_on)),
    ]
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let (today, l) = (o.today, o.lang);
    let mut items: Vec<(String, String)> =
        vec![(NEW.into(), Msg::FormNewSupportAction.text(l).into())];
    items.extend(
        o.data
            .actions
            .iter()
            .map(|a| (a.id.clone(), action_label(a, l))),
    );
    vec![
        Field::new("item", FieldKind::Choice(items), NEW),
        Field::new("action", FieldKind::Text, "").required(),
        Field::new("unit", FieldKind::Text, ""),
        Field::new("person", FieldKind::Text, ""),
        Field::new(
            "due",
            FieldKind::Date,
            format_date(today.saturating_add(Duration::days(30))),
        ),
        Field::new(
            "status",
            choices(ActionStatus::ALL, |v| v.code(), |v| v.label(l).to_string()),
            ActionStatus::Open.code(),
        ),
        Field::new("closed", FieldKind::Date, format_date(today)),
    ]
}

fn presets(_: &FormKind, o: &Opening) -> Presets {
    (
        o.data
            .actions
            .iter()
            .map(|a| (a.id.clone(), action_values(a)))
            .collect(),
        Some("item".to_string()),
    )
}

/// A new action, or the chosen one saved.
fn edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::SupportAction { enterprise_id } = &form.kind else {
        return None;
    };
    let date = |k: &str| parse_user_date(form.value(k), today).ok();
    let status = ActionStatus::parse(form.value("status")).unwrap_or(ActionStatus::Open);
    let chosen = form.value("item");
    Some(if chosen == NEW || chosen.is_empty() {
        Edit::AddSupportAction {
            enterprise_id: enterprise_id.to_string(),
            action: form.value("action").trim().to_string(),
            unit: form.value("unit").trim().to_string(),
            person: form.value("person").trim().to_string(),
            due: date("due"),
            status,
        }
    } else {
        Edit::SaveSupportAction {
            action_id: chosen.to_string(),
            action: form.value("action").trim().to_string(),
            unit: form.value("unit").trim().to_string(),
            person: form.value("person").trim().to_string(),
            due: date("due"),
            status,
            closed: date("closed"),
        }
    })
}
