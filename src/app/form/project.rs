//! The project form: a new project, or one of the enterprise's chosen and edited (its values
//! fill the form when it is chosen).

use super::{
    Field, FieldKind, Form, FormKind, Opening, Presets, Spec, choices, no_check, parse_wan, wan,
    word,
};
use crate::domain::ProjectLevel;
use crate::domain::dates::parse_user_date;
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::{Edit, ProjectFields};
use crate::store::format_date;
use time::{Date, Duration};

pub(super) const PROJECT: Spec = Spec {
    heading: |_, l| Msg::FormProject.text(l).into(),
    fields,
    label,
    presets,
    check: no_check,
    edit,
};

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "project" => Some(Msg::ColProject),
        "name" => Some(Msg::FormProjectName),
        "level" => Some(Msg::ColLevel),
        "programme" => Some(Msg::FormProgramme),
        "budget" => Some(Msg::FormBudget),
        "start" => Some(Msg::FormStart),
        "planned_end" => Some(Msg::FormPlannedEnd),
        "extended_end" => Some(Msg::FormExtendedEnd),
        "acceptance_applied" => Some(Msg::FormAcceptanceApplied),
        "acceptance_passed" => Some(Msg::FormAcceptancePassed),
        "risk_flag" => Some(Msg::FormRisk),
        _ => None,
    };
    word(msg, key, l)
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let (today, l) = (o.today, o.lang);
    let mut opts: Vec<(String, String)> = vec![("new".into(), Msg::FormNewProject.text(l).into())];
    opts.extend(
        o.data
            .project_details
            .iter()
            .map(|(id, p)| (id.clone(), p.name.clone())),
    );
    let levels = choices(ProjectLevel::ALL, |v| v.code(), |v| v.label(l).to_string());
    let date = |key: &str| Field::new(key, FieldKind::Date, "");
    vec![
        Field::new("project", FieldKind::Choice(opts), "new"),
        Field::new("name", FieldKind::Text, "").required(),
        Field::new("level", levels, ProjectLevel::District.code()),
        Field::new("programme", FieldKind::Text, ""),
        Field::new("budget", FieldKind::Amount, ""),
        Field::new("start", FieldKind::Date, format_date(today)).required(),
        Field::new(
            "planned_end",
            FieldKind::Date,
            format_date(today.saturating_add(Duration::days(730))),
        )
        .required(),
        date("extended_end"),
        date("acceptance_applied"),
        date("acceptance_passed"),
        Field::new("risk_flag", FieldKind::Text, ""),
    ]
}

/// A project's values as the form shows them.
fn project_values(p: &ProjectFields) -> Vec<(String, String)> {
    let od = |d: Option<Date>| d.map(format_date).unwrap_or_default();
    vec![
        ("name".into(), p.name.clone()),
        ("level".into(), p.level.code().into()),
        ("programme".into(), p.programme.clone().unwrap_or_default()),
        ("budget".into(), wan(p.budget)),
        ("start".into(), format_date(p.start)),
        ("planned_end".into(), format_date(p.planned_end)),
        ("extended_end".into(), od(p.extended_end)),
        ("acceptance_applied".into(), od(p.acceptance_applied)),
        ("acceptance_passed".into(), od(p.acceptance_passed)),
        ("risk_flag".into(), p.risk_flag.clone().unwrap_or_default()),
    ]
}

fn presets(_: &FormKind, o: &Opening) -> Presets {
    (
        o.data
            .project_details
            .iter()
            .map(|(id, p)| (id.clone(), project_values(p)))
            .collect(),
        Some("project".to_string()),
    )
}

fn edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::Project { enterprise_id } = &form.kind else {
        return None;
    };
    let opt = |k: &str| Some(form.value(k).trim().to_string()).filter(|s| !s.is_empty());
    let date = |k: &str| parse_user_date(form.value(k), today).ok();
    let chosen = form.value("project");
    Some(Edit::SaveProject {
        enterprise_id: enterprise_id.clone(),
        id: (chosen != "new" && !chosen.is_empty()).then(|| chosen.to_string()),
        fields: ProjectFields {
            name: form.value("name").trim().to_string(),
            level: ProjectLevel::parse(form.value("level")).unwrap_or(ProjectLevel::District),
            programme: opt("programme"),
            budget: parse_wan(form.value("budget")),
            start: date("start")?,
            planned_end: date("planned_end")?,
            extended_end: date("extended_end"),
            acceptance_applied: date("acceptance_applied"),
            acceptance_passed: date("acceptance_passed"),
            risk_flag: opt("risk_flag"),
        },
    })
}
