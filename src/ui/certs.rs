//! The Certificates screen: HTE certificates expiring within the renewal window, then the
//! enterprises whose readiness check passes or nearly passes, with their gaps, then the rewards
//! that became due this year, paid or not.

use super::labels;
use super::listview;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, CertItem, ListId};
use crate::domain::hte::Check;
use crate::i18n::Label;
use crate::i18n::{Msg, readiness_text};
use crate::store::format_date;
use crate::store::listview::SortCol;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.certs;
    let room = area.height.saturating_sub(1) as usize;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|item| {
            (
                item,
                match item {
                    CertItem::Expiring { cert, days_left } => {
                        let style = if *days_left <= 90 {
                            th.bad()
                        } else {
                            th.warn()
                        };
                        vec![
                            (Msg::Expiring.text(l).to_string(), style),
                            (cert.enterprise.clone(), Style::default()),
                            (
                                format!(
                                    "{days_left:>3} {}  {}  {}",
                                    Msg::LblExpiresIn.text(l),
                                    cert.expires_on.map_or("—".into(), format_date),
                                    cert.number,
                                ),
                                style,
                            ),
                        ]
                    }
                    CertItem::Candidate {
                        enterprise,
                        readiness,
                        ..
                    } => {
                        let gaps: Vec<String> = readiness
                            .conditions
                            .iter()
                            .filter(|c| c.check != Check::Pass)
                            .map(|c| {
                                let g = c
                                    .gap
                                    .as_ref()
                                    .map(|g| readiness_text::gap(g, l))
                                    .unwrap_or_default();
                                format!("{} {}", readiness_text::condition_name(c.condition, l), g)
                                    .trim_end()
                                    .to_string()
                            })
                            .collect();
                        let (detail, style) = if readiness.ready() {
                            (Msg::ReadyToApply.text(l).to_string(), th.good())
                        } else {
                            (gaps.join("；"), th.dim())
                        };
                        vec![
                            (
                                format!("{} {}/8", Msg::Candidate.text(l), readiness.passed),
                                if readiness.ready() {
                                    th.good()
                                } else {
                                    Style::default()
                                },
                            ),
                            (enterprise.clone(), Style::default()),
                            (detail, style),
                        ]
                    }
                    CertItem::Reward(r) => {
                        // The words say paid or unpaid; the colour only repeats them.
                        let (status, style) = if r.paid_on.is_some() {
                            (reward_status(true, l), th.good())
                        } else {
                            (reward_status(false, l), th.warn())
                        };
                        let paid = r
                            .paid_on
                            .map(|d| format!("  {} {}", Msg::LblPaid.text(l), format_date(d)))
                            .unwrap_or_default();
                        vec![
                            (status, style),
                            (r.enterprise.clone(), Style::default()),
                            (
                                format!(
                                    "{} {} {}  {}{paid}",
                                    r.kind.label(l),
                                    r.amount,
                                    Msg::LblYuan.text(l),
                                    format_date(r.on),
                                ),
                                Style::default(),
                            ),
                        ]
                    }
                },
            )
        })
        .map(|(item, mut cells)| {
            cells.push((item.district().to_string(), Style::default()));
            cells
        })
        .collect();
    let cells = |i: usize| {
        rows.iter()
            .filter_map(move |r| r.get(i))
            .map(|c| c.0.as_str())
    };
    let status = [
        Msg::Expiring.text(l).to_string(),
        format!("{} 8/8", Msg::Candidate.text(l)),
        reward_status(true, l),
        reward_status(false, l),
    ];
    let t = |c: SortCol, m: Msg| listview::title(app, ListId::Certs, c, m.text(l));
    let mut cols = vec![
        Column::new(
            t(SortCol::Kind, Msg::ColStatus),
            labels::widest(status.iter().map(String::as_str)),
            9,
            0,
        ),
        Column::new(t(SortCol::Name, Msg::ColName), 24, 10, 0).want(cells(1)),
        Column::new(t(SortCol::Date, Msg::ColCertOrGaps), 24, 8, 1).want(cells(2)),
    ];
    if listview::show_district(app, area.width) {
        cols.push(listview::district_column(app, ListId::Certs, cells(3)));
    }
    table::draw_paged(f, area, &cols, &rows, list, th);
}

/// `奖励 已发放` / `奖励 未发放`.
fn reward_status(paid: bool, l: crate::i18n::Lang) -> String {
    let word = if paid { Msg::LblPaid } else { Msg::LblUnpaid };
    format!("{} {}", Msg::RewardDue.text(l), word.text(l))
}
