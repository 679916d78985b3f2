//! Words about districts (GB/T 2260): why a typed district is refused, what a credit code
//! suggests, and the district field's hints in forms.

use super::Lang;
use crate::domain::districts::{Level, Suggestion};
use crate::store::districts::DistrictError;

/// Why a typed district cannot be stored.
pub fn district_error(e: &DistrictError, lang: Lang) -> String {
    match (e, lang) {
        (DistrictError::NotFound(given), Lang::Zh) => {
            format!("区县“{given}”不在 GB/T 2260 区划代码表中（请写区县名称、全称或 6 位代码）")
        }

        (DistrictError::Ambiguous { given, candidates }, Lang::Zh) => format!(
            "区县“{given}”有 {} 处：{}，请写全称或 6 位代码",
            candidates.len(),
            candidates.join("、")
        ),
        // The error's own words are the English ones.
        (e, Lang::En) => e.to_string(),
    }
}

/// Beside a form's district field that matches several districts.
pub fn form_ambiguous(given: &str, n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("“{given}”有 {n} 处，用 ←/→ 选择"),
        Lang::En => format!("{given} is {n} districts: choose with ←/→"),
    }
}

/// Beside a form's district field that matches none.
pub fn form_not_found(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "不在区划代码表中（写区县名称或 6 位代码）",
        Lang::En => "no such district (type its name or 6-digit code)",
    }
}

/// Beside an empty district field when the credit code suggests where to look.
pub fn form_suggestion(s: &Suggestion<'_>, lang: Lang) -> String {
    let name = s.name.as_deref().unwrap_or("");
    let code = &s.code;
    let n = s.candidates.len();
    match (s.level, lang) {
        (Level::District, Lang::Zh) => format!("信用代码指向 {name}（{code}）：→ 选用"),
        (Level::District, Lang::En) => format!("credit code points at {name} ({code}): → uses it"),
        (Level::Prefecture, Lang::Zh) => {
            format!("信用代码指向 {name}（{code}）：←/→ 选其 {n} 个区县之一")
        }
        (Level::Prefecture, Lang::En) => {
            format!("credit code points at {name} ({code}): ←/→ picks one of its {n} districts")
        }
        (Level::Region, Lang::Zh) => format!("信用代码指向 {name}（{code}）：请输入区县"),
        (Level::Region, Lang::En) => {
            format!("credit code points at {name} ({code}): type the district")
        }
    }
}

/// An import cell's district that matches several districts (their full names).
pub fn import_ambiguous(candidates: &[String], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "有 {} 个同名区县：{}，请写全称或 6 位代码",
            candidates.len(),
            candidates.join("、")
        ),
        Lang::En => format!(
            "{} districts have this name: {}; write the full name or the 6-digit code",
            candidates.len(),
            candidates.join(", ")
        ),
    }
}

/// An import cell's district that matches none.
pub fn import_not_found(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "不在 GB/T 2260 区划代码表中（写区县名称、全称或 6 位代码）",
        Lang::En => "matches no GB/T 2260 district (write its name, full name or 6-digit code)",
    }
}
