//! The Agenda screen: overdue planned visits and those of the coming week, with a month calendar.

use super::labels;
use super::listview;
use super::table::{self, Cell, Column};
use super::theme::Theme;
use crate::app::{App, ListId};
use crate::domain::VisitMode;
use crate::i18n::itinerary_text as words;
use crate::i18n::{Label, Lang, Msg};
use crate::store::format_date;
use crate::store::itinerary::{AgendaRow, GroupHead};
use crate::store::listview::SortCol;
use crate::store::queries::AgendaItem;
use crate::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use time::{Date, Duration, Weekday};

/// The calendar's width: a left border, then seven 5-column days.
const CALENDAR_WIDTH: u16 = 1 + 7 * 5;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let (list_area, cal_area) = if area.width >= 100 {
        let [a, b] = Layout::horizontal([Constraint::Min(60), Constraint::Length(CALENDAR_WIDTH)])
            .areas(area);
        (a, Some(b))
    } else {
        (area, None)
    };
    let list = &app.agenda;
    let today = app.today();
    let room = list_area.height.saturating_sub(1) as usize;
    // itinerary: a group's header takes a row of its own, drawn across the columns below.
    let mut heads: Vec<(usize, &GroupHead)> = Vec::new();
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i).map(|r| (i, r)))
        .map(|(i, r)| match r {
            AgendaRow::Head(h) => {
                heads.push((i - list.scroll, h));
                vec![(String::new(), Style::default())]
            }
            AgendaRow::Visit(v) => visit_cells(v, today, l, th),
        })
        .collect();
    let cells = |i: usize| {
        rows.iter()
            .filter_map(move |r| r.get(i))
            .map(|c| c.0.as_str())
    };
    let states = [Msg::Overdue, Msg::Today].map(|m| m.text(l));
    let modes = VisitMode::ALL.iter().map(|m| m.label(l));
    let t = |c: SortCol, m: Msg| listview::title(app, ListId::Agenda, c, m.text(l));
    let cols = vec![
        Column::new(t(SortCol::Date, Msg::ColDate), 10, 9, 0),
        Column::new(Msg::ColStatus.text(l), labels::widest(states), 8, 0),
        Column::new(t(SortCol::Name, Msg::ColName), 24, 10, 0).want(cells(2)),
        Column::new(t(SortCol::Mode, Msg::ColMode), labels::widest(modes), 4, 0),
        Column::new(t(SortCol::Commissioner, Msg::ColCommissionerShort), 6, 3, 0).want(cells(4)),
        // The agenda names the district always (a commissioner plans a route by it).
        listview::district_column(app, ListId::Agenda, cells(5)),
    ];
    table::draw_paged(f, list_area, &cols, &rows, list, th);
    for (offset, h) in heads {
        let selected = list.scroll + offset == list.selected;
        draw_group_head(f, list_area, offset, h, selected, l, th);
    }
    if let Some(cal) = cal_area {
        render_calendar(f, cal, app, th);
    }
}

/// A visit's cells: day, state (overdue in the overdue colour, today's in the warning one),
/// name, mode, commissioner, district.
fn visit_cells(v: &AgendaItem, today: Date, l: Lang, th: &Theme) -> Vec<Cell> {
    let (state, style) = if v.overdue {
        (Msg::Overdue.text(l), th.bad())
    } else if v.planned_on == today {
        (Msg::Today.text(l), th.warn())
    } else {
        ("", Style::default())
    };
    vec![
        (format_date(v.planned_on), style),
        (state.to_string(), style),
        (v.enterprise.clone(), Style::default()),
        (v.mode.label(l).to_string(), Style::default()),
        (v.commissioner.clone().unwrap_or_default(), Style::default()),
        (v.district.clone(), Style::default()),
    ]
}

/// A group's header across the table's row `offset` (below the column titles): the week or
/// district and its count, the overdue in the overdue colour.
fn draw_group_head(
    f: &mut Frame,
    area: Rect,
    offset: usize,
    h: &GroupHead,
    selected: bool,
    l: Lang,
    th: &Theme,
) {
    let y = area.y + 1 + offset as u16;
    if y >= area.bottom() {
        return;
    }
    let row = Rect::new(area.x, y, area.width, 1);
    let (head, overdue) = words::group_head_parts(h, l);
    let base = if selected {
        th.selected()
    } else {
        Style::default()
    };
    let line = Line::from(vec![
        Span::styled("▸ ", base.patch(th.dim())),
        Span::styled(head, base.patch(th.header())),
        Span::styled(overdue, base.patch(th.bad())),
    ])
    .style(base);
    f.render_widget(Clear, row);
    f.render_widget(Paragraph::new(line).style(base), row);
}

/// itinerary: the header's part on the Agenda: the grouping on, and "mine only" with whose.
pub fn mode_header(app: &App, th: &Theme) -> Vec<Span<'static>> {
    let l = app.lang;
    let sep = || Span::styled(" │ ", th.dim());
    let mut spans = vec![
        sep(),
        Span::styled(format!("{} ", words::grouping_word(l)), th.dim()),
        Span::styled(
            words::grouping_name(app.itinerary.grouping, l).to_string(),
            th.accent(),
        ),
    ];
    if let Some(name) = app.agenda_mode().mine {
        spans.push(sep());
        spans.push(Span::styled(words::mine_only(&name, l), th.accent()));
    }
    spans
}

/// A month grid with the number of planned visits on each day.
fn render_calendar(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let today = app.today();
    let first = today.replace_day(1).unwrap_or(today);
    let heads = match l {
        crate::i18n::Lang::Zh => ["一", "二", "三", "四", "五", "六", "日"],
        crate::i18n::Lang::En => ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
    };
    // Each day is 5 columns: the day right-aligned in 2, then `·N` (visits planned) or blanks.
    let mut lines = vec![Line::from(Span::styled(
        heads
            .iter()
            .map(|h| format!(" {}  ", text::fit_right(h, 2)))
            .collect::<String>(),
        th.header(),
    ))];
    let mut spans: Vec<Span> = Vec::new();
    let lead = first.weekday().number_days_from_monday() as usize;
    for _ in 0..lead {
        spans.push(Span::raw("     "));
    }
    let mut day = first;
    while day.month() == first.month() {
        let n = app
            .calendar
            .iter()
            .find(|(d, _)| *d == day)
            .map_or(0, |(_, n)| *n);
        let mut style = if n > 0 { th.accent() } else { th.dim() };
        if day == today {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let count = match n {
            0 => "  ".to_string(),
            1..=9 => format!("·{n}"),
            _ => "·+".to_string(),
        };
        spans.push(Span::styled(format!(" {:>2}{count}", day.day()), style));
        if day.weekday() == Weekday::Sunday {
            lines.push(Line::from(std::mem::take(&mut spans)));
        }
        day = day.saturating_add(Duration::days(1));
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    let block = Block::default()
        .borders(Borders::LEFT)
        .title(format!(
            " {} {}-{:02} ",
            Msg::CalendarTitle.text(l),
            first.year(),
            first.month() as u8
        ))
        .border_style(th.dim());
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// trends: visits done in each of the last weeks, for the header (full, then compact; nothing
/// until the background has computed them).
pub fn trend(app: &App, th: &Theme) -> Vec<Vec<Span<'static>>> {
    use super::sparkline::{compact, current, series};
    use crate::i18n::trends_text::Word;
    let Some(weeks) = current(app).and_then(|t| t.visits.as_ref()) else {
        return Vec::new();
    };
    let (l, n) = (app.lang, crate::domain::trends::WEEKS);
    vec![
        series(&Word::VisitsDone.text(n, l), weeks, th.accent(), th),
        compact(&Word::VisitsShort.text(n, l), weeks, th.accent(), th),
    ]
}
