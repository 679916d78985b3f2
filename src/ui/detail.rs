//! The enterprise detail: the same text as `seedbed show`, scrollable, colours on the alert lines.

use super::theme::Theme;
use crate::app::{App, DetailState};
use crate::cli::reports::{lights, opt_date};
use crate::domain::hte::{Check, YearFigures};
use crate::domain::ranking::movement;
use crate::domain::support::ActionStatus;
use crate::domain::{Colour, Component};
use crate::i18n::{Badge, Label};
use crate::i18n::{Lang, Msg, alert_text, bureau_text, readiness_text};
use crate::store::detail::Detail;
use crate::store::{format_date, format_datetime};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write;

/// The detail's lines wrapped to `width` columns, each with its style.
fn wrapped(d: &Detail, l: Lang, width: u16, th: &Theme) -> Vec<Line<'static>> {
    let body = text(d, l);
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let style = line_style(line, i == 0, l, th);
        for piece in wrap(line, width as usize) {
            out.push(styled_line(piece, style, l, th));
        }
    }
    out
}

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

pub fn render(f: &mut Frame, area: Rect, app: &App, state: &DetailState, th: &Theme) {
    let l = app.lang;
    let Some(d) = &state.detail else {
        f.render_widget(Paragraph::new(Msg::Loading.text(l)).style(th.dim()), area);
        return;
    };
    let lines: Vec<Line> = wrapped(d, l, area.width, th)
        .into_iter()
        .skip(state.scroll)
        .take(area.height as usize)
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// Titles and section heads stand out; project lines take their alert colour.
fn line_style(line: &str, first: bool, l: Lang, th: &Theme) -> Style {
    let trimmed = line.trim_start();
    if first || line.starts_with('■') {
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
    }
}

/// A line in its style; elsewhere (`●红 1 ●黄 0 ●绿 2` in the summary) each badge and its count
/// take their own colour.
fn styled_line(line: String, style: Style, l: Lang, th: &Theme) -> Line<'static> {
    if style != Style::default() {
        return Line::from(Span::styled(line, style));
    }
    let badges: Vec<(Colour, String)> = Colour::ALL.iter().map(|c| (*c, c.badge(l))).collect();
    let mut spans = Vec::new();
    let mut rest = line.as_str();
    while let Some((at, c, len)) = badges
        .iter()
        .filter_map(|(c, b)| rest.find(b.as_str()).map(|at| (at, *c, b.len())))
        .min_by_key(|(at, _, _)| *at)
    {
        let end = at + len;
        // The badge, a space and the count.
        let count_end = rest[end..]
            .char_indices()
            .find(|(i, ch)| !(ch.is_ascii_digit() || (*i == 0 && *ch == ' ')))
            .map_or(rest.len(), |(i, _)| end + i);
        spans.push(Span::raw(rest[..at].to_string()));
        spans.push(Span::styled(rest[at..count_end].to_string(), th.colour(c)));
        rest = &rest[count_end..];
    }
    spans.push(Span::raw(rest.to_string()));
    Line::from(spans)
}

/// Wraps a line to `width` columns by display width: words stay whole where they can, Chinese
/// breaks between characters, and continuation lines are indented under the first.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    let lead = line.len() - line.trim_start().len();
    let indent = (crate::text::width(&line[..lead]) + 2).min(width / 2);
    wrap_indented(line, width, indent)
}

/// Wraps a message to `width` columns by the same rules, with no indent.
pub fn wrap_flat(line: &str, width: usize) -> Vec<String> {
    wrap_indented(line, width, 0)
}

fn wrap_indented(line: &str, width: usize, indent: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    if width == 0 || crate::text::width(line) <= width {
        return vec![line.to_string()];
    }
    // Tokens: a run of spaces, a run of narrow non-space characters, or one wide character.
    let mut tokens: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut prev: Option<(bool, bool)> = None; // (space, wide)
    for (i, ch) in line.char_indices() {
        let kind = (ch == ' ', ch.width().unwrap_or(0) > 1);
        if i > start && (kind.1 || prev != Some(kind) || prev.is_some_and(|p| p.1)) {
            tokens.push(&line[start..i]);
            start = i;
        }
        prev = Some(kind);
    }
    tokens.push(&line[start..]);
    let mut out: Vec<String> = Vec::new();
    // The current line as tokens (pieces of tokens when a long word is cut), so that a closing
    // mark can take the piece before it down to the next line.
    let mut cur: Vec<&str> = Vec::new();
    let mut used = 0;
    let limit = |out: &Vec<String>| {
        if out.is_empty() {
            width
        } else {
            width - indent
        }
    };
    for tok in tokens {
        let w = crate::text::width(tok);
        if used + w <= limit(&out) {
            cur.push(tok);
            used += w;
            continue;
        }
        if tok.starts_with(' ') {
            // A break at spaces drops them.
            if used > 0 {
                out.push(cur.concat());
                cur.clear();
                used = 0;
            }
            continue;
        }
        let pieces: Vec<&str> = if w <= width - indent {
            vec![tok]
        } else {
            // A word longer than a line is cut by characters.
            tok.char_indices()
                .map(|(i, ch)| &tok[i..i + ch.len_utf8()])
                .collect()
        };
        for (n, piece) in pieces.into_iter().enumerate() {
            let pw = crate::text::width(piece);
            // The token did not fit: its first piece starts a new line, the others fill it.
            if used > 0 && (n == 0 || used + pw > limit(&out)) {
                let mut carried = break_before(&mut cur, piece);
                let carried_w: usize = carried.iter().map(|t| crate::text::width(t)).sum();
                if carried_w + pw > width - indent {
                    // Too wide to take down: the mark opens the line rather than be cut off.
                    cur.append(&mut carried);
                }
                out.push(cur.concat());
                used = carried.iter().map(|t| crate::text::width(t)).sum();
                cur = carried;
            }
            cur.push(piece);
            used += pw;
        }
    }
    let cur = cur.concat();
    if !cur.is_empty() {
        out.push(cur);
    }
    let pad = " ".repeat(indent);
    out.into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.trim_end().to_string()
            } else {
                format!("{pad}{}", l.trim_end())
            }
        })
        .collect()
}

/// Closing punctuation that must not start a line (Chinese line-breaking rules, 避头点): full
/// width marks and the narrow forms that close a phrase.
fn is_closing(ch: char) -> bool {
    matches!(
        ch,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '”'
            | '’'
            | '…'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// Called when `cur` is full and `next` starts the next line: if `next` is closing punctuation,
/// takes the last piece that is not itself closing punctuation off `cur`, with the marks that
/// follow it, to start the next line, so the mark never opens a line. Leaves `cur` alone when
/// that would empty it (the mark then opens the line: a line of one character cannot do better).
fn break_before<'a>(cur: &mut Vec<&'a str>, next: &str) -> Vec<&'a str> {
    if !next.chars().next().is_some_and(is_closing) {
        return Vec::new();
    }
    let mut at = cur.len();
    while at > 0 && cur[at - 1].chars().next().is_some_and(is_closing) {
        at -= 1;
    }
    if at <= 1 || cur[at - 1].starts_with(' ') {
        return Vec::new();
    }
    cur.split_off(at - 1)
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

    section(&mut s, Msg::SecProjects, l);
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

    section(&mut s, Msg::SecVisits, l);
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

    section(&mut s, Msg::SecRequests, l);
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

    section(&mut s, Msg::SecSupport, l);
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

    if !d.rewards.is_empty() {
        section(&mut s, Msg::SecRewards, l);
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

    section(&mut s, Msg::SecFigures, l);
    figures(&mut s, &d.figures, l);

    section(&mut s, Msg::SecRanking, l);
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

    section(&mut s, Msg::SecReadiness, l);
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

    section(&mut s, Msg::SecTsme, l);
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
    s
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn wrap_keeps_short_lines_and_indents_the_rest() {
        assert_eq!(wrap("  短行", 20), vec!["  短行"]);
        let long =
            "  2026-01-24 完成 电话 余涵明 企业反映专业技术人才招聘难，已推荐参加高校人才对接会。";
        let lines = wrap(long, 40);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:?}");
        assert!(
            lines[1..].iter().all(|l| l.starts_with("    ")),
            "{lines:?}"
        );
        let joined: String = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("");
        assert_eq!(joined.replace(' ', ""), long.replace(' ', ""));
    }

    #[test]
    fn wrap_breaks_english_between_words() {
        let lines = wrap("  milestone 中期检查 due 2026-10-01, 51 days late", 24);
        assert_eq!(
            lines,
            vec![
                "  milestone 中期检查 due",
                "    2026-10-01, 51 days",
                "    late"
            ]
        );
        // A word longer than the line is cut by characters.
        let lines = wrap("abcdefghijklmnopqrstuvwxyz", 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(wrap("x", 0), vec!["x"]);
    }

    #[test]
    fn wrapped_chinese_never_opens_a_line_with_closing_punctuation() {
        // Naively, width 14 gives "企业反映招聘难" then "，已推荐参…", and width 12 leaves
        // "。" alone on the last line: the character before the mark comes down with it.
        let s = "企业反映招聘难，已推荐参加对接会。";
        assert_eq!(
            wrap(s, 14),
            vec!["企业反映招聘", "  难，已推荐参", "  加对接会。"]
        );
        assert_eq!(
            wrap(s, 12),
            vec!["企业反映招聘", "  难，已推荐", "  参加对接", "  会。"]
        );
        // Where the mark falls inside a line, nothing moves.
        assert_eq!(
            wrap(s, 18),
            vec!["企业反映招聘难，已", "  推荐参加对接会。"]
        );
        // Two closing marks in a row go down together, with the character before them.
        assert_eq!(
            wrap("材料已提交（见附件。）", 20),
            vec!["材料已提交（见附", "  件。）"]
        );
        assert_eq!(
            wrap("研发投入增长，利润下降。", 12),
            vec!["研发投入增", "  长，利润下", "  降。"]
        );
        // A narrow comma in a word cut by characters follows the same rule.
        assert_eq!(wrap("abcdefghij,", 10), vec!["abcdefghi", "  j,"]);
    }

    #[test]
    fn lights_in_the_summary_take_their_colours() {
        let th = Theme::new(true);
        let line = styled_line(
            "排名 3  ●红 1 ●黄 0 ●绿 12  科技专员 王芳".into(),
            Style::default(),
            Lang::Zh,
            &th,
        );
        let parts: Vec<(&str, Style)> = line
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert!(
            parts.contains(&("●红 1", th.colour(Colour::Red))),
            "{parts:?}"
        );
        assert!(parts.contains(&("●黄 0", th.colour(Colour::Yellow))));
        assert!(parts.contains(&("●绿 12", th.colour(Colour::Green))));
        let text: String = parts.iter().map(|p| p.0).collect();
        assert_eq!(text, "排名 3  ●红 1 ●黄 0 ●绿 12  科技专员 王芳");
    }
}
