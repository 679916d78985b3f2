//! The enterprise form: a new enterprise, or one's profile, tier, HTE field and commissioner.

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, choices, no_check, no_presets, word};
use crate::domain::Tier;
use crate::domain::credit_code;
use crate::domain::dates::parse_user_date;
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::{Edit, EnterpriseFields};
use crate::store::format_date;
use time::Date;

pub(super) const ENTERPRISE: Spec = Spec {
    heading,
    fields,
    label,
    presets: no_presets,
    check: no_check,
    edit,
};

fn heading(kind: &FormKind, l: Lang) -> String {
    match kind {
        FormKind::Enterprise { id: Some(_) } => Msg::FormEditEnterprise,
        _ => Msg::FormNewEnterprise,
    }
    .text(l)
    .into()
}

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "name" => Some(Msg::ColName),
        "credit_code" => Some(Msg::ColCreditCode),
        "district" => Some(Msg::ColDistrict),
        "township" => Some(Msg::LblTownship),
        "address" => Some(Msg::LblAddress),
        "industry" => Some(Msg::LblIndustry),
        "founded_on" => Some(Msg::LblFounded),
        "contact_name" => Some(Msg::LblContact),
        "contact_phone" => Some(Msg::FormPhone),
        "tier" => Some(Msg::ColTier),
        "hte_field" => Some(Msg::LblField),
        "commissioner" => Some(Msg::ColCommissioner),
        "notes" => Some(Msg::LblNotes),
        _ => None,
    };
    word(msg, key, l)
}

/// The 8 supported HTE fields, stored by their Chinese names, and the enterprise's own when it
/// is none of them.
fn hte_fields(current: Option<&String>, l: Lang) -> FieldKind {
    let mut opts: Vec<(String, String)> = vec![(String::new(), Msg::None.text(l).into())];
    opts.extend(
        crate::domain::hte::SUPPORTED_FIELDS
            .iter()
            .filter_map(|code| {
                let zh = crate::i18n::readiness_text::field_name(code, Lang::Zh)?;
                let shown = crate::i18n::readiness_text::field_name(code, l)?;
                Some((zh.to_string(), shown.to_string()))
            }),
    );
    if let Some(v) = current
        && !opts.iter().any(|(c, _)| c == v)
    {
        opts.push((v.clone(), v.clone()));
    }
    FieldKind::Choice(opts)
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let l = o.lang;
    let (tier, e) = o
        .data
        .fields
        .clone()
        .unwrap_or((Tier::Tsme, EnterpriseFields::default()));
    let tiers = choices(Tier::ALL, |v| v.code(), |v| v.label(l).to_string());
    let hte = hte_fields(e.hte_field.as_ref(), l);
    let mut people: Vec<(String, String)> = vec![(String::new(), Msg::None.text(l).into())];
    people.extend(o.data.commissioners.iter().cloned());
    let text =
        |key: &str, v: Option<String>| Field::new(key, FieldKind::Text, v.unwrap_or_default());
    vec![
        Field::new("name", FieldKind::Text, e.name).required(),
        Field::new("credit_code", FieldKind::CreditCode, e.credit_code).required(),
        Field::new("district", FieldKind::District, e.district).required(),
        text("township", e.township),
        text("address", e.address),
        text("industry", e.industry),
        Field::new(
            "founded_on",
            FieldKind::Date,
            e.founded_on.map(format_date).unwrap_or_default(),
        ),
        text("contact_name", e.contact_name),
        text("contact_phone", e.contact_phone),
        Field::new("tier", tiers, tier.code()),
        Field::new("hte_field", hte, e.hte_field.unwrap_or_default()),
        Field::new(
            "commissioner",
            FieldKind::Choice(people),
            e.commissioner_id.unwrap_or_default(),
        ),
        Field::new("notes", FieldKind::Multiline, e.notes),
    ]
}

fn edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::Enterprise { id } = &form.kind else {
        return None;
    };
    let opt = |k: &str| Some(form.value(k).trim().to_string()).filter(|s| !s.is_empty());
    Some(Edit::SaveEnterprise {
        id: id.clone(),
        tier: Tier::parse(form.value("tier")).unwrap_or(Tier::Tsme),
        fields: EnterpriseFields {
            credit_code: credit_code::normalize(form.value("credit_code")),
            name: form.value("name").trim().to_string(),
            district: form.value("district").trim().to_string(),
            township: opt("township"),
            address: opt("address"),
            industry: opt("industry"),
            founded_on: parse_user_date(form.value("founded_on"), today).ok(),
            contact_name: opt("contact_name"),
            contact_phone: opt("contact_phone"),
            notes: form.value("notes").trim().to_string(),
            hte_field: opt("hte_field"),
            commissioner_id: opt("commissioner"),
        },
    })
}
