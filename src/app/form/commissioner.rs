//! The commissioner form: a commissioner added, or one's name and phone edited.

use super::{Field, FieldKind, Form, FormKind, Opening, Spec, no_check, no_presets, word};
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use time::Date;

pub(super) const COMMISSIONER: Spec = Spec {
    heading,
    fields,
    label,
    presets: no_presets,
    check: no_check,
    edit,
};

fn heading(kind: &FormKind, l: Lang) -> String {
    match kind {
        FormKind::Commissioner { id: Some(_) } => Msg::FormEditCommissioner,
        _ => Msg::FormNewCommissioner,
    }
    .text(l)
    .into()
}

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "name" => Some(Msg::FormCommissionerName),
        "phone" => Some(Msg::FormPhone),
        _ => None,
    };
    word(msg, key, l)
}

/// Empty fields for a new commissioner (`data.commissioner` is `None`).
fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let (name, phone) = match &o.data.commissioner {
        Some((_, name, phone)) => (name.clone(), phone.clone().unwrap_or_default()),
        None => (String::new(), String::new()),
    };
    vec![
        Field::new("name", FieldKind::Text, name).required(),
        Field::new("phone", FieldKind::Text, phone),
    ]
}

fn edit(form: &Form, _: Date) -> Option<Edit> {
    let FormKind::Commissioner { id } = &form.kind else {
        return None;
    };
    Some(Edit::SaveCommissioner {
        id: id.clone(),
        name: form.value("name").trim().to_string(),
        phone: Some(form.value("phone").trim().to_string()).filter(|s| !s.is_empty()),
    })
}
