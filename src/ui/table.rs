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
    /// The narrowest the column may be (the title's width counts too).
    pub min: u16,
    /// Higher stays longer when space runs out.
    pub priority: u8,
    /// Share of the width left once every column has its `want` (0: fixed).
    pub grow: u16,
    /// The width that shows every visible cell in full (0: `min`).
    pub want: u16,
    pub right: bool,
    /// Cuts a cell to the column (default: `text::fit`).
    pub fit: Option<fn(&str, usize) -> String>,
}

impl Column {
    pub fn new(title: impl Into<String>, min: u16, priority: u8, grow: u16) -> Column {
        Column {
            title: title.into(),
            min,
            priority,
            grow,
            want: 0,
            right: false,
            fit: None,
        }
    }

    pub fn right(mut self) -> Column {
        self.right = true;
        self
    }

    /// Asks for enough width to show `cells` in full, given the room.
    pub fn want<'a>(mut self, cells: impl IntoIterator<Item = &'a str>) -> Column {
        self.want = super::labels::widest(cells);
        self
    }

    /// Cuts cells with `f` instead of `text::fit`.
    pub fn fit_with(mut self, f: fn(&str, usize) -> String) -> Column {
        self.fit = Some(f);
        self
    }

    /// The narrowest width: `min`, or the title's width if that is wider.
    fn least(&self) -> u16 {
        self.min
            .max(text::width(&self.title).min(u16::MAX as usize) as u16)
    }
}

/// Which columns fit in `width` and how wide each is (`None` for dropped ones).
///
/// Columns are dropped, lowest priority first, until the rest fit at their minimum width; the
/// spare width then goes to the columns that want more (highest priority first), and what is
/// left is shared out by grow.
pub fn layout(cols: &[Column], width: u16) -> Vec<Option<u16>> {
    let mut keep: Vec<bool> = vec![true; cols.len()];
    let needed = |keep: &[bool]| -> u32 {
        let n = keep.iter().filter(|k| **k).count() as u32;
        cols.iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.least() as u32)
            .sum::<u32>()
            + n.saturating_sub(1)
    };
    while needed(&keep) > width as u32 {
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
    let mut out: Vec<Option<u16>> = cols
        .iter()
        .zip(&keep)
        .map(|(c, k)| k.then(|| c.least()))
        .collect();
    let mut spare = (width as u32).saturating_sub(needed(&keep)) as u16;
    // Wants first, the highest priority first.
    let mut order: Vec<usize> = (0..cols.len()).filter(|i| keep[*i]).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cols[i].priority));
    for &i in &order {
        if let Some(w) = &mut out[i] {
            let more = cols[i].want.saturating_sub(*w).min(spare);
            *w += more;
            spare -= more;
        }
    }
    let grow_total: u32 = cols
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c.grow as u32)
        .sum();
    let last_grow = cols
        .iter()
        .enumerate()
        .rfind(|(i, c)| keep[*i] && c.grow > 0)
        .map(|(i, _)| i);
    let mut given = 0u16;
    for (i, c) in cols.iter().enumerate() {
        let Some(w) = &mut out[i] else { continue };
        let extra = if Some(i) == last_grow {
            spare - given
        } else {
            (spare as u32 * c.grow as u32)
                .checked_div(grow_total)
                .unwrap_or(0) as u16
        };
        given += extra;
        *w += extra;
    }
    out
}

/// A cell: text and its style.
pub type Cell = (String, Style);

/// Draws a header row and `rows` (already the visible slice); `selected` is the cursor's index
/// in `rows`. Cells are fitted to their column by display width.
/// [`draw`] for a list paged from the database: its cursor, nothing marked.
pub fn draw_paged<T>(
    f: &mut Frame,
    area: Rect,
    cols: &[Column],
    rows: &[Vec<Cell>],
    list: &crate::app::paged::Paged<T>,
    th: &Theme,
) {
    let selected = list.selected.checked_sub(list.scroll);
    draw(f, area, cols, rows, selected, &|_| false, th);
}

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
    for ((c, w), cell) in cols.iter().zip(widths).zip(cells) {
        let Some(w) = w else { continue };
        if !first {
            spans.push(Span::styled(" ", base));
        }
        first = false;
        let t = match (c.fit, c.right) {
            (Some(f), _) => f(&cell.0, *w as usize),
            (None, true) => text::fit_right(&cell.0, *w as usize),
            (None, false) => text::fit(&cell.0, *w as usize),
        };
        spans.push(Span::styled(t, base.patch(cell.1)));
    }
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

    #[test]
    fn titles_are_never_cut_and_wants_come_before_shares() {
        let cols = vec![
            Column::new("a long title", 4, 9, 0),
            Column::new("name", 10, 10, 3).want(["新疆克拉玛依天利石化科技有限公司"]),
            Column::new("district", 8, 1, 1),
        ];
        assert_eq!(layout(&cols, 60), vec![Some(12), Some(36), Some(10)]);
        // Not enough for the whole want: the name takes all the spare width.
        assert_eq!(layout(&cols, 40), vec![Some(12), Some(18), Some(8)]);
        // Below the minimum, the district goes first.
        assert_eq!(layout(&cols, 30), vec![Some(12), Some(17), None]);
    }
}
