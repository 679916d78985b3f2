//! The Commissioners screen: this year's figures of each commissioner, against the cadence.

use super::listview;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, ListId};
use crate::i18n::Msg;
use crate::i18n::bureau_text::team_district;
use crate::store::listview::SortCol;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0))
}

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.commissioners;
    let teams = app.views.get(ListId::Commissioners).rolled_up;
    let names: Vec<String> = list
        .rows
        .iter()
        .map(|c| match teams {
            true => team_district(&c.district, l),
            false => c.name.clone(),
        })
        .collect();
    let t = |c: SortCol, m: Msg| listview::title(app, ListId::Commissioners, c, m.text(l));
    let name_title = match teams {
        true => Msg::ColDistrictShort,
        false => Msg::ColCommissionerShort,
    };
    // The district column, when the people shown work in more than one.
    let several = !teams
        && list
            .rows
            .iter()
            .any(|c| c.district != list.rows[0].district);
    let mut name_column =
        Column::new(t(SortCol::Name, name_title), 6, 10, 0).want(names.iter().map(String::as_str));
    if teams {
        name_column = name_column.fit_with(super::labels::fit_place);
    }
    let mut cols = vec![
        name_column,
        Column::new(t(SortCol::Enterprises, Msg::ColEnterprises), 6, 9, 0).right(),
        Column::new(t(SortCol::VisitsDone, Msg::ColVisitsDone), 6, 8, 0).right(),
        Column::new(Msg::ColVisitsExpected.text(l), 6, 8, 0).right(),
        Column::new(t(SortCol::Cadence, Msg::ColCadenceShare), 6, 9, 0).right(),
        Column::new(Msg::ColVisitsPlanned.text(l), 8, 3, 0).right(),
        Column::new(t(SortCol::Overdue, Msg::ColVisitsOverdue), 8, 7, 0).right(),
        Column::new(t(SortCol::Requests, Msg::ColRequests), 6, 2, 0).right(),
        Column::new(Msg::ColRequestsHandled.text(l), 6, 4, 0).right(),
        Column::new(Msg::ColMedianResponse.text(l), 12, 5, 0).right(),
        Column::new(t(SortCol::Breaches, Msg::ColBreaches), 8, 6, 0).right(),
        Column::new(t(SortCol::RedShare, Msg::ColRedShare), 8, 7, 0).right(),
    ];
    if several {
        let districts: Vec<String> = list
            .rows
            .iter()
            .map(|c| team_district(&c.district, l))
            .collect();
        let column = listview::district_column(
            app,
            ListId::Commissioners,
            districts.iter().map(String::as_str),
        );
        cols.push(column);
    }
    let room = area.height.saturating_sub(1) as usize;
    let plain = Style::default;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|c| {
            let cadence = c.cadence_share();
            // Behind the cadence for the share of the year gone by reads as a warning.
            let cadence_style = match cadence {
                Some(s) if s >= 1.0 => th.good(),
                Some(s) if s < 0.5 => th.bad(),
                _ => plain(),
            };
            let name = match teams {
                true => team_district(&c.district, l),
                false => c.name.clone(),
            };
            let mut cells = vec![
                (name, plain()),
                (c.enterprises.to_string(), plain()),
                (c.visits_done.to_string(), plain()),
                (c.visits_expected.to_string(), plain()),
                (pct(cadence), cadence_style),
                (c.visits_planned.to_string(), plain()),
                (
                    c.visits_overdue.to_string(),
                    if c.visits_overdue > 0 {
                        th.bad()
                    } else {
                        plain()
                    },
                ),
                (c.requests.to_string(), plain()),
                (c.requests_handled.to_string(), plain()),
                (
                    c.median_response_hours
                        .map_or_else(|| "—".into(), |h| format!("{h:.1}")),
                    plain(),
                ),
                (
                    c.breaches.to_string(),
                    if c.breaches > 0 { th.bad() } else { plain() },
                ),
                (pct(c.red_share), plain()),
            ];
            if several {
                cells.push((team_district(&c.district, l), th.dim()));
            }
            cells
        })
        .collect();
    table::draw_paged(f, area, &cols, &rows, list, th);
}
