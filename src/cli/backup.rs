//! `seedbed backup`, `seedbed backups` and `seedbed restore`, the automatic backups of the
//! write commands and imports, and the damaged file's message naming the backup to restore.

use super::{Command, Context};
use crate::i18n::backup_text;
use crate::store::backup::{self, BackupError, Corrupt, Reason};
use crate::store::{NotSeedbed, OpenMode, Store, StoreError};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the backup to this file (it must not exist) instead of the backups folder.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup: a path, or a file name listed by `seedbed backups`.
    pub backup: PathBuf,
}

/// Store errors go on as themselves, so that they are worded like every other command's.
fn into_anyhow(e: BackupError) -> anyhow::Error {
    match e {
        BackupError::Store(s) => s.into(),
        other => other.into(),
    }
}

/// `seedbed backup [--out PATH]`.
pub fn backup(ctx: &Context, a: &BackupArgs) -> anyhow::Result<i32> {
    // A read-only session writes nothing, beside the file either (rotation removes backups).
    let store = ctx.open_writable()?;
    let path = match &a.out {
        Some(out) => {
            backup::snapshot_to(&store, out).map_err(into_anyhow)?;
            out.clone()
        }
        None => {
            let path = backup::snapshot(&store, Reason::Manual).map_err(into_anyhow)?;
            backup::rotate(&ctx.db, &ctx.config.backups).map_err(into_anyhow)?;
            path
        }
    };
    outln!("{}", backup_text::saved(&path, ctx.lang));
    Ok(0)
}

/// `seedbed backups`: newest first, with date, size and why.
pub fn list(ctx: &Context) -> anyhow::Result<i32> {
    let backups = backup::list(&ctx.db).map_err(into_anyhow)?;
    if backups.is_empty() {
        outln!(
            "{}",
            backup_text::none_yet(&backup::folder(&ctx.db), ctx.lang)
        );
    }
    for b in &backups {
        outln!("{}", backup_text::list_line(b, ctx.lang));
    }
    Ok(0)
}

/// `seedbed restore BACKUP`.
pub fn restore(ctx: &Context, a: &RestoreArgs) -> anyhow::Result<i32> {
    // A bare name as `seedbed backups` lists it is looked for in the backups folder.
    let in_folder = backup::folder(&ctx.db).join(&a.backup);
    let path = if !a.backup.exists() && a.backup.components().count() == 1 && in_folder.is_file() {
        in_folder
    } else {
        a.backup.clone()
    };
    ctx.refuse_if_read_only()?;
    let done = backup::restore(&ctx.db, &path, &ctx.config.backups).map_err(into_anyhow)?;
    outln!("{}", backup_text::restored(&done, &path, &ctx.db, ctx.lang));
    Ok(0)
}

/// The daily backup, taken before a write command writes (the first write of a day, when the
/// file changed since the last backup). A failure is a warning: the command goes on.
pub fn before_write(ctx: &Context, command: &Command) {
    let writes = matches!(
        command,
        Command::Visit(_) | Command::Milestone(_) | Command::Undo { .. } | Command::Redo
    );
    if !writes {
        return;
    }
    // The as-of view refuses the write itself: nothing to back up for it.
    if ctx.read_only || ctx.as_of() || !ctx.config.backups.auto_enabled() || !ctx.db.exists() {
        return;
    }
    // The command itself reports a file it cannot open.
    let Ok(store) = Store::open(&ctx.db, OpenMode::Existing) else {
        return;
    };
    if let Err(e) = backup::daily(&store, &ctx.config.backups) {
        eprintln!("seedbed: {}", backup_text::auto_failed(&e, ctx.lang));
    }
}

/// The backup before an import writes (not for a dry run or a new file); the import does not
/// start without it.
pub fn before_import(ctx: &Context, dry_run: bool) -> anyhow::Result<()> {
    if dry_run || ctx.read_only || !ctx.config.backups.auto_enabled() || !ctx.db.exists() {
        return Ok(());
    }
    let store = Store::open(&ctx.db, OpenMode::Existing)?;
    backup::before_import(&store, &ctx.config.backups).map_err(into_anyhow)?;
    Ok(())
}

/// A database SQLite says is damaged gets a message naming `seedbed restore` and the newest
/// good backup; other errors pass unchanged. `db` is the command's database (a damage found
/// after opening, by a query, does not name its file).
pub fn with_restore_hint(e: anyhow::Error, db: Option<&Path>) -> anyhow::Error {
    let (path, reason, corrupt) = match e.downcast_ref::<StoreError>() {
        Some(StoreError::NotADatabase { path, reason }) => {
            if *reason == NotSeedbed::OtherProgram {
                return e;
            }
            (
                path.clone(),
                reason.to_string(),
                matches!(reason, NotSeedbed::Corrupt(_)),
            )
        }
        Some(StoreError::Sql(s)) if is_corrupt(s) => match db {
            Some(db) => (db.to_path_buf(), s.to_string(), true),
            None => return e,
        },
        _ => match (e.downcast_ref::<rusqlite::Error>(), db) {
            (Some(s), Some(db)) if is_corrupt(s) => (db.to_path_buf(), s.to_string(), true),
            _ => return e,
        },
    };
    // A file that is not SQLite at all (empty, cut short, overwritten) gets the hint only when
    // there is a backup of it: it may be a `--db` pointing at the wrong file.
    let good = backup::newest_good(&path);
    if !corrupt && good.is_none() {
        return e;
    }
    Corrupt {
        folder: backup::folder(&path),
        db: path,
        reason,
        backup: good,
    }
    .into()
}

fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}
