//! The Review screen (待核对): the conflicts the linkage left for a person (loaded whole: they
//! are few). Enter opens a chooser of a conflict's values; the movement keys move in it, Enter
//! keeps the value under the cursor (a write, refused like every write on a read-only file or
//! in the as-of view), Esc goes back to the list.

use super::cursor::{At, ListCursor, PagedRow, Window};
use super::paged::Paged;
use super::{App, Effect, ListId, Screen};
use crate::store::review::ReviewRow;

impl PagedRow for ReviewRow {
    const LIST: ListId = ListId::Review;
    const WHOLE: bool = true;

    /// A conflict is acted on here, not in an enterprise's detail.
    fn enterprise_id(&self) -> Option<String> {
        None
    }
}

/// The chooser open over the list: which conflict (by its key, so a reload that drops it
/// closes the chooser instead of pointing at another) and the choice under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Chooser {
    pub table: String,
    pub row_id: String,
    pub column: String,
    /// Position among the row's [`ReviewRow::choices`].
    pub selected: usize,
}

/// The Review screen: the conflicts, and the chooser when one is open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewState {
    pub list: Paged<ReviewRow>,
    pub chooser: Option<Chooser>,
}

impl ReviewState {
    /// The conflict the chooser is open on, while it is still in the list.
    pub fn chosen(&self) -> Option<(&Chooser, &ReviewRow)> {
        let c = self.chooser.as_ref()?;
        let row = self
            .list
            .rows
            .iter()
            .find(|r| r.key() == (c.table.as_str(), c.row_id.as_str(), c.column.as_str()))?;
        Some((c, row))
    }

    /// Opens the chooser on the selected conflict, on its first choice (the value shown now).
    fn open(&mut self) {
        if let Some(r) = self.list.selected_row() {
            let (table, row_id, column) = r.key();
            self.chooser = Some(Chooser {
                table: table.into(),
                row_id: row_id.into(),
                column: column.into(),
                selected: 0,
            });
        }
    }
}

/// The list's cursor, or the chooser's while it is open (so every movement key moves in it).
impl ListCursor for ReviewState {
    fn at(&self) -> At {
        match self.chosen() {
            Some((c, row)) => At {
                selected: c.selected,
                scroll: 0,
                total: row.choices().len(),
            },
            None => self.list.at(),
        }
    }

    fn set_at(&mut self, selected: usize, scroll: usize) {
        if self.chosen().is_some() {
            if let Some(c) = &mut self.chooser {
                c.selected = selected;
            }
            return;
        }
        self.list.set_at(selected, scroll)
    }

    fn fetch(&self, rows: usize) -> Option<Window> {
        self.list.fetch(rows)
    }

    /// The chooser's box is not where the list's rows are: a click leaves it as it is.
    fn click(&mut self, offset: usize) {
        if self.chosen().is_none() {
            self.list.click(offset);
        }
    }
}

impl App {
    /// Enter on the Review screen: opens the chooser, or keeps the value under its cursor.
    pub(super) fn review_enter(&mut self, fx: &mut Vec<Effect>) {
        let Some((c, row)) = self.review.chosen() else {
            return self.review.open();
        };
        let Some(&pick) = row.choices().get(c.selected) else {
            return;
        };
        if let Some(why) = self.write_refusal() {
            self.status = Some(why);
            return;
        }
        let candidate = &row.conflict.candidates[pick];
        fx.push(Effect::Resolve {
            conflict: Box::new(row.conflict.clone()),
            origin: candidate.origin.clone(),
            seq: candidate.seq,
        });
        self.review.chooser = None;
    }

    /// Esc: closes the chooser on the Review screen, else leaves the detail.
    pub(super) fn back(&mut self) {
        if self.screen == Screen::Review && self.detail.is_none() && self.review.chooser.is_some() {
            self.review.chooser = None;
        } else {
            self.detail = None;
        }
    }
}
