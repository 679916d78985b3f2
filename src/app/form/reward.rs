//! The reward form: one of the rewards the enterprise is due, paid on a day, with the amount
//! and the document it was paid under.

use super::{
    Field, FieldKind, Form, FormKind, Opening, Presets, RewardChoice, Spec, no_check, parse_wan,
    wan, word,
};
use crate::domain::dates::parse_user_date;
use crate::domain::rewards::RewardKind;
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use crate::store::format_date;
use time::Date;

pub(super) const PAY_REWARD: Spec = Spec {
    heading: |_, l| Msg::FormPayReward.text(l).into(),
    fields,
    label,
    presets,
    check: no_check,
    edit,
};

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "reward" => Some(Msg::ColReward),
        "paid_on" => Some(Msg::FormPaidOn),
        "amount" => Some(Msg::FormAmountWan),
        "document" => Some(Msg::FormDocument),
        _ => None,
    };
    word(msg, key, l)
}

/// The key of a reward in the pay form: `kind:year`.
pub fn reward_key(kind: RewardKind, year: i32) -> String {
    format!("{}:{year}", kind.code())
}

fn reward_values(r: &RewardChoice, today: Date) -> Vec<(String, String)> {
    vec![
        ("amount".into(), wan(Some(r.amount))),
        (
            "paid_on".into(),
            format_date(r.paid_on.unwrap_or(today.max(r.on))),
        ),
        ("document".into(), r.document.clone().unwrap_or_default()),
    ]
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let (data, today, l) = (o.data, o.today, o.lang);
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
    vec![
        Field::new(
            "reward",
            FieldKind::Choice(items),
            first
                .map(|r| reward_key(r.kind, r.year))
                .unwrap_or_default(),
        )
        .required(),
        Field::new("paid_on", FieldKind::Date, v("paid_on")).required(),
        Field::new("amount", FieldKind::Amount, v("amount")).required(),
        Field::new("document", FieldKind::Text, v("document")).required(),
    ]
}

fn presets(_: &FormKind, o: &Opening) -> Presets {
    (
        o.data
            .rewards
            .iter()
            .map(|r| (reward_key(r.kind, r.year), reward_values(r, o.today)))
            .collect(),
        Some("reward".to_string()),
    )
}

fn edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::PayReward { enterprise_id } = &form.kind else {
        return None;
    };
    let (kind, year) = form.value("reward").split_once(':')?;
    Some(Edit::PayReward {
        enterprise_id: enterprise_id.to_string(),
        kind: RewardKind::parse(kind)?,
        year: year.parse().ok()?,
        amount: parse_wan(form.value("amount"))?,
        paid_on: parse_user_date(form.value("paid_on"), today).ok()?,
        document: form.value("document").trim().to_string(),
    })
}
