//! The forms that close the ledgers: a support action added, edited, done or dropped; a reward
//! paid; a membership's status (with the `b` form); a commissioner added or edited.

use super::{Field, FieldKind, FormData, choices, wan};
use crate::app::form::Form;
use crate::domain::PoolStatus;
use crate::domain::dates::parse_user_date;
use crate::domain::rewards::RewardKind;
use crate::domain::support::ActionStatus;
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::bureau::SupportAction;
use crate::store::edit::Edit;
use crate::store::format_date;
use crate::store::ledgers::StatusChange;
use time::{Date, Duration};

/// The choice meaning "a new one" in the support-action form.
const NEW: &str = "new";

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

/// The support-action form: a new action, or one of the enterprise's to edit or close.
pub(super) fn support_action(data: &FormData, today: Date, l: Lang) -> (Msg, Vec<Field>) {
    let mut items: Vec<(String, String)> =
        vec![(NEW.into(), Msg::FormNewSupportAction.text(l).into())];
    items.extend(
        data.actions
            .iter()
            .map(|a| (a.id.clone(), action_label(a, l))),
    );
    let d = |x: Date| format_date(x);
    (
        Msg::FormSupportActionEdit,
        vec![
            Field::new(
                "item",
                Msg::FormWhichAction,
                FieldKind::Choice(items),
                NEW,
                l,
            ),
            Field::new("action", Msg::ColAction, FieldKind::Text, "", l).required(),
            Field::new("unit", Msg::ColUnit, FieldKind::Text, "", l),
            Field::new("person", Msg::ColPerson, FieldKind::Text, "", l),
            Field::new(
                "due",
                Msg::ColDue,
                FieldKind::Date,
                d(today.saturating_add(Duration::days(30))),
                l,
            ),
            Field::new(
                "status",
                Msg::ColStatus,
                choices(ActionStatus::ALL, |v| v.code(), |v| v.label(l).to_string()),
                ActionStatus::Open.code(),
                l,
            ),
            Field::new("closed", Msg::FormClosedOn, FieldKind::Date, d(today), l),
        ],
    )
}

pub(super) fn support_presets(data: &FormData) -> Vec<(String, Vec<(String, String)>)> {
    data.actions
        .iter()
        .map(|a| (a.id.clone(), action_values(a)))
        .collect()
}

/// The key of a reward in the pay form: `kind:year`.
pub fn reward_key(kind: RewardKind, year: i32) -> String {
    format!("{}:{year}", kind.code())
}

fn reward_values(r: &super::RewardChoice, today: Date) -> Vec<(String, String)> {
    vec![
        ("amount".into(), wan(Some(r.amount))),
        (
            "paid_on".into(),
            format_date(r.paid_on.unwrap_or(today.max(r.on))),
        ),
        ("document".into(), r.document.clone().unwrap_or_default()),
    ]
}

/// The reward form: one of the rewards the enterprise is due, the day paid, the amount and
/// the document it was paid under.
pub(super) fn pay_reward(data: &FormData, today: Date, l: Lang) -> (Msg, Vec<Field>) {
    let items: Vec<(String, String)> = data
        .rewards
        .iter()
        .map(|r| {
            let state = match r.paid_on {
                Some(d) => format!("{} {}", Msg::LblPaid.text(l), format_date(d)),
                None => Msg::LblUnpaid.text(l).to_string(),
            };
            (
                reward_key(r.kind, r.year),
                format!("{} {} · {}", r.year, r.kind.label(l), state),
            )
        })
        .collect();
    // The first unpaid one, else the first.
    let first = data
        .rewards
        .iter()
        .find(|r| r.paid_on.is_none())
        .or(data.rewards.first());
    let values = first.map(|r| reward_values(r, today)).unwrap_or_default();
    let v = |k: &str| {
        values
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    (
        Msg::FormPayReward,
        vec![
            Field::new(
                "reward",
                Msg::ColReward,
                FieldKind::Choice(items),
                first
                    .map(|r| reward_key(r.kind, r.year))
                    .unwrap_or_default(),
                l,
            )
            .required(),
            Field::new("paid_on", Msg::FormPaidOn, FieldKind::Date, v("paid_on"), l).required(),
            Field::new(
                "amount",
                Msg::FormAmountWan,
                FieldKind::Amount,
                v("amount"),
                l,
            )
            .required(),
            Field::new(
                "document",
                Msg::FormDocument,
                FieldKind::Text,
                v("document"),
                l,
            )
            .required(),
        ],
    )
}

pub(super) fn reward_presets(data: &FormData, today: Date) -> Vec<(String, Vec<(String, String)>)> {
    data.rewards
        .iter()
        .map(|r| (reward_key(r.kind, r.year), reward_values(r, today)))
        .collect()
}

/// The `b` form's status fields: the membership's status, since when, and why.
pub(super) fn pool_status_fields(data: &FormData, today: Date, l: Lang) -> Vec<Field> {
    let status = data.pool_status.unwrap_or(PoolStatus::In);
    vec![
        Field::new(
            "status",
            Msg::ColPoolStatus,
            choices(PoolStatus::ALL, |v| v.code(), |v| v.label(l).to_string()),
            status.code(),
            l,
        ),
        Field::new(
            "status_on",
            Msg::FormStatusOn,
            FieldKind::Date,
            format_date(today),
            l,
        ),
        Field::new("reason", Msg::ColReason, FieldKind::Text, "", l),
    ]
}

/// The commissioner form (a new one when `data.commissioner` is `None`).
pub(super) fn commissioner(data: &FormData, l: Lang) -> (Msg, Vec<Field>) {
    let (title, name, phone) = match &data.commissioner {
        Some((_, name, phone)) => (
            Msg::FormEditCommissioner,
            name.clone(),
            phone.clone().unwrap_or_default(),
        ),
        None => (Msg::FormNewCommissioner, String::new(), String::new()),
    };
    (
        title,
        vec![
            Field::new("name", Msg::FormCommissionerName, FieldKind::Text, name, l).required(),
            Field::new("phone", Msg::FormPhone, FieldKind::Text, phone, l),
        ],
    )
}

impl Form {
    /// Whether the `b` form changes the membership's status (the status field differs from
    /// what the form opened with).
    fn status_changed(&self) -> bool {
        let i = self.fields.iter().position(|f| f.key == "status");
        i.is_some_and(|i| self.original.get(i) != self.fields.get(i).map(|f| &f.value))
    }

    /// The ledger forms' own checks, beside the fields' (`validate`).
    pub(super) fn validate_ledgers(&mut self, lang: Lang) {
        if let super::FormKind::MovePool { .. } = self.kind {
            let needs_reason = self.status_changed()
                && PoolStatus::parse(self.value("status")).is_some_and(|s| s != PoolStatus::In);
            if needs_reason
                && self.value("reason").trim().is_empty()
                && let Some(f) = self.fields.iter_mut().find(|f| f.key == "reason")
            {
                f.error = Some(Msg::FormStatusReasonRequired.text(lang).into());
            }
        }
    }

    /// The `b` form's status change, if it makes one.
    pub(super) fn status_change(&self, today: Date) -> Option<Option<StatusChange>> {
        if !self.status_changed() {
            return Some(None);
        }
        Some(Some(StatusChange {
            status: PoolStatus::parse(self.value("status"))?,
            on: parse_user_date(self.value("status_on"), today).ok()?,
            reason: self.value("reason").trim().to_string(),
        }))
    }

    /// The edit of the support-action form: a new action, or the chosen one saved.
    pub(super) fn support_edit(&self, enterprise_id: &str, today: Date) -> Option<Edit> {
        let date = |k: &str| parse_user_date(self.value(k), today).ok();
        let status = ActionStatus::parse(self.value("status")).unwrap_or(ActionStatus::Open);
        let chosen = self.value("item");
        Some(if chosen == NEW || chosen.is_empty() {
            Edit::AddSupportAction {
                enterprise_id: enterprise_id.to_string(),
                action: self.value("action").trim().to_string(),
                unit: self.value("unit").trim().to_string(),
                person: self.value("person").trim().to_string(),
                due: date("due"),
                status,
            }
        } else {
            Edit::SaveSupportAction {
                action_id: chosen.to_string(),
                action: self.value("action").trim().to_string(),
                unit: self.value("unit").trim().to_string(),
                person: self.value("person").trim().to_string(),
                due: date("due"),
                status,
                closed: date("closed"),
            }
        })
    }

    pub(super) fn pay_edit(&self, enterprise_id: &str, today: Date) -> Option<Edit> {
        let (kind, year) = self.value("reward").split_once(':')?;
        Some(Edit::PayReward {
            enterprise_id: enterprise_id.to_string(),
            kind: RewardKind::parse(kind)?,
            year: year.parse().ok()?,
            amount: super::parse_wan(self.value("amount"))?,
            paid_on: parse_user_date(self.value("paid_on"), today).ok()?,
            document: self.value("document").trim().to_string(),
        })
    }

    pub(super) fn commissioner_edit(&self, id: Option<&str>) -> Edit {
        Edit::SaveCommissioner {
            id: id.map(str::to_string),
            name: self.value("name").trim().to_string(),
            phone: Some(self.value("phone").trim().to_string()).filter(|s| !s.is_empty()),
        }
    }
}
