//! The Alerts screen: every red and yellow project, worst first, with the reason.

use super::labels;
use super::listview;
use super::table::{self, Cell, Column};
use super::theme::{self, Theme};
use crate::app::{AlertLine, App, ListId};
use crate::domain::ProjectLevel;
use crate::i18n::Label;
use crate::i18n::{Msg, alert_text, bureau_text};
use crate::store::bureau::SupportAction;
use crate::store::listview::SortCol;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let l = app.lang;
    let list = &app.alerts;
    let room = area.height.saturating_sub(1) as usize;
    let rows: Vec<Vec<Cell>> = (list.scroll..list.scroll + room)
        .filter_map(|i| list.get(i))
        .map(|line| {
            let a = match line {
                AlertLine::Project(a) => a,
                AlertLine::OverdueAction(x) => return action_cells(x, app, th),
            };
            let c = a.alert.colour;
            let reason = a
                .alert
                .reasons
                .first()
                .map(|r| alert_text::alert_reason(r, l))
                .unwrap_or_default();
            let short = a
                .alert
                .reasons
                .first()
                .map(|r| alert_text::alert_reason_short(r, l))
                .unwrap_or_default();
            vec![
                (theme::badge(c, l), th.colour(c)),
                (a.row.enterprise.clone(), Style::default()),
                (a.row.project.clone(), Style::default()),
                (a.row.level.label(l).to_string(), Style::default()),
                (reason, th.colour(c)),
                (a.row.district.clone(), Style::default()),
                (short, th.colour(c)),
            ]
        })
        .collect();
    let several = listview::show_district(app, area.width);
    let levels: Vec<&str> = ProjectLevel::ALL.iter().map(|x| x.label(l)).collect();
    // The reason is what the screen is for: it stays longest after the colour. Where the full
    // reasons do not fit, the short ones (lateness first) take their place and free the width.
    let columns = |rows: &[Vec<Cell>], reason_min: u16| {
        let cells = |i: usize| {
            rows.iter()
                .filter_map(move |r| r.get(i))
                .map(|c| c.0.as_str())
        };
        let t = |c: SortCol, m: Msg| listview::title(app, ListId::Alerts, c, m.text(l));
        let mut cols = vec![
            Column::new(t(SortCol::Colour, Msg::ColColour), 3, 10, 0),
            Column::new(t(SortCol::Name, Msg::ColName), 16, 8, 0).want(cells(1)),
            Column::new(Msg::ColProject.text(l), 16, 6, 0).want(cells(2)),
            Column::new(
                t(SortCol::Level, Msg::ColLevel),
                labels::widest(levels.clone()),
                2,
                0,
            ),
            Column::new(t(SortCol::Date, Msg::ColReason), reason_min, 9, 1).want(cells(4)),
        ];
        if several {
            cols.push(listview::district_column(app, ListId::Alerts, cells(5)));
        }
        cols
    };

    let mut cols = columns(&rows, 34);
    let fits = table::layout(&cols, area.width)[4].is_some_and(|w| w >= cols[4].want);
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|mut r| {
            if let Some(short) = r.pop()
                && !fits
            {
                r[4] = short;
            }
            r
        })
        .collect();
    if !fits {
        let shortest = labels::widest(rows.iter().map(|r| r[4].0.as_str()));
        cols = columns(&rows, shortest.clamp(12, 34));
    }
    table::draw_paged(f, area, &cols, &rows, list, th);
}

/// An overdue support action: `✗` (not a colour badge: it is not a project), the enterprise, the
/// action, `帮扶`, and how late it is with who is responsible.
fn action_cells(a: &SupportAction, app: &App, th: &Theme) -> Vec<Cell> {
    let l = app.lang;
    let late = a
        .overdue_days(app.today())
        .map(|n| bureau_text::overdue_days(n, l))
        .unwrap_or_default();
    let who: Vec<&str> = [a.unit.as_str(), a.person.as_str()]
        .into_iter()
        .filter(|x| !x.trim().is_empty())
        .collect();
    let due = a.due_on.map(crate::store::format_date).unwrap_or_default();
    vec![
        ("✗".to_string(), th.bad()),
        (a.enterprise.clone(), Style::default()),
        (a.action.clone(), Style::default()),
        (Msg::LblSupport.text(l).to_string(), Style::default()),
        (
            format!("{late} ({due}) {}", who.join(" "))
                .trim_end()
                .to_string(),
            th.bad(),
        ),
        (a.district.clone(), Style::default()),
        (late, th.bad()),
    ]
}

/// trends: red and yellow projects at each month's end, for the header (full, then compact;
/// nothing until the background has computed them).
pub fn trend(app: &App, th: &Theme) -> Vec<Vec<ratatui::text::Span<'static>>> {
    use super::sparkline::{compact, current, series};
    use crate::domain::Colour;
    use crate::i18n::trends_text::Word;
    let Some(c) = current(app).and_then(|t| t.colours.as_ref()) else {
        return Vec::new();
    };
    let l = app.lang;
    let (red, yellow) = (
        theme::short(Colour::Red, l),
        theme::short(Colour::Yellow, l),
    );
    let (rs, ys) = (th.colour(Colour::Red), th.colour(Colour::Yellow));
    let months = Word::Months.text(crate::domain::trends::MONTHS, l);
    // The full words (红色, Red) where there is room; 红, R beside the bare bars.
    let word = |c| crate::i18n::charts_text::colour_series(c, l);
    let mut full = vec![ratatui::text::Span::styled(format!("{months}  "), th.dim())];
    full.extend(series(word(Colour::Red), &c.red, rs, th));
    full.push(ratatui::text::Span::raw("  "));
    full.extend(series(word(Colour::Yellow), &c.yellow, ys, th));
    let mut short = compact(red, &c.red, rs, th);
    short.push(ratatui::text::Span::raw(" "));
    short.extend(compact(yellow, &c.yellow, ys, th));
    vec![full, short]
}
