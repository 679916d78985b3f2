//! `seedbed brief ENTERPRISE`: the one-page pre-visit brief in Markdown.

use super::Context;
use crate::interchange::write_atomically;
use crate::report::brief;
use crate::store::detail;
use crate::store::queries::{find_enterprise, ranking_count};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// Id, credit code, exact name or unique name fragment.
    pub enterprise: String,
    /// The Markdown file to write (default: standard output).
    #[arg(long, value_name = "FILE.md")]
    pub out: Option<PathBuf>,
}

/// The brief of enterprise `id` as Markdown, as of `now`.
pub fn text(
    conn: &rusqlite::Connection,
    id: &str,
    now: time::PrimitiveDateTime,
    config: &crate::config::Config,
    lang: crate::i18n::Lang,
) -> anyhow::Result<String> {
    let Some(d) = detail::load(conn, id, now, config)? else {
        return Err(crate::i18n::cli_text::UsageError::Disappeared(id.to_string()).into());
    };
    let size = match d.rankings.first() {
        Some(r) => Some(ranking_count(conn, r.pool, r.year)?),
        None => None,
    };
    Ok(brief::render(&d, now.date(), size, lang))
}

/// Where the TUI writes a brief: the `[files] briefs` folder of the configuration, else
/// `seedbed/走访简报/` (`seedbed/briefs/` in English) in the user's documents folder (the data
/// folder when there is none), named after the enterprise and the day.
pub fn default_path(
    name: &str,
    today: time::Date,
    config: &crate::config::Config,
    lang: crate::i18n::Lang,
) -> PathBuf {
    let folder = folder(config, lang);
    // Names keep their Chinese; only what a file system refuses goes.
    folder.join(format!("{}-{today}.md", safe_name(name)))
}

/// The folder the TUI writes its documents to (briefs, day plans): the `[files] briefs`
/// folder of the configuration, else `seedbed/走访简报/` in the documents folder.
pub fn folder(config: &crate::config::Config, lang: crate::i18n::Lang) -> PathBuf {
    if config.files.briefs.is_empty() {
        directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(|d| d.join("seedbed")))
            .or_else(|| super::project_dirs().map(|p| p.data_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from("."))
            .join(crate::i18n::Msg::BriefFolder.text(lang))
    } else {
        PathBuf::from(&config.files.briefs)
    }
}

/// A name as part of a file name: what a file system refuses becomes `_`.
pub fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

pub fn run(ctx: &Context, a: &BriefArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let id = find_enterprise(&store.conn, &a.enterprise)??;
    let md = text(&store.conn, &id, ctx.now, &ctx.config, ctx.lang)?;
    if let Some(out) = &a.out {
        ctx.refuse_database_as_out(out)?;
    }
    match &a.out {
        Some(p) => {
            write_atomically(p, md.as_bytes())?;
            eprintln!("{}", p.display());
        }
        None => out!("{md}"),
    }
    Ok(0)
}
