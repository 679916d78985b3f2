//! Forms: the fields of one edit, typed into, validated as they change, saved as one `Edit`.
//! A form is plain data (serialisable), so a draft of it can be kept in the database while it is
//! typed and offered again after a crash.
//!
//! This file is the field engine (focus, editing, presets, validation, drafts); each kind of
//! form lives in its own module (`visit.rs`, `enterprise.rs`, …) as a `Spec`: its title, its
//! fields, their labels, its own checks and the edit it saves. Labels are never stored: they are
//! the kind's words for the fields' keys, drawn in the language of the moment, so that `:lang`
//! relabels an open form (`Form::label`, `Form::relabel`).

use crate::i18n::{Lang, Msg};
use crate::store::edit::{Edit, EnterpriseFields, ProjectFields};
use crate::store::format_date;
use serde::{Deserialize, Serialize};
use time::Date;

mod certificate;
mod colour;
mod commissioner;
pub mod district;
mod enterprise;
mod field;
mod figures;
mod keys;
mod milestone;
mod pool_move;
mod project;
mod request;
mod reward;
mod support;
mod target;
mod visit;

pub use field::{CursorMove, Field, FieldKind};
pub use reward::reward_key;

/// Which edit a form makes, with the ids it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormKind {
    LogVisit {
        enterprise_id: String,
        planned_visit_id: Option<String>,
    },
    PlanVisit {
        enterprise_id: String,
    },
    MoveVisit {
        visit_id: String,
    },
    CancelVisit {
        visit_id: String,
    },
    Enterprise {
        id: Option<String>,
    },
    MovePool {
        enterprise_id: String,
    },
    MilestoneDone,
    Override,
    Respond,
    Project {
        enterprise_id: String,
    },
    Milestone,
    Certificate {
        enterprise_id: String,
    },
    Figures {
        enterprise_id: String,
    },
    SupportAction {
        enterprise_id: String,
    },
    /// A reward of the enterprise paid.
    PayReward {
        enterprise_id: String,
    },
    /// A commissioner added (`id: None`) or edited.
    Commissioner {
        id: Option<String>,
    },
    /// A district's target for a metric (`district` '' = the whole pool); the year is a field.
    Target {
        district: String,
        metric: crate::domain::targets::Metric,
    },
    /// A target not set yet: metric, district and year are fields.
    NewTarget,
}

/// A form in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub kind: FormKind,
    /// The title as drawn: the kind's heading (in the form's language) and `subject`.
    pub title: String,
    /// What the title names after the heading, in no language: ` · ` and the enterprise's (or
    /// commissioner's) name, and the date of the visit moved or cancelled.
    #[serde(default)]
    pub subject: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The values the form opened with (to know whether it changed).
    pub original: Vec<String>,
    /// The draft's id in the database.
    pub draft_id: String,
    /// Values to fill in when the choice field `preset_field` takes a value (e.g. an existing
    /// project's fields when it is chosen for editing).
    #[serde(default)]
    pub presets: Vec<(String, Vec<(String, String)>)>,
    #[serde(default)]
    pub preset_field: Option<String>,
    /// Esc on a changed form asks first.
    #[serde(skip)]
    pub confirm_discard: bool,
    /// A message from a failed save.
    #[serde(skip)]
    pub message: Option<String>,
    /// The draft needs writing (set on every change, cleared when written).
    #[serde(skip)]
    pub draft_pending: bool,
}

/// What a key did to a form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    /// Still editing: `changed` when a value changed, `focus_moved` when the focus went to another
    /// field (the draft of the field left is due now).
    Editing { changed: bool, focus_moved: bool },
    /// Save with this edit.
    Save(Box<Edit>),
    /// Closed without saving (the draft goes).
    Discard,
}

/// Choices a form offers, read from the database when it opens.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormData {
    pub enterprise_name: String,
    /// The next open planned visit: (id, date).
    pub next_plan: Option<(String, Date)>,
    /// Open milestones: (id, "project · milestone (planned date)").
    pub milestones: Vec<(String, String)>,
    /// Active projects: (id, name).
    pub projects: Vec<(String, String)>,
    /// Open requests: (id, "category · text").
    pub requests: Vec<(String, String)>,
    /// The enterprise's profile and tier (edit form).
    pub fields: Option<(crate::domain::Tier, EnterpriseFields)>,
    /// Its current pool membership.
    pub membership: Option<(crate::domain::Pool, crate::domain::Batch)>,
    /// Its projects in full (edit form): (id, fields).
    pub project_details: Vec<(String, ProjectFields)>,
    /// Its yearly figures.
    pub figures: Vec<crate::domain::hte::YearFigures>,
    /// The row selected when the form was asked for (a project, request or visit id): a choice
    /// field offering it starts on it.
    pub preselect: Option<String>,
    /// Every commissioner: (id, name).
    pub commissioners: Vec<(String, String)>,
    /// The target form: the year it opens on, and the values stored per year.
    pub target_year: Option<i32>,
    pub targets: Vec<(i32, f64)>,
    /// The districts of the pool (new target form).
    pub districts: Vec<String>,
    /// The status of its current membership (`Out` when every membership is out).
    pub pool_status: Option<crate::domain::PoolStatus>,
    /// Its support actions, open ones first.
    pub actions: Vec<crate::store::bureau::SupportAction>,
    /// The rewards it is due, with their payments.
    pub rewards: Vec<RewardChoice>,
    /// The commissioner being edited: (id, name, phone).
    pub commissioner: Option<(String, String, Option<String>)>,
}

/// A reward the pay form offers.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardChoice {
    pub kind: crate::domain::rewards::RewardKind,
    pub year: i32,
    /// The day it became due.
    pub on: Date,
    /// As paid, else as configured (yuan).
    pub amount: i64,
    pub paid_on: Option<Date>,
    pub document: Option<String>,
}

/// What a kind's module is given when its form opens.
struct Opening<'a> {
    data: &'a FormData,
    today: Date,
    /// The visit cadence (days), for the next visit the visit log proposes.
    interval_days: i64,
    lang: Lang,
}

/// The values a choice field fills in (per option), and that field's key.
type Presets = (Vec<(String, Vec<(String, String)>)>, Option<String>);

/// One kind of form, as its module defines it.
struct Spec {
    /// The title's heading (before the enterprise's name).
    heading: fn(&FormKind, Lang) -> String,
    /// The fields, prefilled, as the form opens.
    fields: fn(&FormKind, &Opening) -> Vec<Field>,
    /// The label of the field with this key.
    label: fn(&FormKind, &str, Lang) -> String,
    presets: fn(&FormKind, &Opening) -> Presets,
    /// Checks across fields, after each field's own (`check_field`).
    check: fn(&mut Form, Lang),
    /// The edit the form's values make (fields already validated); `None` saves nothing.
    edit: fn(&Form, Date) -> Option<Edit>,
}

/// The module of each kind of form.
fn spec(kind: &FormKind) -> &'static Spec {
    match kind {
        FormKind::LogVisit { .. } => &visit::LOG,
        FormKind::PlanVisit { .. } => &visit::PLAN,
        FormKind::MoveVisit { .. } => &visit::MOVE,
        FormKind::CancelVisit { .. } => &visit::CANCEL,
        FormKind::Enterprise { .. } => &enterprise::ENTERPRISE,
        FormKind::MovePool { .. } => &pool_move::MOVE_POOL,
        FormKind::MilestoneDone => &milestone::DONE,
        FormKind::Override => &colour::OVERRIDE,
        FormKind::Respond => &request::RESPOND,
        FormKind::Project { .. } => &project::PROJECT,
        FormKind::Milestone => &milestone::ADD,
        FormKind::Certificate { .. } => &certificate::CERTIFICATE,
        FormKind::Figures { .. } => &figures::FIGURES,
        FormKind::SupportAction { .. } => &support::SUPPORT_ACTION,
        FormKind::PayReward { .. } => &reward::PAY_REWARD,
        FormKind::Commissioner { .. } => &commissioner::COMMISSIONER,
        FormKind::Target { .. } => &target::SET,
        FormKind::NewTarget => &target::NEW,
    }
}

fn no_presets(_: &FormKind, _: &Opening) -> Presets {
    (Vec::new(), None)
}

fn no_check(_: &mut Form, _: Lang) {}

/// A label's words, or the field's key when the kind has none for it.
fn word(msg: Option<Msg>, key: &str, l: Lang) -> String {
    msg.map_or_else(|| key.to_string(), |m| m.text(l).to_string())
}

/// Yuan as 万元 text (`12345678` → `1234.5678`), empty when unknown.
fn wan(v: Option<i64>) -> String {
    v.map(|y| {
        let s = format!("{:.4}", y as f64 / 10_000.0);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    })
    .unwrap_or_default()
}

/// Parses a 万元 amount (`1,234.5`) into yuan.
fn parse_wan(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let v: f64 = t.parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * 10_000.0).round() as i64)
}

/// Parses a number that may have decimals (`5.5`, `1,200`).
fn parse_decimal(s: &str) -> Option<f64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(v)
}

/// A required choice among records (`(id, label)`), starting on the first.
fn pick(key: &str, items: &[(String, String)]) -> Field {
    let first = items.first().map(|m| m.0.clone()).unwrap_or_default();
    Field::new(key, FieldKind::Choice(items.to_vec()), first).required()
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> FieldKind {
    FieldKind::Choice(
        all.iter()
            .map(|v| (code(*v).to_string(), label(*v)))
            .collect(),
    )
}

/// What the title names after the kind's heading (see `Form::subject`).
fn subject(kind: &FormKind, data: &FormData) -> String {
    let mut s = match (kind, &data.commissioner) {
        (FormKind::Commissioner { .. }, Some((_, name, _))) => format!(" · {name}"),
        // The target's heading names it in full.
        (FormKind::Target { .. }, _) => String::new(),
        _ if data.enterprise_name.is_empty() => String::new(),
        _ => format!(" · {}", data.enterprise_name),
    };
    // Moving or cancelling says which visit.
    if let (FormKind::MoveVisit { .. } | FormKind::CancelVisit { .. }, Some((_, on))) =
        (kind, &data.next_plan)
    {
        s.push_str(&format!(" · {}", format_date(*on)));
    }
    s
}

/// One draft per form and record: the form's kind and ids joined by `:`.
fn draft_id(kind: &FormKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::Object(map)) => map
            .values()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(":"),
        _ => "form".into(),
    }
}

impl Form {
    /// A new form of `kind`, prefilled from `data` as of `today`.
    pub fn open(
        kind: FormKind,
        data: &FormData,
        today: Date,
        interval_days: i64,
        lang: Lang,
    ) -> Form {
        let spec = spec(&kind);
        let opening = Opening {
            data,
            today,
            interval_days,
            lang,
        };
        let mut fields = (spec.fields)(&kind, &opening);
        if let Some(pre) = &data.preselect {
            for f in &mut fields {
                if let FieldKind::Choice(opts) = &f.kind
                    && opts.iter().any(|(c, _)| c == pre)
                {
                    f.value = pre.clone();
                }
            }
        }
        let subject = subject(&kind, data);
        let (presets, preset_field) = (spec.presets)(&kind, &opening);
        let mut form = Form {
            title: format!("{}{subject}", (spec.heading)(&kind, lang)),
            subject,
            original: fields.iter().map(|f| f.value.clone()).collect(),
            draft_id: draft_id(&kind),
            kind,
            fields,
            focus: 0,
            presets,
            preset_field,
            confirm_discard: false,
            message: None,
            draft_pending: false,
        };
        // A form opened on a row (a project, an action, a reward) shows that row's values.
        if let (Some(pre), Some(key)) = (&data.preselect, &form.preset_field)
            && form.value(key) == pre
        {
            form.apply_preset();
            form.original = form.fields.iter().map(|f| f.value.clone()).collect();
        }
        form
    }

    /// The label of field `i`, in `lang`.
    pub fn label(&self, i: usize, lang: Lang) -> String {
        self.fields
            .get(i)
            .map(|f| (spec(&self.kind).label)(&self.kind, &f.key, lang))
            .unwrap_or_default()
    }

    /// Words the form in `lang` after `:lang`: the title, the options of the kind's own
    /// choices, and the messages beside the fields that show one. The values typed are kept;
    /// labels follow by themselves (`label`).
    pub fn relabel(&mut self, today: Date, lang: Lang) {
        let spec = spec(&self.kind);
        self.title = format!("{}{}", (spec.heading)(&self.kind, lang), self.subject);
        self.relabel_options(spec, today, lang);
        let mut checked = self.clone();
        checked.validate(today, lang);
        for (f, c) in self.fields.iter_mut().zip(checked.fields) {
            if f.error.is_some() {
                f.error = c.error;
            }
        }
    }

    /// Words the choices in `lang`: the kind's fields opened on no data offer its own options
    /// (visit modes, tiers, "none", …) in `lang`; options they do not offer name records (a
    /// project, a commissioner) and keep their text.
    fn relabel_options(&mut self, spec: &Spec, today: Date, lang: Lang) {
        let opening = Opening {
            data: &FormData::default(),
            today,
            interval_days: 0,
            lang,
        };
        let fresh = (spec.fields)(&self.kind, &opening);
        for f in &mut self.fields {
            let (FieldKind::Choice(opts), Some(FieldKind::Choice(words))) = (
                &mut f.kind,
                fresh.iter().find(|g| g.key == f.key).map(|g| &g.kind),
            ) else {
                continue;
            };
            for (code, label) in opts.iter_mut() {
                if let Some((_, word)) = words.iter().find(|(c, _)| c == code) {
                    label.clone_from(word);
                }
            }
        }
    }

    /// Whether any field differs from what the form opened with.
    pub fn dirty(&self) -> bool {
        self.fields
            .iter()
            .map(|f| &f.value)
            .ne(self.original.iter())
    }

    fn value(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or("", |f| f.value.as_str())
    }

    /// Checks every field, setting each one's message; true when all are valid.
    pub fn validate(&mut self, today: Date, lang: Lang) -> bool {
        for f in &mut self.fields {
            f.error = field::check_field(f, today, lang);
        }
        if self.fields.iter().any(|f| f.kind == FieldKind::District) {
            district::refresh(&mut self.fields, lang);
        }
        (spec(&self.kind).check)(self, lang);
        self.fields.iter().all(|f| f.error.is_none())
    }

    /// Fills the fields from the preset of the preset field's value (empty values when none).
    fn apply_preset(&mut self) {
        let Some(key) = &self.preset_field else {
            return;
        };
        let chosen = self.value(key).to_string();
        let preset = self
            .presets
            .iter()
            .find(|(v, _)| *v == chosen)
            .map(|(_, p)| p.clone());
        for f in self.fields.iter_mut().filter(|f| f.key != *key) {
            match &preset {
                Some(p) => {
                    if let Some((_, v)) = p.iter().find(|(k, _)| *k == f.key) {
                        f.value = v.clone();
                        f.cursor = None;
                    }
                }
                None if !matches!(f.kind, FieldKind::Choice(_) | FieldKind::Date) => {
                    f.value.clear()
                }
                None => {}
            }
            f.error = None;
        }
    }

    /// Pastes text (bracketed paste, or an IME committing several characters at once).
    pub fn paste(&mut self, text: &str, today: Date, lang: Lang) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && !matches!(f.kind, FieldKind::Choice(_))
        {
            let t = if f.kind == FieldKind::Multiline {
                text.replace('\r', "")
            } else {
                text.replace(['\r', '\n'], " ")
            };
            f.insert(&t);
            f.error = field::check_field(f, today, lang);
            district::refresh(&mut self.fields, lang);
            self.draft_pending = true;
        }
    }

    /// What Ctrl-S does: the edit to save, or the fields' errors shown.
    pub fn submit(&mut self, today: Date, lang: Lang) -> FormOutcome {
        if !self.validate(today, lang) {
            let before = self.focus;
            if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
                self.focus = i;
            }
            return FormOutcome::Editing {
                changed: false,
                focus_moved: self.focus != before,
            };
        }
        match self.to_edit(today) {
            Some(e) => FormOutcome::Save(Box::new(e)),
            None => FormOutcome::Discard,
        }
    }

    /// The edit the form's values make (fields already validated).
    pub fn to_edit(&self, today: Date) -> Option<Edit> {
        (spec(&self.kind).edit)(self, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RequestCategory;
    use crate::domain::targets::Metric;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn typed(form: &mut Form, s: &str) {
        for ch in s.chars() {
            form.key(key(KeyCode::Char(ch)), TODAY, Lang::Zh);
        }
    }

    fn visit_form() -> Form {
        let kind = FormKind::LogVisit {
            enterprise_id: "E1".into(),
            planned_visit_id: None,
        };
        Form::open(
            kind,
            &FormData {
                enterprise_name: "新疆克拉玛依科技".into(),
                ..FormData::default()
            },
            TODAY,
            120,
            Lang::Zh,
        )
    }

    #[test]
    fn visit_form_defaults_to_today_and_the_cadence() {
        let f = visit_form();
        assert_eq!(f.value("date"), "2026-11-21");
        assert_eq!(f.value("next"), "2027-03-21");
        assert_eq!(f.value("mode"), "on_site");
        assert!(!f.dirty());
        assert!(f.title.contains("新疆克拉玛依科技"));
    }

    #[test]
    fn notes_are_required_and_enter_in_notes_adds_a_line() {
        let mut f = visit_form();
        assert_eq!(
            f.key(key(KeyCode::Enter), TODAY, Lang::Zh),
            FormOutcome::Editing {
                changed: false,
                focus_moved: true
            }
        );
        assert_eq!(f.fields[3].key, "notes");
        assert_eq!(f.focus, 3, "the first invalid field gets the focus");
        assert!(f.fields[3].error.is_some());
        typed(&mut f, "讨论研发投入");
        f.key(key(KeyCode::Enter), TODAY, Lang::Zh);
        typed(&mut f, "第二行");
        assert_eq!(f.value("notes"), "讨论研发投入\n第二行");
        assert!(f.dirty());
        let out = f.key(
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
            TODAY,
            Lang::Zh,
        );
        match out {
            FormOutcome::Save(e) => match *e {
                Edit::LogVisit {
                    notes,
                    date,
                    next,
                    requests,
                    ..
                } => {
                    assert_eq!(notes, "讨论研发投入\n第二行");
                    assert_eq!(date, TODAY);
                    assert_eq!(next, Some(date!(2027 - 03 - 21)));
                    assert!(requests.is_empty());
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dates_accept_short_forms_and_flag_bad_ones_beside_the_field() {
        let mut f = visit_form();
        for _ in 0..10 {
            f.key(key(KeyCode::Backspace), TODAY, Lang::Zh);
        }
        typed(&mut f, "+7x");
        assert!(f.fields[0].error.is_some());
        f.key(key(KeyCode::Backspace), TODAY, Lang::Zh);
        assert_eq!(f.fields[0].error, None);
        let mut g = f.clone();
        g.fields[0].value = "明天".into();
        g.fields[3].value = "x".into();
        match g.to_edit(TODAY) {
            Some(Edit::LogVisit { date, .. }) => assert_eq!(date, date!(2026 - 11 - 22)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dates_outside_1949_to_2100_and_control_characters_are_refused_beside_the_field() {
        let mut f = visit_form();
        f.fields[0].value = "0000-01-01".into();
        f.fields[3].value = "第一行\n第二行\t完".into();
        assert!(!f.validate(TODAY, Lang::Zh));
        assert_eq!(
            f.fields[0].error.as_deref(),
            Some("日期 0000-01-01 超出范围，应在 1949-01-01 至 2100-12-31 之间")
        );
        assert_eq!(f.fields[3].error, None, "notes keep line breaks and tabs");
        f.fields[0].value = "2101-01-01".into();
        f.validate(TODAY, Lang::En);
        assert_eq!(
            f.fields[0].error.as_deref(),
            Some("the date 2101-01-01 is out of range; use a date from 1949-01-01 to 2100-12-31")
        );
        f.fields[0].value = "2100-12-31".into();
        f.fields[3].value = "响铃\u{7}".into();
        assert!(!f.validate(TODAY, Lang::Zh));
        assert_eq!(f.fields[0].error, None);
        assert!(
            f.fields[3]
                .error
                .as_deref()
                .is_some_and(|e| e.contains("U+0007"))
        );

        let mut e = Form::open(
            FormKind::Enterprise { id: None },
            &FormData::default(),
            TODAY,
            120,
            Lang::Zh,
        );
        assert_eq!(e.fields[0].key, "name");
        e.fields[0].value = "甲\u{0}公司".into();
        e.validate(TODAY, Lang::Zh);
        assert_eq!(
            e.fields[0].error.as_deref(),
            Some("第 2 个字符是控制字符 U+0000，不能出现在这里（换行和制表符只能用于备注类文字）")
        );
        e.fields[0].value = "企".repeat(201);
        e.validate(TODAY, Lang::Zh);
        assert_eq!(
            e.fields[0].error.as_deref(),
            Some("名称过长：201 个字符，最多 200 个")
        );
        e.fields[0].value = "企".repeat(200);
        e.validate(TODAY, Lang::Zh);
        assert_eq!(e.fields[0].error, None);
    }

    #[test]
    fn requests_are_collected_from_filled_slots() {
        let mut f = visit_form();
        f.fields[3].value = "notes".into();
        let i = f
            .fields
            .iter()
            .position(|x| x.key == "request1_category")
            .unwrap();
        f.focus = i;
        f.key(key(KeyCode::Right), TODAY, Lang::Zh);
        f.focus = i + 1;
        typed(&mut f, "申报研发补助");
        f.fields[i + 3].value = "需要人才".into();
        f.fields[i + 2].value = "talent".into();
        match f.to_edit(TODAY) {
            Some(Edit::LogVisit { requests, .. }) => assert_eq!(
                requests,
                vec![
                    (RequestCategory::Funding, "申报研发补助".into()),
                    (RequestCategory::Talent, "需要人才".into())
                ]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_is_edited_at_the_cursor() {
        let mut f = visit_form();
        f.focus = 2;
        typed(&mut f, "张总李工");
        f.key(key(KeyCode::Left), TODAY, Lang::Zh);
        f.key(key(KeyCode::Left), TODAY, Lang::Zh);
        typed(&mut f, "、");
        assert_eq!(f.value("attendees"), "张总、李工");
        f.key(key(KeyCode::Home), TODAY, Lang::Zh);
        typed(&mut f, "刘");
        f.key(key(KeyCode::Delete), TODAY, Lang::Zh);
        assert_eq!(f.value("attendees"), "刘总、李工");
        f.key(key(KeyCode::End), TODAY, Lang::Zh);
        f.key(key(KeyCode::Backspace), TODAY, Lang::Zh);
        assert_eq!(f.value("attendees"), "刘总、李");
        assert_eq!(f.fields[2].cursor(), 4);
    }

    #[test]
    fn esc_on_a_changed_form_asks_first() {
        let mut f = visit_form();
        assert_eq!(
            f.clone().key(key(KeyCode::Esc), TODAY, Lang::Zh),
            FormOutcome::Discard
        );
        f.focus = 2;
        typed(&mut f, "张总");
        assert!(matches!(
            f.key(key(KeyCode::Esc), TODAY, Lang::Zh),
            FormOutcome::Editing { .. }
        ));
        assert!(f.confirm_discard);
        assert!(matches!(
            f.key(key(KeyCode::Char('n')), TODAY, Lang::Zh),
            FormOutcome::Editing { .. }
        ));
        assert_eq!(f.value("attendees"), "张总");
        f.key(key(KeyCode::Esc), TODAY, Lang::Zh);
        assert_eq!(
            f.key(key(KeyCode::Char('y')), TODAY, Lang::Zh),
            FormOutcome::Discard
        );
    }

    #[test]
    fn credit_code_is_checked_as_typed_with_the_reason() {
        let mut f = Form::open(
            FormKind::Enterprise { id: None },
            &FormData::default(),
            TODAY,
            120,
            Lang::Zh,
        );
        f.focus = 1;
        typed(&mut f, "91110108551385082F");
        let e = f.fields[1].error.clone().unwrap();
        assert!(e.contains('Q'), "{e}");
        f.key(key(KeyCode::Backspace), TODAY, Lang::Zh);
        typed(&mut f, "q");
        assert_eq!(f.fields[1].error, None, "lowercase is normalised");
    }

    #[test]
    fn a_form_survives_a_round_trip_through_its_draft() {
        let mut f = visit_form();
        f.fields[3].value = "草稿内容".into();
        let json = serde_json::to_string(&f).unwrap();
        let back: Form = serde_json::from_str(&json).unwrap();
        assert_eq!(back.value("notes"), "草稿内容");
        assert!(back.dirty());
        assert_eq!(back.kind, f.kind);
    }

    #[test]
    fn override_needs_a_reason_unless_cleared() {
        let data = FormData {
            projects: vec![("P1".into(), "项目一".into())],
            ..FormData::default()
        };
        let mut f = Form::open(FormKind::Override, &data, TODAY, 120, Lang::En);
        assert!(!f.validate(TODAY, Lang::En));
        f.fields[1].value = "none".into();
        assert!(f.validate(TODAY, Lang::En));
        assert_eq!(
            f.to_edit(TODAY),
            Some(Edit::OverrideColour {
                project_id: "P1".into(),
                colour: None,
                reason: String::new()
            })
        );
    }

    #[test]
    fn a_target_form_takes_revenue_in_wan_and_counts_as_numbers() {
        let data = FormData {
            target_year: Some(2026),
            targets: vec![(2026, 5.0e8)],
            ..FormData::default()
        };
        let kind = FormKind::Target {
            district: String::new(),
            metric: Metric::HteRevenue,
        };
        let mut f = Form::open(kind, &data, TODAY, 120, Lang::Zh);
        assert_eq!(f.value("value"), "50000");
        assert!(f.title.contains("全区"), "{}", f.title);
        f.fields[0].value = "62000.5".into();
        assert_eq!(
            f.to_edit(TODAY),
            Some(Edit::SetTarget {
                district: String::new(),
                metric: Metric::HteRevenue,
                year: 2026,
                value: 620_005_000.0
            })
        );
        let kind = FormKind::Target {
            district: "克拉玛依区".into(),
            metric: Metric::RdGrowth,
        };
        let mut g = Form::open(kind, &FormData::default(), TODAY, 120, Lang::Zh);
        assert_eq!(g.value("year"), "2026");
        assert!(!g.validate(TODAY, Lang::Zh), "a value is required");
        g.fields[0].value = "五".into();
        assert!(!g.validate(TODAY, Lang::Zh));
        g.fields[0].value = "5.5".into();
        assert!(g.validate(TODAY, Lang::Zh));
        match g.to_edit(TODAY) {
            Some(Edit::SetTarget {
                district, value, ..
            }) => assert_eq!((district.as_str(), value), ("克拉玛依区", 5.5)),
            other => panic!("{other:?}"),
        }
    }
    #[test]
    fn relabel_words_title_own_options_and_shown_messages_anew_and_keeps_values() {
        let data = FormData {
            enterprise_name: "甲公司".into(),
            projects: vec![("P1".into(), "项目一".into())],
            ..FormData::default()
        };
        let mut f = Form::open(FormKind::Override, &data, TODAY, 120, Lang::Zh);
        f.focus = 2;
        typed(&mut f, "x");
        f.key(key(KeyCode::Backspace), TODAY, Lang::Zh);
        assert!(!f.validate(TODAY, Lang::Zh));
        assert_eq!(f.fields[2].error.as_deref(), Some("调整颜色需填写原因"));
        f.relabel(TODAY, Lang::En);
        assert_eq!(f.title, "Override colour · 甲公司");
        assert_eq!(f.label(2, Lang::En), "Reason");
        assert_eq!(
            f.fields[2].error.as_deref(),
            Some("an override needs a reason")
        );
        assert_eq!(
            f.fields[0].error, None,
            "no message appears where none was shown"
        );
        match &f.fields[1].kind {
            FieldKind::Choice(opts) => {
                assert_eq!(opts[0], ("none".into(), "clear override".into()))
            }
            other => panic!("{other:?}"),
        }
        match &f.fields[0].kind {
            FieldKind::Choice(opts) => assert_eq!(opts, &[("P1".into(), "项目一".into())]),
            other => panic!("{other:?}"),
        }
        assert_eq!(f.value("colour"), "yellow");
        assert_eq!(f.value("project"), "P1");
    }

    #[test]
    fn a_draft_written_with_labels_by_an_older_version_still_restores() {
        let json = r#"{"kind":{"form":"plan_visit","enterprise_id":"E1"},"title":"计划走访",
            "fields":[{"key":"date","label":"日期","kind":"Date","value":"2026-12-01",
            "required":true}],"focus":0,"original":["2026-11-28"],"draft_id":"plan_visit:E1"}"#;
        let f: Form = serde_json::from_str(json).expect("an older draft");
        assert_eq!(f.value("date"), "2026-12-01");
        assert_eq!(f.label(0, Lang::En), "Date");
        assert!(f.dirty());
    }
}
