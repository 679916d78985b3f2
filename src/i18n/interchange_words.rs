//! The words of the file formats (`crate::interchange::words::Words`), for each language: the
//! importer reads the closed sets' labels and the HTE fields' names through them, and the
//! exporters write them.

use super::choice_text::{Choice, accepted, parse};
use super::readiness_text::field_name;
use super::{Label, Lang, Msg};
use crate::domain::hte::SUPPORTED_FIELDS;
use crate::domain::rewards::RewardKind;
use crate::domain::support::ActionStatus;
use crate::domain::targets::Metric;
use crate::domain::{
    Batch, CertKind, Component, Honour, Pool, PoolStatus, ProjectLevel, RequestCategory,
    RequestStatus, Tier, VisitMode,
};
use crate::interchange::Why;
use crate::interchange::columns::{EnumKind, Kind};
use crate::interchange::words::Words;

/// A value of `T` by any of its words, as its code.
fn one<T: Choice>(s: &str, lang: Lang) -> Result<&'static str, Why> {
    match parse::<T>(s) {
        Some(v) => Ok(v.code()),
        None => Err(Why::BadChoice(accepted::<T>(lang))),
    }
}

/// The label of a stored code (the code itself if unknown).
fn label<T: Label>(code: &str, lang: Lang) -> String {
    T::parse(code).map_or_else(|| code.to_string(), |v| v.label(lang).to_string())
}

impl Words for Lang {
    fn choice(self, kind: EnumKind, s: &str) -> Result<&'static str, Why> {
        match kind {
            EnumKind::Pool => one::<Pool>(s, self),
            EnumKind::Batch => one::<Batch>(s, self),
            EnumKind::PoolStatus => one::<PoolStatus>(s, self),
            EnumKind::Tier => one::<Tier>(s, self),
            EnumKind::ProjectLevel => one::<ProjectLevel>(s, self),
            EnumKind::VisitMode => one::<VisitMode>(s, self),
            EnumKind::RequestCategory => one::<RequestCategory>(s, self),
            EnumKind::RequestStatus => one::<RequestStatus>(s, self),
            EnumKind::CertKind => one::<CertKind>(s, self),
            EnumKind::Metric => one::<Metric>(s, self),
            EnumKind::ActionStatus => one::<ActionStatus>(s, self),
            EnumKind::RewardKind => one::<RewardKind>(s, self),
            EnumKind::Component => one::<Component>(s, self),
        }
    }

    fn choice_label(self, kind: EnumKind, code: &str) -> String {
        match kind {
            EnumKind::Pool => label::<Pool>(code, self),
            EnumKind::Batch => label::<Batch>(code, self),
            EnumKind::PoolStatus => label::<PoolStatus>(code, self),
            EnumKind::Tier => label::<Tier>(code, self),
            EnumKind::ProjectLevel => label::<ProjectLevel>(code, self),
            EnumKind::VisitMode => label::<VisitMode>(code, self),
            EnumKind::RequestCategory => label::<RequestCategory>(code, self),
            EnumKind::RequestStatus => label::<RequestStatus>(code, self),
            EnumKind::CertKind => label::<CertKind>(code, self),
            EnumKind::Metric => label::<Metric>(code, self),
            EnumKind::ActionStatus => label::<ActionStatus>(code, self),
            EnumKind::RewardKind => label::<RewardKind>(code, self),
            EnumKind::Component => label::<Component>(code, self),
        }
    }

    fn honour(self, s: &str) -> Result<&'static str, Why> {
        one::<Honour>(s, self)
    }

    fn honour_label(self, code: &str) -> Option<&'static str> {
        Honour::parse(code).map(|h| Label::label(h, self))
    }

    fn hte_field_code(s: &str) -> Option<&'static str> {
        let t = s.trim();
        SUPPORTED_FIELDS.iter().copied().find(|code| {
            code.eq_ignore_ascii_case(t)
                || field_name(code, Lang::Zh) == Some(t)
                || field_name(code, Lang::En).is_some_and(|l| l.eq_ignore_ascii_case(t))
        })
    }

    fn hte_field_name(self, code: &str) -> Option<&'static str> {
        field_name(code, self)
    }

    fn hte_field_names(self) -> Vec<String> {
        SUPPORTED_FIELDS
            .iter()
            .filter_map(|c| field_name(c, self).map(str::to_string))
            .collect()
    }

    fn kind_name(self, kind: Kind) -> &'static str {
        super::interchange_text::kind_name(kind, self)
    }

    fn import_label(self, file: &str) -> String {
        super::interchange_text::import_label(file, self)
    }

    fn whole_pool(self) -> &'static str {
        Msg::LblWholePool.text(self)
    }
}
