//! One cursor for every list: moves, clamping to the screen, mouse clicks and the window to
//! fetch. Each screen says only what is its own (which list it fetches, the enterprise and the
//! item of a row); `App` loops over the lists instead of a match arm per screen.

use super::ListId;
use super::paged::Paged;

/// Where a list's cursor stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    /// The row under the cursor.
    pub selected: usize,
    /// The first row shown.
    pub scroll: usize,
    /// Rows in the list.
    pub total: usize,
}

/// Rows of a list to read: `len` rows from `start` (both 0 for a list loaded whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub list: ListId,
    pub start: usize,
    pub len: usize,
}

/// A list with a cursor: what every screen's list shares.
pub trait ListCursor {
    fn at(&self) -> At;
    fn set_at(&mut self, selected: usize, scroll: usize);

    /// The rows to read so that the `rows` shown are loaded; `None` when they are (or the list
    /// is not read in windows).
    fn fetch(&self, _rows: usize) -> Option<Window> {
        None
    }

    /// The enterprise of the row under the cursor.
    fn enterprise_id(&self) -> Option<String> {
        None
    }

    /// The item (visit, project, request, …) of the row under the cursor, that a form asked
    /// for here starts on.
    fn item_id(&self) -> Option<String> {
        None
    }

    /// Moves the cursor by `delta` rows, stopping at the ends.
    fn move_by(&mut self, delta: isize) {
        let at = self.at();
        self.set_at(step(at.selected, at.total, delta), at.scroll);
    }

    /// Scrolls so that the cursor is among the `rows` shown.
    fn clamp_scroll(&mut self, rows: usize) {
        let at = self.at();
        let mut scroll = at.scroll;
        if at.selected < scroll {
            scroll = at.selected;
        } else if at.selected >= scroll + rows {
            scroll = at.selected + 1 - rows;
        }
        self.set_at(at.selected, scroll);
    }

    /// Puts the cursor on the row shown `offset` rows below the first (a click), if there is
    /// one.
    fn click(&mut self, offset: usize) {
        let at = self.at();
        if at.scroll + offset < at.total {
            self.set_at(at.scroll + offset, at.scroll);
        }
    }
}

/// `sel` moved by `delta` within `0..total`.
pub fn step(sel: usize, total: usize, delta: isize) -> usize {
    if total == 0 {
        return 0;
    }
    (sel as isize)
        .saturating_add(delta)
        .clamp(0, total as isize - 1) as usize
}

/// What a screen's rows say about themselves, for its `Paged` list.
pub trait PagedRow {
    /// The list the rows are fetched as.
    const LIST: ListId;
    /// Small lists are loaded whole, in one fetch.
    const WHOLE: bool = false;

    fn enterprise_id(&self) -> Option<String>;

    fn item_id(&self) -> Option<String> {
        None
    }
}

impl<T: PagedRow> ListCursor for Paged<T> {
    fn at(&self) -> At {
        At {
            selected: self.selected,
            scroll: self.scroll,
            total: self.total,
        }
    }

    fn set_at(&mut self, selected: usize, scroll: usize) {
        self.selected = selected;
        self.scroll = scroll;
    }

    fn fetch(&self, rows: usize) -> Option<Window> {
        if T::WHOLE {
            return (!self.loaded).then_some(Window {
                list: T::LIST,
                start: 0,
                len: 0,
            });
        }
        let (from, to) = (self.scroll, self.scroll + rows);
        if self.loaded && self.covers(from, to) {
            return None;
        }
        let (start, len) = self.window_for(from, to);
        Some(Window {
            list: T::LIST,
            start,
            len,
        })
    }

    fn enterprise_id(&self) -> Option<String> {
        self.selected_row().and_then(PagedRow::enterprise_id)
    }

    fn item_id(&self) -> Option<String> {
        self.selected_row().and_then(PagedRow::item_id)
    }
}
