//! Convergence: random edits on 3–5 replicas of one file, delivered in random order with
//! duplicates and partial bundles, end in identical synced tables and identical conflict lists.

use super::columns::TABLES;
use super::{ExportOptions, apply, conflicts, export, stamp};
use crate::config::Config;
use crate::store::{OpenMode, Store};
use std::path::{Path, PathBuf};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 21);

fn seed_file(path: &Path) {
    let s = Store::open(path, OpenMode::CreateIfMissing).unwrap();
    s.conn
        .execute_batch(
            "INSERT INTO commissioners (id, name, phone, created_at, updated_at) VALUES
                 ('c1', '王芳', '1', 'x', 'x'), ('c2', '李强', '2', 'x', 'x');
             INSERT INTO enterprises (id, credit_code, name, region_code, district, tier, created_at, updated_at) VALUES
                 ('e1', '91650104000000001A', '天山科技', '650104', '新市区', 'tsme', 'x', 'x'),
                 ('e2', '91650104000000002B', '昆仑生物', '650104', '新市区', 'tsme', 'x', 'x'),
                 ('e3', '91650104000000003C', '阿勒泰矿业', '650104', '新市区', 'tsme', 'x', 'x');
             INSERT INTO projects (id, enterprise_id, name, level, start_on, planned_end, created_at, updated_at) VALUES
                 ('p1', 'e1', '节水灌溉', 'district', '2026-01-01', '2027-01-01', 'x', 'x'),
                 ('p2', 'e2', '疫苗研发', 'city', '2026-01-01', '2027-06-01', 'x', 'x');",
        )
        .unwrap();
}

/// One random edit on replica `r`, saved like a form (a transaction, then the stamp).
fn edit(s: &mut Store, rng: &mut fastrand::Rng, n: usize) {
    let tx = s.conn.transaction().unwrap();
    let e = ["e1", "e2", "e3"][rng.usize(..3)];
    let v = format!("v{n}");
    match rng.usize(..8) {
        0 => tx.execute("UPDATE enterprises SET contact_phone = ?1 WHERE id = ?2", [&v, e]),
        1 => tx.execute("UPDATE enterprises SET notes = ?1 WHERE id = ?2", [&v, e]),
        2 => tx.execute("UPDATE commissioners SET phone = ?1 WHERE id = 'c1'", [&v]),
        3 => tx.execute(
            "UPDATE projects SET risk_flag = ?1 WHERE id = ?2",
            [&v, ["p1", "p2"][rng.usize(..2)]],
        ),
        4 => tx.execute(
            "INSERT INTO visits (id, enterprise_id, done_on, mode, notes, created_at, updated_at)
             VALUES (?1, ?2, '2026-11-20', 'on_site', ?1, 'x', 'x')",
            [&v, e],
        ),
        5 => tx.execute(
            "DELETE FROM visits WHERE id = (SELECT id FROM visits ORDER BY id LIMIT 1)",
            [],
        ),
        6 => tx.execute("UPDATE visits SET notes = notes || '+' WHERE id = (SELECT max(id) FROM visits)", []),
        _ => tx.execute(
            "UPDATE projects SET deleted_at = CASE WHEN deleted_at IS NULL THEN '2026-11-20' END WHERE id = 'p2'",
            [],
        ),
    }
    .unwrap();
    stamp(&tx, None).unwrap();
    tx.commit().unwrap();
}

/// Everything the linkage promises to make equal: the synced columns of every row.
fn synced(s: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for t in TABLES {
        let sql = format!(
            "SELECT id, {} FROM {} ORDER BY id",
            t.columns.join(", "),
            t.name
        );
        let mut stmt = s.conn.prepare(&sql).unwrap();
        let n = t.columns.len() + 1;
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(format!("{}:{}", t.name, cells.join("|")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn conflict_list(s: &Store) -> Vec<String> {
    conflicts::list(&s.conn)
        .unwrap()
        .into_iter()
        .map(|c| {
            let vals: Vec<String> = c
                .candidates
                .iter()
                .map(|v| {
                    format!(
                        "{}#{}={:?}{}",
                        v.origin,
                        v.seq,
                        v.value,
                        if v.shown { "*" } else { "" }
                    )
                })
                .collect();
            format!("{}.{}.{}: {}", c.table, c.row_id, c.column, vals.join(" "))
        })
        .collect()
}

fn bundle(s: &mut Store, dir: &Path, name: &str, partial: bool) -> PathBuf {
    let path = dir.join(format!("{name}.bundle"));
    let mut opts = ExportOptions::default();
    if partial {
        // A bundle written for a peer thought to have seen everything of every origin but
        // the last few versions: only recent versions travel.
        let seen: Vec<(String, i64)> = {
            let mut stmt = s
                .conn
                .prepare("SELECT id, seen_seq FROM sync_origins")
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        for (id, seq) in seen {
            opts.seen.insert(id, (seq - 2).max(0));
        }
    }
    export::export(&mut s.conn, &path, &opts).unwrap();
    path
}

#[test]
fn random_edits_on_replicas_converge_in_any_order_with_duplicates() {
    let config = Config::default();
    for seed in 0..10u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let dir = tempfile::tempdir().unwrap();
        let origin = dir.path().join("origin.db");
        seed_file(&origin);
        let n = 3 + rng.usize(..3);
        let mut stores: Vec<Store> = (0..n)
            .map(|i| {
                let p = dir.path().join(format!("r{i}.db"));
                std::fs::copy(&origin, &p).unwrap();
                Store::open(&p, OpenMode::Existing).unwrap()
            })
            .collect();
        let mut kept: Vec<PathBuf> = Vec::new();
        for step in 0..60 {
            let r = rng.usize(..n);
            edit(&mut stores[r], &mut rng, step);
            if rng.usize(..3) == 0 {
                // A bundle (whole or partial) from one replica, read by another, sometimes
                // twice, sometimes an old bundle again.
                let from = rng.usize(..n);
                let to = rng.usize(..n);
                let path = bundle(
                    &mut stores[from],
                    dir.path(),
                    &format!("b{step}"),
                    rng.bool(),
                );
                kept.push(path.clone());
                apply::import(&mut stores[to].conn, &path, TODAY, &config).unwrap();
                if rng.bool() {
                    let old = &kept[rng.usize(..kept.len())];
                    apply::import(&mut stores[to].conn, old, TODAY, &config).unwrap();
                }
            }
        }
        // Everyone hears everything, in a shuffled order, twice.
        for round in 0..2 {
            let mut paths: Vec<PathBuf> = (0..n)
                .map(|i| {
                    bundle(
                        &mut stores[i],
                        dir.path(),
                        &format!("final{round}-{i}"),
                        false,
                    )
                })
                .collect();
            for s in stores.iter_mut() {
                rng.shuffle(&mut paths);
                for p in &paths {
                    apply::import(&mut s.conn, p, TODAY, &config).unwrap();
                }
            }
        }
        let first = (synced(&stores[0]), conflict_list(&stores[0]));
        for (i, s) in stores.iter().enumerate().skip(1) {
            assert_eq!(synced(s), first.0, "seed {seed}: replica {i}'s rows differ");
            assert_eq!(
                conflict_list(s),
                first.1,
                "seed {seed}: replica {i}'s conflicts differ"
            );
        }
    }
}
