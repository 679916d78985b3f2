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

#[cfg(test)]
mod tests {
    use super::super::{Form, FormData, FormKind, FormOutcome};
    use crate::i18n::Lang;
    use crate::store::edit::Edit;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use time::macros::date;

    const TODAY: time::Date = date!(2026 - 11 - 21);

    fn press(f: &mut Form, c: KeyCode) -> FormOutcome {
        f.key(KeyEvent::new(c, KeyModifiers::NONE), TODAY, Lang::Zh)
    }

    fn typed(f: &mut Form, s: &str) {
        for ch in s.chars() {
            press(f, KeyCode::Char(ch));
        }
    }

    fn enterprise_form() -> Form {
        let mut f = Form::open(
            FormKind::Enterprise { id: None },
            &FormData::default(),
            TODAY,
            120,
            Lang::Zh,
        );
        f.focus = 0;
        typed(&mut f, "新疆测试科技有限公司");
        f
    }

    /// A credit code with its check character (input to the form, not an expectation).
    fn valid_code(first17: &str) -> String {
        crate::domain::credit_code::complete(first17).expect("17 characters")
    }

    fn at(f: &Form, key: &str) -> usize {
        f.fields.iter().position(|x| x.key == key).expect("field")
    }

    fn saved_district(outcome: FormOutcome) -> Option<String> {
        match outcome {
            FormOutcome::Save(e) => match *e {
                Edit::SaveEnterprise { fields, .. } => Some(fields.district),
                _ => None,
            },
            _ => None,
        }
    }

    #[test]
    fn a_unique_short_name_is_accepted_as_typed() {
        let mut f = enterprise_form();
        f.focus = at(&f, "credit_code");
        typed(&mut f, &valid_code("91650104MA0000000"));
        let d = at(&f, "district");
        f.focus = d;
        typed(&mut f, "新市区");
        assert_eq!(f.fields[d].error, None);
        assert!(f.fields[d].options.is_empty());
    }

    #[test]
    fn a_shared_name_is_offered_as_a_choice_and_never_guessed() {
        let mut f = enterprise_form();
        f.focus = at(&f, "credit_code");
        typed(&mut f, "91110108551385082Q");
        let d = at(&f, "district");
        f.focus = d;
        typed(&mut f, "城关区");
        assert_eq!(
            f.fields[d].error.as_deref(),
            Some("“城关区”有 2 处，用 ←/→ 选择")
        );
        // Saving now does not pick one.
        assert_eq!(saved_district(press(&mut f, KeyCode::Enter)), None);
        assert_eq!(f.focus, d);
        assert_eq!(f.fields[d].value, "城关区");
        // → takes the first (in code order: 540102 拉萨), → again the next, ← back.
        press(&mut f, KeyCode::Right);
        assert_eq!(f.fields[d].value, "拉萨市城关区");
        assert_eq!(f.fields[d].error, None);
        assert_eq!(
            super::shown(&f.fields[d]).as_deref(),
            Some("‹ 拉萨市城关区 › 1/2")
        );
        press(&mut f, KeyCode::Right);
        assert_eq!(f.fields[d].value, "兰州市城关区");
        press(&mut f, KeyCode::Right);
        press(&mut f, KeyCode::Left);
        assert_eq!(f.fields[d].value, "兰州市城关区");
        assert_eq!(
            saved_district(press(&mut f, KeyCode::Enter)).as_deref(),
            Some("兰州市城关区")
        );
    }

    #[test]
    fn the_credit_code_suggests_its_prefectures_districts_to_choose_from() {
        let mut f = enterprise_form();
        f.focus = at(&f, "credit_code");
        // Registered at the prefecture 乌鲁木齐市 (650100), not at a district.
        typed(&mut f, "91650100MA00001540");
        let d = at(&f, "district");
        assert_eq!(f.fields[d].value, "", "a suggestion is not filled in");
        assert_eq!(
            f.fields[d].error.as_deref(),
            Some("信用代码指向 乌鲁木齐市（650100）：←/→ 选其 8 个区县之一")
        );
        assert_eq!(f.fields[d].options.len(), 8);
        f.focus = d;
        press(&mut f, KeyCode::Right);
        press(&mut f, KeyCode::Right);
        press(&mut f, KeyCode::Right);
        assert_eq!(f.fields[d].value, "乌鲁木齐市新市区");
        assert_eq!(
            saved_district(press(&mut f, KeyCode::Enter)).as_deref(),
            Some("乌鲁木齐市新市区")
        );
    }

    #[test]
    fn a_name_of_no_district_is_refused_beside_the_field() {
        let mut f = enterprise_form();
        f.focus = at(&f, "credit_code");
        typed(&mut f, &valid_code("91650104MA0000000"));
        let d = at(&f, "district");
        f.focus = d;
        typed(&mut f, "新城");
        assert_eq!(
            f.fields[d].error.as_deref(),
            Some("不在区划代码表中（写区县名称或 6 位代码）")
        );
        assert_eq!(saved_district(press(&mut f, KeyCode::Enter)), None);
        // The code resolves directly.
        for _ in 0..2 {
            press(&mut f, KeyCode::Backspace);
        }
        typed(&mut f, "650104");
        assert_eq!(f.fields[d].value, "650104");
        assert_eq!(f.fields[d].error, None);
        assert_eq!(
            saved_district(press(&mut f, KeyCode::Enter)).as_deref(),
            Some("650104")
        );
    }
}
