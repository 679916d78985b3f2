//! Sort and filter on every list screen, with the Pool's keys (`s`/`S`, `f`/`F`, `:sort`): one
//! part for all the lists but the Pool (whose index sorts and filters). A list's view
//! (`store::listview::ListQuery`) goes with each fetch; a change of view reads the list anew
//! from its top. Commissioners and Targets also switch year (`[` `]`) as the Ranking does.

use super::overlay::{FilterMenu, Overlay};
use super::paged::Paged;
use super::{App, Effect, ListId, Screen};
use crate::i18n::listview_text as words;
use crate::i18n::sort_text::SortKeyText as _;
use crate::keymap::FilterKey;
use crate::store::listview::{Facet, ListQuery, SortCol};
use crate::store::{agenda, alerts, certs, commissioners, ranking, requests, targets};
use crossterm::event::KeyEvent;
use std::collections::HashMap;

/// Each list's view, and the year Commissioners and Targets show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListViews {
    views: HashMap<ListId, ListQuery>,
    /// Per list with a year switch: the year shown (`None`: this year) and the years it
    /// offers (empty until read).
    years: HashMap<ListId, (Option<i32>, Vec<i32>)>,
    /// A year step asked before the years were read: taken when they arrive.
    pending_step: Option<(ListId, bool)>,
}

impl ListViews {
    /// A list's view (its own order, unfiltered, until changed).
    pub fn get(&self, list: ListId) -> ListQuery {
        self.views.get(&list).cloned().unwrap_or_default()
    }

    /// The year a list shows, if it switches years and one was chosen.
    pub fn year(&self, list: ListId) -> Option<i32> {
        self.years.get(&list).and_then(|(y, _)| *y)
    }

    /// views: shows `year` on a list with a year switch (`None`: this year).
    pub(super) fn set_year(&mut self, list: ListId, year: Option<i32>) {
        self.years.entry(list).or_default().0 = year;
    }
}

/// The list a screen shows (the Pool's is the index's).
pub fn list_of(screen: Screen) -> Option<ListId> {
    Some(match screen {
        // The conflicts waiting are few: the Review list has no sort or filter of its own.
        Screen::Pool | Screen::Review => return None,
        Screen::Agenda => ListId::Agenda,
        Screen::Alerts => ListId::Alerts,
        Screen::Ranking => ListId::Ranking,
        Screen::Certs => ListId::Certs,
        Screen::Requests => ListId::Requests,
        Screen::Commissioners => ListId::Commissioners,
        Screen::Targets => ListId::Targets,
        Screen::History => ListId::History,
    })
}

/// The columns a list sorts by; the first is its own order.
pub fn sorts(list: ListId) -> &'static [SortCol] {
    match list {
        ListId::Agenda => agenda::AGENDA_SORTS,
        ListId::Alerts => alerts::ALERT_SORTS,
        ListId::Ranking => ranking::RANKING_SORTS,
        ListId::Certs => certs::CERT_SORTS,
        ListId::Requests => requests::REQUEST_SORTS,
        ListId::Commissioners => commissioners::COMMISSIONER_SORTS,
        ListId::Targets => targets::TARGET_SORTS,
        ListId::History => crate::store::history::HISTORY_SORTS,
        ListId::Review | ListId::Pool => &[],
    }
}

/// The facets a list filters by, in menu order.
pub fn facets(list: ListId) -> &'static [Facet] {
    match list {
        ListId::Agenda => agenda::AGENDA_FACETS,
        ListId::Alerts => alerts::ALERT_FACETS,
        ListId::Ranking => ranking::RANKING_FACETS,
        ListId::Certs => certs::CERT_FACETS,
        ListId::Requests => requests::REQUEST_FACETS,
        ListId::Commissioners => commissioners::COMMISSIONER_FACETS,
        ListId::Targets => targets::TARGET_FACETS,
        ListId::History => crate::store::history::HISTORY_FACETS,
        ListId::Review | ListId::Pool => &[],
    }
}

/// The column a view sorts by, and whether descending: the list's own order is its first
/// column, ascending.
pub fn sorted_by(list: ListId, q: &ListQuery) -> (SortCol, bool) {
    match q.sort {
        Some(c) => (c, q.descending()),
        None => (sorts(list)[0], false),
    }
}

/// The next sort of a list (`s`): the next column in its first direction, back to the list's
/// own order after the last.
fn next_sort(list: ListId, q: &mut ListQuery) {
    let cols = sorts(list);
    let (now, _) = sorted_by(list, q);
    let i = cols.iter().position(|c| *c == now).unwrap_or(0);
    let next = cols[(i + 1) % cols.len()];
    q.sort = (next != cols[0]).then_some(next);
    q.reverse = false;
}

/// The sort turned (`S`); the list's own order turned back is its own order again (read by
/// the list's own query).
fn reverse_sort(list: ListId, q: &mut ListQuery) {
    let own = sorts(list)[0];
    let col = q.sort.unwrap_or(own);
    q.reverse = !q.reverse;
    q.sort = (col != own || q.reverse).then_some(col);
}

impl App {
    /// The list of the current screen, unless the Pool or a detail shows.
    fn current_list(&self) -> Option<ListId> {
        if self.detail.is_some() {
            return None;
        }
        list_of(self.screen)
    }

    /// Sets a list's view and reads the list anew from its top.
    pub(super) fn set_view(&mut self, list: ListId, q: ListQuery) {
        self.views.views.insert(list, q);
        self.reread(list);
    }

    /// Forgets a list's rows and puts its cursor on the first row.
    fn reread(&mut self, list: ListId) {
        fn reset<T>(p: &mut Paged<T>) {
            p.invalidate();
            p.set_at_top();
        }
        match list {
            ListId::Agenda => reset(&mut self.agenda),
            ListId::Alerts => reset(&mut self.alerts),
            ListId::Ranking => reset(&mut self.ranking.list),
            ListId::Certs => reset(&mut self.certs),
            ListId::Requests => reset(&mut self.requests),
            ListId::Commissioners => reset(&mut self.commissioners),
            ListId::Targets => reset(&mut self.targets),
            ListId::Review => reset(&mut self.review.list),
            ListId::History => reset(&mut self.history),
            ListId::Pool => reset(&mut self.pool_start.page),
        }
        self.failed = None;
    }

    /// `s` / `S`: the Pool's sort, or the current list's.
    pub(super) fn sort_here(&mut self, next: bool) {
        let Some(list) = list_of(self.screen) else {
            return self.sort(next, None);
        };
        let mut q = self.views.get(list);
        if next {
            next_sort(list, &mut q);
        } else {
            reverse_sort(list, &mut q);
        }
        self.set_view(list, q);
    }

    /// `:sort CODE` on a list screen: sorts it by that column, or says which it has (true).
    /// False on the Pool, and for a Pool column the list has not (the Pool's own `:sort` then
    /// shows the Pool sorted so).
    pub(super) fn sort_list_by(&mut self, code: &str) -> bool {
        let Some(list) = self.current_list() else {
            return false;
        };
        let code = code.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let l = self.lang;
        let cols = sorts(list);
        let found = cols
            .iter()
            .copied()
            .find(|c| c.code() == code || words::col_title(*c).text(l).eq_ignore_ascii_case(&code));
        match found {
            Some(c) => {
                let mut q = self.views.get(list);
                q.sort = (c != cols[0]).then_some(c);
                q.reverse = false;
                self.set_view(list, q);
            }
            None if crate::index::SortKey::parse(&code).is_some() => return false,
            None => {
                let codes: Vec<&str> = cols.iter().map(|c| c.code()).collect();
                self.status = Some(words::unknown_sort(&codes, l));
            }
        }
        true
    }

    /// `t` on Commissioners and Targets: the list rolled up by district, or back.
    pub(super) fn roll_up_here(&mut self) {
        let Some(list) = self
            .current_list()
            .filter(|l| matches!(l, ListId::Commissioners | ListId::Targets))
        else {
            return;
        };
        let mut q = self.views.get(list);
        q.rolled_up = !q.rolled_up;
        self.set_view(list, q);
    }

    /// `F`: drops every filter of the Pool or of the current list.
    pub(super) fn clear_filter_here(&mut self) {
        let Some(list) = list_of(self.screen) else {
            return self.clear_filter();
        };
        let mut q = self.views.get(list);
        if !q.filter.is_empty() {
            q.filter.clear();
            self.set_view(list, q);
        }
    }

    /// `f`: the filter menu, of the Pool (which waits for its index) or of the current list.
    pub(super) fn open_filter_here(&mut self) {
        if list_of(self.screen).is_none() {
            return self.open_filter();
        }
        self.overlay = Overlay::Filter(FilterMenu {
            dim: 0,
            values: None,
        });
    }

    /// The choices of a list's facet: "all" (`None`) first, then each value's code and name.
    /// Districts and commissioners are the pool's (known once its index has loaded).
    pub fn facet_choices(&self, list: ListId, f: Facet) -> Vec<(Option<String>, String)> {
        let l = self.lang;
        let mut out = vec![(None, crate::i18n::Msg::All.text(l).to_string())];
        let codes: Vec<String> = match words::closed_values(f) {
            Some(v) => v.into_iter().map(str::to_string).collect(),
            None => {
                let ix = self.pool.as_ref().map(|p| &p.index);
                let mut v = match f {
                    Facet::Commissioner => ix.map(|i| i.commissioners.clone()),
                    _ => ix.map(|i| i.districts.clone()),
                }
                .unwrap_or_default();
                v.retain(|s| !s.is_empty());
                v.sort();
                // The whole pool's targets have no district.
                if list == ListId::Targets {
                    v.insert(0, String::new());
                }
                v
            }
        };
        out.extend(codes.into_iter().map(|c| {
            let name = words::value_label(f, &c, l);
            (Some(c), name)
        }));
        out
    }

    /// Keys in the filter menu of a list (the Pool's is `filter_key`): the facets, then one
    /// facet's values; a value chosen filters the list.
    pub(super) fn list_filter_key(&mut self, list: ListId, k: KeyEvent) {
        let dims = facets(list);
        let Overlay::Filter(menu) = &self.overlay else {
            return;
        };
        let (dim, values) = (menu.dim.min(dims.len() - 1), menu.values.clone());
        let n = dims.len();
        let mut menu = FilterMenu { dim, values };
        match (&mut menu.values, self.keys.filter(&k)) {
            (_, Some(FilterKey::Close)) | (None, Some(FilterKey::Back)) => {
                self.overlay = Overlay::None;
                return;
            }
            (Some(_), Some(FilterKey::Back)) => menu.values = None,
            (None, Some(FilterKey::Down)) => menu.dim = (dim + 1) % n,
            (None, Some(FilterKey::Up)) => menu.dim = (dim + n - 1) % n,
            (None, Some(FilterKey::Choose | FilterKey::Open)) => {
                let names = self.facet_choices(list, dims[dim]);
                // The cursor starts on the value chosen now.
                let now = self.views.get(list).value(dims[dim]).map(str::to_string);
                let at = names.iter().position(|(c, _)| *c == now).unwrap_or(0);
                menu.values = Some((names.into_iter().map(|(_, n)| n).collect(), at));
            }
            (Some((vals, i)), Some(FilterKey::Down)) => *i = (*i + 1) % vals.len().max(1),
            (Some((vals, i)), Some(FilterKey::Up)) => {
                *i = (*i + vals.len().max(1) - 1) % vals.len().max(1)
            }
            (Some((_, i)), Some(FilterKey::Choose)) => {
                let choice = self.facet_choices(list, dims[dim]).swap_remove(*i).0;
                let mut q = self.views.get(list);
                q.set(dims[dim], choice);
                self.overlay = Overlay::None;
                return self.set_view(list, q);
            }
            _ => {}
        }
        self.overlay = Overlay::Filter(menu);
    }

    /// The year a list is read for: the Ranking's, the one chosen on Commissioners and
    /// Targets, else this year.
    pub fn list_year(&self, list: ListId) -> i32 {
        match list {
            ListId::Ranking => self.ranking.year,
            _ => self.views.year(list).unwrap_or(self.today().year()),
        }
    }

    /// `[` / `]`: the Ranking's year, or the previous or next year Commissioners and Targets
    /// offer (their years are read first).
    pub(super) fn step_year_here(&mut self, forward: bool, fx: &mut Vec<Effect>) {
        let list = match self.screen {
            Screen::Commissioners => ListId::Commissioners,
            Screen::Targets => ListId::Targets,
            _ => return self.ranking.step_year(forward),
        };
        let this_year = self.today().year();
        let (shown, years) = self.views.years.entry(list).or_default();
        if years.is_empty() {
            self.views.pending_step = Some((list, forward));
            fx.push(Effect::LoadListYears(list));
            return;
        }
        let now = shown.unwrap_or(this_year);
        let next = if forward {
            years.iter().copied().find(|y| *y > now)
        } else {
            years.iter().rev().copied().find(|y| *y < now)
        };
        if let Some(y) = next {
            *shown = Some(y);
            self.reread(list);
        }
    }

    /// The years a list offers arrived: a step asked for meanwhile is taken.
    pub(super) fn loaded_list_years(
        &mut self,
        list: ListId,
        years: Vec<i32>,
        fx: &mut Vec<Effect>,
    ) {
        self.views.years.entry(list).or_default().1 = years;
        if let Some((l, forward)) = self.views.pending_step.take()
            && l == list
            && list_of(self.screen) == Some(list)
        {
            self.step_year_here(forward, fx);
        }
    }
}

impl<T> Paged<T> {
    /// The cursor on the first row.
    fn set_at_top(&mut self) {
        self.selected = 0;
        self.scroll = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Loaded, Rows};
    use crate::config::Config;
    use crate::domain::{Colour, Pool};
    use crate::i18n::Lang;
    use crate::index::PoolIndex;
    use crate::index::tests::row;
    use crossterm::event::KeyCode;
    use time::macros::datetime;

    /// The app at 100x30 (25 list rows) on a pool of two districts and two commissioners.
    fn app() -> App {
        let mut a = App::new(
            Lang::Zh,
            datetime!(2026 - 11 - 21 9:00),
            Config::default(),
            100,
            30,
        );
        let index = PoolIndex {
            rows: vec![row("E1", Some(1), Some(Colour::Red))],
            names: vec!["甲科技".to_string()].into_iter().collect(),
            initials: vec!["jkj".to_string()].into_iter().collect(),
            districts: vec!["乌鲁木齐市沙依巴克区".into(), "乌鲁木齐市天山区".into()],
            commissioners: vec!["王芳".into(), "李强".into()],
        };
        a.update(Action::Loaded(Loaded::Index(index)));
        a
    }

    fn typed(a: &mut App, keys: &str) -> Vec<Effect> {
        keys.chars()
            .flat_map(|c| a.update(Action::Key(KeyEvent::from(KeyCode::Char(c)))))
            .collect()
    }

    fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
        a.update(Action::Key(KeyEvent::from(code)))
    }

    /// The view and year of the fetches among `fx`.
    fn fetched(fx: &[Effect]) -> Vec<(ListId, usize, i32, ListQuery)> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Fetch {
                    list,
                    start,
                    year,
                    view,
                    ..
                } => Some((*list, *start, *year, view.clone())),
                _ => None,
            })
            .collect()
    }

    fn sorted(col: SortCol, reverse: bool) -> ListQuery {
        ListQuery {
            sort: Some(col),
            reverse,
            ..ListQuery::default()
        }
    }

    #[test]
    fn s_on_each_list_sorts_by_its_next_column_and_reads_it_from_the_top() {
        let mut a = app();
        // The Ranking reads nothing before its years are known.
        a.update(Action::Loaded(Loaded::RankYears(
            Pool::Hte,
            vec![2025, 2026],
        )));
        for (key, list, col) in [
            ('2', ListId::Agenda, SortCol::Name),
            ('3', ListId::Alerts, SortCol::Name),
            ('4', ListId::Ranking, SortCol::Movement),
            ('5', ListId::Certs, SortCol::Name),
            ('6', ListId::Requests, SortCol::Name),
            ('7', ListId::Commissioners, SortCol::Enterprises),
            ('8', ListId::Targets, SortCol::Metric),
        ] {
            typed(&mut a, &key.to_string());
            // A window arrives and the cursor moves down it.
            a.fill(list, 0, 40, empty_rows(list));
            typed(&mut a, "jjj");
            let fx = typed(&mut a, "s");
            let f = fetched(&fx);
            assert_eq!(f.len(), 1, "{list:?}: {fx:?}");
            assert_eq!((f[0].0, f[0].1, &f[0].3), (list, 0, &sorted(col, false)));
            assert_eq!(a.list(a.screen).map(|l| l.at().selected), Some(0));
        }
        // The Pool keeps its own sort.
        typed(&mut a, "1");
        assert_eq!(fetched(&typed(&mut a, "s")), []);
        assert_eq!(a.views.get(ListId::Requests), sorted(SortCol::Name, false));
    }

    /// Rows of no length: the list's kind of rows, for `App::fill`.
    fn empty_rows(list: ListId) -> Rows {
        match list {
            ListId::Agenda => Rows::Agenda(Vec::new()),
            ListId::Alerts => Rows::Alerts(Vec::new()),
            ListId::Ranking => Rows::Ranking(Vec::new()),
            ListId::Certs => Rows::Certs(Vec::new()),
            ListId::Requests => Rows::Requests(Vec::new()),
            ListId::Commissioners => Rows::Commissioners(Vec::new()),
            ListId::Targets => Rows::Targets(Vec::new()),
            ListId::Review => Rows::Review(Vec::new()),
            ListId::History => Rows::History(Vec::new()),
            ListId::Pool => Rows::Pool(Vec::new()),
        }
    }

    #[test]
    fn sorting_cycles_back_to_the_lists_own_order_and_s_shift_turns_it() {
        let mut a = app();
        typed(&mut a, "6");
        // Requests: raised, name, category, status, district, then the own order again.
        typed(&mut a, "ssss");
        assert_eq!(
            a.views.get(ListId::Requests),
            sorted(SortCol::District, false)
        );
        typed(&mut a, "S");
        assert_eq!(
            a.views.get(ListId::Requests),
            sorted(SortCol::District, true)
        );
        typed(&mut a, "s");
        assert_eq!(a.views.get(ListId::Requests), ListQuery::default());
        // Turning the own order (oldest first) shows the newest first; turning it back is
        // the own order, read by the list's own query.
        typed(&mut a, "S");
        assert_eq!(a.views.get(ListId::Requests), sorted(SortCol::Date, true));
        let fx = typed(&mut a, "S");
        assert_eq!(fetched(&fx)[0].3, ListQuery::default());
        // A score reads largest first at once.
        typed(&mut a, "4");
        a.update(Action::Loaded(Loaded::RankYears(Pool::Hte, vec![2026])));
        typed(&mut a, ":sort score");
        press(&mut a, KeyCode::Enter);
        let q = a.views.get(ListId::Ranking);
        assert_eq!((q.sort, q.descending()), (Some(SortCol::Score), true));
        assert_eq!(a.screen, Screen::Ranking, ":sort stays on the list");
    }

    #[test]
    fn the_filter_menu_offers_a_lists_facets_with_the_pools_districts() {
        let mut a = app();
        typed(&mut a, "3f");
        assert!(matches!(
            a.overlay,
            Overlay::Filter(FilterMenu {
                dim: 0,
                values: None
            })
        ));
        // Alerts: kind, district, level. Down to the district, open its values.
        press(&mut a, KeyCode::Down);
        press(&mut a, KeyCode::Enter);
        let Overlay::Filter(FilterMenu {
            dim: 1,
            values: Some((names, 0)),
        }) = &a.overlay
        else {
            panic!("{:?}", a.overlay)
        };
        assert_eq!(names, &["全部", "乌鲁木齐市天山区", "乌鲁木齐市沙依巴克区"]);
        // Esc goes back to the facets, Enter opens them again, ↓ Enter picks 天山区.
        press(&mut a, KeyCode::Esc);
        assert!(matches!(
            a.overlay,
            Overlay::Filter(FilterMenu {
                dim: 1,
                values: None
            })
        ));
        press(&mut a, KeyCode::Enter);
        press(&mut a, KeyCode::Down);
        let fx = press(&mut a, KeyCode::Enter);
        assert_eq!(a.overlay, Overlay::None);
        let want = ListQuery {
            filter: vec![(Facet::District, "乌鲁木齐市天山区".into())],
            ..ListQuery::default()
        };
        assert_eq!(fetched(&fx), [(ListId::Alerts, 0, 2026, want.clone())]);
        // The kind too: red projects.
        typed(&mut a, "f");
        press(&mut a, KeyCode::Enter);
        press(&mut a, KeyCode::Down);
        press(&mut a, KeyCode::Enter);
        assert_eq!(
            a.views.get(ListId::Alerts).filter,
            [
                (Facet::District, "乌鲁木齐市天山区".to_string()),
                (Facet::AlertKind, "red".to_string())
            ]
        );
        // The menu reopened on the district starts on the value chosen.
        typed(&mut a, "f");
        press(&mut a, KeyCode::Down);
        press(&mut a, KeyCode::Enter);
        assert!(matches!(
            &a.overlay,
            Overlay::Filter(FilterMenu {
                values: Some((_, 1)),
                ..
            })
        ));
        press(&mut a, KeyCode::Esc);
        press(&mut a, KeyCode::Esc);
        assert_eq!(a.overlay, Overlay::None);
        // F drops both; other lists kept their own (none).
        let fx = typed(&mut a, "F");
        assert_eq!(fetched(&fx)[0].3, ListQuery::default());
        assert_eq!(a.views.get(ListId::Agenda), ListQuery::default());
    }

    #[test]
    fn commissioners_and_targets_step_through_the_years_they_offer() {
        let mut a = app();
        typed(&mut a, "7");
        a.fill(
            ListId::Commissioners,
            0,
            0,
            empty_rows(ListId::Commissioners),
        );
        // The years are read at the first step, which is taken when they arrive.
        assert_eq!(
            typed(&mut a, "["),
            [Effect::LoadListYears(ListId::Commissioners)]
        );
        let fx = a.update(Action::Loaded(Loaded::ListYears(
            ListId::Commissioners,
            vec![2024, 2025, 2026],
        )));
        assert_eq!(
            fetched(&fx),
            [(ListId::Commissioners, 0, 2025, ListQuery::default())]
        );
        typed(&mut a, "[");
        assert_eq!(a.list_year(ListId::Commissioners), 2024);
        // Before the first year nothing changes (and nothing is read).
        a.fill(
            ListId::Commissioners,
            0,
            0,
            empty_rows(ListId::Commissioners),
        );
        assert_eq!(fetched(&typed(&mut a, "[")), []);
        typed(&mut a, "]]]");
        assert_eq!(a.list_year(ListId::Commissioners), 2026);
        // Targets keep their own year; a new target is for the year shown.
        typed(&mut a, "8");
        a.fill(ListId::Targets, 0, 0, empty_rows(ListId::Targets));
        assert_eq!(typed(&mut a, "["), [Effect::LoadListYears(ListId::Targets)]);
        a.update(Action::Loaded(Loaded::ListYears(
            ListId::Targets,
            vec![2025, 2026, 2027],
        )));
        assert_eq!(a.list_year(ListId::Targets), 2025);
        typed(&mut a, "]]");
        assert_eq!(a.list_year(ListId::Targets), 2027);
        assert_eq!(
            typed(&mut a, "a")[0],
            Effect::OpenNewTargetForm { year: 2027 }
        );
        assert_eq!(a.list_year(ListId::Commissioners), 2026);
    }
}
