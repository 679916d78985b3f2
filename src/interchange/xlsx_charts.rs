//! Native spreadsheet charts in a workbook of tables: a chart sheet first, then the tables, then
//! a sheet holding each chart's data. Every series reads its categories, values and name from
//! cell ranges of the data sheet, so Excel, WPS and LibreOffice draw the charts from the cells
//! (and redraw them when a cell is edited) rather than from a picture.

use super::rows::Table;
use super::xlsx_out::{MAX_WIDTH, add_sheet, sheet_name, write_table};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFormat, ChartLegendPosition, ChartLine, ChartMarker,
    ChartMarkerType, ChartSolidFill, ChartType, Format, Workbook, XlsxError,
};

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Columns of the series stacked on each other, one stack per category.
    StackedColumn,
    /// Columns of the series side by side, one cluster per category.
    Column,
    /// Horizontal bars side by side, categories down the side (first row on top).
    Bar,
    /// One line per series, a marker on each category.
    Line,
}

/// One chart and the data it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub title: String,
    pub category_axis: String,
    pub value_axis: String,
    /// The chart's data: the first column names the categories, and each series reads one other
    /// column, named by its header.
    pub data: Table,
    /// Each series: its column in `data` and its colour (`0xRRGGBB`).
    pub series: Vec<(usize, u32)>,
    /// The value axis shows percentages (the values are fractions).
    pub percent: bool,
    /// Written on the chart sheet in the chart's place when `data` has no rows.
    pub empty: String,
}

/// The charts of a workbook and the names of their two sheets.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    /// The chart sheet's first line.
    pub heading: String,
    pub chart_sheet: String,
    pub data_sheet: String,
    pub charts: Vec<ChartSpec>,
}

/// Pixels of a default row: charts are stacked down the chart sheet by rows.
const ROW_PX: u32 = 20;

/// The category (first) column of each chart's block on the data sheet: blocks side by side,
/// one empty column between them, so every block's header is row 1 and its data starts on row 2.
fn block_columns(charts: &[ChartSpec]) -> Vec<u16> {
    let mut at = 0u16;
    charts
        .iter()
        .map(|c| {
            let here = at;
            let width = u16::try_from(c.data.headers.len().max(1)).unwrap_or(u16::MAX);
            at = at.saturating_add(width).saturating_add(1);
            here
        })
        .collect()
}

/// The chart's size in pixels: wide enough for its categories (column and line charts), tall
/// enough for them (bar charts).
fn chart_size(spec: &ChartSpec) -> (u32, u32) {
    let n = u32::try_from(spec.data.rows.len()).unwrap_or(u32::MAX);
    let per = u32::try_from(spec.series.len().max(1)).unwrap_or(1);
    match spec.kind {
        ChartKind::Bar => (
            720,
            (120 + n.saturating_mul(14 * per + 10)).clamp(320, 2400),
        ),
        ChartKind::Line => (720, 360),
        ChartKind::StackedColumn | ChartKind::Column => (
            (160 + n.saturating_mul(18 * per + 24)).clamp(720, 2400),
            400,
        ),
    }
}

/// One chart reading its data from the block whose category column is `col0` on `data_sheet`.
fn chart(spec: &ChartSpec, data_sheet: &str, col0: u16) -> Result<Chart, XlsxError> {
    let mut chart = Chart::new(match spec.kind {
        ChartKind::StackedColumn => ChartType::ColumnStacked,
        ChartKind::Column => ChartType::Column,
        ChartKind::Bar => ChartType::Bar,
        ChartKind::Line => ChartType::Line,
    });
    let last = u32::try_from(spec.data.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    for &(column, colour) in &spec.series {
        let col = u16::try_from(column)
            .ok()
            .and_then(|c| c.checked_add(col0))
            .ok_or(XlsxError::RowColumnLimitError)?;
        let mut format = ChartFormat::new();
        match spec.kind {
            ChartKind::Line => {
                format.set_line(ChartLine::new().set_color(colour).set_width(2.25));
            }
            _ => {
                format.set_solid_fill(ChartSolidFill::new().set_color(colour));
            }
        }
        let series = chart
            .add_series()
            .set_name((data_sheet, 0, col))
            .set_categories((data_sheet, 1, col0, last, col0))
            .set_values((data_sheet, 1, col, last, col))
            .set_format(&mut format);
        if spec.kind == ChartKind::Line {
            series.set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(6)
                    .set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(colour))
                            .set_border(ChartLine::new().set_color(colour)),
                    ),
            );
        }
        if spec.kind == ChartKind::StackedColumn {
            series.set_gap(60);
        }
    }
    chart.title().set_name(&spec.title);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    // Bar charts swap the axes: x is the value axis, y the category axis.
    let category = match spec.kind {
        ChartKind::Bar => chart.y_axis(),
        _ => chart.x_axis(),
    };
    category.set_name(&spec.category_axis);
    if spec.kind == ChartKind::Bar {
        // The first row on top, as in the table, with the value axis kept at the bottom.
        category.set_reverse().set_crossing(ChartAxisCrossing::Max);
    }
    let value = match spec.kind {
        ChartKind::Bar => chart.x_axis(),
        _ => chart.y_axis(),
    };
    value.set_name(&spec.value_axis).set_min(0);
    if spec.percent {
        value.set_num_format("0%");
    } else {
        // Counts: no 0.5 steps on a small pool.
        value.set_num_format("0");
    }
    let (width, height) = chart_size(spec);
    chart.set_width(width).set_height(height);
    chart.set_alt_text(&spec.title);
    Ok(chart)
}

/// `name` made a sheet name not yet in `taken`: marked `+`, `++`, … as the report's tables are.
fn unique_name(name: &str, taken: &[String]) -> String {
    let base = sheet_name(name);
    let mut name = base.clone();
    let mut marks = 0;
    while taken.contains(&name) {
        marks += 1;
        name = base.chars().take(31usize.saturating_sub(marks)).collect();
        name.push_str(&"+".repeat(marks));
    }
    name
}

/// The tables as the bytes of an .xlsx workbook, one sheet each, with `charts` on a sheet before
/// them and the charts' data on a sheet after them.
pub fn to_bytes(tables: &[Table], charts: &Charts) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let taken: Vec<String> = tables.iter().map(|t| sheet_name(&t.name)).collect();
    let chart_sheet = unique_name(&charts.chart_sheet, &taken);
    let mut taken = taken;
    taken.push(chart_sheet.clone());
    let data_sheet = unique_name(&charts.data_sheet, &taken);
    let columns = block_columns(&charts.charts);

    let sheet = book.add_worksheet();
    sheet.set_name(&chart_sheet)?;
    sheet.write_string_with_format(0, 0, &charts.heading, &Format::new().set_bold())?;
    // Printed (or saved as PDF) on landscape pages one chart wide, not cut down the middle.
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    let mut row = 2u32;
    let mut breaks = Vec::new();
    for (spec, &col0) in charts.charts.iter().zip(&columns) {
        // Each drawn chart starts a printed page.
        if row > 2 && !spec.data.rows.is_empty() {
            breaks.push(row - 1);
        }
        if spec.data.rows.is_empty() {
            sheet.write_string(row, 0, &spec.title)?;
            sheet.write_string(row + 1, 0, &spec.empty)?;
            row += 3;
            continue;
        }
        let chart = chart(spec, &data_sheet, col0)?;
        sheet.insert_chart(row, 0, &chart)?;
        row += chart_size(spec).1.div_ceil(ROW_PX) + 2;
    }
    sheet.set_page_breaks(&breaks)?;

    for t in tables {
        add_sheet(&mut book, t)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(&data_sheet)?;
    for (spec, &col0) in charts.charts.iter().zip(&columns) {
        let widths = write_table(sheet, &spec.data, 0, col0)?;
        for (c, w) in widths.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)? + col0;
            sheet.set_column_width(c, (*w).clamp(6, MAX_WIDTH) as f64)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_sheet_name_gets_a_mark() {
        let taken = vec!["图表".to_string(), "图表+".to_string()];
        assert_eq!(unique_name("图表", &taken), "图表++");
        assert_eq!(unique_name("图表数据", &taken), "图表数据");
        assert_eq!(unique_name("a:b", &[]), "ab");
    }
}
