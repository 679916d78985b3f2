//! `seedbed sync`: exchanging bundles with other files through a folder (a USB stick, a shared
//! folder); `seedbed conflicts`: the fields waiting for a person's choice.

use super::Context;
use super::output::{Format, Table, emit};
use crate::i18n::sync_text as words;
use crate::store::Store;
use crate::store::sync::{self, ExportOptions, Level, apply, conflicts, status};
use clap::{Args, Subcommand};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    /// The folder to exchange bundles through: this file's bundle is written there and every
    /// other file's bundle there is read.
    pub dir: Option<PathBuf>,
    /// Exchange through a Git repository instead of a folder: a bare repository's path (a USB
    /// stick, a shared folder) or a URL (`git@host:district/seedbed.git`, `https://…`,
    /// `git://…`). Needs `git` installed.
    #[arg(long, value_name = "REMOTE", conflicts_with = "dir")]
    pub git: Option<String>,
    /// Keep contact names and phones in bundles for files above district level.
    #[arg(long)]
    pub with_contacts: bool,
    #[command(subcommand)]
    pub command: Option<SyncCommand>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Write this file's bundle into a folder (the versions the files there have not seen).
    Export {
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        #[arg(long)]
        with_contacts: bool,
    },
    /// Read bundles (idempotent, in any order).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Set this file's place in the linkage (a district office's existing file becoming its
    /// district file).
    Place {
        #[arg(long, value_parser = super::parse_level)]
        level: Level,
        #[arg(long, value_name = "CODE")]
        region: String,
    },
    /// This file's place, its peers, what they lack, and the conflicts waiting.
    Status {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Keep one value: `N.M` keeps value M of conflict N, as numbered in the list.
    #[arg(long, value_name = "N.M")]
    pub keep: Option<String>,
}

const SUFFIX: &str = ".seedbed-bundle";

/// The bundle files of other files in `dir`.
fn bundles_in(dir: &Path, me: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(anyhow::anyhow!("{}: {e}", dir.display())),
    };
    for e in entries {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with(SUFFIX) && !name.starts_with('.') && name != format!("{me}{SUFFIX}") {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

pub fn run(ctx: &Context, a: &SyncArgs) -> anyhow::Result<i32> {
    ctx.refuse_if_as_of()?;
    match (&a.command, &a.dir) {
        (Some(SyncCommand::Export { to, with_contacts }), _) => {
            let mut store = ctx.open_writable()?;
            export_to(ctx, &mut store, to, *with_contacts)?;
            Ok(0)
        }
        (Some(SyncCommand::Import { paths }), _) => {
            let mut store = ctx.open_writable()?;
            for p in paths {
                import_one(ctx, &mut store, p)?;
            }
            report_conflicts(ctx, &store)?;
            Ok(0)
        }
        (Some(SyncCommand::Status { format }), _) => status_cmd(ctx, *format),
        (Some(SyncCommand::Place { level, region }), _) => {
            super::check_region(region, *level, ctx.lang)?;
            let store = ctx.open_writable()?;
            sync::identity::place(&store.conn, *level, region)?;
            status_cmd(ctx, Format::Table)
        }
        (None, Some(dir)) => {
            let mut store = ctx.open_writable()?;
            std::fs::create_dir_all(dir)?;
            exchange(ctx, &mut store, dir, a.with_contacts)?;
            report_conflicts(ctx, &store)?;
            Ok(0)
        }
        (None, None) => match &a.git {
            Some(remote) => git(ctx, remote, a.with_contacts),
            None => status_cmd(ctx, Format::Table),
        },
    }
}

/// Reads every other file's bundle in `dir`, then writes this file's.
fn exchange(
    ctx: &Context,
    store: &mut Store,
    dir: &Path,
    with_contacts: bool,
) -> anyhow::Result<()> {
    let me = sync::identity(&store.conn)?.origin;
    let found = bundles_in(dir, &me)?;
    for p in &found {
        import_one(ctx, store, p)?;
    }
    export_to(ctx, store, dir, with_contacts)?;
    if found.is_empty() {
        outln!(
            "{}",
            words::no_bundles(&dir.display().to_string(), ctx.lang)
        );
    }
    Ok(())
}

/// `seedbed sync --git REMOTE`: the remote's work tree is the folder.
fn git(ctx: &Context, remote: &str, with_contacts: bool) -> anyhow::Result<i32> {
    use crate::interchange::git::{self, GitError};
    let mut store = ctx.open_writable()?;
    let me = sync::identity(&store.conn)?.origin;
    let cache = super::project_dirs()
        .map(|d| d.cache_dir().join("git"))
        .unwrap_or_else(|| std::env::temp_dir().join("seedbed-git"));
    let out = git::exchange(remote, &cache, &me, |tree| {
        exchange(ctx, &mut store, tree, with_contacts)
    });
    match out {
        Ok(((), report)) => {
            outln!(
                "{}",
                crate::i18n::git_text::report(&report, remote, ctx.lang)
            );
            report_conflicts(ctx, &store)?;
            Ok(0)
        }
        Err(GitError::Work(e)) => Err(e),
        Err(GitError::Git(f)) => Err(f.into()),
    }
}

fn import_one(ctx: &Context, store: &mut Store, p: &Path) -> anyhow::Result<()> {
    let got = apply::import(&mut store.conn, p, ctx.real_today, &ctx.config)?;
    let shown = p.display().to_string();
    if got.own {
        outln!("{}", words::own_bundle(&shown, ctx.lang));
    } else {
        let from = if got.label.is_empty() {
            &got.from
        } else {
            &got.label
        };
        outln!(
            "{}",
            words::imported(&shown, from, got.rows, got.fields, got.known, ctx.lang)
        );
    }
    Ok(())
}

/// What the files with bundles in `dir` have seen (the least of them), their common region,
/// and whether any is above district level.
fn receivers(
    dir: &Path,
    me: &str,
) -> anyhow::Result<(BTreeMap<String, i64>, Option<String>, bool)> {
    let mut seen: Option<BTreeMap<String, i64>> = None;
    let mut prefix: Option<String> = None;
    let mut above = false;
    for p in bundles_in(dir, me)? {
        let Ok((_, head)) = apply::read_head(&p) else {
            continue;
        };
        above |= Level::from_code(&head.level).is_some_and(|l| l > Level::District);
        seen = Some(match seen {
            None => head.seen,
            Some(s) => s
                .into_iter()
                .filter_map(|(k, v)| head.seen.get(&k).map(|w| (k, v.min(*w))))
                .collect(),
        });
        prefix = Some(match prefix {
            None => head.region.clone(),
            Some(p) => p
                .chars()
                .zip(head.region.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    Ok((
        seen.unwrap_or_default(),
        prefix.filter(|p| !p.is_empty()),
        above,
    ))
}

fn export_to(
    ctx: &Context,
    store: &mut Store,
    dir: &Path,
    with_contacts: bool,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let me = sync::identity(&store.conn)?;
    let (seen, scope, above) = receivers(dir, &me.origin)?;
    let label = super::write::whoami(store, &ctx.config, None, ctx.lang)
        .ok()
        .and_then(|w| match w {
            super::write::Identity::Me(me) => Some(me.name),
            _ => None,
        })
        .unwrap_or_else(|| {
            ctx.db
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    let opts = ExportOptions {
        seen,
        scope,
        without_contacts: !with_contacts && (above || me.level > Level::District),
        label,
    };
    let path = dir.join(format!("{}{SUFFIX}", me.origin));
    let got = sync::export(&mut store.conn, &path, &opts)?;
    outln!(
        "{}",
        words::exported(
            &path.display().to_string(),
            got.rows,
            got.fields,
            !opts.without_contacts,
            ctx.lang
        )
    );
    Ok(())
}

fn report_conflicts(ctx: &Context, store: &Store) -> anyhow::Result<()> {
    let n = conflicts::count(&store.conn)?;
    outln!("{}", words::conflicts_waiting(n, ctx.lang));
    Ok(())
}

fn status_cmd(ctx: &Context, format: Format) -> anyhow::Result<i32> {
    let store = ctx.open_writable()?;
    let s = status::status(&store.conn)?;
    let [h0, h1, h2, h3, h4] = words::status_headers(ctx.lang);
    let mut t = Table::new(&[
        (h0, false),
        (h1, false),
        (h2, false),
        (h3, false),
        (h4, true),
    ]);
    for p in &s.peers {
        t.push(vec![
            if p.label.is_empty() {
                p.origin.clone()
            } else {
                format!("{} ({})", p.label, p.origin)
            },
            words::level_code(&p.level, ctx.lang),
            p.region.clone(),
            p.heard_at.clone().unwrap_or_default(),
            p.waiting.to_string(),
        ]);
    }
    if format == Format::Table {
        outln!(
            "{}",
            words::status_head(&s.me.origin, s.me.level, &s.me.region, s.written, ctx.lang)
        );
    }
    emit(format, &t, &s)?;
    if format == Format::Table {
        outln!("{}", words::conflicts_waiting(s.conflicts, ctx.lang));
    }
    Ok(0)
}

pub fn conflicts_cmd(ctx: &Context, a: &ConflictsArgs) -> anyhow::Result<i32> {
    ctx.refuse_if_as_of()?;
    let mut store = ctx.open_writable()?;
    let list = conflicts::list(&store.conn)?;
    if let Some(keep) = &a.keep {
        let pick = keep
            .split_once('.')
            .and_then(|(n, m)| Some((n.parse::<usize>().ok()?, m.parse::<usize>().ok()?)))
            .and_then(|(n, m)| {
                let c = list.get(n.checked_sub(1)?)?;
                Some((c, c.candidates.get(m.checked_sub(1)?)?))
            });
        let Some((c, v)) = pick else {
            anyhow::bail!(words::no_such_choice(keep, list.len(), ctx.lang));
        };
        let who = super::write::commissioner(ctx, &store, None)?;
        sync::resolve::resolve(
            &mut store.conn,
            c,
            &v.origin,
            v.seq,
            who.as_deref(),
            ctx.real_today,
            &ctx.config,
        )?;
        outln!(
            "{}",
            words::kept(&c.record, &c.column, v.value.as_deref(), ctx.lang)
        );
        outln!(
            "{}",
            words::conflicts_waiting(conflicts::count(&store.conn)?, ctx.lang)
        );
        return Ok(0);
    }
    let names = commissioner_names(&store)?;
    let [h0, h1, h2, h3, h4, h5] = words::conflict_headers(ctx.lang);
    let mut t = Table::new(&[
        ("#", false),
        (h0, false),
        (h1, false),
        (h2, false),
        (h3, false),
        (h4, false),
        (h5, false),
    ]);
    for (n, c) in list.iter().enumerate() {
        for (i, v) in c.candidates.iter().enumerate() {
            let value = if c.column == sync::columns::DELETED {
                words::deleted_value(v.value.as_deref(), ctx.lang)
            } else {
                v.value
                    .clone()
                    .unwrap_or_else(|| words::empty_value(ctx.lang).into())
            };
            let mark = if v.shown {
                words::shown_mark(ctx.lang)
            } else {
                ""
            };
            let who = v
                .who
                .as_ref()
                .map(|w| names.get(w).cloned().unwrap_or_else(|| w.clone()))
                .unwrap_or_default();
            let at = time::OffsetDateTime::from_unix_timestamp(v.at_ms / 1000)
                .map(|t| {
                    let t = t.to_offset(
                        time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC),
                    );
                    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
                })
                .unwrap_or_default();
            t.push(vec![
                format!("{}.{}", n + 1, i + 1),
                if i == 0 {
                    c.record.clone()
                } else {
                    String::new()
                },
                if i == 0 {
                    c.table.clone()
                } else {
                    String::new()
                },
                if i == 0 {
                    c.column.clone()
                } else {
                    String::new()
                },
                format!("{value}{mark}"),
                format!("{who} {at}").trim().to_string(),
                format!(
                    "{} {}",
                    v.origin_label,
                    words::level_code(&v.origin_level, ctx.lang)
                )
                .trim()
                .to_string(),
            ]);
        }
    }
    if list.is_empty() && a.format == Format::Table {
        outln!("{}", words::conflicts_waiting(0, ctx.lang));
        return Ok(0);
    }
    emit(a.format, &t, &list)?;
    Ok(0)
}

fn commissioner_names(store: &Store) -> anyhow::Result<BTreeMap<String, String>> {
    let mut stmt = store.conn.prepare("SELECT id, name FROM commissioners")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
