//! The bureau's sections of the district report: commissioner performance (the figures of
//! `seedbed commissioners`), targets against actual and last year (`seedbed targets`), the rewards
//! that became due or were paid in the period, and the overdue support-plan actions.

use super::district::{Section, Span, int, new_table, none, tenths, text};
use crate::config::Config;
use crate::domain::targets::{Metric, Unit};
use crate::i18n::bureau_text::{
    district_text, metric_text, overdue_days, progress_text, team_district,
};
use crate::i18n::interchange_text::{self as tx, Txt};
use crate::i18n::{Label, MetricValue};
use crate::i18n::{Lang, Msg};
use crate::interchange::columns::Ty;
use crate::interchange::rows::Out;
use crate::store::{Result, bureau};
use rusqlite::Connection;
use time::{Date, PrimitiveDateTime};

/// Rows of a long list shown in the report; the rest are counted in a note.
const SHOWN: usize = 30;

/// A share (a fraction) as a percentage number; empty (shown `—`) when unknown.
fn share(s: Option<f64>) -> Out {
    s.map_or_else(none, |s| {
        Out::shown(Out::Percent(s), format!("{:.0}%", s * 100.0))
    })
}

/// A target metric's value as a number: a count, a percentage, or yuan.
fn metric_value(metric: Metric, value: Option<f64>) -> Out {
    match (value, metric.unit()) {
        (None, _) => Out::Empty,
        (Some(v), Unit::Percent) => Out::Percent(v / 100.0),
        (Some(v), Unit::Yuan) => Out::Int(v.round() as i64),
        (Some(v), Unit::Count) if v.fract() == 0.0 => Out::Int(v as i64),
        (Some(v), Unit::Count) => tenths(v),
    }
}

/// Each commissioner's figures for the year of `now`, as `seedbed commissioners` shows them.
pub fn commissioner_section(
    conn: &Connection,
    now: PrimitiveDateTime,
    l: Lang,
    config: &Config,
) -> Result<Section> {
    let year = now.date().year();
    let figures = bureau::commissioner_figures(conn, year, now, config)?;
    let rows: Vec<Vec<Out>> = figures
        .iter()
        .map(|r| {
            vec![
                text(r.name.clone()),
                text(team_district(&r.district, l)),
                int(r.enterprises as usize),
                int(r.visits_expected as usize),
                int(r.visits_planned as usize),
                int(r.visits_done as usize),
                int(r.visits_overdue as usize),
                share(r.cadence_share()),
                int(r.requests as usize),
                int(r.requests_handled as usize),
                r.median_response_hours
                    .map_or_else(none, |h| Out::shown(tenths(h), format!("{h:.1}"))),
                int(r.breaches as usize),
                share(r.red_share),
            ]
        })
        .collect();
    let name = format!("{} {year}", Txt::SecCommissioners.text(l));
    let types = [
        Ty::Text,
        Ty::Text,
        Ty::Count,
        Ty::Count,
        Ty::Count,
        Ty::Count,
        Ty::Count,
        Ty::Real,
        Ty::Count,
        Ty::Count,
        Ty::Real,
        Ty::Count,
        Ty::Real,
    ];
    let table = new_table(
        &name,
        &[
            Msg::ColCommissioner.text(l),
            Msg::ColDistrict.text(l),
            Msg::ColEnterprises.text(l),
            Msg::ColVisitsExpected.text(l),
            Msg::ColVisitsPlanned.text(l),
            Msg::ColVisitsDone.text(l),
            Msg::ColVisitsOverdue.text(l),
            Msg::ColCadenceShare.text(l),
            Msg::ColRequests.text(l),
            Msg::ColRequestsHandled.text(l),
            Msg::ColMedianResponse.text(l),
            Msg::ColBreaches.text(l),
            Msg::ColRedShare.text(l),
        ],
        &types,
        rows,
    );
    let mut notes = Vec::new();
    if figures.is_empty() {
        notes.push(tx::cannot_compute(
            Txt::SecCommissioners.text(l),
            Msg::Empty.text(l),
            l,
        ));
    }
    // Numbers right, words left (the name and the district).
    let right = types.iter().map(|t| *t != Ty::Text).collect();
    Ok(Section {
        title: name,
        tables: vec![(table, right)],
        notes,
    })
}

/// The targets of this year: target, actual, last year and progress, as `seedbed targets`.
pub fn target_section(conn: &Connection, today: Date, l: Lang) -> Result<Section> {
    let year = today.year();
    let targets = bureau::target_rows(conn, year, today)?;
    let rows: Vec<Vec<Out>> = targets
        .iter()
        .map(|r| {
            vec![
                text(district_text(&r.district, l)),
                text(r.metric.label(l)),
                Out::shown(
                    metric_value(r.metric, Some(r.target)),
                    r.metric.format(r.target, l),
                ),
                Out::shown(
                    metric_value(r.metric, r.actual),
                    metric_text(r.metric, r.actual, l),
                ),
                Out::shown(
                    metric_value(r.metric, r.last_year),
                    metric_text(r.metric, r.last_year, l),
                ),
                // A number in the workbook (no text bar in a cell); the bar in Markdown.
                Out::shown(
                    r.progress.map_or(Out::Empty, |p| Out::Percent(p / 100.0)),
                    progress_text(r.progress, 10),
                ),
            ]
        })
        .collect();
    let name = format!("{} {year}", Msg::ScreenTargets.text(l));
    let table = new_table(
        &name,
        &[
            Msg::ColDistrict.text(l),
            Msg::ColMetric.text(l),
            Msg::ColTarget.text(l),
            Msg::ColActual.text(l),
            Msg::ColLastYear.text(l),
            Msg::ColProgress.text(l),
        ],
        // Amount: money targets get thousands separators (counts read the same either way).
        &[
            Ty::Text,
            Ty::Text,
            Ty::Amount,
            Ty::Amount,
            Ty::Amount,
            Ty::Real,
        ],
        rows,
    );
    let mut notes = Vec::new();
    if targets.is_empty() {
        notes.push(Msg::NoTargets.text(l).to_string());
    }
    Ok(Section {
        title: Txt::SecTargets.text(l).into(),
        tables: vec![(table, vec![false, false, true, true, true, false])],
        notes,
    })
}

/// The rewards that became due in the period or were paid in it, with a tally of each.
pub fn reward_section(conn: &Connection, cur: Span, l: Lang, config: &Config) -> Result<Section> {
    // A reward paid in the period may have become due a year or two before it.
    let mut all = Vec::new();
    for year in cur.from.year() - 2..=cur.to.year() {
        all.extend(bureau::reward_rows(conn, year, config)?);
    }
    let listed: Vec<_> = all
        .into_iter()
        .filter(|r| cur.contains(r.on) || r.paid_on.is_some_and(|p| cur.contains(p)))
        .collect();
    let due: Vec<_> = listed.iter().filter(|r| cur.contains(r.on)).collect();
    let paid: Vec<_> = listed
        .iter()
        .filter(|r| r.paid_on.is_some_and(|p| cur.contains(p)))
        .collect();
    let unpaid: Vec<_> = due
        .iter()
        .copied()
        .filter(|r| r.paid_on.is_none())
        .collect();
    let rows: Vec<Vec<Out>> = listed
        .iter()
        .take(SHOWN)
        .map(|r| {
            vec![
                Out::Date(r.on),
                text(r.enterprise.clone()),
                text(r.kind.label(l)),
                Out::Int(r.amount),
                match r.paid_on {
                    Some(p) => text(format!(
                        "{} {}",
                        Msg::LblPaid.text(l),
                        crate::store::format_date(p)
                    )),
                    None => text(Msg::LblUnpaid.text(l)),
                },
            ]
        })
        .collect();
    let table = new_table(
        Txt::SecRewardsPeriod.text(l),
        &[
            Msg::ColEligibleOn.text(l),
            Msg::ColName.text(l),
            Msg::ColReward.text(l),
            Msg::ColAmountYuan.text(l),
            Msg::ColPaid.text(l),
        ],
        &[Ty::Date, Ty::Text, Ty::Text, Ty::Amount, Ty::Text],
        rows,
    );
    let sum = |rs: &[&bureau::RewardRow]| rs.iter().map(|r| r.amount).sum::<i64>();
    let unpaid_sum = sum(&unpaid);
    let yuan = Msg::LblYuan.text(l);
    let part = |what: Txt, n: usize, amount: i64| match l {
        Lang::Zh => format!("{} {n} 项 · {amount} {yuan}", what.text(l)),
        Lang::En => format!("{}: {n} · {amount} {yuan}", what.text(l)),
    };
    let mut notes = vec![tx::join(
        [
            part(Txt::RewardsDue, due.len(), sum(&due)),
            part(Txt::RewardsUnpaid, unpaid.len(), unpaid_sum),
            part(Txt::RewardsPaid, paid.len(), sum(&paid)),
        ],
        l,
    )];
    if listed.len() > SHOWN {
        notes.push(tx::more(listed.len() - SHOWN, l));
    }
    Ok(Section {
        title: Txt::SecRewardsPeriod.text(l).into(),
        tables: vec![(table, vec![false, false, false, true, false])],
        notes,
    })
}

/// The open support-plan actions past their due day as of `today`, oldest first.
pub fn support_section(conn: &Connection, today: Date, l: Lang) -> Result<Section> {
    let actions = bureau::overdue_actions(conn, today)?;
    let rows: Vec<Vec<Out>> = actions
        .iter()
        .take(SHOWN)
        .map(|a| {
            let days = a.overdue_days(today).unwrap_or(0);
            vec![
                a.due_on.map_or(Out::Empty, Out::Date),
                Out::Int(days),
                text(a.enterprise.clone()),
                text(a.action.clone()),
                text(a.unit.clone()),
                text(a.person.clone()),
            ]
        })
        .collect();
    let table = new_table(
        Txt::SecOverdueSupport.text(l),
        &[
            Msg::ColDue.text(l),
            Msg::LblOverdueDays.text(l),
            Msg::ColName.text(l),
            Msg::ColAction.text(l),
            Msg::ColUnit.text(l),
            Msg::ColPerson.text(l),
        ],
        &[Ty::Date, Ty::Count, Ty::Text, Ty::Text, Ty::Text, Ty::Text],
        rows,
    );
    let oldest = actions
        .first()
        .and_then(|a| a.overdue_days(today))
        .map(|d| format!(" · {}", overdue_days(d, l)))
        .unwrap_or_default();
    let mut notes = vec![format!(
        "{} {}{oldest}",
        Txt::OverdueActions.text(l),
        actions.len()
    )];
    if actions.len() > SHOWN {
        notes.push(tx::more(actions.len() - SHOWN, l));
    }
    Ok(Section {
        title: Txt::SecOverdueSupport.text(l).into(),
        tables: vec![(table, vec![false, true, false, false, false, false])],
        notes,
    })
}
