//! The Ranking screen: a pool's yearly ranking with components, movement and short board.

use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::App;
use crate::domain::ranking::{Movement, movement};
use crate::i18n::{Msg, readiness_text};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let r = &app.ranking;
    let years: Vec<Span> = r
        .years
        .iter()
        .map(|y| {
            let s = if *y == r.year {
                th.tab_active()
            } else {
                th.dim()
            };
            Span::styled(format!(" {y} "), s)
        })
        .collect();
    let mut spans = vec![Span::styled(format!(" {} ", r.pool.label(l)), th.accent())];
    spans.extend(years);
    f.render_widget(Paragraph::new(Line::from(spans)), top);
    let cols = vec![
        Column::new(Msg::ColRank.text(l), 5, 10, 0).right(),
        Column::new(Msg::ColMovement.text(l), 5, 7, 0),
        Column::new(Msg::ColName.text(l), 18, 9, 4),
        Column::new(Msg::ColScore.text(l), 6, 8, 0).right(),
        Column::new(Msg::ColInnovation.text(l), 8, 4, 0).right(),
        Column::new(Msg::ColGrowth.text(l), 6, 3, 0).right(),
        Column::new(Msg::ColParticipation.text(l), 6, 2, 0).right(),
        Column::new(Msg::ColShortBoard.text(l), 8, 6, 0),
    ];
    let list = &r.list;
    let room = body.height.saturating_sub(1) as usize;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|k| {
            let m = movement(k.previous_rank, k.rank);
            let ms = match m {
                Movement::Up(_) => th.good(),
                Movement::Down(_) => th.bad(),
                _ => th.dim(),
            };
            vec![
                (k.rank.to_string(), Style::default()),
                (readiness_text::movement(&m, l), ms),
                (k.enterprise.clone(), Style::default()),
                (format!("{:.1}", k.score), Style::default()),
                (format!("{:.0}", k.innovation), Style::default()),
                (format!("{:.0}", k.growth), Style::default()),
                (format!("{:.0}", k.participation), Style::default()),
                (k.short_board.label(l).to_string(), th.warn()),
            ]
        })
        .collect();
    table::draw(
        f,
        body,
        &cols,
        &rows,
        list.selected.checked_sub(list.scroll),
        &|_| false,
        th,
    );
}
