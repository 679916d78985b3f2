//! Boxes drawn over a screen: the filter menu (the help is drawn in `ui`'s root, from the keymap).

use super::centered;
use super::listview;
use super::pool;
use super::theme::Theme;
use crate::app::{App, FILTER_DIMS, Overlay};
use crate::i18n::Msg;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// The filter menu: each dimension with its value, or the values of the one chosen; the Pool's
/// dimensions, or the facets of the list shown.
pub fn render_filter(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let Overlay::Filter(menu) = &app.overlay else {
        return;
    };
    let dims: Vec<(String, String)> =
        match crate::app::listview::list_of(app.screen).filter(|_| app.detail.is_none()) {
            Some(list) => listview::menu_dims(app, list),
            None => {
                let Some(p) = &app.pool else { return };
                let current = pool::filter_values_current(&p.filter, l);
                FILTER_DIMS
                    .iter()
                    .enumerate()
                    .map(|(i, dim)| {
                        let value = current
                            .get(i)
                            .cloned()
                            .flatten()
                            .unwrap_or_else(|| Msg::All.text(l).into());
                        (dim.text(l).to_string(), value)
                    })
                    .collect()
            }
        };
    let mut lines: Vec<Line> = Vec::new();
    match &menu.values {
        None => {
            for (i, (dim, value)) in dims.iter().enumerate() {
                let style = if i == menu.dim {
                    th.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {} ", text::fit(dim, 12)), style),
                    Span::styled(format!(" {value} "), th.accent()),
                ]));
            }
        }
        Some((values, cursor)) => {
            let room = area.height.saturating_sub(4) as usize;
            let skip = cursor.saturating_sub(room.saturating_sub(1));
            for (i, v) in values.iter().enumerate().skip(skip).take(room) {
                let style = if i == *cursor {
                    th.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    format!(" {} ", text::fit(v, 24)),
                    style,
                )));
            }
        }
    }
    let w = lines
        .iter()
        .map(|l| l.width() as u16)
        .max()
        .unwrap_or(20)
        .max(30)
        + 2;
    let rect = centered(area, w, lines.len() as u16 + 2);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", Msg::FilterTitle.text(l)))
        .border_style(th.accent())
        .style(Style::default().add_modifier(Modifier::empty()));
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
