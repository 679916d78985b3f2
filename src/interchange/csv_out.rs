//! Writing a table as CSV: UTF-8 with a BOM (so Excel and WPS on Chinese Windows open it
//! correctly), or GB18030 for older software.

use super::csv_in::TextEncoding;
use super::rows::Table;

/// The table as CSV bytes in `encoding` (`Auto` and `Utf8` write UTF-8 with a BOM).
pub fn to_bytes(table: &Table, encoding: TextEncoding) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(&table.headers)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| c.text()))?;
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::columns::Ty;
    use crate::interchange::rows::Out;

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
        let g = to_bytes(&t, TextEncoding::Gbk).unwrap();
        let (back, _, bad) = encoding_rs::GB18030.decode(&g);
        assert!(!bad);
        assert_eq!(back, "企业名称,备注\r\n甲,\"a,b\"\r\n");
    }
}
