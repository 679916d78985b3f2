//! The target forms: a district's target for a metric set for a year (amounts in 万元), and a
//! target not set yet (metric, district and year chosen in the form).

use super::{
    Field, FieldKind, Form, FormKind, Opening, Presets, Spec, no_check, no_presets, parse_decimal,
    parse_wan, wan, word,
};
use crate::domain::targets::{Metric, Unit};
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use time::Date;

pub(super) const SET: Spec = Spec {
    heading: set_heading,
    fields: set_fields,
    label,
    presets,
    check: no_check,
    edit: set_edit,
};

pub(super) const NEW: Spec = Spec {
    heading: |_, l| Msg::FormNewTarget.text(l).into(),
    fields: new_fields,
    label,
    presets: no_presets,
    check: no_check,
    edit: new_edit,
};

/// The title says which target: its metric and district (or the whole pool).
fn set_heading(kind: &FormKind, l: Lang) -> String {
    let head = Msg::FormSetTarget.text(l);
    let FormKind::Target { district, metric } = kind else {
        return head.into();
    };
    let scope = if district.is_empty() {
        Msg::LblWholePool.text(l)
    } else {
        district.as_str()
    };
    format!("{head} · {} · {scope}", metric.label(l))
}

fn label(kind: &FormKind, key: &str, l: Lang) -> String {
    let msg = match (kind, key) {
        // Amounts in 万元, other values as numbers.
        (FormKind::Target { metric, .. }, "value") => Some(match metric.unit() {
            Unit::Yuan => Msg::FormTargetWan,
            Unit::Percent => Msg::FormTargetPercent,
            Unit::Count => Msg::FormTargetValue,
        }),
        (_, "value") => Some(Msg::FormTargetByUnit),
        (_, "year") => Some(Msg::ColYear),
        (_, "metric") => Some(Msg::ColMetric),
        (_, "district") => Some(Msg::ColDistrict),
        _ => None,
    };
    word(msg, key, l)
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

/// A value typed for `metric`, in its unit (yuan typed in 万元).
fn parse_value(metric: Metric, v: &str) -> Option<f64> {
    match metric.unit() {
        Unit::Yuan => Some(parse_wan(v)? as f64),
        _ => parse_decimal(v),
    }
}

fn set_fields(kind: &FormKind, o: &Opening) -> Vec<Field> {
    let FormKind::Target { metric, .. } = kind else {
        return Vec::new();
    };
    let (data, today) = (o.data, o.today);
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
    let kind = match metric.unit() {
        Unit::Yuan => FieldKind::Amount,
        Unit::Percent | Unit::Count => FieldKind::Decimal,
    };
    let value = target_text(
        *metric,
        data.targets
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, v)| *v),
    );
    vec![
        Field::new("value", kind, value).required(),
        Field::new("year", FieldKind::Choice(years), year.to_string()),
    ]
}

fn presets(kind: &FormKind, o: &Opening) -> Presets {
    let FormKind::Target { metric, .. } = kind else {
        return (Vec::new(), None);
    };
    (
        o.data
            .targets
            .iter()
            .map(|(y, v)| {
                (
                    y.to_string(),
                    vec![("value".to_string(), target_text(*metric, Some(*v)))],
                )
            })
            .collect(),
        Some("year".to_string()),
    )
}

fn new_fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let (data, today, l) = (o.data, o.today, o.lang);
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
    vec![
        Field::new(
            "metric",
            super::choices(Metric::ALL, |m| m.code(), |m| m.label(l).to_string()),
            Metric::HteCount.code(),
        ),
        Field::new("district", FieldKind::Choice(districts), String::new()),
        Field::new("year", FieldKind::Choice(years), year.to_string()),
        Field::new("value", FieldKind::Decimal, String::new()).required(),
    ]
}

fn set_edit(form: &Form, _: Date) -> Option<Edit> {
    let FormKind::Target { district, metric } = &form.kind else {
        return None;
    };
    Some(Edit::SetTarget {
        district: district.clone(),
        metric: *metric,
        year: form.value("year").parse().ok()?,
        value: parse_value(*metric, form.value("value"))?,
    })
}

fn new_edit(form: &Form, _: Date) -> Option<Edit> {
    let metric = Metric::parse(form.value("metric"))?;
    Some(Edit::SetTarget {
        district: form.value("district").to_string(),
        metric,
        year: form.value("year").parse().ok()?,
        value: parse_value(metric, form.value("value"))?,
    })
}
