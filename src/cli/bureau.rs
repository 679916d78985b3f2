//! The bureau's reports: commissioners, targets, rewards.

use super::Context;
use super::output::{Format, Table, emit};
use super::reports::opt_date;
use crate::domain::targets::Metric;
use crate::i18n::Msg;
use crate::i18n::bureau_text::{metric_text, progress_text, target_scope, team_district};
use crate::i18n::cli_text::UsageError;
use crate::i18n::{Label, MetricValue};
use crate::store::bureau;
use crate::store::edit::{self, Edit, EditContext};
use clap::Args;

#[derive(Debug, Args)]
pub struct YearArgs {
    /// Year (default: the year of today).
    #[arg(long)]
    pub year: Option<i32>,
    /// Each district's team of commissioners added up (commissioners only).
    #[arg(long)]
    pub by_district: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn opt_pct(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0))
}

pub fn commissioners(ctx: &Context, a: &YearArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let year = a.year.unwrap_or(ctx.today.year());
    let figures = bureau::commissioner_year(&store.conn, year, ctx.now, &ctx.config)?;
    let rows = if a.by_district {
        figures.districts
    } else {
        figures.people
    };
    let l = ctx.lang;
    let mut t = Table::new(&[
        (Msg::ColCommissioner.text(l), false),
        (Msg::ColDistrict.text(l), false),
        (Msg::ColEnterprises.text(l), true),
        (Msg::ColVisitsExpected.text(l), true),
        (Msg::ColVisitsPlanned.text(l), true),
        (Msg::ColVisitsDone.text(l), true),
        (Msg::ColVisitsOverdue.text(l), true),
        (Msg::ColCadenceShare.text(l), true),
        (Msg::ColRequests.text(l), true),
        (Msg::ColRequestsHandled.text(l), true),
        (Msg::ColMedianResponse.text(l), true),
        (Msg::ColBreaches.text(l), true),
        (Msg::ColRedShare.text(l), true),
    ]);
    for r in &rows {
        let name = match r.id.is_empty() {
            true => String::new(),
            false => r.name.clone(),
        };
        t.push(vec![
            name,
            team_district(&r.district, l),
            r.enterprises.to_string(),
            r.visits_expected.to_string(),
            r.visits_planned.to_string(),
            r.visits_done.to_string(),
            r.visits_overdue.to_string(),
            opt_pct(r.cadence_share()),
            r.requests.to_string(),
            r.requests_handled.to_string(),
            r.median_response_hours
                .map_or_else(|| "—".into(), |h| format!("{h:.1}")),
            r.breaches.to_string(),
            opt_pct(r.red_share),
        ]);
    }
    emit(ctx.format, &t, &rows)?;
    Ok(0)
}

#[derive(Debug, Args)]
pub struct TargetsArgs {
    /// Year (default: the year of today).
    #[arg(long)]
    pub year: Option<i32>,
    /// Set a target of the year before listing: METRIC=VALUE (repeatable). Metrics: hte_count,
    /// new_hte, tsme_count, hte_revenue (yuan), rd_growth (%), pool_entries, visit_coverage (%).
    #[arg(long = "set", value_name = "METRIC=VALUE")]
    pub set: Vec<String>,
    /// The district the targets set are for (default: the whole pool).
    #[arg(long, default_value = "")]
    pub district: String,
    /// Each metric's targets added up over the districts.
    #[arg(long)]
    pub by_district: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Parses `hte_count=6` (a code or a label, then a number).
fn parse_set(s: &str, lang: crate::i18n::Lang) -> anyhow::Result<(Metric, f64)> {
    let Some((m, v)) = s.split_once('=') else {
        return Err(UsageError::SetShape { given: s.into() }.into());
    };
    let metric = super::reports::parse_choice::<Metric>("metric", m, lang)?;
    let value = v
        .trim()
        .trim_end_matches('%')
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite());
    let Some(value) = value else {
        return Err(UsageError::NotANumber {
            given: s.into(),
            value: v.into(),
        }
        .into());
    };
    Ok((metric, value))
}

pub fn targets(ctx: &Context, as_name: Option<&str>, a: &TargetsArgs) -> anyhow::Result<i32> {
    let sets = a
        .set
        .iter()
        .map(|s| parse_set(s, ctx.lang))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut store = if sets.is_empty() {
        ctx.open()?
    } else {
        ctx.open_writable()?
    };
    let year = a.year.unwrap_or(ctx.today.year());
    if !sets.is_empty() {
        // Each target set is one logged change, undoable like any saved form.
        let who = super::write::commissioner(ctx, &store, as_name)?;
        let ectx = EditContext {
            commissioner: who.as_deref(),
            now: ctx.now,
            config: &ctx.config,
        };
        for (metric, value) in sets {
            let edit = Edit::SetTarget {
                district: a.district.trim().to_string(),
                metric,
                year,
                value,
            };
            edit::apply(&mut store.conn, &ectx, &edit)?;
        }
    }
    let mut rows = bureau::target_rows(&store.conn, year, ctx.today)?;
    if a.by_district {
        rows = bureau::target_totals(&rows);
    }
    let l = ctx.lang;
    let mut t = Table::new(&[
        (Msg::ColDistrict.text(l), false),
        (Msg::ColMetric.text(l), false),
        (Msg::ColTarget.text(l), true),
        (Msg::ColActual.text(l), true),
        (Msg::ColLastYear.text(l), true),
        (Msg::ColProgress.text(l), false),
    ]);
    for r in &rows {
        t.push(vec![
            target_scope(&r.district, r.districts, l),
            r.metric.label(l).into(),
            r.metric.format(r.target, l),
            metric_text(r.metric, r.actual, l),
            metric_text(r.metric, r.last_year, l),
            progress_text(r.progress, 10),
        ]);
    }
    emit(ctx.format, &t, &rows)?;
    Ok(0)
}

pub fn rewards(ctx: &Context, a: &YearArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let year = a.year.unwrap_or(ctx.today.year());
    let rows = bureau::reward_rows(&store.conn, year, &ctx.config)?;
    let l = ctx.lang;
    let mut t = Table::new(&[
        (Msg::ColEligibleOn.text(l), false),
        (Msg::ColName.text(l), false),
        (Msg::ColReward.text(l), false),
        (Msg::ColAmountYuan.text(l), true),
        (Msg::ColPaid.text(l), false),
    ]);
    for r in &rows {
        t.push(vec![
            crate::store::format_date(r.on),
            r.enterprise.clone(),
            r.kind.label(l).into(),
            r.amount.to_string(),
            match r.paid_on {
                Some(d) => format!("{} {}", Msg::LblPaid.text(l), opt_date(Some(d))),
                None => Msg::LblUnpaid.text(l).into(),
            },
        ]);
    }
    emit(ctx.format, &t, &rows)?;
    Ok(0)
}
