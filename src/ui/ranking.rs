//! The Ranking screen: a pool's yearly ranking with components, movement and short board.

use super::labels;
use super::listview;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, ListId};
use crate::domain::Component;
use crate::domain::ranking::{Movement, movement};
use crate::i18n::Label;
use crate::i18n::{Msg, readiness_text};
use crate::store::listview::SortCol;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    // The pool and year are shown in the header's second line, so the list starts where every
    // other list does.
    let body = area;
    let r = &app.ranking;
    let visible = (r.list.scroll..r.list.scroll + body.height as usize)
        .filter_map(|i| r.list.get(i))
        .map(|k| k.enterprise.as_str());
    let boards = Component::ALL.iter().map(|c| c.label(l));
    let t = |c: SortCol, m: Msg| listview::title(app, ListId::Ranking, c, m.text(l));
    let mut cols = vec![
        Column::new(t(SortCol::Rank, Msg::ColRank), 5, 10, 0).right(),
        Column::new(t(SortCol::Movement, Msg::ColMovement), 5, 7, 0),
        Column::new(t(SortCol::Name, Msg::ColName), 24, 9, 0).want(visible),
        Column::new(t(SortCol::Score, Msg::ColScore), 5, 8, 0).right(),
        Column::new(t(SortCol::Innovation, Msg::ColInnovationShort), 6, 4, 0).right(),
        Column::new(t(SortCol::Growth, Msg::ColGrowth), 6, 3, 0).right(),
        Column::new(
            t(SortCol::Participation, Msg::ColParticipationShort),
            6,
            2,
            0,
        )
        .right(),
        Column::new(
            t(SortCol::ShortBoard, Msg::ColShortBoard),
            labels::widest(boards),
            6,
            1,
        ),
    ];
    let districts = (r.list.scroll..r.list.scroll + body.height as usize)
        .filter_map(|i| r.list.get(i))
        .map(|k| k.district.as_str());
    if listview::show_district(app, body.width) {
        cols.push(listview::district_column(app, ListId::Ranking, districts));
    }
    let list = &r.list;
    // The top N are incentive candidates: ★ before the rank (and the good colour).
    let top = app.config.ranking.incentive_top;
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
                if k.rank <= top {
                    (format!("★{}", k.rank), th.good())
                } else {
                    (k.rank.to_string(), Style::default())
                },
                (readiness_text::movement(&m, l), ms),
                (k.enterprise.clone(), Style::default()),
                (format!("{:.1}", k.score), Style::default()),
                component(k.innovation, k.unknown(Component::Innovation), th),
                component(k.growth, k.unknown(Component::Growth), th),
                (format!("{:.0}", k.participation), Style::default()),
                (k.short_board.label(l).to_string(), th.warn()),
                (k.district.clone(), Style::default()),
            ]
        })
        .collect();
    table::draw_paged(f, body, &cols, &rows, list, th);
}

/// A component's cell: its value, or a dim `?` when its figures were missing.
fn component(value: f64, unknown: bool, th: &Theme) -> (String, Style) {
    let style = if unknown { th.dim() } else { Style::default() };
    (readiness_text::component_value(value, unknown, 0), style)
}

/// The header's part for the Ranking screen: the pool, its ranked years (the one shown
/// highlighted), the figures' year, and the incentive legend.
pub fn header(app: &App, th: &Theme) -> Vec<Span<'static>> {
    let l = app.lang;
    let mut spans = Vec::new();
    let sep = || Span::styled(" │ ", th.dim());
    let r = &app.ranking;
    spans.push(sep());
    spans.push(Span::styled(format!("{} ", r.pool.label(l)), th.accent()));
    for y in &r.years {
        let style = if *y == r.year {
            th.tab_active()
        } else {
            th.dim()
        };
        spans.push(Span::styled(format!(" {y} "), style));
    }
    // The ranking of a year uses the figures of the year before it.
    spans.push(Span::styled(
        format!(
            " {}",
            crate::i18n::readiness_text::on_figures(r.year.saturating_sub(1), l)
        ),
        th.dim(),
    ));
    let top = app.config.ranking.incentive_top;
    if top > 0 {
        spans.push(sep());
        spans.push(Span::styled(
            crate::i18n::bureau_text::incentive_legend(top, l),
            th.good(),
        ));
    }
    spans
}
