//! Forms: the fields of one edit, typed into, validated as they change, saved as one `Edit`.
//! A form is plain data (serialisable), so a draft of it can be kept in the database while it is
//! typed and offered again after a crash.

use crate::domain::credit_code;
use crate::domain::dates::{DateError, parse_user_date};
use crate::domain::fields::{self, TextKind};
use crate::domain::hte::YearFigures;
use crate::domain::targets::{Metric, Unit};
use crate::domain::{Batch, Colour, Pool, RequestCategory, RequestStatus, Tier, VisitMode};
use crate::domain::{CertKind, ProjectLevel};
use crate::i18n::input_text;
use crate::i18n::{Lang, Msg, alert_text};
use crate::store::edit::{Edit, EnterpriseFields, ProjectFields};
use crate::store::format_date;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

pub mod district;
mod ledgers;
pub use ledgers::reward_key;

/// What a field holds and how it is edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    /// Enter adds a line; Ctrl-S saves.
    Multiline,
    Date,
    CreditCode,
    /// A whole number (staff, counts).
    Number,
    /// An amount in 万元 (ten thousand yuan), stored in yuan.
    Amount,
    /// A number that may have decimals (`6`, `5.5`).
    Decimal,
    /// One of these `(code, label)` options; ←/→ or Space cycle.
    Choice(Vec<(String, String)>),
    /// A GB/T 2260 district, typed as a name or code (see `form/district.rs`).
    District,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub value: String,
    pub required: bool,
    #[serde(skip)]
    pub error: Option<String>,
    /// The cursor, in characters from the start (`None`: at the end).
    #[serde(skip)]
    pub cursor: Option<usize>,
    /// A district field's offered districts (full names): the districts a shared name may
    /// mean, or those the credit code suggests; ←/→ choose among them.
    #[serde(skip)]
    pub options: Vec<String>,
}

impl Field {
    fn new(key: &str, label: Msg, kind: FieldKind, value: impl Into<String>, lang: Lang) -> Field {
        Field {
            key: key.into(),
            label: label.text(lang).into(),
            kind,
            value: value.into(),
            required: false,
            error: None,
            cursor: None,
            options: Vec::new(),
        }
    }

    /// The cursor as a character index.
    pub fn cursor(&self) -> usize {
        let n = self.value.chars().count();
        self.cursor.map_or(n, |c| c.min(n))
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(b, _)| b)
    }

    /// Inserts text at the cursor.
    pub fn insert(&mut self, text: &str) {
        let c = self.cursor();
        let at = self.byte_at(c);
        self.value.insert_str(at, text);
        self.cursor = Some(c + text.chars().count());
    }

    /// Deletes the character before the cursor; false when there is none.
    pub fn backspace(&mut self) -> bool {
        let c = self.cursor();
        if c == 0 {
            return false;
        }
        let at = self.byte_at(c - 1);
        self.value.remove(at);
        self.cursor = Some(c - 1);
        true
    }

    /// Deletes the character under the cursor; false at the end.
    pub fn delete(&mut self) -> bool {
        let c = self.cursor();
        if c >= self.value.chars().count() {
            return false;
        }
        let at = self.byte_at(c);
        self.value.remove(at);
        true
    }

    /// Moves the cursor by `delta` characters, or to the start/end.
    pub fn move_cursor(&mut self, to: CursorMove) {
        let n = self.value.chars().count();
        let c = self.cursor();
        self.cursor = Some(match to {
            CursorMove::Left => c.saturating_sub(1),
            CursorMove::Right => (c + 1).min(n),
            CursorMove::Home => 0,
            CursorMove::End => n,
        });
    }

    fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The label of a choice field's current value.
    pub fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Choice(opts) => opts
                .iter()
                .find(|(c, _)| *c == self.value)
                .map_or_else(|| self.value.clone(), |(_, l)| l.clone()),
            _ => self.value.clone(),
        }
    }
}

/// Where a cursor key moves the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorMove {
    Left,
    Right,
    Home,
    End,
}

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
        metric: Metric,
    },
    /// A target not set yet: metric, district and year are fields.
    NewTarget,
}

/// A form in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
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
    /// Still editing; `field_changed` when focus moved to another field (a draft is due now).
    Editing { changed: bool, field_changed: bool },
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
    pub fields: Option<(Tier, EnterpriseFields)>,
    /// Its current pool membership.
    pub membership: Option<(Pool, Batch)>,
    /// Its projects in full (edit form): (id, fields).
    pub project_details: Vec<(String, ProjectFields)>,
    /// Its yearly figures.
    pub figures: Vec<YearFigures>,
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

/// Yuan as 万元 text (`12345678` → `1234.5678`), empty when unknown.
fn wan(v: Option<i64>) -> String {
    v.map(|y| {
        let s = format!("{:.4}", y as f64 / 10_000.0);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    })
    .unwrap_or_default()
}

fn opt_num<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

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

fn figure_values(f: Option<&YearFigures>) -> Vec<(String, String)> {
    let d = YearFigures::default();
    let f = f.unwrap_or(&d);
    vec![
        ("staff".into(), opt_num(f.staff)),
        ("scitech_staff".into(), opt_num(f.scitech_staff)),
        ("sales".into(), wan(f.sales)),
        ("total_income".into(), wan(f.total_income)),
        ("hightech_income".into(), wan(f.hightech_income)),
        ("rd_spend".into(), wan(f.rd_spend)),
        ("rd_domestic".into(), wan(f.rd_domestic)),
        ("net_assets".into(), wan(f.net_assets)),
        ("total_assets".into(), wan(f.total_assets)),
        ("liabilities".into(), wan(f.liabilities)),
        ("ip_class1".into(), opt_num(f.ip_class1)),
        ("ip_class2".into(), opt_num(f.ip_class2)),
        ("results_transferred".into(), opt_num(f.results_transferred)),
        (
            "annual_report_filed".into(),
            f.annual_report_filed.map(format_date).unwrap_or_default(),
        ),
        (
            "rd_mgmt_score".into(),
            f.rd_mgmt_score
                .map(|v| format!("{v:.0}"))
                .unwrap_or_default(),
        ),
        (
            "major_incident".into(),
            f.major_incident
                .map(|b| if b { "yes" } else { "no" })
                .unwrap_or_default()
                .into(),
        ),
    ]
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

/// The label and kind of a target's value field: amounts in 万元, other values as numbers.
fn target_field(metric: Metric) -> (Msg, FieldKind) {
    match metric.unit() {
        Unit::Yuan => (Msg::FormTargetWan, FieldKind::Amount),
        Unit::Percent => (Msg::FormTargetPercent, FieldKind::Decimal),
        Unit::Count => (Msg::FormTargetValue, FieldKind::Decimal),
    }
}

/// A target's value as the form shows it (empty when none is set).
fn target_text(metric: Metric, v: Option<f64>) -> String {
    match (metric.unit(), v) {
        (_, None) => String::new(),
        (Unit::Yuan, Some(y)) => wan(Some(y.round() as i64)),
        (_, Some(x)) => {
            let s = format!("{x:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

/// A required choice among records (`(id, label)`), starting on the first.
fn pick(key: &str, label: Msg, items: &[(String, String)], l: Lang) -> Field {
    let first = items.first().map(|m| m.0.clone()).unwrap_or_default();
    Field::new(key, label, FieldKind::Choice(items.to_vec()), first, l).required()
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

const REQUEST_SLOTS: usize = 3;

impl Form {
    /// A new form of `kind`, prefilled from `data` as of `today`.
    pub fn open(
        kind: FormKind,
        data: &FormData,
        today: Date,
        interval_days: i64,
        lang: Lang,
    ) -> Form {
        let l = lang;
        let modes = choices(VisitMode::ALL, |v| v.code(), |v| v.label(l).to_string());
        let d = |x: Date| format_date(x);
        let (title, fields) = match &kind {
            FormKind::LogVisit { .. } => {
                let next = today.saturating_add(Duration::days(interval_days));
                let mut f = vec![
                    Field::new("date", Msg::FormDate, FieldKind::Date, d(today), l).required(),
                    Field::new("mode", Msg::ColMode, modes, VisitMode::OnSite.code(), l),
                    Field::new("attendees", Msg::FormAttendees, FieldKind::Text, "", l),
                    Field::new("notes", Msg::FormNotes, FieldKind::Multiline, "", l).required(),
                ];
                let cats = choices(
                    RequestCategory::ALL,
                    |v| v.code(),
                    |v| v.label(l).to_string(),
                );
                for i in 1..=REQUEST_SLOTS {
                    let mut cat = Field::new(
                        &format!("request{i}_category"),
                        Msg::FormRequestCategory,
                        cats.clone(),
                        RequestCategory::Policy.code(),
                        l,
                    );
                    let mut text = Field::new(
                        &format!("request{i}_text"),
                        Msg::FormRequestText,
                        FieldKind::Text,
                        "",
                        l,
                    );
                    // 诉求1类别 / request 1 type: the slots are numbered.
                    cat.label = cat.label.replacen(
                        Msg::FormRequestWord.text(l),
                        &format!("{}{i}", Msg::FormRequestWord.text(l)),
                        1,
                    );
                    text.label = text.label.replacen(
                        Msg::FormRequestWord.text(l),
                        &format!("{}{i}", Msg::FormRequestWord.text(l)),
                        1,
                    );
                    f.push(cat);
                    f.push(text);
                }
                f.push(Field::new(
                    "next",
                    Msg::FormNextVisit,
                    FieldKind::Date,
                    d(next),
                    l,
                ));
                (Msg::FormLogVisit, f)
            }
            FormKind::PlanVisit { .. } => (
                Msg::FormPlanVisit,
                vec![
                    Field::new(
                        "date",
                        Msg::FormDate,
                        FieldKind::Date,
                        d(today.saturating_add(Duration::days(7))),
                        l,
                    )
                    .required(),
                    Field::new("mode", Msg::ColMode, modes, VisitMode::OnSite.code(), l),
                ],
            ),
            FormKind::MoveVisit { .. } => (
                Msg::FormMoveVisit,
                vec![
                    Field::new(
                        "date",
                        Msg::FormDate,
                        FieldKind::Date,
                        data.next_plan
                            .as_ref()
                            .map_or_else(|| d(today), |(_, p)| d(*p)),
                        l,
                    )
                    .required(),
                ],
            ),
            FormKind::CancelVisit { .. } => (
                Msg::FormCancelVisit,
                vec![Field::new(
                    "confirm",
                    Msg::FormConfirm,
                    FieldKind::Choice(vec![
                        ("no".into(), Msg::No.text(l).into()),
                        ("yes".into(), Msg::Yes.text(l).into()),
                    ]),
                    "no",
                    l,
                )],
            ),
            FormKind::Enterprise { .. } => {
                let (tier, e) = data
                    .fields
                    .clone()
                    .unwrap_or((Tier::Tsme, EnterpriseFields::default()));
                let tiers = choices(Tier::ALL, |v| v.code(), |v| v.label(l).to_string());
                // The 8 supported fields, stored by their Chinese names.
                let mut fields_choice: Vec<(String, String)> =
                    vec![(String::new(), Msg::None.text(l).into())];
                fields_choice.extend(crate::domain::hte::SUPPORTED_FIELDS.iter().filter_map(
                    |code| {
                        let zh = crate::i18n::readiness_text::field_name(code, Lang::Zh)?;
                        let shown = crate::i18n::readiness_text::field_name(code, l)?;
                        Some((zh.to_string(), shown.to_string()))
                    },
                ));
                if let Some(v) = &e.hte_field
                    && !fields_choice.iter().any(|(c, _)| c == v)
                {
                    fields_choice.push((v.clone(), v.clone()));
                }
                let mut people: Vec<(String, String)> =
                    vec![(String::new(), Msg::None.text(l).into())];
                people.extend(data.commissioners.iter().cloned());
                (
                    if data.fields.is_some() {
                        Msg::FormEditEnterprise
                    } else {
                        Msg::FormNewEnterprise
                    },
                    vec![
                        Field::new("name", Msg::ColName, FieldKind::Text, e.name, l).required(),
                        Field::new(
                            "credit_code",
                            Msg::ColCreditCode,
                            FieldKind::CreditCode,
                            e.credit_code,
                            l,
                        )
                        .required(),
                        Field::new(
                            "district",
                            Msg::ColDistrict,
                            FieldKind::District,
                            e.district,
                            l,
                        )
                        .required(),
                        Field::new(
                            "township",
                            Msg::LblTownship,
                            FieldKind::Text,
                            e.township.unwrap_or_default(),
                            l,
                        ),
                        Field::new(
                            "address",
                            Msg::LblAddress,
                            FieldKind::Text,
                            e.address.unwrap_or_default(),
                            l,
                        ),
                        Field::new(
                            "industry",
                            Msg::LblIndustry,
                            FieldKind::Text,
                            e.industry.unwrap_or_default(),
                            l,
                        ),
                        Field::new(
                            "founded_on",
                            Msg::LblFounded,
                            FieldKind::Date,
                            e.founded_on.map(format_date).unwrap_or_default(),
                            l,
                        ),
                        Field::new(
                            "contact_name",
                            Msg::LblContact,
                            FieldKind::Text,
                            e.contact_name.unwrap_or_default(),
                            l,
                        ),
                        Field::new(
                            "contact_phone",
                            Msg::FormPhone,
                            FieldKind::Text,
                            e.contact_phone.unwrap_or_default(),
                            l,
                        ),
                        Field::new("tier", Msg::ColTier, tiers, tier.code(), l),
                        Field::new(
                            "hte_field",
                            Msg::LblField,
                            FieldKind::Choice(fields_choice),
                            e.hte_field.unwrap_or_default(),
                            l,
                        ),
                        Field::new(
                            "commissioner",
                            Msg::ColCommissioner,
                            FieldKind::Choice(people),
                            e.commissioner_id.unwrap_or_default(),
                            l,
                        ),
                        Field::new("notes", Msg::LblNotes, FieldKind::Multiline, e.notes, l),
                    ],
                )
            }
            FormKind::MovePool { .. } => {
                let (pool, batch) = data.membership.unwrap_or((Pool::Hte, Batch::Preferred));
                let tier = data.fields.as_ref().map_or(Tier::Tsme, |(t, _)| *t);
                (
                    Msg::FormMovePool,
                    vec![
                        Field::new(
                            "pool",
                            Msg::ColPool,
                            choices(Pool::ALL, |v| v.code(), |v| v.label(l).to_string()),
                            pool.code(),
                            l,
                        ),
                        Field::new(
                            "batch",
                            Msg::ColBatch,
                            choices(Batch::ALL, |v| v.code(), |v| v.label(l).to_string()),
                            batch.code(),
                            l,
                        ),
                        Field::new(
                            "tier",
                            Msg::ColTier,
                            choices(Tier::ALL, |v| v.code(), |v| v.label(l).to_string()),
                            tier.code(),
                            l,
                        ),
                    ]
                    .into_iter()
                    .chain(ledgers::pool_status_fields(data, today, l))
                    .collect(),
                )
            }
            FormKind::MilestoneDone => (
                Msg::FormMilestoneDone,
                vec![
                    pick("milestone", Msg::FormMilestone, &data.milestones, l),
                    Field::new("date", Msg::FormDate, FieldKind::Date, d(today), l).required(),
                ],
            ),
            FormKind::Override => {
                let mut colours: Vec<(String, String)> =
                    vec![("none".into(), Msg::FormNoOverride.text(l).into())];
                colours.extend(
                    Colour::ALL
                        .iter()
                        .map(|c| (c.code().to_string(), c.badge(l))),
                );
                (
                    Msg::FormOverride,
                    vec![
                        pick("project", Msg::ColProject, &data.projects, l),
                        Field::new(
                            "colour",
                            Msg::ColColour,
                            FieldKind::Choice(colours),
                            Colour::Yellow.code(),
                            l,
                        ),
                        Field::new("reason", Msg::ColReason, FieldKind::Text, "", l),
                    ],
                )
            }
            FormKind::Respond => {
                let answers = [
                    RequestStatus::InProgress,
                    RequestStatus::Resolved,
                    RequestStatus::Unresolvable,
                ];
                let statuses = choices(&answers, |v| v.code(), |v| v.label(l).to_string());
                (
                    Msg::FormRespond,
                    vec![
                        pick("request", Msg::ColRequest, &data.requests, l),
                        Field::new(
                            "status",
                            Msg::ColStatus,
                            statuses,
                            RequestStatus::InProgress.code(),
                            l,
                        ),
                        Field::new(
                            "resolution",
                            Msg::FormResolution,
                            FieldKind::Multiline,
                            "",
                            l,
                        ),
                    ],
                )
            }
            FormKind::Project { .. } => {
                let mut opts: Vec<(String, String)> =
                    vec![("new".into(), Msg::FormNewProject.text(l).into())];
                opts.extend(
                    data.project_details
                        .iter()
                        .map(|(id, p)| (id.clone(), p.name.clone())),
                );
                let levels = choices(ProjectLevel::ALL, |v| v.code(), |v| v.label(l).to_string());
                let f = vec![
                    Field::new(
                        "project",
                        Msg::ColProject,
                        FieldKind::Choice(opts),
                        "new",
                        l,
                    ),
                    Field::new("name", Msg::FormProjectName, FieldKind::Text, "", l).required(),
                    Field::new(
                        "level",
                        Msg::ColLevel,
                        levels,
                        ProjectLevel::District.code(),
                        l,
                    ),
                    Field::new("programme", Msg::FormProgramme, FieldKind::Text, "", l),
                    Field::new("budget", Msg::FormBudget, FieldKind::Amount, "", l),
                    Field::new("start", Msg::FormStart, FieldKind::Date, d(today), l).required(),
                    Field::new(
                        "planned_end",
                        Msg::FormPlannedEnd,
                        FieldKind::Date,
                        d(today.saturating_add(Duration::days(730))),
                        l,
                    )
                    .required(),
                    Field::new("extended_end", Msg::FormExtendedEnd, FieldKind::Date, "", l),
                    Field::new(
                        "acceptance_applied",
                        Msg::FormAcceptanceApplied,
                        FieldKind::Date,
                        "",
                        l,
                    ),
                    Field::new(
                        "acceptance_passed",
                        Msg::FormAcceptancePassed,
                        FieldKind::Date,
                        "",
                        l,
                    ),
                    Field::new("risk_flag", Msg::FormRisk, FieldKind::Text, "", l),
                ];
                (Msg::FormProject, f)
            }
            FormKind::Milestone => (
                Msg::FormAddMilestone,
                vec![
                    pick("project", Msg::ColProject, &data.projects, l),
                    Field::new("name", Msg::FormMilestone, FieldKind::Text, "", l).required(),
                    Field::new(
                        "planned",
                        Msg::FormDate,
                        FieldKind::Date,
                        d(today.saturating_add(Duration::days(90))),
                        l,
                    )
                    .required(),
                ],
            ),
            FormKind::Certificate { .. } => (
                Msg::FormCertificate,
                vec![
                    Field::new(
                        "kind",
                        Msg::FormCertKind,
                        choices(CertKind::ALL, |v| v.code(), |v| v.label(l).to_string()),
                        CertKind::Hte.code(),
                        l,
                    ),
                    Field::new("number", Msg::ColCertificate, FieldKind::Text, "", l).required(),
                    Field::new("issued", Msg::FormIssued, FieldKind::Date, d(today), l).required(),
                    Field::new("expires", Msg::ColExpires, FieldKind::Date, "", l),
                ],
            ),
            FormKind::SupportAction { .. } => ledgers::support_action(data, today, l),
            FormKind::PayReward { .. } => ledgers::pay_reward(data, today, l),
            FormKind::Commissioner { .. } => ledgers::commissioner(data, l),
            FormKind::Target { metric, .. } => {
                let year = data.target_year.unwrap_or(today.year());
                let mut years: Vec<i32> = (today.year() - 1..=today.year() + 5).collect();
                years.extend(data.targets.iter().map(|(y, _)| *y));
                years.push(year);
                years.sort_unstable();
                years.dedup();
                let years = years
                    .into_iter()
                    .map(|y| (y.to_string(), y.to_string()))
                    .collect();
                let (label, kind) = target_field(*metric);
                let value = target_text(
                    *metric,
                    data.targets
                        .iter()
                        .find(|(y, _)| *y == year)
                        .map(|(_, v)| *v),
                );
                (
                    Msg::FormSetTarget,
                    vec![
                        Field::new("value", label, kind, value, l).required(),
                        Field::new(
                            "year",
                            Msg::ColYear,
                            FieldKind::Choice(years),
                            year.to_string(),
                            l,
                        ),
                    ],
                )
            }
            FormKind::NewTarget => {
                let year = data.target_year.unwrap_or(today.year());
                let years = (today.year() - 1..=today.year() + 5)
                    .chain([year])
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .map(|y| (y.to_string(), y.to_string()))
                    .collect();
                let districts = std::iter::once((String::new(), Msg::LblWholePool.text(l).into()))
                    .chain(data.districts.iter().map(|d| (d.clone(), d.clone())))
                    .collect();
                (
                    Msg::FormNewTarget,
                    vec![
                        Field::new(
                            "metric",
                            Msg::ColMetric,
                            choices(Metric::ALL, |m| m.code(), |m| m.label(l).to_string()),
                            Metric::HteCount.code(),
                            l,
                        ),
                        Field::new(
                            "district",
                            Msg::ColDistrict,
                            FieldKind::Choice(districts),
                            String::new(),
                            l,
                        ),
                        Field::new(
                            "year",
                            Msg::ColYear,
                            FieldKind::Choice(years),
                            year.to_string(),
                            l,
                        ),
                        Field::new(
                            "value",
                            Msg::FormTargetByUnit,
                            FieldKind::Decimal,
                            String::new(),
                            l,
                        )
                        .required(),
                    ],
                )
            }
            FormKind::Figures { .. } => {
                let last = today.year() - 1;
                let years: Vec<(String, String)> = (last - 3..=today.year())
                    .rev()
                    .map(|y| (y.to_string(), y.to_string()))
                    .collect();
                let mut f = vec![Field::new(
                    "year",
                    Msg::ColYear,
                    FieldKind::Choice(years),
                    last.to_string(),
                    l,
                )];
                let labels = [
                    ("staff", Msg::LblStaff, FieldKind::Number),
                    ("scitech_staff", Msg::LblScitech, FieldKind::Number),
                    ("sales", Msg::LblSales, FieldKind::Amount),
                    ("total_income", Msg::FormTotalIncome, FieldKind::Amount),
                    (
                        "hightech_income",
                        Msg::FormHightechIncome,
                        FieldKind::Amount,
                    ),
                    ("rd_spend", Msg::LblRd, FieldKind::Amount),
                    ("rd_domestic", Msg::FormRdDomestic, FieldKind::Amount),
                    ("net_assets", Msg::LblNetAssets, FieldKind::Amount),
                    ("total_assets", Msg::FormTotalAssets, FieldKind::Amount),
                    ("liabilities", Msg::FormLiabilities, FieldKind::Amount),
                    ("ip_class1", Msg::FormIp1, FieldKind::Number),
                    ("ip_class2", Msg::FormIp2, FieldKind::Number),
                    ("results_transferred", Msg::FormResults, FieldKind::Number),
                    (
                        "annual_report_filed",
                        Msg::FormAnnualReport,
                        FieldKind::Date,
                    ),
                    ("rd_mgmt_score", Msg::FormRdMgmt, FieldKind::Number),
                ];
                let values = figure_values(data.figures.iter().find(|x| x.year == last));
                for (key, label, kind) in labels {
                    let v = values
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    f.push(Field::new(key, label, kind, v, l));
                }
                let incident = values
                    .iter()
                    .find(|(k, _)| k == "major_incident")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                let yes_no = FieldKind::Choice(vec![
                    (String::new(), Msg::LblUnknown.text(l).into()),
                    ("no".into(), Msg::No.text(l).into()),
                    ("yes".into(), Msg::Yes.text(l).into()),
                ]);
                f.push(Field::new(
                    "major_incident",
                    Msg::FormIncident,
                    yes_no,
                    incident,
                    l,
                ));
                (Msg::FormFigures, f)
            }
        };
        let mut fields = fields;
        if let Some(pre) = &data.preselect {
            for f in &mut fields {
                if let FieldKind::Choice(opts) = &f.kind
                    && opts.iter().any(|(c, _)| c == pre)
                {
                    f.value = pre.clone();
                }
            }
        }
        let mut title = if let (FormKind::Commissioner { .. }, Some((_, name, _))) =
            (&kind, &data.commissioner)
        {
            format!("{} · {name}", title.text(l))
        } else if let FormKind::Target { district, metric } = &kind {
            let scope = if district.is_empty() {
                Msg::LblWholePool.text(l)
            } else {
                district.as_str()
            };
            format!("{} · {} · {scope}", title.text(l), metric.label(l))
        } else if data.enterprise_name.is_empty() {
            title.text(l).to_string()
        } else {
            format!("{} · {}", title.text(l), data.enterprise_name)
        };
        // Moving or cancelling says which visit.
        if let (FormKind::MoveVisit { .. } | FormKind::CancelVisit { .. }, Some((_, on))) =
            (&kind, &data.next_plan)
        {
            title = format!("{title} · {}", format_date(*on));
        }
        let original = fields.iter().map(|f| f.value.clone()).collect();
        // One draft per form and record: the form's kind and ids joined by `:`.
        let draft_id = match serde_json::to_value(&kind) {
            Ok(serde_json::Value::Object(map)) => map
                .values()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(":"),
            _ => "form".into(),
        };
        let (presets, preset_field) = match &kind {
            FormKind::Project { .. } => (
                data.project_details
                    .iter()
                    .map(|(id, p)| (id.clone(), project_values(p)))
                    .collect(),
                Some("project".to_string()),
            ),
            FormKind::Figures { .. } => (
                (today.year() - 4..=today.year())
                    .map(|y| {
                        (
                            y.to_string(),
                            figure_values(data.figures.iter().find(|x| x.year == y)),
                        )
                    })
                    .collect(),
                Some("year".to_string()),
            ),
            FormKind::Target { metric, .. } => (
                data.targets
                    .iter()
                    .map(|(y, v)| {
                        (
                            y.to_string(),
                            vec![("value".to_string(), target_text(*metric, Some(*v)))],
                        )
                    })
                    .collect(),
                Some("year".to_string()),
            ),
            FormKind::SupportAction { .. } => {
                (ledgers::support_presets(data), Some("item".to_string()))
            }
            FormKind::PayReward { .. } => (
                ledgers::reward_presets(data, today),
                Some("reward".to_string()),
            ),
            _ => (Vec::new(), None),
        };
        let mut form = Form {
            kind,
            title,
            fields,
            focus: 0,
            original,
            draft_id,
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
            f.error = check_field(f, today, lang);
        }
        if self.fields.iter().any(|f| f.kind == FieldKind::District) {
            district::refresh(&mut self.fields, lang);
        }
        if let FormKind::Override = self.kind {
            let clearing = self.value("colour") == "none";
            if !clearing
                && self.value("reason").trim().is_empty()
                && let Some(f) = self.fields.iter_mut().find(|f| f.key == "reason")
            {
                f.error = Some(Msg::FormReasonRequired.text(lang).into());
            }
        }
        if let FormKind::Respond = self.kind {
            let closing = RequestStatus::parse(self.value("status")).is_some_and(|s| !s.is_open());
            if closing
                && self.value("resolution").trim().is_empty()
                && let Some(f) = self.fields.iter_mut().find(|f| f.key == "resolution")
            {
                f.error = Some(Msg::FormResolutionRequired.text(lang).into());
            }
        }
        self.validate_ledgers(lang);
        self.fields.iter().all(|f| f.error.is_none())
    }

    /// Handles a key with the shipped keys; the caller turns `Save` into an effect.
    pub fn key(&mut self, k: crossterm::event::KeyEvent, today: Date, lang: Lang) -> FormOutcome {
        self.key_with(crate::keymap::Keymap::builtin(), k, today, lang)
    }

    /// Handles a key with the effective `keys`; the caller turns `Save` into an effect.
    pub fn key_with(
        &mut self,
        keys: &crate::keymap::Keymap,
        k: crossterm::event::KeyEvent,
        today: Date,
        lang: Lang,
    ) -> FormOutcome {
        use crate::keymap::{FormKey as F, PromptKey, Scope};
        use crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let act = keys.form(&k);
        let editing = FormOutcome::Editing {
            changed: false,
            field_changed: false,
        };
        if self.confirm_discard {
            return match keys.prompt(&k, Scope::Question) {
                Some(PromptKey::Yes) => FormOutcome::Discard,
                _ => {
                    self.confirm_discard = false;
                    editing
                }
            };
        }
        let n = self.fields.len().max(1);
        let before = self.focus;
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormOutcome::Discard;
        };
        let multiline = field.kind == FieldKind::Multiline;
        let mut changed = false;
        match (act, k.code) {
            (Some(F::Cancel), _) => {
                if self.dirty() {
                    self.confirm_discard = true;
                    return editing;
                }
                return FormOutcome::Discard;
            }
            (Some(F::Save), _) => return self.submit(today, lang),
            (Some(F::Submit), _) if !multiline || ctrl => return self.submit(today, lang),
            (Some(F::Submit), _) => {
                field.insert("\n");
                changed = true;
            }
            (Some(F::NextField), _) => self.focus = (self.focus + 1) % n,
            (Some(F::PrevField), _) => self.focus = (self.focus + n - 1) % n,
            (Some(F::Left | F::Right), _) if district::cycles(field) => {
                changed = district::cycle(field, act == Some(F::Left));
            }
            (Some(F::Left | F::Right | F::NextChoice), _)
                if matches!(field.kind, FieldKind::Choice(_)) =>
            {
                if let FieldKind::Choice(opts) = &field.kind
                    && !opts.is_empty()
                {
                    let i = opts
                        .iter()
                        .position(|(c, _)| *c == field.value)
                        .unwrap_or(0);
                    let j = if act == Some(F::Left) {
                        (i + opts.len() - 1) % opts.len()
                    } else {
                        (i + 1) % opts.len()
                    };
                    field.value = opts[j].0.clone();
                    changed = true;
                }
            }
            (Some(F::Left), _) => field.move_cursor(CursorMove::Left),
            (Some(F::Right), _) => field.move_cursor(CursorMove::Right),
            (Some(F::LineStart), _) => field.move_cursor(CursorMove::Home),
            (Some(F::LineEnd), _) => field.move_cursor(CursorMove::End),
            (Some(F::Backspace), _) => changed = field.backspace(),
            (Some(F::Delete), _) => changed = field.delete(),
            (Some(F::Clear), _) => {
                changed = !field.value.is_empty();
                field.value.clear();
                field.cursor = None;
            }
            (_, KeyCode::Char(c)) if !ctrl && !matches!(field.kind, FieldKind::Choice(_)) => {
                field.insert(c.encode_utf8(&mut [0; 4]));
                changed = true;
            }
            _ => {}
        }
        if changed
            && self.preset_field.as_deref() == self.fields.get(self.focus).map(|f| f.key.as_str())
        {
            self.apply_preset();
        }
        if changed {
            self.draft_pending = true;
            self.message = None;
            if let Some(f) = self.fields.get_mut(self.focus) {
                f.error = check_field(f, today, lang);
            }
            district::refresh(&mut self.fields, lang);
        }
        FormOutcome::Editing {
            changed,
            field_changed: self.focus != before,
        }
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
            f.error = check_field(f, today, lang);
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
                field_changed: self.focus != before,
            };
        }
        match self.to_edit(today) {
            Some(e) => FormOutcome::Save(Box::new(e)),
            None => FormOutcome::Discard,
        }
    }

    /// The edit the form's values make (fields already validated).
    pub fn to_edit(&self, today: Date) -> Option<Edit> {
        let date = |k: &str| parse_user_date(self.value(k), today).ok();
        let mode = VisitMode::parse(self.value("mode")).unwrap_or(VisitMode::OnSite);
        Some(match &self.kind {
            FormKind::LogVisit {
                enterprise_id,
                planned_visit_id,
            } => Edit::LogVisit {
                enterprise_id: enterprise_id.clone(),
                planned_visit_id: planned_visit_id.clone(),
                date: date("date")?,
                mode,
                attendees: self.value("attendees").trim().to_string(),
                notes: self.value("notes").trim().to_string(),
                requests: (1..=REQUEST_SLOTS)
                    .filter_map(|i| {
                        let text = self.value(&format!("request{i}_text")).trim();
                        let cat =
                            RequestCategory::parse(self.value(&format!("request{i}_category")))?;
                        (!text.is_empty()).then(|| (cat, text.to_string()))
                    })
                    .collect(),
                next: date("next"),
            },
            FormKind::PlanVisit { enterprise_id } => Edit::PlanVisit {
                enterprise_id: enterprise_id.clone(),
                date: date("date")?,
                mode,
            },
            FormKind::MoveVisit { visit_id } => Edit::MoveVisit {
                visit_id: visit_id.clone(),
                date: date("date")?,
            },
            FormKind::CancelVisit { visit_id } => {
                if self.value("confirm") != "yes" {
                    return None;
                }
                Edit::CancelVisit {
                    visit_id: visit_id.clone(),
                }
            }
            FormKind::Enterprise { id } => {
                let opt =
                    |k: &str| Some(self.value(k).trim().to_string()).filter(|s| !s.is_empty());
                Edit::SaveEnterprise {
                    id: id.clone(),
                    tier: Tier::parse(self.value("tier")).unwrap_or(Tier::Tsme),
                    fields: EnterpriseFields {
                        credit_code: credit_code::normalize(self.value("credit_code")),
                        name: self.value("name").trim().to_string(),
                        district: self.value("district").trim().to_string(),
                        township: opt("township"),
                        address: opt("address"),
                        industry: opt("industry"),
                        founded_on: date("founded_on"),
                        contact_name: opt("contact_name"),
                        contact_phone: opt("contact_phone"),
                        notes: self.value("notes").trim().to_string(),
                        hte_field: opt("hte_field"),
                        commissioner_id: opt("commissioner"),
                    },
                }
            }
            FormKind::MovePool { enterprise_id } => Edit::MovePool {
                enterprise_id: enterprise_id.clone(),
                pool: Pool::parse(self.value("pool"))?,
                batch: Batch::parse(self.value("batch"))?,
                tier: Tier::parse(self.value("tier"))?,
                status: self.status_change(today)?,
            },
            FormKind::MilestoneDone => Edit::MilestoneDone {
                milestone_id: self.value("milestone").to_string(),
                date: date("date")?,
            },
            FormKind::Override => Edit::OverrideColour {
                project_id: self.value("project").to_string(),
                colour: Colour::parse(self.value("colour")),
                reason: self.value("reason").trim().to_string(),
            },
            FormKind::Project { enterprise_id } => {
                let opt =
                    |k: &str| Some(self.value(k).trim().to_string()).filter(|s| !s.is_empty());
                let chosen = self.value("project");
                Edit::SaveProject {
                    enterprise_id: enterprise_id.clone(),
                    id: (chosen != "new" && !chosen.is_empty()).then(|| chosen.to_string()),
                    fields: ProjectFields {
                        name: self.value("name").trim().to_string(),
                        level: ProjectLevel::parse(self.value("level"))
                            .unwrap_or(ProjectLevel::District),
                        programme: opt("programme"),
                        budget: parse_wan(self.value("budget")),
                        start: date("start")?,
                        planned_end: date("planned_end")?,
                        extended_end: date("extended_end"),
                        acceptance_applied: date("acceptance_applied"),
                        acceptance_passed: date("acceptance_passed"),
                        risk_flag: opt("risk_flag"),
                    },
                }
            }
            FormKind::Milestone => Edit::AddMilestone {
                project_id: self.value("project").to_string(),
                name: self.value("name").trim().to_string(),
                planned: date("planned")?,
            },
            FormKind::Certificate { enterprise_id } => Edit::AddCertificate {
                enterprise_id: enterprise_id.clone(),
                kind: CertKind::parse(self.value("kind")).unwrap_or(CertKind::Other),
                number: self.value("number").trim().to_string(),
                issued: date("issued")?,
                expires: date("expires"),
            },
            FormKind::SupportAction { enterprise_id } => self.support_edit(enterprise_id, today)?,
            FormKind::PayReward { enterprise_id } => self.pay_edit(enterprise_id, today)?,
            FormKind::Commissioner { id } => self.commissioner_edit(id.as_deref()),
            FormKind::Figures { enterprise_id } => {
                let num = |k: &str| self.value(k).trim().parse::<i64>().ok();
                let amt = |k: &str| parse_wan(self.value(k));
                Edit::SaveFigures {
                    enterprise_id: enterprise_id.clone(),
                    figures: YearFigures {
                        year: self.value("year").parse().ok()?,
                        staff: num("staff"),
                        scitech_staff: num("scitech_staff"),
                        sales: amt("sales"),
                        total_income: amt("total_income"),
                        hightech_income: amt("hightech_income"),
                        rd_spend: amt("rd_spend"),
                        rd_domestic: amt("rd_domestic"),
                        net_assets: amt("net_assets"),
                        total_assets: amt("total_assets"),
                        liabilities: amt("liabilities"),
                        ip_class1: num("ip_class1"),
                        ip_class2: num("ip_class2"),
                        results_transferred: num("results_transferred"),
                        rd_mgmt_score: num("rd_mgmt_score").map(|v| v.clamp(0, 20) as f64),
                        major_incident: match self.value("major_incident") {
                            "yes" => Some(true),
                            "no" => Some(false),
                            _ => None,
                        },
                        annual_report_filed: date("annual_report_filed"),
                    },
                }
            }
            FormKind::Target { district, metric } => {
                let v = self.value("value");
                let value = match metric.unit() {
                    Unit::Yuan => parse_wan(v)? as f64,
                    _ => parse_decimal(v)?,
                };
                Edit::SetTarget {
                    district: district.clone(),
                    metric: *metric,
                    year: self.value("year").parse().ok()?,
                    value,
                }
            }
            FormKind::NewTarget => {
                let metric = Metric::parse(self.value("metric"))?;
                let v = self.value("value");
                Edit::SetTarget {
                    district: self.value("district").to_string(),
                    metric,
                    year: self.value("year").parse().ok()?,
                    value: match metric.unit() {
                        Unit::Yuan => parse_wan(v)? as f64,
                        _ => parse_decimal(v)?,
                    },
                }
            }
            FormKind::Respond => Edit::RespondRequest {
                request_id: self.value("request").to_string(),
                status: RequestStatus::parse(self.value("status"))?,
                resolution: Some(self.value("resolution").trim().to_string())
                    .filter(|s| !s.is_empty()),
            },
        })
    }
}

/// The message beside a field, if its value is not acceptable.
fn check_field(f: &Field, today: Date, lang: Lang) -> Option<String> {
    let v = f.value.trim();
    if v.is_empty() {
        return f.required.then(|| Msg::FormRequired.text(lang).to_string());
    }
    match &f.kind {
        FieldKind::Date => match parse_user_date(v, today) {
            Ok(_) => None,
            Err(e @ DateError::OutOfRange(_)) => Some(input_text::date_error(&e, lang)),
            Err(DateError::NotADate(_)) => Some(Msg::FormBadDate.text(lang).to_string()),
        },
        // Names, codes and addresses hold no control characters; notes may hold line breaks.
        FieldKind::Text | FieldKind::Multiline => {
            let kind = match f.kind {
                FieldKind::Multiline => TextKind::Notes,
                _ => fields::kind_of(&f.key),
            };
            fields::check_text(kind, &f.value)
                .err()
                .map(|e| input_text::text_error(&e, lang))
        }
        FieldKind::CreditCode => {
            let code = credit_code::normalize(v);
            credit_code::validate(&code)
                .err()
                .map(|e| alert_text::credit_code_error(&e, lang))
        }
        FieldKind::Number => v
            .parse::<u32>()
            .is_err()
            .then(|| Msg::FormBadNumber.text(lang).to_string()),
        FieldKind::Amount => parse_wan(v)
            .is_none()
            .then(|| Msg::FormBadAmount.text(lang).to_string()),
        FieldKind::Decimal => parse_decimal(v)
            .is_none()
            .then(|| Msg::FormBadDecimal.text(lang).to_string()),
        FieldKind::District => district::check(v, lang),
        FieldKind::Choice(opts) if !opts.iter().any(|(c, _)| c == v) => {
            Some(Msg::FormRequired.text(lang).to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                field_changed: true
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
}
