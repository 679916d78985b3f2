//! The one-page pre-visit brief of an enterprise, in Markdown: who they are, where they stand
//! (tier, pool, batch, rank and short board), each project's colour and why, the last visits, open
//! requests and what keeps them from HTE status.

use crate::domain::Component;
use crate::domain::hte::Check;
use crate::domain::ranking::movement;
use crate::i18n::interchange_text::{Txt, accepted_projects, join, readiness_summary};
use crate::i18n::{Badge, Label};
use crate::i18n::{Lang, Msg, alert_text, readiness_text};
use crate::interchange::markdown::{cell, table};
use crate::store::detail::Detail;
use crate::store::format_date;
use std::fmt::Write;
use time::Date;

/// How many done visits the brief lists.
const LAST_VISITS: usize = 3;

fn opt_date(d: Option<Date>) -> String {
    d.map(format_date).unwrap_or_else(|| "—".into())
}

fn or_dash(s: Option<&str>) -> String {
    match s.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => "—".into(),
    }
}

/// The current HTE certificate: "GR202365000123 · 2026-12-01 到期 · 需复审"; a renewed one is
/// replaced by its successor, so a renewal ends the 需复审 line. "—" without one.
fn hte_certificate(d: &Detail, l: Lang) -> String {
    let current = d
        .certificates
        .iter()
        .filter(|c| c.cert.kind == crate::domain::CertKind::Hte && !c.renewed)
        .max_by_key(|c| c.cert.issued_on);
    let Some(c) = current else {
        return "—".into();
    };
    let mut out = format!(
        "{} · {} {}",
        cell(&c.cert.number),
        Msg::ColExpires.text(l),
        opt_date(c.cert.expires_on)
    );
    match &c.status {
        Some(st) if st.expired => {
            let _ = write!(out, " · {}", Msg::LblExpired.text(l));
        }
        Some(st) if st.in_renewal_window => {
            let _ = write!(out, " · {}", Msg::LblRenewal.text(l));
        }
        _ => {}
    }
    out
}

/// The brief as Markdown. `pool_size` is the number of enterprises in the newest ranking shown.
pub fn render(d: &Detail, today: Date, pool_size: Option<usize>, l: Lang) -> String {
    let mut s = String::new();
    title(&mut s, d, today, l);
    profile(&mut s, d, l);
    rank(&mut s, d, pool_size, l);
    projects(&mut s, d, l);
    visits(&mut s, d, l);
    open_requests(&mut s, d, l);
    readiness(&mut s, d, l);
    s
}

/// The title and the line under it: credit code and the day.
fn title(s: &mut String, d: &Detail, today: Date, l: Lang) {
    let r = &d.row;
    let _ = writeln!(s, "# {} — {}\n", cell(&r.name), Txt::BriefTitle.text(l));
    let _ = writeln!(
        s,
        "{} {} · {} {}\n",
        Msg::ColCreditCode.text(l),
        r.credit_code,
        Msg::HdrAsOf.text(l),
        format_date(today)
    );
}

/// The profile: tier, pool, honours, where, contact, certificate, lights; then the notes.
fn profile(s: &mut String, d: &Detail, l: Lang) {
    let r = &d.row;
    let p = &d.profile;
    let _ = writeln!(s, "## {}\n", Msg::SecProfile.text(l));
    let honours = if p.honours.is_empty() {
        "—".to_string()
    } else {
        join(p.honours.iter().map(|h| h.label(l).to_string()), l)
    };
    let contact = [p.contact_name.as_deref(), p.contact_phone.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let field = p
        .hte_field
        .as_deref()
        .map(|f| readiness_text::field_name(f, l).unwrap_or(f).to_string());
    let lights = crate::i18n::label_text::lights(r.red, r.yellow, r.green, l);
    let rows: Vec<Vec<String>> = vec![
        vec![Msg::ColTier.text(l).into(), r.tier.label(l).into()],
        vec![
            Msg::ColPool.text(l).into(),
            format!(
                "{} · {}{}",
                r.pool.map_or("—", |x| x.label(l)),
                r.batch.map_or("—", |x| x.label(l)),
                r.pool_status
                    .filter(|st| *st != crate::domain::PoolStatus::In)
                    .map(|st| format!(" ({})", st.label(l)))
                    .unwrap_or_default()
            ),
        ],
        vec![Msg::LblHonours.text(l).into(), honours],
        vec![
            Msg::ColDistrict.text(l).into(),
            format!("{} {}", r.district, or_dash(p.township.as_deref())),
        ],
        vec![
            Msg::LblAddress.text(l).into(),
            or_dash(p.address.as_deref()),
        ],
        vec![
            Msg::LblIndustry.text(l).into(),
            or_dash(p.industry.as_deref()),
        ],
        vec![Msg::LblField.text(l).into(), or_dash(field.as_deref())],
        vec![Msg::LblFounded.text(l).into(), opt_date(p.founded_on)],
        vec![Msg::LblHteCertificate.text(l).into(), hte_certificate(d, l)],
        vec![Msg::LblContact.text(l).into(), or_dash(Some(&contact))],
        vec![
            Msg::ColCommissioner.text(l).into(),
            or_dash(r.commissioner.as_deref()),
        ],
        vec![Msg::ColColour.text(l).into(), lights],
    ];
    let _ = writeln!(
        s,
        "{}",
        table(
            &[Txt::Item.text(l), Txt::Value.text(l)],
            &[false, false],
            &rows
        )
    );
    if !p.notes.trim().is_empty() {
        let _ = writeln!(s, "> {}\n", cell(p.notes.trim()));
    }
}

/// The newest rank with its components and short board.
fn rank(s: &mut String, d: &Detail, pool_size: Option<usize>, l: Lang) {
    let _ = writeln!(s, "## {}\n", Txt::RankAndShortBoard.text(l));
    match d.rankings.first() {
        Some(k) => {
            let size = pool_size.map(|n| format!(" / {n}")).unwrap_or_default();
            let _ = writeln!(
                s,
                "{} {} {} · {} **{}{size}** ({}) · {} {:.1} · {} {} / {} {} / {} {:.1} · {} **{}**\n",
                k.pool.label(l),
                k.year,
                Txt::Ranking.text(l),
                Msg::ColRank.text(l),
                k.rank,
                readiness_text::movement(&movement(k.previous_rank, k.rank), l),
                Msg::ColScore.text(l),
                k.score,
                Msg::ColInnovation.text(l),
                readiness_text::component_value(k.innovation, k.unknown(Component::Innovation), 1),
                Msg::ColGrowth.text(l),
                readiness_text::component_value(k.growth, k.unknown(Component::Growth), 1),
                Msg::ColParticipation.text(l),
                k.participation,
                Msg::ColShortBoard.text(l),
                k.short_board.label(l),
            );
        }
        None => {
            let _ = writeln!(s, "{}\n", Txt::NotRanked.text(l));
        }
    }
}

/// The active projects with their colour and why; the accepted ones counted.
fn projects(s: &mut String, d: &Detail, l: Lang) {
    let _ = writeln!(s, "## {}\n", Msg::SecProjects.text(l));
    let active: Vec<_> = d.projects.iter().filter(|p| p.active).collect();
    if active.is_empty() {
        let _ = writeln!(s, "{}\n", Txt::NoActiveProjects.text(l));
    } else {
        let rows: Vec<Vec<String>> = active
            .iter()
            .map(|p| {
                let mark = if p.overridden {
                    format!(" ({})", Msg::LblOverride.text(l))
                } else {
                    String::new()
                };
                vec![
                    format!("{}{mark}", p.alert.colour.badge(l)),
                    p.name.clone(),
                    p.level.label(l).into(),
                    format!("{} → {}", format_date(p.start), format_date(p.end)),
                    join(
                        p.alert
                            .reasons
                            .iter()
                            .map(|x| alert_text::alert_reason(x, l)),
                        l,
                    ),
                ]
            })
            .collect();
        let _ = writeln!(
            s,
            "{}",
            table(
                &[
                    Msg::ColColour.text(l),
                    Msg::ColProject.text(l),
                    Msg::ColLevel.text(l),
                    Txt::Period.text(l),
                    Msg::ColReason.text(l),
                ],
                &[false; 5],
                &rows
            )
        );
    }
    let accepted = d.projects.len() - active.len();
    if accepted > 0 {
        let _ = writeln!(s, "{}\n", accepted_projects(accepted, l));
    }
}

/// The last and next visit, and the last few visits done.
fn visits(s: &mut String, d: &Detail, l: Lang) {
    let r = &d.row;
    let _ = writeln!(s, "## {}\n", Msg::SecVisits.text(l));
    let _ = writeln!(
        s,
        "{} {} · {} {} ({})\n",
        Msg::ColLastVisit.text(l),
        opt_date(r.last_visit),
        Msg::ColNextVisit.text(l),
        opt_date(r.next_visit),
        r.visit_state.label(l)
    );
    let done: Vec<_> = d
        .visits
        .iter()
        .filter(|v| v.done_on.is_some())
        .take(LAST_VISITS)
        .collect();
    if done.is_empty() {
        let _ = writeln!(s, "{}\n", Txt::NoVisits.text(l));
    } else {
        let rows: Vec<Vec<String>> = done
            .iter()
            .map(|v| {
                vec![
                    opt_date(v.done_on),
                    v.mode.label(l).into(),
                    or_dash(v.commissioner.as_deref()),
                    crate::text::truncate(v.notes.trim(), 80),
                ]
            })
            .collect();
        let _ = writeln!(
            s,
            "{}",
            table(
                &[
                    Msg::ColDate.text(l),
                    Msg::ColMode.text(l),
                    Msg::ColCommissioner.text(l),
                    Msg::LblNotes.text(l),
                ],
                &[false; 4],
                &rows
            )
        );
    }
}

/// The requests still open, with their 24-hour clock.
fn open_requests(s: &mut String, d: &Detail, l: Lang) {
    let _ = writeln!(s, "## {}\n", Txt::OpenRequests.text(l));
    let open: Vec<_> = d
        .requests
        .iter()
        .filter(|q| q.request.status.is_open())
        .collect();
    if open.is_empty() {
        let _ = writeln!(s, "{}\n", Txt::NoOpenRequests.text(l));
    } else {
        let rows: Vec<Vec<String>> = open
            .iter()
            .map(|q| {
                vec![
                    crate::interchange::datetime_text(q.request.raised_at),
                    q.request.category.label(l).into(),
                    q.request.status.label(l).into(),
                    alert_text::sla(&q.sla, l),
                    crate::text::truncate(q.request.text.trim(), 80),
                ]
            })
            .collect();
        let _ = writeln!(
            s,
            "{}",
            table(
                &[
                    Msg::ColRaised.text(l),
                    Msg::ColCategory.text(l),
                    Msg::ColStatus.text(l),
                    Msg::ColSla.text(l),
                    Msg::ColRequest.text(l),
                ],
                &[false; 5],
                &rows
            )
        );
    }
}

/// The HTE readiness summary and the conditions not passed.
fn readiness(s: &mut String, d: &Detail, l: Lang) {
    let _ = writeln!(s, "## {}\n", Msg::SecReadiness.text(l));
    let rd = &d.readiness;
    let _ = writeln!(
        s,
        "{} · {}\n",
        readiness_summary(rd.passed, rd.failed, rd.unknown, l),
        readiness_text::figures_basis(rd.last_year, rd.newest_year, l)
    );
    let gaps: Vec<Vec<String>> = rd
        .conditions
        .iter()
        .filter(|c| c.check != Check::Pass)
        .map(|c| {
            vec![
                format!(
                    "{}. {}",
                    c.condition.number(),
                    readiness_text::condition_name(c.condition, l)
                ),
                readiness_text::check(c.check, l).into(),
                c.gap
                    .as_ref()
                    .map(|g| readiness_text::gap(g, l))
                    .unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    if !gaps.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            table(
                &[
                    Txt::Condition.text(l),
                    Msg::ColStatus.text(l),
                    Msg::ColGaps.text(l)
                ],
                &[false; 3],
                &gaps
            )
        );
    }
}
