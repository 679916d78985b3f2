//! Which year's figures the rules use (issue 14, item 6), renewed certificates (item 4), the
//! XLSX report's cell types and Markdown escaping (item 8): hand-written data, fixed dates.

use seedbed::config::Config;
use seedbed::domain::Pool;
use seedbed::store::ranking::rank_pool_year;
use seedbed::store::{OpenMode, Store};

/// A fresh file with no enterprises.
pub fn empty_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db"), OpenMode::CreateIfMissing).unwrap();
    (dir, store)
}

/// An enterprise in the HTE pool (status in), with the credit code's serial `n`.
pub fn add_enterprise(store: &Store, id: &str, name: &str, n: u32) {
    store
        .conn
        .execute(
            "INSERT INTO enterprises(id, credit_code, name, region_code, district, tier, created_at,
                 updated_at, pool, batch, pool_status)
             VALUES (?1, ?2, ?3, '650104', '新市区', 'tsme', '2026-01-01T00:00:00',
                 '2026-01-01T00:00:00', 'hte', 'cultivating', 'in')",
            rusqlite::params![id, format!("TEST{n:014}"), name],
        )
        .unwrap();
}

/// One year of figures: sales and net assets as given, the rest fixed.
pub fn add_figures(store: &Store, eid: &str, year: i32, sales: i64, net_assets: i64) {
    store
        .conn
        .execute(
            "INSERT INTO figures(id, enterprise_id, year, staff, scitech_staff, sales, rd_spend,
                 net_assets, ip_class1, ip_class2, created_at, updated_at)
             VALUES (?1, ?2, ?3, 100, 20, ?4, ?4 / 20, ?5, 1, 2, '2026-01-01T00:00:00',
                 '2026-01-01T00:00:00')",
            rusqlite::params![format!("{eid}-{year}"), eid, year, sales, net_assets],
        )
        .unwrap();
}

#[test]
fn a_ranking_states_its_figures_year_and_unknown_components() {
    let (_dir, store) = empty_store();
    // 甲: 2023–2025, current. 乙: 2022–2024, no 2025 figures: its innovation and growth for the
    // 2026 ranking are unknown (the old code took growth from 2023→2024, 100 %, the top of the pool).
    add_enterprise(&store, "a", "甲", 1);
    add_enterprise(&store, "b", "乙", 2);
    for (y, s, na) in [(2023, 100, 100), (2024, 100, 100), (2025, 100, 100)] {
        add_figures(&store, "a", y, s * 1000, na * 1000);
    }
    for (y, s, na) in [(2022, 100, 100), (2023, 200, 200), (2024, 400, 400)] {
        add_figures(&store, "b", y, s * 1000, na * 1000);
    }
    assert_eq!(
        rank_pool_year(&store.conn, Pool::Hte, 2026, &Config::default()).unwrap(),
        2
    );
    let rows = seedbed::store::queries::ranking(&store.conn, Pool::Hte, 2026, 0, 10).unwrap();
    let get = |id: &str| rows.iter().find(|r| r.enterprise_id == id).unwrap();
    let (a, b) = (get("a"), get("b"));
    assert_eq!(a.figures_year, Some(2025));
    assert_eq!((a.innovation_known, a.growth_known), (Some(true), Some(true)));
    assert_eq!(
        (b.innovation_known, b.growth_known),
        (Some(false), Some(false))
    );
    // Two enterprises: 甲's present metrics are above 乙's missing ones → 100 and 0.
    assert_eq!((a.innovation, a.growth), (100.0, 100.0));
    assert_eq!((b.innovation, b.growth), (0.0, 0.0));
    assert_eq!((a.rank, b.rank), (1, 2));
}
