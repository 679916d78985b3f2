//! The list screens' table: columns with a minimum width, a priority (which to drop first when
//! the terminal is narrow) and a share of the spare width; cells are cut by display width with `…`.

use super::theme::Theme;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A column of a list table.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub min: u16,
    /// Higher stays longer when space runs out.
    pub priority: u8,
    /// Share of the spare width (0: fixed).
    pub grow: u16,
    pub right: bool,
}

impl Column {
    pub fn new(title: impl Into<String>, min: u16, priority: u8, grow: u16) -> Column {
        Column {
            title: title.into(),
            min,
            priority,
            grow,
            right: false,
        }
    }

    pub fn right(mut self) -> Column {
        self.right = true;
        self
    }
}

/// Which columns fit in `width` and how wide each is (`None` for dropped ones).
pub fn layout(cols: &[Column], width: u16) -> Vec<Option<u16>> {
    let mut keep: Vec<bool> = vec![true; cols.len()];
    let needed = |keep: &[bool]| -> u16 {
        let n = keep.iter().filter(|k| **k).count() as u16;
        cols.iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.min)
            .sum::<u16>()
            + n.saturating_sub(1)
    };
    while needed(&keep) > width {
        let drop = cols
            .iter()
            .enumerate()
            .filter(|(i, _)| keep[*i])
            .min_by_key(|(i, c)| (c.priority, std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        match drop {
            Some(i) if keep.iter().filter(|k| **k).count() > 1 => keep[i] = false,
            _ => break,
        }
    }
    let spare = width.saturating_sub(needed(&keep));
    let grow_total: u16 = cols
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c.grow)
        .sum();
    let mut given = 0;
    let mut out: Vec<Option<u16>> = Vec::with_capacity(cols.len());
    let last_grow = cols
        .iter()
        .enumerate()
        .rfind(|(i, c)| keep[*i] && c.grow > 0)
        .map(|(i, _)| i);
    for (i, c) in cols.iter().enumerate() {
        if !keep[i] {
            out.push(None);
            continue;
        }
        let extra = if grow_total == 0 || c.grow == 0 {
            0
        } else if Some(i) == last_grow {
            spare - given
        } else {
            (spare as u32 * c.grow as u32 / grow_total as u32) as u16
        };
        given += extra;
        out.push(Some(c.min + extra));
    }
    out
}

/// A cell: text and its style.
pub type Cell = (String, Style);

/// Draws a header row and `rows` (already the visible slice); `selected` is the cursor's index
/// in `rows`. Cells are fitted to their column by display width.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    cols: &[Column],
    rows: &[Vec<Cell>],
    selected: Option<usize>,
    marked: &dyn Fn(usize) -> bool,
    th: &Theme,
) {
    let widths = layout(cols, area.width);
    let mut lines: Vec<Line> = Vec::with_capacity(rows.len() + 1);
    let header: Vec<Cell> = cols
        .iter()
        .map(|c| (c.title.clone(), th.header()))
        .collect();
    lines.push(fit_line(cols, &widths, &header, Style::default()));
    for (i, row) in rows.iter().enumerate() {
        let base = if Some(i) == selected {
            th.selected()
        } else if marked(i) {
            th.matched()
        } else {
            Style::default()
        };
        lines.push(fit_line(cols, &widths, row, base));
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn fit_line(cols: &[Column], widths: &[Option<u16>], cells: &[Cell], base: Style) -> Line<'static> {
    let mut spans: Vec<Span> = Vec::new();
    let mut first = true;
    let mut used = 0usize;
    for ((c, w), cell) in cols.iter().zip(widths).zip(cells) {
        let Some(w) = w else { continue };
        if !first {
            spans.push(Span::styled(" ", base));
            used += 1;
        }
        first = false;
        let t = if c.right {
            text::fit_right(&cell.0, *w as usize)
        } else {
            text::fit(&cell.0, *w as usize)
        };
        used += *w as usize;
        spans.push(Span::styled(t, base.patch(cell.1)));
    }
    let _ = used;
    Line::from(spans).style(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        vec![
            Column::new("rank", 4, 9, 0).right(),
            Column::new("name", 16, 10, 3),
            Column::new("tier", 8, 5, 0),
            Column::new("district", 12, 1, 1),
        ]
    }

    #[test]
    fn wide_terminals_keep_every_column_and_fill_the_width() {
        let w = layout(&cols(), 80);
        assert!(w.iter().all(Option::is_some));
        let total: u16 = w.iter().flatten().sum::<u16>() + 3;
        assert_eq!(total, 80);
    }

    #[test]
    fn narrow_terminals_drop_low_priority_columns_first() {
        let w = layout(&cols(), 32);
        assert_eq!(w[3], None);
        assert!(w[1].is_some() && w[0].is_some());
        let w = layout(&cols(), 10);
        assert!(w[1].is_some(), "the name stays");
    }
}
