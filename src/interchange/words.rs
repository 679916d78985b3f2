//! The words a file format reads and writes: the labels of the closed sets' values (and the
//! other words offices use for them), the names of the HTE fields, sheet names, the change-log
//! label of an import.
//!
//! They are wording, so `interchange` does not hold them: it names what it needs in [`Words`],
//! and `i18n` (above) implements it for `crate::lang::Lang` (`crate::i18n::interchange_words`). The
//! language a file is read or written in is thus also where its words come from, and no file
//! here imports `i18n`. The column headers are the file format's own vocabulary and stay in
//! `columns` as data.

use super::Why;
use super::columns::{EnumKind, Kind};

/// The words of the file formats in one language (implemented for `crate::lang::Lang` by `i18n`).
pub trait Words: Copy {
    /// The code of a closed set's value written as its code, a label or short label in either
    /// language, or an office word; `Err` lists the accepted codes and labels.
    fn choice(self, kind: EnumKind, text: &str) -> Result<&'static str, Why>;
    /// The label written for a stored code of a closed set (the code itself if unknown).
    fn choice_label(self, kind: EnumKind, code: &str) -> String;
    /// The code of a side honour written as its code or a label.
    fn honour(self, text: &str) -> Result<&'static str, Why>;
    /// The label of a side honour's code.
    fn honour_label(self, code: &str) -> Option<&'static str>;
    /// The code of a supported HTE field written as its code or its label in either language.
    fn hte_field_code(text: &str) -> Option<&'static str>;
    /// The label of a supported HTE field's code.
    fn hte_field_name(self, code: &str) -> Option<&'static str>;
    /// The labels of every supported HTE field.
    fn hte_field_names(self) -> Vec<String>;
    /// The name of a kind's sheet.
    fn kind_name(self, kind: Kind) -> &'static str;
    /// The change-log label of an import of `file`.
    fn import_label(self, file: &str) -> String;
    /// The district column's word for the whole pool (全区).
    fn whole_pool(self) -> &'static str;
}
