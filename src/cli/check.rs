//! `seedbed check`: integrity of the file and of the data.

use super::Context;
use super::output::{Format, Table, emit};
use crate::store::Store;
use crate::store::check;
use clap::Args;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// At most this many problems listed per kind.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(ctx: &Context, a: &CheckArgs) -> anyhow::Result<i32> {
    // No refresh here: stale derived values are one of the things to report.
    let store = Store::open(&ctx.db, ctx.open_mode())?;
    let problems = check::run(&store.conn, ctx.today, &ctx.config, a.limit)?;
    if problems.is_empty() && ctx.format == Format::Table {
        outln!("ok: {}", ctx.db.display());
        return Ok(0);
    }
    let mut t = Table::new(&[("kind", false), ("subject", false), ("problem", false)]);
    for p in &problems {
        t.push(vec![
            serde_json::to_value(p.kind)?
                .as_str()
                .unwrap_or_default()
                .to_string(),
            p.subject.clone(),
            p.detail.clone(),
        ]);
    }
    emit(ctx.format, &t, &problems)?;
    Ok(if problems.is_empty() { 0 } else { 1 })
}
