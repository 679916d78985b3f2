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

/// Parses CSV text into rows; each row keeps the line it starts on.
pub fn parse(text: &str, path: &Path) -> Result<Sheet, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines are counted from byte offsets: the reader does not count the blank lines it skips.
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0usize, 1usize);
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
    let sheet = Sheet::from_rows(rows);
    if sheet.headers.is_empty() {
        return Err(FileError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(sheet)
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
