//! Writing checked rows: each kind's row matched to its stored record (or added), changed only
//! where a cell differs, and counted for the report.

use super::super::columns::{HeaderMap, Kind};
use super::super::words::Words;
use super::super::{FileError, values};
use super::check::{district_code, get, get_text, target_district};
use super::{ChangeNote, ImportReport, Rec};
use crate::config::Config;
use crate::domain::credit_code;
use crate::lang::Lang;
use crate::store::derived::{self};
use crate::store::format_date;
use crate::store::import::{self as db, EnterpriseRef, Writer, Written};
use rusqlite::types::Value;
use std::collections::{HashMap, HashSet};
use time::Date;

/// Writes checked rows.
pub(super) struct Apply<'a, 'c> {
    pub(super) kind: Kind,
    pub(super) map: &'a HeaderMap,
    pub(super) lang: Lang,
    pub(super) today: Date,
    pub(super) config: &'a Config,
    pub(super) writer: Writer<'c>,
    pub(super) conn: &'c rusqlite::Connection,
    pub(super) commissioners: HashMap<String, String>,
    pub(super) new_commissioners: Vec<String>,
    pub(super) touched: HashSet<String>,
    pub(super) details: bool,
    /// Log new enterprises by id (see [`BULK_ROWS`]).
    pub(super) bulk: bool,
    /// The columns whose stored values came with the enterprises (see `db::enterprises_by_code`).
    pub(super) compared: &'a [&'static str],
    pub(super) enterprises: &'a HashMap<String, EnterpriseRef>,
    pub(super) report: &'a mut ImportReport,
}

/// A new enterprise row ready to insert: its fields (`commissioner_id` and the membership's
/// `enterprise_id` still to fill in, as they come from the database), its derived values and its
/// pool membership, if any.
pub(super) struct NewEnterpriseRow {
    pub(super) fields: Fields,
    pub(super) derived: [Value; 17],
    pub(super) membership: Option<Fields>,
}

/// Prepares new enterprise rows (reading nothing from the database).
pub(super) struct NewRows<'a> {
    pub(super) kind: Kind,
    pub(super) today: Date,
    pub(super) config: &'a Config,
    /// The day the rows are created (the date of the import's stamp).
    pub(super) created: Option<Date>,
}

impl NewRows<'_> {
    /// The row of an enterprise that is not stored yet, its values taken out of `rec`. Its
    /// derived values are known now (nothing refers to it yet): written with the row rather
    /// than recomputed after.
    pub(super) fn prepare(&self, rec: &mut Rec) -> NewEnterpriseRow {
        let cols = self.kind.columns();
        let mut f: Fields = ENTERPRISE_FIELDS[..12]
            .iter()
            .map(|k| {
                let at = cols.iter().position(|c| c.key == *k);
                (
                    *k,
                    at.and_then(|i| rec.vals.get_mut(i)).and_then(Option::take),
                )
            })
            .collect();
        f.push(("commissioner_id", None));
        for (col, default) in [("tier", "tsme"), ("honours", ""), ("notes", "")] {
            if let Some((_, v)) = f.iter_mut().find(|(c, _)| *c == col)
                && v.is_none()
            {
                *v = Some(Value::Text(default.into()));
            }
        }
        let district = f
            .iter()
            .find(|(c, _)| *c == "district")
            .and_then(|(_, v)| district_code(v.as_ref()));
        f.push(("district_code", district));
        let code = get_text(self.kind, rec, "credit_code").unwrap_or_default();
        let region = credit_code::region_code(&code)
            .unwrap_or_default()
            .to_string();
        f.push(("credit_code", Some(Value::Text(code))));
        f.push(("region_code", Some(Value::Text(region))));
        let text = |key: &str| match f.iter().find(|(c, _)| *c == key) {
            Some((_, Some(Value::Text(t)))) => Some(t.as_str()),
            _ => None,
        };
        let membership = match (get(self.kind, rec, "pool"), get(self.kind, rec, "batch")) {
            (Some(Value::Text(p)), Some(Value::Text(b))) => Some((p.as_str(), b.as_str())),
            _ => None,
        };
        let new = derived::NewEnterprise {
            name: text("name").unwrap_or_default(),
            founded: text("founded_on").and_then(|d| crate::store::parse_date(d).ok()),
            hte_field: text("hte_field"),
            created: self.created,
            membership: membership.map(|(p, b)| (p, b, "in", self.today)),
        };
        let derived =
            derived::enterprise_values(&derived::for_new_enterprise(&new, self.today, self.config));
        let membership = membership.map(|(pool, batch)| -> Fields {
            vec![
                ("batch", Some(Value::Text(batch.to_string()))),
                ("enterprise_id", None),
                ("pool", Some(Value::Text(pool.to_string()))),
                ("status", Some(Value::Text("in".into()))),
                ("entered_on", Some(Value::Text(format_date(self.today)))),
            ]
        });
        NewEnterpriseRow {
            fields: f,
            derived,
            membership,
        }
    }
}

/// The columns of `enterprises` an enterprise row may change.
pub(super) const ENTERPRISE_FIELDS: [&str; 16] = [
    "name",
    "district",
    "township",
    "address",
    "industry",
    "hte_field",
    "founded_on",
    "contact_name",
    "contact_phone",
    "tier",
    "honours",
    "notes",
    "initials",
    "commissioner_id",
    "deleted_at",
    "district_code",
];

/// A field taken from the row (`None`: keep).
pub(super) type Fields = Vec<(&'static str, Option<Value>)>;

impl<'a> Apply<'a, '_> {
    /// Whether every given field of an enterprise equals its stored value (loaded with it):
    /// then nothing needs to be read or written.
    pub(super) fn same_enterprise(&self, e: &EnterpriseRef, fields: &Fields) -> bool {
        e.values.len() == self.compared.len()
            && fields.iter().all(|(c, v)| match v {
                None => true,
                Some(v) => self
                    .compared
                    .iter()
                    .position(|k| k == c)
                    .is_some_and(|i| &e.values[i] == v),
            })
    }

    pub(super) fn v(&self, rec: &Rec, key: &str) -> Option<Value> {
        get(self.kind, rec, key).cloned()
    }

    /// Fields whose database column is the column key.
    pub(super) fn same_named(&self, rec: &Rec, keys: &[&'static str]) -> Fields {
        keys.iter().map(|k| (*k, self.v(rec, k))).collect()
    }

    /// The id of a commissioner by name, adding the commissioner if new.
    pub(super) fn commissioner(&mut self, name: Option<Value>) -> anyhow::Result<Option<Value>> {
        let Some(Value::Text(name)) = name else {
            return Ok(None);
        };
        if let Some(id) = self.commissioners.get(&name) {
            return Ok(Some(Value::Text(id.clone())));
        }
        let id = self.writer.insert(
            "commissioners",
            None,
            &[("name", Some(Value::Text(name.clone())))],
        )?;
        self.commissioners.insert(name.clone(), id.clone());
        self.new_commissioners.push(name);
        Ok(Some(Value::Text(id)))
    }

    /// Counts a write and, on a dry run, notes what changed.
    pub(super) fn count(&mut self, rec: &Rec, label: String, written: &[Written]) {
        let added = written
            .first()
            .is_some_and(|w| matches!(w, Written::Added(_)));
        let changed: Vec<&(&'static str, Value, Value)> = written
            .iter()
            .filter_map(|w| match w {
                Written::Updated(_, c) => Some(c),
                _ => None,
            })
            .flatten()
            .collect();
        if added {
            self.report.added += 1;
        } else if changed.is_empty() {
            self.report.unchanged += 1;
            return;
        } else {
            self.report.updated += 1;
        }
        if !self.details {
            return;
        }
        let names: HashMap<&String, &String> =
            self.commissioners.iter().map(|(n, id)| (id, n)).collect();
        let show = |col: &str, v: &Value| -> String {
            let s = match v {
                Value::Null => return "—".into(),
                Value::Integer(i) => i.to_string(),
                Value::Real(x) => x.to_string(),
                Value::Text(t) => t.clone(),
                Value::Blob(_) => String::new(),
            };
            if col == "commissioner_id" {
                return names.get(&s).map_or(s.clone(), |n| n.to_string());
            }
            s.replace('T', " ")
        };
        let fields = changed
            .iter()
            .filter(|(c, _, _)| !matches!(*c, "initials" | "deleted_at" | "updated_at"))
            .map(|(c, old, new)| {
                let key = if *c == "commissioner_id" {
                    "commissioner"
                } else {
                    c
                };
                let header = self
                    .map
                    .get(key)
                    .map(|m| m.header.clone())
                    .or_else(|| self.kind.column(key).map(|k| k.name(self.lang).to_string()))
                    .unwrap_or_else(|| key.to_string());
                (header, show(c, old), show(c, new))
            })
            .collect();
        self.report.changes.push(ChangeNote {
            line: rec.line,
            added,
            label,
            fields,
        });
    }

    /// Writes one row (a new enterprise's values are taken out of it).
    pub(super) fn row(&mut self, rec: &mut Rec) -> anyhow::Result<()> {
        match self.kind {
            Kind::Enterprises => self.enterprise(rec),
            Kind::Pool => self.membership(rec),
            Kind::Projects => self.project(rec),
            Kind::Milestones => self.milestone(rec),
            Kind::Visits => self.visit(rec),
            Kind::Requests => self.request(rec),
            Kind::Figures => self.figures(rec),
            Kind::Certificates => self.certificate(rec),
            Kind::Targets => self.target(rec),
            Kind::SupportActions => self.support_action(rec),
            Kind::Rewards => self.reward(rec),
            // Refused before any row is read (`import_file`).
            Kind::Rankings => Err(FileError::ExportOnly {
                path: self.report.path.clone(),
                kind: Kind::Rankings,
            }
            .into()),
        }
    }

    /// What a row is about, for the notes of a dry run (empty otherwise).
    pub(super) fn label(&self, rec: &Rec, key: &str) -> String {
        if !self.details {
            return String::new();
        }
        let name = get_text(self.kind, rec, key).unwrap_or_default();
        match rec
            .enterprise
            .as_ref()
            .and_then(|id| self.enterprises.values().find(|e| &e.id == id))
        {
            Some(e) if self.details && key != "name" => format!("{} · {name}", e.name),
            _ => name,
        }
    }

    pub(super) fn enterprise(&mut self, rec: &mut Rec) -> anyhow::Result<()> {
        let code = get_text(self.kind, rec, "credit_code").unwrap_or_default();
        let Some(e) = self.enterprises.get(&code) else {
            let label = self.label(rec, "name");
            let comm = self.commissioner(self.v(rec, "commissioner"))?;
            let new = self.new_rows().prepare(rec);
            return self.add_enterprise(rec, label, comm, new);
        };
        let mut f = self.same_named(rec, &ENTERPRISE_FIELDS[..12]);
        // A field stored as a label is the same field as its code: not a change.
        if let Some((_, Some(Value::Text(code)))) = f.iter().find(|(c, _)| *c == "hte_field")
            && e.hte_field.as_deref().and_then(values::hte_field_code) == Some(code.as_str())
        {
            f.retain(|(c, _)| *c != "hte_field");
        }
        let comm = self.commissioner(self.v(rec, "commissioner"))?;
        f.push(("commissioner_id", comm));
        if let Some(code) = district_code(get(self.kind, rec, "district")) {
            f.push(("district_code", Some(code)));
        }
        if let Some(Value::Text(name)) = self.v(rec, "name") {
            f.push((
                "initials",
                Some(Value::Text(crate::text::pinyin_initials(&name))),
            ));
        }
        f.push(("deleted_at", Some(Value::Null)));
        let written = if self.same_enterprise(e, &f) {
            Written::Unchanged(e.id.clone())
        } else {
            self.writer.update("enterprises", &e.id, None, &f)?
        };
        let eid = written.id().to_string();
        let mut all = vec![written];
        let pool = match self.v(rec, "pool") {
            Some(Value::Text(p)) => Some(p),
            _ => e.pool.clone(),
        };
        let batch = self.v(rec, "batch");
        if let Some(pool) = pool
            && (self.v(rec, "pool").is_some() || batch.is_some())
        {
            // The current membership (derived) already in that pool and batch: nothing to do.
            let same = !e.deleted
                && e.pool.as_ref() == Some(&pool)
                && match &batch {
                    Some(Value::Text(b)) => e.batch.as_ref() == Some(b),
                    _ => true,
                };
            if same {
                let label = self.label(rec, "name");
                self.count(rec, label, &all);
                if !matches!(all[0], Written::Unchanged(_)) {
                    self.touched.insert(eid);
                }
                return Ok(());
            }
            let existing = db::find_membership(self.conn, &eid, &pool, None, true)?;
            let mut m: Fields = vec![("batch", batch)];
            if existing.is_none() {
                m.extend([
                    ("enterprise_id", Some(Value::Text(eid.clone()))),
                    ("pool", Some(Value::Text(pool))),
                    ("status", Some(Value::Text("in".into()))),
                    ("entered_on", Some(Value::Text(format_date(self.today)))),
                ]);
            }
            all.push(match existing {
                Some(id) => self
                    .writer
                    .update("pool_memberships", &id, Some(&eid), &m)?,
                // The membership the file names (its current one there) keeps its id.
                None => Written::Added(self.writer.insert_as(
                    "pool_memberships",
                    self.free_pool_id(rec)?,
                    Some(&eid),
                    &m,
                )?),
            });
        }
        let label = self.label(rec, "name");
        self.count(rec, label, &all);
        if all.iter().any(|w| !matches!(w, Written::Unchanged(_))) {
            self.touched.insert(eid);
        }
        Ok(())
    }

    /// What a new enterprise row needs besides the database (see [`NewRows`]).
    pub(super) fn new_rows(&self) -> NewRows<'a> {
        NewRows {
            kind: self.kind,
            today: self.today,
            config: self.config,
            created: self
                .writer
                .stamp()
                .get(..10)
                .and_then(|d| crate::store::parse_date(d).ok()),
        }
    }

    /// Inserts a new enterprise (and its pool membership) prepared by [`NewRows::prepare`], with
    /// its commissioner; `label` is what the row is about.
    pub(super) fn add_enterprise(
        &mut self,
        rec: &Rec,
        label: String,
        comm: Option<Value>,
        new: NewEnterpriseRow,
    ) -> anyhow::Result<()> {
        let NewEnterpriseRow {
            mut fields,
            derived,
            membership,
        } = new;
        if let Some((_, v)) = fields.iter_mut().find(|(c, _)| *c == "commissioner_id") {
            *v = comm;
        }
        // An enterprise from another Seedbed file keeps its id (checked free before).
        let id = get_text(self.kind, rec, "id");
        let eid = if self.bulk {
            let cols = derived::ENTERPRISE_COLUMNS.into_iter().zip(derived);
            self.writer.insert_new_as("enterprises", id, fields, cols)?
        } else {
            let cols: Vec<(&'static str, &Value)> = derived::ENTERPRISE_COLUMNS
                .into_iter()
                .zip(derived.iter())
                .collect();
            self.writer
                .insert_derived_as("enterprises", id, None, &fields, &cols)?
        };
        if let Some(mut m) = membership {
            if let Some((_, v)) = m.iter_mut().find(|(c, _)| *c == "enterprise_id") {
                *v = Some(Value::Text(eid.clone()));
            }
            let id = self.free_pool_id(rec)?;
            if self.bulk {
                self.writer.insert_new_as("pool_memberships", id, m, [])?;
            } else {
                self.writer
                    .insert_as("pool_memberships", id, Some(&eid), &m)?;
            }
        }
        self.count(rec, label, &[Written::Added(eid)]);
        Ok(())
    }

    /// Inserts or updates a row of `table` belonging to the row's enterprise.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn child(
        &mut self,
        rec: &Rec,
        table: &'static str,
        (existing, new_id): (Option<String>, Option<String>),
        mut f: Fields,
        defaults: &[(&'static str, Value)],
        label_key: &str,
    ) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let written = match existing {
            Some(id) => self.writer.update(table, &id, Some(&eid), &f)?,
            None => {
                for (col, default) in defaults {
                    match f.iter_mut().find(|(c, _)| c == col) {
                        Some((_, v)) if v.is_none() => *v = Some(default.clone()),
                        Some(_) => {}
                        None => f.push((col, Some(default.clone()))),
                    }
                }
                if table != "milestones" {
                    f.push(("enterprise_id", Some(Value::Text(eid.clone()))));
                }
                Written::Added(self.writer.insert_as(table, new_id, Some(&eid), &f)?)
            }
        };
        if !matches!(written, Written::Unchanged(_)) {
            self.touched.insert(eid);
        }
        let label = self.label(rec, label_key);
        self.count(rec, label, &[written]);
        Ok(())
    }

    pub(super) fn membership(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let pool = get_text(self.kind, rec, "pool").unwrap_or_default();
        let entered = get_text(self.kind, rec, "entered_on");
        let current = get_text(self.kind, rec, "status").is_none_or(|s| s != "out");
        let existing = self.matched(rec, || {
            db::find_membership(self.conn, &eid, &pool, entered.as_deref(), current)
        })?;
        let f = self.same_named(
            rec,
            &[
                "pool",
                "batch",
                "status",
                "entered_on",
                "left_on",
                "status_on",
                "status_reason",
            ],
        );
        let defaults = [
            ("status", Value::Text("in".into())),
            ("entered_on", Value::Text(format_date(self.today))),
        ];
        self.child(rec, "pool_memberships", existing, f, &defaults, "pool")
    }

    pub(super) fn project(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let name = get_text(self.kind, rec, "name").unwrap_or_default();
        let existing = self.matched(rec, || db::find_project(self.conn, &eid, &name))?;
        let mut f = self.same_named(
            rec,
            &[
                "name",
                "level",
                "programme",
                "budget",
                "start_on",
                "planned_end",
                "extended_end",
                "acceptance_applied",
                "acceptance_passed",
                "risk_flag",
            ],
        );
        // A project named by its id comes back if it was deleted since the export.
        if existing.0.is_some() {
            f.push(("deleted_at", Some(Value::Null)));
        }
        self.child(rec, "projects", existing, f, &[], "name")
    }

    pub(super) fn milestone(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let pid = rec.project.clone().unwrap_or_default();
        let name = get_text(self.kind, rec, "name").unwrap_or_default();
        let existing = self.matched(rec, || db::find_milestone(self.conn, &pid, &name))?;
        let f = self.same_named(rec, &["seq", "name", "planned_on", "done_on"]);
        let mut defaults = vec![("project_id", Value::Text(pid.clone()))];
        if existing.0.is_none() && self.v(rec, "seq").is_none() {
            defaults.push((
                "seq",
                Value::Integer(db::next_milestone_seq(self.conn, &pid)?),
            ));
        }
        self.child(rec, "milestones", existing, f, &defaults, "name")
    }

    pub(super) fn visit(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let planned = get_text(self.kind, rec, "planned_on");
        let date = get_text(self.kind, rec, "done_on")
            .or_else(|| planned.clone())
            .unwrap_or_default();
        let existing = self.matched(rec, || {
            db::find_visit(self.conn, &eid, &date, planned.as_deref())
        })?;
        let mut f = self.same_named(
            rec,
            &[
                "planned_on",
                "done_on",
                "cancelled_on",
                "mode",
                "attendees",
                "notes",
            ],
        );
        let comm = self.commissioner(self.v(rec, "commissioner"))?;
        f.push(("commissioner_id", comm));
        let defaults = [
            ("mode", Value::Text("on_site".into())),
            ("attendees", Value::Text(String::new())),
            ("notes", Value::Text(String::new())),
        ];
        self.child(rec, "visits", existing, f, &defaults, "done_on")
    }

    pub(super) fn request(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let raised = get_text(self.kind, rec, "raised_at").unwrap_or_default();
        let text = get_text(self.kind, rec, "text").unwrap_or_default();
        let existing = self.matched(rec, || db::find_request(self.conn, &eid, &raised, &text))?;
        let f = self.same_named(
            rec,
            &[
                "raised_at",
                "category",
                "text",
                "first_response_at",
                "status",
                "closed_at",
                "resolution",
                "visit_id",
            ],
        );
        let status = if get(self.kind, rec, "closed_at").is_some() {
            "resolved"
        } else if get(self.kind, rec, "first_response_at").is_some() {
            "in_progress"
        } else {
            "open"
        };
        let defaults = [
            ("category", Value::Text("other".into())),
            ("status", Value::Text(status.into())),
        ];
        self.child(rec, "requests", existing, f, &defaults, "text")
    }

    pub(super) fn figures(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let year = match get(self.kind, rec, "year") {
            Some(Value::Integer(y)) => *y,
            _ => 0,
        };
        let existing = self.matched(rec, || db::find_figures(self.conn, &eid, year))?;
        let f = self.same_named(
            rec,
            &[
                "year",
                "staff",
                "scitech_staff",
                "sales",
                "total_income",
                "hightech_income",
                "rd_spend",
                "rd_domestic",
                "net_assets",
                "total_assets",
                "liabilities",
                "ip_class1",
                "ip_class2",
                "results_transferred",
                "rd_mgmt_score",
                "major_incident",
                "annual_report_filed",
            ],
        );
        self.child(rec, "figures", existing, f, &[], "year")
    }

    pub(super) fn certificate(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let eid = rec.enterprise.clone().unwrap_or_default();
        let number = get_text(self.kind, rec, "number").unwrap_or_default();
        let existing = self.matched(rec, || db::find_certificate(self.conn, &eid, &number))?;
        let f = self.same_named(rec, &["kind", "number", "issued_on", "expires_on"]);
        let kind = get_text(self.kind, rec, "kind").unwrap_or_else(|| "hte".into());
        let mut defaults = vec![("kind", Value::Text(kind.clone()))];
        if kind == "hte"
            && let Some(issued) = get_text(self.kind, rec, "issued_on")
            && let Ok(d) = crate::store::parse_date(&issued)
        {
            // Valid for the configured years from the day of issue (as `domain::hte` counts).
            let year = d.year() + self.config.hte.certificate_valid_years;
            let expires = Date::from_calendar_date(year, d.month(), d.day())
                .or_else(|_| Date::from_calendar_date(year, d.month(), 28));
            if let Ok(e) = expires {
                defaults.push(("expires_on", Value::Text(format_date(e))));
            }
        }
        self.child(rec, "certificates", existing, f, &defaults, "number")
    }

    /// A district's target, matched by district, metric and year.
    pub(super) fn target(&mut self, rec: &Rec) -> anyhow::Result<()> {
        let district = target_district(&get_text(self.kind, rec, "district").unwrap_or_default());
        let metric = get_text(self.kind, rec, "metric").unwrap_or_default();
        let year = match get(self.kind, rec, "year") {
            Some(Value::Integer(y)) => *y,
            _ => 0,
        };
        let value = self.v(rec, "value");
        let (existing, new_id) =
            self.matched(rec, || db::find_target(self.conn, &district, &metric, year))?;
        let written = match existing {
            Some(id) => self.writer.update(
                "targets",
                &id,
                None,
                &[
                    ("district", Some(Value::Text(district.clone()))),
                    ("metric", Some(Value::Text(metric.clone()))),
                    ("year", Some(Value::Integer(year))),
                    ("value", value),
                ],
            )?,
            None => Written::Added(self.writer.insert_as(
                "targets",
                new_id,
                None,
                &[
                    ("district", Some(Value::Text(district.clone()))),
                    (
                        "district_code",
                        district_code(Some(&Value::Text(district.clone()))),
                    ),
                    ("metric", Some(Value::Text(metric.clone()))),
                    ("year", Some(Value::Integer(year))),
                    ("value", value),
                ],
            )?),
        };
        let shown = crate::interchange::values::choice_label(
            crate::interchange::columns::EnumKind::Metric,
            &metric,
            self.lang,
        );
        let scope = if district.is_empty() {
            self.lang.whole_pool().to_string()
        } else {
            district
        };
        self.count(rec, format!("{scope} · {shown} · {year}"), &[written]);
        Ok(())
    }
}
