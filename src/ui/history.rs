//! The History screen (变更记录): one row per logged change (when, who, what kind of record,
//! which record, what changed before → after), newest first; under the table, the selected
//! change in full (what was done, and each field on its own line), since a row cuts them.

use super::listview;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, ListId};
use crate::i18n::Msg;
use crate::i18n::history_text as words;
use crate::store::history::HistoryRow;
use crate::store::listview::SortCol;
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Rows the selected change takes under the table at least (a rule, what was done, the
/// record, a field); more when it changed more fields and the screen is tall.
const PREVIEW_ROWS: u16 = 4;

/// The record column asks for at most this share of the width (1/5): the change beside it is
/// what the screen is for.
const RECORD_SHARE: u16 = 5;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.history;
    if list.loaded && list.total == 0 {
        let text = format!(" {}", Msg::NoChanges.text(l));
        f.render_widget(Paragraph::new(text).style(th.dim()), area);
        return;
    }
    // The selected change in full, when the table keeps at least twice the rows it gives up.
    let fields = list.selected_row().map_or(0, |r| r.fields.len() as u16);
    let preview = if area.height >= 3 * PREVIEW_ROWS {
        (3 + fields).clamp(PREVIEW_ROWS, area.height / 3)
    } else {
        0
    };
    let table_area = Rect {
        height: area.height - preview,
        ..area
    };
    let room = table_area.height.saturating_sub(1) as usize;
    // The app keeps the cursor within a full list area: the rows given to the preview are
    // made up by scrolling further here.
    let scroll = list.scroll.max((list.selected + 1).saturating_sub(room));
    let this_year = app.today().year();
    let cells: Vec<[String; 5]> = (scroll..scroll + room)
        .filter_map(|i| list.get(i))
        .map(|r| {
            [
                words::when(r, this_year),
                words::who(r, l),
                words::kind(&r.entity, l).to_string(),
                words::record(r),
                format!(
                    "{}{}{}",
                    words::reverting(r, l),
                    words::summary(r, l),
                    words::undone_mark(r, l)
                ),
            ]
        })
        .collect();
    let column = |i: usize| cells.iter().map(move |c| c[i].as_str());
    let t = |c: SortCol, m: Msg| listview::title(app, ListId::History, c, m.text(l));
    let cols = vec![
        Column::new(t(SortCol::When, Msg::ColWhen), 11, 9, 0).want(column(0)),
        Column::new(t(SortCol::Commissioner, Msg::ColWho), 6, 6, 0).want(column(1)),
        Column::new(t(SortCol::Record, Msg::ColKind), 4, 7, 0).want(column(2)),
        {
            let mut c = Column::new(Msg::ColRecord.text(l), 10, 8, 1).want(column(3));
            c.want = c.want.min(area.width / RECORD_SHARE);
            c
        },
        Column::new(Msg::ColChange.text(l), 14, 10, 3),
    ];
    let rows: Vec<Vec<Cell>> = (scroll..)
        .zip(&cells)
        .map(|(i, c)| {
            // A change undone since reads dimmer (and says so in words).
            let style = match list.get(i) {
                Some(r) if r.undone => th.dim(),
                _ => Style::default(),
            };
            vec![
                (c[0].clone(), th.dim()),
                (c[1].clone(), th.accent()),
                (c[2].clone(), style),
                (c[3].clone(), style),
                (c[4].clone(), style),
            ]
        })
        .collect();
    let selected = list.selected.checked_sub(scroll);
    table::draw(f, table_area, &cols, &rows, selected, &|_| false, th);
    if preview > 0
        && let Some(r) = list.selected_row()
    {
        let at = Rect {
            y: area.y + table_area.height,
            height: preview,
            ..area
        };
        render_preview(f, at, app, r, th);
    }
}

/// The selected change in full: a rule, when · who · what was done, the record, each field.
fn render_preview(f: &mut Frame, area: Rect, app: &App, r: &HistoryRow, th: &Theme) {
    let l = app.lang;
    let width = area.width as usize;
    let rule = "─".repeat(width);
    // What was done, when the change has a group's label (a bulk import's rows may not).
    let what = words::what(r, l);
    let what = if what.is_empty() {
        what
    } else {
        format!(" · {what}")
    };
    let head = format!(
        " {} · {}{what}{}",
        crate::i18n::review_text::when(r.at, true),
        words::who(r, l),
        words::undone_mark(r, l)
    );
    let record = format!(
        " {} · {} · {}",
        words::kind(&r.entity, l),
        words::change_kind(r.kind, l),
        words::record(r)
    );
    let mut lines = vec![
        Line::from(Span::styled(rule, th.dim())),
        Line::from(Span::styled(text::truncate(&head, width), th.accent())),
        Line::from(text::truncate(&record, width)),
    ];
    let room = (area.height as usize).saturating_sub(lines.len());
    let fields: Vec<String> = r
        .fields
        .iter()
        .map(|c| format!("   {}", words::field_change(&r.entity, c, r.kind, l)))
        .collect();
    // The last row says how many more when they do not all fit.
    let shown = if fields.len() > room {
        room.saturating_sub(1)
    } else {
        fields.len()
    };
    for line in fields.iter().take(shown) {
        lines.push(Line::from(text::truncate(line, width)));
    }
    if shown < fields.len() {
        let more = format!("   … +{}", fields.len() - shown);
        lines.push(Line::from(Span::styled(more, th.dim())));
    }
    f.render_widget(Paragraph::new(lines), area);
}
