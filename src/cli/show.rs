//! `seedbed show ENTERPRISE`: everything about one enterprise.

use super::Context;
use crate::report::detail::text;
use crate::store::detail;
use crate::store::queries::find_enterprise;
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ShowFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id, credit code, exact name or unique name fragment.
    pub enterprise: String,
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

pub fn run(ctx: &Context, a: &ShowArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let id = find_enterprise(&store.conn, &a.enterprise)??;
    let Some(d) = detail::load(&store.conn, &id, ctx.now, &ctx.config)? else {
        return Err(crate::i18n::cli_text::UsageError::Disappeared(a.enterprise.clone()).into());
    };
    let out = match a.format {
        ShowFormat::Json => serde_json::to_string_pretty(&d)? + "\n",
        ShowFormat::Text => text(&d, ctx.lang),
    };
    out!("{out}");
    Ok(0)
}
