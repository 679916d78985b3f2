//! Saved views: a screen with its sort, filter and search (the Pool's index view, a list's
//! `ListQuery`, the year of Ranking, Commissioners and Targets and the Ranking's pool).
//! `:view save NAME` keeps the one shown, `:view NAME` opens one, `:view delete NAME` deletes
//! one, `V` lists them in a picker. Each person's last view is kept (at the tick after it
//! changes, and on quit) and opened at start.
//!
//! The views are the person's, in the file (`store::saved_views`); the app keeps the person's
//! list as read at start and after each change, so that opening one needs no read.

use super::cursor::ListCursor as _;
use super::listview::{facets, list_of, sorts};
use super::pool::Query;
use super::{App, Effect, ListId, Overlay, Screen};
use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use crate::i18n::views_text as words;
use crate::index::{ListFilter, SortKey};
use crate::keymap::{FilterKey, PromptKey, Scope};
use crate::store::listview::ListQuery;
use crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

/// A view: a screen and how it is shown. Only the screen's own parts are set (a Pool view has
/// no list query, a list's view no Pool filter).
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub screen: Screen,
    /// The Pool's sort (key, descending), when not its own (rank, ascending).
    pub sort: Option<(SortKey, bool)>,
    /// The Pool's filter.
    pub filter: ListFilter,
    /// The Pool's search.
    pub search: String,
    /// A list screen's sort and filter.
    pub list: ListQuery,
    /// The year shown on Ranking, Commissioners and Targets, when not the one they open on.
    pub year: Option<i32>,
    /// The pool the Ranking ranks.
    pub rank_pool: Option<Pool>,
}

impl View {
    /// A screen as it opens.
    pub fn of(screen: Screen) -> View {
        View {
            screen,
            sort: None,
            filter: ListFilter::default(),
            search: String::new(),
            list: ListQuery::default(),
            year: None,
            rank_pool: None,
        }
    }
}

/// A view as kept in the file: codes, not labels, and nothing it does not set (a view saved by
/// an older version reads with the parts it lacks left at their defaults; unknown codes are
/// dropped).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Body {
    screen: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sort: Option<String>,
    /// The Pool's sort descending; a list's sort against its first direction.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    reverse: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    filter: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    search: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pool: Option<String>,
    /// Commissioners and Targets rolled up by district.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    rolled_up: bool,
}

/// The Pool filter's dimensions by code, as a view keeps them.
fn pool_filter_pairs(f: &ListFilter) -> Vec<(String, String)> {
    let closed = [
        ("pool", f.pool.map(Pool::code)),
        ("batch", f.batch.map(Batch::code)),
        ("tier", f.tier.map(Tier::code)),
        ("colour", f.colour.map(Colour::code)),
        ("visit", f.visit.map(VisitState::code)),
        ("status", f.pool_status.map(PoolStatus::code)),
    ];
    let mut out: Vec<(String, String)> = closed
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?.to_string())))
        .collect();
    for (k, v) in [("district", &f.district), ("commissioner", &f.commissioner)] {
        if let Some(v) = v {
            out.push((k.to_string(), v.clone()));
        }
    }
    out
}

/// Sets one Pool filter dimension from its code and value (an unknown one is dropped).
fn set_pool_filter(f: &mut ListFilter, key: &str, value: &str) {
    match key {
        "pool" => f.pool = Pool::from_code(value),
        "batch" => f.batch = Batch::from_code(value),
        "tier" => f.tier = Tier::from_code(value),
        "colour" => f.colour = Colour::from_code(value),
        "visit" => f.visit = VisitState::from_code(value),
        "status" => f.pool_status = PoolStatus::from_code(value),
        "district" => f.district = Some(value.to_string()),
        "commissioner" => f.commissioner = Some(value.to_string()),
        _ => {}
    }
}

impl View {
    /// The view as kept in the file.
    pub fn encode(&self) -> String {
        let mut b = Body {
            screen: self.screen.name().to_string(),
            year: self.year,
            pool: self.rank_pool.map(|p| p.code().to_string()),
            ..Body::default()
        };
        if self.screen == Screen::Pool {
            if let Some((key, desc)) = self.sort {
                b.sort = Some(key.code().to_string());
                b.reverse = desc;
            }
            b.filter = pool_filter_pairs(&self.filter);
            b.search = self.search.clone();
        } else {
            b.sort = self.list.sort.map(|c| c.code().to_string());
            b.reverse = self.list.reverse;
            b.rolled_up = self.list.rolled_up;
            b.filter = (self.list.filter.iter())
                .map(|(f, v)| (f.code().to_string(), v.clone()))
                .collect();
        }
        // A struct of strings, numbers and pairs always serializes.
        serde_json::to_string(&b).unwrap_or_default()
    }

    /// A view read from the file; `None` when it is not one (or names a screen this version
    /// does not have).
    pub fn decode(text: &str) -> Option<View> {
        let b: Body = serde_json::from_str(text).ok()?;
        let mut v = View::of(Screen::from_name(&b.screen)?);
        v.year = b.year;
        v.rank_pool = b.pool.as_deref().and_then(Pool::from_code);
        match list_of(v.screen) {
            None if v.screen == Screen::Pool => {
                v.sort = (b.sort.as_deref())
                    .and_then(|s| SortKey::ALL.iter().copied().find(|k| k.code() == s))
                    .map(|k| (k, b.reverse));
                for (k, value) in &b.filter {
                    set_pool_filter(&mut v.filter, k, value);
                }
                v.search = b.search;
            }
            None => {}
            Some(list) => {
                let col = |s: &str| sorts(list).iter().copied().find(|c| c.code() == s);
                v.list.sort = b.sort.as_deref().and_then(col);
                v.list.reverse = b.reverse && v.list.sort.is_some();
                v.list.rolled_up = b.rolled_up;
                for (k, value) in &b.filter {
                    if let Some(f) = facets(list).iter().copied().find(|f| f.code() == k) {
                        v.list.set(f, Some(value.clone()));
                    }
                }
            }
        }
        Some(v)
    }
}

/// A saved view and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedView {
    pub name: String,
    pub view: View,
}

/// What the saved views ask of the runner (the person is the one at the keyboard).
#[derive(Debug, Clone, PartialEq)]
pub enum ViewsEffect {
    /// At start, before the first frame: the person's views and last view (two small reads).
    Start,
    /// The person's views, read again (the picker opening, another person chosen).
    List,
    Save {
        name: String,
        view: View,
    },
    Delete(String),
    /// Keep this as the person's last view.
    Last(View),
}

/// What comes back.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewsLoaded {
    Start {
        views: Vec<NamedView>,
        last: Option<View>,
    },
    List(Vec<NamedView>),
    Saved {
        name: String,
        replaced: bool,
        views: Vec<NamedView>,
    },
    Deleted {
        name: String,
        views: Vec<NamedView>,
    },
    /// The last view was kept.
    Kept,
    /// The last view could not be kept yet (another program was writing): tried again at the
    /// next tick.
    NotKept,
}

/// A yes/no question of the saved views.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Write the view shown over the one of this name?
    Overwrite {
        name: String,
        view: View,
    },
    Delete(String),
}

/// The saved views' part of the app.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SavedViews {
    /// The person's views, by name (pinyin order).
    pub list: Vec<NamedView>,
    /// The picker's cursor, while it shows.
    pub picker: Option<usize>,
    pub confirm: Option<Confirm>,
    /// Whether the start read came back (until then nothing is kept as the last view).
    started: bool,
    /// The view last kept as the person's last (only a change is written).
    kept: Option<View>,
    /// A Ranking year to show once the ranked years of its pool arrive.
    rank_year: Option<(Pool, i32)>,
}

impl App {
    /// The view shown (under a detail, the screen's).
    pub fn current_view(&self) -> View {
        let mut v = View::of(self.screen);
        match (self.screen, list_of(self.screen)) {
            (Screen::Pool, _) => {
                let (sort, _) = self.pool_sort();
                v.sort = (sort != (SortKey::Rank, false)).then_some(sort);
                v.filter = match &self.pool {
                    Some(p) => p.filter.clone(),
                    None => self.pool_start.filter.clone().unwrap_or_default(),
                };
                v.search = self.search_text();
            }
            (_, Some(list)) => {
                v.list = self.views.get(list);
                v.year = self.views.year(list);
                if list == ListId::Ranking {
                    let r = &self.ranking;
                    // The latest ranked year is the one the screen opens on: not kept, so
                    // that the view shows next year's ranking when there is one.
                    v.year = (r.years.last() != Some(&r.year)).then_some(r.year);
                    v.rank_pool = Some(r.pool);
                }
            }
            (_, None) => {}
        }
        v
    }

    /// Shows a view: its screen, sort, filter and search (the Pool's before its index wait
    /// for it, as a sort asked for then does).
    pub(super) fn apply_view(&mut self, v: &View, fx: &mut Vec<Effect>) {
        self.overlay = Overlay::None;
        self.switch(v.screen, fx);
        match (v.screen, list_of(v.screen)) {
            (Screen::Pool, _) => self.apply_pool_view(v),
            (_, Some(list)) => {
                if list == ListId::Ranking {
                    self.apply_ranking(v, fx);
                } else {
                    self.views.set_year(list, v.year);
                }
                self.set_view(list, v.list.clone());
            }
            (_, None) => {}
        }
    }

    fn apply_pool_view(&mut self, v: &View) {
        let today = self.today();
        let (key, desc) = v.sort.unwrap_or((SortKey::Rank, false));
        let query = Query::new(&v.search);
        match &mut self.pool {
            Some(p) => {
                p.sort = key;
                p.desc = desc;
                p.filter = v.filter.clone();
                p.query = query;
                p.resort(today);
                p.selected = p.next_match(0, true).unwrap_or(0);
                p.scroll = 0;
            }
            None => {
                self.pool_start.sort = v.sort;
                self.pool_start.filter = (!v.filter.is_empty()).then(|| v.filter.clone());
                self.pending_query = (!query.is_empty()).then_some(query);
                self.pool_start.page.set_at(0, 0);
                // The first page stays the rank order read by SQL; the header names the sort,
                // filter and search waiting (a status saying so would outlive the wait).
            }
        }
    }

    /// The Ranking's pool and year: another pool's ranked years are read first, and the year
    /// is taken when they arrive.
    fn apply_ranking(&mut self, v: &View, fx: &mut Vec<Effect>) {
        let pool = v.rank_pool.unwrap_or(self.ranking.pool);
        if pool != self.ranking.pool || self.ranking.years.is_empty() {
            if pool != self.ranking.pool {
                self.ranking.pool = pool;
                fx.push(Effect::LoadRankYears(pool));
            }
            self.saved_views.rank_year = v.year.map(|y| (pool, y));
            return;
        }
        let latest = self.ranking.years.last().copied();
        if let Some(y) = v.year.filter(|y| self.ranking.years.contains(y)).or(latest) {
            self.ranking.year = y;
        }
    }

    /// The ranked years of a pool arrived: a saved view's year is shown, if ranked.
    pub(super) fn views_rank_years(&mut self) {
        let Some((pool, year)) = self.saved_views.rank_year else {
            return;
        };
        if pool == self.ranking.pool && !self.ranking.years.is_empty() {
            self.saved_views.rank_year = None;
            if self.ranking.years.contains(&year) {
                self.ranking.year = year;
            }
        }
    }

    /// `:view …`: open, save or delete a view; `:view` alone opens the picker.
    pub(super) fn view_command(&mut self, arg: &str, fx: &mut Vec<Effect>) {
        let l = self.lang;
        let (sub, rest) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
        let rest = rest.trim();
        match sub {
            "" => self.open_views(fx),
            "save" | "保存" if rest.is_empty() => self.status = Some(words::usage(l).into()),
            "save" | "保存" => self.save_view(rest, fx),
            "delete" | "rm" | "删除" if rest.is_empty() => {
                self.status = Some(words::usage(l).into())
            }
            "delete" | "rm" | "删除" => self.ask_delete(rest),
            _ => self.open_named(arg, fx),
        }
    }

    /// The view of that name, or (refused) the names there are.
    fn open_named(&mut self, name: &str, fx: &mut Vec<Effect>) {
        let found = self.saved_views.list.iter().find(|v| v.name == name);
        let Some(v) = found.map(|v| v.view.clone()) else {
            return self.refuse_unknown(name);
        };
        self.status = None;
        self.apply_view(&v, fx);
        if self.status.is_none() {
            self.status = Some(words::opened(name, self.lang));
        }
    }

    /// A name that is none of the person's views: refused, naming those there are.
    fn refuse_unknown(&mut self, name: &str) {
        let names: Vec<String> = (self.saved_views.list.iter())
            .map(|v| v.name.clone())
            .collect();
        self.status = Some(words::unknown(name, &names, self.lang));
    }

    /// `:view save NAME`: asks first when the name is taken; says why on a read-only file.
    fn save_view(&mut self, name: &str, fx: &mut Vec<Effect>) {
        if let Some(why) = self.write_refusal() {
            self.status = Some(why);
            return;
        }
        let view = self.current_view();
        let name = name.to_string();
        if self.saved_views.list.iter().any(|v| v.name == name) {
            self.saved_views.confirm = Some(Confirm::Overwrite { name, view });
        } else {
            fx.push(Effect::Views(ViewsEffect::Save { name, view }));
        }
    }

    /// Asks before deleting a view (one that is not there is refused, naming those that are).
    fn ask_delete(&mut self, name: &str) {
        if let Some(why) = self.write_refusal() {
            self.status = Some(why);
            return;
        }
        if self.saved_views.list.iter().any(|v| v.name == name) {
            self.saved_views.confirm = Some(Confirm::Delete(name.to_string()));
        } else {
            self.refuse_unknown(name);
        }
    }

    /// `V`: the picker, on the list as known, read again behind it.
    pub(super) fn open_views(&mut self, fx: &mut Vec<Effect>) {
        self.overlay = Overlay::None;
        self.saved_views.picker = Some(0);
        fx.push(Effect::Views(ViewsEffect::List));
    }

    /// Keys while the picker or a question of the saved views shows; false when neither does.
    pub(super) fn views_key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) -> bool {
        if let Some(c) = self.saved_views.confirm.clone() {
            match self.keys.prompt(&k, Scope::Question) {
                Some(PromptKey::Yes) => {
                    self.saved_views.confirm = None;
                    fx.push(Effect::Views(match c {
                        Confirm::Overwrite { name, view } => ViewsEffect::Save { name, view },
                        Confirm::Delete(name) => ViewsEffect::Delete(name),
                    }));
                }
                // The answer that loses nothing: the view stays as it was.
                Some(PromptKey::No | PromptKey::Default) => self.saved_views.confirm = None,
                _ => {}
            }
            return true;
        }
        let Some(at) = self.saved_views.picker else {
            return false;
        };
        let n = self.saved_views.list.len();
        // `d` and Delete delete the view under the cursor (the picker's own keys; the moves
        // and Enter are the filter menu's, so a remapped menu moves here alike).
        if matches!(k.code, KeyCode::Char('d') | KeyCode::Delete) {
            if let Some(v) = self.saved_views.list.get(at) {
                let name = v.name.clone();
                self.ask_delete(&name);
            }
            return true;
        }
        match self.keys.filter(&k) {
            Some(FilterKey::Down) if n > 0 => self.saved_views.picker = Some((at + 1) % n),
            Some(FilterKey::Up) if n > 0 => self.saved_views.picker = Some((at + n - 1) % n),
            Some(FilterKey::Choose | FilterKey::Open) => {
                self.saved_views.picker = None;
                if let Some(v) = self.saved_views.list.get(at) {
                    let name = v.name.clone();
                    self.open_named(&name, fx);
                }
            }
            Some(FilterKey::Close | FilterKey::Back) => self.saved_views.picker = None,
            _ => {}
        }
        true
    }

    /// What the runner brought back.
    pub(super) fn loaded_views(&mut self, l: ViewsLoaded, fx: &mut Vec<Effect>) {
        let lang = self.lang;
        match l {
            ViewsLoaded::Start { views, last } => {
                self.saved_views.list = views;
                self.saved_views.started = true;
                if let Some(v) = &last {
                    self.apply_view(v, fx);
                }
                self.saved_views.kept = Some(last.unwrap_or_else(|| View::of(Screen::Pool)));
            }
            ViewsLoaded::List(views) => self.set_views(views),
            ViewsLoaded::Saved {
                name,
                replaced,
                views,
            } => {
                self.set_views(views);
                self.status = Some(words::saved(&name, replaced, lang));
            }
            ViewsLoaded::Deleted { name, views } => {
                self.set_views(views);
                self.status = Some(words::deleted(&name, lang));
            }
            ViewsLoaded::Kept => {}
            ViewsLoaded::NotKept => self.saved_views.kept = None,
        }
    }

    /// The person's views, the picker's cursor kept on the list.
    fn set_views(&mut self, views: Vec<NamedView>) {
        let n = views.len();
        self.saved_views.list = views;
        if let Some(at) = &mut self.saved_views.picker {
            *at = (*at).min(n.saturating_sub(1));
        }
    }

    /// Keeps the view shown as the person's last when it changed since it was last kept (at
    /// a tick, and on quit): one small write, at most once a second. Not before the start
    /// read (the last view would be written over before it is shown), nor where nothing is
    /// written (a read-only file, the as-of view).
    pub(super) fn keep_last_view(&mut self, fx: &mut Vec<Effect>) {
        if !self.saved_views.started || self.write_refusal().is_some() {
            return;
        }
        let v = self.current_view();
        if self.saved_views.kept.as_ref() != Some(&v) {
            self.saved_views.kept = Some(v.clone());
            fx.push(Effect::Views(ViewsEffect::Last(v)));
        }
    }

    /// Another person is at the keyboard: their views are read; chosen after nobody (the
    /// question at start), their last view opens as it would have at start. The view shown is
    /// kept as theirs at the next tick.
    pub(super) fn views_person_changed(
        &mut self,
        before: Option<Option<String>>,
        fx: &mut Vec<Effect>,
    ) {
        let Some(before) = before.filter(|b| Some(b) != self.me.as_ref()) else {
            return;
        };
        self.saved_views.kept = None;
        let read = match before {
            None => ViewsEffect::Start,
            Some(_) => ViewsEffect::List,
        };
        fx.push(Effect::Views(read));
    }
}

#[cfg(test)]
mod tests;
