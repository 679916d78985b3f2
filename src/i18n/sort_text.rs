//! Words for the pool list's sort keys: each column's header, and a key read back from a header
//! typed in either language (`:sort 下次走访`, `list --sort "next visit"`).

use super::{Lang, Msg};
use crate::store::queries::SortKey;

/// The words of a [`SortKey`]. A trait so that `SortKey::parse` reads as before where it is in
/// scope.
pub trait SortKeyText: Sized {
    /// The column's header.
    fn title(self) -> Msg;
    /// Parses a code (`next-visit`) or a column header in either language (`下次走访`).
    fn parse(s: &str) -> Option<Self>;
}

impl SortKeyText for SortKey {
    fn title(self) -> Msg {
        match self {
            SortKey::Rank => Msg::ColRank,
            SortKey::Name => Msg::ColName,
            SortKey::Colour => Msg::ColColour,
            SortKey::NextVisit => Msg::ColNextVisit,
            SortKey::LastVisit => Msg::ColLastVisit,
            SortKey::Tier => Msg::ColTier,
            SortKey::Batch => Msg::ColBatch,
            SortKey::District => Msg::ColDistrict,
            SortKey::Commissioner => Msg::ColCommissioner,
        }
    }

    fn parse(s: &str) -> Option<SortKey> {
        let t = s.trim();
        let code = t.to_ascii_lowercase().replace(['_', ' '], "-");
        let code = if code == "color" {
            "colour".to_string()
        } else {
            code
        };
        SortKey::ALL.iter().copied().find(|k| {
            k.code() == code
                || k.title().text(Lang::Zh) == t
                || k.title().text(Lang::En).eq_ignore_ascii_case(t)
        })
    }
}
