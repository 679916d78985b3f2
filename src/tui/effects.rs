//! Runs the app's effects against the database and turns the results into `Loaded` actions.
//! Used by the terminal loop, the whole-app tests and the benchmarks alike.

use crate::app::form::{Form, FormData, FormKind};
use crate::app::pool::{IndexRow, PoolIndex, RowUpdate};
use crate::app::{AlertItem, AlertLine, CertItem, Effect, FormRequest, ListId, Loaded, Rows};
use crate::config::Config;
use crate::domain::commissioners::CommissionerFigures;
use crate::domain::hte::{self, HteFacts};
use crate::domain::targets::Metric;
use crate::domain::{Batch, Colour, Pool, RequestCategory, Tier};
use crate::i18n::Label;
use crate::i18n::store_text::store_error_text;
use crate::i18n::{Lang, Msg};
use crate::store::bureau::{self, TargetRow};
use crate::store::changes::{self, Undo};
use crate::store::derived::{self, Scope, for_each_figures};
use crate::store::edit::{self, EditContext, EnterpriseFields};
use crate::store::presence::{self, Presence, Session};
use crate::store::{Result, Store, detail, queries};
use crate::text::PackedStrs;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;
use time::{Date, Duration, PrimitiveDateTime};

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
    /// The length of each pool's ranking by year.
    rankings: HashMap<(Pool, i32), usize>,
    /// Red projects, overdue support actions, yellow projects.
    alert_counts: Option<[usize; 3]>,
    /// The first and last red and yellow projects of the last window read: the next window
    /// reads from them (`queries::Anchor`).
    alert_anchors: [Vec<queries::Anchor>; 2],
    /// Expiring certificates, readiness candidates, the year's rewards.
    cert_counts: Option<[usize; 3]>,
    commissioners: Option<(i32, Vec<CommissionerFigures>)>,
    targets: Option<(i32, Vec<TargetRow>)>,
    /// Planned visits per day of a month (the Agenda's calendar), by its first day.
    calendar: Option<(Date, Vec<(Date, u32)>)>,
}

/// The first and last of alert rows read from list position `start`, as anchors.
fn anchors_of(rows: &[queries::AlertRow], start: usize) -> Vec<queries::Anchor> {
    let anchor = |i: usize, r: &queries::AlertRow| queries::Anchor {
        pos: start + i,
        key: r.key.clone(),
        id: r.project_id.clone(),
    };
    match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => vec![anchor(0, first), anchor(rows.len() - 1, last)],
        _ => Vec::new(),
    }
}

/// The newest change group of the file (every logged write begins one).
fn last_group(conn: &rusqlite::Connection) -> Result<Option<i64>> {
    // The file's own table: the as-of view hides later groups, not other programs' writes.
    Ok(conn.query_row("SELECT max(id) FROM main.change_groups", [], |r| r.get(0))?)
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

    /// Starts computing this year's commissioner figures, target actuals and rewards in the
    /// background (on a connection of its own) when the file changed since they were last
    /// computed, so that screens 5, 7 and 8 open at once. Only with `warm`, one at a time; a
    /// failure there costs nothing but the wait when the screen is opened.
    pub fn warm_up(&mut self) {
        if !self.warm || !self.warm_due || self.warming.as_ref().is_some_and(|h| !h.is_finished()) {
            return;
        }
        // The as-of view keeps no summaries: they would be saved in the file.
        if self.store.path.as_os_str() == ":memory:"
            || self.store.read_only.is_some()
            || self.as_of()
        {
            return;
        }
        self.warm_due = false;
        let (path, config, now) = (self.store.path.clone(), self.config.clone(), self.now);
        self.warming = Some(std::thread::spawn(move || {
            let Ok(store) = Store::open(&path, crate::store::OpenMode::Existing) else {
                return;
            };
            let conn = &store.conn;
            if conn
                // It reads each page once: a small cache keeps the process small.
                .execute_batch("PRAGMA cache_size = -256; PRAGMA temp_store = FILE;")
                .is_err()
            {
                return;
            }
            let year = now.year();
            let _ = queries::overview_summary(conn, now, config.requests.sla_hours);
            let _ = bureau::commissioner_summary(conn, year, now, &config);
            let _ = bureau::target_summary(conn, year, now.date());
            let _ = bureau::reward_count(conn, year, now.date(), &config);
        }));
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

    /// Waits for the background computation started by [`Runner::warm_up`], if any.
    pub fn wait_warm_up(&mut self) {
        if let Some(h) = self.warming.take() {
            let _ = h.join();
        }
    }

    /// Announces this session (as `who`, started at `now`) beside the file and starts watching
    /// for others; returns what to tell the user about those already there. A folder that
    /// cannot be written only means that the others are not told about this one.
    pub fn join_presence(&mut self, who: &str, now: PrimitiveDateTime) -> Option<String> {
        let path = self.store.path.clone();
        let joined = Presence::join(&path, Session::this(who, now));
        let others = match &joined {
            Ok(p) => p.others(),
            Err(_) => presence::sessions(&path),
        };
        self.presence = joined.ok();
        let notice = self.others_notice(&others);
        self.others_seen = Some(others);
        notice
    }

    /// The other sessions open on the file now that were not there at the last look, in words.
    fn newcomers(&mut self) -> Option<String> {
        let seen = self.others_seen.as_ref()?;
        let others = match &self.presence {
            Some(p) => p.others(),
            None => presence::sessions(&self.store.path),
        };
        let new: Vec<Session> = others
            .iter()
            .filter(|s| {
                !seen
                    .iter()
                    .any(|o| o.pid == s.pid && o.host == s.host && o.since == s.since)
            })
            .cloned()
            .collect();
        self.others_seen = Some(others);
        self.others_notice(&new)
    }

    fn others_notice(&self, others: &[Session]) -> Option<String> {
        if others.is_empty() {
            return None;
        }
        // Sessions stamp their start with the real clock (not `--today`).
        let today = crate::store::format_date(crate::cli::local_now().date());
        Some(crate::i18n::people_text::others_open(
            others,
            &today,
            &presence::host_name(),
            self.lang,
        ))
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
                | Effect::SetToday(_)
        ) {
            // Its own writes are not another program's; the summaries are due again.
            self.seen_group = last_group(&self.store.conn).ok();
            self.warm_due = true;
        }
        let text = |e: &crate::store::StoreError| store_error_text(e, self.lang);
        match (loaded, effect) {
            (Ok(l), _) => l,
            (Err(e), Effect::Fetch { list, .. }) => Loaded::FetchFailed {
                list: *list,
                message: text(&e),
            },
            // Another program is writing: the draft is written at a later tick.
            (Err(e), Effect::SaveDraft { id, .. }) if e.is_busy() => Loaded::DraftBusy(id.clone()),
            (Err(e), _) => Loaded::Error(text(&e)),
        }
    }

    fn try_run(&mut self, effect: &Effect) -> Result<Loaded> {
        let today = self.now.date();
        if effect.writes_data() || matches!(effect, Effect::SetMe(_)) {
            // The app asks for no write on a read-only file; this holds if it ever did.
            self.store.writable()?;
        }
        if self.as_of() && effect.writes_data() {
            // The as-of view writes nothing (the app refuses these keys too); a write here
            // would land in the view's copies, not in the file.
            return Ok(Loaded::Error(
                crate::i18n::asof_text::no_write(self.lang).to_string(),
            ));
        }
        let conn = &self.store.conn;
        Ok(match effect {
            Effect::LoadIndex => Loaded::Index(load_index(conn)?),
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
            } => {
                let (total, rows) = match list {
                    ListId::Agenda => {
                        let until = today.saturating_add(Duration::days(6));
                        let known = self.memo()?.totals.get(list).copied();
                        let conn = &self.store.conn;
                        let (total, rows) =
                            queries::agenda_page(conn, today, until, known, *start, *len)?;
                        self.memo.totals.insert(*list, total);
                        (total, Rows::Agenda(rows))
                    }
                    ListId::Alerts => {
                        let (total, rows) = self.alert_page(*start, *len)?;
                        (total, Rows::Alerts(rows))
                    }
                    ListId::Ranking => {
                        let known = self.memo()?.rankings.get(&(*pool, *year)).copied();
                        let conn = &self.store.conn;
                        let (total, rows) =
                            queries::ranking_page(conn, *pool, *year, known, *start, *len)?;
                        self.memo.rankings.insert((*pool, *year), total);
                        (total, Rows::Ranking(rows))
                    }
                    ListId::Certs => {
                        let (total, rows) = self.cert_page(*start, *len)?;
                        (total, Rows::Certs(rows))
                    }
                    ListId::Requests => {
                        let known = self.memo()?.totals.get(list).copied();
                        let conn = &self.store.conn;
                        let (total, rows) = queries::request_page(conn, true, known, *start, *len)?;
                        self.memo.totals.insert(*list, total);
                        (total, Rows::Requests(rows))
                    }
                    ListId::Commissioners => {
                        let rows = self.commissioner_rows(*year)?;
                        (rows.len(), Rows::Commissioners(rows))
                    }
                    ListId::Targets => {
                        let rows = self.target_rows(*year)?;
                        (rows.len(), Rows::Targets(rows))
                    }
                };
                Loaded::Page {
                    list: *list,
                    start: *start,
                    total,
                    rows,
                }
            }
            Effect::LoadDetail(id) => match detail::load(conn, id, self.now, &self.config)? {
                Some(d) => Loaded::Detail(Box::new(d)),
                None => Loaded::Error(format!("enterprise {id} not found")),
            },
            Effect::WriteBrief(id) => {
                let text = crate::cli::brief::text(conn, id, self.now, &self.config, self.lang);
                let name: Option<String> = conn
                    .query_row("SELECT name FROM enterprises WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?;
                match (text, name) {
                    (Ok(md), Some(name)) => {
                        let path =
                            crate::cli::brief::default_path(&name, today, &self.config, self.lang);
                        match crate::interchange::write_atomically(&path, md.as_bytes()) {
                            Ok(()) => Loaded::Notice(format!(
                                "{}：{}",
                                Msg::BriefWritten.text(self.lang),
                                path.display()
                            )),
                            Err(e) => Loaded::Error(e.to_string()),
                        }
                    }
                    (Err(e), _) => Loaded::Error(format!("{e:#}")),
                    (_, None) => Loaded::Error(format!("enterprise {id} not found")),
                }
            }
            Effect::CheckFile => {
                // Every logged write begins a change group; the runner's own are noted as
                // they are made, so a newer group is another program's.
                let last = last_group(&self.store.conn)?;
                let changed = self.seen_group.is_some_and(|g| g != last);
                self.seen_group = Some(last);
                if changed {
                    self.warm_due = true;
                    if self.as_of() {
                        // Another program's change dated on or before the day shows in the view.
                        crate::store::asof::enter(&self.store.conn, today, &self.config)?;
                    }
                }
                // Someone else opening the file is told at the next quiet check (a change
                // has its own message; the newcomers wait for the next second).
                let newcomers = if changed { None } else { self.newcomers() };
                match newcomers {
                    Some(notice) => Loaded::Notice(notice),
                    None => Loaded::FileChanged(changed),
                }
            }
            Effect::LoadCalendar(day) => {
                let month = day.replace_day(1).unwrap_or(*day);
                let known = match &self.memo()?.calendar {
                    Some((m, days)) if *m == month => Some(days.clone()),
                    _ => None,
                };
                let days = match known {
                    Some(d) => d,
                    None => queries::planned_per_day(&self.store.conn, month)?,
                };
                self.memo.calendar = Some((month, days.clone()));
                Loaded::Calendar(days)
            }
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
            Effect::OpenNewTargetForm { year } => {
                let districts = conn
                    .prepare_cached(
                        "SELECT DISTINCT district FROM enterprises
                         WHERE deleted_at IS NULL AND district <> '' ORDER BY district",
                    )?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let data = FormData {
                    target_year: Some(*year),
                    districts,
                    ..FormData::default()
                };
                let mut form = Form::open(
                    FormKind::NewTarget,
                    &data,
                    today,
                    self.config.cadence.interval_days,
                    self.lang,
                );
                form.draft_id = "new_target".into();
                Loaded::Form(Box::new(form))
            }
            Effect::Save { edit, draft_id } => {
                let ctx = EditContext {
                    commissioner: self.commissioner.as_deref(),
                    now: self.now,
                    config: &self.config,
                };
                match edit::apply_from_draft(&mut self.store.conn, &ctx, edit, Some(draft_id)) {
                    Ok(applied) => {
                        // Who you are is kept by name: renaming yourself keeps you yourself.
                        if let edit::Edit::SaveCommissioner {
                            id: Some(id), name, ..
                        } = edit.as_ref()
                            && self.keep_me
                            && self.commissioner.as_deref() == Some(id.as_str())
                            && let Some(path) = &self.user_config
                        {
                            let _ = crate::config::set_user_me(path, name.trim());
                        }
                        let rows = load_rows(
                            &self.store.conn,
                            std::slice::from_ref(&applied.enterprise_id),
                        )?;
                        let agenda_position = match edit.as_ref() {
                            edit::Edit::MoveVisit { visit_id, .. } => {
                                let until = today.saturating_add(Duration::days(6));
                                queries::agenda_position(&self.store.conn, visit_id, until)?
                            }
                            _ => None,
                        };
                        Loaded::Saved {
                            message: format!(
                                "{}：{}",
                                Msg::Saved.text(self.lang),
                                self.label(&applied.label)
                            ),
                            rows,
                            removed: Vec::new(),
                            agenda_position,
                            reindex: matches!(edit.as_ref(), edit::Edit::SaveCommissioner { .. }),
                        }
                    }
                    // Another program is writing: the app tries again at its next tick.
                    Err(e) if e.is_busy() => Loaded::SaveBusy,
                    Err(e) => Loaded::SaveFailed(store_error_text(&e, self.lang)),
                }
            }
            Effect::SaveDraft { id, kind, data } => {
                edit::save_draft(&self.store.conn, id, kind, None, data)?;
                Loaded::Drafts(Vec::new())
            }
            Effect::DeleteDraft(id) => {
                edit::delete_draft(&self.store.conn, id)?;
                Loaded::Drafts(Vec::new())
            }
            Effect::LoadDrafts => Loaded::Drafts(edit::drafts(&self.store.conn)?),
            Effect::Undo | Effect::UndoOthers(_) | Effect::Redo => {
                let redo = *effect == Effect::Redo;
                let who = self.commissioner.clone();
                let confirmed = match effect {
                    Effect::UndoOthers(group) => Some(*group),
                    _ => None,
                };
                let done = if redo {
                    changes::redo(&mut self.store.conn, who.as_deref(), today, &self.config)?
                } else {
                    let conn = &mut self.store.conn;
                    match changes::undo_own(conn, who.as_deref(), confirmed, today, &self.config)? {
                        Undo::Done(g) => Some(g),
                        Undo::Nothing => None,
                        // Someone else's: nothing done, ask first (naming whose it is).
                        Undo::NotYours(g) => {
                            let people = crate::i18n::people_text::whose(
                                g.commissioner.as_deref(),
                                g.commissioner_id.as_deref(),
                                self.lang,
                            );
                            return Ok(Loaded::UndoNotYours {
                                group: g.id,
                                question: crate::i18n::people_text::undo_others_question(
                                    &people, &g.label, self.lang,
                                ),
                            });
                        }
                    }
                };
                match done {
                    None => Loaded::Error(
                        if redo {
                            Msg::NothingToRedo
                        } else {
                            Msg::NothingToUndo
                        }
                        .text(self.lang)
                        .into(),
                    ),
                    Some(g) => {
                        let ids: Vec<String> = self
                            .store
                            .conn
                            .prepare(
                                // With the enterprises a bulk import logged by id.
                                "SELECT enterprise_id FROM change_log
                                 WHERE group_id = ?1 AND enterprise_id IS NOT NULL
                                 UNION
                                 SELECT j.value FROM change_log c, json_each(c.after) j
                                 WHERE c.group_id = ?1 AND c.action = 'insert_rows'
                                   AND c.entity = 'enterprises'",
                            )?
                            .query_map([g.id], |r| r.get(0))?
                            .collect::<rusqlite::Result<_>>()?;
                        let rows = load_rows(&self.store.conn, &ids)?;
                        let removed = ids
                            .into_iter()
                            .filter(|id| !rows.iter().any(|r| &*r.row.id == id))
                            .collect();
                        let word = if redo { Msg::Redone } else { Msg::Undone };
                        let reindex: bool = self.store.conn.query_row(
                            "SELECT count(*) > 0 FROM change_log
                             WHERE group_id = ?1 AND entity = 'commissioners'",
                            [g.id],
                            |r| r.get(0),
                        )?;
                        Loaded::Saved {
                            message: format!("{}：{}", word.text(self.lang), self.label(&g.label)),
                            rows,
                            removed,
                            agenda_position: None,
                            reindex,
                        }
                    }
                }
            }
            Effect::LoadMe => {
                // Who you are was settled at start (`--as`, your config, the file's default).
                let me = self.me()?;
                // The list is for choosing, when the file does not say who uses it yet.
                let commissioners = if me.is_some() {
                    Vec::new()
                } else {
                    self.commissioner_list()?
                };
                Loaded::Me {
                    me,
                    commissioners,
                    ask: None,
                    notice: None,
                }
            }
            Effect::ChooseMe(filter) => Loaded::Me {
                me: self.me()?,
                commissioners: self.commissioner_list()?,
                ask: Some(filter.clone()),
                notice: None,
            },
            Effect::SetMe(id) => {
                let name: String = self.store.conn.query_row(
                    "SELECT name FROM commissioners WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                self.commissioner = Some(id.clone());
                if let Some(p) = &mut self.presence {
                    let _ = p.set_who(&name);
                }
                // Kept in the user's config, not in the file: who you are is the person's.
                let kept = match (&self.user_config, self.keep_me) {
                    (_, false) => Err(None),
                    (Some(path), true) => {
                        crate::config::set_user_me(path, &name).map_err(|e| Some(e.to_string()))
                    }
                    (None, true) => Err(Some(
                        crate::i18n::people_text::no_config_path(self.lang).to_string(),
                    )),
                };
                let notice = match kept {
                    Ok(()) => None,
                    Err(None) => Some(Msg::MeSessionOnly.text(self.lang).to_string()),
                    Err(Some(reason)) => {
                        Some(crate::i18n::people_text::me_not_saved(&reason, self.lang))
                    }
                };
                Loaded::Me {
                    me: Some((id.clone(), name)),
                    commissioners: Vec::new(),
                    ask: None,
                    notice,
                }
            }
            Effect::SetToday(d) => {
                if *d == self.real_today {
                    // Back to the file's own tables, brought up to the real today.
                    crate::store::asof::leave(&self.store.conn)?;
                    if self.store.read_only.is_none() {
                        derived::refresh(&mut self.store.conn, *d, &self.config)?;
                    }
                } else {
                    // Computed on this connection only: the file and other sessions see nothing.
                    crate::store::asof::enter(&self.store.conn, *d, &self.config)?;
                }
                self.now = PrimitiveDateTime::new(*d, self.now.time());
                Loaded::Today(self.now)
            }
        })
    }

    /// Who changes are stamped with: (id, name); a commissioner since removed shows its id.
    fn me(&self) -> Result<Option<(String, String)>> {
        let Some(id) = &self.commissioner else {
            return Ok(None);
        };
        let name: Option<String> = self
            .store
            .conn
            .query_row("SELECT name FROM commissioners WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(Some((id.clone(), name.unwrap_or_else(|| id.clone()))))
    }

    /// Every commissioner: (id, name), by name.
    fn commissioner_list(&self) -> Result<Vec<(String, String)>> {
        Ok(crate::store::ledgers::commissioners(&self.store.conn)?
            .into_iter()
            .map(|(id, name, _)| (id, name))
            .collect())
    }

    fn label(&self, label: &str) -> String {
        crate::i18n::change_label(label, self.lang)
    }

    /// Reads what a form needs and opens it.
    fn open_form(
        &self,
        request: FormRequest,
        eid: Option<&str>,
        item_id: Option<&str>,
    ) -> Result<Loaded> {
        let conn = &self.store.conn;
        let today = self.now.date();
        let l = self.lang;
        let mut data = FormData::default();
        if let Some(eid) = eid {
            data.enterprise_name =
                conn.query_row("SELECT name FROM enterprises WHERE id = ?1", [eid], |r| {
                    r.get(0)
                })?;
            data.next_plan = conn
                .query_row(
                    "SELECT id, planned_on FROM visits WHERE enterprise_id = ?1 AND done_on IS NULL
                       AND cancelled_on IS NULL ORDER BY planned_on LIMIT 1",
                    [eid],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            data.preselect = item_id.map(str::to_string);
            if let Some(v) = item_id {
                let on: Option<Date> = conn
                    .query_row("SELECT planned_on FROM visits WHERE id = ?1", [v], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .flatten();
                if let Some(on) = on {
                    data.next_plan = Some((v.to_string(), on));
                }
            }
            data.milestones = conn
                .prepare(
                    "SELECT m.id, p.name || ' · ' || m.name || ' (' || m.planned_on || ')'
                     FROM milestones m JOIN projects p ON p.id = m.project_id
                     WHERE p.enterprise_id = ?1 AND p.deleted_at IS NULL AND m.done_on IS NULL
                     ORDER BY p.id IS NOT ?2, m.planned_on",
                )?
                .query_map(params![eid, item_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            data.projects = conn
                .prepare(
                    "SELECT id, name FROM projects WHERE enterprise_id = ?1 AND deleted_at IS NULL
                       AND acceptance_passed IS NULL ORDER BY name",
                )?
                .query_map([eid], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let requests: Vec<(String, RequestCategory, String)> = conn
                .prepare(
                    "SELECT id, category, text FROM requests WHERE enterprise_id = ?1
                       AND status IN ('open', 'in_progress') ORDER BY raised_at",
                )?
                .query_map([eid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            data.requests = requests
                .into_iter()
                .map(|(id, c, t)| {
                    (
                        id,
                        format!("{} · {}", c.label(l), crate::text::truncate(&t, 40)),
                    )
                })
                .collect();
            data.fields = Some(conn.query_row(
                "SELECT tier, credit_code, name, district, township, address, industry, hte_field,
                        founded_on, contact_name, contact_phone, notes, commissioner_id
                 FROM enterprises WHERE id = ?1",
                [eid],
                |r| {
                    Ok((
                        r.get::<_, Tier>(0)?,
                        EnterpriseFields {
                            credit_code: r.get(1)?,
                            name: r.get(2)?,
                            district: r.get(3)?,
                            township: r.get(4)?,
                            address: r.get(5)?,
                            industry: r.get(6)?,
                            hte_field: r.get(7)?,
                            founded_on: r.get(8)?,
                            contact_name: r.get(9)?,
                            contact_phone: r.get(10)?,
                            notes: r.get(11)?,
                            commissioner_id: r.get(12)?,
                        },
                    ))
                },
            )?);
            data.project_details = conn
                .prepare(
                    "SELECT id, name, level, programme, budget, start_on, planned_end, extended_end,
                            acceptance_applied, acceptance_passed, risk_flag
                     FROM projects WHERE enterprise_id = ?1 AND deleted_at IS NULL ORDER BY start_on DESC",
                )?
                .query_map([eid], |r| {
                    Ok((
                        r.get(0)?,
                        edit::ProjectFields {
                            name: r.get(1)?,
                            level: r.get(2)?,
                            programme: r.get(3)?,
                            budget: r.get(4)?,
                            start: r.get(5)?,
                            planned_end: r.get(6)?,
                            extended_end: r.get(7)?,
                            acceptance_applied: r.get(8)?,
                            acceptance_passed: r.get(9)?,
                            risk_flag: r.get(10)?,
                        },
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            for_each_figures(conn, Scope::One(eid), |_, f| {
                data.figures.push(f);
                Ok(())
            })?;
            data.membership = conn
                .query_row(
                    "SELECT pool, batch FROM pool_memberships WHERE enterprise_id = ?1 AND status <> 'out'
                     ORDER BY entered_on DESC LIMIT 1",
                    [eid],
                    |r| Ok((r.get::<_, Pool>(0)?, r.get::<_, Batch>(1)?)),
                )
                .optional()?;
            self.ledger_data(eid, &mut data)?;
        }
        data.commissioners = conn
            .prepare("SELECT id, name FROM commissioners ORDER BY name")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let e = eid.unwrap_or_default().to_string();
        let soon = today.saturating_add(Duration::days(7));
        let plan = data.next_plan.clone();
        let kind = match request {
            FormRequest::LogVisit => FormKind::LogVisit {
                enterprise_id: e,
                planned_visit_id: plan.filter(|(_, d)| *d <= soon).map(|(id, _)| id),
            },
            FormRequest::PlanVisit => FormKind::PlanVisit { enterprise_id: e },
            FormRequest::MoveVisit | FormRequest::CancelVisit => {
                let Some((visit_id, _)) = plan else {
                    return Ok(Loaded::Error(Msg::NoPlannedVisit.text(l).into()));
                };
                if request == FormRequest::MoveVisit {
                    FormKind::MoveVisit { visit_id }
                } else {
                    FormKind::CancelVisit { visit_id }
                }
            }
            FormRequest::NewEnterprise => {
                data.fields = None;
                data.enterprise_name.clear();
                FormKind::Enterprise { id: None }
            }
            FormRequest::EditEnterprise => FormKind::Enterprise {
                id: eid.map(str::to_string),
            },
            FormRequest::MovePool => FormKind::MovePool { enterprise_id: e },
            FormRequest::Project => FormKind::Project { enterprise_id: e },
            FormRequest::Certificate => FormKind::Certificate { enterprise_id: e },
            FormRequest::Figures => FormKind::Figures { enterprise_id: e },
            FormRequest::SupportAction => FormKind::SupportAction { enterprise_id: e },
            FormRequest::PayReward => {
                if data.rewards.is_empty() {
                    return Ok(Loaded::Error(Msg::FormNothingToChoose.text(l).into()));
                }
                FormKind::PayReward { enterprise_id: e }
            }
            FormRequest::NewCommissioner => {
                data.enterprise_name.clear();
                FormKind::Commissioner { id: None }
            }
            FormRequest::EditCommissioner => {
                let Some(id) = item_id else {
                    return Ok(Loaded::Error(Msg::FormNothingToChoose.text(l).into()));
                };
                data.enterprise_name.clear();
                data.commissioner = crate::store::ledgers::commissioners(conn)?
                    .into_iter()
                    .find(|(c, _, _)| c == id);
                if data.commissioner.is_none() {
                    return Ok(Loaded::Error(Msg::FormNothingToChoose.text(l).into()));
                }
                FormKind::Commissioner {
                    id: Some(id.to_string()),
                }
            }
            FormRequest::Milestone => {
                if data.projects.is_empty() {
                    return Ok(Loaded::Error(Msg::FormNothingToChoose.text(l).into()));
                }
                FormKind::Milestone
            }
            FormRequest::MilestoneDone | FormRequest::Override | FormRequest::Respond => {
                let empty = match request {
                    FormRequest::MilestoneDone => data.milestones.is_empty(),
                    FormRequest::Override => data.projects.is_empty(),
                    _ => data.requests.is_empty(),
                };
                if empty {
                    return Ok(Loaded::Error(Msg::FormNothingToChoose.text(l).into()));
                }
                match request {
                    FormRequest::MilestoneDone => FormKind::MilestoneDone,
                    FormRequest::Override => FormKind::Override,
                    _ => FormKind::Respond,
                }
            }
        };
        let mut form = Form::open(kind, &data, today, self.config.cadence.interval_days, l);
        if matches!(
            request,
            FormRequest::MilestoneDone
                | FormRequest::Override
                | FormRequest::Respond
                | FormRequest::Milestone
        ) {
            form.draft_id = format!("{}:{}", form.draft_id, eid.unwrap_or_default());
        }
        Ok(Loaded::Form(Box::new(form)))
    }

    /// What the ledger forms need of an enterprise: its membership's status, its support
    /// actions, and the rewards it is due with their payments.
    fn ledger_data(&self, eid: &str, data: &mut FormData) -> Result<()> {
        let conn = &self.store.conn;
        data.pool_status = conn
            .query_row(
                "SELECT status FROM pool_memberships WHERE enterprise_id = ?1
                 ORDER BY status <> 'out' DESC, entered_on DESC, id DESC LIMIT 1",
                [eid],
                |r| r.get(0),
            )
            .optional()?;
        data.actions = bureau::actions_of(conn, eid)?;
        for r in bureau::rewards_of(conn, eid, &self.config)? {
            let paid = crate::store::ledgers::payment(conn, eid, r.kind, r.year)?;
            data.rewards.push(crate::app::form::RewardChoice {
                kind: r.kind,
                year: r.year,
                on: r.on,
                amount: r.amount,
                paid_on: r.paid_on,
                document: paid.and_then(|p| p.2),
            });
        }
        Ok(())
    }

    /// Opens the form setting a district's target, on `year` with the values stored per year.
    fn open_target_form(&self, district: &str, metric: Metric, year: i32) -> Result<Loaded> {
        let targets = self
            .store
            .conn
            .prepare(
                "SELECT year, value FROM targets WHERE district = ?1 AND metric = ?2 ORDER BY year",
            )?
            .query_map(params![district, metric], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let data = FormData {
            target_year: Some(year),
            targets,
            ..FormData::default()
        };
        let kind = FormKind::Target {
            district: district.to_string(),
            metric,
        };
        let form = Form::open(
            kind,
            &data,
            self.now.date(),
            self.config.cadence.interval_days,
            self.lang,
        );
        Ok(Loaded::Form(Box::new(form)))
    }

    /// Alerts with their reasons, computed from the facts the rows carry.
    fn alert_items(&self, rows: Vec<queries::AlertRow>) -> Vec<AlertItem> {
        rows.into_iter()
            .map(|row| AlertItem {
                alert: row.facts.alert(self.now.date(), &self.config),
                row,
            })
            .collect()
    }

    /// Lines `start..start + len` of one colour's part of the Alerts list (`total` long), read
    /// from the last window's anchors when nearer; keeps this window's as the next anchors.
    fn alert_lines(
        &mut self,
        colour: Colour,
        total: usize,
        start: usize,
        len: usize,
    ) -> Result<Vec<AlertLine>> {
        let slot = usize::from(colour != Colour::Red);
        let anchors = &self.memo.alert_anchors[slot];
        let rows = queries::alert_rows(&self.store.conn, colour, total, start, len, anchors)?;
        self.memo.alert_anchors[slot] = anchors_of(&rows, start);
        Ok(self
            .alert_items(rows)
            .into_iter()
            .map(AlertLine::Project)
            .collect())
    }

    /// Red projects, then overdue support actions (oldest first), then yellow projects.
    fn alert_page(&mut self, start: usize, len: usize) -> Result<(usize, Vec<AlertLine>)> {
        let [n_red, n_actions, n_yellow] = match self.memo()?.alert_counts {
            Some(n) => n,
            None => {
                let conn = &self.store.conn;
                let n = [
                    queries::alert_count(conn, Colour::Red)?,
                    crate::store::bureau::overdue_action_count(conn, self.now.date())?,
                    queries::alert_count(conn, Colour::Yellow)?,
                ];
                self.memo.alert_counts = Some(n);
                n
            }
        };
        let (a0, a1) = (n_red, n_red + n_actions);
        let total = a1 + n_yellow;
        let end = start.saturating_add(len).min(total);
        let mut out = Vec::new();
        if start < n_red {
            let rows = self.alert_lines(Colour::Red, n_red, start, end.min(n_red) - start)?;
            out.extend(rows);
        }
        if end.min(a1) > start.max(a0) {
            let from = start.max(a0) - a0;
            let n = end.min(a1) - start.max(a0);
            let conn = &self.store.conn;
            let actions =
                crate::store::bureau::overdue_action_page(conn, self.now.date(), from, n)?;
            out.extend(actions.into_iter().map(AlertLine::Action));
        }
        if end > a1 {
            let from = start.saturating_sub(a1);
            let rows = self.alert_lines(Colour::Yellow, n_yellow, from, end - a1 - from)?;
            out.extend(rows);
        }
        Ok((total, out))
    }

    /// Expiring certificates first (soonest first), then readiness candidates (most ready first),
    /// then this year's rewards (by the day they became due).
    fn cert_page(&mut self, start: usize, len: usize) -> Result<(usize, Vec<CertItem>)> {
        let today = self.now.date();
        let until = today.saturating_add(Duration::days(self.config.hte.renewal_window_days));
        let [n_certs, n_cand, n_rewards] = match self.memo()?.cert_counts {
            Some(n) => n,
            None => {
                let conn = &self.store.conn;
                let n = [
                    queries::expiring_count(conn, today, until)?,
                    queries::candidate_count(conn, queries::CANDIDATE_MIN_PASSED)?,
                    // Also keeps the year's rewards in `reward_summary` for the pages below.
                    bureau::reward_count(conn, today.year(), today, &self.config)?,
                ];
                self.memo.cert_counts = Some(n);
                n
            }
        };
        let conn = &self.store.conn;
        let mut items = Vec::new();
        if start < n_certs {
            for cert in queries::expiring_page(conn, today, until, n_certs, start, len)? {
                let days_left = cert.expires_on.map_or(0, |e| (e - today).whole_days());
                items.push(CertItem::Expiring { cert, days_left });
            }
        }
        let left = len.saturating_sub(items.len());
        if left > 0 {
            let cstart = start.saturating_sub(n_certs);
            for (id, name, _, _) in
                queries::candidate_page(conn, queries::CANDIDATE_MIN_PASSED, n_cand, cstart, left)?
            {
                let readiness = readiness_of(conn, &id, today, &self.config)?;
                items.push(CertItem::Candidate {
                    enterprise_id: id,
                    enterprise: name,
                    readiness,
                });
            }
        }
        let r0 = n_certs + n_cand;
        let total = r0 + n_rewards;
        let end = start.saturating_add(len).min(total);
        if end > start.max(r0) {
            let from = start.max(r0) - r0;
            let rewards = bureau::reward_page(conn, today.year(), from, end - start.max(r0))?;
            items.extend(rewards.into_iter().map(CertItem::Reward));
        }
        Ok((total, items))
    }

    fn commissioner_rows(&mut self, year: i32) -> Result<Vec<CommissionerFigures>> {
        if let Some((y, rows)) = &self.memo()?.commissioners
            && *y == year
        {
            return Ok(rows.clone());
        }
        let (_, rows) =
            bureau::commissioner_summary(&self.store.conn, year, self.now, &self.config)?;
        self.memo()?.commissioners = Some((year, rows.clone()));
        Ok(rows)
    }

    fn target_rows(&mut self, year: i32) -> Result<Vec<TargetRow>> {
        if let Some((y, rows)) = &self.memo()?.targets
            && *y == year
        {
            return Ok(rows.clone());
        }
        let (_, rows) = bureau::target_summary(&self.store.conn, year, self.now.date())?;
        self.memo()?.targets = Some((year, rows.clone()));
        Ok(rows)
    }
}

fn readiness_of(
    conn: &rusqlite::Connection,
    id: &str,
    today: Date,
    config: &Config,
) -> Result<hte::Readiness> {
    let (founded, field): (Option<Date>, Option<String>) = conn.query_row(
        "SELECT founded_on, hte_field FROM enterprises WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut figures = Vec::new();
    for_each_figures(conn, Scope::One(id), |_, f| {
        figures.push(f);
        Ok(())
    })?;
    Ok(hte::readiness(
        &HteFacts {
            founded,
            supported_field: field,
            figures,
        },
        today,
        &config.hte,
    ))
}

/// The index rows of some enterprises (after a write), with their district and commissioner
/// by name (the pool's index interns them).
pub fn load_rows(conn: &rusqlite::Connection, ids: &[String]) -> Result<Vec<RowUpdate>> {
    let mut out = Vec::new();
    for id in ids {
        let ix = load_index_where(conn, " AND id = :id", Some(id))?;
        for (i, row) in ix.rows.iter().enumerate() {
            out.push(RowUpdate {
                name: ix.name(i).to_string(),
                initials: ix.initials.get(i).to_string(),
                district: ix.district(row).to_string(),
                commissioner: Some(ix.commissioner(row).to_string()).filter(|c| !c.is_empty()),
                row: row.clone(),
            });
        }
    }
    Ok(out)
}

/// Reads the compact index of every enterprise (one pass over the table).
///
/// The pass reads every page of the table once: it goes through a small page cache, so that it
/// does not fill the connection's cache (memory) with pages nothing will read again.
pub fn load_index(conn: &rusqlite::Connection) -> Result<PoolIndex> {
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA cache_size = -512")?;
    let index = load_index_where(conn, "", None);
    conn.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    index
}

/// A `YYYY-MM-DD` column read without the general date parser (three of them per index row);
/// anything else goes through it (and its error).
fn date_column(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Date>> {
    if let rusqlite::types::ValueRef::Text(b) = r.get_ref(i)?
        && b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
    {
        let num = |s: &[u8]| {
            s.iter().try_fold(0u16, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(&b[..4]), num(&b[5..7]), num(&b[8..]))
            && let Ok(month) = time::Month::try_from(m as u8)
            && let Ok(date) = Date::from_calendar_date(i32::from(y), month, d as u8)
        {
            return Ok(Some(date));
        }
    }
    r.get(i)
}

fn load_index_where(
    conn: &rusqlite::Connection,
    filter: &str,
    id: Option<&str>,
) -> Result<PoolIndex> {
    let mut districts: Vec<String> = Vec::new();
    let mut district_ids: HashMap<String, u16> = HashMap::new();
    let mut commissioners: Vec<String> = Vec::new();
    let mut commissioner_ids: HashMap<String, u16> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT id, name FROM commissioners ORDER BY name")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if commissioners.len() < u16::MAX as usize {
                commissioner_ids.insert(id, commissioners.len() as u16);
                commissioners.push(r.get(1)?);
            }
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, name, initials, credit_code, district, commissioner_id, pool, batch, tier,
                colour, red, yellow, green, last_visit, planned_visit, next_visit, rank,
                open_requests, pool_status
         FROM enterprises WHERE deleted_at IS NULL{filter}"
    ))?;
    if let Some(id) = id {
        stmt.raw_bind_parameter(c":id", id)?;
    }
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    let (mut names, mut initials) = (PackedStrs::default(), PackedStrs::default());
    while let Some(r) = rows.next()? {
        let district = {
            let d = r.get_ref(4)?.as_str().unwrap_or("");
            match district_ids.get(d) {
                Some(&i) => i,
                None => {
                    let i = districts.len().min(u16::MAX as usize - 1) as u16;
                    district_ids.insert(d.to_string(), i);
                    districts.push(d.to_string());
                    i
                }
            }
        };
        let commissioner = r
            .get_ref(5)?
            .as_str_or_null()
            .ok()
            .flatten()
            .and_then(|c| commissioner_ids.get(c).copied())
            .unwrap_or(u16::MAX);
        let small = |v: i64| v.clamp(0, u16::MAX as i64) as u16;
        names.push(r.get_ref(1)?.as_str().unwrap_or(""));
        initials.push(r.get_ref(2)?.as_str().unwrap_or(""));
        out.push(IndexRow {
            id: r.get_ref(0)?.as_str().unwrap_or("").into(),
            credit_code: r.get_ref(3)?.as_str().unwrap_or("").into(),
            district,
            commissioner,
            pool: r.get(6)?,
            batch: r.get(7)?,
            status: r.get(18)?,
            tier: r.get(8)?,
            colour: r.get(9)?,
            red: small(r.get(10)?),
            yellow: small(r.get(11)?),
            green: small(r.get(12)?),
            last_visit: date_column(r, 13)?,
            planned_visit: date_column(r, 14)?,
            next_visit: date_column(r, 15)?,
            rank: r.get(16)?,
            open_requests: small(r.get(17)?),
        });
    }
    Ok(PoolIndex {
        rows: out,
        names,
        initials,
        districts,
        commissioners,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};
    use crate::domain::alert::Alert;
    use time::macros::datetime;

    /// A demo pool of `n` enterprises in memory, derived values and rankings computed.
    pub(crate) fn demo_runner(n: usize) -> Runner {
        let now = datetime!(2026-11-21 09:00);
        let config = Config::default();
        let mut store = Store::in_memory().expect("store");
        let opts = DemoOptions {
            enterprises: n,
            seed: 7,
        };
        generate(&mut store.conn, &opts, now.date()).expect("demo");
        derived::recompute_all(&mut store.conn, now.date(), &config).expect("derived");
        crate::store::ranking::rank_all(&mut store.conn, 2026, &config).expect("ranking");
        Runner::new(store, config, now, Lang::Zh, None)
    }

    #[test]
    fn paging_the_alerts_forward_and_back_reads_the_list_read_whole() {
        let mut runner = demo_runner(150);
        let key = |l: &AlertLine| match l {
            AlertLine::Project(p) => p.row.project_id.clone(),
            AlertLine::Action(a) => a.id.clone(),
        };
        let (total, whole) = runner.alert_page(0, usize::MAX >> 1).unwrap();
        let whole: Vec<String> = whole.iter().map(key).collect();
        assert_eq!(whole.len(), total);
        // Windows of 7, as the TUI asks for them: each next to the one before (read from its
        // anchors), across the red, action and yellow parts, then back up.
        let starts: Vec<usize> = (0..total).step_by(7).collect();
        for &start in starts.iter().chain(starts.iter().rev()) {
            let (_, rows) = runner.alert_page(start, 7).unwrap();
            let got: Vec<String> = rows.iter().map(key).collect();
            assert_eq!(
                got,
                whole[start..(start + 7).min(total)],
                "window at {start}"
            );
        }
    }

    #[test]
    fn alerts_from_the_kept_list_equal_those_computed_from_the_projects() {
        let runner = demo_runner(150);
        let conn = &runner.store.conn;
        for colour in [Colour::Red, Colour::Yellow] {
            let n = queries::alert_count(conn, colour).unwrap();
            assert!(n > 0, "{colour:?}");
            let rows = queries::alert_rows(conn, colour, n, 0, n, &[]).unwrap();
            let one_by_one: Vec<Alert> = rows
                .iter()
                .map(|r| {
                    let mut found = None;
                    derived::for_each_project(conn, Scope::Project(&r.project_id), |p| {
                        found = Some(p.alert(runner.now.date(), &runner.config));
                        Ok(())
                    })
                    .unwrap();
                    found.expect("the project")
                })
                .collect();
            let at_once: Vec<Alert> = runner
                .alert_items(rows)
                .into_iter()
                .map(|a| a.alert)
                .collect();
            assert_eq!(at_once, one_by_one, "{colour:?}");
        }
    }

    #[test]
    fn windows_read_from_either_end_are_slices_of_the_whole_list() {
        let runner = demo_runner(150);
        let conn = &runner.store.conn;
        let today = runner.now.date();
        let until = today.saturating_add(Duration::days(6));
        let (total, all) =
            queries::agenda_page(conn, today, until, None, 0, usize::MAX >> 1).unwrap();
        assert_eq!(all.len(), total);
        let (rtotal, ranks) =
            queries::ranking_page(conn, Pool::Hte, 2026, None, 0, usize::MAX >> 1).unwrap();
        let (qtotal, requests) =
            queries::request_page(conn, true, None, 0, usize::MAX >> 1).unwrap();
        let n = queries::alert_count(conn, Colour::Yellow).unwrap();
        let yellow = queries::alert_rows(conn, Colour::Yellow, n, 0, n, &[]).unwrap();
        for (start, len) in [
            (0, 7),
            (3, 5),
            (total / 2, 9),
            (total.saturating_sub(4), 10),
            (total + 3, 5),
        ] {
            let (_, w) = queries::agenda_page(conn, today, until, None, start, len).unwrap();
            let want = &all[start.min(total)..(start + len).min(total)];
            let ids = |v: &[queries::AgendaItem]| {
                v.iter().map(|a| a.visit_id.clone()).collect::<Vec<_>>()
            };
            assert_eq!(ids(&w), ids(want), "agenda {start}+{len}");
            let (_, w) = queries::ranking_page(conn, Pool::Hte, 2026, None, start, len).unwrap();
            let want = &ranks[start.min(rtotal)..(start + len).min(rtotal)];
            assert_eq!(w, want, "ranking {start}+{len}");
            let (_, w) = queries::request_page(conn, true, None, start, len).unwrap();
            let want = &requests[start.min(qtotal)..(start + len).min(qtotal)];
            assert_eq!(w, want, "requests {start}+{len}");
            let w = queries::alert_rows(conn, Colour::Yellow, n, start, len, &[]).unwrap();
            let want = &yellow[start.min(n)..(start + len).min(n)];
            assert_eq!(w, want, "alerts {start}+{len}");
        }
    }
}
