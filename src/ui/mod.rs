//! Drawing: `render` borrows the app state and draws one frame. One module per screen (same names
//! as in `app`), plus the theme and the table layout shared by the list screens.

pub mod agenda;
pub mod alerts;
pub mod certs;
pub mod commissioners;
pub mod detail;
pub mod form;
pub mod history;
pub mod labels;
pub mod listview;
pub mod overlay;
pub mod pool;
pub mod ranking;
pub mod requests;
pub mod review;
pub mod sparkline;
pub mod table;
pub mod targets;
pub mod theme;
pub mod view_picker;

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Overlay, Screen};
use crate::domain::Colour;
use crate::i18n::Msg;
use crate::keymap::{Keymap, Place};
use crate::text;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use theme::Theme;

/// Draws the whole frame.
pub fn render(f: &mut Frame, app: &App) {
    let area = f.area();
    let th = Theme::for_app(app);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // Wrapped as the detail wraps: never a line opening with closing punctuation. Below 8
        // columns a word and its mark may not fit on one line at all: ratatui's wrap shows what
        // it can.
        let msg = Msg::TooSmall.text(app.lang);
        let lines: Vec<Line> = if area.width >= 8 {
            detail::wrap_flat(msg, area.width.into())
        } else {
            vec![msg.to_string()]
        }
        .into_iter()
        .map(Line::from)
        .collect();
        let p = Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .style(th.warn());
        f.render_widget(p, area);
        th.fill(f.buffer_mut());
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
            Screen::Commissioners => commissioners::render(f, body, app, &th),
            Screen::Targets => targets::render(f, body, app, &th),
            Screen::History => history::render(f, body, app, &th),
            Screen::Review => review::render(f, body, app, &th),
        },
    }
    render_footer(f, footer, app, &th);
    match &app.overlay {
        Overlay::Help => render_help(f, body, app, &th),
        Overlay::Filter(_) => overlay::render_filter(f, body, app, &th),
        _ => {}
    }
    view_picker::render(f, body, app, &th);
    form::render(f, area, app, &th);
    unhide_overlay_edges(f.buffer_mut());
    th.fill(f.buffer_mut());
}

/// A box drawn over a table can start on the second half of a wide character: the character's
/// first half stays in the cell before, and the terminal then draws the character over the box's
/// edge (ratatui skips the cell after a wide one). Such characters are blanked so the edge shows.
fn unhide_overlay_edges(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right().saturating_sub(1) {
            let sym = buf[(x, y)].symbol();
            // Wide characters are never one byte: most cells are skipped without measuring.
            if sym.len() > 1 && text::width(sym) > 1 && buf[(x + 1, y)].symbol() != " " {
                buf[(x, y)].set_symbol(" ");
            }
        }
    }
}

/// Line 1: the title and the pool at a glance (shorter words when the line would not fit);
/// line 2: the as-of date, the ranked pool and year on the Ranking screen, filters and search.
fn render_header(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let full = header_counts(app, th, false);
    let first = if Line::from(full.clone()).width() <= area.width as usize {
        full
    } else {
        header_counts(app, th, true)
    };
    let context = Line::from(header_context(app, th));
    // trends: the screen's sparkline at the right of the second line, where it fits.
    let used = context.width();
    let lines = vec![Line::from(first), context];
    f.render_widget(Paragraph::new(lines), area);
    sparkline::draw_header(f, area.rows().nth(1).unwrap_or(area), used, app, th);
}

fn header_counts(app: &App, th: &Theme, short: bool) -> Vec<Span<'static>> {
    let l = app.lang;
    let pick = |full: Msg, brief: Msg| if short { brief.text(l) } else { full.text(l) };
    let mut spans = vec![Span::styled(
        format!(" {} ", Msg::AppName.text(l)),
        th.title(),
    )];
    let (shown, total) = match &app.pool {
        Some(p) => (p.view_len().to_string(), p.index.rows.len().to_string()),
        None => (
            "…".into(),
            app.overview
                .as_ref()
                .map_or("…".into(), |o| o.enterprises.to_string()),
        ),
    };
    spans.push(Span::raw(format!(
        " {shown}/{total} {} ",
        pick(Msg::HdrEnterprises, Msg::HdrEnterprisesShort)
    )));
    let Some(o) = &app.overview else {
        return spans;
    };
    // With a filter on, the colours count the enterprises shown.
    let lights = match &app.pool {
        Some(p) if !p.filter.is_empty() => p.view_lights,
        _ => [o.red, o.yellow, o.green, o.no_projects],
    };
    for (c, n) in [
        (Colour::Red, lights[0]),
        (Colour::Yellow, lights[1]),
        (Colour::Green, lights[2]),
    ] {
        spans.push(Span::styled(
            format!("{}{} ", theme::badge(c, l), n),
            th.colour(c),
        ));
    }
    // Without an active project an enterprise has no colour: counted, so the four add up to
    // the total.
    spans.push(Span::styled(
        format!(
            "{} {} ",
            pick(Msg::HdrNoProjects, Msg::HdrNoProjectsShort),
            lights[3]
        ),
        th.dim(),
    ));
    spans.push(Span::raw(format!(
        "│ {} {} ",
        pick(Msg::HdrWeekVisits, Msg::HdrWeekVisitsShort),
        o.visits_this_week
    )));
    let alarm = |n: usize| if n > 0 { th.bad() } else { Style::default() };
    spans.push(Span::styled(
        format!(
            "{} {} ",
            pick(Msg::HdrOverdue, Msg::HdrOverdueShort),
            o.overdue_visits
        ),
        alarm(o.overdue_visits),
    ));
    spans.push(Span::styled(
        format!(
            "{} {} ",
            pick(Msg::HdrDue, Msg::HdrDueShort),
            o.due_enterprises
        ),
        if o.due_enterprises > 0 {
            th.warn()
        } else {
            Style::default()
        },
    ));
    spans.push(Span::styled(
        format!(
            "{} {}",
            pick(Msg::HdrBreached, Msg::HdrBreachedShort),
            o.requests_breached
        ),
        alarm(o.requests_breached),
    ));
    spans
}

fn header_context(app: &App, th: &Theme) -> Vec<Span<'static>> {
    let l = app.lang;
    let mut spans = Vec::new();
    if app.read_only.is_some() {
        // Said in words too: the colour is not the only signal.
        spans.push(Span::styled(
            format!(" [{}]", Msg::ReadOnlyBadge.text(l)),
            th.warn(),
        ));
    }
    if app.as_of_view() {
        spans.push(Span::styled(
            format!(" [{}]", crate::i18n::asof_text::badge(l)),
            th.warn(),
        ));
    }
    // review: conflicts waiting, only when there are any; early in the line, which the
    // filters and the search may make too long.
    if let Some(n) = app
        .overview
        .as_ref()
        .map(|o| o.conflicts)
        .filter(|n| *n > 0)
    {
        let words = crate::i18n::review_text::waiting(n, l);
        spans.push(Span::styled(format!(" [{words}]"), th.warn()));
    }
    spans.push(Span::styled(
        format!(
            " {} {}",
            Msg::HdrAsOf.text(l),
            crate::store::format_date(app.today())
        ),
        th.dim(),
    ));
    let sep = || Span::styled(" │ ", th.dim());
    // Who changes are stamped with, once the runner has said.
    match &app.me {
        Some(Some(name)) => {
            spans.push(sep());
            spans.push(Span::styled(format!("{} ", Msg::HdrMe.text(l)), th.dim()));
            spans.push(Span::styled(name.clone(), th.accent()));
        }
        Some(None) => {
            spans.push(sep());
            spans.push(Span::styled(Msg::HdrMeUnknown.text(l), th.warn()));
        }
        None => {}
    }
    if app.detail.is_none() && app.screen == Screen::Ranking {
        spans.extend(ranking::header(app, th));
    }
    // itinerary: the Agenda's grouping and "mine only".
    if app.detail.is_none() && app.screen == Screen::Agenda {
        spans.extend(agenda::mode_header(app, th));
    }
    spans.extend(pool::header(app, th));
    spans.extend(listview::header(app, th));
    spans
}

/// The screen tabs: `1 培育库  2 走访日程 …`, the current one highlighted; short titles when the
/// full ones do not fit, then short titles a space closer, and bare numbers for the other tabs
/// when even those do not.
fn render_tabs(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let build = |level: u8| {
        let mut spans = Vec::new();
        // review: the Review screen's tab shows while conflicts wait (or it is open); its key
        // works always.
        let waiting = app.overview.as_ref().is_some_and(|o| o.conflicts > 0);
        let tabs = Screen::ALL
            .iter()
            .filter(|s| **s != Screen::Review || waiting || app.screen == Screen::Review);
        for s in tabs {
            let current = *s == app.screen && app.detail.is_none();
            let title = if level == 0 {
                s.title()
            } else {
                short_title(*s)
            };
            let label = if level >= 3 && !current {
                format!(" {} ", s.digit())
            } else if level == 2 {
                // history: ten tabs at 80 columns keep their short titles, closer together.
                format!("{} {} ", s.digit(), title.text(l))
            } else {
                format!(" {} {} ", s.digit(), title.text(l))
            };
            let style = if current { th.tab_active() } else { th.tab() };
            spans.push(Span::styled(label, style));
        }
        if app.detail.is_some() {
            spans.push(Span::styled(
                format!(" ▸ {} ", Msg::ScreenDetail.text(l)),
                th.tab_active(),
            ));
        }
        Line::from(spans)
    };
    let fits = |line: &Line| line.width() <= area.width as usize;
    let line = [build(0), build(1), build(2)]
        .into_iter()
        .find(fits)
        .unwrap_or_else(|| build(3));
    f.render_widget(Paragraph::new(line), area);
}

fn short_title(s: Screen) -> Msg {
    match s {
        Screen::Pool => Msg::ScreenPoolShort,
        Screen::Agenda => Msg::ScreenAgendaShort,
        Screen::Alerts => Msg::ScreenAlertsShort,
        Screen::Ranking => Msg::ScreenRankingShort,
        Screen::Certs => Msg::ScreenCertsShort,
        Screen::Requests => Msg::ScreenRequestsShort,
        Screen::Commissioners => Msg::ScreenCommissionersShort,
        Screen::Targets => Msg::ScreenTargetsShort,
        Screen::History => Msg::ScreenHistoryShort,
        Screen::Review => Msg::ScreenReviewShort,
    }
}

/// The footer: the input line when typing, a status message, or the main keys.
fn render_footer(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let room = area.width as usize;
    let input = |prompt: &'static str, text: &str| {
        Line::from(vec![
            Span::styled(prompt, th.accent()),
            Span::raw(tail(text, room.saturating_sub(2))),
            Span::styled("▏", th.accent()),
        ])
    };
    // A prompt takes every key: the footer says which work there, not the screen's.
    let prompt_keys = match (&app.form, &app.prompt) {
        (None, Some(prompt)) => Some(prompt_keys(&app.keys, prompt, l)),
        _ => None,
    };
    let line = match &app.overlay {
        Overlay::Search(i) => input("/", &i.text),
        Overlay::Command(i) => input(":", &i.text),
        // A message said at start (an unknown config key, who else has the file open) stays
        // in view; the prompt's box says its keys too.
        _ if let (None, Some(keys)) = (&app.status, prompt_keys) => {
            Line::from(Span::styled(format!(" {keys}"), th.key()))
        }
        _ => match &app.status {
            Some(s) => Line::from(Span::styled(s.clone(), th.warn())),
            None => {
                // The footer gives each key its description up to any parenthesis; the help
                // overlay has the whole of it.
                let place = Place::new(app.screen, app.detail.is_some());
                let mut keys: Vec<(String, &str)> = app
                    .keys
                    .footer(l, place)
                    .into_iter()
                    .map(|(k, d)| (k, before_parenthesis(d)))
                    .collect();
                // Until the line fits, drop the screen's keys from the last one back; `?` (which
                // lists them all) and the keys after it stay longest.
                let width = |keys: &[(String, &str)]| {
                    keys.iter()
                        .map(|(k, d)| text::width(k) + text::width(d) + 3)
                        .sum::<usize>()
                };
                while width(&keys) > room && keys.len() > 1 {
                    let help = keys.iter().position(|(k, _)| k == "?");
                    let drop = match help {
                        Some(h) if h > 0 => h - 1,
                        Some(h) => keys.len() - 1 - usize::from(h == keys.len() - 1),
                        None => keys.len() - 1,
                    };
                    keys.remove(drop);
                }
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

/// What the footer says while `prompt` has the keyboard, with the keys in effect.
fn prompt_keys(keys: &Keymap, prompt: &crate::app::Prompt, l: crate::i18n::Lang) -> String {
    use crate::app::Prompt;
    use crate::i18n::keys_text;
    use crate::keymap::{PromptKey as P, Scope};
    let question = |a| keys.prompt_keys(a, Scope::Question, false);
    let choose_me = |a, all| keys.prompt_keys(a, Scope::ChooseMe, all);
    match prompt {
        Prompt::Draft(_) => keys_text::draft_keys(&question(P::Yes), &question(P::No), l),
        Prompt::UndoOthers { .. } => {
            keys_text::undo_others_keys(&question(P::Yes), &question(P::No), l)
        }
        Prompt::ChooseMe(_) => {
            let moves = key_pair(&choose_me(P::Up, false), &choose_me(P::Down, false));
            keys_text::choose_me_keys(
                &moves,
                &choose_me(P::Choose, false),
                &choose_me(P::Later, true),
                l,
            )
        }
    }
}

/// Two keys that go together: two arrows read as one pair (`↑↓`, `←→`); other keys need a
/// separator (`k/j`).
pub(crate) fn key_pair(a: &str, b: &str) -> String {
    match text::width(a) + text::width(b) {
        2 => format!("{a}{b}"),
        _ => format!("{a}/{b}"),
    }
}

/// `Search (name, …)` → `Search`.
fn before_parenthesis(d: &str) -> &str {
    let cut = [d.find(" ("), d.find('（'), d.find('(')]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(d.len());
    let head = d[..cut].trim_end();
    if head.is_empty() { d } else { head }
}

/// The end of `s` that fits in `cols` columns (what is being typed stays in view).
fn tail(s: &str, cols: usize) -> String {
    let mut used = 0;
    let mut start = s.len();
    for (i, ch) in s.char_indices().rev() {
        let w = text::width(ch.encode_utf8(&mut [0; 4]));
        if used + w > cols {
            break;
        }
        used += w;
        start = i;
    }
    s[start..].to_string()
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

/// The help overlay: every key that works here, generated from the keymap, in as many columns
/// as the height needs; descriptions are cut to the width.
fn render_help(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let items = app
        .keys
        .help(l, Place::new(app.screen, app.detail.is_some()));
    if items.is_empty() || area.width < 4 || area.height < 3 {
        return;
    }
    let key_w = items.iter().map(|(k, _)| text::width(k)).max().unwrap_or(4);
    let desc_w = items.iter().map(|(_, d)| text::width(d)).max().unwrap_or(8);
    let inner_w = area.width.saturating_sub(2) as usize;
    // Rows for the keys: the box's inside, less a blank line and the commands line.
    let room = (area.height.saturating_sub(2) as usize)
        .saturating_sub(2)
        .max(1);
    let ncols = items.len().div_ceil(room);
    let nrows = items.len().div_ceil(ncols);
    // Each entry: ` key  desc`; entries are separated by two spaces.
    let entry_w = (inner_w.saturating_sub(2 * (ncols - 1)) / ncols).min(key_w + 3 + desc_w);
    let desc_room = entry_w.saturating_sub(key_w + 3);
    let mut lines: Vec<Line> = (0..nrows)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..ncols {
                let Some((k, d)) = items.get(c * nrows + r) else {
                    continue;
                };
                if c > 0 {
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(format!(" {} ", text::fit(k, key_w)), th.key()));
                spans.push(Span::raw(format!(" {}", text::fit(d, desc_room))));
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        text::truncate(&format!(" {}", Msg::HelpCommands.text(l)), inner_w),
        th.dim(),
    )));
    let title = format!(" {} ", Msg::HelpTitle.text(l));
    draw_box(f, area, title, lines, inner_w, th);
}

/// `lines` in a titled box centred in `area`, as wide as they need (at most `inner_w` inside).
pub(crate) fn draw_box(
    f: &mut Frame,
    area: Rect,
    title: String,
    lines: Vec<Line>,
    inner_w: usize,
    th: &Theme,
) {
    let w = lines
        .iter()
        .map(Line::width)
        .chain([text::width(&title) + 2])
        .max()
        .unwrap_or(20)
        .min(inner_w) as u16
        + 2;
    let rect = centered(area, w, lines.len() as u16 + 2);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(th.accent());
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
