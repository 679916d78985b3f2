//! The enterprise detail screen: the text of `crate::report::detail` (the same as `seedbed
//! show`), scrollable, colours on the alert lines.

use super::theme::Theme;
use crate::app::{App, DetailState};
use crate::domain::Colour;
use crate::i18n::Badge;
use crate::i18n::{Lang, Msg};
pub use crate::report::detail::{line_count, max_scroll, text};
pub use crate::report::wrap::{wrap, wrap_flat};
use crate::store::detail::Detail;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The detail's lines wrapped to `width` columns, each with its style.
fn wrapped(d: &Detail, l: Lang, width: u16, th: &Theme) -> Vec<Line<'static>> {
    let body = text(d, l);
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let style = line_style(line, i == 0, l, th);
        for piece in wrap(line, width as usize) {
            // trends: the sparklines of the ranking history in the accent colour.
            let line = styled_line(piece, style, l, th);
            out.push(super::sparkline::colour_glyphs(line, th.accent()));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
