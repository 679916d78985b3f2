//! Runs the app's effects against the database and turns the results into `Loaded` actions:
//! a dispatch to one small function per effect, each calling `store` (all SQL is there) and
//! returning data (the app words what it says). Used by the terminal loop, the whole-app tests
//! and the benchmarks alike.

mod forms;
// itinerary: the Agenda grouped, mine only, the day plan
mod itinerary;
mod lists;
mod listview;
mod review;
mod session;
#[cfg(test)]
mod tests;
mod trends;
mod views;
mod warm;
mod writes;
pub use warm::{IndexLoad, Waking};

use crate::app::{Effect, ListId, Loaded, Message};
use crate::config::Config;
use crate::domain::Pool;
use crate::domain::commissioners::CommissionerYear;
use crate::i18n::Lang;
use crate::store::alerts::AlertsKept;
use crate::store::bureau::TargetRow;
use crate::store::certs::CertCounts;
use crate::store::changes::last_group;
use crate::store::presence::{Presence, Session};
use crate::store::{Result, Store, detail, queries};
use std::collections::HashMap;
use time::{Date, PrimitiveDateTime};

pub struct Runner {
    pub store: Store,
    pub config: Config,
    pub now: PrimitiveDateTime,
    pub lang: Lang,
    /// The commissioner stamped on changes (`--as`, else the user's own, else the file's default).
    pub commissioner: Option<String>,
    /// The user's config file, where choosing who you are is kept (`None`: not kept).
    pub user_config: Option<std::path::PathBuf>,
    /// Whether choosing who you are is kept in the user's config (not on the demo pool, whose
    /// people are nobody's: there it holds for the session).
    pub keep_me: bool,
    /// This session's entry beside the file, telling other sessions who has it open.
    presence: Option<Presence>,
    /// The other sessions already told about (`None`: not watching).
    others_seen: Option<Vec<Session>>,
    /// Whole-pool counts and figures read since the last change to the file.
    memo: Memo,
    /// The last change group this runner knows of (its own writes included): a newer one at a
    /// check is another program's change.
    seen_group: Option<Option<i64>>,
    /// Whether to keep the whole-pool summaries computed in the background (the terminal
    /// sets it; tests and benchmarks measure the work where it happens).
    pub warm: bool,
    /// The background computation running, and whether a new one is due.
    warming: Option<std::thread::JoinHandle<()>>,
    warm_due: bool,
    /// trends: whether the kept trends may have changed since last given to the app.
    trends_due: bool,
    /// The pool's index loading in the background (`warm::IndexLoad`).
    pub index_load: IndexLoad,
    /// The real today: the day the values saved in the file are for. A `now` on another day is
    /// the as-of view, computed on this connection only (`store::asof`), which writes nothing.
    pub real_today: Date,
}

/// What the file looked like when a memo was taken: the last change group (every logged write,
/// by this program or another, begins one) and the hour of the clock (figures move with the day,
/// breaches with the hour).
type Stamp = (Option<i64>, Date, u8);

/// Whole-pool counts and figures that every page of a list needs, kept while the stamp holds so
/// that paging and switching screens read only the rows they show.
#[derive(Default)]
struct Memo {
    stamp: Option<Stamp>,
    /// The length of the Agenda and Requests lists.
    totals: HashMap<ListId, usize>,
    /// The live and the ranked enterprises (the Pool screen's pages before its index).
    pool_counts: Option<(usize, usize)>,
    /// The length of each pool's ranking by year.
    rankings: HashMap<(Pool, i32), usize>,
    /// The Alerts list's parts and last window.
    alerts: AlertsKept,
    /// The Certificates list's parts.
    certs: CertCounts,
    commissioners: Option<(i32, CommissionerYear)>,
    targets: Option<(i32, Vec<TargetRow>)>,
    /// Planned visits per day of a month (the Agenda's calendar), by its first day.
    calendar: Option<(Date, Vec<(Date, u32)>)>,
    /// The ordered keys of each list shown sorted or filtered.
    views: listview::ViewKeys,
    /// itinerary: the Agenda's groups for a mode and view.
    agenda_groups: itinerary::Groups,
    /// history: each view of the History list shown, its length and range of the log.
    history: HashMap<crate::store::listview::ListQuery, crate::store::history::Span>,
}

/// Key in `meta`: the commissioner older versions chose for this file, now only a default
/// (see `cli::write::whoami`).
pub const ME: &str = "commissioner_id";

impl Runner {
    pub fn new(
        store: Store,
        config: Config,
        now: PrimitiveDateTime,
        lang: Lang,
        commissioner: Option<String>,
    ) -> Runner {
        let seen_group = last_group(&store.conn).ok();
        Runner {
            store,
            config,
            now,
            lang,
            commissioner,
            user_config: None,
            keep_me: true,
            presence: None,
            others_seen: None,
            memo: Memo::default(),
            seen_group,
            warm: false,
            warming: None,
            warm_due: true,
            trends_due: true,
            index_load: IndexLoad::default(),
            real_today: now.date(),
        }
    }

    /// Whether the runner shows the as-of view of a day other than the real today.
    pub fn as_of(&self) -> bool {
        self.now.date() != self.real_today
    }

    fn stamp(&self) -> Result<Stamp> {
        Ok((
            last_group(&self.store.conn)?,
            self.now.date(),
            self.now.hour(),
        ))
    }

    /// The memo, emptied first if the file or the clock moved since it was taken.
    fn memo(&mut self) -> Result<&mut Memo> {
        let stamp = self.stamp()?;
        if self.memo.stamp != Some(stamp) {
            self.memo = Memo {
                stamp: Some(stamp),
                ..Memo::default()
            };
        }
        Ok(&mut self.memo)
    }

    /// Runs one effect; a database error comes back as `Loaded::Error`, never a panic.
    pub fn run(&mut self, effect: &Effect) -> Loaded {
        let loaded = self.try_run(effect);
        if matches!(
            effect,
            Effect::Save { .. }
                | Effect::Undo
                | Effect::UndoOthers(_)
                | Effect::Redo
                | Effect::Resolve { .. }
                | Effect::SetToday(_)
        ) {
            // Its own writes are not another program's; the summaries are due again.
            self.seen_group = last_group(&self.store.conn).ok();
            self.warm_due = true;
        }
        match (loaded, effect) {
            (Ok(l), _) => l,
            (Err(e), Effect::Fetch { list, .. }) => Loaded::FetchFailed {
                list: *list,
                message: Message::store(e),
            },
            (Err(e), Effect::FetchAgenda { .. }) => Loaded::FetchFailed {
                list: ListId::Agenda,
                message: Message::store(e),
            },
            // Another program is writing: the draft is written at a later tick.
            (Err(e), Effect::SaveDraft { id, .. }) if e.is_busy() => Loaded::DraftBusy(id.clone()),
            (Err(e), _) => Loaded::Error(Message::store(e)),
        }
    }

    /// Refuses what cannot be done here, then hands the effect to its function.
    fn try_run(&mut self, effect: &Effect) -> Result<Loaded> {
        if effect.writes_data() || matches!(effect, Effect::SetMe(_)) {
            // The app asks for no write on a read-only file; this holds if it ever did.
            self.store.writable()?;
        }
        if self.as_of() && effect.writes_data() {
            // The as-of view writes nothing (the app refuses these keys too); a write here
            // would land in the view's copies, not in the file.
            return Ok(Loaded::Error(Message::AsOfNoWrite));
        }
        let conn = &self.store.conn;
        Ok(match effect {
            Effect::LoadIndex => self.load_index()?,
            Effect::LoadOverview => Loaded::Overview(queries::overview_summary(
                conn,
                self.now,
                self.config.requests.sla_hours,
            )?),
            Effect::Fetch {
                list,
                start,
                len,
                pool,
                year,
                view,
            } => self.fetch_view(*list, view, *start, *len, (*pool, *year))?,
            Effect::LoadListYears(list) => self.list_years(*list)?,
            Effect::FetchAgenda {
                start,
                len,
                view,
                mode,
            } => self.fetch_agenda(mode, view, *start, *len)?,
            Effect::WriteDayPlan { day, commissioner } => {
                self.write_day_plan(*day, commissioner.as_deref())?
            }
            Effect::LoadDetail(id) => match detail::load(conn, id, self.now, &self.config)? {
                Some(d) => Loaded::Detail(Box::new(d)),
                None => Loaded::Error(Message::EnterpriseNotFound(id.clone())),
            },
            Effect::WriteBrief(id) => self.write_brief(id)?,
            Effect::CheckFile => self.check_file()?,
            Effect::LoadCalendar(day) => self.calendar(*day)?,
            Effect::LoadRankYears(pool) => {
                Loaded::RankYears(*pool, queries::rank_years(conn, *pool)?)
            }
            Effect::OpenForm {
                request,
                enterprise_id,
                item_id,
            } => self.open_form(*request, enterprise_id.as_deref(), item_id.as_deref())?,
            Effect::OpenTargetForm {
                district,
                metric,
                year,
            } => self.open_target_form(district, *metric, *year)?,
            Effect::OpenNewTargetForm { year } => self.open_new_target_form(*year)?,
            Effect::Save { edit, draft_id } => self.save(edit, draft_id)?,
            Effect::SaveDraft { id, kind, data } => {
                crate::store::edit::save_draft(conn, id, kind, None, data)?;
                Loaded::Drafts(Vec::new())
            }
            Effect::DeleteDraft(id) => {
                crate::store::edit::delete_draft(conn, id)?;
                Loaded::Drafts(Vec::new())
            }
            Effect::LoadDrafts => Loaded::Drafts(crate::store::edit::drafts(conn)?),
            Effect::Undo => self.undo(None)?,
            Effect::UndoOthers(group) => self.undo(Some(*group))?,
            Effect::Redo => self.redo()?,
            Effect::LoadMe => self.load_me()?,
            Effect::ChooseMe(filter) => self.choose_me(filter)?,
            Effect::SetMe(id) => self.set_me(id)?,
            Effect::SetToday(d) => self.set_today(*d)?,
            Effect::Resolve {
                conflict,
                origin,
                seq,
            } => self.resolve(conflict, origin, *seq)?,
            Effect::Views(e) => self.views(e)?,
        })
    }
}
