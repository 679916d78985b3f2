//! Reading a spreadsheet (.xlsx as written by Excel or WPS, also .xls and .ods): the first sheet
//! unless one is named, with typed cells (numbers, dates, text).

use super::{Cell, FileError, Row, Sheet};
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;
use time::{Date, Month, PrimitiveDateTime, Time};

/// A calamine date cell as a date (midnight) or a date-time, rounded to the second.
fn date_cell(d: &calamine::ExcelDateTime) -> Cell {
    if !d.is_datetime() {
        return Cell::Number(d.as_f64());
    }
    let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
    let date = Month::try_from(mo)
        .ok()
        .and_then(|m| Date::from_calendar_date(i32::from(y), m, da).ok());
    let time = Time::from_hms(h, mi, s).ok();
    match (date, time) {
        (Some(date), Some(time)) => {
            let mut t = PrimitiveDateTime::new(date, time);
            if ms >= 500 {
                t = t.saturating_add(time::Duration::SECOND);
            }
            if t.time() == Time::MIDNIGHT {
                Cell::Date(t.date())
            } else {
                Cell::DateTime(t)
            }
        }
        _ => Cell::Number(d.as_f64()),
    }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            // A CSV export opened and saved again keeps the `'` put before formula characters.
            let t = super::unguard_formula(s.trim());
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t.to_string())
            }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Reads the sheet named `sheet`, or the first one.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet, FileError> {
    let bad = |message: String| FileError::Spreadsheet {
        path: path.to_path_buf(),
        message,
    };
    let mut book = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(source) => FileError::Read {
            path: path.to_path_buf(),
            source,
        },
        other => bad(other.to_string()),
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().eq_ignore_ascii_case(want.trim()))
            })
            .cloned()
            .ok_or_else(|| FileError::NoSheet {
                path: path.to_path_buf(),
                sheet: want.to_string(),
                available: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| bad("it has no sheets".into()))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| bad(format!("sheet {name:?}: {e}")))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let rows: Vec<Row> = range
        .rows()
        .enumerate()
        .map(|(i, r)| Row {
            line: first_row + i + 1,
            cells: r.iter().map(cell).collect(),
        })
        .collect();
    let sheet = Sheet::from_rows(rows);
    if sheet.headers.is_empty() {
        return Err(FileError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;
    use time::macros::{date, datetime};

    fn dt(serial: f64, is_1904: bool) -> Data {
        Data::DateTime(calamine::ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            is_1904,
        ))
    }

    #[test]
    fn date_cells_follow_the_workbooks_date_system() {
        // 1900 system: serial 46347 is 2026-11-21 (Excel shows it so).
        assert_eq!(cell(&dt(46347.0, false)), Cell::Date(date!(2026 - 11 - 21)));
        assert_eq!(
            cell(&dt(46347.5, false)),
            Cell::DateTime(datetime!(2026-11-21 12:00))
        );
        // 1904 system (old Mac workbooks): day 0 is 1904-01-01, and 1904 has 366 days.
        assert_eq!(cell(&dt(0.0, true)), Cell::Date(date!(1904 - 01 - 01)));
        assert_eq!(cell(&dt(366.0, true)), Cell::Date(date!(1905 - 01 - 01)));
        // A plain number stays a number (a date column refuses it, see `values`).
        assert_eq!(cell(&Data::Float(2015.0)), Cell::Number(2015.0));
        assert_eq!(cell(&Data::Int(2015)), Cell::Number(2015.0));
        // A duration is not a date.
        let d = Data::DateTime(calamine::ExcelDateTime::new(
            1.5,
            ExcelDateTimeType::TimeDelta,
            false,
        ));
        assert_eq!(cell(&d), Cell::Number(1.5));
    }
}
