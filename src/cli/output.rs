//! Output of the read commands: an aligned table (by display width), CSV, or JSON.

use crate::text;
use serde::Serialize;
use std::io::Write;

pub use crate::report::context::Format;

/// Rows of text under headers; `right` marks right-aligned (numeric) columns.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub right: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[(&str, bool)]) -> Table {
        Table {
            headers: headers.iter().map(|(h, _)| h.to_string()).collect(),
            right: headers.iter().map(|(_, r)| *r).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The table aligned by display width, columns separated by two spaces.
    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| text::width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(text::width(cell));
                }
            }
        }
        let line = |cells: &[String]| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let w = widths.get(i).copied().unwrap_or(0);
                    if self.right.get(i).copied().unwrap_or(false) {
                        text::fit_right(c, w)
                    } else {
                        text::fit(c, w)
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let mut out = line(&self.headers);
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }

    /// The table as CSV with a header row; text a spreadsheet would take for a formula is
    /// written behind a `'` (a plain number, negative or not, is written as it is).
    pub fn csv(&self) -> anyhow::Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.headers)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| {
                if plain_number(c) {
                    c.clone()
                } else {
                    crate::interchange::guard_formula(c).into_owned()
                }
            }))?;
        }
        Ok(String::from_utf8(w.into_inner()?)?)
    }
}

/// Whether a cell is a plain number such as `-12` or `+3.5` (a spreadsheet reads it as the
/// number, which is what it is).
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Writes `table` or `json` to stdout in the chosen format.
pub fn emit<T: Serialize>(format: Format, table: &Table, json: &T) -> anyhow::Result<()> {
    let text = match format {
        Format::Table => table.render(),
        Format::Csv => table.csv()?,
        Format::Json => {
            let mut s = serde_json::to_string_pretty(json)?;
            s.push('\n');
            s
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        // A closed pipe (`seedbed list | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_by_display_width() {
        let mut t = Table::new(&[("名称", false), ("排名", true)]);
        t.push(vec!["新疆克拉玛依".into(), "1".into()]);
        t.push(vec!["ab".into(), "12".into()]);
        let out = t.render();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "新疆克拉玛依     1");
        assert_eq!(lines[2], "ab              12");
        assert_eq!(text::width(lines[0]), text::width(lines[2]));
    }

    #[test]
    fn csv_quotes_commas() {
        let mut t = Table::new(&[("a", false)]);
        t.push(vec!["x,y".into()]);
        assert_eq!(t.csv().unwrap(), "a\n\"x,y\"\n");
    }

    #[test]
    fn csv_guards_formulas_but_not_numbers() {
        let mut t = Table::new(&[("名称", false), ("变动", true)]);
        t.push(vec!["=HYPERLINK(\"x\")".into(), "-3".into()]);
        t.push(vec!["@cmd".into(), "+2".into()]);
        t.push(vec!["-甲".into(), "-1.5".into()]);
        assert_eq!(
            t.csv().unwrap(),
            "名称,变动\n\"'=HYPERLINK(\"\"x\"\")\",-3\n'@cmd,+2\n'-甲,-1.5\n"
        );
    }
}
