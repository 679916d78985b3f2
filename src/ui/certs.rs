//! The Certificates screen: HTE certificates expiring within the renewal window, then the
//! enterprises whose readiness check passes or nearly passes, with their gaps.

use super::labels;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, CertItem};
use crate::domain::hte::Check;
use crate::i18n::{Msg, readiness_text};
use crate::store::format_date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.certs;
    let room = area.height.saturating_sub(1) as usize;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|item| match item {
            CertItem::Expiring { cert, days_left } => {
                let style = if *days_left <= 90 {
                    th.bad()
                } else {
                    th.warn()
                };
                vec![
                    (Msg::Expiring.text(l).to_string(), style),
                    (cert.enterprise.clone(), Style::default()),
                    (cert.number.clone(), Style::default()),
                    (cert.expires_on.map_or("—".into(), format_date), style),
                    (format!("{days_left} {}", Msg::LblExpiresIn.text(l)), style),
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
                    })
                    .collect();
                let style = if readiness.ready() {
                    th.good()
                } else {
                    Style::default()
                };
                vec![
                    (
                        format!("{} {}/8", Msg::Candidate.text(l), readiness.passed),
                        style,
                    ),
                    (enterprise.clone(), Style::default()),
                    (String::new(), Style::default()),
                    (String::new(), Style::default()),
                    (gaps.join("；"), th.dim()),
                ]
            }
        })
        .collect();
    let cells = |i: usize| rows.iter().filter_map(move |r| r.get(i)).map(|c| c.0.as_str());
    let status = [
        Msg::Expiring.text(l).to_string(),
        format!("{} 8/8", Msg::Candidate.text(l)),
    ];
    let cols = vec![
        Column::new(
            Msg::ColStatus.text(l),
            labels::widest(status.iter().map(String::as_str)),
            9,
            0,
        ),
        Column::new(Msg::ColName.text(l), 24, 10, 0).want(cells(1)),
        Column::new(Msg::ColCertificate.text(l), 14, 6, 0),
        Column::new(Msg::ColExpires.text(l), 10, 7, 0),
        Column::new(Msg::ColGaps.text(l), 16, 5, 1).want(cells(4)),
    ];
    table::draw(
        f,
        area,
        &cols,
        &rows,
        list.selected.checked_sub(list.scroll),
        &|_| false,
        th,
    );
}
