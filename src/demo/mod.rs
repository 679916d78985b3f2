//! The demo pool: a realistic, deterministic cultivation pool of enterprises in Xinjiang and
//! Gansu districts, for trying Seedbed out and for benchmarks.
//!
//! [`generate`] writes the raw rows of every table in one transaction; the derived columns
//! (colours, next visits, ranks, …) are left at their defaults for the store's recompute.
//! The same seed and `today` always produce the same file: the only source of randomness is a
//! seeded [`fastrand::Rng`], and ids are ULIDs whose time part counts up from `today` 08:00.
//!
//! Word lists (districts, brands, industries, texts) live in `assets/demo/` and are compiled in.

mod bureau;
mod enterprise;
pub mod linkage;
mod projects;
mod visits;
mod words;

use crate::domain::CertKind;
use crate::store::{StoreError, format_date};
use fastrand::Rng;
use rusqlite::{CachedStatement, Connection, Transaction};
use std::collections::{HashMap, HashSet};
use time::{Date, Month};
use ulid::Ulid;
use words::Words;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// The number of enterprises.
    pub enterprises: usize,
    /// The seed of the random generator: the same seed (and `today`) gives the same rows.
    pub seed: u64,
}

/// The number of rows written, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoSummary {
    pub enterprises: usize,
    pub projects: usize,
    pub milestones: usize,
    pub visits: usize,
    pub requests: usize,
    pub commissioners: usize,
}

/// Writes a demo pool of `opts.enterprises` enterprises into `conn` (which must hold the Seedbed
/// schema) as of `today`, in one transaction. Derived columns are left at their defaults except
/// `enterprises.initials`.
pub fn generate(
    conn: &mut Connection,
    opts: &DemoOptions,
    today: Date,
) -> Result<DemoSummary, StoreError> {
    let words = Words::load()?;
    let tx = conn.transaction()?;
    // The demo's rows are the file's own from the start (its base), not edits to sync.
    let summary = crate::store::sync::triggers::quietly(&tx, || {
        let mut st = Stmts::prepare(&tx)?;
        let mut g = Gen::new(&words, opts, today);
        let summary = g.run(&mut st)?;
        drop(st);
        bureau::generate(&mut g, &tx, &crate::config::Config::default().rewards)?;
        // Each district's code, by the table's full name (one statement per district, not per
        // enterprise).
        let mut set = tx.prepare(
            "UPDATE enterprises SET district_code = ?1, district = ?2 WHERE district = ?3",
        )?;
        for d in &words.districts {
            let shown = crate::domain::districts::table()
                .get(d.code)
                .map_or(d.name, |t| t.full_name.as_str());
            set.execute(rusqlite::params![d.code, shown, d.name])?;
        }
        Ok(summary)
    })?;
    tx.commit()?;
    Ok(summary)
}

/// The prepared inserts, one per table.
struct Stmts<'c> {
    commissioner: CachedStatement<'c>,
    enterprise: CachedStatement<'c>,
    membership: CachedStatement<'c>,
    certificate: CachedStatement<'c>,
    figure: CachedStatement<'c>,
    project: CachedStatement<'c>,
    milestone: CachedStatement<'c>,
    colour_override: CachedStatement<'c>,
    visit: CachedStatement<'c>,
    request: CachedStatement<'c>,
    activity: CachedStatement<'c>,
    attendance: CachedStatement<'c>,
}

impl<'c> Stmts<'c> {
    fn prepare(tx: &'c Transaction<'_>) -> Result<Stmts<'c>, StoreError> {
        Ok(Stmts {
            commissioner: tx.prepare_cached(
                "INSERT INTO commissioners (id, name, phone, district, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?,
            enterprise: tx.prepare_cached(
                "INSERT INTO enterprises (id, credit_code, name, initials, region_code, district,
                     township, address, industry, hte_field, founded_on, contact_name,
                     contact_phone, commissioner_id, tier, honours, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?18)",
            )?,
            membership: tx.prepare_cached(
                "INSERT INTO pool_memberships (id, enterprise_id, pool, batch, status, entered_on,
                     left_on, created_at, updated_at, status_on, status_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
            )?,
            certificate: tx.prepare_cached(
                "INSERT INTO certificates (id, enterprise_id, kind, number, issued_on, expires_on,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?,
            figure: tx.prepare_cached(
                "INSERT INTO figures (id, enterprise_id, year, staff, scitech_staff, sales,
                     total_income, hightech_income, rd_spend, rd_domestic, net_assets,
                     total_assets, liabilities, ip_class1, ip_class2, results_transferred,
                     rd_mgmt_score, major_incident, annual_report_filed, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?20)",
            )?,
            project: tx.prepare_cached(
                "INSERT INTO projects (id, enterprise_id, name, level, programme, budget, start_on,
                     planned_end, extended_end, acceptance_applied, acceptance_passed, risk_flag,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
            )?,
            milestone: tx.prepare_cached(
                "INSERT INTO milestones (id, project_id, seq, name, planned_on, done_on,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?,
            colour_override: tx.prepare_cached(
                "INSERT INTO colour_overrides (id, project_id, colour, reason, commissioner_id,
                     active, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?,
            visit: tx.prepare_cached(
                "INSERT INTO visits (id, enterprise_id, planned_on, done_on, cancelled_on, mode,
                     commissioner_id, attendees, notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?,
            request: tx.prepare_cached(
                "INSERT INTO requests (id, enterprise_id, visit_id, raised_at, category, text,
                     first_response_at, status, closed_at, resolution, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?,
            activity: tx.prepare_cached(
                "INSERT INTO activities (id, name, held_on, kind, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?,
            attendance: tx.prepare_cached(
                "INSERT INTO attendance (id, activity_id, enterprise_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
            )?,
        })
    }
}

/// The earliest and latest day, relative to today, that any generated date falls on.
const FIRST_DAY: i32 = -8200;
const LAST_DAY: i32 = 2600;

/// ISO text of every day in `FIRST_DAY..=LAST_DAY` relative to today, so rows bind borrowed text.
struct Days {
    today_jd: i32,
    text: Vec<String>,
}

impl Days {
    fn new(today: Date) -> Days {
        let today_jd = today.to_julian_day();
        let text = (FIRST_DAY..=LAST_DAY)
            .map(|off| {
                Date::from_julian_day(today_jd + off)
                    .map(format_date)
                    .unwrap_or_default()
            })
            .collect();
        Days { today_jd, text }
    }

    /// The ISO text of the day `off` days from today (clamped to the table).
    fn get(&self, off: i32) -> &str {
        let i = usize::try_from(off.clamp(FIRST_DAY, LAST_DAY) - FIRST_DAY).unwrap_or(0);
        self.text.get(i).map_or("", String::as_str)
    }

    fn opt(&self, off: Option<i32>) -> Option<&str> {
        off.map(|o| self.get(o))
    }

    /// The date `off` days from today.
    fn date(&self, off: i32) -> Date {
        Date::from_julian_day(self.today_jd + off).unwrap_or(Date::MIN)
    }

    /// Days from today to `d`.
    fn off(&self, d: Date) -> i32 {
        d.to_julian_day() - self.today_jd
    }

    /// Days from today to the given calendar day (the last valid day of the month if `day` is
    /// too large).
    fn off_ymd(&self, year: i32, month: Month, day: u8) -> i32 {
        let mut d = day;
        loop {
            if let Ok(date) = Date::from_calendar_date(year, month, d) {
                return self.off(date);
            }
            if d <= 28 {
                return 0;
            }
            d -= 1;
        }
    }
}

/// A commissioner as the generator remembers it.
struct Commissioner {
    id: [u8; 26],
}

/// A cultivation activity and the day it is held.
struct Activity {
    id: [u8; 26],
    held: i32,
}

/// The text of an id kept as its 26 ASCII characters.
fn id_str(id: &[u8; 26]) -> &str {
    std::str::from_utf8(id).unwrap_or_default()
}

/// The generator: the random source, id counter, word lists and what is shared between rows.
struct Gen<'w> {
    w: &'w Words,
    rng: Rng,
    /// The time part of the next id.
    next_ms: u64,
    today: Date,
    days: Days,
    /// `created_at`/`updated_at` of every row.
    stamp: String,
    n: usize,
    summary: DemoSummary,
    names: HashSet<String>,
    codes: HashSet<String>,
    commissioners: Vec<Commissioner>,
    /// District index → commissioners working there.
    by_district: Vec<Vec<usize>>,
    /// Districts that have a commissioner, with their weights.
    covered: Vec<usize>,
    covered_weights: Vec<u32>,
    activities: Vec<Activity>,
    /// Objects and techniques of project names by field index (last: no field).
    objects_by_field: Vec<Vec<usize>>,
    techs_by_field: Vec<Vec<usize>>,
    /// The last serial number given, by (certificate kind, year, province code).
    serials: HashMap<(CertKind, i32, &'static str), u32>,
    expiry_tomorrow_done: bool,
    overrides: usize,
    /// Done visits of the current enterprise in the past year (id, day), for linking requests.
    recent_visits: Vec<(Ulid, i32)>,
}

/// An index chosen with the given weights (0 when they are all zero).
fn weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut r = rng.u32(..total);
    for (i, w) in weights.iter().enumerate() {
        if r < *w {
            return i;
        }
        r -= w;
    }
    0
}

/// Districts that always get a commissioner, so that even a small pool has enterprises in
/// Karamay (pinyin search `xjkl`), Lanzhou and Urumqi.
const MUST_DISTRICTS: [&str; 4] = ["650203", "620102", "650104", "650102"];

/// Commissioners for a pool of `n` enterprises.
fn commissioner_count(n: usize) -> usize {
    (n / 60).clamp(4, 400)
}

impl<'w> Gen<'w> {
    fn new(w: &'w Words, opts: &DemoOptions, today: Date) -> Gen<'w> {
        let days = Days::new(today);
        let stamp = format!("{}T08:00:00", days.get(0));
        let epoch_days = i64::from(today.to_julian_day()) - 2_440_588;
        let next_ms = u64::try_from(epoch_days * 86_400_000 + 8 * 3_600_000).unwrap_or(0);
        let nf = words::HTE_FIELDS.len();
        let by_field = |tagged: &[words::Tagged]| -> Vec<Vec<usize>> {
            (0..=nf)
                .map(|f| {
                    tagged
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.field.is_none() || (f < nf && t.field == Some(f)))
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect()
        };
        Gen {
            w,
            rng: Rng::with_seed(opts.seed),
            next_ms,
            today,
            days,
            stamp,
            n: opts.enterprises,
            summary: DemoSummary::default(),
            names: HashSet::with_capacity(opts.enterprises),
            codes: HashSet::with_capacity(opts.enterprises),
            commissioners: Vec::new(),
            by_district: vec![Vec::new(); w.districts.len()],
            covered: Vec::new(),
            covered_weights: Vec::new(),
            activities: Vec::new(),
            objects_by_field: by_field(&w.objects),
            techs_by_field: by_field(&w.techs),
            serials: HashMap::new(),
            expiry_tomorrow_done: false,
            overrides: 0,
            recent_visits: Vec::new(),
        }
    }

    fn run(&mut self, st: &mut Stmts<'_>) -> Result<DemoSummary, StoreError> {
        self.commissioners(st)?;
        self.activities(st)?;
        for i in 0..self.n {
            self.enterprise(st, i)?;
        }
        Ok(self.summary)
    }

    // ----- random helpers -----

    /// A fresh id: the time part counts up by one millisecond per row.
    fn id(&mut self) -> Ulid {
        let id = Ulid::from_parts(self.next_ms, self.rng.u128(..));
        self.next_ms += 1;
        id
    }

    /// The next serial number of a certificate of `kind` issued in `year` in `province`;
    /// serials skip a little, as numbers given to enterprises elsewhere would.
    fn serial(&mut self, kind: CertKind, year: i32, province: &'static str) -> u32 {
        let step = self.rng.u32(1..=2);
        let serial = self.serials.entry((kind, year, province)).or_insert(0);
        *serial += step;
        *serial
    }

    /// A uniform integer in `lo..=hi` (`lo` when the range is empty).
    fn between(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo { lo } else { self.rng.i32(lo..=hi) }
    }

    fn between_i64(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { self.rng.i64(lo..=hi) }
    }

    /// True with probability `p` percent.
    fn pct(&mut self, p: u32) -> bool {
        self.rng.u32(..100) < p
    }

    /// True with probability `p` per mille.
    fn permille(&mut self, p: u32) -> bool {
        self.rng.u32(..1000) < p
    }

    /// A uniform element (`""` for an empty list).
    fn pick(&mut self, list: &[&'static str]) -> &'static str {
        if list.is_empty() {
            return "";
        }
        list[self.rng.usize(..list.len())]
    }

    /// An index chosen with the given weights (0 when they are all zero).
    fn weighted(&mut self, weights: &[u32]) -> usize {
        weighted(&mut self.rng, weights)
    }

    /// A value between `lo` and `hi` spread evenly on a log scale.
    fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let (a, b) = (lo.ln(), hi.ln());
        (a + self.rng.f64() * (b - a)).exp()
    }

    /// A Chinese person's name; in Xinjiang sometimes a Uyghur or Kazakh name (名·父名).
    fn person(&mut self, xinjiang: bool) -> String {
        if xinjiang && self.pct(15) {
            let given = self.pick(&self.w.uyghur_given);
            let father = self.pick(&self.w.uyghur_father);
            return format!("{given}·{father}");
        }
        let mut name = String::with_capacity(9);
        name.push_str(self.pick(&self.w.surnames));
        name.push_str(self.pick(&self.w.given));
        if self.pct(65) {
            name.push_str(self.pick(&self.w.given));
        }
        name
    }

    /// A mobile number: 11 digits starting with a real 1xx prefix.
    fn phone(&mut self) -> String {
        const PREFIXES: [&str; 24] = [
            "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
            "155", "156", "158", "159", "177", "180", "181", "186", "187", "189", "191", "199",
        ];
        let mut s = String::with_capacity(11);
        s.push_str(PREFIXES[self.rng.usize(..PREFIXES.len())]);
        for _ in 0..8 {
            s.push(self.rng.digit(10));
        }
        s
    }

    /// `YYYY-MM-DDTHH:MM:SS` of a moment given in minutes from today 00:00.
    fn datetime(&self, minutes: i64) -> String {
        let day = i32::try_from(minutes.div_euclid(1440)).unwrap_or(0);
        let m = minutes.rem_euclid(1440);
        format!("{}T{:02}:{:02}:00", self.days.get(day), m / 60, m % 60)
    }

    // ----- shared rows -----

    fn commissioners(&mut self, st: &mut Stmts<'_>) -> Result<(), StoreError> {
        let k = commissioner_count(self.n);
        let nd = self.w.districts.len();
        // District of each commissioner: the must-haves, then every other district once (in a
        // random order), then by weight.
        let mut order: Vec<usize> = MUST_DISTRICTS
            .iter()
            .filter_map(|code| self.w.districts.iter().position(|d| d.code == *code))
            .collect();
        let mut rest: Vec<usize> = (0..nd).filter(|d| !order.contains(d)).collect();
        self.rng.shuffle(&mut rest);
        order.extend(rest);
        let weights: Vec<u32> = self.w.districts.iter().map(|d| d.weight).collect();
        let mut names = HashSet::new();
        for c in 0..k {
            let district = match order.get(c) {
                Some(d) => *d,
                None => self.weighted(&weights),
            };
            let xinjiang = self.w.districts[district].province == "新疆";
            let mut name = self.person(xinjiang);
            while !names.insert(name.clone()) {
                name = self.person(xinjiang);
            }
            let phone = self.phone();
            let mut id = [0u8; 26];
            self.id().array_to_str(&mut id);
            st.commissioner.execute(rusqlite::params![
                id_str(&id),
                name,
                phone,
                self.w.districts[district].name,
                self.stamp
            ])?;
            self.by_district[district].push(c);
            self.commissioners.push(Commissioner { id });
        }
        for (d, cs) in self.by_district.iter().enumerate() {
            if !cs.is_empty() {
                self.covered.push(d);
                self.covered_weights.push(self.w.districts[d].weight);
            }
        }
        self.summary.commissioners = k;
        Ok(())
    }

    /// A few dozen cultivation activities over this year and the two before (a few still to come).
    fn activities(&mut self, st: &mut Stmts<'_>) -> Result<(), StoreError> {
        let w = self.w;
        let year0 = self.today.year() - 2;
        for year in year0..=self.today.year() {
            for &(kind, template) in &w.activities {
                let lo = self.days.off_ymd(year, Month::January, 10);
                let hi = self.days.off_ymd(year, Month::December, 20).min(45);
                if hi < lo {
                    continue;
                }
                let held = self.between(lo, hi);
                let name = template.replace("{year}", &self.days.date(held).year().to_string());
                let mut id = [0u8; 26];
                self.id().array_to_str(&mut id);
                st.activity.execute(rusqlite::params![
                    id_str(&id),
                    name,
                    self.days.get(held),
                    kind,
                    self.stamp
                ])?;
                self.activities.push(Activity { id, held });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
