//! Reading CSV as Chinese office software writes it: UTF-8 with or without a BOM, GBK/GB18030
//! (Excel and WPS "CSV" on a Chinese Windows), UTF-16 with a BOM ("Unicode text"), separated by
//! commas, tabs or semicolons.

use super::{Cell, FileError, Row, Sheet};
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use std::borrow::Cow;
use std::path::Path;

/// Which text encoding to read a CSV file in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TextEncoding {
    /// UTF-8 (a BOM is skipped) if the file is valid UTF-8, else GB18030 (which covers GBK).
    #[default]
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, read as GB18030 (its superset).
    Gbk,
    Gb18030,
}

/// Decodes the bytes of a text file; returns the text and the name of the encoding used.
pub fn decode<'a>(
    bytes: &'a [u8],
    encoding: TextEncoding,
    path: &Path,
) -> Result<(Cow<'a, str>, &'static str), FileError> {
    let strict = |enc: &'static Encoding, body: &'a [u8], name: &'static str| {
        enc.decode_without_bom_handling_and_without_replacement(body)
            .map(|t| (t, name))
            .ok_or_else(|| FileError::Encoding {
                path: path.to_path_buf(),
                encoding: name,
                offset: first_bad_offset(enc, body),
            })
    };
    match encoding {
        TextEncoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            strict(UTF_8, body, "UTF-8")
        }
        TextEncoding::Gbk => strict(GB18030, bytes, "GBK"),
        TextEncoding::Gb18030 => strict(GB18030, bytes, "GB18030"),
        TextEncoding::Auto => {
            if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                return strict(UTF_8, body, "UTF-8");
            }
            if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
                return strict(UTF_16LE, body, "UTF-16LE");
            }
            if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
                return strict(UTF_16BE, body, "UTF-16BE");
            }
            if let Ok(s) = std::str::from_utf8(bytes) {
                return Ok((Cow::Borrowed(s), "UTF-8"));
            }
            strict(GB18030, bytes, "UTF-8 or GB18030").map(|(t, _)| (t, "GB18030"))
        }
    }
}

/// Where decoding first fails (for the message).
fn first_bad_offset(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return read.saturating_sub(bad as usize + after as usize);
            }
            encoding_rs::DecoderResult::OutputFull => out.reserve(bytes.len() + 16),
            encoding_rs::DecoderResult::InputEmpty => return read,
        }
    }
}

/// The separator the first line uses most: comma, tab or semicolon.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma && semi > tab {
        b';'
    } else {
        b','
    }
}

/// From this size on, text with no quotes is parsed in two halves at once.
const SPLIT_BYTES: usize = 1 << 20;

/// Parses CSV text into rows; each row keeps the line it starts on.
///
/// Big text with no quote character is parsed on two threads, a half each: without quotes,
/// every line break ends a record, so the second half starts at the first one after the middle.
pub fn parse(text: &str, path: &Path) -> Result<Sheet, FileError> {
    let delimiter = sniff_delimiter(text);
    let bytes = text.as_bytes();
    let middle = (text.len() >= SPLIT_BYTES && !bytes.contains(&b'"'))
        .then(|| bytes[text.len() / 2..].iter().position(|b| *b == b'\n'))
        .flatten()
        .map(|at| text.len() / 2 + at + 1);
    let rows = match middle {
        Some(middle) => {
            let (first, second) = text.split_at(middle);
            let second_line = 1 + first.bytes().filter(|b| *b == b'\n').count();
            let (rows, rest) = std::thread::scope(|s| {
                let rest = std::thread::Builder::new()
                    .spawn_scoped(s, || parse_rows(second, delimiter, second_line, path));
                (
                    parse_rows(first, delimiter, 1, path),
                    rest.map(|h| h.join()),
                )
            });
            let mut rows = rows?;
            match rest {
                Ok(Ok(rest)) => rows.extend(rest?),
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => rows.extend(parse_rows(second, delimiter, second_line, path)?),
            }
            rows
        }
        None => parse_rows(text, delimiter, 1, path)?,
    };
    let sheet = Sheet::from_rows(rows);
    if sheet.headers.is_empty() {
        return Err(FileError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(sheet)
}

/// The rows of CSV text that starts on line `first_line` of the file.
fn parse_rows(
    text: &str,
    delimiter: u8,
    first_line: usize,
    path: &Path,
) -> Result<Vec<Row>, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines are counted from byte offsets: the reader does not count the blank lines it skips.
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0usize, first_line);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record
                    .position()
                    .map_or(at, |p| (p.byte() as usize).min(bytes.len()));
                // The position may point at blank lines skipped before the record.
                while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
                    start += 1;
                }
                if start > at {
                    line += bytes[at..start].iter().filter(|b| **b == b'\n').count();
                    at = start;
                }
                let cells = record
                    .iter()
                    .map(|f| {
                        let t = f.trim();
                        if t.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(t.to_string())
                        }
                    })
                    .collect();
                rows.push(Row { line, cells });
            }
            Err(e) => {
                return Err(FileError::Csv {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                });
            }
        }
    }
    Ok(rows)
}

/// Reads a CSV file.
pub fn read(path: &Path, encoding: TextEncoding) -> Result<(Sheet, &'static str), FileError> {
    let bytes = std::fs::read(path).map_err(|source| FileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let (text, used) = decode(&bytes, encoding, path)?;
    Ok((parse(&text, path)?, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_gbk_are_detected() {
        let p = Path::new("x.csv");
        let text = "企业名称,统一社会信用代码\n甲,91110108551385082Q\n";
        let (t, used) = decode(text.as_bytes(), TextEncoding::Auto, p).unwrap();
        assert_eq!((t.as_ref(), used), (text, "UTF-8"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (t, _) = decode(&bom, TextEncoding::Auto, p).unwrap();
        assert_eq!(t, text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert!(std::str::from_utf8(&gbk).is_err());
        let (t, used) = decode(&gbk, TextEncoding::Auto, p).unwrap();
        assert_eq!((t.as_ref(), used), (text, "GB18030"));
        let e = decode(&gbk, TextEncoding::Utf8, p).unwrap_err();
        assert!(e.to_string().contains("not UTF-8 text"), "{e}");
    }

    #[test]
    fn big_text_without_quotes_is_read_in_two_halves_as_in_one() {
        let mut text = String::from("企业名称,统一社会信用代码,备注\n");
        let mut n = 0;
        while text.len() < 2 * SPLIT_BYTES {
            n += 1;
            // Blank lines, CRLF and short rows on both sides of the middle.
            match n % 7 {
                0 => text.push('\n'),
                1 => text.push_str(&format!("企业{n},code{n}\r\n")),
                _ => text.push_str(&format!("企业{n}, code{n} ,备注{n}\n")),
            }
        }
        text.push_str("最后,last,尾\n");
        let p = Path::new("big.csv");
        let halves = parse(&text, p).unwrap();
        let whole = Sheet::from_rows(parse_rows(&text, b',', 1, p).unwrap());
        assert_eq!(halves.headers, whole.headers);
        assert_eq!(halves.rows.len(), whole.rows.len());
        for (a, b) in halves.rows.iter().zip(&whole.rows) {
            assert_eq!((a.line, &a.cells), (b.line, &b.cells));
        }
        // Line numbers count the blank lines: the last row is on the file's last line.
        let last_line = text.lines().count();
        assert_eq!(halves.rows.last().map(|r| r.line), Some(last_line));
    }

    #[test]
    fn delimiters_and_lines() {
        let s = parse(
            "企业名称\t统一社会信用代码\n\"甲\n乙\"\t91110108551385082Q\n\n丙\t531000005000160090\n",
            Path::new("x.tsv"),
        )
        .unwrap();
        assert_eq!(s.headers, vec!["企业名称", "统一社会信用代码"]);
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].line, 2);
        assert_eq!(s.rows[1].line, 5);
    }
}
