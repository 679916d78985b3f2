//! The Pool screen's state: the index's view (sort, filter, search: `crate::index`) and the
//! cursor on it.

use super::cursor::{At, ListCursor};
use super::{App, Screen};
use crate::i18n::Msg;
pub use crate::index::{IndexRow, PoolIndex, PoolView, Query, RowUpdate, passes};
use crate::index::{ListFilter, SortKey};
use time::Date;

/// The Pool screen: the view of the index, the cursor and the first row shown.
///
/// It dereferences to its `PoolView`, so the sort, filter and search are read and set as
/// `state.sort`, `state.filter`, `state.query`; the methods here that change the view keep the
/// selected enterprise under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolState {
    pub list: PoolView,
    /// Cursor and first shown row, as positions in the view.
    pub selected: usize,
    pub scroll: usize,
}

impl std::ops::Deref for PoolState {
    type Target = PoolView;
    fn deref(&self) -> &PoolView {
        &self.list
    }
}

impl std::ops::DerefMut for PoolState {
    fn deref_mut(&mut self) -> &mut PoolView {
        &mut self.list
    }
}

impl PoolState {
    pub fn new(index: PoolIndex, today: Date) -> PoolState {
        PoolState {
            list: PoolView::new(index, today),
            selected: 0,
            scroll: 0,
        }
    }

    /// The row under the cursor.
    pub fn selected_row(&self) -> Option<&IndexRow> {
        self.list.row_at(self.selected)
    }

    /// Puts the cursor on row `keep` if it is in the view, else on the first row.
    fn select_row(&mut self, keep: Option<u32>) {
        self.scroll = 0;
        self.selected = keep
            .and_then(|row| self.list.position_of_row(row))
            .unwrap_or(0);
    }

    /// Re-sorts (picks the sort key's order), keeping filter, search and selected enterprise.
    pub fn resort(&mut self, today: Date) {
        let keep = self.list.view_row(self.selected);
        self.list.resort(today);
        self.select_row(keep);
    }

    /// Re-applies the filter and re-runs the search, keeping the selected enterprise.
    pub fn refilter(&mut self, today: Date) {
        let keep = self.list.view_row(self.selected);
        self.list.refilter(today);
        self.select_row(keep);
    }

    /// Moves the cursor to an enterprise if it is in the view.
    pub fn select_id(&mut self, id: &str) -> bool {
        match self.list.position_of_id(id) {
            Some(pos) => {
                self.selected = pos;
                true
            }
            None => false,
        }
    }

    /// Drops an enterprise (deleted, or its insert undone), keeping the cursor on the
    /// enterprise it was on.
    pub fn remove(&mut self, id: &str, today: Date) {
        let before = self.list.view_row(self.selected);
        if let Some(i) = self.list.remove(id, today) {
            let keep = before.and_then(|r| match r.cmp(&i) {
                std::cmp::Ordering::Less => Some(r),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => Some(r - 1),
            });
            self.select_row(keep);
        }
    }

    /// Replaces one enterprise's row after a write (or adds it), keeping sort, filter and the
    /// enterprise under the cursor.
    pub fn upsert(&mut self, update: RowUpdate, today: Date) {
        let keep = self.list.view_row(self.selected);
        self.list.upsert(update, today);
        self.select_row(keep);
    }
}

impl ListCursor for PoolState {
    fn at(&self) -> At {
        At {
            selected: self.selected,
            scroll: self.scroll,
            total: self.view_len(),
        }
    }

    fn set_at(&mut self, selected: usize, scroll: usize) {
        self.selected = selected;
        self.scroll = scroll;
    }

    fn enterprise_id(&self) -> Option<String> {
        self.selected_row().map(|r| r.id.to_string())
    }
}

impl App {
    /// The index arrived: the Pool screen starts, or (the file changed) keeps its sort,
    /// filter, search and the enterprise under the cursor.
    pub(super) fn loaded_index(&mut self, index: PoolIndex) {
        let today = self.today();
        let mut p = PoolState::new(index, today);
        if let Some(old) = self.pool.take() {
            p.sort = old.sort;
            p.desc = old.desc;
            p.filter = old.filter.clone();
            p.query = old.query.clone();
            p.resort(today);
            p.research();
            if let Some(r) = old.selected_row() {
                p.select_id(&r.id);
            }
        } else if let Some(q) = self.pending_query.take() {
            p.query = q;
            p.research();
        }
        self.pool = Some(p);
    }

    /// Cycles the Pool sort column (or sets it), or reverses it.
    pub(super) fn sort(&mut self, next: bool, set: Option<SortKey>) {
        let today = self.today();
        let Some(p) = &mut self.pool else { return };
        if let Some(k) = set {
            p.sort = k;
            p.desc = false;
        } else if next {
            let i = SortKey::ALL.iter().position(|k| *k == p.sort).unwrap_or(0);
            p.sort = SortKey::ALL[(i + 1) % SortKey::ALL.len()];
            p.desc = false;
        } else {
            p.desc = !p.desc;
        }
        p.resort(today);
    }

    /// Drops every filter of the Pool screen.
    pub(super) fn clear_filter(&mut self) {
        let today = self.today();
        if let Some(p) = &mut self.pool {
            p.filter = ListFilter::default();
            p.refilter(today);
        }
    }

    /// Drops the search (also one typed before the index arrived).
    pub(super) fn clear_search(&mut self) {
        if let Some(p) = &mut self.pool {
            p.clear_search();
        }
        self.pending_query = None;
    }

    /// Searches as typed: the cursor goes to the first match from where it is (kept for the
    /// index when it has not arrived yet).
    pub(super) fn search_for(&mut self, text: &str) {
        let q = Query::new(text);
        match &mut self.pool {
            Some(p) => {
                p.query = q;
                p.research();
                if let Some(m) = p.next_match(p.selected, true) {
                    p.selected = m;
                }
            }
            None => self.pending_query = Some(q),
        }
    }

    /// `n` / `N`: the next or previous match, wrapping around.
    pub(super) fn jump_to_match(&mut self, forward: bool) {
        if let Some(p) = &mut self.pool {
            let from = if forward { p.selected + 1 } else { p.selected };
            if let Some(m) = p.next_match(from, forward) {
                p.selected = m;
            } else if !p.query.is_empty() {
                self.status = Some(Msg::NoMatch.text(self.lang).into());
            }
        }
    }

    /// The Pool screen with the enterprise `id` under the cursor and its detail open; the
    /// filter is dropped when it hides the enterprise.
    pub(super) fn show_in_pool(&mut self, id: String, fx: &mut Vec<super::Effect>) {
        let today = self.today();
        if let Some(p) = &mut self.pool
            && !p.select_id(&id)
        {
            p.filter = ListFilter::default();
            p.refilter(today);
            p.select_id(&id);
        }
        self.screen = Screen::Pool;
        self.open_detail(id, fx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::{TODAY, sample};

    #[test]
    fn sort_keeps_the_selected_enterprise() {
        let mut s = PoolState::new(sample(), TODAY);
        s.selected = 2; // D
        s.sort = SortKey::Name;
        s.resort(TODAY);
        assert_eq!(s.selected_row().map(|r| &*r.id), Some("D"));
    }
}
