//! The Commissioners screen's reads that are not figures (those are in `store::bureau`): who a
//! commissioner is, and the list to choose from.

use super::Result;
use rusqlite::{Connection, OptionalExtension};

/// A commissioner's name (`None`: no such commissioner).
pub fn name_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM commissioners WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Every commissioner: (id, name), by name.
pub fn names(conn: &Connection) -> Result<Vec<(String, String)>> {
    Ok(super::ledgers::commissioners(conn)?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// A commissioner's name; an error when there is no such commissioner.
pub fn name(conn: &Connection, id: &str) -> Result<String> {
    Ok(
        conn.query_row("SELECT name FROM commissioners WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

use super::listview::{Facet, SortCol, SortValue, ViewRow};
use crate::domain::commissioners::CommissionerFigures;

/// The columns the Commissioners list sorts by (its own order: by name).
pub const COMMISSIONER_SORTS: &[SortCol] = &[
    SortCol::Name,
    SortCol::Enterprises,
    SortCol::VisitsDone,
    SortCol::Cadence,
    SortCol::Overdue,
    SortCol::Requests,
    SortCol::Breaches,
    SortCol::RedShare,
    SortCol::District,
];

/// The facets the Commissioners list filters by: the commissioner's own district.
pub const COMMISSIONER_FACETS: &[Facet] = &[Facet::District];

impl ViewRow for CommissionerFigures {
    fn sort_value(&self, col: SortCol) -> SortValue {
        let n = |v: u32| SortValue::Number(f64::from(v));
        let share = |v: Option<f64>| v.map_or(SortValue::None, SortValue::Number);
        match col {
            SortCol::Name => SortValue::Text(self.name.clone()),
            SortCol::Enterprises => n(self.enterprises),
            SortCol::VisitsDone => n(self.visits_done),
            SortCol::Cadence => share(self.cadence_share()),
            SortCol::Overdue => n(self.visits_overdue),
            SortCol::Requests => n(self.requests),
            SortCol::Breaches => n(self.breaches),
            SortCol::RedShare => share(self.red_share),
            SortCol::District => SortValue::Text(self.district.clone()),
            _ => SortValue::None,
        }
    }

    fn facet_value(&self, f: Facet) -> Option<String> {
        (f == Facet::District).then(|| self.district.clone())
    }
}

/// The years the Commissioners screen offers: from the first year a visit was planned or
/// done to `this_year`, oldest first.
pub fn years(conn: &Connection, this_year: i32) -> Result<Vec<i32>> {
    let first: Option<String> = conn.query_row(
        "SELECT min(coalesce(done_on, planned_on)) FROM visits",
        [],
        |r| r.get(0),
    )?;
    let first = first
        .and_then(|d| d.get(..4).and_then(|y| y.parse::<i32>().ok()))
        .unwrap_or(this_year)
        .min(this_year);
    Ok((first..=this_year).collect())
}
