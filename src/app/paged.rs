//! A list read from SQLite a window at a time: the total, a window of loaded rows, the cursor.
//! Moving outside the window asks for another window (an `Effect::Fetch`); nothing else is read.

/// How many screens of rows one fetch reads: the one shown and one on each side. A fetch
/// thus costs what the screen shows (not a fixed number of rows), paging reads again every
/// few pages, and the pages SQLite reads for two lists' windows stay in its cache together.
pub const SCREENS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    /// Rows in the whole list.
    pub total: usize,
    /// Position in the list of `rows[0]`.
    pub start: usize,
    pub rows: Vec<T>,
    pub selected: usize,
    pub scroll: usize,
    /// Whether the first window has arrived.
    pub loaded: bool,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            total: 0,
            start: 0,
            rows: Vec::new(),
            selected: 0,
            scroll: 0,
            loaded: false,
        }
    }
}

impl<T> Paged<T> {
    /// The row at a list position, if loaded.
    pub fn get(&self, pos: usize) -> Option<&T> {
        pos.checked_sub(self.start).and_then(|i| self.rows.get(i))
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.get(self.selected)
    }

    /// Whether positions `from..to` are all loaded.
    pub fn covers(&self, from: usize, to: usize) -> bool {
        let to = to.min(self.total);
        from >= self.start && to <= self.start + self.rows.len()
    }

    /// The window to fetch so that `from..to` (the screen) is loaded, centred on it.
    pub fn window_for(&self, from: usize, to: usize) -> (usize, usize) {
        let span = to.saturating_sub(from).max(1);
        (from.saturating_sub(span), span * SCREENS)
    }

    /// Stores a fetched window (and the total, which may have changed).
    pub fn fill(&mut self, start: usize, rows: Vec<T>, total: usize) {
        self.start = start;
        self.rows = rows;
        self.total = total;
        self.loaded = true;
        if self.selected >= total {
            self.selected = total.saturating_sub(1);
        }
    }

    /// Forgets the rows (after a write or a change of date); the next draw fetches again.
    pub fn invalidate(&mut self) {
        self.rows.clear();
        self.start = 0;
        self.loaded = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_covers_and_positions() {
        let mut p: Paged<u32> = Paged::default();
        assert!(!p.covers(0, 10) || p.total == 0);
        p.fill(100, (100..300).collect(), 1000);
        assert_eq!(p.get(150), Some(&150));
        assert_eq!(p.get(99), None);
        assert!(p.covers(100, 300));
        assert!(!p.covers(250, 310));
        // A screen of 30 rows: the window is it and a screen on each side.
        assert_eq!(p.window_for(500, 530), (470, 90));
        assert_eq!(p.window_for(10, 40), (0, 90));
        assert_eq!(p.window_for(7, 7), (6, 3));
    }

    #[test]
    fn fill_clamps_the_cursor() {
        let mut p: Paged<u32> = Paged {
            selected: 50,
            ..Paged::default()
        };
        p.fill(0, vec![1, 2, 3], 3);
        assert_eq!(p.selected, 2);
    }
}
