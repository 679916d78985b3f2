//! `seedbed report --period week|month|year`: the district summary, as Markdown or a workbook.

use super::Context;
use crate::interchange::{FileFormat, write_atomically, xlsx_charts};
use crate::report::district::{self as report, Period};
use anyhow::Context as _;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The calendar week, month or year containing today.
    #[arg(long, value_enum, default_value_t = Period::Week)]
    pub period: Period,
    /// FILE.md or FILE.xlsx (default: Markdown on standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, a: &ReportArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let r = report::build(&store.conn, a.period, ctx.now, ctx.lang, &ctx.config)?;
    if let Some(out) = &a.out {
        ctx.refuse_database_as_out(out)?;
    }
    match &a.out {
        None => out!("{}", report::markdown(&r, ctx.lang)),
        Some(p) => {
            let bytes = match FileFormat::from_path(p) {
                Some(FileFormat::Markdown) => report::markdown(&r, ctx.lang).into_bytes(),
                Some(FileFormat::Xlsx) => {
                    let charts = crate::report::charts::charts(
                        &store.conn,
                        &r,
                        ctx.now,
                        ctx.lang,
                        &ctx.config,
                    )?;
                    xlsx_charts::to_bytes(&report::tables(&r, ctx.lang), &charts)
                        .with_context(|| format!("cannot write spreadsheet {}", p.display()))?
                }
                _ => {
                    return Err(crate::i18n::cli_text::UsageError::ReportKind(
                        p.display().to_string(),
                    )
                    .into());
                }
            };
            write_atomically(p, &bytes)?;
            eprintln!("{}", p.display());
        }
    }
    Ok(0)
}
