//! Reading CSV as Chinese office software writes it: UTF-8 with or without a BOM, GBK/GB18030
//! (Excel and WPS "CSV" on a Chinese Windows), UTF-16 with a BOM ("Unicode text", or without one
//! with `--encoding utf-16le`), separated by commas, tabs or semicolons.

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
    /// UTF-16, little-endian (Windows' "Unicode text"); a BOM is skipped.
    #[value(name = "utf-16le", alias = "utf16le")]
    Utf16le,
    /// UTF-16, big-endian; a BOM is skipped.
    #[value(name = "utf-16be", alias = "utf16be")]
    Utf16be,
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
            .ok_or_else(|| {
                let offset = first_bad_offset(enc, body);
                FileError::Encoding {
                    path: path.to_path_buf(),
                    encoding: name,
                    offset,
                    line: line_at(enc, body, offset),
                }
            })
    };
    match encoding {
        TextEncoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            strict(UTF_8, body, "UTF-8")
        }
        TextEncoding::Gbk => strict(GB18030, bytes, "GBK"),
        TextEncoding::Gb18030 => strict(GB18030, bytes, "GB18030"),
        TextEncoding::Utf16le => {
            let body = bytes.strip_prefix(b"\xFF\xFE").unwrap_or(bytes);
            strict(UTF_16LE, body, "UTF-16LE")
        }
        TextEncoding::Utf16be => {
            let body = bytes.strip_prefix(b"\xFE\xFF").unwrap_or(bytes);
            strict(UTF_16BE, body, "UTF-16BE")
        }
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
            // UTF-16 text of ASCII and CJK is often valid UTF-8 (full of NULs): look first.
            if let Some(encoding) = utf16_without_bom(bytes) {
                return Err(FileError::Utf16WithoutBom {
                    path: path.to_path_buf(),
                    encoding,
                });
            }
            if let Ok(s) = std::str::from_utf8(bytes) {
                return Ok((Cow::Borrowed(s), "UTF-8"));
            }
            // Mostly good UTF-8 with a few bad bytes is a damaged UTF-8 file: read as GB18030 it
            // would come in as plausible nonsense.
            if let Some(offset) = broken_utf8(bytes) {
                let line = 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count();
                return Err(FileError::BrokenUtf8 {
                    path: path.to_path_buf(),
                    line,
                    offset,
                });
            }
            strict(GB18030, bytes, "UTF-8/GB18030").map(|(t, _)| (t, "GB18030"))
        }
    }
}

/// `utf-16le` or `utf-16be` when the bytes look like UTF-16 without a BOM: in the first 4 KiB,
/// many NUL bytes on one side of the byte pairs (the high bytes of ASCII) and almost none on the
/// other. Text in UTF-8 or GBK has no NUL bytes at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 8 >= pairs && even * 16 <= odd {
        Some("utf-16le")
    } else if even * 8 >= pairs && odd * 16 <= even {
        Some("utf-16be")
    } else {
        None
    }
}

/// The offset of the first bad byte when the bytes are UTF-8 with a few bad bytes: at least
/// three well-formed multi-byte characters and four for every bad sequence. GBK text read as
/// UTF-8 is bad at nearly every Chinese character.
fn broken_utf8(bytes: &[u8]) -> Option<usize> {
    let (mut good, mut bad, mut first_bad, mut at) = (0usize, 0usize, None, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad += 1;
            first_bad.get_or_insert(at);
            at += chunk.invalid().len();
        }
    }
    (good >= 3 && good >= 4 * bad)
        .then_some(first_bad)
        .flatten()
}

/// The line of a quote that opens a field and is never closed (the `csv` reader would read the
/// rest of the file into that one cell). A quote is special only at the start of a field, as in
/// the reader.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut i, mut line, mut field_start) = (0usize, 1usize, true);
    while i < bytes.len() {
        let b = bytes[i];
        if field_start && b == b'"' {
            let opened = line;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Some(opened),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\n') => {
                        line += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            field_start = false;
            continue;
        }
        if b == b'\n' {
            line += 1;
        }
        field_start = b == delimiter || b == b'\n' || b == b'\r';
        i += 1;
    }
    None
}

/// The line of a byte offset: line breaks counted in the encoding's own code units.
fn line_at(enc: &'static Encoding, body: &[u8], offset: usize) -> usize {
    let head = &body[..offset.min(body.len())];
    let breaks = if enc == UTF_16LE {
        head.chunks_exact(2).filter(|u| u == &[b'\n', 0]).count()
    } else if enc == UTF_16BE {
        head.chunks_exact(2).filter(|u| u == &[0, b'\n']).count()
    } else {
        head.iter().filter(|b| **b == b'\n').count()
    };
    1 + breaks
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
    if bytes.contains(&b'"')
        && let Some(line) = unclosed_quote(text, delimiter)
    {
        return Err(FileError::UnclosedQuote {
            path: path.to_path_buf(),
            line,
        });
    }
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
                        let t = super::unguard_formula(f.trim());
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

    #[test]
    fn an_unclosed_quote_names_the_line_it_opened_on() {
        let p = Path::new("q.csv");
        let text = "企业名称,统一社会信用代码\n甲,91110108551385082Q\n\"乙,91370000728611939A\n丙,52410000663412719U\n";
        match parse(text, p) {
            Err(FileError::UnclosedQuote { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        // Closed quotes, escaped quotes and a quote inside an unquoted field are fine.
        let text = "企业名称,备注\n\"甲\n公司\",\"说\"\"好\"\"\"\n乙,5\"屏\n";
        let s = parse(text, p).unwrap();
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[1].cells[1], Cell::Text("5\"屏".into()));
        // In a tab-separated file, a quote after a tab opens a field too.
        let text = "企业名称\t统一社会信用代码\n甲\t\"9111\n乙\t1\n";
        match parse(text, p) {
            Err(FileError::UnclosedQuote { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_without_a_bom_is_named_and_read_when_asked() {
        let p = Path::new("u.csv");
        let text = "企业名称,统一社会信用代码\n甲,91110108551385082Q\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        match decode(&le, TextEncoding::Auto, p) {
            Err(FileError::Utf16WithoutBom { encoding, .. }) => assert_eq!(encoding, "utf-16le"),
            other => panic!("{other:?}"),
        }
        match decode(&be, TextEncoding::Auto, p) {
            Err(FileError::Utf16WithoutBom { encoding, .. }) => assert_eq!(encoding, "utf-16be"),
            other => panic!("{other:?}"),
        }
        let (t, used) = decode(&le, TextEncoding::Utf16le, p).unwrap();
        assert_eq!((t.as_ref(), used), (text, "UTF-16LE"));
        let (t, used) = decode(&be, TextEncoding::Utf16be, p).unwrap();
        assert_eq!((t.as_ref(), used), (text, "UTF-16BE"));
        // With a BOM, also when the encoding is named.
        let mut bom = vec![0xFF, 0xFE];
        bom.extend_from_slice(&le);
        assert_eq!(decode(&bom, TextEncoding::Utf16le, p).unwrap().0, text);
        assert_eq!(decode(&bom, TextEncoding::Auto, p).unwrap().0, text);
        // An odd byte count is not UTF-16.
        let mut odd = le.clone();
        odd.push(b'x');
        match decode(&odd, TextEncoding::Utf16le, p) {
            Err(FileError::Encoding { encoding, .. }) => assert_eq!(encoding, "UTF-16LE"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn damaged_utf8_is_refused_with_its_line_not_read_as_gbk() {
        let p = Path::new("b.csv");
        let mut bytes = "企业名称,统一社会信用代码\n甲公司,91110108551385082Q\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"\xFF\xFE\xE4\xB9");
        bytes.extend_from_slice("乙,91370000728611939A\n".as_bytes());
        match decode(&bytes, TextEncoding::Auto, p) {
            Err(FileError::BrokenUtf8 { line, offset, .. }) => {
                assert_eq!(line, 3);
                // 企业名称 (12 bytes) , 统一社会信用代码 (24) \n 甲公司 (9) , code (18) \n
                assert_eq!(offset, 12 + 1 + 24 + 1 + 9 + 1 + 18 + 1);
            }
            other => panic!("{other:?}"),
        }
        // GBK is still read as GBK.
        let (gbk, _, _) = encoding_rs::GBK.encode("企业名称,统一社会信用代码\n甲,1\n");
        assert_eq!(decode(&gbk, TextEncoding::Auto, p).unwrap().1, "GB18030");
    }

    #[test]
    fn the_quote_before_a_formula_character_is_dropped() {
        let s = parse("企业名称,备注\n'=1+1,'@x\n'-甲,'普通\n", Path::new("g.csv")).unwrap();
        assert_eq!(
            s.rows[0].cells,
            vec![Cell::Text("=1+1".into()), Cell::Text("@x".into())]
        );
        assert_eq!(
            s.rows[1].cells,
            vec![Cell::Text("-甲".into()), Cell::Text("'普通".into())]
        );
    }
}
