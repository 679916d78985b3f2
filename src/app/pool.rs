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
fn sort_step((sort, desc): (SortKey, bool), next: bool, set: Option<SortKey>) -> (SortKey, bool) {
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
        self.loaded_view(PoolView::new(index, self.today()));
    }

    /// [`App::loaded_index`] with the index's view already built.
    pub(super) fn loaded_view(&mut self, view: PoolView) {
        let today = self.today();
        let mut p = PoolState {
            list: view,
            selected: 0,
            scroll: 0,
        };
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
    use crate::app::tests::app;
    use crate::app::{Action, Effect, Loaded, Rows};
    use crate::index::tests::{TODAY, row, sample};
    use crossterm::event::{KeyCode, KeyEvent};

    #[test]
    fn sort_keeps_the_selected_enterprise() {
        let mut s = PoolState::new(sample(), TODAY);
        s.selected = 2; // D
        s.sort = SortKey::Name;
        s.resort(TODAY);
        assert_eq!(s.selected_row().map(|r| &*r.id), Some("D"));
    }

    fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
        a.update(Action::Key(KeyEvent::from(code)))
    }

    fn typed(a: &mut App, keys: &str) {
        for c in keys.chars() {
            press(a, KeyCode::Char(c));
        }
    }

    /// Rows of an index as SQL pages bring them, in the order of `rows`.
    fn page_of(ix: &PoolIndex, rows: &[usize]) -> Vec<RowUpdate> {
        rows.iter()
            .map(|&i| RowUpdate {
                row: ix.rows[i].clone(),
                name: ix.name(i).to_string(),
                initials: ix.initials.get(i).to_string(),
                district: ix.district(&ix.rows[i]).to_string(),
                commissioner: Some(ix.commissioner(&ix.rows[i]).to_string()),
            })
            .collect()
    }

    /// The app (100x30: the list shows 25 rows) before its index, its first page loaded: the sample pool in rank order, B (1),
    /// A (2), D (3), then C (unranked).
    fn started() -> App {
        let mut a = app();
        let fx = a.update(Action::Resize(100, 30));
        // The screen's 25 rows and one screen on each side, read by SQL.
        assert!(
            matches!(
                fx.as_slice(),
                [Effect::Fetch {
                    list: ListId::Pool,
                    start: 0,
                    len: 75,
                    ..
                }]
            ),
            "{fx:?}"
        );
        let rows = Rows::Pool(page_of(&sample(), &[1, 0, 3, 2]));
        let page = Loaded::Page {
            list: ListId::Pool,
            start: 0,
            total: 4,
            rows,
        };
        assert_eq!(a.update(Action::Loaded(page)), []);
        a
    }

    fn index_arrives(a: &mut App, index: PoolIndex) {
        assert_eq!(a.update(Action::Loaded(Loaded::Index(index))), []);
    }

    fn on(a: &App) -> Option<String> {
        a.selected_enterprise()
    }

    const SORT_WAITS: &str = "索引加载中…：排序将在索引就绪后生效";

    #[test]
    fn before_the_index_the_sql_page_moves_and_opens_like_the_table() {
        let mut a = started();
        assert!(a.pool.is_none());
        assert_eq!(on(&a).as_deref(), Some("B"));
        press(&mut a, KeyCode::Char('j'));
        press(&mut a, KeyCode::Char('j'));
        assert_eq!(on(&a).as_deref(), Some("D"));
        press(&mut a, KeyCode::Char('G'));
        assert_eq!(on(&a).as_deref(), Some("C"));
        assert_eq!(
            press(&mut a, KeyCode::Enter),
            [Effect::LoadDetail("C".into())]
        );
        // Nothing waits for the index here: no status.
        assert_eq!(a.status, None);
    }

    #[test]
    fn a_sort_before_the_index_waits_says_so_and_applies_keeping_the_enterprise() {
        let mut a = started();
        press(&mut a, KeyCode::Char('j')); // A
        assert_eq!(press(&mut a, KeyCode::Char('s')), []);
        assert_eq!(a.status.as_deref(), Some(SORT_WAITS));
        assert_eq!(a.pool_start.sort, Some((SortKey::Name, false)));
        press(&mut a, KeyCode::Char('S'));
        assert_eq!(a.pool_start.sort, Some((SortKey::Name, true)));
        assert_eq!(a.pool_sort(), ((SortKey::Name, true), false));
        // The page still shows rank order, the cursor where it was.
        assert_eq!(on(&a).as_deref(), Some("A"));
        index_arrives(&mut a, sample());
        let p = a.pool.as_ref().expect("the index");
        assert_eq!((p.sort, p.desc), (SortKey::Name, true));
        // By name, descending: D 新疆天山, A 新疆克拉玛依, B 兰州, C 甘肃.
        assert_eq!(p.selected, 1);
        assert_eq!(on(&a).as_deref(), Some("A"));
        assert_eq!(a.pool_start, PoolStart::default());
        // Now a sort key sorts at once, with nothing to say.
        press(&mut a, KeyCode::Char('s'));
        assert_eq!(a.status, None);
        assert_eq!(a.pool.as_ref().map(|p| p.sort), Some(SortKey::Tier));
    }

    #[test]
    fn the_filter_menu_before_the_index_says_it_waits_and_opens_after() {
        let mut a = started();
        press(&mut a, KeyCode::Char('f'));
        assert_eq!(a.overlay, Overlay::None);
        assert_eq!(
            a.status.as_deref(),
            Some("索引加载中…：筛选菜单在索引就绪后可用，请稍候再按")
        );
        index_arrives(&mut a, sample());
        press(&mut a, KeyCode::Char('f'));
        assert!(matches!(a.overlay, Overlay::Filter(_)));
    }

    #[test]
    fn a_filter_set_before_the_index_waits_and_applies_and_shift_f_drops_it() {
        let mut a = started();
        a.screen = Screen::Agenda;
        let only = ListFilter {
            colour: Some(crate::domain::Colour::Red),
            ..ListFilter::default()
        };
        a.filter_pool(only.clone());
        assert_eq!(a.screen, Screen::Pool);
        assert_eq!(
            a.status.as_deref(),
            Some("索引加载中…：筛选将在索引就绪后生效")
        );
        assert_eq!(a.pool_start.filter, Some(only.clone()));
        press(&mut a, KeyCode::Char('F'));
        assert_eq!(a.pool_start.filter, None);
        a.filter_pool(only.clone());
        index_arrives(&mut a, sample());
        let p = a.pool.as_ref().expect("the index");
        assert_eq!(p.filter, only);
        // Only B is red.
        assert_eq!(p.view_len(), 1);
        assert_eq!(on(&a).as_deref(), Some("B"));
    }

    #[test]
    fn a_search_before_the_index_waits_n_says_so_and_it_finds_when_the_index_arrives() {
        let mut a = started();
        typed(&mut a, "/天山");
        press(&mut a, KeyCode::Enter);
        assert_eq!(a.search_text(), "天山");
        press(&mut a, KeyCode::Char('n'));
        assert_eq!(
            a.status.as_deref(),
            Some("索引加载中…：搜索结果将在索引就绪后显示")
        );
        // Opening the search line again shows what was typed.
        typed(&mut a, "/");
        assert_eq!(
            a.overlay,
            Overlay::Search(super::super::LineInput {
                text: "天山".into()
            })
        );
        press(&mut a, KeyCode::Enter);
        index_arrives(&mut a, sample());
        assert_eq!(a.pending_query, None);
        // The cursor goes to the match, D 新疆天山 (third by rank).
        assert_eq!(on(&a).as_deref(), Some("D"));
        assert_eq!(a.pool.as_ref().map(|p| p.match_count()), Some(1));
    }

    #[test]
    fn goto_before_the_index_says_it_waits() {
        let mut a = started();
        typed(&mut a, ":goto 天山");
        press(&mut a, KeyCode::Enter);
        assert_eq!(
            a.status.as_deref(),
            Some("索引加载中…：:goto 在索引就绪后可用，请稍候再试")
        );
        assert!(a.detail.is_none());
    }

    #[test]
    fn the_index_takes_over_the_page_keeping_the_cursor_and_the_scroll() {
        let n = 60;
        let ix = PoolIndex {
            rows: (0..n)
                .map(|i| row(&format!("E{i:02}"), Some(i as u32 + 1), None))
                .collect(),
            names: (0..n).map(|i| format!("企业{i:02}")).collect(),
            initials: (0..n).map(|i| format!("qy{i:02}")).collect(),
            districts: vec!["乌鲁木齐市天山区".into()],
            commissioners: vec!["王芳".into()],
        };
        let mut a = app();
        a.update(Action::Resize(100, 30));
        let all: Vec<usize> = (0..n).collect();
        let page = Loaded::Page {
            list: ListId::Pool,
            start: 0,
            total: n,
            rows: Rows::Pool(page_of(&ix, &all)),
        };
        a.update(Action::Loaded(page));
        for _ in 0..40 {
            press(&mut a, KeyCode::Char('j'));
        }
        for _ in 0..10 {
            press(&mut a, KeyCode::Char('k'));
        }
        // The screen scrolled down, then the cursor came up without scrolling back.
        let (selected, scroll) = (a.pool_start.page.selected, a.pool_start.page.scroll);
        assert_eq!((selected, scroll), (30, 16));
        index_arrives(&mut a, ix);
        let p = a.pool.as_ref().expect("the index");
        assert_eq!((p.selected, p.scroll), (30, 16));
        assert_eq!(on(&a).as_deref(), Some("E30"));
        // A page read before the index but arriving after it changes nothing.
        let late = Loaded::Page {
            list: ListId::Pool,
            start: 0,
            total: 1,
            rows: Rows::Pool(Vec::new()),
        };
        a.update(Action::Loaded(late));
        assert!(!a.pool_start.page.loaded);
        assert_eq!(on(&a).as_deref(), Some("E30"));
    }
}
