//! The Pool screen's state: the index's view (sort, filter, search: `crate::index`) and the
//! cursor on it.

pub use crate::index::{IndexRow, PoolIndex, PoolView, Query, RowUpdate, passes};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::SortKey;
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
