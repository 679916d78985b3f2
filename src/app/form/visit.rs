//! The visit forms: a visit logged (with the requests raised and the next visit), planned,
//! moved or cancelled.

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, choices, no_check, no_presets, word};
use crate::domain::dates::parse_user_date;
use crate::domain::{RequestCategory, VisitMode};
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use crate::store::format_date;
use time::{Date, Duration};

/// The request slots of the visit log (`request1_category`, `request1_text`, …).
const REQUEST_SLOTS: usize = 3;

pub(super) const LOG: Spec = Spec {
    heading: |_, l| Msg::FormLogVisit.text(l).into(),
    fields: log_fields,
    label,
    presets: no_presets,
    check: no_check,
    edit: log_edit,
};

pub(super) const PLAN: Spec = Spec {
    heading: |_, l| Msg::FormPlanVisit.text(l).into(),
    fields: plan_fields,
    label,
    presets: no_presets,
    check: no_check,
    edit: plan_edit,
};

pub(super) const MOVE: Spec = Spec {
    heading: |_, l| Msg::FormMoveVisit.text(l).into(),
    fields: move_fields,
    label,
    presets: no_presets,
    check: no_check,
    edit: move_edit,
};

pub(super) const CANCEL: Spec = Spec {
    heading: |_, l| Msg::FormCancelVisit.text(l).into(),
    fields: cancel_fields,
    label,
    presets: no_presets,
    check: no_check,
    edit: cancel_edit,
};

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    if let Some((slot, part)) = request_slot(key) {
        // 诉求1类别 / request 1 type: the slots are numbered.
        let msg = if part == "category" {
            Msg::FormRequestCategory
        } else {
            Msg::FormRequestText
        };
        return msg.text(l).replacen(
            Msg::FormRequestWord.text(l),
            &format!("{}{slot}", Msg::FormRequestWord.text(l)),
            1,
        );
    }
    let msg = match key {
        "date" => Some(Msg::FormDate),
        "mode" => Some(Msg::ColMode),
        "attendees" => Some(Msg::FormAttendees),
        "notes" => Some(Msg::FormNotes),
        "next" => Some(Msg::FormNextVisit),
        "confirm" => Some(Msg::FormConfirm),
        _ => None,
    };
    word(msg, key, l)
}

/// `request2_text` → (2, "text").
fn request_slot(key: &str) -> Option<(usize, &str)> {
    let rest = key.strip_prefix("request")?;
    let (n, part) = rest.split_once('_')?;
    Some((n.parse().ok()?, part))
}

fn modes(l: Lang) -> FieldKind {
    choices(VisitMode::ALL, |v| v.code(), |v| v.label(l).to_string())
}

fn log_fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let (today, l) = (o.today, o.lang);
    let next = today.saturating_add(Duration::days(o.interval_days));
    let mut f = vec![
        Field::new("date", FieldKind::Date, format_date(today)).required(),
        Field::new("mode", modes(l), VisitMode::OnSite.code()),
        Field::new("attendees", FieldKind::Text, ""),
        Field::new("notes", FieldKind::Multiline, "").required(),
    ];
    let cats = choices(
        RequestCategory::ALL,
        |v| v.code(),
        |v| v.label(l).to_string(),
    );
    for i in 1..=REQUEST_SLOTS {
        f.push(Field::new(
            &format!("request{i}_category"),
            cats.clone(),
            RequestCategory::Policy.code(),
        ));
        f.push(Field::new(&format!("request{i}_text"), FieldKind::Text, ""));
    }
    f.push(Field::new("next", FieldKind::Date, format_date(next)));
    f
}

fn plan_fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    vec![
        Field::new(
            "date",
            FieldKind::Date,
            format_date(o.today.saturating_add(Duration::days(7))),
        )
        .required(),
        Field::new("mode", modes(o.lang), VisitMode::OnSite.code()),
    ]
}

fn move_fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let on = o.data.next_plan.as_ref().map_or(o.today, |(_, p)| *p);
    vec![Field::new("date", FieldKind::Date, format_date(on)).required()]
}

fn cancel_fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let l = o.lang;
    vec![Field::new(
        "confirm",
        FieldKind::Choice(vec![
            ("no".into(), Msg::No.text(l).into()),
            ("yes".into(), Msg::Yes.text(l).into()),
        ]),
        "no",
    )]
}

fn date(form: &Form, key: &str, today: Date) -> Option<Date> {
    parse_user_date(form.value(key), today).ok()
}

fn mode(form: &Form) -> VisitMode {
    VisitMode::parse(form.value("mode")).unwrap_or(VisitMode::OnSite)
}

fn log_edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::LogVisit {
        enterprise_id,
        planned_visit_id,
    } = &form.kind
    else {
        return None;
    };
    Some(Edit::LogVisit {
        enterprise_id: enterprise_id.clone(),
        planned_visit_id: planned_visit_id.clone(),
        date: date(form, "date", today)?,
        mode: mode(form),
        attendees: form.value("attendees").trim().to_string(),
        notes: form.value("notes").trim().to_string(),
        requests: (1..=REQUEST_SLOTS)
            .filter_map(|i| {
                let text = form.value(&format!("request{i}_text")).trim();
                let cat = RequestCategory::parse(form.value(&format!("request{i}_category")))?;
                (!text.is_empty()).then(|| (cat, text.to_string()))
            })
            .collect(),
        next: date(form, "next", today),
    })
}

fn plan_edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::PlanVisit { enterprise_id } = &form.kind else {
        return None;
    };
    Some(Edit::PlanVisit {
        enterprise_id: enterprise_id.clone(),
        date: date(form, "date", today)?,
        mode: mode(form),
    })
}

fn move_edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::MoveVisit { visit_id } = &form.kind else {
        return None;
    };
    Some(Edit::MoveVisit {
        visit_id: visit_id.clone(),
        date: date(form, "date", today)?,
    })
}

fn cancel_edit(form: &Form, _: Date) -> Option<Edit> {
    let FormKind::CancelVisit { visit_id } = &form.kind else {
        return None;
    };
    (form.value("confirm") == "yes").then(|| Edit::CancelVisit {
        visit_id: visit_id.clone(),
    })
}
