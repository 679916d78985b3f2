//! The milestone forms: a milestone added to a project, and one marked done.

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, no_check, no_presets, pick, word};
use crate::domain::dates::parse_user_date;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use crate::store::format_date;
use time::{Date, Duration};

pub(super) const ADD: Spec = Spec {
    heading: |_, l| Msg::FormAddMilestone.text(l).into(),
    fields: add_fields,
    label,
    presets: no_presets,
    check: no_check,
    edit: add_edit,
};

pub(super) const DONE: Spec = Spec {
    heading: |_, l| Msg::FormMilestoneDone.text(l).into(),
    fields: done_fields,
    label,
    presets: no_presets,
    check: no_check,
    edit: done_edit,
};

fn label(kind: &FormKind, key: &str, l: Lang) -> String {
    let msg = match (kind, key) {
        (FormKind::Milestone, "name") | (_, "milestone") => Some(Msg::FormMilestone),
        (_, "project") => Some(Msg::ColProject),
        (_, "date" | "planned") => Some(Msg::FormDate),
        _ => None,
    };
    word(msg, key, l)
}

fn add_fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    vec![
        pick("project", &o.data.projects),
        Field::new("name", FieldKind::Text, "").required(),
        Field::new(
            "planned",
            FieldKind::Date,
            format_date(o.today.saturating_add(Duration::days(90))),
        )
        .required(),
    ]
}

fn done_fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    vec![
        pick("milestone", &o.data.milestones),
        Field::new("date", FieldKind::Date, format_date(o.today)).required(),
    ]
}

fn add_edit(form: &Form, today: Date) -> Option<Edit> {
    Some(Edit::AddMilestone {
        project_id: form.value("project").to_string(),
        name: form.value("name").trim().to_string(),
        planned: parse_user_date(form.value("planned"), today).ok()?,
    })
}

fn done_edit(form: &Form, today: Date) -> Option<Edit> {
    Some(Edit::MilestoneDone {
        milestone_id: form.value("milestone").to_string(),
        date: parse_user_date(form.value("date"), today).ok()?,
    })
}
