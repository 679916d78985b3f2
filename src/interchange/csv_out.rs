//! Writing a table as CSV: UTF-8 with a BOM (so Excel and WPS on Chinese Windows open it
//! correctly), or GB18030 for older software. A text cell that a spreadsheet would take for a
//! formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is written behind a
//! `'`, which the importer drops again; numbers are written as they are.

use super::csv_in::TextEncoding;
use super::rows::{Out, Table};

/// The table as CSV bytes in `encoding` (`Auto` and `Utf8` write UTF-8 with a BOM).
pub fn to_bytes(table: &Table, encoding: TextEncoding) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(&table.headers)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| match c {
            Out::Text(s) => super::guard_formula(s).into_owned(),
            other => other.text(),
        }))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(match encoding {
        TextEncoding::Auto | TextEncoding::Utf8 => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            out.extend_from_slice(&bytes);
            out
        }
        TextEncoding::Gbk | TextEncoding::Gb18030 => {
            let text = String::from_utf8_lossy(&bytes);
            let (encoded, _, _) = encoding_rs::GB18030.encode(&text);
            encoded.into_owned()
        }
        // encoding_rs decodes UTF-16 but does not encode it: the code units, behind a BOM.
        TextEncoding::Utf16le | TextEncoding::Utf16be => {
            let text = String::from_utf8_lossy(&bytes);
            let little = encoding == TextEncoding::Utf16le;
            std::iter::once(0xFEFF)
                .chain(text.encode_utf16())
                .flat_map(|u| {
                    if little {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::columns::Ty;

    #[test]
    fn bom_quotes_and_gbk() {
        let t = Table {
            name: "t".into(),
            headers: vec!["企业名称".into(), "备注".into()],
            types: vec![Ty::Text, Ty::Text],
            rows: vec![vec![Out::Text("甲".into()), Out::Text("a,b".into())]],
        };
        let b = to_bytes(&t, TextEncoding::Auto).unwrap();
        assert_eq!(
            b,
            "\u{FEFF}企业名称,备注\r\n甲,\"a,b\"\r\n"
                .as_bytes()
                .to_vec()
        );
        let u = to_bytes(&t, TextEncoding::Utf16le).unwrap();
        assert_eq!(&u[..6], b"\xFF\xFE\x01\x4F\x1A\x4E");
        let g = to_bytes(&t, TextEncoding::Gbk).unwrap();
        let (back, _, bad) = encoding_rs::GB18030.decode(&g);
        assert!(!bad);
        assert_eq!(back, "企业名称,备注\r\n甲,\"a,b\"\r\n");
    }

    #[test]
    fn formula_text_is_guarded_and_numbers_are_not() {
        let t = Table {
            name: "t".into(),
            headers: vec!["企业名称".into(), "备注".into(), "利润".into()],
            types: vec![Ty::Text, Ty::Text, Ty::Amount],
            rows: vec![
                vec![
                    Out::Text("=1+1".into()),
                    Out::Text("@SUM(A1)".into()),
                    Out::Int(-5),
                ],
                vec![
                    Out::Text("+86 13812345678".into()),
                    Out::Text("-2+3+cmd|' /C calc'!A0".into()),
                    Out::Real(-0.5),
                ],
                vec![
                    Out::Text("\tx".into()),
                    Out::Text("a\rb".into()),
                    Out::Empty,
                ],
            ],
        };
        let b = to_bytes(&t, TextEncoding::Auto).unwrap();
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "\u{FEFF}企业名称,备注,利润\r\n'=1+1,'@SUM(A1),-5\r\n\
             '+86 13812345678,'-2+3+cmd|' /C calc'!A0,-0.5\r\n'\tx,\"a\rb\",\r\n"
        );
    }
}
