//! The Requests screen: open requests, oldest first, with the 24-hour clock.

use super::labels;
use super::listview;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, ListId};
use crate::domain::sla::request_sla;
use crate::domain::{RequestCategory, RequestStatus};
use crate::i18n::Label;
use crate::i18n::{Msg, alert_text};
use crate::store::format_datetime;
use crate::store::listview::SortCol;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.requests;
    let room = area.height.saturating_sub(1) as usize;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|q| {
            let sla = request_sla(
                q.raised_at,
                q.first_response_at,
                app.now,
                &app.config.requests,
            );
            let style = if sla.is_breach() { th.bad() } else { th.good() };
            vec![
                (
                    format_datetime(q.raised_at)
                        .replace('T', " ")
                        .chars()
                        .take(16)
                        .collect(),
                    Style::default(),
                ),
                (alert_text::sla_short(&sla, l), style),
                (q.enterprise.clone(), Style::default()),
                (q.category.label(l).to_string(), Style::default()),
                (q.status.label(l).to_string(), Style::default()),
                (q.text.clone(), Style::default()),
                (q.district.clone(), Style::default()),
            ]
        })
        .collect();
    let cells = |i: usize| {
        rows.iter()
            .filter_map(move |r| r.get(i))
            .map(|c| c.0.as_str())
    };
    let categories = RequestCategory::ALL.iter().map(|x| x.label(l));
    let statuses = [RequestStatus::Open, RequestStatus::InProgress].map(|x| x.label(l));
    let t = |c: SortCol, m: Msg| listview::title(app, ListId::Requests, c, m.text(l));
    let mut cols = vec![
        Column::new(t(SortCol::Date, Msg::ColRaised), 16, 8, 0),
        Column::new(Msg::ColSla.text(l), 11, 9, 0).want(cells(1)),
        Column::new(t(SortCol::Name, Msg::ColName), 18, 10, 0).want(cells(2)),
        Column::new(
            t(SortCol::Category, Msg::ColCategory),
            labels::widest(categories),
            5,
            0,
        ),
        Column::new(
            t(SortCol::Status, Msg::ColStatus),
            labels::widest(statuses),
            3,
            0,
        ),
        Column::new(Msg::ColRequest.text(l), 16, 6, 1).want(cells(5)),
    ];
    if listview::show_district(app, area.width) {
        cols.push(listview::district_column(app, ListId::Requests, cells(6)));
    }
    table::draw_paged(f, area, &cols, &rows, list, th);
}
