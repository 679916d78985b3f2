//! Drawing: `render` borrows the app state and draws one frame. One module per screen (same names
//! as in `app`), plus the theme and the table layout shared by the list screens.

pub mod agenda;
pub mod alerts;
pub mod certs;
pub mod detail;
pub mod labels;
pub mod pool;
pub mod ranking;
pub mod requests;
pub mod table;
pub mod theme;

use crate::app::{App, FILTER_DIMS, MIN_HEIGHT, MIN_WIDTH, Overlay, Screen, filter_values};
use crate::i18n::Msg;
use crate::keymap;
use crate::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use theme::Theme;

/// Draws the whole frame.
pub fn render(f: &mut Frame, app: &App) {
    let area = f.area();
    let th = Theme::new(app.colour);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Msg::TooSmall.text(app.lang);
        let p = Paragraph::new(msg)
            .wrap(Wrap { trim: true })
            .style(th.warn());
        f.render_widget(p, area);
        return;
    }
    let [header, tabs, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(f, header, app, &th);
    render_tabs(f, tabs, app, &th);
    match &app.detail {
        Some(d) => detail::render(f, body, app, d, &th),
        None => match app.screen {
            Screen::Pool => pool::render(f, body, app, &th),
            Screen::Agenda => agenda::render(f, body, app, &th),
            Screen::Alerts => alerts::render(f, body, app, &th),
            Screen::Ranking => ranking::render(f, body, app, &th),
            Screen::Certs => certs::render(f, body, app, &th),
            Screen::Requests => requests::render(f, body, app, &th),
        },
    }
    render_footer(f, footer, app, &th);
    match &app.overlay {
        Overlay::Help => render_help(f, body, app, &th),
        Overlay::Filter(_) => render_filter(f, body, app, &th),
        _ => {}
    }
}

/// Line 1: the title and the pool at a glance; line 2: filters and search.
fn render_header(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let mut spans = vec![Span::styled(
        format!(" {} ", Msg::AppName.text(l)),
        th.title(),
    )];
    let (shown, total) = match &app.pool {
        Some(p) => (p.view.len().to_string(), p.index.rows.len().to_string()),
        None => (
            "…".into(),
            app.overview
                .as_ref()
                .map_or("…".into(), |o| o.enterprises.to_string()),
        ),
    };
    spans.push(Span::raw(format!(
        " {}/{} {} ",
        shown,
        total,
        Msg::HdrEnterprises.text(l)
    )));
    if let Some(o) = &app.overview {
        for (c, n) in [
            (crate::domain::Colour::Red, o.red),
            (crate::domain::Colour::Yellow, o.yellow),
            (crate::domain::Colour::Green, o.green),
        ] {
            spans.push(Span::styled(
                format!("{}{} ", theme::badge(c, l), n),
                th.colour(c),
            ));
        }
        spans.push(Span::raw(format!(
            "│ {} {} ",
            Msg::HdrWeekVisits.text(l),
            o.visits_this_week
        )));
        spans.push(Span::styled(
            format!("{} {} ", Msg::HdrOverdue.text(l), o.overdue_visits),
            if o.overdue_visits > 0 {
                th.bad()
            } else {
                Style::default()
            },
        ));
        spans.push(Span::styled(
            format!("{} {} ", Msg::HdrBreached.text(l), o.requests_breached),
            if o.requests_breached > 0 {
                th.bad()
            } else {
                Style::default()
            },
        ));
    }
    spans.push(Span::styled(
        format!(
            "│ {} {}",
            Msg::HdrAsOf.text(l),
            crate::store::format_date(app.today())
        ),
        th.dim(),
    ));
    let mut second: Vec<Span> = Vec::new();
    if let Some(p) = &app.pool {
        let parts = pool::filter_summary(&p.filter, l);
        if !parts.is_empty() {
            second.push(Span::styled(
                format!(" {}: ", Msg::HdrFilter.text(l)),
                th.dim(),
            ));
            second.push(Span::styled(parts.join(" · "), th.accent()));
            second.push(Span::raw("  "));
        }
        if !p.query.is_empty() {
            second.push(Span::styled(
                format!(" {}: ", Msg::HdrSearch.text(l)),
                th.dim(),
            ));
            second.push(Span::styled(p.query.text.clone(), th.accent()));
            second.push(Span::raw(format!(
                " ({} {})",
                p.matches.len(),
                Msg::HdrMatches.text(l)
            )));
        }
    }
    let lines = vec![Line::from(spans), Line::from(second)];
    f.render_widget(Paragraph::new(lines), area);
}

/// The screen tabs: `1 培育库  2 走访日程 …`, the current one highlighted.
fn render_tabs(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let mut spans = Vec::new();
    for (i, s) in Screen::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, s.title().text(l));
        let style = if *s == app.screen && app.detail.is_none() {
            th.tab_active()
        } else {
            th.tab()
        };
        spans.push(Span::styled(label, style));
    }
    if app.detail.is_some() {
        spans.push(Span::styled(
            format!(" ▸ {} ", Msg::ScreenDetail.text(l)),
            th.tab_active(),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer: the input line when typing, a status message, or the main keys.
fn render_footer(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let line = match &app.overlay {
        Overlay::Search(i) => Line::from(vec![
            Span::styled("/", th.accent()),
            Span::raw(i.text.clone()),
            Span::styled("▏", th.accent()),
        ]),
        Overlay::Command(i) => Line::from(vec![
            Span::styled(":", th.accent()),
            Span::raw(i.text.clone()),
            Span::styled("▏", th.accent()),
        ]),
        _ => match &app.status {
            Some(s) => Line::from(Span::styled(s.clone(), th.warn())),
            None => {
                let keys = keymap::footer(
                    l,
                    app.detail.is_some(),
                    app.screen == Screen::Pool,
                    app.screen == Screen::Ranking,
                );
                let mut spans = Vec::new();
                for (k, d) in keys {
                    spans.push(Span::styled(format!(" {k}"), th.key()));
                    spans.push(Span::styled(format!(" {d} "), th.dim()));
                }
                Line::from(spans)
            }
        },
    };
    f.render_widget(Paragraph::new(line), area);
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn render_help(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let items = keymap::help(
        l,
        app.detail.is_some(),
        app.screen == Screen::Pool,
        app.screen == Screen::Ranking,
    );
    let key_w = items.iter().map(|(k, _)| text::width(k)).max().unwrap_or(4);
    let mut lines: Vec<Line> = items
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(format!(" {} ", text::fit(k, key_w)), th.key()),
                Span::raw(format!(" {d}")),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!(" {}", Msg::HelpCommands.text(l)),
        th.dim(),
    )));
    let w = lines.iter().map(|l| l.width() as u16).max().unwrap_or(20) + 4;
    let rect = centered(area, w, lines.len() as u16 + 2);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", Msg::HelpTitle.text(l)))
        .border_style(th.accent());
    f.render_widget(Paragraph::new(lines).block(block), rect);
}

fn render_filter(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let Overlay::Filter(menu) = &app.overlay else {
        return;
    };
    let Some(p) = &app.pool else { return };
    let current = pool::filter_values_current(&p.filter, l);
    let mut lines: Vec<Line> = Vec::new();
    match &menu.values {
        None => {
            for (i, dim) in FILTER_DIMS.iter().enumerate() {
                let style = if i == menu.dim {
                    th.selected()
                } else {
                    Style::default()
                };
                let value = current
                    .get(i)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| Msg::All.text(l).into());
                lines.push(Line::from(vec![
                    Span::styled(format!(" {} ", text::fit(dim.text(l), 12)), style),
                    Span::styled(format!(" {value} "), th.accent()),
                ]));
            }
        }
        Some((_, cursor)) => {
            let values = filter_values(menu.dim, &p.index, l);
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
