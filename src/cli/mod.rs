//! The command line: global flags, the subcommands (one file each), and the context they share.

/// `print!` and `println!` that return a failed write as an error instead of panicking: a
/// closed pipe (`seedbed certs --ready | head`) then ends the command quietly (see `main`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?
    }};
}
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

pub mod backup;
pub mod brief;
pub mod bureau;
pub mod check;
pub mod demo;
pub mod export;
pub mod import;
pub mod ledgers;
pub mod output;
pub mod plan;
pub mod progress;
pub mod report;
pub mod reports;
pub mod show;
pub mod sync;
pub mod write;

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::{Store, StoreError, derived};
use anyhow::Context as _;
use clap::{Parser, Subcommand};
use output::Format;
use std::path::PathBuf;
use time::{Date, PrimitiveDateTime};

pub use crate::report::context::{
    Context, config_path, local_now, parse_today, project_dirs, real_today,
};

#[derive(Debug, Parser)]
#[command(
    name = "seedbed",
    version,
    args_override_self = true,
    about = "Seedbed (苗圃): the cultivation pool of a sci-tech commissioner, in the terminal",
    long_about = "Seedbed (苗圃) tracks a district's cultivation pool: enterprises, their funded \
projects and red/yellow/green alerts, visits, requests, HTE readiness and the yearly ranking. \
Without a subcommand it opens the TUI."
)]
pub struct Cli {
    /// Database file (default: $SEEDBED_DB when set and not empty, else the platform data
    /// directory's seedbed/seedbed.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of the output: zh or en (default: from the locale).
    #[arg(long, global = true, value_parser = parse_lang, value_name = "zh|en")]
    pub lang: Option<Lang>,
    /// View the pool as of this date (YYYY-MM-DD) instead of today: only what was known that day,
    /// computed without writing the file (commands that write are refused).
    #[arg(long, global = true, value_parser = parse_today, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    /// Stamp changes with this commissioner (default: yours, chosen with `seedbed me`).
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub as_name: Option<String>,
    /// Open the file read-only: nothing is written (also chosen by itself when the file or its
    /// folder cannot be written).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Open the TUI on the demo pool (created in the data directory on first use).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty database (then add enterprises in the TUI with `a`, or import them).
    Init {
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// The file's place in the linkage: laptop (a commissioner's), district, prefecture or
        /// region.
        #[arg(long, default_value = "laptop", value_parser = parse_level)]
        level: crate::store::sync::Level,
        /// The GB/T 2260 code the file covers: 6 digits for a laptop or district, 4 for a
        /// prefecture, 2 for the region.
        #[arg(long, value_name = "CODE")]
        region: Option<String>,
    },
    /// Generate a realistic demo pool (deterministic for a seed).
    Demo(demo::DemoArgs),
    /// The pool, one row per enterprise.
    List(reports::ListArgs),
    /// Everything about one enterprise.
    Show(show::ShowArgs),
    /// Planned visits: overdue ones and the next days.
    Agenda(reports::AgendaArgs),
    /// The day plan: a day's visits by district with addresses and contacts (Markdown or .ics).
    Plan(plan::PlanArgs),
    /// Red and yellow projects, worst first, with the reason; overdue support actions after the red.
    Alerts(reports::AlertsArgs),
    /// The yearly ranking of a pool.
    Rank(reports::RankArgs),
    /// Enterprise requests and their 24-hour clock.
    Requests(reports::RequestsArgs),
    /// HTE certificates expiring soon and enterprises nearly ready to apply.
    Certs(reports::CertsArgs),
    /// Each commissioner's figures for a year: visits against the cadence, requests, response times.
    Commissioners(bureau::YearArgs),
    /// The district's targets for a year: target, actual, last year and progress.
    Targets(bureau::TargetsArgs),
    /// The rewards enterprises became eligible for in a year, paid or not.
    Rewards(bureau::YearArgs),
    /// Check the file and the data; exits non-zero when something is wrong.
    Check(check::CheckArgs),
    /// Import a CSV, XLSX or JSON file (all or nothing; exits 1 naming every bad row).
    Import(import::ImportArgs),
    /// Export a kind as CSV, XLSX or JSON, or planned visits as an iCalendar file.
    Export(export::ExportArgs),
    /// A one-page pre-visit brief of an enterprise, in Markdown.
    Brief(brief::BriefArgs),
    /// The district summary for a week, month or year (Markdown or XLSX).
    Report(report::ReportArgs),
    /// Record, plan, move or cancel visits.
    #[command(subcommand)]
    Visit(write::VisitCommand),
    /// Milestones of projects.
    #[command(subcommand)]
    Milestone(write::MilestoneCommand),
    /// Support-plan actions (一企一策): add, mark done, edit, cancel.
    #[command(subcommand)]
    Action(ledgers::ActionCommand),
    /// Rewards: record one as paid.
    #[command(subcommand)]
    Reward(ledgers::RewardCommand),
    /// Commissioners of this file: add one, or rename or change the phone.
    #[command(subcommand)]
    Commissioner(ledgers::CommissionerCommand),
    /// Set an enterprise's pool status (in, leaving, out, frozen) with the day and why.
    PoolStatus(ledgers::PoolStatusArgs),
    /// Exchange changes with other files through a folder: `seedbed sync DIR` (or `export`,
    /// `import`, `status`).
    Sync(sync::SyncArgs),
    /// The fields two files changed differently, waiting for a person's choice.
    Conflicts(sync::ConflictsArgs),
    /// Undo the last saved change (a whole form, visit or import), if it is yours.
    Undo {
        /// Undo the last change even if someone else made it.
        #[arg(long, visible_alias = "force")]
        yes: bool,
    },
    /// Redo the last undone change.
    Redo,
    /// Who you are (the commissioner stamped on your changes), or choose it: kept in your
    /// config file, for every database you open.
    Me {
        /// The commissioner's name (or id); without it, print who you are.
        name: Option<String>,
    },
    /// Print where the default database and config files are.
    Paths,
    /// Take a backup of the database now (into the backups folder beside it, or --out).
    Backup(backup::BackupArgs),
    /// List the backups of the database, newest first, with dates and sizes.
    Backups,
    /// Bring back a backup (checked first); what the file held is kept as a backup.
    Restore(backup::RestoreArgs),
}

impl Command {
    /// The output format the command was asked for (a table for those without `--format`).
    pub fn format(&self) -> Format {
        match self {
            Command::List(a) => a.format,
            Command::Agenda(a) => a.format,
            Command::Alerts(a) => a.format,
            Command::Rank(a) => a.format,
            Command::Requests(a) => a.format,
            Command::Certs(a) => a.format,
            Command::Commissioners(a) | Command::Rewards(a) => a.format,
            Command::Targets(a) => a.format,
            Command::Check(a) => a.format,
            _ => Format::Table,
        }
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?} (use zh or en)"))
}

/// `SEEDBED_DB`, unless it is unset or empty (an empty value means no choice).
fn env_db() -> Option<PathBuf> {
    std::env::var_os("SEEDBED_DB")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The default database file.
pub fn default_db() -> anyhow::Result<PathBuf> {
    project_dirs()
        .map(|d| d.data_dir().join("seedbed.db"))
        .context("cannot find a home directory for the default database; pass --db PATH")
}

/// The demo database used by `seedbed --demo`.
pub fn demo_db() -> anyhow::Result<PathBuf> {
    project_dirs()
        .map(|d| d.data_dir().join("demo.db"))
        .context("cannot find a home directory for the demo database; pass --db PATH")
}

impl Cli {
    /// The database file the command works on, if one can be named.
    pub fn db_path(&self) -> Option<PathBuf> {
        match &self.db {
            Some(p) => Some(p.clone()),
            None if let Some(p) = env_db() => Some(p),
            None if self.demo => demo_db().ok(),
            None => default_db().ok(),
        }
    }

    /// Builds the shared context: the date, the language, the configuration, the database path.
    pub fn context(&self, format: Format) -> anyhow::Result<Context> {
        let now = match self.today {
            // An as-of view runs at 09:00 of that day, so results do not depend on the clock.
            Some(d) => PrimitiveDateTime::new(d, time::macros::time!(09:00)),
            None if std::env::var_os("SEEDBED_TODAY").is_some() => {
                PrimitiveDateTime::new(real_today(), local_now().time())
            }
            None => local_now(),
        };
        let (config, config_unknown) = Config::load_checked(config_path().as_deref())?;
        let db = match &self.db {
            Some(p) => p.clone(),
            None if let Some(p) = env_db() => p,
            None if self.demo => demo_db()?,
            None => default_db()?,
        };
        Ok(Context {
            db,
            lang: self.lang.unwrap_or_else(Lang::from_locale),
            today: now.date(),
            real_today: real_today(),
            now,
            config,
            format,
            read_only: self.read_only,
            config_unknown,
        })
    }
}

/// Runs a subcommand; `Ok(code)` is the process exit code. An error that says another
/// program held the file's write lock for longer than the wait becomes one line naming the file.
pub fn run(cli: &Cli, command: &Command) -> anyhow::Result<i32> {
    // One context for the whole command: the configuration is read once.
    let ctx = cli.context(command.format())?;
    warn_unknown_config_keys(&ctx);
    backup::before_write(&ctx, command);
    run_command(cli, &ctx, command)
}

/// One stderr line per key of the user's config file that Seedbed does not know: the rest of
/// the file applies, but a misspelt key would otherwise keep its default without a word. A
/// config that cannot be read is left to the command's own error.
fn warn_unknown_config_keys(ctx: &Context) {
    let Some(path) = config_path() else {
        return;
    };
    for key in &ctx.config_unknown {
        eprintln!(
            "seedbed: {}",
            crate::i18n::config_text::unknown_key(&path, key, ctx.lang)
        );
    }
    for issue in &ctx.config.keymap.issues {
        eprintln!(
            "seedbed: {}",
            crate::i18n::config_text::keymap_issue(&path, issue, ctx.lang)
        );
    }
    for issue in &ctx.config.theme.issues {
        eprintln!(
            "seedbed: {}",
            crate::i18n::theme_text::theme_issue(&path, issue, ctx.lang)
        );
    }
}

/// A "database is locked" error anywhere in the chain, as `StoreError::Busy` with the file.
pub fn name_busy_file(e: anyhow::Error, cli: &Cli) -> anyhow::Error {
    let busy = e.chain().any(|c| {
        c.downcast_ref::<StoreError>()
            .is_some_and(StoreError::is_busy)
            || c.downcast_ref::<rusqlite::Error>()
                .is_some_and(crate::store::is_busy)
    });
    let already = matches!(
        e.downcast_ref::<StoreError>(),
        Some(StoreError::Busy { .. } | StoreError::Locked { .. })
    );
    match cli.db_path() {
        Some(path) if busy && !already => StoreError::Busy { path }.into(),
        _ => e,
    }
}

/// A region code of the right length for a file's level.
fn check_region(region: &str, level: crate::store::sync::Level, lang: Lang) -> anyhow::Result<()> {
    let digits_ok =
        region.len() == level.code_digits() && region.bytes().all(|b| b.is_ascii_digit());
    if !digits_ok {
        anyhow::bail!(crate::i18n::sync_text::bad_region(region, level, lang));
    }
    Ok(())
}

fn parse_level(s: &str) -> Result<crate::store::sync::Level, String> {
    crate::store::sync::Level::from_code(s)
        .ok_or_else(|| format!("{s:?}: laptop, district, prefecture or region"))
}

fn run_command(cli: &Cli, ctx: &Context, command: &Command) -> anyhow::Result<i32> {
    if matches!(command, Command::Init { .. } | Command::Demo(_)) {
        ctx.refuse_if_read_only()?;
    }
    match command {
        Command::Init {
            force,
            level,
            region,
        } => {
            let region = region.as_deref().unwrap_or_default();
            if !region.is_empty() {
                check_region(region, *level, ctx.lang)?;
            }
            let store = Store::create(&ctx.db, *force)?;
            crate::store::sync::identity::place(&store.conn, *level, region)?;
            derived::recompute_all(&mut { store }.conn, ctx.today, &ctx.config)?;
            outln!("{}", ctx.db.display());
            Ok(0)
        }
        Command::Demo(a) => demo::run(ctx, a),
        Command::List(a) => reports::list(ctx, a),
        Command::Show(a) => show::run(ctx, a),
        Command::Agenda(a) => reports::agenda(ctx, a),
        Command::Plan(a) => plan::run(ctx, cli.as_name.as_deref(), a),
        Command::Alerts(a) => reports::alerts(ctx, a),
        Command::Rank(a) => reports::rank(ctx, a),
        Command::Requests(a) => reports::requests(ctx, a),
        Command::Certs(a) => reports::certs(ctx, a),
        Command::Commissioners(a) => bureau::commissioners(ctx, a),
        Command::Targets(a) => bureau::targets(ctx, cli.as_name.as_deref(), a),
        Command::Rewards(a) => bureau::rewards(ctx, a),
        Command::Check(a) => check::run(ctx, a),
        Command::Import(a) => {
            ctx.refuse_if_as_of()?;
            backup::before_import(ctx, a.dry_run)?;
            import::run(ctx, cli.as_name.as_deref(), a)
        }
        Command::Export(a) => export::run(ctx, a),
        Command::Brief(a) => brief::run(ctx, a),
        Command::Report(a) => report::run(ctx, a),
        Command::Visit(c) => write::visit(ctx, cli.as_name.as_deref(), c),
        Command::Milestone(c) => write::milestone(ctx, cli.as_name.as_deref(), c),
        Command::Action(c) => ledgers::action(ctx, cli.as_name.as_deref(), c),
        Command::Reward(c) => ledgers::reward(ctx, cli.as_name.as_deref(), c),
        Command::Commissioner(c) => ledgers::commissioner(ctx, cli.as_name.as_deref(), c),
        Command::PoolStatus(a) => ledgers::pool_status(ctx, cli.as_name.as_deref(), a),
        Command::Sync(a) => sync::run(ctx, a),
        Command::Conflicts(a) => sync::conflicts_cmd(ctx, a),
        Command::Undo { yes } => write::undo(ctx, cli.as_name.as_deref(), false, *yes),
        Command::Redo => write::undo(ctx, cli.as_name.as_deref(), true, false),
        Command::Me { name } => write::me(ctx, cli.as_name.as_deref(), name.as_deref()),
        Command::Backup(a) => backup::backup(ctx, a),
        Command::Backups => backup::list(ctx),
        Command::Restore(a) => backup::restore(ctx, a),
        Command::Paths => {
            outln!("database: {}", ctx.db.display());
            match config_path() {
                Some(p) => outln!("config:   {}", p.display()),
                None => outln!("config:   (no home directory)"),
            }
            Ok(0)
        }
    }
}

/// Without a subcommand: the context the TUI runs in, after checking there is a terminal (on
/// `--demo`, the demo pool is created on first use). `main` then runs `tui::run` with it, so the
/// command line does not reach up into the TUI.
pub fn tui_context(cli: &Cli) -> anyhow::Result<Context> {
    use std::io::IsTerminal;
    let ctx = cli.context(Format::Table)?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(crate::i18n::Msg::NoTerminal.text(ctx.lang));
    }
    if cli.demo && !ctx.db.exists() && cli.read_only {
        return Err(StoreError::Missing(ctx.db).into());
    }
    if cli.demo && !ctx.db.exists() {
        let args = demo::DemoArgs {
            enterprises: 300,
            seed: 2026,
            force: false,
        };
        demo::create(&ctx.db, &args, &ctx)?;
    }
    Ok(ctx)
}
