//! The certificate form: an HTE (or other) certificate added with its number and dates.

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, choices, no_check, no_presets, word};
use crate::domain::CertKind;
use crate::domain::dates::parse_user_date;
use crate::i18n::Label;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use crate::store::format_date;
use time::Date;

pub(super) const CERTIFICATE: Spec = Spec {
    heading: |_, l| Msg::FormCertificate.text(l).into(),
    fields,
    label,
    presets: no_presets,
    check: no_check,
    edit,
};

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "kind" => Some(Msg::FormCertKind),
        "number" => Some(Msg::ColCertificate),
        "issued" => Some(Msg::FormIssued),
        "expires" => Some(Msg::ColExpires),
        _ => None,
    };
    word(msg, key, l)
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let l = o.lang;
    vec![
        Field::new(
            "kind",
            choices(CertKind::ALL, |v| v.code(), |v| v.label(l).to_string()),
            CertKind::Hte.code(),
        ),
        Field::new("number", FieldKind::Text, "").required(),
        Field::new("issued", FieldKind::Date, format_date(o.today)).required(),
        Field::new("expires", FieldKind::Date, ""),
    ]
}

fn edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::Certificate { enterprise_id } = &form.kind else {
        return None;
    };
    Some(Edit::AddCertificate {
        enterprise_id: enterprise_id.clone(),
        kind: CertKind::parse(form.value("kind")).unwrap_or(CertKind::Other),
        number: form.value("number").trim().to_string(),
        issued: parse_user_date(form.value("issued"), today).ok()?,
        expires: parse_user_date(form.value("expires"), today).ok(),
    })
}
