//! `seedbed demo`: a realistic demo pool, deterministic for a seed.

use super::Context;
use crate::demo::{DemoOptions, generate};
use crate::store::{Store, derived, ranking};
use clap::Args;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of enterprises.
    #[arg(long, default_value_t = 300)]
    pub enterprises: usize,
    /// Random seed: the same seed and date give the same pool.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The largest demo pool (a region's pool is well under it).
pub const MAX_ENTERPRISES: usize = 2_000_000;

/// Creates a demo pool at `path`: the raw rows, then the derived values and rankings.
pub fn create(
    path: &Path,
    args: &DemoArgs,
    ctx: &Context,
) -> anyhow::Result<crate::demo::DemoSummary> {
    let mut store = Store::create(path, args.force)?;
    let opts = DemoOptions {
        enterprises: args.enterprises,
        seed: args.seed,
    };
    let bar = super::progress::steps(5);
    let summary = generate(&mut store.conn, &opts, ctx.today)?;
    bar.inc(1);
    derived::recompute_all(&mut store.conn, ctx.today, &ctx.config)?;
    bar.inc(1);
    ranking::rank_all(&mut store.conn, ctx.today.year() - 1, &ctx.config)?;
    bar.inc(1);
    ranking::rank_all(&mut store.conn, ctx.today.year(), &ctx.config)?;
    bar.inc(1);
    store
        .conn
        .execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")?;
    bar.finish_and_clear();
    Ok(summary)
}

pub fn run(ctx: &Context, a: &DemoArgs) -> anyhow::Result<i32> {
    if a.enterprises == 0 {
        return Err(crate::i18n::cli_text::UsageError::TooSmall {
            flag: "--enterprises",
            min: 1,
        }
        .into());
    }
    // Refused before anything is allocated: a demo pool lives in memory while it is written.
    if a.enterprises > MAX_ENTERPRISES {
        anyhow::bail!(crate::i18n::Msg::DemoTooLarge.text(ctx.lang));
    }
    let started = Instant::now();
    let s = create(&ctx.db, a, ctx)?;
    eprintln!(
        "demo pool written to {} in {:.1} s: {} enterprises, {} projects, {} milestones, {} visits, {} requests, {} commissioners",
        ctx.db.display(),
        started.elapsed().as_secs_f64(),
        s.enterprises,
        s.projects,
        s.milestones,
        s.visits,
        s.requests,
        s.commissioners
    );
    Ok(0)
}
