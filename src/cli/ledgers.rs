//! The commands that close the ledgers: support actions added, done, edited or cancelled;
//! rewards paid; a membership's status set; commissioners added and edited. Each saves the same
//! `store::edit::Edit` as the TUI's forms (logged, undone with `seedbed undo`).

use super::Context;
use super::reports::parse_choice;
use super::write::{check_flag, enterprise, named_commissioner, parse_date, save};
use crate::domain::fields::TextKind;
use crate::domain::rewards::RewardKind;
use crate::domain::support::ActionStatus;
use crate::domain::{Batch, Pool, PoolStatus, Tier};
use crate::i18n::Label;
use crate::i18n::ledgers_text;
use crate::store::edit::Edit;
use crate::store::ledgers::{self, StatusChange};
use crate::store::{Store, bureau};
use anyhow::bail;
use clap::{Args, Subcommand};
use rusqlite::OptionalExtension;

#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Add an action to an enterprise's support plan (一企一策).
    Add(ActionAddArgs),
    /// Mark an action done.
    Done(ActionCloseArgs),
    /// Cancel an action (it stays in the plan as dropped).
    Cancel(ActionCloseArgs),
    /// Change an action's text, unit, person, due day or status.
    Edit(ActionEditArgs),
}

#[derive(Debug, Args)]
pub struct ActionAddArgs {
    /// Id, credit code or unique name fragment of the enterprise.
    pub enterprise: String,
    /// What is to be done.
    #[arg(long)]
    pub text: String,
    /// The responsible unit (责任单位).
    #[arg(long, default_value = "")]
    pub unit: String,
    /// The responsible person (责任人).
    #[arg(long, default_value = "")]
    pub person: String,
    /// Due day (2026-12-31, 12-31, +30 …).
    #[arg(long)]
    pub due: Option<String>,
}

#[derive(Debug, Args)]
pub struct ActionCloseArgs {
    /// Id, credit code or unique name fragment of the enterprise.
    pub enterprise: String,
    /// The action's id, or a fragment of its text matching one action.
    pub action: String,
    /// The day (default today).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct ActionEditArgs {
    /// Id, credit code or unique name fragment of the enterprise.
    pub enterprise: String,
    /// The action's id, or a fragment of its text matching one action.
    pub action: String,
    /// What is to be done (the new text).
    #[arg(long)]
    pub text: Option<String>,
    /// The responsible unit (责任单位).
    #[arg(long)]
    pub unit: Option<String>,
    /// The responsible person (责任人).
    #[arg(long)]
    pub person: Option<String>,
    /// Due day; `none` clears it.
    #[arg(long)]
    pub due: Option<String>,
    /// open, in_progress, done or dropped.
    #[arg(long)]
    pub status: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RewardCommand {
    /// Record a reward as paid: the day, the amount and the document it was paid under.
    Pay(RewardPayArgs),
}

#[derive(Debug, Args)]
pub struct RewardPayArgs {
    /// Id, credit code or unique name fragment of the enterprise.
    pub enterprise: String,
    /// first_certification, recertification or provincial_pool_entry (or 首次认定 …).
    #[arg(long)]
    pub kind: String,
    /// The year the reward became due (needed when the enterprise is due several of the kind).
    #[arg(long)]
    pub year: Option<i32>,
    /// The amount paid, in yuan (default: the amount due).
    #[arg(long)]
    pub amount: Option<i64>,
    /// The document number (拨付文号).
    #[arg(long)]
    pub document: String,
    /// The day paid (default today).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CommissionerCommand {
    /// Add a commissioner.
    Add {
        name: String,
        #[arg(long)]
        phone: Option<String>,
    },
    /// Rename a commissioner or change the phone.
    Edit {
        /// The commissioner's name (or id).
        name: String,
        /// The new name.
        #[arg(long = "name", value_name = "NEW")]
        new_name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct PoolStatusArgs {
    /// Id, credit code or unique name fragment of the enterprise.
    pub enterprise: String,
    /// in, leaving, out or frozen.
    pub status: String,
    /// Why (required for leaving, out and frozen).
    #[arg(long, default_value = "")]
    pub reason: String,
    /// The day it took effect (default today).
    #[arg(long)]
    pub date: Option<String>,
}

/// The action of `eid` that `q` names (by id or a fragment of its text).
fn find_action(ctx: &Context, store: &Store, eid: &str, q: &str) -> anyhow::Result<String> {
    match ledgers::find_action(&store.conn, eid, q)? {
        Ok(id) => Ok(id),
        Err(found) if found.is_empty() => bail!("{}", ledgers_text::no_action(q, ctx.lang)),
        Err(found) => bail!("{}", ledgers_text::many_actions(q, &found, ctx.lang)),
    }
}

pub fn action(ctx: &Context, as_name: Option<&str>, cmd: &ActionCommand) -> anyhow::Result<i32> {
    match cmd {
        ActionCommand::Add(a) => save(ctx, as_name, |store| {
            check_flag("--text", TextKind::Line, &a.text, ctx)?;
            check_flag("--unit", TextKind::Line, &a.unit, ctx)?;
            check_flag("--person", TextKind::Name, &a.person, ctx)?;
            Ok(Edit::AddSupportAction {
                enterprise_id: enterprise(store, &a.enterprise)?,
                action: a.text.clone(),
                unit: a.unit.clone(),
                person: a.person.clone(),
                due: a
                    .due
                    .as_deref()
                    .map(|d| parse_date("--due", d, ctx))
                    .transpose()?,
                status: ActionStatus::Open,
            })
        }),
        ActionCommand::Done(a) | ActionCommand::Cancel(a) => {
            let status = match cmd {
                ActionCommand::Done(_) => ActionStatus::Done,
                _ => ActionStatus::Dropped,
            };
            save(ctx, as_name, |store| {
                let eid = enterprise(store, &a.enterprise)?;
                let id = find_action(ctx, store, &eid, &a.action)?;
                let (text, unit, person, due, _, _) = ledgers::action_fields(&store.conn, &id)?;
                Ok(Edit::SaveSupportAction {
                    action_id: id,
                    action: text,
                    unit,
                    person,
                    due,
                    status,
                    closed: a
                        .date
                        .as_deref()
                        .map(|d| parse_date("--date", d, ctx))
                        .transpose()?,
                })
            })
        }
        ActionCommand::Edit(a) => save(ctx, as_name, |store| {
            let eid = enterprise(store, &a.enterprise)?;
            let id = find_action(ctx, store, &eid, &a.action)?;
            let (text, unit, person, due, status, closed) =
                ledgers::action_fields(&store.conn, &id)?;
            for (flag, kind, v) in [
                ("--text", TextKind::Line, &a.text),
                ("--unit", TextKind::Line, &a.unit),
                ("--person", TextKind::Name, &a.person),
            ] {
                if let Some(v) = v {
                    check_flag(flag, kind, v, ctx)?;
                }
            }
            Ok(Edit::SaveSupportAction {
                action_id: id,
                action: a.text.clone().unwrap_or(text),
                unit: a.unit.clone().unwrap_or(unit),
                person: a.person.clone().unwrap_or(person),
                due: match a.due.as_deref() {
                    Some("none") => None,
                    Some(d) => Some(parse_date("--due", d, ctx)?),
                    None => due,
                },
                status: a
                    .status
                    .as_deref()
                    .map_or(Ok(status), |s| parse_choice("action status", s, ctx.lang))?,
                closed,
            })
        }),
    }
}

pub fn reward(ctx: &Context, as_name: Option<&str>, cmd: &RewardCommand) -> anyhow::Result<i32> {
    let RewardCommand::Pay(a) = cmd;
    save(ctx, as_name, |store| {
        let eid = enterprise(store, &a.enterprise)?;
        let kind: RewardKind = parse_choice("reward kind", &a.kind, ctx.lang)?;
        check_flag("--document", TextKind::Line, &a.document, ctx)?;
        if a.document.trim().is_empty() {
            bail!("{}", ledgers_text::document_required(ctx.lang));
        }
        let due: Vec<_> = bureau::rewards_of(&store.conn, &eid, &ctx.config)?
            .into_iter()
            .filter(|r| r.kind == kind && a.year.is_none_or(|y| r.year == y))
            .collect();
        let r = match due.as_slice() {
            [] => bail!(
                "{}",
                ledgers_text::no_reward(kind.label(ctx.lang), a.year, ctx.lang)
            ),
            [r] => r,
            many => bail!(
                "{}",
                ledgers_text::many_rewards(
                    kind.label(ctx.lang),
                    &many.iter().map(|r| r.year).collect::<Vec<_>>(),
                    ctx.lang
                )
            ),
        };
        Ok(Edit::PayReward {
            enterprise_id: eid,
            kind,
            year: r.year,
            amount: a.amount.unwrap_or(r.amount),
            paid_on: match &a.date {
                Some(d) => parse_date("--date", d, ctx)?,
                None => ctx.today,
            },
            document: a.document.clone(),
        })
    })
}

pub fn commissioner(
    ctx: &Context,
    as_name: Option<&str>,
    cmd: &CommissionerCommand,
) -> anyhow::Result<i32> {
    match cmd {
        CommissionerCommand::Add { name, phone } => save(ctx, as_name, |_| {
            check_flag("NAME", TextKind::Name, name, ctx)?;
            Ok(Edit::SaveCommissioner {
                id: None,
                name: name.clone(),
                phone: phone.clone(),
            })
        }),
        CommissionerCommand::Edit {
            name,
            new_name,
            phone,
        } => {
            let store = ctx.open()?;
            let renamed = named_commissioner(&store, name, ctx.lang)?.1;
            drop(store);
            let rc = edit_commissioner(ctx, as_name, name, new_name.as_deref(), phone.as_deref())?;
            // Who you are is kept by name: renaming yourself keeps you yourself.
            if let (Some(new), Some(path)) = (new_name, super::config_path())
                && ctx.config.user.me.trim() == renamed
            {
                crate::config::set_user_me(&path, new.trim())?;
            }
            Ok(rc)
        }
    }
}

fn edit_commissioner(
    ctx: &Context,
    as_name: Option<&str>,
    name: &str,
    new_name: Option<&str>,
    phone: Option<&str>,
) -> anyhow::Result<i32> {
    {
        save(ctx, as_name, |store| {
            if new_name.is_none() && phone.is_none() {
                bail!("{}", ledgers_text::nothing_to_change(ctx.lang));
            }
            let (id, old) = named_commissioner(store, name, ctx.lang)?;
            let old_phone: Option<String> = store
                .conn
                .query_row(
                    "SELECT phone FROM commissioners WHERE id = ?1",
                    [&id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            if let Some(n) = new_name {
                check_flag("--name", TextKind::Name, n, ctx)?;
            }
            Ok(Edit::SaveCommissioner {
                id: Some(id),
                name: new_name.map_or(old, str::to_string),
                phone: phone.map(str::to_string).or(old_phone),
            })
        })
    }
}

/// `seedbed pool-status`: the `b` form's status, from the command line; the pool, batch and
/// tier stay as they are.
pub fn pool_status(
    ctx: &Context,
    as_name: Option<&str>,
    a: &PoolStatusArgs,
) -> anyhow::Result<i32> {
    save(ctx, as_name, |store| {
        let eid = enterprise(store, &a.enterprise)?;
        let status: PoolStatus = parse_choice("pool status", &a.status, ctx.lang)?;
        check_flag("--reason", TextKind::Line, &a.reason, ctx)?;
        if status != PoolStatus::In && a.reason.trim().is_empty() {
            bail!("{}", ledgers_text::reason_required(ctx.lang));
        }
        // The newest membership, live ones first: where the enterprise is (or was last).
        // Never in a pool: there is no membership to give a status, and guessing a pool and
        // batch would invent one.
        let Some((pool, batch)) = store
            .conn
            .query_row(
                "SELECT pool, batch FROM pool_memberships WHERE enterprise_id = ?1
                 ORDER BY status <> 'out' DESC, entered_on DESC, id DESC LIMIT 1",
                [&eid],
                |r| Ok((r.get::<_, Pool>(0)?, r.get::<_, Batch>(1)?)),
            )
            .optional()?
        else {
            bail!("{}", ledgers_text::never_in_a_pool(ctx.lang));
        };
        let tier: Tier =
            store
                .conn
                .query_row("SELECT tier FROM enterprises WHERE id = ?1", [&eid], |r| {
                    r.get(0)
                })?;
        Ok(Edit::MovePool {
            enterprise_id: eid,
            pool,
            batch,
            tier,
            status: Some(StatusChange {
                status,
                on: match &a.date {
                    Some(d) => parse_date("--date", d, ctx)?,
                    None => ctx.today,
                },
                reason: a.reason.trim().to_string(),
            }),
        })
    })
}
