//! The TUI's state and its pure update: `App::update(Action) -> Vec<Effect>`.
//!
//! Keys, mouse and resize events come in as actions; reading the database goes out as effects,
//! which the loop (`crate::tui`) runs and feeds back as `Action::Loaded`. Nothing here does I/O.

pub mod effect;
pub mod form;
mod me;
pub mod paged;
pub mod pool;

use crate::config::Config;
use crate::domain::commissioners::CommissionerFigures;
use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use crate::i18n::sort_text::SortKeyText as _;
use crate::i18n::{Lang, Msg};
use crate::keymap::{self, KeyAction};
use crate::store::bureau::TargetRow;
use crate::store::detail::Detail;
use crate::store::edit::Draft;
use crate::store::queries::{AgendaItem, ListFilter, Overview, RankRow, RequestRow, SortKey};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};
pub use effect::{
    AlertItem, AlertLine, CertItem, Effect, Failure, FormRequest, Loaded, Message, Rows, form_data,
};
use form::{Form, FormOutcome};
pub use me::MePicker;
use paged::Paged;
use pool::{PoolIndex, PoolState, Query};
use time::{Date, PrimitiveDateTime};

/// Rows the chrome takes: header (2), tab bar (1), table header (1), footer (1).
pub const CHROME_ROWS: u16 = 5;
/// The smallest usable terminal.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The eight list screens, in number-key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Pool,
    Agenda,
    Alerts,
    Ranking,
    Certs,
    Requests,
    Commissioners,
    Targets,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Pool,
        Screen::Agenda,
        Screen::Alerts,
        Screen::Ranking,
        Screen::Certs,
        Screen::Requests,
        Screen::Commissioners,
        Screen::Targets,
    ];

    pub fn title(self) -> Msg {
        match self {
            Screen::Pool => Msg::ScreenPool,
            Screen::Agenda => Msg::ScreenAgenda,
            Screen::Alerts => Msg::ScreenAlerts,
            Screen::Ranking => Msg::ScreenRanking,
            Screen::Certs => Msg::ScreenCerts,
            Screen::Requests => Msg::ScreenRequests,
            Screen::Commissioners => Msg::ScreenCommissioners,
            Screen::Targets => Msg::ScreenTargets,
        }
    }

    /// Whether the screen lists enterprises (the bureau's screens list people and targets).
    pub fn lists_enterprises(self) -> bool {
        !matches!(self, Screen::Commissioners | Screen::Targets)
    }

    fn number(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// The SQL-paged lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListId {
    Agenda,
    Alerts,
    Ranking,
    Certs,
    Requests,
    Commissioners,
    Targets,
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

/// A question asked before anything else.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// Restore the newest draft left behind?
    Draft(Draft),
    /// Who is using this file?
    ChooseMe(MePicker),
    /// Undo someone else's change? (the group, the question naming whose it is)
    UndoOthers { group: i64, question: String },
}

/// A one-line text input (search, command line).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineInput {
    pub text: String,
}

/// The filter menu: the dimension list, then the values of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterMenu {
    pub dim: usize,
    /// The values of the chosen dimension (first is "all") and the cursor among them.
    pub values: Option<(Vec<String>, usize)>,
}

/// The filter dimensions, in menu order.
pub const FILTER_DIMS: [Msg; 8] = [
    Msg::ColPool,
    Msg::ColBatch,
    Msg::ColTier,
    Msg::ColColour,
    Msg::ColVisitState,
    Msg::ColDistrict,
    Msg::ColCommissioner,
    Msg::ColPoolStatus,
];

/// What is drawn over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help,
    Search(LineInput),
    Command(LineInput),
    Filter(FilterMenu),
}

/// The enterprise detail, opened from a list.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailState {
    pub id: String,
    pub detail: Option<Box<Detail>>,
    pub scroll: usize,
}

/// The Ranking screen: which pool and year, and the list.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingState {
    pub pool: Pool,
    pub year: i32,
    pub years: Vec<i32>,
    pub list: Paged<RankRow>,
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
    pub agenda: Paged<AgendaItem>,
    pub calendar: Vec<(Date, u32)>,
    pub alerts: Paged<AlertLine>,
    pub ranking: RankingState,
    pub certs: Paged<CertItem>,
    pub requests: Paged<RequestRow>,
    /// The Commissioners screen (this year's figures, loaded whole).
    pub commissioners: Paged<CommissionerFigures>,
    /// The Targets screen (this year's targets, loaded whole).
    pub targets: Paged<TargetRow>,
    /// A list whose fetch failed: not asked for again until the screen is entered anew (a
    /// failing database must not be queried in a loop).
    pub failed: Option<ListId>,
    pub status: Option<String>,
    pub width: u16,
    pub height: u16,
    /// False under `NO_COLOR`: the UI then draws without colour (symbols still carry meaning).
    pub colour: bool,
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
}

impl App {
    pub fn new(lang: Lang, now: PrimitiveDateTime, config: Config, width: u16, height: u16) -> App {
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
            agenda: Paged::default(),
            calendar: Vec::new(),
            alerts: Paged::default(),
            ranking: RankingState {
                pool: Pool::Hte,
                year: now.date().year(),
                years: Vec::new(),
                list: Paged::default(),
            },
            certs: Paged::default(),
            requests: Paged::default(),
            commissioners: Paged::default(),
            targets: Paged::default(),
            failed: None,
            status: None,
            width,
            height,
            colour: true,
            read_only: None,
            me: None,
            real_today: None,
            save_wait: None,
            quit: false,
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

    /// The handler of every action.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut fx = Vec::new();
        match action {
            Action::Resize(w, h) => {
                self.width = w;
                self.height = h;
            }
            Action::Key(k) if k.kind != KeyEventKind::Release => self.key(k, &mut fx),
            Action::Key(_) => {}
            Action::Paste(text) => {
                let (today, lang) = (self.today(), self.lang);
                match (&mut self.form, &mut self.overlay) {
                    (Some(f), _) => f.paste(&text, today, lang),
                    (None, _) if matches!(self.prompt, Some(Prompt::ChooseMe(_))) => {
                        for c in text.chars().filter(|c| !c.is_control()) {
                            self.key(KeyEvent::from(KeyCode::Char(c)), &mut fx);
                        }
                    }
                    (None, Overlay::Search(_) | Overlay::Command(_)) => {
                        for c in text.chars().filter(|c| !c.is_control()) {
                            self.key(KeyEvent::from(KeyCode::Char(c)), &mut fx);
                        }
                    }
                    _ => {}
                }
            }
            Action::Tick => {
                self.retry_save(&mut fx);
                if let Some(f) = &mut self.form
                    && f.draft_pending
                {
                    f.draft_pending = false;
                    fx.push(draft_effect(f));
                }
                fx.push(Effect::CheckFile);
            }
            Action::Mouse(m) => self.mouse(m),
            Action::Loaded(l) => self.loaded(l, &mut fx),
        }
        self.clamp_scroll();
        if let Some(f) = self.fetch_needed() {
            fx.push(f);
        }
        fx
    }

    fn key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        // A form in progress comes first; prompts wait behind it.
        if self.prompt.is_some() && self.form.is_none() {
            return self.prompt_key(k, fx);
        }
        if self.save_wait.is_some() && self.form.is_some() && k.code == KeyCode::Esc {
            // Esc stops waiting for the file; the form stays as it was.
            self.save_wait = None;
            if let Some(f) = &mut self.form {
                f.message = None;
            }
            return;
        }
        if let Some(form) = &mut self.form {
            match form.key(k, self.now.date(), self.lang) {
                FormOutcome::Editing { field_changed, .. } => {
                    if field_changed && form.draft_pending {
                        form.draft_pending = false;
                        fx.push(draft_effect(form));
                    }
                }
                FormOutcome::Save(edit) => fx.push(Effect::Save {
                    edit,
                    draft_id: form.draft_id.clone(),
                }),
                FormOutcome::Discard => {
                    fx.push(Effect::DeleteDraft(form.draft_id.clone()));
                    self.form = None;
                }
            }
            return;
        }
        match &mut self.overlay {
            Overlay::Help => {
                self.overlay = Overlay::None;
                return;
            }
            Overlay::Search(_) => return self.search_key(k),
            Overlay::Command(_) => return self.command_key(k, fx),
            Overlay::Filter(_) => return self.filter_key(k),
            Overlay::None => {}
        }
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        let on_detail = self.detail.is_some();
        let place = self.screen.number() as u8 + 1;
        let Some(a) = keymap::lookup_at(&k, on_detail, place) else {
            if k.code == KeyCode::Esc && self.screen == Screen::Pool {
                self.clear_search();
            }
            return;
        };
        self.status = None;
        if a.writes()
            && let Some(reason) = self.read_only
        {
            self.status = Some(format!(
                "{}（{}）",
                Msg::ReadOnlyNoWrite.text(self.lang),
                crate::i18n::store_text::read_only_reason(reason, self.lang)
            ));
            return;
        }
        // asof: the as-of view writes nothing.
        if a.writes() && self.as_of_view() {
            self.status = Some(crate::i18n::asof_text::no_write(self.lang).to_string());
            return;
        }
        self.act(a, fx);
    }

    /// A save or draft that did not go through: waiting for another program, or failed.
    fn save_not_done(&mut self, l: Loaded) {
        match l {
            Loaded::SaveBusy => {
                if let Some(f) = &mut self.form {
                    self.save_wait = Some(self.save_wait.unwrap_or(0));
                    f.message = Some(Msg::SaveWaiting.text(self.lang).into());
                }
            }
            Loaded::DraftBusy(id) => {
                if let Some(f) = &mut self.form
                    && f.draft_id == id
                {
                    f.draft_pending = true;
                }
            }
            Loaded::SaveFailed(msg) => {
                self.save_wait = None;
                match &mut self.form {
                    Some(f) => f.message = Some(msg.text(self.lang)),
                    None => self.status = Some(msg.text(self.lang)),
                }
            }
            _ => {}
        }
    }

    /// At a tick, tries a save waiting for another program again (the form's values as they
    /// are now), or gives up once the configured wait has passed.
    fn retry_save(&mut self, fx: &mut Vec<Effect>) {
        let (Some(waited), Some(form)) = (self.save_wait, &mut self.form) else {
            self.save_wait = None;
            return;
        };
        let limit = self.config.files.write_wait().as_secs_f64().ceil() as u32;
        if waited >= limit {
            self.save_wait = None;
            form.message = Some(Msg::SaveGaveUp.text(self.lang).into());
            return;
        }
        self.save_wait = Some(waited + 1);
        match form.submit(self.now.date(), self.lang) {
            FormOutcome::Save(edit) => fx.push(Effect::Save {
                edit,
                draft_id: form.draft_id.clone(),
            }),
            // The values no longer pass their checks: the form shows why.
            _ => self.save_wait = None,
        }
    }

    /// Performs a keymap action.
    pub fn act(&mut self, a: KeyAction, fx: &mut Vec<Effect>) {
        let page = self.page_rows();
        match a {
            KeyAction::Down => self.move_by(1),
            KeyAction::Up => self.move_by(-1),
            KeyAction::PageDown => self.move_by(page as isize),
            KeyAction::PageUp => self.move_by(-(page as isize)),
            KeyAction::HalfDown => self.move_by((page / 2).max(1) as isize),
            KeyAction::HalfUp => self.move_by(-((page / 2).max(1) as isize)),
            KeyAction::Top => self.move_by(isize::MIN / 2),
            KeyAction::Bottom => self.move_by(isize::MAX / 2),
            KeyAction::Screen(n) => self.switch(
                Screen::ALL[(n as usize).clamp(1, Screen::ALL.len()) - 1],
                fx,
            ),
            KeyAction::NextScreen => {
                let n = Screen::ALL.len();
                self.switch(Screen::ALL[(self.screen.number() + 1) % n], fx)
            }
            KeyAction::PrevScreen => {
                let n = Screen::ALL.len();
                self.switch(Screen::ALL[(self.screen.number() + n - 1) % n], fx)
            }
            KeyAction::Open => self.open(fx),
            KeyAction::Back => self.detail = None,
            KeyAction::SortNext | KeyAction::SortReverse => {
                self.sort(a == KeyAction::SortNext, None)
            }
            KeyAction::Filter => {
                self.overlay = Overlay::Filter(FilterMenu {
                    dim: 0,
                    values: None,
                })
            }
            KeyAction::ClearFilter => {
                let today = self.today();
                if let Some(p) = &mut self.pool {
                    p.filter = ListFilter::default();
                    p.refilter(today);
                }
            }
            KeyAction::Search => {
                let text = self
                    .pool
                    .as_ref()
                    .map(|p| p.query.text.clone())
                    .unwrap_or_default();
                self.overlay = Overlay::Search(LineInput { text });
            }
            KeyAction::NextMatch | KeyAction::PrevMatch => {
                let forward = a == KeyAction::NextMatch;
                if let Some(p) = &mut self.pool {
                    let from = if forward { p.selected + 1 } else { p.selected };
                    if let Some(m) = p.next_match(from, forward) {
                        p.selected = m;
                    } else if !p.query.is_empty() {
                        self.status = Some(Msg::NoMatch.text(self.lang).into());
                    }
                }
            }
            KeyAction::NextPool => {
                let i = Pool::ALL
                    .iter()
                    .position(|p| *p == self.ranking.pool)
                    .unwrap_or(0);
                self.ranking.pool = Pool::ALL[(i + 1) % Pool::ALL.len()];
                self.ranking.list = Paged::default();
                fx.push(Effect::LoadRankYears(self.ranking.pool));
            }
            KeyAction::PrevYear | KeyAction::NextYear => {
                let years = &self.ranking.years;
                let i = years.iter().position(|y| *y == self.ranking.year);
                let next = match (i, a == KeyAction::NextYear) {
                    (Some(i), true) => years.get(i + 1),
                    (Some(i), false) => i.checked_sub(1).and_then(|j| years.get(j)),
                    (None, _) => years.last(),
                };
                if let Some(&y) = next {
                    self.ranking.year = y;
                    self.ranking.list = Paged::default();
                }
            }
            KeyAction::LogVisit => self.request_form(FormRequest::LogVisit, fx),
            KeyAction::PlanVisit => self.request_form(FormRequest::PlanVisit, fx),
            KeyAction::MoveVisit => self.request_form(FormRequest::MoveVisit, fx),
            KeyAction::CancelVisit => self.request_form(FormRequest::CancelVisit, fx),
            KeyAction::NewEnterprise => fx.push(Effect::OpenForm {
                request: FormRequest::NewEnterprise,
                enterprise_id: None,
                item_id: None,
            }),
            KeyAction::EditEnterprise => self.request_form(FormRequest::EditEnterprise, fx),
            KeyAction::MovePool => self.request_form(FormRequest::MovePool, fx),
            KeyAction::MilestoneDone => self.request_form(FormRequest::MilestoneDone, fx),
            KeyAction::Override => self.request_form(FormRequest::Override, fx),
            KeyAction::Respond => self.request_form(FormRequest::Respond, fx),
            KeyAction::Project => self.request_form(FormRequest::Project, fx),
            KeyAction::Milestone => self.request_form(FormRequest::Milestone, fx),
            KeyAction::Certificate => self.request_form(FormRequest::Certificate, fx),
            KeyAction::Figures => self.request_form(FormRequest::Figures, fx),
            KeyAction::SupportAction => self.request_form(FormRequest::SupportAction, fx),
            KeyAction::PayReward => self.request_form(FormRequest::PayReward, fx),
            KeyAction::NewCommissioner => fx.push(Effect::OpenForm {
                request: FormRequest::NewCommissioner,
                enterprise_id: None,
                item_id: None,
            }),
            KeyAction::EditCommissioner => {
                if let Some(c) = self.commissioners.selected_row() {
                    fx.push(Effect::OpenForm {
                        request: FormRequest::EditCommissioner,
                        enterprise_id: None,
                        item_id: Some(c.id.clone()),
                    });
                }
            }
            KeyAction::EditTarget => self.edit_target(fx),
            KeyAction::NewTarget => self.new_target(fx),
            KeyAction::Brief => {
                if let Some(id) = self.detail_or_selected() {
                    fx.push(Effect::WriteBrief(id));
                }
            }
            KeyAction::Undo => fx.push(Effect::Undo),
            KeyAction::Redo => fx.push(Effect::Redo),
            KeyAction::Help => self.overlay = Overlay::Help,
            KeyAction::CommandLine => self.overlay = Overlay::Command(LineInput::default()),
            KeyAction::Quit => self.quit = true,
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

    /// Forgets the loaded rows of every SQL-paged list and reloads the overview, the calendar
    /// and the detail showing (after a write).
    fn reload_lists(&mut self, fx: &mut Vec<Effect>) {
        self.agenda.invalidate();
        self.alerts.invalidate();
        self.certs.invalidate();
        self.requests.invalidate();
        self.commissioners.invalidate();
        self.targets.invalidate();
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

    /// The enterprise of the detail showing, else of the selected row.
    fn detail_or_selected(&self) -> Option<String> {
        match &self.detail {
            Some(d) => Some(d.id.clone()),
            None => self.selected_enterprise(),
        }
    }

    /// The enterprise id of the selected row on the current screen.
    pub fn selected_enterprise(&self) -> Option<String> {
        match self.screen {
            Screen::Pool => self.pool.as_ref()?.selected_row().map(|r| r.id.to_string()),
            Screen::Agenda => self.agenda.selected_row().map(|r| r.enterprise_id.clone()),
            Screen::Alerts => self
                .alerts
                .selected_row()
                .map(|r| r.enterprise_id().to_string()),
            Screen::Ranking => self
                .ranking
                .list
                .selected_row()
                .map(|r| r.enterprise_id.clone()),
            Screen::Certs => self.certs.selected_row().map(|r| match r {
                CertItem::Expiring { cert, .. } => cert.enterprise_id.clone(),
                CertItem::Candidate { enterprise_id, .. } => enterprise_id.clone(),
                CertItem::Reward(r) => r.enterprise_id.clone(),
            }),
            Screen::Requests => self
                .requests
                .selected_row()
                .map(|r| r.enterprise_id.clone()),
            Screen::Commissioners | Screen::Targets => None,
        }
    }

    fn open(&mut self, fx: &mut Vec<Effect>) {
        if self.screen == Screen::Commissioners {
            return self.list_commissioner_enterprises();
        }
        if let Some(id) = self.selected_enterprise() {
            self.open_detail(id, fx);
        }
    }

    /// The Pool screen, filtered to the selected commissioner's enterprises.
    fn list_commissioner_enterprises(&mut self) {
        let today = self.today();
        let Some(name) = self.commissioners.selected_row().map(|c| c.name.clone()) else {
            return;
        };
        if let Some(p) = &mut self.pool {
            p.filter = ListFilter {
                commissioner: Some(name),
                ..ListFilter::default()
            };
            p.refilter(today);
            p.selected = 0;
            self.screen = Screen::Pool;
        }
    }

    fn open_detail(&mut self, id: String, fx: &mut Vec<Effect>) {
        fx.push(Effect::LoadDetail(id.clone()));
        self.detail = Some(DetailState {
            id,
            detail: None,
            scroll: 0,
        });
    }

    /// Cycles the Pool sort column (or sets it), or reverses it.
    fn sort(&mut self, next: bool, set: Option<SortKey>) {
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

    /// Moves the cursor of the current list (or scrolls the detail) by `delta` rows.
    fn move_by(&mut self, delta: isize) {
        let step = |sel: usize, total: usize| -> usize {
            if total == 0 {
                return 0;
            }
            (sel as isize)
                .saturating_add(delta)
                .clamp(0, total as isize - 1) as usize
        };
        if let Some(d) = &mut self.detail {
            // The last page of the detail is full: scrolling stops there.
            let last = d.detail.as_ref().map_or(0, |d| {
                crate::ui::detail::max_scroll(d, self.lang, self.width, self.height)
            });
            d.scroll = step(d.scroll, last + 1);
            return;
        }
        match self.screen {
            Screen::Pool => {
                if let Some(p) = &mut self.pool {
                    p.selected = step(p.selected, p.view_len());
                }
            }
            Screen::Agenda => self.agenda.selected = step(self.agenda.selected, self.agenda.total),
            Screen::Alerts => self.alerts.selected = step(self.alerts.selected, self.alerts.total),
            Screen::Ranking => {
                let l = &mut self.ranking.list;
                l.selected = step(l.selected, l.total);
            }
            Screen::Certs => self.certs.selected = step(self.certs.selected, self.certs.total),
            Screen::Requests => {
                self.requests.selected = step(self.requests.selected, self.requests.total)
            }
            Screen::Commissioners => {
                let l = &mut self.commissioners;
                l.selected = step(l.selected, l.total);
            }
            Screen::Targets => {
                self.targets.selected = step(self.targets.selected, self.targets.total)
            }
        }
    }

    /// Keeps the cursor on screen.
    fn clamp_scroll(&mut self) {
        let rows = self.page_rows();
        let fix = |sel: usize, scroll: &mut usize| {
            if sel < *scroll {
                *scroll = sel;
            } else if sel >= *scroll + rows {
                *scroll = sel + 1 - rows;
            }
        };
        if let Some(p) = &mut self.pool {
            fix(p.selected, &mut p.scroll);
        }
        fix(self.agenda.selected, &mut self.agenda.scroll);
        fix(self.alerts.selected, &mut self.alerts.scroll);
        fix(self.ranking.list.selected, &mut self.ranking.list.scroll);
        fix(self.certs.selected, &mut self.certs.scroll);
        fix(self.requests.selected, &mut self.requests.scroll);
        fix(self.commissioners.selected, &mut self.commissioners.scroll);
        fix(self.targets.selected, &mut self.targets.scroll);
    }

    /// A fetch for the visible rows of the current screen, if they are not loaded.
    fn fetch_needed(&self) -> Option<Effect> {
        if self.detail.is_some() {
            return None;
        }
        let rows = self.page_rows();
        let (list, loaded, covers, window) = match self.screen {
            Screen::Pool => return None,
            Screen::Agenda => paged_state(ListId::Agenda, &self.agenda, rows),
            Screen::Alerts => paged_state(ListId::Alerts, &self.alerts, rows),
            Screen::Ranking => {
                if self.ranking.years.is_empty() {
                    return None;
                }
                paged_state(ListId::Ranking, &self.ranking.list, rows)
            }
            Screen::Certs => paged_state(ListId::Certs, &self.certs, rows),
            Screen::Requests => paged_state(ListId::Requests, &self.requests, rows),
            // Small lists, loaded whole.
            Screen::Commissioners => (
                ListId::Commissioners,
                self.commissioners.loaded,
                true,
                (0, 0),
            ),
            Screen::Targets => (ListId::Targets, self.targets.loaded, true, (0, 0)),
        };
        if loaded && covers || self.failed == Some(list) {
            return None;
        }
        let year = if self.screen.lists_enterprises() {
            self.ranking.year
        } else {
            self.today().year()
        };
        Some(Effect::Fetch {
            list,
            start: window.0,
            len: window.1,
            pool: self.ranking.pool,
            year,
        })
    }

    fn loaded(&mut self, l: Loaded, fx: &mut Vec<Effect>) {
        let today = self.today();
        match l {
            Loaded::Index(index) => {
                let mut p = PoolState::new(index, today);
                if let Some(old) = self.pool.take() {
                    // Reloaded (the file changed): the same sort, filter, search and cursor.
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
            } => match rows {
                Rows::Agenda(r) if list == ListId::Agenda => self.agenda.fill(start, r, total),
                Rows::Alerts(r) if list == ListId::Alerts => self.alerts.fill(start, r, total),
                Rows::Ranking(r) if list == ListId::Ranking => {
                    self.ranking.list.fill(start, r, total)
                }
                Rows::Certs(r) if list == ListId::Certs => self.certs.fill(start, r, total),
                Rows::Requests(r) if list == ListId::Requests => {
                    self.requests.fill(start, r, total)
                }
                Rows::Commissioners(r) if list == ListId::Commissioners => {
                    self.commissioners.fill(start, r, total)
                }
                Rows::Targets(r) if list == ListId::Targets => self.targets.fill(start, r, total),
                _ => {}
            },
            Loaded::Detail(d) => {
                if let Some(state) = &mut self.detail
                    && state.id == d.row.id
                {
                    state.detail = Some(d);
                }
            }
            Loaded::Calendar(c) => self.calendar = c,
            Loaded::RankYears(pool, years) => {
                if pool == self.ranking.pool {
                    self.ranking.year = years.last().copied().unwrap_or(today.year());
                    self.ranking.years = years;
                    self.ranking.list = Paged::default();
                }
            }
            Loaded::Today(now) => {
                self.now = now;
                self.agenda.invalidate();
                self.alerts.invalidate();
                self.certs.invalidate();
                self.requests.invalidate();
                self.ranking.list.invalidate();
                self.commissioners.invalidate();
                self.targets.invalidate();
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
            Loaded::Form(f) => {
                self.overlay = Overlay::None;
                self.form = Some(*f);
            }
            Loaded::Saved {
                message,
                rows,
                removed,
                agenda_position,
                reindex,
            } => {
                if reindex {
                    fx.push(Effect::LoadIndex);
                    fx.push(Effect::LoadMe);
                }
                if let Some(pos) = agenda_position {
                    self.agenda.selected = pos;
                }
                self.save_wait = None;
                if let Some(f) = self.form.take() {
                    fx.push(Effect::DeleteDraft(f.draft_id));
                }
                self.status = Some(message.text(self.lang));
                if let Some(p) = &mut self.pool {
                    for id in &removed {
                        p.remove(id, today);
                    }
                    for row in rows {
                        p.upsert(row, today);
                    }
                }
                self.reload_lists(fx);
            }
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
                self.loaded_me(me, commissioners, ask, notice, fx)
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
        }
    }

    /// Asks for a form about the selected enterprise (and, on the Agenda, the selected visit).
    fn request_form(&mut self, request: FormRequest, fx: &mut Vec<Effect>) {
        let enterprise_id = self.detail_or_selected();
        if enterprise_id.is_none() {
            return;
        }
        let item_id = match (self.screen, &self.detail) {
            (Screen::Agenda, None) => self.agenda.selected_row().map(|v| v.visit_id.clone()),
            (Screen::Alerts, None) => self.alerts.selected_row().map(|a| match a {
                AlertLine::Project(a) => a.row.project_id.clone(),
                AlertLine::Action(a) => a.id.clone(),
            }),
            (Screen::Certs, None) => self.certs.selected_row().and_then(|c| match c {
                CertItem::Reward(r) => Some(form::reward_key(r.kind, r.year)),
                _ => None,
            }),
            (Screen::Requests, None) => self.requests.selected_row().map(|q| q.id.clone()),
            _ => None,
        };
        fx.push(Effect::OpenForm {
            request,
            enterprise_id,
            item_id,
        });
    }

    /// Asks for the form setting the selected target (Targets screen).
    fn edit_target(&mut self, fx: &mut Vec<Effect>) {
        if self.screen != Screen::Targets || self.detail.is_some() {
            return;
        }
        match self.targets.selected_row() {
            Some(r) => fx.push(Effect::OpenTargetForm {
                district: r.district.clone(),
                metric: r.metric,
                year: r.year,
            }),
            // Nothing to edit yet: a new one.
            None => self.new_target(fx),
        }
    }

    /// Asks for the form setting a new target, for the year the Targets screen shows.
    fn new_target(&mut self, fx: &mut Vec<Effect>) {
        if self.screen != Screen::Targets || self.detail.is_some() {
            return;
        }
        fx.push(Effect::OpenNewTargetForm {
            year: self.today().year(),
        });
    }

    /// Shows a prompt, or queues it behind the one showing.
    fn ask(&mut self, p: Prompt) {
        if self.prompt.is_some() {
            self.prompts.push(p);
        } else {
            self.prompt = Some(p);
        }
    }

    fn prompt_key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        self.answer_prompt(k, fx);
        if self.prompt.is_none() && !self.prompts.is_empty() {
            self.prompt = Some(self.prompts.remove(0));
        }
    }

    fn answer_prompt(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        match prompt {
            Prompt::Draft(d) => match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                    match serde_json::from_str::<Form>(&d.data) {
                        Ok(mut f) => {
                            f.draft_id = d.id.clone();
                            self.form = Some(f);
                        }
                        Err(e) => {
                            self.status = Some(format!("{}: {e}", Msg::DraftFound.text(self.lang)))
                        }
                    }
                    self.prompt = None;
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    fx.push(Effect::DeleteDraft(d.id.clone()));
                    self.prompt = None;
                }
                _ => {}
            },
            Prompt::ChooseMe(p) => {
                let n = p.shown().len().max(1);
                let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
                match k.code {
                    KeyCode::Down => p.cursor = (p.cursor + 1) % n,
                    KeyCode::Char('n') if ctrl => p.cursor = (p.cursor + 1) % n,
                    KeyCode::Up => p.cursor = (p.cursor + n - 1) % n,
                    KeyCode::Char('p') if ctrl => p.cursor = (p.cursor + n - 1) % n,
                    KeyCode::Enter => {
                        if let Some((id, _)) = p.shown().get(p.cursor) {
                            fx.push(Effect::SetMe(id.clone()));
                            self.prompt = None;
                        }
                    }
                    // Decide later: changes go unsigned, and the header says so.
                    KeyCode::Esc => self.prompt = None,
                    KeyCode::Char('q') if p.filter.is_empty() => self.prompt = None,
                    KeyCode::Backspace => {
                        p.filter.pop();
                        p.cursor = 0;
                    }
                    KeyCode::Char(c) if !ctrl => {
                        p.filter.push(c);
                        p.cursor = 0;
                    }
                    _ => {}
                }
            }
            Prompt::UndoOthers { group, .. } => match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    fx.push(Effect::UndoOthers(*group));
                    self.prompt = None;
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Enter => {
                    self.prompt = None
                }
                _ => {}
            },
        }
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
                let (sel, scroll, total) = match self.screen {
                    Screen::Pool => match &mut self.pool {
                        Some(p) => {
                            let t = p.view_len();
                            (&mut p.selected, p.scroll, t)
                        }
                        None => return,
                    },
                    Screen::Agenda => (
                        &mut self.agenda.selected,
                        self.agenda.scroll,
                        self.agenda.total,
                    ),
                    Screen::Alerts => (
                        &mut self.alerts.selected,
                        self.alerts.scroll,
                        self.alerts.total,
                    ),
                    Screen::Ranking => {
                        let l = &mut self.ranking.list;
                        (&mut l.selected, l.scroll, l.total)
                    }
                    Screen::Certs => (
                        &mut self.certs.selected,
                        self.certs.scroll,
                        self.certs.total,
                    ),
                    Screen::Requests => (
                        &mut self.requests.selected,
                        self.requests.scroll,
                        self.requests.total,
                    ),
                    Screen::Commissioners => (
                        &mut self.commissioners.selected,
                        self.commissioners.scroll,
                        self.commissioners.total,
                    ),
                    Screen::Targets => (
                        &mut self.targets.selected,
                        self.targets.scroll,
                        self.targets.total,
                    ),
                };
                if scroll + offset < total {
                    *sel = scroll + offset;
                }
            }
            _ => {}
        }
    }

    fn clear_search(&mut self) {
        if let Some(p) = &mut self.pool {
            p.clear_search();
        }
        self.pending_query = None;
    }

    fn search_key(&mut self, k: KeyEvent) {
        let Overlay::Search(input) = &mut self.overlay else {
            return;
        };
        match k.code {
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                self.clear_search();
                return;
            }
            KeyCode::Enter => {
                self.overlay = Overlay::None;
                return;
            }
            KeyCode::Backspace => {
                input.text.pop();
            }
            KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => input.text.push(c),
            _ => return,
        }
        let q = Query::new(&input.text);
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

    fn command_key(&mut self, k: KeyEvent, fx: &mut Vec<Effect>) {
        let Overlay::Command(input) = &mut self.overlay else {
            return;
        };
        match k.code {
            KeyCode::Esc => self.overlay = Overlay::None,
            KeyCode::Backspace if input.text.pop().is_none() => self.overlay = Overlay::None,
            KeyCode::Backspace => {}
            KeyCode::Enter => {
                let line = std::mem::take(&mut input.text);
                self.overlay = Overlay::None;
                self.run_command(&line, fx);
            }
            KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => input.text.push(c),
            _ => {}
        }
    }

    /// Runs a `:` command line.
    pub fn run_command(&mut self, line: &str, fx: &mut Vec<Effect>) {
        let line = line.trim();
        let (cmd, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let arg = arg.trim();
        let l = self.lang;
        match cmd {
            "q" | "quit" => self.quit = true,
            "goto" | "g" => {
                let q = Query::new(arg);
                let (exact, matches): (Option<String>, usize) = match &self.pool {
                    Some(p) if !arg.is_empty() => (
                        (0..p.index.rows.len())
                            .find(|&i| p.index.name(i) == arg)
                            .and_then(|i| p.index.rows.get(i))
                            .map(|r| r.id.to_string()),
                        (0..p.index.rows.len())
                            .filter(|&i| q.matches(&p.index, i))
                            .take(2)
                            .count(),
                    ),
                    _ => (None, 0),
                };
                let unique = exact.or_else(|| {
                    (matches == 1)
                        .then_some(self.pool.as_ref())
                        .flatten()
                        .and_then(|p| {
                            let i = (0..p.index.rows.len()).find(|&i| q.matches(&p.index, i))?;
                            p.index.rows.get(i)
                        })
                        .map(|r| r.id.to_string())
                });
                let today = self.now.date();
                match (unique, matches) {
                    (Some(id), _) => {
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
                    (None, 0) => self.status = Some(format!("{} {arg:?}", Msg::NoMatch.text(l))),
                    (None, _) => {
                        // Several match: show them as a search, the first one selected.
                        self.detail = None;
                        self.screen = Screen::Pool;
                        if let Some(p) = &mut self.pool {
                            p.query = q;
                            p.research();
                            if let Some(m) = p.next_match(0, true) {
                                p.selected = m;
                            }
                            self.status =
                                Some(format!("{} {}", p.match_count(), Msg::GotoMany.text(l)));
                        }
                    }
                }
            }
            "sort" => match SortKey::parse(arg) {
                Some(k) => {
                    self.screen = Screen::Pool;
                    self.detail = None;
                    self.sort(false, Some(k));
                }
                None => {
                    let all: Vec<&str> = SortKey::ALL.iter().map(|k| k.code()).collect();
                    self.status = Some(format!("{}: {}", Msg::UnknownSort.text(l), all.join(", ")));
                }
            },
            // `:today` alone, or 今天 / today, returns to the real today; other words and
            // offsets count from the day shown.
            "today" => match (self.real_today, arg.trim().to_lowercase().as_str()) {
                (Some(real), "" | "今天" | "today" | "t") => fx.push(Effect::SetToday(real)),
                _ => match crate::domain::dates::parse_user_date(arg, self.today()) {
                    Ok(d) => fx.push(Effect::SetToday(d)),
                    Err(e) => self.status = Some(crate::i18n::input_text::date_error(&e, l)),
                },
            },
            "me" => {
                if let Some(reason) = self.read_only {
                    self.status = Some(format!(
                        "{}（{}）",
                        Msg::ReadOnlyNoWrite.text(l),
                        crate::i18n::store_text::read_only_reason(reason, l)
                    ));
                } else {
                    fx.push(Effect::ChooseMe(arg.to_string()));
                }
            }
            "lang" => match Lang::parse(arg) {
                Some(lang) => self.lang = lang,
                None => self.status = Some(format!("{}: zh, en", Msg::UnknownLang.text(l))),
            },
            "" => {}
            other => self.status = Some(format!("{} :{other}", Msg::UnknownCommand.text(l))),
        }
    }

    fn filter_key(&mut self, k: KeyEvent) {
        let today = self.today();
        let lang = self.lang;
        let Overlay::Filter(menu) = &mut self.overlay else {
            return;
        };
        let Some(p) = &mut self.pool else {
            self.overlay = Overlay::None;
            return;
        };
        match (&mut menu.values, k.code) {
            (_, KeyCode::Char('q')) => self.overlay = Overlay::None,
            (None, KeyCode::Esc) => self.overlay = Overlay::None,
            (Some(_), KeyCode::Esc) => menu.values = None,
            (None, KeyCode::Char('j') | KeyCode::Down) => {
                menu.dim = (menu.dim + 1) % FILTER_DIMS.len()
            }
            (None, KeyCode::Char('k') | KeyCode::Up) => {
                menu.dim = (menu.dim + FILTER_DIMS.len() - 1) % FILTER_DIMS.len()
            }
            (None, KeyCode::Enter | KeyCode::Char('l') | KeyCode::Right) => {
                menu.values = Some((filter_values(menu.dim, &p.index, lang), 0));
            }
            (Some((vals, i)), KeyCode::Char('j') | KeyCode::Down) => {
                *i = (*i + 1) % vals.len().max(1)
            }
            (Some((vals, i)), KeyCode::Char('k') | KeyCode::Up) => {
                *i = (*i + vals.len().max(1) - 1) % vals.len().max(1)
            }
            (Some((_, i)), KeyCode::Enter) => {
                set_filter(&mut p.filter, menu.dim, *i, &p.index);
                p.refilter(today);
                self.overlay = Overlay::None;
            }
            _ => {}
        }
    }
}

fn paged_state<T>(list: ListId, p: &Paged<T>, rows: usize) -> (ListId, bool, bool, (usize, usize)) {
    let from = p.scroll;
    let to = p.scroll + rows;
    (list, p.loaded, p.covers(from, to), p.window_for(from, to))
}

/// The choices of a filter dimension: "all" first, then the values.
pub fn filter_values(dim: usize, index: &PoolIndex, l: Lang) -> Vec<String> {
    let mut v = vec![Msg::All.text(l).to_string()];
    match dim {
        0 => v.extend(Pool::ALL.iter().map(|x| x.label(l).to_string())),
        1 => v.extend(Batch::ALL.iter().map(|x| x.label(l).to_string())),
        2 => v.extend(Tier::ALL.iter().map(|x| x.label(l).to_string())),
        3 => v.extend(Colour::ALL.iter().map(|x| x.badge(l))),
        4 => v.extend(VisitState::ALL.iter().map(|x| x.label(l).to_string())),
        5 => v.extend(index.districts.iter().cloned()),
        6 => v.extend(index.commissioners.iter().cloned()),
        _ => v.extend(PoolStatus::ALL.iter().map(|x| x.label(l).to_string())),
    }
    v
}

/// Sets filter dimension `dim` to its `choice`-th value (0 clears it).
pub fn set_filter(f: &mut ListFilter, dim: usize, choice: usize, index: &PoolIndex) {
    let pick = |n: usize| choice.checked_sub(1).filter(|i| *i < n);
    match dim {
        0 => f.pool = pick(Pool::ALL.len()).map(|i| Pool::ALL[i]),
        1 => f.batch = pick(Batch::ALL.len()).map(|i| Batch::ALL[i]),
        2 => f.tier = pick(Tier::ALL.len()).map(|i| Tier::ALL[i]),
        3 => f.colour = pick(Colour::ALL.len()).map(|i| Colour::ALL[i]),
        4 => f.visit = pick(VisitState::ALL.len()).map(|i| VisitState::ALL[i]),
        5 => f.district = pick(index.districts.len()).map(|i| index.districts[i].clone()),
        6 => {
            f.commissioner = pick(index.commissioners.len()).map(|i| index.commissioners[i].clone())
        }
        _ => f.pool_status = pick(PoolStatus::ALL.len()).map(|i| PoolStatus::ALL[i]),
    }
}

/// The effect that writes a form's draft.
fn draft_effect(f: &Form) -> Effect {
    Effect::SaveDraft {
        id: f.draft_id.clone(),
        kind: f.title.clone(),
        data: serde_json::to_string(f).unwrap_or_default(),
    }
}
