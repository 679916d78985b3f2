//! The writes for scripting: log and plan visits, mark milestones done, undo and redo.
//! Each is the same `store::edit::Edit` the TUI forms save.

use super::Context;
use crate::config::Config;
use crate::domain::dates::parse_user_date;
use crate::domain::fields::{self, TextKind};
use crate::domain::{RequestCategory, VisitMode};
use crate::i18n::cli_text::UsageError;
use crate::i18n::people_text::{self, MeSource};
use crate::i18n::{Lang, Msg};
use crate::store::changes::{self, Undo};
use crate::store::edit::{Edit, EditContext, apply};
use crate::store::queries::find_enterprise;
use crate::store::{Store, format_date};
use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use rusqlite::OptionalExtension;
use time::{Date, Duration};

/// Key in `meta`: the commissioner who used this file, as older versions chose it; now only a
/// default for a user whose config names nobody (see [`whoami`]).
pub const ME: &str = "commissioner_id";

#[derive(Debug, Subcommand)]
pub enum VisitCommand {
    /// Record a visit done (completing the planned one if there is one), with requests raised.
    Log(LogArgs),
    /// Plan a visit.
    Plan(PlanArgs),
    /// Move the next planned visit to another date.
    Move(PlanArgs),
    /// Cancel the next planned visit.
    Cancel {
        /// Id, credit code or unique name fragment.
        enterprise: String,
    },
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Id, credit code or unique name fragment.
    pub enterprise: String,
    /// Date of the visit (2026-11-21, 11-21, -1, 今天); default today.
    #[arg(long)]
    pub date: Option<String>,
    /// on-site, phone or online, or a label (实地, 上门, 电话, 线上).
    #[arg(long, default_value = "on-site")]
    pub mode: String,
    #[arg(long, default_value = "")]
    pub attendees: String,
    /// What was discussed.
    #[arg(long)]
    pub notes: String,
    /// A request raised, as CATEGORY:TEXT (policy, funding, talent, ip, technical, financing, other).
    #[arg(long = "request", value_name = "CATEGORY:TEXT")]
    pub requests: Vec<String>,
    /// The next planned visit (default: today + the cadence interval; `none` plans nothing).
    #[arg(long)]
    pub next: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Id, credit code or unique name fragment.
    pub enterprise: String,
    /// 2026-12-01, 12-01, +7, 明天 …
    #[arg(long)]
    pub date: String,
    #[arg(long, default_value = "on-site")]
    pub mode: String,
}

#[derive(Debug, Args)]
pub struct MilestoneDoneArgs {
    /// Id, credit code or unique name fragment of the enterprise.
    pub enterprise: String,
    /// The milestone's name (or a unique fragment), e.g. 中期检查.
    pub milestone: String,
    /// Project name fragment, when several projects have such a milestone.
    #[arg(long)]
    pub project: Option<String>,
    /// Date done (default today).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MilestoneCommand {
    /// Mark a milestone done.
    Done(MilestoneDoneArgs),
}

/// Who is making changes, and where that came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub source: MeSource,
}

/// The outcome of asking who you are.
#[derive(Debug, Clone, PartialEq)]
pub enum Identity {
    Me(Me),
    /// The user's config names someone this file does not know: changes go unsigned (the
    /// file's default would stamp them with another person).
    NotInFile(String),
    Nobody,
}

impl Identity {
    /// The commissioner id to stamp changes with.
    pub fn id(&self) -> Option<String> {
        match self {
            Identity::Me(me) => Some(me.id.clone()),
            Identity::NotInFile(_) | Identity::Nobody => None,
        }
    }
}

/// A commissioner of this file by name, else by id: (id, name).
fn find_commissioner(store: &Store, name: &str) -> anyhow::Result<Option<(String, String)>> {
    Ok(store
        .conn
        .query_row(
            "SELECT id, name FROM commissioners WHERE name = ?1 OR id = ?1
             ORDER BY name = ?1 DESC LIMIT 1",
            [name.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// A commissioner of this file by name or id, or an error naming a few that exist.
pub(super) fn named_commissioner(
    store: &Store,
    name: &str,
    lang: Lang,
) -> anyhow::Result<(String, String)> {
    if let Some(found) = find_commissioner(store, name)? {
        return Ok(found);
    }
    let known: Vec<String> = store
        .conn
        .prepare("SELECT name FROM commissioners ORDER BY name LIMIT 8")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    bail!(
        "{}",
        people_text::unknown_commissioner(name.trim(), &known, lang)
    )
}

/// Who you are: `--as NAME`, else `[user] me` in the user's config (who you are belongs to the
/// person, not the file), else the file's own choice, a default kept by older versions.
pub fn whoami(
    store: &Store,
    config: &Config,
    as_name: Option<&str>,
    lang: Lang,
) -> anyhow::Result<Identity> {
    let me = |(id, name), source| Identity::Me(Me { id, name, source });
    if let Some(name) = as_name {
        return Ok(me(named_commissioner(store, name, lang)?, MeSource::Flag));
    }
    let configured = config.user.me.trim();
    if !configured.is_empty() {
        return Ok(match find_commissioner(store, configured)? {
            Some(found) => me(found, MeSource::UserConfig),
            None => Identity::NotInFile(configured.to_string()),
        });
    }
    let Some(id) = store.meta(ME)? else {
        return Ok(Identity::Nobody);
    };
    Ok(match find_commissioner(store, &id)? {
        Some(found) => me(found, MeSource::File),
        // A default naming a commissioner since removed: still the file's choice.
        None => me((id.clone(), id), MeSource::File),
    })
}

/// The commissioner `seedbed --demo` works as when the user has chosen nobody of the demo: the
/// one looking after the most enterprises (then by name), so the demo opens ready to use.
pub fn demo_me(store: &Store) -> anyhow::Result<Option<Me>> {
    Ok(store
        .conn
        .query_row(
            "SELECT c.id, c.name FROM commissioners c
             LEFT JOIN enterprises e ON e.commissioner_id = c.id AND e.deleted_at IS NULL
             GROUP BY c.id ORDER BY count(e.id) DESC, c.name LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .map(|(id, name)| Me {
            id,
            name,
            source: MeSource::Demo,
        }))
}

/// The commissioner id to stamp a command's changes with (see [`whoami`]); when the user's
/// config names someone this file does not know, a note on stderr says the changes go unsigned.
pub fn commissioner(
    ctx: &Context,
    store: &Store,
    as_name: Option<&str>,
) -> anyhow::Result<Option<String>> {
    let who = whoami(store, &ctx.config, as_name, ctx.lang)?;
    if let Identity::NotInFile(name) = &who {
        eprintln!(
            "seedbed: {}",
            people_text::config_me_unknown(name, &config_path_text(), ctx.lang)
        );
    }
    Ok(who.id())
}

/// The user's config file, as shown in messages.
fn config_path_text() -> String {
    super::config_path().map_or_else(|| "config.toml".into(), |p| p.display().to_string())
}

fn parse_mode(s: &str, lang: Lang) -> anyhow::Result<VisitMode> {
    super::reports::parse_choice::<VisitMode>("visit mode", s, lang)
}

/// A date flag, refused in one localized line naming the flag (a date outside the range of
/// `domain::dates` too).
pub(super) fn parse_date(flag: &str, s: &str, ctx: &Context) -> anyhow::Result<Date> {
    parse_user_date(s, ctx.today)
        .map_err(|e| anyhow::Error::msg(crate::i18n::input_text::flag_date(flag, &e, ctx.lang)))
}

/// A text flag, refused in one localized line when it holds a control character (line breaks
/// and tabs only in free text).
pub(super) fn check_flag(
    flag: &str,
    kind: TextKind,
    value: &str,
    ctx: &Context,
) -> anyhow::Result<()> {
    fields::check_text(kind, value)
        .map_err(|e| anyhow::Error::msg(crate::i18n::input_text::flag_text(flag, &e, ctx.lang)))
}

pub(super) fn save(
    ctx: &Context,
    as_name: Option<&str>,
    make: impl FnOnce(&Store) -> anyhow::Result<Edit>,
) -> anyhow::Result<i32> {
    let mut store = ctx.open_writable()?;
    let who = commissioner(ctx, &store, as_name)?;
    let edit = make(&store)?;
    let ectx = EditContext {
        commissioner: who.as_deref(),
        now: ctx.now,
        config: &ctx.config,
    };
    let applied = apply(&mut store.conn, &ectx, &edit)?;
    outln!(
        "{}：{}",
        Msg::Saved.text(ctx.lang),
        crate::i18n::change_label(&applied.label, ctx.lang)
    );
    Ok(0)
}

pub(super) fn enterprise(store: &Store, q: &str) -> anyhow::Result<String> {
    Ok(find_enterprise(&store.conn, q)??)
}

fn next_plan(store: &Store, eid: &str) -> anyhow::Result<String> {
    store
        .conn
        .query_row(
            "SELECT id FROM visits WHERE enterprise_id = ?1 AND done_on IS NULL AND cancelled_on IS NULL
             ORDER BY planned_on LIMIT 1",
            [eid],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| UsageError::NoPlannedVisit.into())
}

pub fn visit(ctx: &Context, as_name: Option<&str>, cmd: &VisitCommand) -> anyhow::Result<i32> {
    let today = ctx.today;
    match cmd {
        VisitCommand::Log(a) => save(ctx, as_name, |store| {
            let eid = enterprise(store, &a.enterprise)?;
            let on = match &a.date {
                Some(d) => parse_date("--date", d, ctx)?,
                None => today,
            };
            check_flag("--notes", TextKind::Notes, &a.notes, ctx)?;
            check_flag("--attendees", TextKind::Line, &a.attendees, ctx)?;
            let mut requests = Vec::new();
            for r in &a.requests {
                check_flag("--request", TextKind::Notes, r, ctx)?;
                let (cat, text) = r.split_once([':', '：']).with_context(|| {
                    format!("request {r:?} must be CATEGORY:TEXT, e.g. funding:申报研发补助")
                })?;
                let category = super::reports::parse_choice::<RequestCategory>(
                    "request category",
                    cat.trim(),
                    ctx.lang,
                )?;
                requests.push((category, text.trim().to_string()));
            }
            let next = match a.next.as_deref() {
                Some("none") => None,
                Some(d) => Some(parse_date("--next", d, ctx)?),
                None => Some(on.saturating_add(Duration::days(ctx.config.cadence.interval_days))),
            };
            // A planned visit due by the visit's date is the one being done.
            let planned: Option<String> = store
                .conn
                .query_row(
                    "SELECT id FROM visits WHERE enterprise_id = ?1 AND done_on IS NULL
                       AND cancelled_on IS NULL AND planned_on <= ?2 ORDER BY planned_on LIMIT 1",
                    rusqlite::params![eid, format_date(on.saturating_add(Duration::days(7)))],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(Edit::LogVisit {
                enterprise_id: eid,
                planned_visit_id: planned,
                date: on,
                mode: parse_mode(&a.mode, ctx.lang)?,
                attendees: a.attendees.clone(),
                notes: a.notes.clone(),
                requests,
                next,
            })
        }),
        VisitCommand::Plan(a) => save(ctx, as_name, |store| {
            Ok(Edit::PlanVisit {
                enterprise_id: enterprise(store, &a.enterprise)?,
                date: parse_date("--date", &a.date, ctx)?,
                mode: parse_mode(&a.mode, ctx.lang)?,
            })
        }),
        VisitCommand::Move(a) => save(ctx, as_name, |store| {
            let eid = enterprise(store, &a.enterprise)?;
            Ok(Edit::MoveVisit {
                visit_id: next_plan(store, &eid)?,
                date: parse_date("--date", &a.date, ctx)?,
            })
        }),
        VisitCommand::Cancel { enterprise: q } => save(ctx, as_name, |store| {
            let eid = enterprise(store, q)?;
            Ok(Edit::CancelVisit {
                visit_id: next_plan(store, &eid)?,
            })
        }),
    }
}

pub fn milestone(
    ctx: &Context,
    as_name: Option<&str>,
    cmd: &MilestoneCommand,
) -> anyhow::Result<i32> {
    let MilestoneCommand::Done(a) = cmd;
    save(ctx, as_name, |store| {
        let eid = enterprise(store, &a.enterprise)?;
        let like = |s: &str| format!("%{}%", s.replace(['%', '_'], ""));
        let found: Vec<(String, String, String)> = store
            .conn
            .prepare(
                "SELECT m.id, m.name, p.name FROM milestones m JOIN projects p ON p.id = m.project_id
                 WHERE p.enterprise_id = ?1 AND p.deleted_at IS NULL AND m.done_on IS NULL
                   AND m.name LIKE ?2 AND p.name LIKE ?3 ORDER BY m.planned_on",
            )?
            .query_map(
                rusqlite::params![eid, like(&a.milestone), like(a.project.as_deref().unwrap_or(""))],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let id = match found.as_slice() {
            [] => bail!(
                "no open milestone {:?} in this enterprise's projects",
                a.milestone
            ),
            [(id, _, _)] => id.clone(),
            many => bail!(
                "{} open milestones match {:?} ({}); add --project",
                many.len(),
                a.milestone,
                many.iter()
                    .map(|(_, m, p)| format!("{p} · {m}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
        let date = match &a.date {
            Some(d) => parse_date("--date", d, ctx)?,
            None => ctx.today,
        };
        Ok(Edit::MilestoneDone {
            milestone_id: id,
            date,
        })
    })
}

/// `seedbed undo` / `seedbed redo`. Undo takes back the latest change only if it is yours;
/// someone else's needs `yes` (`--yes`), else one line says whose it is and exits 1.
pub fn undo(ctx: &Context, as_name: Option<&str>, redo: bool, yes: bool) -> anyhow::Result<i32> {
    let mut store = ctx.open_writable()?;
    let who = commissioner(ctx, &store, as_name)?;
    let done = if redo {
        changes::redo(&mut store.conn, who.as_deref(), ctx.today, &ctx.config)?
    } else if yes {
        changes::undo(&mut store.conn, who.as_deref(), ctx.today, &ctx.config)?
    } else {
        match changes::undo_own(
            &mut store.conn,
            who.as_deref(),
            None,
            ctx.today,
            &ctx.config,
        )? {
            Undo::Done(g) => Some(g),
            Undo::Nothing => None,
            Undo::NotYours(g) => {
                let whose = people_text::whose(
                    g.commissioner.as_deref(),
                    g.commissioner_id.as_deref(),
                    ctx.lang,
                );
                eprintln!(
                    "seedbed: {}",
                    people_text::undo_refused(&whose, &g.label, ctx.lang)
                );
                return Ok(1);
            }
        }
    };
    match done {
        Some(g) => {
            let word = if redo { Msg::Redone } else { Msg::Undone };
            outln!(
                "{}：{} ({})",
                word.text(ctx.lang),
                crate::i18n::change_label(&g.label, ctx.lang),
                g.at.replace('T', " ")
            );
            Ok(0)
        }
        None if redo => bail!("{}", Msg::NothingToRedo.text(ctx.lang)),
        None => bail!("{}", Msg::NothingToUndo.text(ctx.lang)),
    }
}

/// `seedbed me [NAME]`: who you are (without NAME), or choose who you are, in the user's
/// config file: it holds for every file you open, and for no one else using this one.
pub fn me(ctx: &Context, as_name: Option<&str>, name: Option<&str>) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let shown = config_path_text();
    let Some(name) = name else {
        let line = match whoami(&store, &ctx.config, as_name, ctx.lang)? {
            Identity::Me(me) => {
                people_text::me_is(Some(&me.name), Some(me.source), &shown, ctx.lang)
            }
            Identity::NotInFile(name) => people_text::config_me_unknown(&name, &shown, ctx.lang),
            Identity::Nobody => people_text::me_is(None, None, &shown, ctx.lang),
        };
        outln!("{line}");
        return Ok(0);
    };
    let (_, name) = named_commissioner(&store, name, ctx.lang)?;
    let Some(path) = super::config_path() else {
        bail!("{}", people_text::no_config_path(ctx.lang));
    };
    crate::config::set_user_me(&path, &name)?;
    outln!("{}", people_text::me_set(&name, &shown, ctx.lang));
    Ok(0)
}
