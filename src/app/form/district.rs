//! The district field of the enterprise form: what is typed goes through the GB/T 2260
//! resolver. A name several districts share (城关区) is never guessed: the field offers those
//! districts, ←/→ choose among them. An empty field offers what the credit code's region digits
//! suggest (often a prefecture's districts), again to be chosen, never filled in by itself.

use super::{Field, FieldKind};
use crate::domain::districts::{self, Resolution};
use crate::i18n::{Lang, Msg, district_text};

/// The message beside a district field, if its value cannot be saved.
pub fn check(value: &str, lang: Lang) -> Option<String> {
    match districts::table().resolve(value) {
        Resolution::Found(_) => None,
        Resolution::Ambiguous(list) => Some(district_text::form_ambiguous(
            value.trim(),
            list.len(),
            lang,
        )),
        Resolution::NotFound => Some(district_text::form_not_found(lang).to_string()),
    }
}

/// Whether ←/→ choose among the field's offered districts (rather than move the cursor).
pub fn cycles(field: &Field) -> bool {
    field.kind == FieldKind::District && !field.options.is_empty()
}

/// Puts the next (or previous) offered district in the field.
pub fn cycle(field: &mut Field, back: bool) -> bool {
    let n = field.options.len();
    if n == 0 {
        return false;
    }
    let j = match field.options.iter().position(|o| *o == field.value) {
        Some(i) if back => (i + n - 1) % n,
        Some(i) => (i + 1) % n,
        None if back => n - 1,
        None => 0,
    };
    field.value = field.options[j].clone();
    field.cursor = None;
    true
}

/// Sets the district field's offered districts and message from its value and the form's
/// credit code: the districts a shared name may mean, or, while it is empty, those the credit
/// code suggests. A value chosen from the offer keeps the offer, so ←/→ go on choosing.
pub fn refresh(fields: &mut [Field], lang: Lang) {
    let code = fields
        .iter()
        .find(|f| f.kind == FieldKind::CreditCode)
        .map(|f| crate::domain::credit_code::normalize(&f.value))
        .unwrap_or_default();
    let Some(field) = fields.iter_mut().find(|f| f.kind == FieldKind::District) else {
        return;
    };
    let value = field.value.trim().to_string();
    if value.is_empty() {
        let suggestion = crate::domain::credit_code::validate(&code)
            .ok()
            .and_then(|_| districts::table().suggest(&code));
        match suggestion {
            Some(s) => {
                field.options = s.candidates.iter().map(|d| d.full_name.clone()).collect();
                field.error = Some(district_text::form_suggestion(&s, lang));
            }
            None => {
                field.options.clear();
                field.error = field
                    .required
                    .then(|| Msg::FormRequired.text(lang).to_string());
            }
        }
        return;
    }
    match districts::table().resolve(&value) {
        Resolution::Found(_) if field.options.contains(&value) => field.error = None,
        Resolution::Found(_) => {
            field.options.clear();
            field.error = None;
        }
        Resolution::Ambiguous(list) => {
            field.options = list.iter().map(|d| d.full_name.clone()).collect();
            field.error = Some(district_text::form_ambiguous(&value, list.len(), lang));
        }
        Resolution::NotFound => {
            field.options.clear();
            field.error = Some(district_text::form_not_found(lang).to_string());
        }
    }
}

/// The district field as drawn: the offer's position when there is one.
pub fn shown(field: &Field) -> Option<String> {
    if !cycles(field) {
        return None;
    }
    let n = field.options.len();
    Some(match field.options.iter().position(|o| *o == field.value) {
        Some(i) => format!("‹ {} › {}/{n}", field.value, i + 1),
        None if field.value.trim().is_empty() => format!("‹ › 0/{n}"),
        None => format!("‹ {} › 0/{n}", field.value),
    })
}
