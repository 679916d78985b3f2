//! `seedbed brief ENTERPRISE`: the one-page pre-visit brief in Markdown.

use super::Context;
use crate::interchange::{brief, write_atomically};
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

/// The brief of enterprise `id` as Markdown.
pub fn text(conn: &rusqlite::Connection, id: &str, ctx: &Context) -> anyhow::Result<String> {
    let Some(d) = detail::load(conn, id, ctx.now, &ctx.config)? else {
        anyhow::bail!("enterprise {id:?} disappeared while reading");
    };
    let size = match d.rankings.first() {
        Some(r) => Some(ranking_count(conn, r.pool, r.year)?),
        None => None,
    };
    Ok(brief::render(&d, ctx.today, size, ctx.lang))
}

pub fn run(ctx: &Context, a: &BriefArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let id = find_enterprise(&store.conn, &a.enterprise)??;
    let md = text(&store.conn, &id, ctx)?;
    match &a.out {
        Some(p) => {
            write_atomically(p, md.as_bytes())?;
            eprintln!("{}", p.display());
        }
        None => print!("{md}"),
    }
    Ok(0)
}
