//! The Pool screen's state: the index's view (sort, filter, search: `crate::index`) and the
//! cursor on it; before the index has loaded, pages read by SQL in rank order (the default
//! sort), with the sort, filter and search asked for meanwhile kept until it arrives.

use super::cursor::{At, ListCursor, PagedRow};
use super::paged::Paged;
use super::{App, ListId, Overlay, Screen};
use crate::i18n::Msg;
use crate::i18n::start_text::{Waiting, waiting};
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

/// The Pool screen until its index arrives (at start, the index loads behind the first frame).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoolStart {
    /// Pages of the pool in rank order, the index's default view, read by SQL.
    pub page: Paged<RowUpdate>,
    /// A sort asked for meanwhile (key, descending): applied when the index arrives.
    pub sort: Option<(SortKey, bool)>,
    /// A filter set meanwhile (the Commissioners screen's Enter): applied likewise.
    pub filter: Option<ListFilter>,
}

impl PagedRow for RowUpdate {
    const LIST: ListId = ListId::Pool;

    fn enterprise_id(&self) -> Option<String> {
        Some(self.row.id.to_string())
    }
}

/// The sort after a sort key: `set` picks a key, else `next` cycles to the next column, else
/// the direction reverses. A new key sorts ascending.
fn sort_step(
    (sort, desc): (SortKey, bool),
    next: bool,
    set: Option<SortKey>,
) -> (SortKey, bool) {
    if let Some(k) = set {
        (k, false)
    } else if next {
        let i = SortKey::ALL.iter().position(|k| *k == sort).unwrap_or(0);
        (SortKey::ALL[(i + 1) % SortKey::ALL.len()], false)
    } else {
        (sort, !desc)
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
    /// filter, search and the enterprise under the cursor. The first index takes over from
    /// the SQL pages: the sort, filter and search asked for meanwhile apply, and the cursor
    /// stays on the enterprise it was on.
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
        } else {
            let start = std::mem::take(&mut self.pool_start);
            let reordered = start.sort.is_some() || start.filter.is_some();
            if let Some((sort, desc)) = start.sort {
                p.sort = sort;
                p.desc = desc;
            }
            if let Some(filter) = start.filter {
                p.filter = filter;
            }
            if reordered {
                p.resort(today);
            }
            let on = start.page.selected_row().map(|r| r.row.id.to_string());
            if let Some(id) = on
                && p.select_id(&id)
                && !reordered
            {
                // The same order: the screen does not move.
                p.scroll = start.page.scroll;
            }
            if let Some(q) = self.pending_query.take() {
                p.query = q;
                p.research();
                if let Some(m) = p.next_match(p.selected, true) {
                    p.selected = m;
                }
            }
        }
        self.pool = Some(p);
    }

    /// A page of the Pool screen read before its index (dropped if the index came first).
    pub(super) fn fill_pool_page(&mut self, start: usize, rows: Vec<RowUpdate>, total: usize) {
        if self.pool.is_none() {
            self.pool_start.page.fill(start, rows, total);
        }
    }

    /// The Pool screen's sort and direction, or (before the index) the one asked for, with
    /// whether the index is there to show it.
    pub fn pool_sort(&self) -> ((SortKey, bool), bool) {
        match &self.pool {
            Some(p) => ((p.sort, p.desc), true),
            None => (
                self.pool_start.sort.unwrap_or((SortKey::Rank, false)),
                false,
            ),
        }
    }

    /// Cycles the Pool sort column (or sets it), or reverses it; before the index, the sort
    /// waits for it (and says so).
    pub(super) fn sort(&mut self, next: bool, set: Option<SortKey>) {
        let today = self.today();
        let ((key, desc), ready) = self.pool_sort();
        let (key, desc) = sort_step((key, desc), next, set);
        match &mut self.pool {
            Some(p) if ready => {
                p.sort = key;
                p.desc = desc;
                p.resort(today);
            }
            _ => {
                self.pool_start.sort = Some((key, desc));
                self.status = Some(waiting(Waiting::Sort, self.lang));
            }
        }
    }

    /// The filter menu, once the index (which lists the districts and commissioners) is
    /// there; before, it says it waits.
    pub(super) fn open_filter(&mut self) {
        if self.pool.is_none() {
            self.status = Some(waiting(Waiting::FilterMenu, self.lang));
            return;
        }
        self.overlay = Overlay::Filter(super::FilterMenu {
            dim: 0,
            values: None,
        });
    }

    /// The Pool screen with only the enterprises `filter` passes, the cursor on the first;
    /// before the index, the filter waits for it (and says so).
    pub(super) fn filter_pool(&mut self, filter: ListFilter) {
        let today = self.today();
        self.screen = Screen::Pool;
        match &mut self.pool {
            Some(p) => {
                p.filter = filter;
                p.refilter(today);
                p.selected = 0;
            }
            None => {
                self.pool_start.filter = Some(filter);
                self.pool_start.page.selected = 0;
                self.status = Some(waiting(Waiting::Filter, self.lang));
            }
        }
    }

    /// Drops every filter of the Pool screen (before the index, the one waiting for it).
    pub(super) fn clear_filter(&mut self) {
        let today = self.today();
        if let Some(p) = &mut self.pool {
            p.filter = ListFilter::default();
            p.refilter(today);
        }
        self.pool_start.filter = None;
    }

    /// The search being typed: the index's, or the one waiting for it.
    pub(super) fn search_text(&self) -> String {
        match (&self.pool, &self.pending_query) {
            (Some(p), _) => p.query.text.clone(),
            (None, Some(q)) => q.text.clone(),
            (None, None) => String::new(),
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
            None => self.pending_query = Some(q).filter(|q| !q.is_empty()),
        }
    }

    /// `n` / `N`: the next or previous match, wrapping around (before the index, the matches
    /// are not known yet: it says so).
    pub(super) fn jump_to_match(&mut self, forward: bool) {
        let Some(p) = &mut self.pool else {
            if self.pending_query.is_some() {
                self.status = Some(waiting(Waiting::Search, self.lang));
            }
            return;
        };
        let from = if forward { p.selected + 1 } else { p.selected };
        if let Some(m) = p.next_match(from, forward) {
            p.selected = m;
        } else if !p.query.is_empty() {
            self.status = Some(Msg::NoMatch.text(self.lang).into());
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
