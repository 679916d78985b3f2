//! The charts of the district report's workbook, for the bureau: enterprises by alert colour and
//! district (stacked columns), each commissioner's visits done against due (clustered columns),
//! target progress (bars: actual against target, as shares of the target) and red/yellow
//! enterprises by month (lines). Each chart's data is a small table the workbook writes on its
//! chart-data sheet; the charts read their ranges from there.

use super::colour_days::{ByColour, colours_on, slot};
use super::district::{Report, int, new_table, text};
use crate::config::Config;
use crate::domain::Colour;
use crate::i18n::bureau_text::district_text;
use crate::i18n::charts_text::{self as ct, Word};
use crate::i18n::{Label, Lang, Msg};
use crate::interchange::columns::Ty;
use crate::interchange::rows::Out;
use crate::interchange::xlsx_charts::{ChartKind, ChartSpec, Charts};
use crate::store::{Result, bureau, format_date};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use time::{Date, Month, PrimitiveDateTime};

/// The fill of each alert colour, as the screens show them: red, amber (a yellow that reads on
/// white paper) and green.
fn colour_rgb(c: Colour) -> u32 {
    match c {
        Colour::Red => 0xD9_36_3E,
        Colour::Yellow => 0xF2_B8_00,
        Colour::Green => 0x2E_9E_4F,
    }
}

/// What is asked for (due visits, the target): grey, behind what was done.
const ASKED_RGB: u32 = 0xA6_A6_A6;
/// What was done (visits done, the actual): blue, a colour no alert uses.
const DONE_RGB: u32 = 0x2F_6E_BA;

/// The last day of each month of `today`'s year up to `today`, the current month's being today.
pub fn month_ends(today: Date) -> Vec<Date> {
    let year = today.year();
    let mut days = Vec::new();
    let mut month = Month::January;
    loop {
        let last = time::util::days_in_month(month, year);
        let end = Date::from_calendar_date(year, month, last).unwrap_or(today);
        if month == today.month() {
            days.push(today);
            break;
        }
        days.push(end.min(today));
        month = month.next();
    }
    days
}

/// The districts of the live enterprises, in GB/T 2260 code order, those without a district
/// last: (enterprise id → group, group names).
fn district_groups(conn: &Connection, l: Lang) -> Result<(HashMap<String, usize>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, coalesce(district, ''), coalesce(district_code, '') FROM enterprises
         WHERE deleted_at IS NULL",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // (no district, code, name): named districts by code (uncoded ones after, by name).
    let mut keys: BTreeMap<(bool, String, String), usize> = BTreeMap::new();
    for (_, name, code) in &rows {
        let key = (
            name.trim().is_empty(),
            code.clone(),
            name.trim().to_string(),
        );
        keys.entry(key).or_default();
    }
    let mut names = Vec::with_capacity(keys.len());
    for (i, ((none, _, name), g)) in keys.iter_mut().enumerate() {
        *g = i;
        names.push(if *none {
            Word::NoDistrict.text(l).to_string()
        } else {
            name.clone()
        });
    }
    let group_of = rows
        .into_iter()
        .map(|(id, name, code)| {
            let key = (name.trim().is_empty(), code, name.trim().to_string());
            let g = keys.get(&key).copied().unwrap_or(0);
            (id, g)
        })
        .collect();
    Ok((group_of, names))
}

/// Headers and types of a chart's table: the category column, then count columns.
fn count_table(
    category: &str,
    series: &[&str],
    rows: Vec<Vec<Out>>,
) -> crate::interchange::rows::Table {
    let mut headers = vec![category];
    headers.extend_from_slice(series);
    let mut types = vec![Ty::Text];
    types.extend(std::iter::repeat_n(Ty::Count, series.len()));
    new_table("", &headers, &types, rows)
}

/// The colour charts: enterprises by colour and district on the report's day, and red/yellow
/// enterprises at each month's end of its year; one pass over the projects for both.
fn colour_charts(
    conn: &Connection,
    today: Date,
    l: Lang,
    config: &Config,
) -> Result<(ChartSpec, ChartSpec)> {
    let (group_of, names) = district_groups(conn, l)?;
    let days = month_ends(today);
    let counts = colours_on(conn, &days, &group_of, names.len(), config)?;
    let series_of = |colours: &[Colour]| -> Vec<(usize, u32)> {
        colours
            .iter()
            .enumerate()
            .map(|(i, c)| (i + 1, colour_rgb(*c)))
            .collect()
    };
    let headers = |colours: &[Colour]| -> Vec<&'static str> {
        colours.iter().map(|c| ct::colour_series(*c, l)).collect()
    };
    let row = |name: String, by: &ByColour, colours: &[Colour]| -> Vec<Out> {
        let mut cells = vec![text(name)];
        cells.extend(colours.iter().map(|c| int(by[slot(*c)])));
        cells
    };

    let all = Colour::ALL;
    let on_day = counts.last().cloned().unwrap_or_default();
    let rows = names
        .iter()
        .zip(&on_day.enterprises)
        // A district none of whose enterprises has an active project has no colour to show.
        .filter(|(_, by)| by.iter().sum::<usize>() > 0)
        .map(|(name, by)| row(name.clone(), by, all))
        .collect();
    let districts = ChartSpec {
        kind: ChartKind::StackedColumn,
        title: ct::districts_title(&format_date(today), l),
        category_axis: Msg::ColDistrict.text(l).to_string(),
        value_axis: Word::Enterprises.text(l).to_string(),
        data: count_table(Msg::ColDistrict.text(l), &headers(all), rows),
        series: series_of(all),
        percent: false,
        empty: Word::NoData.text(l).to_string(),
    };

    let red_yellow = [Colour::Red, Colour::Yellow];
    let rows = days
        .iter()
        .zip(&counts)
        .map(|(day, c)| {
            let mut total = ByColour::default();
            for by in &c.enterprises {
                for (t, n) in total.iter_mut().zip(by) {
                    *t += n;
                }
            }
            row(ct::month(day.month(), l), &total, &red_yellow)
        })
        .collect();
    let months = ChartSpec {
        kind: ChartKind::Line,
        title: ct::months_title(today.year(), &format_date(today), l),
        category_axis: Word::Month.text(l).to_string(),
        value_axis: Word::Enterprises.text(l).to_string(),
        data: count_table(Word::Month.text(l), &headers(&red_yellow), rows),
        series: series_of(&red_yellow),
        percent: false,
        empty: Word::NoData.text(l).to_string(),
    };
    Ok((districts, months))
}

/// Each commissioner's visits of the year: done against what the cadence asks for.
fn visit_chart(
    conn: &Connection,
    now: PrimitiveDateTime,
    l: Lang,
    config: &Config,
) -> Result<ChartSpec> {
    let year = now.date().year();
    let figures = bureau::commissioner_figures(conn, year, now, config)?;
    let rows = figures
        .iter()
        .map(|f| {
            vec![
                text(f.name.clone()),
                int(f.visits_expected as usize),
                int(f.visits_done as usize),
            ]
        })
        .collect();
    Ok(ChartSpec {
        kind: ChartKind::Column,
        title: ct::visits_title(year, l),
        category_axis: Msg::ColCommissioner.text(l).to_string(),
        value_axis: Word::Visits.text(l).to_string(),
        data: count_table(
            Msg::ColCommissioner.text(l),
            &[Msg::ColVisitsExpected.text(l), Msg::ColVisitsDone.text(l)],
            rows,
        ),
        series: vec![(1, ASKED_RGB), (2, DONE_RGB)],
        percent: false,
        empty: Word::NoData.text(l).to_string(),
    })
}

/// The year's targets: the actual as a share of the target (the target is 100 %), so metrics
/// counted in enterprises, percentages and yuan share one axis.
fn target_chart(conn: &Connection, today: Date, l: Lang) -> Result<ChartSpec> {
    let year = today.year();
    let targets = bureau::target_rows(conn, year, today)?;
    let rows = targets
        .iter()
        .map(|t| {
            let metric = t.metric.label(l);
            let name = if t.district.is_empty() {
                metric.to_string()
            } else {
                ct::target_category(&district_text(&t.district, l), metric)
            };
            vec![
                text(name),
                Out::Percent(1.0),
                t.progress.map_or(Out::Empty, |p| Out::Percent(p / 100.0)),
            ]
        })
        .collect();
    Ok(ChartSpec {
        kind: ChartKind::Bar,
        title: ct::targets_title(year, l),
        category_axis: Msg::ColMetric.text(l).to_string(),
        value_axis: Word::ShareOfTarget.text(l).to_string(),
        data: new_table(
            "",
            &[
                Msg::ColMetric.text(l),
                Msg::ColTarget.text(l),
                Msg::ColActual.text(l),
            ],
            &[Ty::Text, Ty::Real, Ty::Real],
            rows,
        ),
        series: vec![(1, ASKED_RGB), (2, DONE_RGB)],
        percent: true,
        empty: Msg::NoTargets.text(l).to_string(),
    })
}

/// The report's charts, with the data they read, as of the report's day.
pub fn charts(
    conn: &Connection,
    r: &Report,
    now: PrimitiveDateTime,
    l: Lang,
    config: &Config,
) -> Result<Charts> {
    let today = now.date();
    let (districts, months) = colour_charts(conn, today, l, config)?;
    Ok(Charts {
        heading: format!(
            "{} · {} {}",
            r.title,
            Msg::HdrAsOf.text(l),
            format_date(r.as_of)
        ),
        chart_sheet: Word::ChartSheet.text(l).to_string(),
        data_sheet: Word::DataSheet.text(l).to_string(),
        charts: vec![
            districts,
            visit_chart(conn, now, l, config)?,
            target_chart(conn, today, l)?,
            months,
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn month_ends_run_to_today() {
        assert_eq!(
            month_ends(date!(2026 - 03 - 10)),
            vec![
                date!(2026 - 01 - 31),
                date!(2026 - 02 - 28),
                date!(2026 - 03 - 10)
            ]
        );
        assert_eq!(
            month_ends(date!(2024 - 01 - 01)),
            vec![date!(2024 - 01 - 01)]
        );
        let year = month_ends(date!(2024 - 12 - 31));
        assert_eq!(year.len(), 12);
        assert_eq!(year[1], date!(2024 - 02 - 29));
        assert_eq!(year[11], date!(2024 - 12 - 31));
    }
}
