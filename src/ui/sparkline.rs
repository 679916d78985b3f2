//! Sparklines on the screens: one-line series (`▁▂▃▄▅▆▇█`) with a label and their first and
//! last values, at the right end of the header's second line on the screens that have a
//! whole-pool trend (Alerts, Agenda), and the glyphs of the detail's trend lines in colour.
//! One text line rather than ratatui's `Sparkline` widget: the series sit inside a line of
//! words, and the same glyphs are what `seedbed show` prints.

use super::theme::Theme;
use crate::app::{App, Screen};
use crate::domain::trends::{Trends, count_sparkline, ends, is_glyph};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Columns kept free between the header's words and the trend, and after the trend.
const GAP: usize = 2;

/// The whole-pool trends for the day shown: none before the background has computed them, nor
/// in the as-of view of another day (the series end on the real today).
pub fn current(app: &App) -> Option<&Trends> {
    app.trends.as_ref().filter(|t| t.day == app.today())
}

/// A series of counts: its label, its sparkline in `style`, and `first→last`.
pub fn series(label: &str, counts: &[u32], style: Style, th: &Theme) -> Vec<Span<'static>> {
    let mut spans = compact(label, counts, style, th);
    let known: Vec<Option<u32>> = counts.iter().copied().map(Some).collect();
    if let Some((first, last)) = ends(&known) {
        spans.push(Span::raw(format!(" {first}→{last}")));
    }
    spans
}

/// A series of counts with its label and sparkline only (where the numbers do not fit).
pub fn compact(label: &str, counts: &[u32], style: Style, th: &Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{label} "), th.dim()),
        Span::styled(count_sparkline(counts), style),
    ]
}

/// The current screen's trend, drawn at the right end of `line` (the header's second line,
/// whose first `used` columns hold its words): the first of the screen's variants (longest
/// first) that fits beside them, or nothing.
pub fn draw_header(f: &mut Frame, line: Rect, used: usize, app: &App, th: &Theme) {
    if app.detail.is_some() {
        return;
    }
    let variants = match app.screen {
        Screen::Alerts => super::alerts::trend(app, th),
        Screen::Agenda => super::agenda::trend(app, th),
        _ => return,
    };
    let room = usize::from(line.width).saturating_sub(used + 2 * GAP);
    let Some(trend) = variants
        .into_iter()
        .map(Line::from)
        .find(|l| l.width() <= room)
    else {
        return;
    };
    let width = u16::try_from(trend.width()).unwrap_or(line.width);
    let area = Rect {
        x: line.right().saturating_sub(width + GAP as u16),
        width,
        ..line
    };
    f.render_widget(Paragraph::new(trend), area);
}

/// `line` with each run of sparkline glyphs in `style` over its own (the detail's trend lines:
/// the bars stand out from the words and numbers beside them).
pub fn colour_glyphs(line: Line<'static>, style: Style) -> Line<'static> {
    if !line.spans.iter().any(|s| s.content.chars().any(is_glyph)) {
        return line;
    }
    let mut spans = Vec::new();
    for span in line.spans {
        let chars: Vec<char> = span.content.chars().collect();
        for run in chars.chunk_by(|a, b| is_glyph(*a) == is_glyph(*b)) {
            let s = if run.first().is_some_and(|c| is_glyph(*c)) {
                span.style.patch(style)
            } else {
                span.style
            };
            spans.push(Span::styled(run.iter().collect::<String>(), s));
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_runs_take_the_style_and_words_keep_theirs() {
        let th = Theme::new(true);
        let line = Line::from("  趋势 得分 ▁▅ █ 61.0→78.5");
        let out = colour_glyphs(line, th.accent());
        let parts: Vec<(&str, Style)> = out
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("  趋势 得分 ", Style::default()),
                ("▁▅", th.accent()),
                (" ", Style::default()),
                ("█", th.accent()),
                (" 61.0→78.5", Style::default()),
            ]
        );
        // A line without glyphs is left as it was.
        let plain = Line::from("  2026 高企 #3");
        assert_eq!(colour_glyphs(plain.clone(), th.accent()), plain);
    }

    #[test]
    fn a_series_says_its_first_and_last_count() {
        let th = Theme::new(true);
        let spans = series("红", &[0, 3, 7], th.bad(), &th);
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "红 ▁▄█ 0→7");
        assert_eq!(spans[1].style, th.bad());
        assert_eq!(spans[0].style, th.dim());
    }
}
