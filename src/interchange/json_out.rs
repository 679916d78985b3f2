//! Writing a kind as JSON: an array of objects keyed by the stable column keys (`credit_code`,
//! `planned_on`, …) with typed values: numbers as numbers, dates as ISO text, closed sets as their
//! codes, yes/no as booleans, honours as a list of codes.

use super::columns::{Kind, Ty};
use rusqlite::types::Value;
use serde_json::{Map, Value as J};

/// The rows of `kind` (as `rows::raw` gives them) as a JSON array.
pub fn to_json(kind: Kind, rows: Vec<Vec<Value>>) -> J {
    let cols = kind.columns();
    let items = rows
        .into_iter()
        .map(|row| {
            let mut obj = Map::new();
            for (c, v) in cols.iter().zip(row) {
                let j = match (c.ty, v) {
                    (_, Value::Null) => J::Null,
                    (Ty::Bool, Value::Integer(i)) => J::Bool(i != 0),
                    (Ty::Honours, Value::Text(s)) => J::Array(
                        s.split(',')
                            .filter(|x| !x.is_empty())
                            .map(|x| J::String(x.to_string()))
                            .collect(),
                    ),
                    (Ty::Text, Value::Text(s)) if s.is_empty() => J::Null,
                    (_, Value::Integer(i)) => J::from(i),
                    (_, Value::Real(x)) => J::from(x),
                    (_, Value::Text(s)) => J::String(s),
                    (_, Value::Blob(_)) => J::Null,
                };
                obj.insert(c.key.to_string(), j);
            }
            J::Object(obj)
        })
        .collect();
    J::Array(items)
}

/// The JSON text, pretty-printed, with a final newline.
pub fn to_bytes(kind: Kind, rows: Vec<Vec<Value>>) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(&to_json(kind, rows)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s.into_bytes()
}
