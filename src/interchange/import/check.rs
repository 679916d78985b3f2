//! Checking rows: every cell parsed to its column's type, the rules of a row, its references to
//! stored records, and duplicates within the file; each problem named by line and column.

use super::super::columns::{Column, HeaderMap, Kind, Ty};
use super::super::words::Words;
use super::super::{Cell, Problem, Row, Why, values};
use super::ids::natural_key_unique;
use super::{BULK_ROWS, Rec};
use crate::domain::credit_code;
use crate::domain::districts::Resolution;
use crate::domain::fields::{self, TextKind};
use crate::lang::Lang;
use crate::store::import::{self as db, EnterpriseRef};
use crate::store::{format_date, format_datetime};
use rusqlite::types::Value;
use std::collections::HashMap;
use time::Date;

/// Checks rows and collects their problems.
pub(super) struct Checker<'a> {
    pub(super) kind: Kind,
    pub(super) map: &'a HeaderMap,
    pub(super) lang: Lang,
    pub(super) today: Date,
    pub(super) problems: Vec<Problem>,
    /// For each mapped column of the file, the index of its column in the kind's columns.
    pub(super) slots: Vec<Option<usize>>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(kind: Kind, map: &'a HeaderMap, lang: Lang, today: Date) -> Checker<'a> {
        let cols = kind.columns();
        let slots = map
            .mapped
            .iter()
            .map(|m| cols.iter().position(|c| c.key == m.column.key))
            .collect();
        Checker {
            kind,
            map,
            lang,
            today,
            problems: Vec::new(),
            slots,
        }
    }

    pub(super) fn problem(&mut self, line: usize, key: &str, value: Option<String>, why: Why) {
        let column = match self.map.get(key) {
            Some(m) => m.header.clone(),
            None => self
                .kind
                .column(key)
                .map_or(key.to_string(), |c| c.name(self.lang).to_string()),
        };
        self.problems.push(Problem {
            line,
            column: Some(column),
            value: Some(value.unwrap_or_default()),
            why,
        });
    }

    /// The typed values of every row. A big file is checked on two threads, half each
    /// (problems stay in line order); on one when no second thread starts.
    pub(super) fn rows(&mut self, rows: &[Row]) -> Vec<Rec> {
        if rows.len() < BULK_ROWS {
            return rows.iter().map(|r| self.row(r)).collect();
        }
        let (first, second) = rows.split_at(rows.len() / 2);
        let mut other = Checker::new(self.kind, self.map, self.lang, self.today);
        let (mut recs, rest) = std::thread::scope(|s| {
            let rest = std::thread::Builder::new().spawn_scoped(s, || {
                second.iter().map(|r| other.row(r)).collect::<Vec<_>>()
            });
            let recs: Vec<Rec> = first.iter().map(|r| self.row(r)).collect();
            (recs, rest.map(|h| h.join()))
        });
        match rest {
            Ok(Ok(rest)) => recs.extend(rest),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => recs.extend(second.iter().map(|r| self.row(r))),
        }
        self.problems.append(&mut other.problems);
        recs
    }

    /// The typed values of one row.
    pub(super) fn row(&mut self, row: &Row) -> Rec {
        let cols = self.kind.columns();
        let mut vals: Vec<Option<Value>> = vec![None; cols.len()];
        let mut raw: Vec<Option<&Cell>> = vec![None; cols.len()];
        let empty = Cell::Empty;
        for (m, slot) in self.map.mapped.iter().zip(&self.slots) {
            let Some(i) = *slot else {
                continue;
            };
            let cell = row.cells.get(m.index).unwrap_or(&empty);
            match parse_cell(m.column.ty, cell, m.scale, self.lang)
                .and_then(|v| text_rule(m.column, v))
            {
                Ok(v) => vals[i] = v,
                Err(why) => {
                    self.problems.push(Problem {
                        line: row.line,
                        column: Some(m.header.clone()),
                        value: Some(cell.display()),
                        why,
                    });
                }
            }
            raw[i] = Some(cell);
        }
        for (i, c) in cols.iter().enumerate() {
            if c.required && vals[i].is_none() {
                let shown = raw[i].map(Cell::display);
                // A value that failed to parse is already reported.
                if shown.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    self.problem(row.line, c.key, shown, Why::Required);
                }
            }
        }
        let rec = Rec {
            line: row.line,
            vals,
            enterprise: None,
            project: None,
        };
        self.rules(&rec, &raw);
        rec
    }

    /// The checks that involve several cells of a row.
    pub(super) fn rules(&mut self, rec: &Rec, raw: &[Option<&Cell>]) {
        let kind = self.kind;
        let text = |key: &str| get_text(kind, rec, key);
        let shown = |key: &str| {
            kind.columns()
                .iter()
                .position(|c| c.key == key)
                .and_then(|i| raw[i].map(Cell::display))
        };
        let header = |key: &str| {
            self.map
                .get(key)
                .map(|m| m.header.clone())
                .or_else(|| kind.column(key).map(|c| c.name(self.lang).to_string()))
                .unwrap_or_default()
        };
        let mut found: Vec<(&str, Why)> = Vec::new();
        let order = |found: &mut Vec<(&str, Why)>, later: &'static str, earlier: &'static str| {
            if let (Some(a), Some(b)) = (text(later), text(earlier))
                && a < b
            {
                found.push((later, Why::Before(header(earlier))));
            }
        };
        match kind {
            Kind::Enterprises => {
                if text("founded_on").is_some_and(|d| d > format_date(self.today)) {
                    found.push(("founded_on", Why::InFuture));
                }
            }
            Kind::Pool => order(&mut found, "left_on", "entered_on"),
            Kind::Projects => {
                order(&mut found, "planned_end", "start_on");
                order(&mut found, "extended_end", "planned_end");
                order(&mut found, "acceptance_passed", "start_on");
            }
            Kind::Visits => {
                if text("planned_on").is_none() && text("done_on").is_none() {
                    let at = if self.map.get("done_on").is_some() {
                        "done_on"
                    } else {
                        "planned_on"
                    };
                    found.push((at, Why::VisitDate));
                }
                if text("done_on").is_some_and(|d| d > format_date(self.today)) {
                    found.push(("done_on", Why::InFuture));
                }
            }
            Kind::Requests => {
                order(&mut found, "first_response_at", "raised_at");
                order(&mut found, "closed_at", "raised_at");
            }
            Kind::Figures => {
                if let Some(Value::Real(x)) = get(kind, rec, "rd_mgmt_score")
                    && !(0.0..=20.0).contains(x)
                {
                    found.push((
                        "rd_mgmt_score",
                        Why::OutOfRange {
                            min: 0.0,
                            max: 20.0,
                        },
                    ));
                }
            }
            Kind::Certificates => {
                let is_hte = text("kind").is_none_or(|k| k == "hte");
                if is_hte
                    && let Some(n) = text("number")
                    && !hte_number_ok(&n)
                {
                    found.push(("number", Why::BadCertNumber));
                }
                order(&mut found, "expires_on", "issued_on");
            }
            Kind::Rewards => {
                if let Some(Value::Integer(x)) = get(kind, rec, "amount")
                    && *x < 0
                {
                    found.push(("amount", Why::Negative));
                }
            }
            Kind::Milestones | Kind::Targets | Kind::SupportActions | Kind::Rankings => {}
        }
        for (key, why) in found {
            self.problem(rec.line, key, shown(key), why);
        }
    }

    /// Resolves credit codes, project names and ids against the database.
    pub(super) fn references(
        &mut self,
        conn: &rusqlite::Connection,
        recs: &mut [Rec],
        enterprises: &HashMap<String, EnterpriseRef>,
        projects: &HashMap<String, Vec<db::ProjectRef>>,
    ) -> anyhow::Result<()> {
        let kind = self.kind;
        // Enterprises by id, to tell whether a new enterprise's id is free.
        let codes_by_id: HashMap<&str, &str> =
            if kind == Kind::Enterprises && self.map.get("id").is_some() {
                enterprises
                    .iter()
                    .map(|(code, e)| (e.id.as_str(), code.as_str()))
                    .collect()
            } else {
                HashMap::new()
            };
        for rec in recs.iter_mut() {
            let code = get_text(kind, rec, "credit_code");
            match kind {
                Kind::Enterprises => {
                    let known = code.as_ref().and_then(|c| enterprises.get(c));
                    let has_pool = get(kind, rec, "pool").is_some()
                        || known.is_some_and(|e| e.pool.is_some() && !e.deleted);
                    if get(kind, rec, "batch").is_some() && !has_pool {
                        let shown = get_text(kind, rec, "batch");
                        self.problem(rec.line, "batch", shown, Why::BatchWithoutPool);
                    }
                    if get(kind, rec, "pool").is_some() && get(kind, rec, "batch").is_none() {
                        self.problem(rec.line, "batch", None, Why::Required);
                    }
                    self.pool_id(conn, rec, known.map(|e| e.id.as_str()))?;
                    // An enterprise is matched by its code; its id may not be another's.
                    if let Some(id) = get_text(kind, rec, "id")
                        && codes_by_id
                            .get(id.as_str())
                            .is_some_and(|c| Some(*c) != code.as_deref())
                    {
                        self.problem(rec.line, "id", Some(id), Why::IdOfAnother);
                    }
                    continue;
                }
                Kind::Targets => {}
                Kind::Milestones => {
                    let eid = match &code {
                        Some(c) => match enterprises.get(c).filter(|e| !e.deleted) {
                            Some(e) => Some(e.id.clone()),
                            None => {
                                self.problem(
                                    rec.line,
                                    "credit_code",
                                    code.clone(),
                                    Why::UnknownEnterprise,
                                );
                                continue;
                            }
                        },
                        None => None,
                    };
                    // The project's id names it even among projects of the same name.
                    if get(kind, rec, "project_id").is_some() {
                        self.project_by_id(conn, rec, eid.as_deref())?;
                    } else {
                        let name = get_text(kind, rec, "project").unwrap_or_default();
                        let candidates: Vec<&db::ProjectRef> = projects
                            .get(&name)
                            .map(|v| {
                                v.iter()
                                    .filter(|(_, e)| eid.as_ref().is_none_or(|id| id == e))
                                    .collect()
                            })
                            .unwrap_or_default();
                        match candidates.as_slice() {
                            [] => {
                                self.problem(rec.line, "project", Some(name), Why::UnknownProject)
                            }
                            [(pid, e)] => {
                                rec.project = Some(pid.clone());
                                rec.enterprise = Some(e.clone());
                            }
                            many => {
                                // The same name twice in one enterprise: the first is meant.
                                let first_e = &many[0].1;
                                if many.iter().all(|(_, e)| e == first_e) {
                                    rec.project = Some(many[0].0.clone());
                                    rec.enterprise = Some(first_e.clone());
                                } else {
                                    let n = many.len();
                                    self.problem(
                                        rec.line,
                                        "project",
                                        Some(name),
                                        Why::AmbiguousProject(n),
                                    );
                                }
                            }
                        }
                    }
                }
                _ => {
                    let Some(c) = code else { continue };
                    match enterprises.get(&c).filter(|e| !e.deleted) {
                        Some(e) => rec.enterprise = Some(e.id.clone()),
                        None => {
                            self.problem(rec.line, "credit_code", Some(c), Why::UnknownEnterprise);
                            continue;
                        }
                    }
                }
            }
            self.ids(conn, rec)?;
        }
        Ok(())
    }

    /// The same record twice in the file.
    pub(super) fn duplicates(&mut self, recs: &[Rec]) {
        let kind = self.kind;
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(recs.len());
        let mut current: HashMap<String, usize> = HashMap::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for rec in recs {
            let t = |key: &str| get_text(kind, rec, key).unwrap_or_default();
            let code = t("credit_code");
            // The same id twice is the same record twice.
            let id = get_text(kind, rec, "id");
            if let Some(id) = &id {
                if let Some(&first) = ids.get(id) {
                    self.problem(rec.line, "id", Some(id.clone()), Why::Duplicate(first));
                    continue;
                }
                ids.insert(id.clone(), rec.line);
                // Records whose natural key need not be unique (two projects of one name)
                // are told apart by their ids alone.
                if !natural_key_unique(kind) {
                    continue;
                }
            }
            let (key, at) = match kind {
                Kind::Enterprises => (code.clone(), "credit_code"),
                Kind::Pool => {
                    let status = t("status");
                    if status != "out" {
                        let k = format!("{code}\u{1}{}", t("pool"));
                        if let Some(&first) = current.get(&k) {
                            let shown = Some(t("pool"));
                            self.problem(
                                rec.line,
                                "pool",
                                shown,
                                Why::SecondCurrentMembership(first),
                            );
                            continue;
                        }
                        current.insert(k, rec.line);
                    }
                    (
                        format!("{code}\u{1}{}\u{1}{}", t("pool"), t("entered_on")),
                        "pool",
                    )
                }
                Kind::Projects => (format!("{code}\u{1}{}", t("name")), "name"),
                Kind::Milestones => {
                    let project = rec.project.clone().unwrap_or_else(|| t("project"));
                    (format!("{project}\u{1}{}", t("name")), "name")
                }
                Kind::Visits => {
                    let (date, at) = match get_text(kind, rec, "done_on") {
                        Some(d) => (d, "done_on"),
                        None => (t("planned_on"), "planned_on"),
                    };
                    (format!("{code}\u{1}{date}"), at)
                }
                Kind::Requests => (
                    format!("{code}\u{1}{}\u{1}{}", t("raised_at"), t("text")),
                    "text",
                ),
                Kind::Figures => (format!("{code}\u{1}{}", t("year")), "year"),
                Kind::Certificates => (format!("{code}\u{1}{}", t("number")), "number"),
                Kind::SupportActions => (
                    format!("{code}\u{1}{}\u{1}{}", t("action"), t("due_on")),
                    "action",
                ),
                Kind::Rewards => (
                    format!("{code}\u{1}{}\u{1}{}", t("kind"), t("year")),
                    "year",
                ),
                Kind::Rankings => continue,
                Kind::Targets => (
                    format!(
                        "{}\u{1}{}\u{1}{}",
                        target_district(&t("district")),
                        t("metric"),
                        t("year")
                    ),
                    "year",
                ),
            };
            if code.is_empty() && !matches!(kind, Kind::Milestones | Kind::Targets) {
                continue;
            }
            match seen.get(&key) {
                Some(&first) => {
                    let shown = get_text(kind, rec, at).map(|v| display_value(kind, at, &v));
                    self.problem(rec.line, at, shown, Why::Duplicate(first));
                }
                None => {
                    seen.insert(key, rec.line);
                }
            }
        }
    }
}

/// A target's district as stored: '' for the whole pool (also when written 全区 / whole pool).
pub(super) fn target_district(cell: &str) -> String {
    let d = cell.trim();
    let whole = [Lang::Zh, Lang::En].map(|l| l.whole_pool());
    if whole.iter().any(|w| d.eq_ignore_ascii_case(w)) {
        String::new()
    } else {
        d.to_string()
    }
}

/// How a stored value is shown in a message (dates and times as written in files).
pub(super) fn display_value(kind: Kind, key: &str, v: &str) -> String {
    match kind.column(key).map(|c| c.ty) {
        Some(Ty::DateTime) => v.replace('T', " "),
        _ => v.to_string(),
    }
}

/// Whether an HTE certificate number looks like `GR202365000123`.
pub(super) fn hte_number_ok(n: &str) -> bool {
    n.len() == 14
        && (n.starts_with("GR") || n.starts_with("GF"))
        && n[2..].bytes().all(|b| b.is_ascii_digit())
}

/// One cell as the database value of its column.
pub(super) fn parse_cell(
    ty: Ty,
    cell: &Cell,
    scale: i64,
    lang: Lang,
) -> Result<Option<Value>, Why> {
    Ok(match ty {
        Ty::Text => values::text(cell).map(Value::Text),
        Ty::CreditCode => match values::text(cell) {
            None => None,
            Some(s) => {
                let code = credit_code::normalize(&s);
                credit_code::validate(&code).map_err(Why::BadCreditCode)?;
                Some(Value::Text(code))
            }
        },
        Ty::Date => values::date(cell)?.map(|d| Value::Text(format_date(d))),
        Ty::DateTime => values::datetime(cell)?.map(|t| Value::Text(format_datetime(t))),
        Ty::Count => values::count(cell)?.map(Value::Integer),
        Ty::Year => values::year(cell)?.map(|y| Value::Integer(i64::from(y))),
        Ty::Amount => values::amount(cell, scale)?.map(Value::Integer),
        Ty::Real => values::real(cell)?.map(Value::Real),
        Ty::Bool => values::boolean(cell)?.map(|b| Value::Integer(i64::from(b))),
        Ty::Enum(k) => values::choice(k, cell, lang)?.map(|c| Value::Text(c.into())),
        Ty::Honours => values::honours(cell, lang)?.map(Value::Text),
        Ty::HteField => values::hte_field(cell, lang)?.map(|c| Value::Text(c.into())),
        Ty::Id => values::id(cell)?.map(Value::Text),
        Ty::District => match values::text(cell) {
            None => None,
            Some(t) if target_district(&t).is_empty() => None,
            Some(t) => match crate::domain::districts::table().resolve(&t) {
                Resolution::Found(d) => Some(Value::Text(d.full_name.clone())),
                Resolution::Ambiguous(list) => {
                    return Err(Why::AmbiguousDistrict(
                        list.iter().map(|d| d.full_name.clone()).collect(),
                    ));
                }
                Resolution::NotFound => return Err(Why::UnknownDistrict),
            },
        },
    })
}

/// The code of a district cell already resolved to its full name (`None` for the whole pool).
pub(super) fn district_code(v: Option<&Value>) -> Option<Value> {
    match v {
        Some(Value::Text(name)) => match crate::domain::districts::table().resolve(name) {
            Resolution::Found(d) => Some(Value::Text(d.code.to_string())),
            _ => None,
        },
        _ => None,
    }
}

/// The rule of `domain::fields` for a text column: no control characters (line breaks and tabs
/// only in free text, where a Windows line break is kept as a plain one), names not too long.
pub(super) fn text_rule(column: &Column, v: Option<Value>) -> Result<Option<Value>, Why> {
    let Some(Value::Text(t)) = v else {
        return Ok(v);
    };
    if column.ty != Ty::Text {
        return Ok(Some(Value::Text(t)));
    }
    let kind = fields::kind_of(column.key);
    let t = if kind == TextKind::Notes && t.contains("\r\n") {
        t.replace("\r\n", "\n")
    } else {
        t
    };
    fields::check_text(kind, &t).map_err(Why::BadText)?;
    Ok(Some(Value::Text(t)))
}

pub(super) fn get<'r>(kind: Kind, rec: &'r Rec, key: &str) -> Option<&'r Value> {
    let i = kind.columns().iter().position(|c| c.key == key)?;
    rec.vals.get(i)?.as_ref()
}

/// A value as text (integers written out).
pub(super) fn get_text(kind: Kind, rec: &Rec, key: &str) -> Option<String> {
    match get(kind, rec, key)? {
        Value::Text(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(x) => Some(x.to_string()),
        _ => None,
    }
}
