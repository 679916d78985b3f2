//! A simulated district network over the real schema: a region's demo pool split into ten
//! districts of two prefectures, commissioners' laptops filled from their district, each
//! laptop's edits (some on the same fields as a colleague's, some creating the same
//! enterprise twice), then bundles up through district, prefecture and region. The report
//! says what was measured and what the region holds against what was written.

use crate::config::Config;
use crate::domain::credit_code;
use crate::store::derived::{self, Scope};
use crate::store::sync::identity::{Level, place};
use crate::store::sync::{self, ExportOptions, apply, conflicts, stamp, triggers};
use crate::store::{OpenMode, Result, Store, StoreError, check};
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::Date;

/// The ten districts of the simulation, in two prefectures (乌鲁木齐市 6501, 克拉玛依市 6502).
pub const DISTRICTS: [&str; 10] = [
    "650102", "650103", "650104", "650105", "650106", "650107", "650202", "650203", "650204",
    "650205",
];

#[derive(Debug, Clone)]
pub struct SimOptions {
    pub enterprises: usize,
    pub laptops_per_district: usize,
    pub edits_per_laptop: usize,
    pub seed: u64,
    pub today: Date,
    /// Laptops made as copies of their district's file (each copy becomes its own origin)
    /// rather than filled by a first sync into an empty file.
    pub laptops_by_copy: bool,
}

/// What the simulation measured and found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SimReport {
    pub laptops: usize,
    /// Field versions written on laptops (each edit of a field is one).
    pub edits: usize,
    /// Versions applied at district level, and how fast.
    pub district_versions: usize,
    pub district_import: Duration,
    /// Bytes of the laptops' bundles, per version they carried.
    pub laptop_bundle_bytes: u64,
    pub laptop_bundle_versions: usize,
    /// The region file's merge of its two prefectures' bundles.
    pub region_merge: Duration,
    pub region_versions: usize,
    pub region_file_bytes: u64,
    pub region_sync_bytes: u64,
    /// Laptop edits missing at the region, or held with another value.
    pub lost: usize,
    /// Fields in conflict at the region, and how many the laptops' writes made.
    pub conflicts: usize,
    pub conflicts_expected: usize,
    /// Enterprises created twice (one credit code) that the region holds once.
    pub duplicates_merged: usize,
    pub duplicates_made: usize,
    pub dangling: usize,
    pub check_problems: Vec<String>,
    /// Laptops that, after the way back down, hold a colleague's edit.
    pub laptops_with_colleagues_edits: usize,
}

struct Edit {
    table: &'static str,
    row: String,
    col: &'static str,
    value: rusqlite::types::Value,
}

fn open_new(path: &Path, level: Level, region: &str) -> Result<Store> {
    let s = Store::create(path, true)?;
    place(&s.conn, level, region)?;
    Ok(s)
}

fn bundle(
    s: &mut Store,
    path: &Path,
    seen: BTreeMap<String, i64>,
    scope: Option<&str>,
    without_contacts: bool,
) -> Result<u64> {
    let opts = ExportOptions {
        seen,
        scope: scope.map(str::to_string),
        without_contacts,
        label: String::new(),
    };
    sync::export(&mut s.conn, path, &opts)?;
    Ok(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
}

/// What a file has seen, as its bundles say it (origin id → sequence).
fn seen_of(s: &Store) -> Result<BTreeMap<String, i64>> {
    let mut stmt = s.conn.prepare("SELECT id, seen_seq FROM sync_origins")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn bundle_versions(path: &Path) -> Result<usize> {
    let b = Connection::open(path)?;
    Ok(b.query_row(
        "SELECT (SELECT count(*) FROM rows) + (SELECT count(*) FROM fields)",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize)
}

/// Runs the simulation in `dir`.
pub fn run(dir: &Path, opts: &SimOptions) -> Result<SimReport> {
    let config = Config::default();
    let mut rng = fastrand::Rng::with_seed(opts.seed);
    let mut report = SimReport::default();
    let source_path = dir.join("source.db");
    let mut source = Store::create(&source_path, true)?;
    super::generate(
        &mut source.conn,
        &super::DemoOptions {
            enterprises: opts.enterprises,
            seed: opts.seed,
        },
        opts.today,
    )?;
    spread_over_districts(&source.conn).map_err(|e| at("spread", e))?;
    derived::recompute_all(&mut source.conn, opts.today, &config)?;

    // Districts, filled from the source; laptops, filled from their district.
    let mut districts = Vec::new();
    let mut laptops: Vec<(usize, Store)> = Vec::new();
    for (d, code) in DISTRICTS.iter().enumerate() {
        let b = dir.join(format!("source-{code}.bundle"));
        bundle(&mut source, &b, BTreeMap::new(), Some(code), false)
            .map_err(|e| at("source bundle", e))?;
        let mut ds = open_new(
            &dir.join(format!("district-{code}.db")),
            Level::District,
            code,
        )?;
        apply::import(&mut ds.conn, &b, opts.today, &config).map_err(|e| at("district fill", e))?;
        gone(&b);
        let down = dir.join(format!("district-{code}-down.bundle"));
        bundle(&mut ds, &down, BTreeMap::new(), None, false)?;
        for l in 0..opts.laptops_per_district {
            let path = dir.join(format!("laptop-{code}-{l}.db"));
            let ls = if opts.laptops_by_copy {
                ds.conn
                    .execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
                let ls = Store::open(&path, OpenMode::Existing)?;
                place(&ls.conn, Level::Laptop, code)?;
                ls
            } else {
                let mut ls = open_new(&path, Level::Laptop, code)?;
                apply::import(&mut ls.conn, &down, opts.today, &config)
                    .map_err(|e| at("laptop fill", e))?;
                ls
            };
            laptops.push((d, ls));
        }
        districts.push(ds);
    }
    drop(source);
    for suffix in ["", "-wal", "-shm"] {
        gone(&dir.join(format!("source.db{suffix}")));
    }
    report.laptops = laptops.len();
    progress(&format!(
        "{} laptops filled from their districts",
        laptops.len()
    ));

    // Each laptop's edits; the hot rows of a district are edited by several laptops.
    let mut ledger: Vec<(usize, Vec<Edit>)> = Vec::new();
    for (i, (d, ls)) in laptops.iter_mut().enumerate() {
        let edits = edit_laptop(ls, *d, i, opts, &mut rng, &config).map_err(|e| at("edits", e))?;
        report.edits += edits.len();
        ledger.push((i, edits));
    }
    report.duplicates_made = DISTRICTS.len() * usize::from(opts.laptops_per_district > 1);

    // Up: laptops → district.
    for (i, (d, ls)) in laptops.iter_mut().enumerate() {
        let seen = seen_of(&districts[*d])?;
        let b = dir.join(format!("laptop-{i}.bundle"));
        report.laptop_bundle_bytes += bundle(ls, &b, seen, None, false)?;
        report.laptop_bundle_versions += bundle_versions(&b)?;
    }
    let started = Instant::now();
    for (i, (d, _)) in laptops.iter().enumerate() {
        let got = apply::import(
            &mut districts[*d].conn,
            &dir.join(format!("laptop-{i}.bundle")),
            opts.today,
            &config,
        )
        .map_err(|e| at("laptop to district", e))?;
        report.district_versions += got.rows + got.fields + got.known;
        gone(&dir.join(format!("laptop-{i}.bundle")));
    }
    report.district_import = started.elapsed();
    progress(&format!(
        "districts imported {} versions in {:.1} s ({:.0}/s); laptops' bundles {} bytes for {} versions",
        report.district_versions,
        report.district_import.as_secs_f64(),
        report.district_versions as f64 / report.district_import.as_secs_f64().max(1e-9),
        report.laptop_bundle_bytes,
        report.laptop_bundle_versions
    ));

    let (mut prefectures, mut region, region_path) =
        up_to_region(dir, opts, &config, &mut districts, &mut report)?;

    progress(&format!(
        "region merged {} versions in {:.1} s",
        report.region_versions,
        report.region_merge.as_secs_f64()
    ));
    verify(&region, &districts, &laptops, &ledger, &mut report)?;
    (report.region_file_bytes, report.region_sync_bytes) = sync_bytes(&region_path, dir)?;
    progress(&format!(
        "region file {} bytes (vacuumed), of which sync data {} bytes",
        report.region_file_bytes, report.region_sync_bytes
    ));
    progress(&format!(
        "verified: lost {}, conflicts {} of {} expected, duplicates merged {} of {}",
        report.lost,
        report.conflicts,
        report.conflicts_expected,
        report.duplicates_merged,
        report.duplicates_made
    ));

    down(
        dir,
        opts,
        &config,
        &mut region,
        &mut prefectures,
        &mut districts,
        &mut laptops,
    )?;
    report.laptops_with_colleagues_edits = colleagues(&laptops, &ledger)?;
    check_files(
        &region,
        &prefectures,
        &districts,
        &laptops,
        opts,
        &config,
        &mut report,
    )?;
    drop(region);
    Ok(report)
}

/// District → prefecture → region (contacts stay in the districts): the prefectures, the
/// region and its path.
fn up_to_region(
    dir: &Path,
    opts: &SimOptions,
    config: &Config,
    districts: &mut [Store],
    report: &mut SimReport,
) -> Result<(Vec<Store>, Store, PathBuf)> {
    let config = config.clone();
    let mut prefectures = Vec::new();
    for pref in ["6501", "6502"] {
        let mut ps = open_new(
            &dir.join(format!("prefecture-{pref}.db")),
            Level::Prefecture,
            pref,
        )?;
        for (d, code) in DISTRICTS.iter().enumerate() {
            if code.starts_with(pref) {
                let b = dir.join(format!("district-{code}-up.bundle"));
                bundle(&mut districts[d], &b, BTreeMap::new(), None, true)?;
                apply::import(&mut ps.conn, &b, opts.today, &config)
                    .map_err(|e| at("district to prefecture", e))?;
                gone(&b);
            }
        }
        prefectures.push(ps);
    }
    let region_path = dir.join("region.db");
    let mut region = open_new(&region_path, Level::Region, "65")?;
    let mut ups = Vec::new();
    for (p, ps) in prefectures.iter_mut().enumerate() {
        let b = dir.join(format!("prefecture-{p}-up.bundle"));
        bundle(ps, &b, BTreeMap::new(), None, true)?;
        ups.push(b);
    }
    let started = Instant::now();
    for b in &ups {
        let got = apply::import(&mut region.conn, b, opts.today, &config)
            .map_err(|e| at("prefecture to region", e))?;
        report.region_versions += got.rows + got.fields + got.known;
    }
    report.region_merge = started.elapsed();
    Ok((prefectures, region, region_path))
}

/// A bundle applied (or the source, once copied) is not needed again: at full size the files
/// take tens of gigabytes.
fn gone(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// A phase done, on stderr: a long run tells how far it got.
fn progress(what: &str) {
    eprintln!("[sync simulation] {what}");
}

/// Down again: region → prefectures → districts → laptops.
#[allow(clippy::too_many_arguments)]
fn down(
    dir: &Path,
    opts: &SimOptions,
    config: &Config,
    region: &mut Store,
    prefectures: &mut [Store],
    districts: &mut [Store],
    laptops: &mut [(usize, Store)],
) -> Result<()> {
    let config = config.clone();
    for (ps, pref) in prefectures.iter_mut().zip(["6501", "6502"]) {
        let b = dir.join("region-down.bundle");
        bundle(region, &b, seen_of(ps)?, Some(pref), true)?;
        apply::import(&mut ps.conn, &b, opts.today, &config)
            .map_err(|e| at("region to prefecture", e))?;
        gone(&b);
    }
    for (d, code) in DISTRICTS.iter().enumerate() {
        let p = usize::from(code.starts_with("6502"));
        let b = dir.join(format!("prefecture-down-{code}.bundle"));
        let seen = seen_of(&districts[d])?;
        bundle(&mut prefectures[p], &b, seen, Some(code), true)?;
        apply::import(&mut districts[d].conn, &b, opts.today, &config)
            .map_err(|e| at("prefecture to district", e))?;
        gone(&b);
    }
    for (i, (d, ls)) in laptops.iter_mut().enumerate() {
        let b = dir.join(format!("district-down-{i}.bundle"));
        let seen = seen_of(ls)?;
        bundle(&mut districts[*d], &b, seen, None, false)?;
        apply::import(&mut ls.conn, &b, opts.today, &config)
            .map_err(|e| at("district to laptop", e))?;
        gone(&b);
    }
    Ok(())
}

/// Dangling references and `seedbed check` on every file.
#[allow(clippy::too_many_arguments)]
fn check_files(
    region: &Store,
    prefectures: &[Store],
    districts: &[Store],
    laptops: &[(usize, Store)],
    opts: &SimOptions,
    config: &Config,
    report: &mut SimReport,
) -> Result<()> {
    let mut files: Vec<(String, &Store)> = vec![("region".into(), region)];
    for (i, p) in prefectures.iter().enumerate() {
        files.push((format!("prefecture {i}"), p));
    }
    for (i, d) in districts.iter().enumerate() {
        files.push((format!("district {}", DISTRICTS[i]), d));
    }
    for (i, (_, l)) in laptops.iter().enumerate() {
        files.push((format!("laptop {i}"), l));
    }
    for (name, s) in files {
        let fk: i64 =
            s.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        report.dangling += fk as usize;
        for p in check::run(&s.conn, opts.today, config, 5)? {
            report
                .check_problems
                .push(format!("{name}: {} {}", p.subject, p.detail));
        }
    }
    Ok(())
}

fn at(stage: &str, e: StoreError) -> StoreError {
    StoreError::Invalid(format!("{stage}: {e}"))
}

/// Moves every enterprise of the source into one of the ten districts (by its id), as the
/// source's own rows.
fn spread_over_districts(conn: &Connection) -> Result<()> {
    triggers::quietly(conn, || {
        let table = crate::domain::districts::table();
        for (i, code) in DISTRICTS.iter().enumerate() {
            let name = table.get(code).map_or(*code, |d| d.full_name.as_str());
            conn.execute(
                "UPDATE enterprises SET district_code = ?1, district = ?2, region_code = ?1
                 WHERE (unicode(substr(id, -1)) + unicode(substr(id, -2, 1))) % 10 = ?3",
                params![code, name, i as i64],
            )?;
            conn.execute(
                "UPDATE commissioners SET district = ?2 WHERE rowid % 10 = ?1",
                params![i as i64, name],
            )?;
        }
        Ok(())
    })
}

#[allow(clippy::too_many_arguments)]
fn edit_laptop(
    ls: &mut Store,
    district: usize,
    laptop: usize,
    opts: &SimOptions,
    rng: &mut fastrand::Rng,
    config: &Config,
) -> Result<Vec<Edit>> {
    use rusqlite::types::Value;
    let code = DISTRICTS[district];
    let ids = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = ls.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let enterprises = ids("SELECT id FROM enterprises ORDER BY id")?;
    let projects = ids("SELECT id FROM projects ORDER BY id")?;
    let milestones = ids("SELECT id FROM milestones WHERE done_on IS NULL ORDER BY id")?;
    if enterprises.is_empty() {
        return Ok(Vec::new());
    }
    // The first few enterprises of a district are everyone's: edits there collide.
    let hot = enterprises.len().min(5);
    let mut edits = Vec::new();
    let mut n = 0;
    while n < opts.edits_per_laptop {
        let tx = ls.conn.transaction()?;
        let mut touched = BTreeSet::new();
        for _ in 0..50.min(opts.edits_per_laptop - n) {
            n += 1;
            let value = Value::Text(format!("L{laptop}-{n}"));
            let e = if rng.usize(..10) == 0 {
                enterprises[rng.usize(..hot)].clone()
            } else {
                enterprises[rng.usize(..enterprises.len())].clone()
            };
            let edit = match rng.usize(..5) {
                0 => Edit {
                    table: "enterprises",
                    row: e.clone(),
                    col: "contact_phone",
                    value: Value::Text(format!("139{:08}", rng.u32(..100_000_000))),
                },
                1 => Edit {
                    table: "enterprises",
                    row: e.clone(),
                    col: "notes",
                    value,
                },
                2 if !projects.is_empty() => Edit {
                    table: "projects",
                    row: projects[rng.usize(..projects.len())].clone(),
                    col: "risk_flag",
                    value,
                },
                3 if !milestones.is_empty() => Edit {
                    table: "milestones",
                    row: milestones[rng.usize(..milestones.len())].clone(),
                    col: "done_on",
                    value: Value::Text(crate::store::format_date(opts.today)),
                },
                _ => {
                    let id = crate::store::new_id();
                    tx.execute(
                        "INSERT INTO visits (id, enterprise_id, done_on, mode, notes, created_at, updated_at)
                         VALUES (?1, ?2, ?3, 'on_site', ?4, ?5, ?5)",
                        params![
                            id,
                            e,
                            crate::store::format_date(opts.today),
                            format!("L{laptop}-{n}"),
                            crate::store::now_stamp()
                        ],
                    )?;
                    touched.insert(e.clone());
                    edits.push(Edit {
                        table: "visits",
                        row: id,
                        col: "",
                        value: Value::Null,
                    });
                    continue;
                }
            };
            tx.execute(
                &format!("UPDATE {} SET {} = ?1 WHERE id = ?2", edit.table, edit.col),
                params![edit.value, edit.row],
            )?;
            let owner: String = match edit.table {
                "projects" => tx.query_row(
                    "SELECT enterprise_id FROM projects WHERE id = ?1",
                    [&edit.row],
                    |r| r.get(0),
                )?,
                "milestones" => tx.query_row(
                    "SELECT p.enterprise_id FROM milestones m JOIN projects p ON p.id = m.project_id
                     WHERE m.id = ?1",
                    [&edit.row],
                    |r| r.get(0),
                )?,
                _ => e,
            };
            touched.insert(owner);
            edits.push(edit);
        }
        if n == opts.edits_per_laptop && laptop % opts.laptops_per_district.max(1) < 2 {
            // The first two laptops of a district both register the same new enterprise.
            let first17 = format!("91{code}MA{:08}", district * 7919 + 1);
            let code18 = credit_code::complete(&first17[..17])
                .map_err(|e| StoreError::Invalid(format!("{e:?}")))?;
            let id = crate::store::new_id();
            tx.execute(
                "INSERT INTO enterprises (id, credit_code, name, region_code, district, district_code,
                                          tier, created_at, updated_at)
                 SELECT ?1, ?2, '双录科技有限公司', ?3, district, ?3, 'tsme', ?4, ?4
                 FROM enterprises WHERE district_code = ?3 LIMIT 1",
                params![id, code18, code, crate::store::now_stamp()],
            )?;
            touched.insert(id);
        }
        stamp(&tx, None)?;
        for e in &touched {
            derived::recompute(&tx, Scope::One(e), opts.today, config)?;
        }
        tx.commit()?;
    }
    Ok(edits)
}

/// A field: table, row, column.
type FieldKey<'a> = (&'a str, String, &'a str);

/// The last value each laptop wrote to each field, with its version, against the region.
fn verify(
    region: &Store,
    districts: &[Store],
    laptops: &[(usize, Store)],
    ledger: &[(usize, Vec<Edit>)],
    report: &mut SimReport,
) -> Result<()> {
    use rusqlite::types::Value;
    // field → (origin id, seq, hlc, value) of each laptop's final write.
    let mut finals: BTreeMap<FieldKey, Vec<(String, Value)>> = BTreeMap::new();
    let mut district_of: BTreeMap<String, usize> = BTreeMap::new();
    for (i, edits) in ledger {
        let ls = &laptops[*i].1;
        for e in edits {
            district_of.insert(e.row.clone(), laptops[*i].0);
        }
        let me = sync::identity(&ls.conn)?.origin;
        let mut last: BTreeMap<(&str, String, &str), Value> = BTreeMap::new();
        for e in edits {
            last.insert((e.table, e.row.clone(), e.col), e.value.clone());
        }
        for (k, v) in last {
            finals.entry(k).or_default().push((me.clone(), v));
        }
    }
    let mut expected_conflicts = 0;
    for ((table, row, col), writes) in &finals {
        if col.is_empty() {
            // A new row: present at the region.
            let found: bool = region
                .conn
                .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
                .exists([row])?;
            report.lost += usize::from(!found);
            continue;
        }
        // Contacts stay in the district (bundles above it leave them out): checked there.
        let file = if sync::columns::CONTACTS.contains(&(*table, *col)) {
            &districts[district_of[row]]
        } else {
            region
        };
        let here: Value = file.conn.query_row(
            &format!("SELECT {col} FROM {table} WHERE id = ?1"),
            [row],
            |r| r.get(0),
        )?;
        let alts: Vec<Value> = {
            let mut stmt = file.conn.prepare_cached(
                "SELECT value FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3",
            )?;
            stmt.query_map(params![table, row, col], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let held: BTreeSet<String> = std::iter::once(&here)
            .chain(alts.iter())
            .map(|v| format!("{v:?}"))
            .collect();
        for (_, v) in writes {
            report.lost += usize::from(!held.contains(&format!("{v:?}")));
        }
        let distinct: BTreeSet<String> = writes.iter().map(|(_, v)| format!("{v:?}")).collect();
        if writes.len() > 1 && distinct.len() > 1 && file.path == region.path {
            expected_conflicts += 1;
        }
    }
    report.conflicts_expected = expected_conflicts;
    report.conflicts = conflicts::count(&region.conn)?;
    report.duplicates_merged = region.conn.query_row(
        "SELECT count(*) FROM enterprises WHERE name = '双录科技有限公司'",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize;
    Ok(())
}

/// Laptops holding, after the way down, the last note a colleague in their district wrote.
fn colleagues(laptops: &[(usize, Store)], ledger: &[(usize, Vec<Edit>)]) -> Result<usize> {
    let mut n = 0;
    for (i, (d, ls)) in laptops.iter().enumerate() {
        let other = ledger
            .iter()
            .find(|(j, _)| *j != i && laptops[*j].0 == *d)
            .and_then(|(_, edits)| edits.iter().rev().find(|e| e.table == "visits"));
        if let Some(e) = other {
            let found: bool = ls
                .conn
                .prepare("SELECT 1 FROM visits WHERE id = ?1")?
                .exists([&e.row])?;
            n += usize::from(found);
        }
    }
    Ok(n)
}

/// A file's size vacuumed, and how much of it the linkage's own tables take (against a copy
/// without them).
fn sync_bytes(path: &Path, dir: &Path) -> Result<(u64, u64)> {
    let size = |p: &PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let full = dir.join("region-vacuumed.db");
    let bare = dir.join("region-bare.db");
    for p in [&full, &bare] {
        let _ = std::fs::remove_file(p);
    }
    let s = Store::open(path, OpenMode::Existing)?;
    s.conn.execute("VACUUM INTO ?1", [full.to_string_lossy()])?;
    drop(s);
    let c = Connection::open(&full)?;
    c.execute_batch("PRAGMA journal_mode = DELETE")?;
    drop(c);
    std::fs::copy(&full, &bare).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let c = Connection::open(&bare)?;
    c.execute_batch(
        "DROP TABLE sync_versions; DROP TABLE sync_conflicts; DROP TABLE sync_orphans;
         DROP TABLE sync_aliases; DROP TABLE sync_origins; DROP TABLE sync_peers;
         DROP TABLE sync_dirty; VACUUM;",
    )?;
    drop(c);
    let sizes = (size(&full), size(&full).saturating_sub(size(&bare)));
    for p in [&full, &bare] {
        let _ = std::fs::remove_file(p);
    }
    Ok(sizes)
}
