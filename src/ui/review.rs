//! The Review screen (待核对): one row per conflict (record, field, the value shown now and the
//! others, who wrote each, when and in which file), and the chooser of one conflict's values
//! drawn over it. The provisional value is marked in words (`暂用`), not by colour alone.

use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, Chooser};
use crate::i18n::review_text as rt;
use crate::i18n::{Lang, Msg};
use crate::store::review::ReviewRow;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The widest a record's own name (a project's, …) is shown in the list.
const ITEM_COLS: usize = 24;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.review.list;
    if list.loaded && list.total == 0 {
        let text = format!(" {}", Msg::NoConflicts.text(l));
        f.render_widget(Paragraph::new(text).style(th.dim()), area);
        return;
    }
    let cells: Vec<[String; 5]> = list.rows.iter().map(|r| row_cells(r, l)).collect();
    let column = |i: usize| cells.iter().map(move |c| c[i].as_str());
    // The values are what a person decides on: they get their width first, then the field;
    // the record's name and where each value came from share what is left.
    let cols = vec![
        Column::new(Msg::ColRecord.text(l), 12, 8, 1),
        Column::new(Msg::ColField.text(l), 8, 9, 0).want(column(1)),
        Column::new(Msg::ColProvisional.text(l), 8, 10, 0).want(column(2)),
        Column::new(Msg::ColOtherValues.text(l), 8, 10, 0).want(column(3)),
        Column::new(Msg::ColSources.text(l), 12, 5, 1),
    ];
    let room = area.height.saturating_sub(1) as usize;
    // Loaded whole: the rows start at the list's first.
    let rows: Vec<Vec<Cell>> = cells
        .iter()
        .skip(list.scroll)
        .take(room)
        .map(|c| {
            vec![
                (c[0].clone(), Style::default()),
                (c[1].clone(), Style::default()),
                (c[2].clone(), th.warn()),
                (c[3].clone(), Style::default()),
                (c[4].clone(), th.dim()),
            ]
        })
        .collect();
    table::draw_paged(f, area, &cols, &rows, list, th);
    if let Some((c, row)) = app.review.chosen() {
        render_chooser(f, area, row, c, l, th);
    }
}

/// Record, field, the value shown now, the others, and where each came from.
fn row_cells(r: &ReviewRow, l: Lang) -> [String; 5] {
    let c = &r.conflict;
    let record = match &r.item {
        // A project's name can be long: cut so the record does not take the sources' room.
        Some(item) => format!("{} · {}", c.record, text::truncate(item, ITEM_COLS)),
        None => c.record.clone(),
    };
    let values: Vec<String> = (0..c.candidates.len()).map(|i| value(r, i, l)).collect();
    let sources: Vec<String> = (0..c.candidates.len())
        .map(|i| {
            let (k, b) = (&c.candidates[i], &r.beside[i]);
            format!(
                "{} {} {}",
                rt::who(b.who_name.as_deref(), k.who.as_deref(), l),
                rt::when(b.at, false),
                rt::file(&k.origin_label, &k.origin, b.here, l)
            )
        })
        .collect();
    [
        record,
        rt::field(&c.table, &c.column, l),
        values.first().cloned().unwrap_or_default(),
        values.get(1..).unwrap_or_default().join(" │ "),
        sources.join(" │ "),
    ]
}

/// Candidate `i`'s value in words.
fn value(r: &ReviewRow, i: usize, l: Lang) -> String {
    let c = &r.conflict;
    let k = &c.candidates[i];
    let name = r.beside.get(i).and_then(|b| b.value_name.as_deref());
    rt::value(&c.table, &c.column, k.value.as_deref(), name, l)
}

/// The box of one conflict's choices: each value (or, for a deletion, keep it or restore),
/// marked `暂用` where it is the one shown now, with who, when and the file and its level.
fn render_chooser(f: &mut Frame, area: Rect, row: &ReviewRow, ch: &Chooser, l: Lang, th: &Theme) {
    let c = &row.conflict;
    let inner = area.width.saturating_sub(6) as usize;
    let marker = format!("[{}]", Msg::RvProvisional.text(l));
    let mut lines: Vec<Line> = Vec::new();
    for (pos, &i) in row.choices().iter().enumerate() {
        let (k, b) = (&c.candidates[i], &row.beside[i]);
        let mut head = value(row, i, l);
        if row.is_deletion() {
            head = rt::deletion_option(k.value.as_deref() == Some("1"), &head, l);
        }
        let file = rt::file(&k.origin_label, &k.origin, b.here, l);
        let source = format!(
            "{}  {}  {}",
            rt::who(b.who_name.as_deref(), k.who.as_deref(), l),
            rt::when(b.at, true),
            rt::file_and_level(&file, &k.origin_level, l)
        );
        let base = if pos == ch.selected {
            th.selected()
        } else {
            Style::default()
        };
        let cursor = if pos == ch.selected { "▸ " } else { "  " };
        let room = inner.saturating_sub(text::width(&marker) + text::width(&source) + 6);
        let mark = if k.shown {
            marker.clone()
        } else {
            " ".repeat(text::width(&marker))
        };
        lines.push(
            Line::from(vec![
                Span::styled(cursor, base),
                Span::styled(text::truncate(&head, room.max(8)), base),
                Span::styled("  ", base),
                Span::styled(mark, base.patch(th.warn())),
                Span::styled("  ", base),
                Span::styled(source, base.patch(th.dim())),
            ])
            .style(base),
        );
    }
    if row.is_deletion() && !row.restorable {
        lines.push(Line::from(""));
        let note = text::truncate(Msg::RvNotRestorable.text(l), inner);
        lines.push(Line::from(Span::styled(note, th.dim())));
    }
    let title = rt::chooser_title(&c.record, &rt::field(&c.table, &c.column, l), l);
    let title = text::truncate(&title, inner.saturating_sub(2));
    super::draw_box(f, area, title, lines, inner, th);
}
