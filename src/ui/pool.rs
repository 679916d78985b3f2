//! The Pool screen: one row per enterprise, sorted, filtered, searchable.

use super::labels;
use super::table::{self, Cell, Column};
use super::theme::{self, Theme};
use crate::app::App;
use crate::domain::{Batch, Colour, Pool, PoolStatus, Tier, VisitState};
use crate::i18n::sort_text::SortKeyText;
use crate::i18n::{Badge, Label};
use crate::i18n::{Lang, Msg, start_text};
use crate::index::IndexRow;
use crate::store::format_date;
use crate::store::queries::{ListFilter, SortKey};
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use time::Date;

/// The header of a column, with `▲`/`▼` when the list is sorted by it.
fn title(l: Lang, msg: Msg, key: Option<SortKey>, sort: SortKey, desc: bool) -> String {
    let t = msg.text(l);
    if key == Some(sort) {
        format!("{t}{}", if desc { "▼" } else { "▲" })
    } else {
        t.to_string()
    }
}

/// The Pool table's columns. `rows` are the visible rows' cells (in column order): the name,
/// lights and district columns ask for the width that shows them in full.
pub fn columns(l: Lang, sort: SortKey, desc: bool, rows: &[Vec<Cell>]) -> Vec<Column> {
    let t = |m, k| title(l, m, k, sort, desc);
    let cells = |i: usize| {
        rows.iter()
            .filter_map(move |r| r.get(i))
            .map(|c| c.0.as_str())
    };
    let lights_min = text::width(&lights_cell(0, 0, 0, l, &Theme::new(false)).0) as u16;
    vec![
        Column::new(t(Msg::ColRank, Some(SortKey::Rank)), 5, 9, 0).right(),
        Column::new(
            Msg::ColPool.text(l),
            labels::widest(Pool::ALL.iter().map(|p| labels::pool_short(*p, l))),
            6,
            0,
        ),
        Column::new(t(Msg::ColName, Some(SortKey::Name)), 24, 10, 0).want(cells(2)),
        Column::new(
            t(Msg::ColTier, Some(SortKey::Tier)),
            labels::widest(Tier::ALL.iter().map(|x| labels::tier_short(*x, l))),
            5,
            0,
        ),
        Column::new(
            t(Msg::ColBatch, Some(SortKey::Batch)),
            labels::widest(Batch::ALL.iter().map(|b| labels::batch_short(*b, l))),
            4,
            0,
        ),
        Column::new(
            Msg::ColStatus.text(l),
            labels::widest(PoolStatus::ALL.iter().map(|s| labels::status_short(*s, l))),
            // Mostly 在库: on a narrow terminal it goes before the commissioner, after the
            // district (the filter and the detail still say it).
            1,
            0,
        ),
        Column::new(t(Msg::ColColour, Some(SortKey::Colour)), lights_min, 8, 0).want(cells(6)),
        Column::new(t(Msg::ColLastVisit, Some(SortKey::LastVisit)), 10, 3, 0),
        Column::new(t(Msg::ColNextVisit, Some(SortKey::NextVisit)), 11, 7, 0),
        Column::new(
            t(Msg::ColCommissionerShort, Some(SortKey::Commissioner)),
            6,
            2,
            0,
        )
        .want(cells(9)),
        Column::new(t(Msg::ColDistrictShort, Some(SortKey::District)), 10, 1, 1)
            .want(cells(10))
            .fit_with(labels::fit_place),
    ]
}

/// `●红2 ●黄1 ●绿3`, each part in its colour; a zero count is dimmed.
pub fn lights_cell(red: u16, yellow: u16, green: u16, l: Lang, th: &Theme) -> Cell {
    // One cell holds one style; the worst non-zero colour styles the whole cell.
    let text = format!(
        "{}{red} {}{yellow} {}{green}",
        theme::badge(Colour::Red, l),
        theme::badge(Colour::Yellow, l),
        theme::badge(Colour::Green, l)
    );
    let style = if red > 0 {
        th.colour(Colour::Red)
    } else if yellow > 0 {
        th.colour(Colour::Yellow)
    } else if green > 0 {
        th.colour(Colour::Green)
    } else {
        th.dim()
    };
    (text, style)
}

/// One enterprise's cells, in column order.
fn row_cells(
    r: &IndexRow,
    [name, commissioner, district]: [&str; 3],
    today: Date,
    l: Lang,
    th: &Theme,
) -> Vec<Cell> {
    let dash = || "—".to_string();
    let plain = Style::default();
    let state = r.visit_state(today);
    let next_style = match state {
        VisitState::Overdue => th.bad(),
        VisitState::Due => th.warn(),
        VisitState::Ok => plain,
    };
    let next = match (r.next_visit, state) {
        (Some(d), VisitState::Overdue) => format!("{}!", format_date(d)),
        (Some(d), _) => format_date(d),
        (None, _) => dash(),
    };
    vec![
        (r.rank.map_or_else(dash, |n| n.to_string()), plain),
        (
            r.pool
                .map_or_else(dash, |x| labels::pool_short(x, l).to_string()),
            plain,
        ),
        (name.to_string(), plain),
        (labels::tier_short(r.tier, l).to_string(), plain),
        (
            r.batch
                .map_or_else(dash, |b| labels::batch_short(b, l).to_string()),
            plain,
        ),
        match r.status {
            Some(s @ (PoolStatus::Out | PoolStatus::Frozen)) => {
                (labels::status_short(s, l).to_string(), th.warn())
            }
            Some(s) => (labels::status_short(s, l).to_string(), plain),
            None => (dash(), plain),
        },
        lights_cell(r.red, r.yellow, r.green, l, th),
        (r.last_visit.map_or_else(dash, format_date), plain),
        (next, next_style),
        (commissioner.to_string(), plain),
        (district.to_string(), plain),
    ]
}

/// The rows shown, the sort and direction of the header, the cursor's row among them, and
/// which of them match the search.
type Shown<'a> = (
    Vec<Vec<Cell>>,
    (SortKey, bool),
    Option<usize>,
    Box<dyn Fn(usize) -> bool + 'a>,
);

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let rows_room = area.height.saturating_sub(1) as usize;
    let shown = match &app.pool {
        Some(_) => index_rows(app, rows_room, th),
        None => start_rows(app, rows_room, th),
    };
    let Some((rows, (sort, desc), selected, marked)) = shown else {
        f.render_widget(Paragraph::new(Msg::Loading.text(l)).style(th.dim()), area);
        return;
    };
    let cols = columns(l, sort, desc, &rows);
    if rows.is_empty() {
        table::draw(f, area, &cols, &[], None, &|_| false, th);
        let rest = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        f.render_widget(Paragraph::new(Msg::Empty.text(l)).style(th.dim()), rest);
        return;
    }
    table::draw(f, area, &cols, &rows, selected, &marked, th);
}

/// The index's view on screen.
fn index_rows<'a>(app: &'a App, room: usize, th: &Theme) -> Option<Shown<'a>> {
    let p = app.pool.as_ref()?;
    let (l, today) = (app.lang, app.today());
    let end = (p.scroll + room).min(p.view_len());
    let rows = (p.scroll..end)
        .filter_map(|pos| p.view_row(pos))
        .filter_map(|i| {
            let r = p.index.rows.get(i as usize)?;
            let words = [
                p.index.name(i as usize),
                p.index.commissioner(r),
                p.index.district(r),
            ];
            Some(row_cells(r, words, today, l, th))
        })
        .collect();
    let scroll = p.scroll;
    let selected = p.selected.checked_sub(scroll);
    let marked = Box::new(move |i: usize| p.is_match(scroll + i));
    Some((rows, (p.sort, p.desc), selected, marked))
}

/// Before the index: the SQL pages in rank order, the index's default view (so the table does
/// not change when the index takes over); `None` until the first page is read.
fn start_rows<'a>(app: &'a App, room: usize, th: &Theme) -> Option<Shown<'a>> {
    let page = &app.pool_start.page;
    if !page.loaded {
        return None;
    }
    let (l, today) = (app.lang, app.today());
    let end = (page.scroll + room).min(page.total);
    let rows = (page.scroll..end)
        .filter_map(|pos| page.get(pos))
        .map(|u| {
            let words = [
                u.name.as_str(),
                u.commissioner.as_deref().unwrap_or(""),
                u.district.as_str(),
            ];
            row_cells(&u.row, words, today, l, th)
        })
        .collect();
    let selected = page.selected.checked_sub(page.scroll);
    Some((rows, (SortKey::Rank, false), selected, Box::new(|_| false)))
}

/// The active filters in words, for the header.
pub fn filter_summary(f: &ListFilter, l: Lang) -> Vec<String> {
    filter_values_current(f, l).into_iter().flatten().collect()
}

/// The current value of each filter dimension (menu order), `None` when unset.
pub fn filter_values_current(f: &ListFilter, l: Lang) -> Vec<Option<String>> {
    vec![
        f.pool.map(|v| v.label(l).to_string()),
        f.batch.map(|v| v.label(l).to_string()),
        f.tier.map(|v| v.label(l).to_string()),
        f.colour.map(|v| v.badge(l)),
        f.visit.map(|v| v.label(l).to_string()),
        f.district.clone(),
        f.commissioner.clone(),
        f.pool_status.map(|v| v.label(l).to_string()),
    ]
}

/// The screen's rows as plain text (for tests and debugging); before the index, the SQL
/// page's.
pub fn visible_names(app: &App) -> Vec<String> {
    let room = app.page_rows();
    let Some(p) = &app.pool else {
        let page = &app.pool_start.page;
        return (page.scroll..(page.scroll + room).min(page.total))
            .filter_map(|i| page.get(i))
            .map(|u| u.name.clone())
            .collect();
    };
    (p.scroll..(p.scroll + room).min(p.view_len()))
        .filter_map(|i| p.name_at(i))
        .map(str::to_string)
        .collect()
}

/// The header's part for the Pool's filter and search (shown on every screen: they hold when
/// the Pool is shown again).
pub fn header(app: &App, th: &Theme) -> Vec<Span<'static>> {
    let l = app.lang;
    let mut spans = Vec::new();
    let sep = || Span::styled(" │ ", th.dim());
    if app.pool.is_none() {
        return start_header(app, th);
    }
    if let Some(p) = &app.pool {
        let parts = filter_summary(&p.filter, l);
        if !parts.is_empty() {
            spans.push(sep());
            spans.push(Span::styled(
                format!("{}: ", Msg::HdrFilter.text(l)),
                th.dim(),
            ));
            spans.push(Span::styled(parts.join(" · "), th.accent()));
        }
        if !p.query.is_empty() {
            spans.push(sep());
            spans.push(Span::styled(
                format!("{}: ", Msg::HdrSearch.text(l)),
                th.dim(),
            ));
            spans.push(Span::styled(p.query.text.clone(), th.accent()));
            spans.push(Span::raw(format!(
                " ({} {})",
                p.match_count(),
                Msg::HdrMatches.text(l)
            )));
        }
    }
    spans
}

/// The header's part before the index: the sort, filter and search asked for (they apply
/// when it arrives), and the status word saying it is loading.
fn start_header(app: &App, th: &Theme) -> Vec<Span<'static>> {
    let l = app.lang;
    let sep = || Span::styled(" │ ", th.dim());
    let mut spans = Vec::new();
    let mut part = |word: &str, value: String| {
        spans.push(sep());
        spans.push(Span::styled(format!("{word}: "), th.dim()));
        spans.push(Span::styled(value, th.accent()));
    };
    if let Some((key, desc)) = app.pool_start.sort {
        let arrow = if desc { "▼" } else { "▲" };
        part(
            start_text::sort_word(l),
            format!("{}{arrow}", key.title().text(l)),
        );
    }
    if let Some(f) = &app.pool_start.filter {
        let parts = filter_summary(f, l);
        if !parts.is_empty() {
            part(Msg::HdrFilter.text(l), parts.join(" · "));
        }
    }
    if let Some(q) = &app.pending_query {
        part(Msg::HdrSearch.text(l), q.text.clone());
    }
    spans.push(sep());
    spans.push(Span::styled(start_text::loading(l).to_string(), th.warn()));
    spans
}
