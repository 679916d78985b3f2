//! The enterprise detail: the same text as `seedbed show`, scrollable, colours on the alert lines.

use super::theme::Theme;
use crate::app::{App, DetailState};
use crate::cli::reports::{lights, opt_date};
use crate::domain::Colour;
use crate::domain::hte::Check;
use crate::domain::ranking::movement;
use crate::i18n::{Lang, Msg, alert_text, readiness_text};
use crate::store::detail::Detail;
use crate::store::{format_date, format_datetime};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write;

/// How many lines the detail has (for scrolling).
pub fn line_count(d: &Detail, l: Lang) -> usize {
    text(d, l).lines().count()
}

pub fn render(f: &mut Frame, area: Rect, app: &App, state: &DetailState, th: &Theme) {
    let l = app.lang;
    let Some(d) = &state.detail else {
        f.render_widget(Paragraph::new(Msg::Loading.text(l)).style(th.dim()), area);
        return;
    };
    let body = text(d, l);
    let lines: Vec<Line> = body
        .lines()
        .skip(state.scroll)
        .take(area.height as usize)
        .enumerate()
        .map(|(i, line)| style_line(line, i == 0 && state.scroll == 0, l, th))
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// Titles and section heads stand out; alert lines take their colour.
fn style_line(line: &str, first: bool, l: Lang, th: &Theme) -> Line<'static> {
    let trimmed = line.trim_start();
    let style = if first || line.starts_with('■') {
        th.header()
    } else if let Some(c) = Colour::ALL
        .iter()
        .find(|c| trimmed.starts_with(&c.badge(l)))
    {
        th.colour(*c)
    } else if trimmed.starts_with('✗') {
        th.bad()
    } else {
        Style::default()
    };
    Line::from(Span::styled(line.to_string(), style))
}

/// Ten-thousand yuan, one decimal: the unit Chinese reports use.
pub fn wan(v: Option<i64>) -> String {
    v.map(|y| format!("{:.1}", y as f64 / 10_000.0))
        .unwrap_or_else(|| "—".into())
}

fn opt(v: Option<impl ToString>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "—".into())
}

/// The detail as text: a title line, then one section per heading.
pub fn text(d: &Detail, l: Lang) -> String {
    let mut s = String::new();
    let r = &d.row;
    let _ = writeln!(s, "{}  {}", r.name, r.credit_code);
    let _ = writeln!(
        s,
        "{} · {} · {} · {}  {}  {} {}",
        r.tier.label(l),
        r.pool.map(|p| p.label(l)).unwrap_or("—"),
        r.batch.map(|b| b.label(l)).unwrap_or("—"),
        r.district,
        lights(r.red, r.yellow, r.green, l),
        Msg::ColRank.text(l),
        opt(r.rank),
    );
    let _ = writeln!(
        s,
        "{} {}  {} {} ({})  {} {}  {} {}",
        Msg::ColLastVisit.text(l),
        opt_date(r.last_visit),
        Msg::ColNextVisit.text(l),
        opt_date(r.next_visit),
        r.visit_state.label(l),
        Msg::ColCommissioner.text(l),
        r.commissioner.as_deref().unwrap_or("—"),
        Msg::LblOpenRequests.text(l),
        r.open_requests,
    );

    let p = &d.profile;
    section(&mut s, Msg::SecProfile, l);
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

    section(&mut s, Msg::SecMemberships, l);
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

    section(&mut s, Msg::SecCertificates, l);
    for c in &d.certificates {
        let status = match &c.status {
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

    section(&mut s, Msg::SecProjects, l);
    for pr in &d.projects {
        let mark = if pr.overridden {
            format!(" [{}]", Msg::LblOverride.text(l))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  {}{} {} ({} · {} · {} → {})",
            pr.alert.colour.badge(l),
            mark,
            pr.name,
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

    section(&mut s, Msg::SecVisits, l);
    for v in d.visits.iter().take(12) {
        let when = match (v.done_on, v.planned_on, v.cancelled_on) {
            (Some(done), _, _) => format!("{} {}", format_date(done), Msg::LblDone.text(l)),
            (None, _, Some(c)) => format!("{} {}", format_date(c), Msg::LblCancelled.text(l)),
            (None, Some(p), None) => format!("{} {}", format_date(p), Msg::LblPlanned.text(l)),
            (None, None, None) => "—".into(),
        };
        let _ = writeln!(
            s,
            "  {} {} {} {}",
            when,
            v.mode.label(l),
            v.commissioner.as_deref().unwrap_or("—"),
            v.notes
        );
    }
    if d.visits.len() > 12 {
        let _ = writeln!(s, "  … +{}", d.visits.len() - 12);
    }

    section(&mut s, Msg::SecRequests, l);
    for q in &d.requests {
        let r = &q.request;
        let _ = writeln!(
            s,
            "  {} {} {} [{}] {}",
            format_datetime(r.raised_at).replace('T', " "),
            r.category.label(l),
            r.status.label(l),
            alert_text::sla(&q.sla, l),
            r.text
        );
        if let Some(res) = &r.resolution {
            let _ = writeln!(s, "      → {res}");
        }
    }

    section(&mut s, Msg::SecFigures, l);
    let _ = writeln!(
        s,
        "  {}  {}  {}  {}  {}  {}  {}",
        crate::text::fit(Msg::ColYear.text(l), 6),
        crate::text::fit_right(Msg::LblStaff.text(l), 6),
        crate::text::fit_right(Msg::LblScitech.text(l), 8),
        crate::text::fit_right(Msg::LblSales.text(l), 16),
        crate::text::fit_right(Msg::LblRd.text(l), 14),
        crate::text::fit_right(Msg::LblNetAssets.text(l), 20),
        Msg::LblIp.text(l),
    );
    for f in &d.figures {
        let _ = writeln!(
            s,
            "  {}  {}  {}  {}  {}  {}  {}/{}",
            crate::text::fit(&f.year.to_string(), 6),
            crate::text::fit_right(&opt(f.staff), 6),
            crate::text::fit_right(&opt(f.scitech_staff), 8),
            crate::text::fit_right(&wan(f.sales), 16),
            crate::text::fit_right(&wan(f.rd_spend), 14),
            crate::text::fit_right(&wan(f.net_assets), 20),
            opt(f.ip_class1),
            opt(f.ip_class2),
        );
    }

    section(&mut s, Msg::SecRanking, l);
    for k in &d.rankings {
        let _ = writeln!(
            s,
            "  {} {} #{} {} {:.1} ({} {:.0} · {} {:.0} · {} {:.0}) {} {}",
            k.year,
            k.pool.label(l),
            k.rank,
            readiness_text::movement(&movement(k.previous_rank, k.rank), l),
            k.score,
            Msg::ColInnovation.text(l),
            k.innovation,
            Msg::ColGrowth.text(l),
            k.growth,
            Msg::ColParticipation.text(l),
            k.participation,
            Msg::ColShortBoard.text(l),
            k.short_board.label(l),
        );
    }

    section(&mut s, Msg::SecReadiness, l);
    let rd = &d.readiness;
    let _ = writeln!(
        s,
        "  {}/8 {}, {} {}",
        rd.passed,
        Msg::LblPassed.text(l),
        rd.unknown,
        Msg::LblUnknown.text(l)
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

    section(&mut s, Msg::SecTsme, l);
    let t = &d.tsme;
    let _ = writeln!(
        s,
        "  {} {} ({} {} + {} + {}) {} {}",
        Msg::LblTotal.text(l),
        t.total,
        Msg::LblScitech.text(l),
        t.staff_points,
        t.rd_points,
        t.ip_points,
        Msg::LblQualifies.text(l),
        readiness_text::check(t.qualifies, l),
    );
    s
}

fn section(s: &mut String, title: Msg, l: Lang) {
    let _ = writeln!(s, "\n■ {}", title.text(l));
}
