//! The Targets screen: the district's targets of this year, with the actual value, last year's and
//! a progress bar that also reads as a number (`███████░░░ 70%`), so colour is never needed.

use super::listview;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, ListId};
use crate::domain::targets::Metric;
use crate::i18n::Msg;
use crate::i18n::bureau_text::{metric_text, progress_text, target_scope};
use crate::i18n::{Label, MetricValue};
use crate::store::listview::SortCol;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Paragraph;

/// Cells of the progress bar.
const BAR: usize = 10;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.targets;
    if list.loaded && list.total == 0 {
        let text = format!(
            " {} ({})",
            Msg::NoTargets.text(l),
            app.list_year(ListId::Targets)
        );
        f.render_widget(Paragraph::new(text).style(th.dim()), area);
        return;
    }
    let metrics = Metric::ALL.iter().map(|m| m.label(l));
    let districts: Vec<String> = list
        .rows
        .iter()
        .map(|r| target_scope(&r.district, r.districts, l))
        .collect();
    // The scope matters when the targets are set for more than one.
    let one_scope = list
        .rows
        .iter()
        .all(|r| r.district == list.rows[0].district);
    let values: Vec<[String; 3]> = list
        .rows
        .iter()
        .map(|r| {
            [
                r.metric.format(r.target, l),
                metric_text(r.metric, r.actual, l),
                metric_text(r.metric, r.last_year, l),
            ]
        })
        .collect();
    let column = |i: usize| values.iter().map(move |v| v[i].as_str());
    let t = |c: SortCol, m: Msg| listview::title(app, ListId::Targets, c, m.text(l));
    let cols = vec![
        Column::new(
            t(SortCol::District, Msg::ColDistrictShort),
            6,
            if one_scope { 2 } else { 9 },
            0,
        )
        .want(districts.iter().map(String::as_str)),
        Column::new(t(SortCol::Metric, Msg::ColMetric), 8, 10, 0).want(metrics),
        Column::new(t(SortCol::Target, Msg::ColTarget), 8, 9, 0)
            .right()
            .want(column(0)),
        Column::new(t(SortCol::Actual, Msg::ColActual), 8, 9, 0)
            .right()
            .want(column(1)),
        Column::new(Msg::ColLastYear.text(l), 8, 6, 0)
            .right()
            .want(column(2)),
        Column::new(t(SortCol::Progress, Msg::ColProgress), BAR as u16 + 5, 8, 0),
    ];
    let room = area.height.saturating_sub(1) as usize;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|r| {
            let style = match r.progress {
                Some(p) if p >= 100.0 => th.good(),
                Some(p) if p < 50.0 => th.bad(),
                Some(_) => th.warn(),
                None => th.dim(),
            };
            vec![
                (target_scope(&r.district, r.districts, l), Style::default()),
                (r.metric.label(l).to_string(), Style::default()),
                (r.metric.format(r.target, l), Style::default()),
                (metric_text(r.metric, r.actual, l), Style::default()),
                (metric_text(r.metric, r.last_year, l), th.dim()),
                (progress_text(r.progress, BAR), style),
            ]
        })
        .collect();
    table::draw_paged(f, area, &cols, &rows, list, th);
}
