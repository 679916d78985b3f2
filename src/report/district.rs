//! The district report the bureau asks for, for a week, month or year: the pool by pool, batch
//! and tier; alert colours against the previous period; visits planned and done per
//! commissioner; requests and 24-hour breaches; HTE certificates due; the readiness pipeline;
//! the top and bottom of each ranking; then the bureau's sections (`report::bureau`): commissioner
//! performance, targets, rewards and overdue support actions. Written as Markdown or as a
//! workbook.

use crate::config::Config;
use crate::domain::ranking::movement;
use crate::domain::sla::request_sla;
use crate::domain::{Batch, Colour, Pool, Tier};
use crate::i18n::interchange_text::{self as tx, Txt};
use crate::i18n::{Badge, Label};
use crate::i18n::{Lang, Msg, readiness_text};
use crate::interchange::columns::Ty;
use crate::interchange::rows::{Out, Table};
use crate::store::{Result, format_date, queries};
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, HashMap, HashSet};
use time::{Date, Duration, Month, PrimitiveDateTime, Weekday};

/// The span a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Period {
    /// The calendar week (Monday to Sunday) containing today.
    #[default]
    Week,
    /// The calendar month containing today.
    Month,
    /// The calendar year containing today.
    Year,
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: Date,
    pub to: Date,
}

impl Span {
    pub(crate) fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

fn month_start(year: i32, month: Month) -> Date {
    Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
}

/// The period containing `today` and the one before it.
pub fn spans(period: Period, today: Date) -> (Span, Span) {
    match period {
        Period::Week => {
            let from = today - Duration::days(i64::from(today.weekday().number_days_from_monday()));
            let from = if from.weekday() == Weekday::Monday {
                from
            } else {
                today
            };
            let cur = Span {
                from,
                to: from + Duration::days(6),
            };
            let prev = Span {
                from: from - Duration::days(7),
                to: from - Duration::days(1),
            };
            (cur, prev)
        }
        Period::Month => {
            let from = month_start(today.year(), today.month());
            let next = if today.month() == Month::December {
                month_start(today.year() + 1, Month::January)
            } else {
                month_start(today.year(), today.month().next())
            };
            let prev_from = if today.month() == Month::January {
                month_start(today.year() - 1, Month::December)
            } else {
                month_start(today.year(), today.month().previous())
            };
            (
                Span {
                    from,
                    to: next - Duration::days(1),
                },
                Span {
                    from: prev_from,
                    to: from - Duration::days(1),
                },
            )
        }
        Period::Year => {
            let from = month_start(today.year(), Month::January);
            let prev_from = month_start(today.year() - 1, Month::January);
            (
                Span {
                    from,
                    to: month_start(today.year() + 1, Month::January) - Duration::days(1),
                },
                Span {
                    from: prev_from,
                    to: from - Duration::days(1),
                },
            )
        }
    }
}

/// One part of the report: a heading, tables (with right-aligned columns) and notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub tables: Vec<(Table, Vec<bool>)>,
    pub notes: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub as_of: Date,
    pub current: Span,
    pub previous: Span,
    pub sections: Vec<Section>,
}

pub(crate) fn int(n: usize) -> Out {
    Out::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

pub(crate) fn text(s: impl Into<String>) -> Out {
    Out::Text(s.into())
}

/// The change from `before` to `now`: a number (`+3`, `-2`, `0` with an ASCII sign).
fn delta(now: usize, before: usize) -> Out {
    Out::Change(now as i64 - before as i64)
}

/// `part` of `whole` as a percentage number; empty (shown `—`) when there is no whole.
fn pct(part: usize, whole: usize) -> Out {
    if whole == 0 {
        none()
    } else {
        let share = part as f64 / whole as f64;
        Out::shown(Out::Percent(share), format!("{:.0}%", share * 100.0))
    }
}

/// No value: an empty cell in a workbook, `—` in Markdown.
pub(crate) fn none() -> Out {
    Out::shown(Out::Empty, "—")
}

/// A score or a number of hours to one decimal, as a number.
pub(crate) fn tenths(x: f64) -> Out {
    if x.is_finite() {
        Out::Real((x * 10.0).round() / 10.0)
    } else {
        Out::Empty
    }
}

pub(crate) fn new_table(name: &str, headers: &[&str], types: &[Ty], rows: Vec<Vec<Out>>) -> Table {
    Table {
        name: name.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        types: types.to_vec(),
        rows,
    }
}

fn count_query(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<usize> {
    let n: i64 = conn.prepare_cached(sql)?.query_row(p, |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

/// Builds the report for the period containing `now`'s date.
pub fn build(
    conn: &Connection,
    period: Period,
    now: PrimitiveDateTime,
    lang: Lang,
    config: &Config,
) -> Result<Report> {
    let l = lang;
    let today = now.date();
    let (cur, prev) = spans(period, today);
    let period_name = match period {
        Period::Week => Txt::PeriodWeek,
        Period::Month => Txt::PeriodMonth,
        Period::Year => Txt::PeriodYear,
    };
    let title = tx::report_title(
        period_name.text(l),
        &format_date(cur.from),
        &format_date(cur.to),
        l,
    );
    let sections = vec![
        pool_section(conn, cur, l)?,
        colour_section(conn, cur, prev, today, l, config)?,
        visit_section(conn, cur, prev, today, l)?,
        request_section(conn, cur, prev, now, l, config)?,
        cert_section(conn, cur, today, l, config)?,
        pipeline_section(conn, l)?,
        ranking_section(conn, l)?,
        super::bureau::commissioner_section(conn, now, l, config)?,
        super::bureau::target_section(conn, today, l)?,
        super::bureau::reward_section(conn, cur, l, config)?,
        super::bureau::support_section(conn, today, l)?,
    ];
    Ok(Report {
        title,
        as_of: today,
        current: cur,
        previous: prev,
        sections,
    })
}

fn pool_section(conn: &Connection, cur: Span, l: Lang) -> Result<Section> {
    let mut by: BTreeMap<(Option<Pool>, Option<Batch>), usize> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT pool, batch, count(*) FROM enterprises WHERE deleted_at IS NULL
             GROUP BY pool, batch",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(2)?;
            by.insert((r.get(0)?, r.get(1)?), n.max(0) as usize);
        }
    }
    let moves = |pool: Pool, column: &str| -> Result<usize> {
        count_query(
            conn,
            &format!(
                "SELECT count(*) FROM pool_memberships m JOIN enterprises e ON e.id = m.enterprise_id
                 WHERE e.deleted_at IS NULL AND m.pool = ?1 AND m.{column} BETWEEN ?2 AND ?3"
            ),
            params![pool, cur.from, cur.to],
        )
    };
    let mut rows = Vec::new();
    let mut total = 0;
    for pool in Pool::ALL {
        let in_pool: usize = by
            .iter()
            .filter(|((p, _), _)| *p == Some(*pool))
            .map(|(_, n)| n)
            .sum();
        if in_pool == 0 && moves(*pool, "entered_on")? == 0 {
            continue;
        }
        let mut cells = vec![text(pool.label(l))];
        for batch in Batch::ALL {
            cells.push(int(by
                .get(&(Some(*pool), Some(*batch)))
                .copied()
                .unwrap_or(0)));
        }
        cells.push(int(in_pool));
        cells.push(int(moves(*pool, "entered_on")?));
        cells.push(int(moves(*pool, "left_on")?));
        total += in_pool;
        rows.push(cells);
    }
    let outside: usize = by
        .iter()
        .filter(|((p, _), _)| p.is_none())
        .map(|(_, n)| n)
        .sum();
    let mut headers: Vec<&str> = vec![Msg::ColPool.text(l)];
    headers.extend(Batch::ALL.iter().map(|b| b.label(l)));
    headers.extend([Txt::Total.text(l), Txt::Entered.text(l), Txt::Left.text(l)]);
    let n = headers.len();
    let mut types = vec![Ty::Text];
    types.extend(std::iter::repeat_n(Ty::Count, n - 1));
    let mut right = vec![false];
    right.extend(std::iter::repeat_n(true, n - 1));
    let pools = new_table(Txt::PoolAndBatch.text(l), &headers, &types, rows);

    let mut tiers = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT tier, count(*) FROM enterprises WHERE deleted_at IS NULL GROUP BY tier",
        )?;
        let found: HashMap<Tier, i64> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for t in Tier::ALL {
            tiers.push(vec![
                text(t.label(l)),
                int(found.get(t).copied().unwrap_or(0).max(0) as usize),
            ]);
        }
    }
    let tiers = new_table(
        Msg::ColTier.text(l),
        &[Msg::ColTier.text(l), Txt::Enterprises.text(l)],
        &[Ty::Text, Ty::Count],
        tiers,
    );
    let note = match l {
        Lang::Zh => format!(
            "在库企业 {total} 家，{} {outside} 家。",
            Txt::NotInPool.text(l)
        ),
        Lang::En => format!(
            "{total} enterprises in a pool, {outside} {}.",
            Txt::NotInPool.text(l)
        ),
    };
    Ok(Section {
        title: Txt::SecPool.text(l).into(),
        tables: vec![(pools, right), (tiers, vec![false, true])],
        notes: vec![note],
    })
}

/// Project and enterprise colour counts as of `day`, with dates recorded after it undone.
fn colours_as_of(
    conn: &Connection,
    day: Date,
    live: &HashSet<String>,
    config: &Config,
) -> Result<(HashMap<Colour, usize>, HashMap<Colour, usize>)> {
    let one_group: HashMap<String, usize> = live.iter().map(|id| (id.clone(), 0)).collect();
    let counts = super::colour_days::colours_on(conn, &[day], &one_group, 1, config)?;
    let on_day = counts.into_iter().next().unwrap_or_default();
    let by = |n: super::colour_days::ByColour| Colour::ALL.iter().copied().zip(n).collect();
    let enterprises = on_day.enterprises.first().copied().unwrap_or_default();
    Ok((by(enterprises), by(on_day.projects)))
}

fn colour_section(
    conn: &Connection,
    cur: Span,
    prev: Span,
    today: Date,
    l: Lang,
    config: &Config,
) -> Result<Section> {
    let live: HashSet<String> = {
        let mut stmt =
            conn.prepare_cached("SELECT id FROM enterprises WHERE deleted_at IS NULL")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let (e_now, p_now) = colours_as_of(conn, today, &live, config)?;
    let (e_prev, p_prev) = colours_as_of(conn, prev.to, &live, config)?;
    let rows = Colour::ALL
        .iter()
        .map(|c| {
            let g = |m: &HashMap<Colour, usize>| m.get(c).copied().unwrap_or(0);
            vec![
                text(c.badge(l)),
                int(g(&e_now)),
                int(g(&e_prev)),
                delta(g(&e_now), g(&e_prev)),
                int(g(&p_now)),
                int(g(&p_prev)),
                delta(g(&p_now), g(&p_prev)),
            ]
        })
        .collect();
    let h_ent = format!("{} · {}", Txt::Enterprises.text(l), Txt::ThisPeriod.text(l));
    let h_ent_prev = format!(
        "{} · {}",
        Txt::Enterprises.text(l),
        Txt::PreviousPeriod.text(l)
    );
    let h_prj = format!("{} · {}", Txt::Projects.text(l), Txt::ThisPeriod.text(l));
    let h_prj_prev = format!(
        "{} · {}",
        Txt::Projects.text(l),
        Txt::PreviousPeriod.text(l)
    );
    let table = new_table(
        Txt::SecColours.text(l),
        &[
            Msg::ColColour.text(l),
            &h_ent,
            &h_ent_prev,
            Txt::Change.text(l),
            &h_prj,
            &h_prj_prev,
            Txt::Change.text(l),
        ],
        &[
            Ty::Text,
            Ty::Count,
            Ty::Count,
            Ty::Real,
            Ty::Count,
            Ty::Count,
            Ty::Real,
        ],
        rows,
    );
    let overrides = count_query(
        conn,
        "SELECT count(*) FROM change_log WHERE entity = 'colour_overrides'
           AND substr(at, 1, 10) BETWEEN ?1 AND ?2",
        params![cur.from, cur.to],
    )?;
    let changes = count_query(
        conn,
        // A bulk import's new rows are logged by id, many to an entry: each counts.
        "SELECT coalesce(sum(CASE WHEN action = 'insert_rows' THEN json_array_length(after)
                                  ELSE 1 END), 0)
         FROM change_log WHERE substr(at, 1, 10) BETWEEN ?1 AND ?2",
        params![cur.from, cur.to],
    )?;
    let mut notes = vec![tx::colour_note(&format_date(prev.to), l)];
    notes.push(format!(
        "{} {changes} · {} {overrides}",
        Txt::ChangesLogged.text(l),
        Txt::OverridesLogged.text(l)
    ));
    Ok(Section {
        title: Txt::SecColours.text(l).into(),
        tables: vec![(table, vec![false, true, true, true, true, true, true])],
        notes,
    })
}

fn visit_section(
    conn: &Connection,
    cur: Span,
    prev: Span,
    today: Date,
    l: Lang,
) -> Result<Section> {
    #[derive(Default)]
    struct Tally {
        due: usize,
        done_planned: usize,
        other_done: usize,
        still: usize,
        overdue: usize,
        prev_done: usize,
    }
    let due_until = cur.to.min(today);
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(c.name, ''), v.planned_on, v.done_on, v.cancelled_on
         FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
         LEFT JOIN commissioners c ON c.id = v.commissioner_id
         WHERE e.deleted_at IS NULL
           AND (v.planned_on BETWEEN ?1 AND ?2 OR v.done_on BETWEEN ?1 AND ?2
                OR (v.done_on IS NULL AND v.cancelled_on IS NULL AND v.planned_on < ?3))",
    )?;
    let mut rows = stmt.query(params![prev.from, cur.to, today])?;
    while let Some(r) = rows.next()? {
        let who: String = r.get(0)?;
        let planned: Option<Date> = r.get(1)?;
        let done: Option<Date> = r.get(2)?;
        let cancelled: Option<Date> = r.get(3)?;
        let t = by.entry(who).or_default();
        let planned_due = planned.is_some_and(|p| cur.from <= p && p <= due_until);
        if planned_due && cancelled.is_none() {
            t.due += 1;
            if done.is_some() {
                t.done_planned += 1;
            }
        }
        if done.is_some_and(|d| cur.contains(d)) && !planned_due {
            t.other_done += 1;
        }
        if done.is_none()
            && cancelled.is_none()
            && planned.is_some_and(|p| p > today && p <= cur.to)
        {
            t.still += 1;
        }
        if done.is_none() && cancelled.is_none() && planned.is_some_and(|p| p < today) {
            t.overdue += 1;
        }
        if done.is_some_and(|d| prev.contains(d)) {
            t.prev_done += 1;
        }
    }
    let mut total = Tally::default();
    let mut out = Vec::new();
    for (who, t) in &by {
        let name = if who.is_empty() {
            Txt::Unassigned.text(l).to_string()
        } else {
            who.clone()
        };
        out.push(vec![
            text(name),
            int(t.due),
            int(t.done_planned),
            pct(t.done_planned, t.due),
            int(t.other_done),
            int(t.still),
            int(t.overdue),
            int(t.prev_done),
        ]);
        total.due += t.due;
        total.done_planned += t.done_planned;
        total.other_done += t.other_done;
        total.still += t.still;
        total.overdue += t.overdue;
        total.prev_done += t.prev_done;
    }
    out.push(vec![
        text(Txt::Total.text(l)),
        int(total.due),
        int(total.done_planned),
        pct(total.done_planned, total.due),
        int(total.other_done),
        int(total.still),
        int(total.overdue),
        int(total.prev_done),
    ]);
    let prev_done = Txt::DonePrevious.text(l);
    let table = new_table(
        Txt::SecVisitsBy.text(l),
        &[
            Msg::ColCommissioner.text(l),
            Txt::PlannedDue.text(l),
            Txt::DoneOfPlanned.text(l),
            Txt::Rate.text(l),
            Txt::OtherDone.text(l),
            Txt::StillPlanned.text(l),
            Txt::OverdueNow.text(l),
            prev_done,
        ],
        &[
            Ty::Text,
            Ty::Count,
            Ty::Count,
            Ty::Real,
            Ty::Count,
            Ty::Count,
            Ty::Count,
            Ty::Count,
        ],
        out,
    );
    Ok(Section {
        title: Txt::SecVisitsBy.text(l).into(),
        tables: vec![(table, vec![false, true, true, true, true, true, true, true])],
        notes: Vec::new(),
    })
}

fn request_section(
    conn: &Connection,
    cur: Span,
    prev: Span,
    now: PrimitiveDateTime,
    l: Lang,
    config: &Config,
) -> Result<Section> {
    #[derive(Default, Clone, Copy)]
    struct Tally {
        raised: usize,
        in_time: usize,
        breaches: usize,
        resolved: usize,
    }
    let mut t = [Tally::default(); 2];
    let mut open_now = 0;
    let mut open_breached = 0;
    let mut stmt = conn.prepare_cached(
        "SELECT q.raised_at, q.first_response_at, q.status, q.closed_at
         FROM requests q JOIN enterprises e ON e.id = q.enterprise_id
         WHERE e.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let raised: PrimitiveDateTime = r.get(0)?;
        let first: Option<PrimitiveDateTime> = r.get(1)?;
        let status: crate::domain::RequestStatus = r.get(2)?;
        let closed: Option<PrimitiveDateTime> = r.get(3)?;
        let sla = request_sla(raised, first, now, &config.requests);
        for (i, span) in [cur, prev].iter().enumerate() {
            if span.contains(raised.date()) {
                t[i].raised += 1;
                if sla.is_breach() {
                    t[i].breaches += 1;
                } else if first.is_some() {
                    t[i].in_time += 1;
                }
            }
            if closed.is_some_and(|c| span.contains(c.date())) {
                t[i].resolved += 1;
            }
        }
        if status.is_open() {
            open_now += 1;
            if sla.is_breach() {
                open_breached += 1;
            }
        }
    }
    let row = |name: Txt, f: fn(&Tally) -> usize| {
        vec![
            text(name.text(l)),
            int(f(&t[0])),
            int(f(&t[1])),
            delta(f(&t[0]), f(&t[1])),
        ]
    };
    let rows = vec![
        row(Txt::Raised, |x| x.raised),
        row(Txt::RespondedInTime, |x| x.in_time),
        row(Txt::Breaches, |x| x.breaches),
        row(Txt::Resolved, |x| x.resolved),
    ];
    let table = new_table(
        Txt::SecRequests.text(l),
        &[
            Txt::Figure.text(l),
            Txt::ThisPeriod.text(l),
            Txt::PreviousPeriod.text(l),
            Txt::Change.text(l),
        ],
        &[Ty::Text, Ty::Count, Ty::Count, Ty::Real],
        rows,
    );
    let note = format!(
        "{} {open_now} · {} {open_breached}",
        Txt::OpenNow.text(l),
        Txt::Breaches.text(l)
    );
    Ok(Section {
        title: Txt::SecRequests.text(l).into(),
        tables: vec![(table, vec![false, true, true, true])],
        notes: vec![note],
    })
}

fn cert_section(
    conn: &Connection,
    cur: Span,
    today: Date,
    l: Lang,
    config: &Config,
) -> Result<Section> {
    const SHOWN: usize = 20;
    let until = today + Duration::days(config.hte.renewal_window_days);
    let due = queries::expiring_certificates(conn, today, until)?;
    // Expired and not renewed: a renewal ends the watch (issue 14, item 4).
    let expired = count_query(
        conn,
        &format!(
            "SELECT count(*) FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
             WHERE e.deleted_at IS NULL AND c.kind = 'hte' AND c.expires_on BETWEEN ?1 AND ?2
               AND {}",
            queries::not_renewed("c", "?2")
        ),
        params![cur.from, today.min(cur.to)],
    )?;
    let rows = due
        .iter()
        .take(SHOWN)
        .map(|c| {
            vec![
                c.expires_on.map_or(Out::Empty, Out::Date),
                int(c
                    .expires_on
                    .map_or(0, |e| (e - today).whole_days().max(0) as usize)),
                text(c.enterprise.clone()),
                text(c.number.clone()),
            ]
        })
        .collect();
    let table = new_table(
        Txt::SecCerts.text(l),
        &[
            Msg::ColExpires.text(l),
            Msg::ColDaysLeft.text(l),
            Msg::ColName.text(l),
            Msg::ColCertificate.text(l),
        ],
        &[Ty::Date, Ty::Count, Ty::Text, Ty::Text],
        rows,
    );
    let mut notes = vec![format!(
        "{} {} · {} {expired}",
        Txt::ExpiringWithin.text(l),
        due.len(),
        Txt::ExpiredInPeriod.text(l)
    )];
    if due.len() > SHOWN {
        notes.push(tx::more(due.len() - SHOWN, l));
    }
    Ok(Section {
        title: Txt::SecCerts.text(l).into(),
        tables: vec![(table, vec![false, true, false, false])],
        notes,
    })
}

fn pipeline_section(conn: &Connection, l: Lang) -> Result<Section> {
    let mut stmt = conn.prepare_cached(
        "SELECT hte_passed, count(*) FROM enterprises
         WHERE deleted_at IS NULL AND tier IN ('tsme', 'innovative') GROUP BY hte_passed",
    )?;
    let found: Vec<(Option<i64>, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let n = |pred: &dyn Fn(Option<i64>) -> bool| -> usize {
        found
            .iter()
            .filter(|(p, _)| pred(*p))
            .map(|(_, c)| (*c).max(0) as usize)
            .sum()
    };
    let rows = vec![
        vec![
            text(format!("8/8 ({})", Txt::Ready.text(l))),
            int(n(&|p| p == Some(8))),
        ],
        vec![text("7/8"), int(n(&|p| p == Some(7)))],
        vec![text("6/8"), int(n(&|p| p == Some(6)))],
        vec![text("≤5/8"), int(n(&|p| p.is_some_and(|x| x <= 5)))],
    ];
    let mut notes = Vec::new();
    let unknown = n(&|p| p.is_none());
    if unknown > 0 {
        notes.push(tx::cannot_compute(
            &format!("{unknown}"),
            Msg::LblUnknown.text(l),
            l,
        ));
    }
    let table = new_table(
        Txt::SecPipeline.text(l),
        &[Txt::PassedOf8.text(l), Txt::Enterprises.text(l)],
        &[Ty::Text, Ty::Count],
        rows,
    );
    Ok(Section {
        title: Txt::SecPipeline.text(l).into(),
        tables: vec![(table, vec![false, true])],
        notes,
    })
}

fn ranking_section(conn: &Connection, l: Lang) -> Result<Section> {
    const EACH: usize = 5;
    let mut tables = Vec::new();
    let mut notes = Vec::new();
    for pool in Pool::ALL {
        let Some(year) = queries::latest_rank_year(conn, *pool)? else {
            continue;
        };
        let size = queries::ranking_count(conn, *pool, year)?;
        let mut list = queries::ranking(conn, *pool, year, 0, EACH)?;
        let bottom_from = size.saturating_sub(EACH).max(list.len());
        list.extend(queries::ranking(conn, *pool, year, bottom_from, EACH)?);
        let rows = list
            .iter()
            .map(|r| {
                vec![
                    int(r.rank as usize),
                    text(readiness_text::movement(
                        &movement(r.previous_rank, r.rank),
                        l,
                    )),
                    text(r.enterprise.clone()),
                    Out::shown(tenths(r.score), format!("{:.1}", r.score)),
                    text(r.short_board.label(l)),
                ]
            })
            .collect();
        let name = format!("{} {year}", pool.label(l));
        tables.push((
            new_table(
                &name,
                &[
                    Msg::ColRank.text(l),
                    Msg::ColMovement.text(l),
                    Msg::ColName.text(l),
                    Msg::ColScore.text(l),
                    Msg::ColShortBoard.text(l),
                ],
                &[Ty::Count, Ty::Text, Ty::Text, Ty::Real, Ty::Text],
                rows,
            ),
            vec![true, false, false, true, false],
        ));
        notes.push(tx::ranked(&name, size, l));
    }
    if tables.is_empty() {
        notes.push(tx::cannot_compute(
            Txt::SecRanking.text(l),
            Msg::Empty.text(l),
            l,
        ));
    }
    Ok(Section {
        title: Txt::SecRanking.text(l).into(),
        tables,
        notes,
    })
}

/// The report as Markdown.
pub fn markdown(r: &Report, l: Lang) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", crate::interchange::markdown::cell(&r.title));
    let _ = writeln!(
        s,
        "{} {} · {} {} — {}\n",
        Msg::HdrAsOf.text(l),
        format_date(r.as_of),
        Txt::PreviousPeriod.text(l),
        format_date(r.previous.from),
        format_date(r.previous.to)
    );
    for sec in &r.sections {
        let _ = writeln!(s, "## {}\n", sec.title);
        for (t, right) in &sec.tables {
            if sec.tables.len() > 1 {
                let _ = writeln!(s, "### {}\n", t.name);
            }
            let headers: Vec<&str> = t.headers.iter().map(String::as_str).collect();
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|row| row.iter().map(Out::text).collect())
                .collect();
            let _ = writeln!(
                s,
                "{}",
                crate::interchange::markdown::table(&headers, right, &rows)
            );
        }
        for n in &sec.notes {
            let _ = writeln!(s, "- {}", crate::interchange::markdown::cell(n));
        }
        if !sec.notes.is_empty() {
            s.push('\n');
        }
    }
    s
}

/// The report as the tables of a workbook: one sheet per table, then a sheet of notes.
pub fn tables(r: &Report, l: Lang) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut notes = vec![
        vec![text(r.title.clone())],
        vec![text(format!(
            "{} {}",
            Msg::HdrAsOf.text(l),
            format_date(r.as_of)
        ))],
    ];
    for sec in &r.sections {
        for (t, _) in &sec.tables {
            let mut t = t.clone();
            // Sheet names must be unique.
            while out.iter().any(|o| o.name == t.name) {
                t.name.push('+');
            }
            out.push(t);
        }
        for n in &sec.notes {
            notes.push(vec![text(format!("{}: {n}", sec.title))]);
        }
    }
    out.push(new_table(
        Txt::SecNotes.text(l),
        &[Txt::SecNotes.text(l)],
        &[Ty::Text],
        notes,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn spans_are_calendar_periods() {
        let today = date!(2026 - 11 - 21); // a Saturday
        let (c, p) = spans(Period::Week, today);
        assert_eq!(
            (c.from, c.to),
            (date!(2026 - 11 - 16), date!(2026 - 11 - 22))
        );
        assert_eq!(
            (p.from, p.to),
            (date!(2026 - 11 - 09), date!(2026 - 11 - 15))
        );
        let (c, p) = spans(Period::Month, today);
        assert_eq!(
            (c.from, c.to),
            (date!(2026 - 11 - 01), date!(2026 - 11 - 30))
        );
        assert_eq!(
            (p.from, p.to),
            (date!(2026 - 10 - 01), date!(2026 - 10 - 31))
        );
        let (c, p) = spans(Period::Year, date!(2026 - 01 - 05));
        assert_eq!(
            (c.from, c.to),
            (date!(2026 - 01 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(
            (p.from, p.to),
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31))
        );
        let (_, p) = spans(Period::Month, date!(2026 - 01 - 15));
        assert_eq!(p.from, date!(2025 - 12 - 01));
    }
}
