//! The rows an export writes: every record of a kind, in the kind's column order, as typed
//! values, sorted by the same natural key the importer matches on (so exports are stable).

use super::columns::{Column, Kind, Ty};
use super::values::{bool_label, choice_label, honours_label};
use super::words::Words;
use crate::lang::Lang;
use crate::store::{Result, parse_date, parse_datetime};
use rusqlite::Connection;
use rusqlite::types::Value;
use time::{Date, PrimitiveDateTime};

/// A value to write in a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Int(i64),
    Real(f64),
    Date(Date),
    DateTime(PrimitiveDateTime),
    /// A share as a fraction (`0.973`): a number with a percent format in a workbook, `97.3%`
    /// as text.
    Percent(f64),
    /// A change between two counts: a number in a workbook (shown `+3`, `-2`), `+3`/`-2`/`0`
    /// with an ASCII sign as text.
    Change(i64),
    /// A typed value (written to a workbook) with the text a Markdown report shows for it, as
    /// the CLI shows it (`3800万`, `84%`, a progress bar).
    Shown(Box<Out>, String),
}

impl Out {
    /// `value`, shown as `text` in Markdown.
    pub fn shown(value: Out, text: impl Into<String>) -> Out {
        Out::Shown(Box::new(value), text.into())
    }
}

impl Out {
    /// The value as CSV text (the form the importer reads back).
    pub fn text(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(s) => s.clone(),
            Out::Int(i) => i.to_string(),
            Out::Real(x) => super::number_text(*x),
            Out::Date(d) => crate::store::format_date(*d),
            Out::DateTime(t) => super::datetime_text(*t),
            Out::Percent(x) => format!("{}%", super::number_text((x * 1000.0).round() / 10.0)),
            Out::Change(d) if *d > 0 => format!("+{d}"),
            Out::Change(d) => d.to_string(),
            Out::Shown(_, text) => text.clone(),
        }
    }
}

/// Rows under headers, with each column's type (for number and date formats).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// A name for the table (the sheet name in a workbook).
    pub name: String,
    pub headers: Vec<String>,
    pub types: Vec<Ty>,
    pub rows: Vec<Vec<Out>>,
}

/// The query of each kind: one result column per table column, in order.
fn sql(kind: Kind) -> &'static str {
    match kind {
        Kind::Enterprises => {
            "SELECT e.credit_code, e.name, e.district, e.township, e.address, e.industry,
                    e.hte_field, e.founded_on, e.contact_name, e.contact_phone, c.name, e.tier,
                    e.pool, e.batch, e.honours, e.notes,
                    (SELECT m.id FROM pool_memberships m WHERE m.enterprise_id = e.id
                       AND m.pool = e.pool AND m.status <> 'out'
                     ORDER BY m.entered_on DESC, m.id DESC LIMIT 1),
                    e.id
             FROM enterprises e LEFT JOIN commissioners c ON c.id = e.commissioner_id
             WHERE e.deleted_at IS NULL ORDER BY e.credit_code"
        }
        Kind::Pool => {
            "SELECT e.credit_code, e.name, m.pool, m.batch, m.status, m.entered_on, m.left_on,
                    m.status_on, m.status_reason, m.id
             FROM pool_memberships m JOIN enterprises e ON e.id = m.enterprise_id
             WHERE e.deleted_at IS NULL ORDER BY e.credit_code, m.pool, m.entered_on, m.id"
        }
        Kind::Projects => {
            "SELECT e.credit_code, e.name, p.name, p.level, p.programme, p.budget, p.start_on,
                    p.planned_end, p.extended_end, p.acceptance_applied, p.acceptance_passed,
                    p.risk_flag, p.id
             FROM projects p JOIN enterprises e ON e.id = p.enterprise_id
             WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL
             ORDER BY e.credit_code, p.name, p.id"
        }
        Kind::Milestones => {
            "SELECT e.credit_code, e.name, p.name, p.id, m.seq, m.name, m.planned_on, m.done_on,
                    m.id
             FROM milestones m JOIN projects p ON p.id = m.project_id
             JOIN enterprises e ON e.id = p.enterprise_id
             WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL
             ORDER BY e.credit_code, p.name, p.id, m.seq, m.id"
        }
        Kind::Visits => {
            "SELECT e.credit_code, e.name, v.planned_on, v.done_on, v.cancelled_on, v.mode, c.name,
                    v.attendees, v.notes, v.id
             FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
             LEFT JOIN commissioners c ON c.id = v.commissioner_id
             WHERE e.deleted_at IS NULL
             ORDER BY e.credit_code, coalesce(v.done_on, v.planned_on), v.id"
        }
        Kind::Requests => {
            "SELECT e.credit_code, e.name, q.raised_at, q.category, q.text, q.first_response_at,
                    q.status, q.closed_at, q.resolution, q.visit_id, q.id
             FROM requests q JOIN enterprises e ON e.id = q.enterprise_id
             WHERE e.deleted_at IS NULL ORDER BY e.credit_code, q.raised_at, q.id"
        }
        Kind::Figures => {
            "SELECT e.credit_code, e.name, f.year, f.staff, f.scitech_staff, f.sales,
                    f.total_income, f.hightech_income, f.rd_spend, f.rd_domestic, f.net_assets,
                    f.total_assets, f.liabilities, f.ip_class1, f.ip_class2,
                    f.results_transferred, f.rd_mgmt_score, f.major_incident,
                    f.annual_report_filed, f.id
             FROM figures f JOIN enterprises e ON e.id = f.enterprise_id
             WHERE e.deleted_at IS NULL ORDER BY e.credit_code, f.year"
        }
        Kind::Certificates => {
            "SELECT e.credit_code, e.name, c.kind, c.number, c.issued_on, c.expires_on, c.id
             FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
             WHERE e.deleted_at IS NULL ORDER BY e.credit_code, c.issued_on, c.number, c.id"
        }
        Kind::Targets => {
            "SELECT district, metric, year, value, id FROM targets ORDER BY district, metric, year"
        }
        Kind::SupportActions => {
            "SELECT e.credit_code, e.name, a.action, a.unit, a.person, a.due_on, a.status,
                    a.done_on, a.id
             FROM support_actions a JOIN enterprises e ON e.id = a.enterprise_id
             WHERE a.deleted_at IS NULL AND e.deleted_at IS NULL
             ORDER BY e.credit_code, a.due_on, a.id"
        }
        Kind::Rewards => {
            "SELECT e.credit_code, e.name, r.kind, r.year, r.amount, r.paid_on, r.document, r.id
             FROM rewards r JOIN enterprises e ON e.id = r.enterprise_id
             WHERE e.deleted_at IS NULL ORDER BY e.credit_code, r.year, r.kind"
        }
        Kind::Rankings => {
            "SELECT e.credit_code, e.name, k.pool, k.year, k.rank, k.score, k.innovation,
                    k.growth, k.participation, k.short_board, k.previous_rank
             FROM rankings k JOIN enterprises e ON e.id = k.enterprise_id
             WHERE e.deleted_at IS NULL ORDER BY k.pool, k.year, k.rank, e.credit_code"
        }
    }
}

/// A stored value as the cell of a column.
pub fn out(column: &Column, v: Value, lang: Lang) -> Result<Out> {
    let text = |v: Value| match v {
        Value::Text(s) if !s.is_empty() => Some(s),
        _ => None,
    };
    Ok(match (column.ty, v) {
        (_, Value::Null) => Out::Empty,
        (Ty::Date, v) => match text(v) {
            Some(s) => Out::Date(parse_date(&s)?),
            None => Out::Empty,
        },
        (Ty::DateTime, v) => match text(v) {
            Some(s) => Out::DateTime(parse_datetime(&s)?),
            None => Out::Empty,
        },
        (Ty::Count | Ty::Year | Ty::Amount, Value::Integer(i)) => Out::Int(i),
        (Ty::Real, Value::Real(x)) => Out::Real(x),
        (Ty::Real, Value::Integer(i)) => Out::Real(i as f64),
        (Ty::Bool, Value::Integer(i)) => Out::Text(bool_label(i != 0, lang).into()),
        (Ty::Enum(k), v) => match text(v) {
            Some(code) => Out::Text(choice_label(k, &code, lang)),
            None => Out::Empty,
        },
        (Ty::Honours, v) => match text(v) {
            Some(codes) => Out::Text(honours_label(&codes, lang)),
            None => Out::Empty,
        },
        (Ty::HteField, v) => match text(v) {
            Some(stored) => Out::Text(
                super::values::hte_field_code(&stored)
                    .and_then(|code| lang.hte_field_name(code))
                    .map_or(stored.clone(), str::to_string),
            ),
            None => Out::Empty,
        },
        (_, Value::Integer(i)) => Out::Int(i),
        (_, Value::Real(x)) => Out::Real(x),
        (_, v) => text(v).map_or(Out::Empty, Out::Text),
    })
}

/// Every stored value of a kind, raw (database codes), in column order.
pub fn raw(conn: &Connection, kind: Kind) -> Result<Vec<Vec<Value>>> {
    let n = kind.columns().len();
    let mut stmt = conn.prepare(sql(kind))?;
    let rows = stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The table of a kind with headers and labels in `lang`.
pub fn table(conn: &Connection, kind: Kind, lang: Lang) -> Result<Table> {
    let cols = kind.columns();
    let mut rows = Vec::new();
    for r in raw(conn, kind)? {
        let row = cols
            .iter()
            .zip(r)
            .map(|(c, v)| out(c, v, lang))
            .collect::<Result<Vec<_>>>()?;
        rows.push(row);
    }
    Ok(Table {
        name: lang.kind_name(kind).to_string(),
        headers: cols.iter().map(|c| c.header(lang)).collect(),
        types: cols.iter().map(|c| c.ty).collect(),
        rows,
    })
}
