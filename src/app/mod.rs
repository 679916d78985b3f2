//! The TUI's state and its pure update: `App::update(Action) -> Vec<Effect>`.
//!
//! Keys, mouse and resize events come in as actions; reading the database goes out as effects,
//! which the loop (`crate::tui`) runs and feeds back as `Action::Loaded`. Nothing here does I/O.

mod agenda;
mod alerts;
mod certs;
mod commissioners;
pub mod cursor;
mod detail;
mod editing;
pub mod effect;
pub mod form;
mod history;
pub mod listview;
mod me;
pub mod overlay;
pub mod paged;
pub mod pool;
mod ranking;
mod requests;
mod review;
pub mod saved_views;
mod targets;
#[cfg(test)]
mod tests;
mod theme;

use crate::config::Config;
use crate::domain::commissioners::CommissionerFigures;
use crate::i18n::{Lang, Msg};
use crate::keymap::{KeyAction, Keymap, Place};
use crate::store::bureau::TargetRow;
use crate::store::itinerary::AgendaRow;
use crate::store::queries::{Overview, RequestRow};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseEvent, MouseEventKind};
use cursor::ListCursor;
pub use detail::DetailState;
use editing::form_request;
pub use effect::{
    AlertItem, AlertLine, CertItem, Effect, Failure, FormRequest, Loaded, Message, Rows, form_data,
};
use form::Form;
pub use me::MePicker;
pub use overlay::{FILTER_DIMS, FilterMenu, LineInput, Overlay, Prompt, filter_values, set_filter};
use paged::Paged;
use pool::{PoolStart, PoolState, Query};
pub use ranking::RankingState;
pub use review::{Chooser, ReviewState};
pub use saved_views::{ViewsEffect, ViewsLoaded};
use time::{Date, PrimitiveDateTime};

/// Rows the chrome takes: header (2), tab bar (1), table header (1), footer (1).
pub const CHROME_ROWS: u16 = 5;
/// The smallest usable terminal.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub use crate::keymap::Screen;

/// The SQL-paged lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListId {
    /// The Pool screen before its index has loaded (read by SQL in rank order).
    Pool,
    Agenda,
    Alerts,
    Ranking,
    Certs,
    Requests,
    Commissioners,
    Targets,
    History,
    Review,
}

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Key(KeyEvent),
    /// Text pasted (or committed at once by an input method).
    Paste(String),
    /// About once a second while idle (drafts are written then).
    Tick,
    Mouse(MouseEvent),
    Resize(u16, u16),
    Loaded(Loaded),
}

#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub lang: Lang,
    pub now: PrimitiveDateTime,
    pub config: Config,
    pub screen: Screen,
    pub detail: Option<DetailState>,
    pub overlay: Overlay,
    /// The form being filled in, drawn over everything.
    pub form: Option<Form>,
    pub prompt: Option<Prompt>,
    /// Prompts waiting for the current one to close.
    pub prompts: Vec<Prompt>,
    pub overview: Option<Overview>,
    /// The pool, once its index has loaded.
    pub pool: Option<PoolState>,
    /// Search and filter typed before the index arrived, applied when it does.
    pub pending_query: Option<Query>,
    /// The Pool screen until its index arrives: its first pages, and the sort and filter
    /// asked for meanwhile.
    pub pool_start: PoolStart,
    pub agenda: Paged<AgendaRow>,
    /// itinerary: the Agenda's grouping and "mine only".
    pub itinerary: agenda::Itinerary,
    pub calendar: Vec<(Date, u32)>,
    pub alerts: Paged<AlertLine>,
    pub ranking: RankingState,
    pub certs: Paged<CertItem>,
    pub requests: Paged<RequestRow>,
    /// The Commissioners screen (this year's figures, loaded whole).
    pub commissioners: Paged<CommissionerFigures>,
    /// The Targets screen (this year's targets, loaded whole).
    pub targets: Paged<TargetRow>,
    /// The History screen: the change log, newest first, a window at a time.
    pub history: Paged<crate::store::history::HistoryRow>,
    /// The Review screen (the conflicts waiting, loaded whole) and its chooser.
    pub review: ReviewState,
    /// trends: the whole-pool series (Alerts, Agenda), once the background has computed them.
    pub trends: Option<crate::domain::trends::Trends>,
    /// The sort and filter of each list but the Pool, and the year of Commissioners and Targets.
    pub views: listview::ListViews,
    /// A list whose fetch failed: not asked for again until the screen is entered anew (a
    /// failing database must not be queried in a loop).
    pub failed: Option<ListId>,
    pub status: Option<String>,
    pub width: u16,
    pub height: u16,
    /// False under `NO_COLOR`: the UI then draws without colour (symbols still carry meaning),
    /// until `:theme` names a theme.
    pub colour: bool,
    /// The theme chosen (the config's, or `:theme`'s); `theme_shown` is the one drawn.
    pub theme: crate::config::ThemeName,
    /// Set when the file is open read-only, with the reason: write keys then say so.
    pub read_only: Option<crate::store::ReadOnly>,
    /// Who is at the keyboard (`None`: nobody chosen, changes are stamped unknown); `None`
    /// outside until the runner has said.
    pub me: Option<Option<String>>,
    /// The real today, when known (the terminal sets it): a `now` on another day is the as-of
    /// view, which changes nothing.
    pub real_today: Option<Date>,
    /// Ticks a save has waited for another program to finish writing, while it waits.
    pub save_wait: Option<u32>,
    pub quit: bool,
    /// The effective keys: the shipped keymap with the user's `[keymap]` over it.
    pub keys: Keymap,
    /// views: the person's saved views, their picker and questions.
    pub saved_views: saved_views::SavedViews,
}

impl App {
    pub fn new(lang: Lang, now: PrimitiveDateTime, config: Config, width: u16, height: u16) -> App {
        let keys = Keymap::from_config(&config.keymap);
        let theme = config.theme.name;
        App {
            lang,
            now,
            config,
            screen: Screen::Pool,
            detail: None,
            overlay: Overlay::None,
            form: None,
            prompt: None,
            prompts: Vec::new(),
            overview: None,
            pool: None,
            pending_query: None,
            pool_start: PoolStart::default(),
            agenda: Paged::default(),
            itinerary: agenda::Itinerary::default(),
            calendar: Vec::new(),
            alerts: Paged::default(),
            ranking: RankingState::new(now.date()),
            certs: Paged::default(),
            requests: Paged::default(),
            commissioners: Paged::default(),
            targets: Paged::default(),
            history: Paged::default(),
            review: ReviewState::default(),
            trends: None,
            views: listview::ListViews::default(),
            failed: None,
            status: None,
            width,
            height,
            colour: true,
            theme,
            read_only: None,
            me: None,
            real_today: None,
            save_wait: None,
            quit: false,
            keys,
            saved_views: saved_views::SavedViews::default(),
        }
    }

    pub fn today(&self) -> Date {
        self.now.date()
    }

    /// Whether the screens show the as-of view of a day other than the real today.
    pub fn as_of_view(&self) -> bool {
        self.real_today.is_some_and(|d| d != self.today())
    }

    /// The effects to run at start.
    pub fn start(&self) -> Vec<Effect> {
        vec![
            Effect::LoadIndex,
            // views: the person's last view, before the first page is asked for.
            Effect::Views(saved_views::ViewsEffect::Start),
            Effect::LoadOverview,
            Effect::LoadRankYears(self.ranking.pool),
            // A draft left by a crash is asked about first, then who you are.
            Effect::LoadDrafts,
            Effect::LoadMe,
        ]
    }

    /// Rows of the list area.
    pub fn page_rows(&self) -> usize {
        self.height.saturating_sub(CHROME_ROWS).max(1) as usize
    }

    /// The list of a screen (the Pool's SQL pages until its index has loaded).
    pub fn list(&self, screen: Screen) -> Option<&dyn ListCursor> {
        Some(match screen {
            Screen::Pool => match &self.pool {
                Some(p) => p as &dyn ListCursor,
                None => &self.pool_start.page,
            },
            Screen::Agenda => &self.agenda,
            Screen::Alerts => &self.alerts,
            Screen::Ranking => &self.ranking,
            Screen::Certs => &self.certs,
            Screen::Requests => &self.requests,
            Screen::Commissioners => &self.commissioners,
            Screen::Targets => &self.targets,
            Screen::History => &self.history,
            Screen::Review => &self.review,
        })
    }

    fn list_mut(&mut self, screen: Screen) -> Option<&mut dyn ListCursor> {
        Some(match screen {
            Screen::Pool => match &mut self.pool {
                Some(p) => p as &mut dyn ListCursor,
                None => &mut self.pool_start.page,
            },
            Screen::Agenda => &mut self.agenda,
            Screen::Alerts => &mut self.alerts,
            Screen::Ranking => &mut self.ranking,
            Screen::Certs => &mut self.certs,
            Screen::Requests => &mut self.requests,
            Screen::Commissioners => &mut self.commissioners,
            Screen::Targets => &mut self.targets,
            Screen::History => &mut self.history,
            Screen::Review => &mut self.review,
        })
    }

    /// The handler of every action.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut fx = Vec::new();
        let tick = action == Action::Tick;
        match action {
            Action::Resize(w, h) => {
                self.width = w;
                self.height = h;
            }
            Action::Key(k) if k.kind != KeyEventKind::Release => self.key(k, &mut fx),
            Action::Key(_) => {}
            Action::Paste(text) => self.paste(&text, &mut fx),
            Action::Tick => self.tick(&mut fx),
            Action::Mouse(m) => self.mouse(m),
            Action::Loaded(l) => self.loaded(l, &mut fx),
        }
        if tick || self.quit {
            self.keep_last_view(&mut fx);
        }
        self.clamp_scroll();
        if let Some(f) = self.fetch_needed() {
            fx.push(f);
        }
        fx
    }

    /// Pasted text goes to the form, or is typed into the prompt or line showing.
    fn paste(&mut self, text: &str, fx: &mut Vec<Effect>) {
        let (today, lang) = (self.today(), self.lang);
        if let Some(f) = &mut self.form {
            return f.paste(text, today, lang);
        }
        let typing = matches!(self.prompt, Some(Prompt::ChooseMe(_)))
            || matches!(self.overlay, Overlay::Search(_) | Overlay::Command(_));
        if typing {
            for c in text.chars().filter(|c| !c.is_control()) {
                self.key(KeyEvent::from(KeyCode::Char(c)), fx);
            }
        }
    }

    /// About once a second: a save waiting is tried again, a changed form's draft written,
    /// and the file checked for other programs' changes.
    fn tick(&mut self, fx: &mut Vec<Effect>) {
        self.retry_save(fx);
        self.write_pending_draft(fx);
        fx.push(Effect::CheckFile);
    }

    fn key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        // A form in progress comes first; prompts wait behind it.
        if self.prompt.is_some() && self.form.is_none() {
            return self.prompt_key(k, fx);
        }
        if self.form.is_some() {
            // The command line opened over the form takes the keys until it closes.
            if matches!(self.overlay, Overlay::Command(_)) {
                return self.command_key(k, fx);
            }
            return self.form_key(k, fx);
        }
        if self.views_key(k, fx) || self.overlay_key(k, fx) {
            return;
        }
        let place = Place::new(self.screen, self.detail.is_some());
        let Some(a) = self.keys.lookup(&k, place) else {
            return;
        };
        if a == KeyAction::ClearSearch {
            return self.clear_search();
        }
        self.status = None;
        if let Some(why) = self.refusal(a) {
            self.status = Some(why);
            return;
        }
        self.act(a, fx);
    }

    /// Why an action that writes is refused here: the file is read-only, or this is the
    /// as-of view.
    fn refusal(&self, a: KeyAction) -> Option<String> {
        if !a.writes() {
            return None;
        }
        self.write_refusal()
    }

    /// Why a write is refused here (see [`App::refusal`]).
    fn write_refusal(&self) -> Option<String> {
        if let Some(reason) = self.read_only {
            return Some(format!(
                "{}（{}）",
                Msg::ReadOnlyNoWrite.text(self.lang),
                crate::i18n::store_text::read_only_reason(reason, self.lang)
            ));
        }
        // asof: the as-of view writes nothing.
        self.as_of_view()
            .then(|| crate::i18n::asof_text::no_write(self.lang).to_string())
    }

    /// Performs a keymap action.
    pub fn act(&mut self, a: KeyAction, fx: &mut Vec<Effect>) {
        use KeyAction as K;
        match a {
            K::Down
            | K::Up
            | K::PageDown
            | K::PageUp
            | K::HalfDown
            | K::HalfUp
            | K::Top
            | K::Bottom => self.move_by(self.movement(a)),
            K::Screen(s) => self.switch(s, fx),
            K::ClearSearch => self.clear_search(),
            K::NextScreen | K::PrevScreen => {
                let n = Screen::ALL.len();
                let step = if a == K::NextScreen { 1 } else { n - 1 };
                self.switch(Screen::ALL[(self.screen.number() + step) % n], fx)
            }
            K::Open => self.open(fx),
            K::Back => self.back(),
            K::SortNext | K::SortReverse => self.sort_here(a == K::SortNext),
            K::Filter => self.open_filter_here(),
            K::ClearFilter => self.clear_filter_here(),
            K::Search => {
                let text = self.search_text();
                self.overlay = Overlay::Search(LineInput { text });
            }
            K::NextMatch | K::PrevMatch => self.jump_to_match(a == K::NextMatch),
            K::NextPool => self.ranking.next_pool(fx),
            K::PrevYear | K::NextYear => self.step_year_here(a == K::NextYear, fx),
            K::RollUp => self.roll_up_here(),
            K::LogVisit
            | K::PlanVisit
            | K::MoveVisit
            | K::CancelVisit
            | K::EditEnterprise
            | K::MovePool
            | K::MilestoneDone
            | K::Override
            | K::Respond
            | K::Project
            | K::Milestone
            | K::Certificate
            | K::Figures
            | K::SupportAction
            | K::PayReward => {
                if let Some(request) = form_request(a) {
                    self.request_form(request, fx)
                }
            }
            K::NewEnterprise | K::NewCommissioner => {
                if let Some(request) = form_request(a) {
                    fx.push(Effect::OpenForm {
                        request,
                        enterprise_id: None,
                        item_id: None,
                    })
                }
            }
            K::EditCommissioner => self.edit_commissioner(fx),
            K::EditTarget => self.edit_target(fx),
            K::NewTarget => self.new_target(fx),
            K::Brief => {
                if let Some(id) = self.detail_or_selected() {
                    fx.push(Effect::WriteBrief(id));
                }
            }
            K::Undo => fx.push(Effect::Undo),
            K::Redo => fx.push(Effect::Redo),
            K::Help => self.overlay = Overlay::Help,
            K::CommandLine => self.overlay = Overlay::Command(LineInput::default()),
            K::Quit => self.quit = true,
            K::Views => self.open_views(fx),
            // itinerary
            K::CycleGrouping => self.cycle_grouping(),
            K::MineOnly => self.toggle_mine(),
            K::DayPlan => self.write_day_plan(fx),
        }
    }

    /// Rows a movement key moves the cursor by (0 for other keys).
    fn movement(&self, a: KeyAction) -> isize {
        let page = self.page_rows() as isize;
        let half = (page / 2).max(1);
        match a {
            KeyAction::Down => 1,
            KeyAction::Up => -1,
            KeyAction::PageDown => page,
            KeyAction::PageUp => -page,
            KeyAction::HalfDown => half,
            KeyAction::HalfUp => -half,
            KeyAction::Top => isize::MIN / 2,
            KeyAction::Bottom => isize::MAX / 2,
            _ => 0,
        }
    }

    fn switch(&mut self, to: Screen, fx: &mut Vec<Effect>) {
        self.detail = None;
        self.failed = None;
        self.screen = to;
        if to == Screen::Agenda && self.calendar.is_empty() {
            fx.push(Effect::LoadCalendar(self.today()));
        }
    }

    /// Forgets the loaded rows of the SQL-paged lists but the Ranking's (a write does not
    /// re-rank).
    fn forget_pages(&mut self) {
        self.pool_start.page.invalidate();
        self.agenda.invalidate();
        self.alerts.invalidate();
        self.certs.invalidate();
        self.requests.invalidate();
        self.commissioners.invalidate();
        self.targets.invalidate();
        self.history.invalidate();
        self.review.list.invalidate();
    }

    /// Forgets the loaded rows of every SQL-paged list and reloads the overview, the calendar
    /// and the detail showing (after a write).
    fn reload_lists(&mut self, fx: &mut Vec<Effect>) {
        self.forget_pages();
        self.calendar.clear();
        self.failed = None;
        fx.push(Effect::LoadOverview);
        if self.screen == Screen::Agenda {
            fx.push(Effect::LoadCalendar(self.today()));
        }
        if let Some(d) = &self.detail {
            fx.push(Effect::LoadDetail(d.id.clone()));
        }
    }

    /// The enterprise id of the selected row on the current screen.
    pub fn selected_enterprise(&self) -> Option<String> {
        self.list(self.screen)?.enterprise_id()
    }

    fn open(&mut self, fx: &mut Vec<Effect>) {
        if self.screen == Screen::Commissioners {
            return self.list_commissioner_enterprises();
        }
        if self.screen == Screen::Review {
            return self.review_enter(fx);
        }
        if self.screen == Screen::History {
            return self.history_enter(fx);
        }
        if let Some(id) = self.selected_enterprise() {
            self.open_detail(id, fx);
        }
    }

    /// Moves the cursor of the current list (or scrolls the detail) by `delta` rows.
    fn move_by(&mut self, delta: isize) {
        if let Some(d) = &mut self.detail {
            // The last page of the detail is full: scrolling stops there.
            let last = d.detail.as_ref().map_or(0, |d| {
                crate::report::detail::max_scroll(d, self.lang, self.width, self.height)
            });
            d.scroll = cursor::step(d.scroll, last + 1, delta);
            return;
        }
        if let Some(l) = self.list_mut(self.screen) {
            l.move_by(delta);
        }
    }

    /// Keeps every list's cursor on screen.
    fn clamp_scroll(&mut self) {
        let rows = self.page_rows();
        for screen in Screen::ALL {
            if let Some(l) = self.list_mut(screen) {
                l.clamp_scroll(rows);
            }
        }
    }

    /// A fetch for the visible rows of the current screen, if they are not loaded.
    fn fetch_needed(&self) -> Option<Effect> {
        if self.detail.is_some() {
            return None;
        }
        let w = self.list(self.screen)?.fetch(self.page_rows())?;
        if self.failed == Some(w.list) {
            return None;
        }
        let fetch = Effect::Fetch {
            list: w.list,
            start: w.start,
            len: w.len,
            pool: self.ranking.pool,
            year: self.list_year(w.list),
            view: self.views.get(w.list),
        };
        if w.list == ListId::Agenda {
            return Some(self.agenda_fetch(w, fetch));
        }
        Some(fetch)
    }

    fn loaded(&mut self, l: Loaded, fx: &mut Vec<Effect>) {
        match l {
            Loaded::Index(index) => self.loaded_index(index),
            Loaded::IndexLoading => {}
            Loaded::View(view) => self.loaded_view(*view),
            Loaded::FileChanged(false) => {}
            Loaded::FileChanged(true) => {
                self.status = Some(Msg::FileChanged.text(self.lang).into());
                self.ranking.list.invalidate();
                self.reload_lists(fx);
                fx.push(Effect::LoadIndex);
            }
            Loaded::Overview(o) => self.overview = Some(o),
            Loaded::Page {
                list,
                start,
                total,
                rows,
            } => self.fill(list, start, total, rows),
            Loaded::Detail(d) => self.loaded_detail(d),
            Loaded::Calendar(c) => self.calendar = c,
            Loaded::Trends(t) => self.trends = Some(t),
            Loaded::RankYears(pool, years) => {
                self.loaded_rank_years(pool, years);
                self.views_rank_years();
            }
            Loaded::ListYears(list, years) => self.loaded_list_years(list, years, fx),
            Loaded::Today(now) => self.loaded_today(now, fx),
            Loaded::Form(f) => {
                self.overlay = Overlay::None;
                self.form = Some(*f);
            }
            l @ Loaded::Saved { .. } => self.saved(l, fx),
            l @ (Loaded::SaveBusy | Loaded::DraftBusy(_) | Loaded::SaveFailed(_)) => {
                self.save_not_done(l)
            }
            // A read-only file offers no draft: restoring one could not be saved.
            Loaded::Drafts(_) if self.read_only.is_some() => {}
            Loaded::Drafts(drafts) => {
                if let Some(d) = drafts.into_iter().next() {
                    self.ask(Prompt::Draft(d));
                }
            }
            Loaded::Me {
                me,
                commissioners,
                ask,
                notice,
            } => {
                let notice = notice.map(|n| n.text(self.lang));
                let before = self.me.clone();
                let mine = self.agenda_mode();
                self.loaded_me(me, commissioners, ask, notice, fx);
                self.views_person_changed(before, fx);
                // itinerary: "mine only" follows who is at the keyboard.
                if self.agenda_mode() != mine {
                    self.reread_agenda();
                }
            }
            Loaded::UndoNotYours { group, question } => {
                let question = question.text(self.lang);
                self.ask(Prompt::UndoOthers { group, question })
            }
            Loaded::FetchFailed { list, message } => {
                self.failed = Some(list);
                self.status = Some(message.text(self.lang));
            }
            Loaded::Notice(m) | Loaded::Error(m) => self.status = Some(m.text(self.lang)),
            Loaded::Views(v) => self.loaded_views(v, fx),
        }
    }

    /// Rows fetched for a list.
    fn fill(&mut self, list: ListId, start: usize, total: usize, rows: Rows) {
        match rows {
            Rows::Pool(r) if list == ListId::Pool => self.fill_pool_page(start, r, total),
            Rows::Agenda(r) if list == ListId::Agenda => self.agenda.fill(start, r, total),
            Rows::Alerts(r) if list == ListId::Alerts => self.alerts.fill(start, r, total),
            Rows::Ranking(r) if list == ListId::Ranking => self.ranking.list.fill(start, r, total),
            Rows::Certs(r) if list == ListId::Certs => self.certs.fill(start, r, total),
            Rows::Requests(r) if list == ListId::Requests => self.requests.fill(start, r, total),
            Rows::Commissioners(r) if list == ListId::Commissioners => {
                self.commissioners.fill(start, r, total)
            }
            Rows::Targets(r) if list == ListId::Targets => self.targets.fill(start, r, total),
            Rows::Review(r) if list == ListId::Review => self.review.list.fill(start, r, total),
            Rows::History(r) if list == ListId::History => self.history.fill(start, r, total),
            _ => {}
        }
    }

    /// `today` changed (`:today`): every list, the index, the overview, the calendar and the
    /// detail are read again.
    fn loaded_today(&mut self, now: PrimitiveDateTime, fx: &mut Vec<Effect>) {
        self.now = now;
        self.forget_pages();
        self.ranking.list.invalidate();
        self.calendar.clear();
        fx.push(Effect::LoadIndex);
        fx.push(Effect::LoadOverview);
        if self.screen == Screen::Agenda {
            fx.push(Effect::LoadCalendar(now.date()));
        }
        if let Some(d) = &self.detail {
            fx.push(Effect::LoadDetail(d.id.clone()));
        }
    }

    /// Asks for a form about the selected enterprise (and the selected visit, project, request
    /// or reward of the list, when no detail shows).
    fn request_form(&mut self, request: FormRequest, fx: &mut Vec<Effect>) {
        let enterprise_id = self.detail_or_selected();
        if enterprise_id.is_none() {
            return;
        }
        let item_id = match &self.detail {
            None => self.list(self.screen).and_then(|l| l.item_id()),
            Some(_) => None,
        };
        fx.push(Effect::OpenForm {
            request,
            enterprise_id,
            item_id,
        });
    }

    fn mouse(&mut self, m: MouseEvent) {
        match m.kind {
            MouseEventKind::ScrollDown => self.move_by(3),
            MouseEventKind::ScrollUp => self.move_by(-3),
            MouseEventKind::Down(_) => {
                // List rows start below the header, tab bar and table header.
                let first = CHROME_ROWS - 1;
                if self.detail.is_some() || self.overlay != Overlay::None || m.row < first {
                    return;
                }
                let offset = (m.row - first) as usize;
                if offset >= self.page_rows() {
                    return;
                }
                if let Some(l) = self.list_mut(self.screen) {
                    l.click(offset);
                }
            }
            _ => {}
        }
    }
}
