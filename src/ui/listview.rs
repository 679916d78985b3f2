//! What every list but the Pool shows of its sort and filter: `▲`/`▼` on the sorted column's
//! header, the sort, filter and year in the header's line, the filter menu's facets, and the district
//! column where the pool has more than one district.

use super::labels;
use super::table::Column;
use super::theme::Theme;
use crate::app::listview::{facets, list_of, sorted_by};
use crate::app::{App, ListId};
use crate::i18n::Msg;
use crate::i18n::listview_text as words;
use crate::store::listview::SortCol;
use ratatui::text::Span;

/// A column's header `text`, with `▲`/`▼` when `list` is sorted by `col` (a list in its own
/// order marks no column: its order is what the screen is about, as before sorting came).
pub fn title(app: &App, list: ListId, col: SortCol, text: &str) -> String {
    let q = app.views.get(list);
    match sorted_by(list, &q) {
        (by, desc) if q.sort.is_some() && by == col => {
            format!("{text}{}", if desc { "▼" } else { "▲" })
        }
        _ => text.to_string(),
    }
}

/// Lists narrower than this leave the district column out (it would take the width the
/// names and reasons need; the filter still names a district chosen).
pub const DISTRICT_MIN_WIDTH: u16 = 100;

/// Whether a list `width` columns wide shows a district column: the pool holds more than one
/// district (a district, prefecture or region file) and the list is wide enough.
pub fn show_district(app: &App, width: u16) -> bool {
    width >= DISTRICT_MIN_WIDTH
        && app.pool.as_ref().is_some_and(|p| {
            p.index
                .districts
                .iter()
                .filter(|d| !d.is_empty())
                .take(2)
                .count()
                > 1
        })
}

/// The district column of a list (dropped first when the terminal is narrow), marked when the
/// list is sorted by it.
pub fn district_column<'a>(
    app: &App,
    list: ListId,
    cells: impl IntoIterator<Item = &'a str>,
) -> Column {
    let t = title(
        app,
        list,
        SortCol::District,
        Msg::ColDistrictShort.text(app.lang),
    );
    Column::new(t, 10, 1, 1)
        .want(cells)
        .fit_with(labels::fit_place)
}

/// The header's part for the list shown: its sort (when not its own order), its filter and
/// the year Commissioners and Targets show.
pub fn header(app: &App, th: &Theme) -> Vec<Span<'static>> {
    let l = app.lang;
    let mut spans = Vec::new();
    let Some(list) = list_of(app.screen).filter(|_| app.detail.is_none()) else {
        return spans;
    };
    let sep = || Span::styled(" │ ", th.dim());
    if matches!(list, ListId::Commissioners | ListId::Targets) {
        spans.push(sep());
        spans.push(Span::styled(format!("{} ", words::year_word(l)), th.dim()));
        spans.push(Span::styled(app.list_year(list).to_string(), th.accent()));
    }
    let q = app.views.get(list);
    if q.rolled_up {
        spans.push(sep());
        spans.push(Span::styled(Msg::KeyRollUp.text(l), th.accent()));
    }
    if let Some(col) = q.sort {
        spans.push(sep());
        spans.push(Span::styled(format!("{}: ", words::sorted_by(l)), th.dim()));
        let arrow = if q.descending() { "▼" } else { "▲" };
        let name = words::col_title(col).text(l);
        spans.push(Span::styled(format!("{name}{arrow}"), th.accent()));
    }
    if !q.filter.is_empty() {
        spans.push(sep());
        spans.push(Span::styled(
            format!("{}: ", Msg::HdrFilter.text(l)),
            th.dim(),
        ));
        let parts: Vec<String> = q
            .filter
            .iter()
            .map(|(f, v)| words::value_label(*f, v, l))
            .collect();
        spans.push(Span::styled(parts.join(" · "), th.accent()));
    }
    spans
}

/// The filter menu's facets of a list: each one's name and value.
pub fn menu_dims(app: &App, list: ListId) -> Vec<(String, String)> {
    let l = app.lang;
    let q = app.views.get(list);
    facets(list)
        .iter()
        .map(|dim| {
            let value = q
                .value(*dim)
                .map(|v| words::value_label(*dim, v, l))
                .unwrap_or_else(|| Msg::All.text(l).into());
            (words::facet_title(*dim, l).to_string(), value)
        })
        .collect()
}
