//! The enterprise detail as text: the document `seedbed show` prints and the TUI's detail
//! screen draws (with colours on the alert lines), and how many lines it takes on a screen.

use super::wrap::wrap;
use crate::domain::Component;
use crate::domain::hte::{Check, YearFigures};
use crate::domain::ranking::movement;
use crate::domain::support::ActionStatus;
use crate::i18n::label_text::{lights, opt_date};
use crate::i18n::{Badge, Label};
use crate::i18n::{Lang, Msg, alert_text, bureau_text, readiness_text};
use crate::store::detail::Detail;
use crate::store::{format_date, format_datetime};
use std::fmt::Write;

/// How many lines the detail takes at `width` columns.
pub fn line_count(d: &Detail, l: Lang, width: u16) -> usize {
    text(d, l)
        .lines()
        .map(|line| wrap(line, width as usize).len())
        .sum()
}

/// The furthest the detail scrolls in a terminal of `width` x `height`: its last page is full.
pub fn max_scroll(d: &Detail, l: Lang, width: u16, height: u16) -> usize {
    // The header (2 lines), the tabs and the footer take 4 rows.
    let rows = height.saturating_sub(4) as usize;
    line_count(d, l, width).saturating_sub(rows)
}

/// The detail as text: a title line, then one section per heading.
pub fn text(d: &Detail, l: Lang) -> String {
    let mut s = String::new();
    summary(&mut s, d, l);
    profile(&mut s, d, l);
    memberships(&mut s, d, l);
    certificates(&mut s, d, l);
    projects(&mut s, d, l);
    visits(&mut s, d, l);
    requests(&mut s, d, l);
    support(&mut s, d, l);
    rewards(&mut s, d, l);
    section(&mut s, Msg::SecFigures, l);
    figures(&mut s, &d.figures, l);
    rankings(&mut s, d, l);
    readiness(&mut s, d, l);
    tsme(&mut s, d, l);
    history(&mut s, d, l);
    s
}

/// history: the latest changes to the enterprise and its records (who, when, before → after),
/// and how many more the History screen has.
fn history(s: &mut String, d: &Detail, l: Lang) {
    use crate::i18n::history_text;
    section(s, Msg::SecHistory, l);
    if d.history.rows.is_empty() {
        let _ = writeln!(s, "  {}", Msg::NoChanges.text(l));
    }
    for row in &d.history.rows {
        let _ = writeln!(s, "  {}", history_text::timeline_line(row, l));
    }
    let more = d.history.total.saturating_sub(d.history.rows.len());
    if more > 0 {
        let _ = writeln!(s, "  {}", history_text::more(more, l));
    }
}

/// The title lines: name and code, tier and pool, rank and lights, visits.
fn summary(s: &mut String, d: &Detail, l: Lang) {
    let r = &d.row;
    let _ = writeln!(s, "{}  {}", r.name, r.credit_code);
    let _ = writeln!(
        s,
        "{} · {} · {} · {}",
        r.tier.label(l),
        r.pool.map(|p| p.label(l)).unwrap_or("—"),
        r.batch.map(|b| b.label(l)).unwrap_or("—"),
        r.district,
    );
    let _ = writeln!(
        s,
        "{} {}  {}  {} {}  {} {}",
        Msg::ColRank.text(l),
        opt(r.rank),
        lights(r.red, r.yellow, r.green, l),
        Msg::ColCommissioner.text(l),
        r.commissioner.as_deref().unwrap_or("—"),
        Msg::LblOpenRequests.text(l),
        r.open_requests,
    );
    let _ = writeln!(
        s,
        "{} {}  {} {} ({})",
        Msg::ColLastVisit.text(l),
        opt_date(r.last_visit),
        Msg::ColNextVisit.text(l),
        opt_date(r.next_visit),
        r.visit_state.label(l),
    );
}

/// The profile: region, address, contact, honours, notes.
fn profile(s: &mut String, d: &Detail, l: Lang) {
    let p = &d.profile;
    section(s, Msg::SecProfile, l);
    let fields = [
        (Msg::LblRegion, p.region_code.clone()),
        (Msg::LblTownship, opt(p.township.as_deref())),
        (Msg::LblAddress, opt(p.address.as_deref())),
        (Msg::LblIndustry, opt(p.industry.as_deref())),
        (Msg::LblField, opt(p.hte_field.as_deref())),
        (Msg::LblFounded, opt_date(p.founded_on)),
        (
            Msg::LblContact,
            format!(
                "{} {}",
                p.contact_name.as_deref().unwrap_or("—"),
                p.contact_phone.as_deref().unwrap_or("")
            ),
        ),
        (
            Msg::LblHonours,
            if p.honours.is_empty() {
                "—".into()
            } else {
                p.honours
                    .iter()
                    .map(|h| h.label(l))
                    .collect::<Vec<_>>()
                    .join("、")
            },
        ),
        (
            Msg::LblNotes,
            if p.notes.is_empty() {
                "—".into()
            } else {
                p.notes.clone()
            },
        ),
    ];
    for (k, v) in fields {
        let _ = writeln!(s, "  {} {}", crate::text::fit(k.text(l), 10), v);
    }
}

/// The pool memberships with their days in and out.
fn memberships(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecMemberships, l);
    for m in &d.memberships {
        let _ = writeln!(
            s,
            "  {} {} {} {} → {}",
            m.pool.label(l),
            m.batch.label(l),
            m.status.label(l),
            format_date(m.entered_on),
            opt_date(m.left_on)
        );
    }
}

/// The certificates, with what is left of each.
fn certificates(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecCertificates, l);
    for c in &d.certificates {
        let status = match &c.status {
            // A renewed certificate is no longer watched: neither 需复审 nor a countdown.
            Some(_) if c.renewed => Msg::LblRenewed.text(l).to_string(),
            Some(st) if st.expired => Msg::LblExpired.text(l).to_string(),
            Some(st) if st.in_renewal_window => {
                format!(
                    "{} {} {}",
                    st.days_left,
                    Msg::LblExpiresIn.text(l),
                    Msg::LblRenewal.text(l)
                )
            }
            Some(st) => format!("{} {}", st.days_left, Msg::LblExpiresIn.text(l)),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "  {} {} {} → {} {}",
            c.cert.kind.label(l),
            c.cert.number,
            format_date(c.cert.issued_on),
            opt_date(c.cert.expires_on),
            status
        );
    }
}

/// The projects with their alert colour, reasons and milestones.
fn projects(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecProjects, l);
    for pr in &d.projects {
        let mark = if pr.overridden {
            format!(" [{}]", Msg::LblOverride.text(l))
        } else {
            String::new()
        };
        let _ = writeln!(s, "  {}{} {}", pr.alert.colour.badge(l), mark, pr.name);
        let _ = writeln!(
            s,
            "      {} · {} · {} → {}",
            pr.level.label(l),
            pr.programme.as_deref().unwrap_or("—"),
            format_date(pr.start),
            format_date(pr.end),
        );
        for reason in &pr.alert.reasons {
            let _ = writeln!(s, "      {}", alert_text::alert_reason(reason, l));
        }
        for m in &pr.milestones {
            let done = match m.done {
                Some(d) => format!("✓ {}", format_date(d)),
                None => "·".into(),
            };
            let _ = writeln!(
                s,
                "      {} {} {}",
                format_date(m.planned),
                crate::text::fit(&m.name, 12),
                done
            );
        }
    }
}

/// The latest twelve visits.
fn visits(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecVisits, l);
    for v in d.visits.iter().take(12) {
        let when = match (v.done_on, v.planned_on, v.cancelled_on) {
            (Some(done), _, _) => format!("{} {}", format_date(done), Msg::LblDone.text(l)),
            (None, _, Some(c)) => format!("{} {}", format_date(c), Msg::LblCancelled.text(l)),
            (None, Some(p), None) => format!("{} {}", format_date(p), Msg::LblPlanned.text(l)),
            (None, None, None) => "—".into(),
        };
        let attendees = if v.attendees.trim().is_empty() {
            String::new()
        } else {
            format!(" ({})", v.attendees.trim())
        };
        // Notes of several lines keep the indent of the visit's line.
        let _ = writeln!(
            s,
            "  {} {} {}{} {}",
            when,
            v.mode.label(l),
            v.commissioner.as_deref().unwrap_or("—"),
            attendees,
            v.notes.trim_end().replace('\n', "\n      ")
        );
    }
    if d.visits.len() > 12 {
        let _ = writeln!(s, "  … +{}", d.visits.len() - 12);
    }
}

/// The requests with their 24-hour clock.
fn requests(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecRequests, l);
    for q in &d.requests {
        let r = &q.request;
        let _ = writeln!(
            s,
            "  {} {} {} [{}] {}",
            minutes(r.raised_at),
            r.category.label(l),
            r.status.label(l),
            alert_text::sla(&q.sla, l),
            r.text
        );
        if let Some(res) = &r.resolution {
            let _ = writeln!(s, "      → {res}");
        }
    }
}

/// The support plan's actions (overdue ones lead with ✗).
fn support(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecSupport, l);
    for v in &d.support {
        let a = &v.action;
        // Overdue actions lead with ✗ (drawn in red), done ones with ✓.
        let (mark, late) = match v.overdue_days {
            Some(n) => ("✗ ", format!(" ({})", bureau_text::overdue_days(n, l))),
            None if a.status == ActionStatus::Done => ("✓ ", String::new()),
            None => ("", String::new()),
        };
        let due = a
            .done_on
            .or(a.due_on)
            .map(format_date)
            .unwrap_or_else(|| "—".into());
        let who: Vec<&str> = [a.unit.as_str(), a.person.as_str()]
            .into_iter()
            .filter(|x| !x.trim().is_empty())
            .collect();
        let _ = writeln!(
            s,
            "  {mark}{due} {}{late} {} · {}",
            a.status.label(l),
            a.action,
            if who.is_empty() {
                "—".into()
            } else {
                who.join(" ")
            }
        );
    }
}

/// The rewards, when there are any.
fn rewards(s: &mut String, d: &Detail, l: Lang) {
    if !d.rewards.is_empty() {
        section(s, Msg::SecRewards, l);
        for r in &d.rewards {
            let paid = match r.paid_on {
                Some(p) => format!("{} {}", Msg::LblPaid.text(l), format_date(p)),
                None => Msg::LblUnpaid.text(l).to_string(),
            };
            let _ = writeln!(
                s,
                "  {} {} {} {} {paid}",
                format_date(r.on),
                r.kind.label(l),
                r.amount,
                Msg::LblYuan.text(l)
            );
        }
    }
}

/// The yearly ranks with their components.
fn rankings(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecRanking, l);
    // trends: score and rank by year, as sparklines, above the years.
    for line in crate::i18n::trends_text::rank_trends(&d.rankings, l) {
        let _ = writeln!(s, "{line}");
    }
    for k in &d.rankings {
        let _ = writeln!(
            s,
            "  {} {} #{} {} {:.1} ({} {} · {} {} · {} {:.0}) {} {}{}",
            k.year,
            k.pool.label(l),
            k.rank,
            readiness_text::movement(&movement(k.previous_rank, k.rank), l),
            k.score,
            Msg::ColInnovation.text(l),
            readiness_text::component_value(k.innovation, k.unknown(Component::Innovation), 0),
            Msg::ColGrowth.text(l),
            readiness_text::component_value(k.growth, k.unknown(Component::Growth), 0),
            Msg::ColParticipation.text(l),
            k.participation,
            Msg::ColShortBoard.text(l),
            k.short_board.label(l),
            ranking_gap(k, &d.figures, l),
        );
    }
}

/// The HTE readiness checklist.
fn readiness(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecReadiness, l);
    let rd = &d.readiness;
    let _ = writeln!(
        s,
        "  {}/8 {}{}{} {} · {}",
        rd.passed,
        Msg::LblPassed.text(l),
        Msg::ListSep.text(l),
        rd.unknown,
        Msg::LblUnknown.text(l),
        readiness_text::figures_basis(rd.last_year, rd.newest_year, l)
    );
    for c in &rd.conditions {
        let gap = match (&c.gap, c.check) {
            (Some(g), Check::Fail | Check::Unknown) => readiness_text::gap(g, l),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "  {}. {} {} {}",
            c.condition.number(),
            readiness_text::check(c.check, l),
            readiness_text::condition_name(c.condition, l),
            gap
        );
    }
}

/// The tech-SME score.
fn tsme(s: &mut String, d: &Detail, l: Lang) {
    section(s, Msg::SecTsme, l);
    let t = &d.tsme;
    let _ = writeln!(
        s,
        "  {} {} ({} {} + {} {} + {} {}) {} {}",
        Msg::LblTotal.text(l),
        t.total,
        Msg::LblScitech.text(l),
        t.staff_points,
        Msg::LblRdShort.text(l),
        t.rd_points,
        Msg::LblIpShort.text(l),
        t.ip_points,
        Msg::LblQualifies.text(l),
        readiness_text::check(t.qualifies, l),
    );
}

/// Ten-thousand yuan, one decimal: the unit Chinese reports use.
pub fn wan(v: Option<i64>) -> String {
    v.map(|y| format!("{:.1}", y as f64 / 10_000.0))
        .unwrap_or_else(|| "—".into())
}

fn opt(v: Option<impl ToString>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "—".into())
}

/// `2026-10-03 18:11`: a time to the minute.
fn minutes(t: time::PrimitiveDateTime) -> String {
    format_datetime(t)
        .replace('T', " ")
        .chars()
        .take(16)
        .collect()
}

/// The yearly figures as a table whose columns are as wide as their widest cell; amounts in
/// ten-thousand yuan (said once, under the section title).
fn figures(s: &mut String, figures: &[YearFigures], l: Lang) {
    let _ = writeln!(s, "  {}", Msg::LblAmountUnit.text(l));
    let header = [
        Msg::ColYear,
        Msg::LblStaff,
        Msg::LblScitech,
        Msg::LblSalesShort,
        Msg::LblRdShort,
        Msg::LblNetAssetsShort,
        Msg::LblIpShort,
    ]
    .map(|m| m.text(l).to_string());
    let rows: Vec<[String; 7]> = figures
        .iter()
        .map(|f| {
            [
                f.year.to_string(),
                opt(f.staff),
                opt(f.scitech_staff),
                wan(f.sales),
                wan(f.rd_spend),
                wan(f.net_assets),
                format!("{}/{}", opt(f.ip_class1), opt(f.ip_class2)),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..7)
        .map(|i| {
            rows.iter()
                .map(|r| crate::text::width(&r[i]))
                .chain([crate::text::width(&header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    crate::text::fit(c, *w)
                } else {
                    crate::text::fit_right(c, *w)
                }
            })
            .collect();
        let _ = writeln!(s, "  {}", cells.join("  ").trim_end());
    }
}

fn section(s: &mut String, title: Msg, l: Lang) {
    let _ = writeln!(s, "\n■ {}", title.text(l));
}

/// " · 无 2025 年数据，最新为 2023 年" when a ranking's figures year had no figures, else "".
fn ranking_gap(k: &crate::store::queries::RankRow, figures: &[YearFigures], l: Lang) -> String {
    let Some(year) = k.figures_year else {
        return String::new();
    };
    let unknown = k.unknown(Component::Innovation) || k.unknown(Component::Growth);
    if !unknown || figures.iter().any(|f| f.year == year) {
        return String::new();
    }
    let newest = figures.iter().map(|f| f.year).filter(|&y| y < year).max();
    format!(" · {}", readiness_text::no_figures(year, newest, l))
}
