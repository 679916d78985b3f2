//! The read-only reports: list, agenda, alerts, rank, requests, certs.

use super::Context;
use super::output::{Format, Table, emit};
use crate::domain::ranking::movement;
use crate::domain::sla::request_sla;
use crate::domain::{Batch, Colour, Component, Pool, PoolStatus, Tier, VisitState};
use crate::i18n::Badge;
use crate::i18n::choice_text::{self, Choice};
use crate::i18n::cli_text::UsageError;
use crate::i18n::sort_text::SortKeyText as _;
use crate::i18n::{Lang, Msg, alert_text, readiness_text};
use crate::store::queries::{self, ListFilter, SortKey};
use crate::store::{detail, format_date};
use clap::Args;
use serde::Serialize;
use time::{Date, Duration};

pub use crate::i18n::label_text::{lights, opt_date};

/// A value of a closed set given to a flag: its code, or a label or short label the UI shows
/// (in either language); refused with every code and its labels.
pub fn parse_choice<T: Choice>(what: &'static str, s: &str, lang: Lang) -> anyhow::Result<T> {
    choice_text::parse::<T>(s).ok_or_else(|| {
        UsageError::Unknown {
            what,
            value: s.to_string(),
            choices: choice_text::accepted::<T>(lang),
        }
        .into()
    })
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Pool: hte, tsme or project, or a label the UI shows (高企库, 科小库, …).
    #[arg(long)]
    pub pool: Option<String>,
    /// Batch: preferred, cultivating, mature or declaring, or a label (培育批, …).
    #[arg(long)]
    pub batch: Option<String>,
    /// Tier: tsme, innovative, hte or leader, or a label (科小, 领军, …).
    #[arg(long)]
    pub tier: Option<String>,
    /// Pool status: in, leaving, out or frozen, or a label (在库, 冻结, …).
    #[arg(long)]
    pub status: Option<String>,
    /// Worst project colour: red, yellow or green (or 红, 黄, 绿).
    #[arg(long, alias = "color")]
    pub colour: Option<String>,
    /// Visit state: due or overdue (or ok), or a label (已逾期, …).
    #[arg(long)]
    pub visit: Option<String>,
    /// District name fragment.
    #[arg(long)]
    pub district: Option<String>,
    /// Commissioner name fragment.
    #[arg(long)]
    pub commissioner: Option<String>,
    /// Name fragment, pinyin initials (xjkl) or credit-code prefix.
    #[arg(long)]
    pub search: Option<String>,
    /// Sort: rank, name, colour, next-visit, last-visit, tier, batch, district, commissioner.
    #[arg(long, default_value = "rank")]
    pub sort: String,
    /// Reverse the sort.
    #[arg(long)]
    pub desc: bool,
    /// At most this many rows (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

impl ListArgs {
    pub fn filter(&self, lang: Lang) -> anyhow::Result<ListFilter> {
        Ok(ListFilter {
            pool: self
                .pool
                .as_deref()
                .map(|s| parse_choice::<Pool>("pool", s, lang))
                .transpose()?,
            batch: self
                .batch
                .as_deref()
                .map(|s| parse_choice::<Batch>("batch", s, lang))
                .transpose()?,
            pool_status: self
                .status
                .as_deref()
                .map(|s| parse_choice::<PoolStatus>("pool status", s, lang))
                .transpose()?,
            tier: self
                .tier
                .as_deref()
                .map(|s| parse_choice::<Tier>("tier", s, lang))
                .transpose()?,
            colour: self
                .colour
                .as_deref()
                .map(|s| parse_choice::<Colour>("colour", s, lang))
                .transpose()?,
            visit: self
                .visit
                .as_deref()
                .map(|s| parse_choice::<VisitState>("visit state", s, lang))
                .transpose()?,
            district: self.district.clone(),
            commissioner: self.commissioner.clone(),
            search: self.search.clone(),
        })
    }
}

pub fn list(ctx: &Context, a: &ListArgs) -> anyhow::Result<i32> {
    let filter = a.filter(ctx.lang)?;
    let sort = match SortKey::parse(&a.sort) {
        Some(s) => s,
        None => {
            return Err(UsageError::Unknown {
                what: "sort",
                value: a.sort.clone(),
                choices: SortKey::ALL.iter().map(|k| k.code().to_string()).collect(),
            }
            .into());
        }
    };
    let store = ctx.open()?;
    let limit = if a.limit == 0 {
        usize::MAX >> 1
    } else {
        a.limit
    };
    let rows = queries::list(&store.conn, &filter, sort, a.desc, 0, limit, ctx.today)?;
    let l = ctx.lang;
    let mut t = Table::new(&[
        (Msg::ColRank.text(l), true),
        (Msg::ColName.text(l), false),
        (Msg::ColTier.text(l), false),
        (Msg::ColPool.text(l), false),
        (Msg::ColBatch.text(l), false),
        (Msg::ColLights.text(l), false),
        (Msg::ColLastVisit.text(l), false),
        (Msg::ColNextVisit.text(l), false),
        (Msg::ColVisitState.text(l), false),
        (Msg::ColCommissioner.text(l), false),
        (Msg::ColDistrict.text(l), false),
    ]);
    for r in &rows {
        t.push(vec![
            r.rank.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
            r.name.clone(),
            r.tier.label(l).into(),
            r.pool.map(|p| p.label(l)).unwrap_or("—").into(),
            r.batch.map(|b| b.label(l)).unwrap_or("—").into(),
            lights(r.red, r.yellow, r.green, l),
            opt_date(r.last_visit),
            opt_date(r.next_visit),
            r.visit_state.label(l).into(),
            r.commissioner.clone().unwrap_or_else(|| "—".into()),
            r.district.clone(),
        ]);
    }
    emit(ctx.format, &t, &rows)?;
    Ok(0)
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// Days ahead, counting today (overdue visits are always shown).
    #[arg(long, default_value_t = 7)]
    pub days: i64,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn agenda(ctx: &Context, a: &AgendaArgs) -> anyhow::Result<i32> {
    if a.days < 0 {
        return Err(UsageError::Negative { flag: "--days" }.into());
    }
    let store = ctx.open()?;
    let until = ctx
        .today
        .saturating_add(Duration::days((a.days - 1).max(0)));
    let (_, items) = queries::agenda_page(&store.conn, ctx.today, until, None, 0, usize::MAX >> 1)?;
    let l = ctx.lang;
    let mut t = Table::new(&[
        (Msg::ColDate.text(l), false),
        (Msg::ColVisitState.text(l), false),
        (Msg::ColName.text(l), false),
        (Msg::ColMode.text(l), false),
        (Msg::ColCommissioner.text(l), false),
        (Msg::ColDistrict.text(l), false),
    ]);
    for i in &items {
        let state = if i.overdue {
            VisitState::Overdue.label(l)
        } else if i.planned_on == ctx.today {
            Msg::Today.text(l)
        } else {
            ""
        };
        t.push(vec![
            format_date(i.planned_on),
            state.into(),
            i.enterprise.clone(),
            i.mode.label(l).into(),
            i.commissioner.clone().unwrap_or_else(|| "—".into()),
            i.district.clone(),
        ]);
    }
    emit(ctx.format, &t, &items)?;
    Ok(0)
}

#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// Only this colour (red or yellow); default both, with the overdue support-plan actions
    /// between the red and the yellow projects.
    #[arg(long, alias = "color")]
    pub colour: Option<String>,
    /// At most this many rows (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Serialize)]
struct AlertOut {
    /// `project`.
    kind: &'static str,
    project_id: String,
    project: String,
    enterprise_id: String,
    enterprise: String,
    level: crate::domain::ProjectLevel,
    colour: Colour,
    reason: String,
    reasons: Vec<crate::domain::alert::AlertReason>,
}

/// An overdue support-plan action, as `alerts` lists it.
#[derive(Debug, Serialize)]
struct ActionOut {
    /// `support_action`.
    kind: &'static str,
    action_id: String,
    enterprise_id: String,
    enterprise: String,
    action: String,
    unit: String,
    person: String,
    due_on: Option<Date>,
    status: crate::domain::support::ActionStatus,
    overdue_days: Option<i64>,
    reason: String,
}

/// A line of `alerts`: a red or yellow project, or an overdue support action.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum AlertEntry {
    Project(AlertOut),
    Action(ActionOut),
}

pub fn alerts(ctx: &Context, a: &AlertsArgs) -> anyhow::Result<i32> {
    let colours = match a.colour.as_deref() {
        None => vec![Colour::Red, Colour::Yellow],
        Some(s) => vec![parse_choice::<Colour>("colour", s, ctx.lang)?],
    };
    let store = ctx.open()?;
    // The one alerts list, as the Alerts screen shows it, whole: the limit is taken after the
    // report's own order, so `--limit N` keeps the N worst.
    let only = (colours.len() == 1).then(|| colours[0]);
    let mut kept = crate::store::alerts::AlertsKept::default();
    let (_, mut lines) = crate::store::alerts::lines(
        &store.conn,
        ctx.today,
        &ctx.config,
        only,
        &mut kept,
        0,
        usize::MAX >> 1,
    )?;
    // The report orders each part its own way (the screen keeps the list's order): projects
    // worst first by their worst reason, actions by due day, then enterprise name.
    lines.sort_by_cached_key(|line| match line {
        crate::store::alerts::AlertLine::Project(p) => {
            let part = u8::from(p.alert.colour != Colour::Red) * 2;
            (
                part,
                -severity(&p.alert.reasons),
                None,
                String::new(),
                String::new(),
            )
        }
        crate::store::alerts::AlertLine::OverdueAction(x) => {
            (1, 0, x.due_on, x.enterprise.clone(), x.id.clone())
        }
    });
    let l = ctx.lang;
    let mut entries: Vec<AlertEntry> = Vec::new();
    for line in lines {
        entries.push(match line {
            crate::store::alerts::AlertLine::Project(p) => {
                let (r, alert) = (p.row, p.alert);
                AlertEntry::Project(AlertOut {
                    kind: "project",
                    reason: alert
                        .reasons
                        .first()
                        .map(|x| alert_text::alert_reason(x, l))
                        .unwrap_or_default(),
                    reasons: alert.reasons,
                    colour: alert.colour,
                    project_id: r.project_id,
                    project: r.project,
                    enterprise_id: r.enterprise_id,
                    enterprise: r.enterprise,
                    level: r.level,
                })
            }
            crate::store::alerts::AlertLine::OverdueAction(x) => {
                let overdue_days = x.overdue_days(ctx.today);
                AlertEntry::Action(ActionOut {
                    kind: "support_action",
                    reason: action_reason(overdue_days, x.due_on, &x.unit, &x.person, l),
                    overdue_days,
                    action_id: x.id,
                    enterprise_id: x.enterprise_id,
                    enterprise: x.enterprise,
                    action: x.action,
                    unit: x.unit,
                    person: x.person,
                    due_on: x.due_on,
                    status: x.status,
                })
            }
        });
    }
    if a.limit > 0 {
        entries.truncate(a.limit);
    }
    let mut t = Table::new(&[
        (Msg::ColColour.text(l), false),
        (Msg::ColName.text(l), false),
        (Msg::ColProject.text(l), false),
        (Msg::ColLevel.text(l), false),
        (Msg::ColReason.text(l), false),
    ]);
    for e in &entries {
        t.push(match e {
            AlertEntry::Project(o) => vec![
                o.colour.badge(l),
                o.enterprise.clone(),
                o.project.clone(),
                o.level.label(l).into(),
                o.reason.clone(),
            ],
            // `✗` rather than a colour badge: an action is not a project.
            AlertEntry::Action(x) => vec![
                "✗".into(),
                x.enterprise.clone(),
                x.action.clone(),
                Msg::LblSupport.text(l).into(),
                x.reason.clone(),
            ],
        });
    }
    emit(ctx.format, &t, &entries)?;
    Ok(0)
}

/// `51 days overdue (2026-10-01) Science bureau Wang`: how late, the due day, who answers for it.
fn action_reason(
    overdue_days: Option<i64>,
    due_on: Option<Date>,
    unit: &str,
    person: &str,
    l: Lang,
) -> String {
    let late = overdue_days
        .map(|n| crate::i18n::bureau_text::overdue_days(n, l))
        .unwrap_or_default();
    let who: Vec<&str> = [unit, person]
        .into_iter()
        .filter(|x| !x.trim().is_empty())
        .collect();
    format!("{late} ({}) {}", opt_date(due_on), who.join(" "))
        .trim_end()
        .to_string()
}

/// How bad an alert is within its colour: days late, or closeness of the deadline.
fn severity(reasons: &[crate::domain::alert::AlertReason]) -> i64 {
    use crate::domain::alert::AlertReason as R;
    reasons
        .iter()
        .map(|r| match r {
            R::MilestoneLate { days_late, .. } | R::EndPassed { days_late, .. } => *days_late,
            R::MilestoneSoon { days_left, .. } | R::EndNear { days_left, .. } => -days_left,
            _ => i64::MIN / 2,
        })
        .max()
        .unwrap_or(i64::MIN / 2)
}

#[derive(Debug, Args)]
pub struct RankArgs {
    /// Pool: hte, tsme or project, or a label the UI shows (高企库, 科小库, …).
    #[arg(long, default_value = "hte")]
    pub pool: String,
    /// Year (default: the newest ranked year).
    #[arg(long)]
    pub year: Option<i32>,
    /// At most this many rows (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn rank(ctx: &Context, a: &RankArgs) -> anyhow::Result<i32> {
    let pool = parse_choice::<Pool>("pool", &a.pool, ctx.lang)?;
    let store = ctx.open()?;
    let year = match a.year {
        Some(y) => y,
        None => match queries::latest_rank_year(&store.conn, pool)? {
            Some(y) => y,
            None => {
                return Err(UsageError::NoRanking {
                    pool: pool.code().to_string(),
                }
                .into());
            }
        },
    };
    let limit = if a.limit == 0 {
        usize::MAX >> 1
    } else {
        a.limit
    };
    let rows = queries::ranking(&store.conn, pool, year, 0, limit)?;
    if rows.is_empty() {
        return Err(UsageError::NoRankingFor {
            pool: pool.code().to_string(),
            year,
        }
        .into());
    }
    let l = ctx.lang;
    let mut t = Table::new(&[
        (Msg::ColRank.text(l), true),
        (Msg::ColMovement.text(l), false),
        (Msg::ColName.text(l), false),
        (Msg::ColScore.text(l), true),
        (Msg::ColInnovation.text(l), true),
        (Msg::ColGrowth.text(l), true),
        (Msg::ColParticipation.text(l), true),
        (Msg::ColShortBoard.text(l), false),
    ]);
    for r in &rows {
        t.push(vec![
            r.rank.to_string(),
            readiness_text::movement(&movement(r.previous_rank, r.rank), l),
            r.enterprise.clone(),
            format!("{:.1}", r.score),
            readiness_text::component_value(r.innovation, r.unknown(Component::Innovation), 1),
            readiness_text::component_value(r.growth, r.unknown(Component::Growth), 1),
            format!("{:.1}", r.participation),
            r.short_board.label(l).into(),
        ]);
    }
    emit(ctx.format, &t, &rows)?;
    Ok(0)
}

#[derive(Debug, Args)]
pub struct RequestsArgs {
    /// Only requests still open.
    #[arg(long)]
    pub open: bool,
    /// At most this many rows (0 = all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Serialize)]
struct RequestOut {
    #[serde(flatten)]
    request: queries::RequestRow,
    sla: crate::domain::sla::SlaState,
    breach: bool,
}

pub fn requests(ctx: &Context, a: &RequestsArgs) -> anyhow::Result<i32> {
    let store = ctx.open()?;
    let limit = if a.limit == 0 {
        usize::MAX >> 1
    } else {
        a.limit
    };
    let (_, rows) = queries::request_page(&store.conn, a.open, None, 0, limit)?;
    let l = ctx.lang;
    let out: Vec<RequestOut> = rows
        .into_iter()
        .map(|q| {
            let sla = request_sla(
                q.raised_at,
                q.first_response_at,
                ctx.now,
                &ctx.config.requests,
            );
            RequestOut {
                breach: sla.is_breach(),
                sla,
                request: q,
            }
        })
        .collect();
    let mut t = Table::new(&[
        (Msg::ColRaised.text(l), false),
        (Msg::ColName.text(l), false),
        (Msg::ColCategory.text(l), false),
        (Msg::ColStatus.text(l), false),
        (Msg::ColSla.text(l), false),
        (Msg::ColRequest.text(l), false),
    ]);
    for o in &out {
        let q = &o.request;
        t.push(vec![
            crate::store::format_datetime(q.raised_at).replace('T', " ")[..16].to_string(),
            q.enterprise.clone(),
            q.category.label(l).into(),
            q.status.label(l).into(),
            alert_text::sla_short(&o.sla, l),
            crate::text::truncate(&q.text, 40),
        ]);
    }
    emit(ctx.format, &t, &out)?;
    Ok(0)
}

#[derive(Debug, Args)]
pub struct CertsArgs {
    /// Certificates expiring within this many days (default: the renewal window, 365).
    #[arg(long)]
    pub within_days: Option<i64>,
    /// Also list enterprises whose readiness check passes at least 6 of 8 conditions.
    #[arg(long)]
    pub ready: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Serialize)]
struct CertOut {
    #[serde(flatten)]
    cert: queries::CertRow,
    days_left: i64,
}

#[derive(Debug, Serialize)]
struct ReadyOut {
    enterprise_id: String,
    enterprise: String,
    passed: i64,
    unknown: i64,
    gaps: Vec<String>,
}

#[derive(Debug, Serialize)]
struct CertsOut {
    expiring: Vec<CertOut>,
    ready: Vec<ReadyOut>,
}

pub fn certs(ctx: &Context, a: &CertsArgs) -> anyhow::Result<i32> {
    let days = a.within_days.unwrap_or(ctx.config.hte.renewal_window_days);
    if days < 0 {
        return Err(UsageError::Negative {
            flag: "--within-days",
        }
        .into());
    }
    let store = ctx.open()?;
    let until = ctx.today.saturating_add(Duration::days(days));
    let l = ctx.lang;
    let expiring: Vec<CertOut> = queries::expiring_certificates(&store.conn, ctx.today, until)?
        .into_iter()
        .map(|c| CertOut {
            days_left: c
                .expires_on
                .map(|e| (e - ctx.today).whole_days())
                .unwrap_or(0),
            cert: c,
        })
        .collect();
    let mut ready = Vec::new();
    if a.ready {
        let min = queries::CANDIDATE_MIN_PASSED;
        let total = queries::candidate_count(&store.conn, min)?;
        for (id, name, passed, unknown) in queries::candidate_page(&store.conn, min, total, 0, 200)?
        {
            let gaps = match detail::load(&store.conn, &id, ctx.now, &ctx.config)? {
                Some(d) => d
                    .readiness
                    .conditions
                    .iter()
                    .filter(|c| c.check != crate::domain::hte::Check::Pass)
                    .map(|c| {
                        let g = c
                            .gap
                            .as_ref()
                            .map(|g| readiness_text::gap(g, l))
                            .unwrap_or_default();
                        format!("{} {g}", readiness_text::condition_name(c.condition, l))
                    })
                    .collect(),
                None => Vec::new(),
            };
            ready.push(ReadyOut {
                enterprise_id: id,
                enterprise: name,
                passed,
                unknown,
                gaps,
            });
        }
    }
    let mut t = Table::new(&[
        (Msg::ColExpires.text(l), false),
        (Msg::ColDaysLeft.text(l), true),
        (Msg::ColName.text(l), false),
        (Msg::ColCertificate.text(l), false),
    ]);
    for c in &expiring {
        t.push(vec![
            opt_date(c.cert.expires_on),
            c.days_left.to_string(),
            c.cert.enterprise.clone(),
            c.cert.number.clone(),
        ]);
    }
    let out = CertsOut { expiring, ready };
    if ctx.format == Format::Table && a.ready {
        out!("{}", t.render());
        let mut r = Table::new(&[
            (Msg::ColName.text(l), false),
            (Msg::ColReadiness.text(l), true),
            (Msg::ColGaps.text(l), false),
        ]);
        for x in &out.ready {
            r.push(vec![
                x.enterprise.clone(),
                format!("{}/8", x.passed),
                x.gaps.join("；"),
            ]);
        }
        outln!();
        emit(ctx.format, &r, &out)?;
    } else {
        emit(ctx.format, &t, &out)?;
    }
    Ok(0)
}
