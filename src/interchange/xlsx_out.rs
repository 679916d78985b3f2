//! Writing tables as an .xlsx workbook: typed cells (dates as dates, numbers as numbers), a bold
//! frozen header row with a filter, and column widths that fit the text (Chinese counted double).

use super::columns::Ty;
use super::rows::{Out, Table};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The widest a column gets, in character widths.
pub(super) const MAX_WIDTH: usize = 60;

/// The number format of money columns.
const AMOUNT_FORMAT: &str = "#,##0";

/// The number format of shares (`Out::Percent`): `97.3%`.
const PERCENT_FORMAT: &str = "0.0%";

/// The number format of changes (`Out::Change`): `+3`, `-2`, `0`.
const CHANGE_FORMAT: &str = "+0;-0;0";

fn excel_date(d: time::Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?,
        u8::from(d.month()),
        d.day(),
    )
}

/// Display width of a number written with thousands separators.
fn amount_width(i: i64) -> usize {
    let digits = i.unsigned_abs().to_string().len();
    digits + (digits - 1) / 3 + usize::from(i < 0)
}

/// `name` as a sheet name: without the characters a sheet name cannot hold, at most 31 long.
pub(super) fn sheet_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// Writes `table` (its header row, then its rows) with its top left cell at (`row0`, `col0`),
/// and returns the width each of its columns needs, in character widths.
pub(super) fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    row0: u32,
    col0: u16,
) -> Result<Vec<usize>, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(0xE2EFDA)
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let datetime_s = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let amount = Format::new().set_num_format(AMOUNT_FORMAT);
    let text = Format::new().set_num_format("@");
    let percent = Format::new().set_num_format(PERCENT_FORMAT);
    let change = Format::new().set_num_format(CHANGE_FORMAT);
    let column = |c: usize| {
        u16::try_from(c)
            .ok()
            .and_then(|c| c.checked_add(col0))
            .ok_or(XlsxError::RowColumnLimitError)
    };
    let mut widths: Vec<usize> = table
        .headers
        .iter()
        .map(|h| crate::text::width(h) + 2)
        .collect();
    for (c, h) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(row0, column(c)?, h, &header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1)
            .ok()
            .and_then(|r| r.checked_add(row0))
            .ok_or(XlsxError::RowColumnLimitError)?;
        for (c, cell) in row.iter().enumerate() {
            let col = column(c)?;
            // The workbook holds the value; the display text is for Markdown.
            let cell = match cell {
                Out::Shown(value, _) => value.as_ref(),
                other => other,
            };
            let ty = table.types.get(c).copied().unwrap_or(Ty::Text);
            let w = match cell {
                Out::Empty => 0,
                Out::Text(s) => {
                    sheet.write_string_with_format(r, col, s, &text)?;
                    crate::text::width(s)
                }
                Out::Int(i) if ty == Ty::Amount => {
                    sheet.write_number_with_format(r, col, *i as f64, &amount)?;
                    amount_width(*i)
                }
                Out::Int(i) => {
                    sheet.write_number(r, col, *i as f64)?;
                    i.to_string().len()
                }
                Out::Real(x) => {
                    sheet.write_number(r, col, *x)?;
                    super::number_text(*x).len()
                }
                Out::Percent(x) => {
                    sheet.write_number_with_format(r, col, *x, &percent)?;
                    cell.text().len() + 1
                }
                Out::Change(d) => {
                    sheet.write_number_with_format(r, col, *d as f64, &change)?;
                    cell.text().len()
                }
                // Not nested by the report; written as its text if it ever is.
                Out::Shown(_, shown) => {
                    sheet.write_string_with_format(r, col, shown, &text)?;
                    crate::text::width(shown)
                }
                // A date a spreadsheet cannot hold (before 1900, stored before the range rule)
                // is written as text rather than failing the whole export.
                Out::Date(d) => match excel_date(*d) {
                    Ok(x) => {
                        sheet.write_datetime_with_format(r, col, &x, &date)?;
                        10
                    }
                    Err(_) => {
                        sheet.write_string_with_format(r, col, cell.text(), &text)?;
                        cell.text().len()
                    }
                },
                Out::DateTime(t) => {
                    let dt = excel_date(t.date()).and_then(|d| {
                        d.and_hms(u16::from(t.hour()), t.minute(), f64::from(t.second()))
                    });
                    let Ok(dt) = dt else {
                        sheet.write_string_with_format(r, col, cell.text(), &text)?;
                        if let Some(m) = widths.get_mut(c) {
                            *m = (*m).max(cell.text().len() + 2);
                        }
                        continue;
                    };
                    if t.second() == 0 {
                        sheet.write_datetime_with_format(r, col, &dt, &datetime)?;
                        16
                    } else {
                        sheet.write_datetime_with_format(r, col, &dt, &datetime_s)?;
                        19
                    }
                }
            };
            if let Some(m) = widths.get_mut(c) {
                *m = (*m).max(w + 2);
            }
        }
    }
    Ok(widths)
}

/// Adds one sheet holding `table`.
pub(super) fn add_sheet(book: &mut Workbook, table: &Table) -> Result<(), XlsxError> {
    let sheet: &mut Worksheet = book.add_worksheet();
    let name = sheet_name(&table.name);
    if !name.is_empty() {
        sheet.set_name(name)?;
    }
    let widths = write_table(sheet, table, 0, 0)?;
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).clamp(6, MAX_WIDTH) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !table.headers.is_empty() {
        let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
        sheet.autofilter(0, 0, last_row, (table.headers.len() - 1) as u16)?;
    }
    Ok(())
}

/// The tables as the bytes of an .xlsx workbook, one sheet each.
pub fn to_bytes(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    for t in tables {
        add_sheet(&mut book, t)?;
    }
    if tables.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_of_amounts() {
        assert_eq!(amount_width(1_234_567), 9);
        assert_eq!(amount_width(-100), 4);
        assert_eq!(amount_width(0), 1);
    }
}
