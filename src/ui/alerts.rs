//! The Alerts screen: every red and yellow project, worst first, with the reason.

use super::table::{self, Cell, Column};
use super::theme::{self, Theme};
use crate::app::App;
use crate::i18n::{Msg, alert_text};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.alerts;
    let cols = vec![
        Column::new(Msg::ColColour.text(l), 4, 10, 0),
        Column::new(Msg::ColName.text(l), 16, 9, 2),
        Column::new(Msg::ColProject.text(l), 16, 6, 3),
        Column::new(Msg::ColLevel.text(l), 8, 2, 0),
        Column::new(Msg::ColReason.text(l), 20, 8, 4),
    ];
    let room = area.height.saturating_sub(1) as usize;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|a| {
            let c = a.alert.colour;
            let reason = a
                .alert
                .reasons
                .first()
                .map(|r| alert_text::alert_reason(r, l))
                .unwrap_or_default();
            vec![
                (theme::badge(c, l), th.colour(c)),
                (a.row.enterprise.clone(), Style::default()),
                (a.row.project.clone(), Style::default()),
                (a.row.level.label(l).to_string(), Style::default()),
                (reason, th.colour(c)),
            ]
        })
        .collect();
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
