//! Reading a JSON file as `seedbed export --format json` writes it: an array of objects keyed
//! by the column keys, with typed values (numbers, text, yes/no as booleans, lists of codes).
//!
//! JSON has no rows: the n-th object is reported as line n + 1, as if the keys were a header
//! row on line 1 (as in the CSV export of the same data).

use super::{Cell, FileError, Row, Sheet};
use serde_json::Value as J;
use std::path::Path;

/// Reads `path` into a sheet whose headers are the keys, in the order they first appear.
pub fn read(path: &Path) -> Result<Sheet, FileError> {
    let bytes = std::fs::read(path).map_err(|source| FileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &bytes)
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Sheet, FileError> {
    let bad = |message: String| FileError::Json {
        path: path.to_path_buf(),
        message,
    };
    // A BOM some editors add is not JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: J = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    let J::Array(items) = value else {
        return Err(bad("the top level is not an array".into()));
    };
    let mut headers: Vec<String> = Vec::new();
    let mut objects = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let J::Object(map) = item else {
            return Err(bad(format!("item {} is not an object", i + 1)));
        };
        for k in map.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
        objects.push(map);
    }
    if headers.is_empty() {
        return Err(FileError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut rows = Vec::with_capacity(objects.len());
    for (i, map) in objects.into_iter().enumerate() {
        let mut cells = Vec::with_capacity(headers.len());
        for h in &headers {
            let c = match map.get(h) {
                None | Some(J::Null) => Cell::Empty,
                Some(J::Bool(b)) => Cell::Bool(*b),
                Some(J::Number(n)) => match n.as_f64() {
                    Some(x) => Cell::Number(x),
                    None => Cell::Text(n.to_string()),
                },
                Some(J::String(s)) if s.is_empty() => Cell::Empty,
                Some(J::String(s)) => Cell::Text(s.clone()),
                // Honours: a list of codes, read as the comma-separated cell the CSV has.
                Some(J::Array(list)) => {
                    let mut parts = Vec::with_capacity(list.len());
                    for v in list {
                        match v {
                            J::String(s) => parts.push(s.clone()),
                            other => parts.push(other.to_string()),
                        }
                    }
                    if parts.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(parts.join(","))
                    }
                }
                Some(J::Object(_)) => {
                    return Err(bad(format!("item {}: {h:?} holds an object", i + 1)));
                }
            };
            cells.push(c);
        }
        rows.push(Row { line: i + 2, cells });
    }
    Ok(Sheet {
        headers,
        header_line: 1,
        rows,
        totals: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_become_rows_under_their_keys() {
        let text = r#"[
          {"credit_code": "91110108551385082Q", "year": 2025, "major_incident": false,
           "honours": ["specialized", "little_giant"], "notes": null},
          {"credit_code": "91370000728611939A", "year": 2024, "extra": "x", "notes": ""}
        ]"#;
        let s = parse(Path::new("f.json"), text.as_bytes()).unwrap();
        // Keys come in the order serde_json keeps them: compared by name.
        let mut headers = s.headers.clone();
        headers.sort();
        assert_eq!(
            headers,
            [
                "credit_code",
                "extra",
                "honours",
                "major_incident",
                "notes",
                "year"
            ]
        );
        let cell = |row: usize, key: &str| {
            let i = s.headers.iter().position(|h| h == key).unwrap();
            s.rows[row].cells[i].clone()
        };
        assert_eq!(s.rows.len(), 2);
        assert_eq!((s.rows[0].line, s.rows[1].line), (2, 3));
        assert_eq!(
            cell(0, "credit_code"),
            Cell::Text("91110108551385082Q".into())
        );
        assert_eq!(cell(0, "year"), Cell::Number(2025.0));
        assert_eq!(cell(0, "major_incident"), Cell::Bool(false));
        assert_eq!(
            cell(0, "honours"),
            Cell::Text("specialized,little_giant".into())
        );
        assert_eq!(cell(0, "notes"), Cell::Empty);
        assert_eq!(cell(0, "extra"), Cell::Empty);
        assert_eq!(cell(1, "major_incident"), Cell::Empty);
        assert_eq!(cell(1, "notes"), Cell::Empty);
        assert_eq!(cell(1, "extra"), Cell::Text("x".into()));
    }

    #[test]
    fn other_json_is_refused() {
        for text in ["{}", "[1, 2]", "not json", r#"[{"a": {"b": 1}}]"#] {
            assert!(
                matches!(
                    parse(Path::new("f.json"), text.as_bytes()),
                    Err(FileError::Json { .. })
                ),
                "{text}"
            );
        }
        assert!(matches!(
            parse(Path::new("f.json"), b"[]"),
            Err(FileError::Empty { .. })
        ));
    }
}
