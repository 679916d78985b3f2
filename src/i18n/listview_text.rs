//! Words of the list screens' sort and filter (`store::listview`): each column's header, each
//! facet's name and the names of its values. Columns are named by the headers the screens show.

use super::{Badge, Label, Lang, Msg};
use crate::domain::targets::Metric;
use crate::domain::{Colour, Component, ProjectLevel, RequestCategory, RequestStatus, VisitMode};
use crate::store::listview::{
    Facet, KIND_ACTION, PART_CANDIDATE, PART_EXPIRING, PART_REWARD, SortCol, WHEN_LATER,
    WHEN_OVERDUE, WHEN_TODAY,
};

/// The header of the column a list sorts by.
pub fn col_title(c: SortCol) -> Msg {
    use SortCol as C;
    match c {
        C::Date => Msg::ColDate,
        C::Name => Msg::ColName,
        C::District => Msg::ColDistrictShort,
        C::Commissioner => Msg::ColCommissionerShort,
        C::Mode => Msg::ColMode,
        C::Category => Msg::ColCategory,
        C::Status | C::Kind => Msg::ColStatus,
        C::Colour => Msg::ColColour,
        C::Level => Msg::ColLevel,
        C::Rank => Msg::ColRank,
        C::Score => Msg::ColScore,
        C::Innovation => Msg::ColInnovationShort,
        C::Growth => Msg::ColGrowth,
        C::Participation => Msg::ColParticipationShort,
        C::Movement => Msg::ColMovement,
        C::ShortBoard => Msg::ColShortBoard,
        C::Metric => Msg::ColMetric,
        C::Target => Msg::ColTarget,
        C::Actual => Msg::ColActual,
        C::Progress => Msg::ColProgress,
        C::Enterprises => Msg::ColEnterprises,
        C::VisitsDone => Msg::ColVisitsDone,
        C::Cadence => Msg::ColCadenceShare,
        C::Overdue => Msg::ColVisitsOverdue,
        C::Requests => Msg::ColRequests,
        C::Breaches => Msg::ColBreaches,
        C::RedShare => Msg::ColRedShare,
        // history
        C::When => Msg::ColWhen,
        C::Record => Msg::ColKind,
    }
}

/// A facet's name in the filter menu.
pub fn facet_title(f: Facet, l: Lang) -> &'static str {
    match f {
        Facet::District => Msg::ColDistrict.text(l),
        Facet::Commissioner => Msg::ColCommissioner.text(l),
        Facet::Mode => Msg::ColMode.text(l),
        Facet::When => match l {
            Lang::Zh => "日程",
            Lang::En => "Day",
        },
        Facet::AlertKind => match l {
            Lang::Zh => "预警类型",
            Lang::En => "Kind",
        },
        Facet::Level => Msg::ColLevel.text(l),
        Facet::CertPart => match l {
            Lang::Zh => "事项",
            Lang::En => "Item",
        },
        Facet::Category => Msg::ColCategory.text(l),
        Facet::Status => Msg::ColStatus.text(l),
        Facet::ShortBoard => Msg::ColShortBoard.text(l),
        Facet::Metric => Msg::ColMetric.text(l),
        // history
        Facet::Record => super::history_text::kind_title(l),
        Facet::Period => super::history_text::period_title(l),
    }
}

/// The codes of a facet's closed set of values, in menu order (`None` for districts and
/// commissioners, whose values are the pool's).
pub fn closed_values(f: Facet) -> Option<Vec<&'static str>> {
    Some(match f {
        Facet::Mode => VisitMode::ALL.iter().map(|v| v.code()).collect(),
        Facet::When => vec![WHEN_OVERDUE, WHEN_TODAY, WHEN_LATER],
        Facet::AlertKind => vec![Colour::Red.code(), KIND_ACTION, Colour::Yellow.code()],
        Facet::Level => ProjectLevel::ALL.iter().map(|v| v.code()).collect(),
        Facet::CertPart => vec![PART_EXPIRING, PART_CANDIDATE, PART_REWARD],
        Facet::Category => RequestCategory::ALL.iter().map(|v| v.code()).collect(),
        Facet::Status => [RequestStatus::Open, RequestStatus::InProgress]
            .iter()
            .map(|v| v.code())
            .collect(),
        Facet::ShortBoard => Component::ALL.iter().map(|v| v.code()).collect(),
        Facet::Metric => Metric::ALL.iter().map(|v| v.code()).collect(),
        // history
        Facet::Record => crate::store::history::RECORD_KINDS.to_vec(),
        Facet::Period => crate::store::history::PERIODS.to_vec(),
        Facet::District | Facet::Commissioner => return None,
    })
}

/// A facet value's name: a closed set's label, or the value itself (a district, a person; the
/// whole pool's targets have no district).
pub fn value_label(f: Facet, code: &str, l: Lang) -> String {
    let label = match f {
        Facet::Mode => VisitMode::from_code(code).map(|v| v.label(l).to_string()),
        Facet::When => match (code, l) {
            (WHEN_OVERDUE, _) => Some(Msg::Overdue.text(l).to_string()),
            (WHEN_TODAY, _) => Some(Msg::Today.text(l).to_string()),
            (_, Lang::Zh) => Some("本周稍后".to_string()),
            (_, Lang::En) => Some("later this week".to_string()),
        },
        Facet::AlertKind if code == KIND_ACTION => Some(
            match l {
                Lang::Zh => "逾期帮扶事项",
                Lang::En => "overdue support action",
            }
            .to_string(),
        ),
        Facet::AlertKind => Colour::from_code(code).map(|c| c.badge(l)),
        Facet::Level => ProjectLevel::from_code(code).map(|v| v.label(l).to_string()),
        Facet::CertPart => Some(
            match (code, l) {
                (PART_EXPIRING, _) => Msg::Expiring.text(l),
                (PART_CANDIDATE, _) => Msg::Candidate.text(l),
                (_, _) => Msg::RewardDue.text(l),
            }
            .to_string(),
        ),
        Facet::Category => RequestCategory::from_code(code).map(|v| v.label(l).to_string()),
        Facet::Status => RequestStatus::from_code(code).map(|v| v.label(l).to_string()),
        Facet::ShortBoard => Component::from_code(code).map(|v| v.label(l).to_string()),
        Facet::Metric => Metric::from_code(code).map(|v| v.label(l).to_string()),
        // history
        Facet::Record => Some(super::history_text::kind(code, l).to_string()),
        Facet::Period => Some(super::history_text::period(code, l)),
        // The whole pool's targets, worded as the Targets screen words them.
        Facet::District if code.is_empty() => Some(super::bureau_text::district_text(code, l)),
        Facet::District | Facet::Commissioner => None,
    };
    label.unwrap_or_else(|| code.to_string())
}

/// The header's word before a list's sort column.
pub fn sorted_by(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "排序",
        Lang::En => "sort",
    }
}

/// The header's word before the year Commissioners and Targets show.
pub fn year_word(l: Lang) -> &'static str {
    Msg::ColYear.text(l)
}

/// `:sort CODE` with a code the list does not sort by: the codes it has.
pub fn unknown_sort(codes: &[&str], l: Lang) -> String {
    format!("{}: {}", Msg::UnknownSort.text(l), codes.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_closed_value_has_a_name_in_both_languages() {
        let facets = [
            Facet::Mode,
            Facet::When,
            Facet::AlertKind,
            Facet::Level,
            Facet::CertPart,
            Facet::Category,
            Facet::Status,
            Facet::ShortBoard,
            Facet::Metric,
        ];
        for f in facets {
            for code in closed_values(f).unwrap_or_default() {
                // A code shown as itself would be English in a Chinese menu.
                assert_ne!(value_label(f, code, Lang::Zh), code, "{f:?} {code}");
                assert!(!value_label(f, code, Lang::En).is_empty());
            }
        }
        assert_eq!(value_label(Facet::When, WHEN_LATER, Lang::Zh), "本周稍后");
        assert_eq!(value_label(Facet::District, "天山区", Lang::Zh), "天山区");
    }
}
