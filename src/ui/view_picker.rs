//! views: the saved views' picker (`V`): each view's name, screen and what it shows, the
//! selected one highlighted; and the yes/no question before a view is written over or deleted.

use super::draw_box;
use super::theme::Theme;
use crate::app::App;
use crate::app::listview::list_of;
use crate::app::saved_views::{Confirm, View};
use crate::i18n::listview_text as list_words;
use crate::i18n::sort_text::SortKeyText as _;
use crate::i18n::views_text as words;
use crate::i18n::{Label as _, Lang, Msg};
use crate::keymap::{FilterKey, PromptKey, Scope, display_key};
use crate::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Draws the picker and the question over `area` (the screen's body), if they show.
pub fn render(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    if let Some(at) = app.saved_views.picker {
        render_picker(f, area, app, at, th);
    }
    if let Some(c) = &app.saved_views.confirm {
        render_confirm(f, area, app, c, th);
    }
}

/// What a view shows, in words: its sort, filter, search and year (or "default").
pub fn describe(v: &View, l: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let arrow = |desc: bool| if desc { "▼" } else { "▲" };
    match list_of(v.screen) {
        None => {
            if let Some((key, desc)) = v.sort {
                let title = key.title().text(l);
                parts.push(format!(
                    "{} {title}{}",
                    list_words::sorted_by(l),
                    arrow(desc)
                ));
            }
            let filters = super::pool::filter_summary(&v.filter, l);
            if !filters.is_empty() {
                parts.push(format!("{} {}", Msg::HdrFilter.text(l), filters.join("·")));
            }
            if !v.search.trim().is_empty() {
                parts.push(format!("{} {}", Msg::HdrSearch.text(l), v.search.trim()));
            }
        }
        Some(_) => {
            if let Some(p) = v.rank_pool {
                parts.push(p.label(l).to_string());
            }
            if let Some(y) = v.year {
                parts.push(format!("{} {y}", list_words::year_word(l).to_lowercase()));
            }
            if let Some(col) = v.list.sort {
                let title = list_words::col_title(col).text(l);
                let desc = v.list.descending();
                parts.push(format!(
                    "{} {title}{}",
                    list_words::sorted_by(l),
                    arrow(desc)
                ));
            }
            if !v.list.filter.is_empty() {
                let values: Vec<String> = (v.list.filter.iter())
                    .map(|(f, code)| list_words::value_label(*f, code, l))
                    .collect();
                parts.push(format!("{} {}", Msg::HdrFilter.text(l), values.join("·")));
            }
        }
    }
    if parts.is_empty() {
        return words::plain(l).to_string();
    }
    parts.join("  ")
}

/// The first key of a filter-menu action, as shown.
fn menu_key(app: &App, action: FilterKey) -> String {
    (app.keys.filter.entries.iter())
        .find(|e| e.action == action)
        .and_then(|e| e.keys.first())
        .map(|k| display_key(k))
        .unwrap_or_default()
}

fn render_picker(f: &mut Frame, area: Rect, app: &App, at: usize, th: &Theme) {
    let l = app.lang;
    let views = &app.saved_views.list;
    // Borders, the column headers and the keys take four rows.
    let w = area.width.saturating_sub(4).min(110);
    let room = area.height.saturating_sub(4).max(1) as usize;
    let inner = w.saturating_sub(2) as usize;
    let names = (views.iter())
        .map(|v| text::width(&v.name))
        .max()
        .unwrap_or(0);
    let name_w = names.clamp(6, (inner / 3).max(6));
    let screen_w = (views.iter())
        .map(|v| text::width(v.view.screen.title().text(l)))
        .max()
        .unwrap_or(0)
        .max(6);
    // A space before each of the three columns.
    let desc_w = inner.saturating_sub(name_w + screen_w + 3);
    let [c_name, c_screen, c_desc] = words::picker_columns(l);
    let row = |name: &str, screen: &str, desc: &str| {
        format!(
            " {} {} {}",
            text::fit(name, name_w),
            text::fit(screen, screen_w),
            text::fit(desc, desc_w)
        )
    };
    let mut lines = vec![Line::from(Span::styled(
        row(c_name, c_screen, c_desc),
        th.header(),
    ))];
    if views.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                " {}",
                text::fit(words::picker_empty(l), inner.saturating_sub(1))
            ),
            th.dim(),
        )));
    }
    let skip = at.saturating_sub(room.saturating_sub(1));
    for (i, v) in views.iter().enumerate().skip(skip).take(room) {
        let style = if i == at {
            th.selected()
        } else {
            ratatui::style::Style::default()
        };
        let text = row(
            &v.name,
            v.view.screen.title().text(l),
            &describe(&v.view, l),
        );
        lines.push(Line::from(Span::styled(text, style)));
    }
    // `j/k`: `ui::key_pair` would write two letters as one (`kj`).
    let down_up = [FilterKey::Down, FilterKey::Up].map(|k| menu_key(app, k));
    let moves = down_up.join("/");
    let keys = words::picker_keys(
        &moves,
        &menu_key(app, FilterKey::Choose),
        &menu_key(app, FilterKey::Back),
        l,
    );
    lines.push(Line::from(Span::styled(
        format!(" {}", text::fit(&keys, inner.saturating_sub(1))),
        th.key(),
    )));
    let title = format!(" {} ", words::picker_title(l));
    draw_box(f, area, title, lines, inner, th);
}

fn render_confirm(f: &mut Frame, area: Rect, app: &App, c: &Confirm, th: &Theme) {
    let l = app.lang;
    let question = match c {
        Confirm::Overwrite { name, .. } => words::ask_overwrite(name, l),
        Confirm::Delete(name) => words::ask_delete(name, l),
    };
    let yes = app.keys.prompt_keys(PromptKey::Yes, Scope::Question, false);
    let no = app.keys.prompt_keys(PromptKey::No, Scope::Question, false);
    let keys = words::question_keys(&yes, &no, l);
    let inner = area.width.saturating_sub(2) as usize;
    let lines = vec![
        Line::from(format!(
            " {} ",
            text::truncate(&question, inner.saturating_sub(2))
        )),
        Line::from(""),
        Line::from(Span::styled(format!(" {keys} "), th.key())),
    ];
    let title = format!(" {} ", words::picker_title(l));
    draw_box(f, area, title, lines, inner, th);
}
