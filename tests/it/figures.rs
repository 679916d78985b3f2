//! Which year's figures the rules use (issue 14, item 6), renewed certificates (item 4), the
//! XLSX report's cell types and Markdown escaping (item 8): hand-written data, fixed dates.

use crate::common::{NOW, TODAY, seedbed, stderr};
use seedbed::config::Config;
use seedbed::domain::Pool;
use seedbed::i18n::Lang;
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

fn cert_sql(store: &Store, eid: &str, number: &str, issued: &str, expires: &str) {
    store
        .conn
        .execute(
            "INSERT INTO certificates(id, enterprise_id, kind, number, issued_on, expires_on,
                 created_at, updated_at)
             VALUES (?1, ?2, 'hte', ?1, ?3, ?4, '2026-01-01T00:00:00', '2026-01-01T00:00:00')",
            rusqlite::params![number, eid, issued, expires],
        )
        .unwrap();
}

/// What the watch shows as of `TODAY`: the expiry list, its count and page, the detail's
/// 需复审 and the brief's certificate line.
fn watch(store: &Store, eid: &str) -> (usize, usize, usize, String, String) {
    use seedbed::store::queries;
    let until = TODAY + time::Duration::days(365);
    let list = queries::expiring_certificates(&store.conn, TODAY, until).unwrap();
    let count = queries::expiring_count(&store.conn, TODAY, until).unwrap();
    let page = queries::expiring_page(&store.conn, TODAY, until, count, 0, 10).unwrap();
    let config = Config::default();
    let d = seedbed::store::detail::load(&store.conn, eid, NOW, &config)
        .unwrap()
        .unwrap();
    let detail = seedbed::ui::detail::text(&d, Lang::En);
    let cert_lines: String = detail
        .lines()
        .filter(|l| l.contains("GR20"))
        .collect::<Vec<_>>()
        .join("\n");
    let brief = seedbed::interchange::brief::render(&d, TODAY, None, Lang::En);
    let brief_line = brief
        .lines()
        .find(|l| l.contains("HTE certificate"))
        .unwrap_or_default()
        .to_string();
    (list.len(), count, page.len(), cert_lines, brief_line)
}

fn recertifications(store: &Store) -> Vec<(String, i64)> {
    seedbed::store::bureau::reward_rows(&store.conn, 2026, &Config::default())
        .unwrap()
        .into_iter()
        .map(|r| (r.kind.code().to_string(), r.amount))
        .collect()
}

#[test]
fn a_renewed_certificate_ends_the_watch_and_is_rewarded_once() {
    use seedbed::store::edit::{Edit, EditContext, apply};
    let (_dir, mut store) = empty_store();
    add_enterprise(&store, "e1", "续证科技", 1);
    // Issued 2023-12-01, expires 2026-12-01: ten days left on 2026-11-21.
    cert_sql(&store, "e1", "GR202365000123", "2023-12-01", "2026-12-01");
    let (list, count, page, detail, brief) = watch(&store, "e1");
    assert_eq!((list, count, page), (1, 1, 1));
    assert!(detail.contains("renewal due"), "{detail}");
    assert!(
        brief.contains("GR202365000123") && brief.contains("renewal due"),
        "{brief}"
    );
    assert!(recertifications(&store).is_empty());

    let config = Config::default();
    let ctx = EditContext {
        commissioner: None,
        now: NOW,
        config: &config,
    };
    let renewal = Edit::AddCertificate {
        enterprise_id: "e1".into(),
        kind: seedbed::domain::CertKind::Hte,
        number: "GR202665000777".into(),
        issued: time::macros::date!(2026 - 11 - 10),
        expires: None,
    };
    apply(&mut store.conn, &ctx, &renewal).unwrap();
    let (list, count, page, detail, brief) = watch(&store, "e1");
    assert_eq!((list, count, page), (0, 0, 0));
    assert!(!detail.contains("renewal due"), "{detail}");
    assert!(detail.contains("GR202365000123") && detail.contains("renewed"), "{detail}");
    assert_eq!(
        brief,
        "| HTE certificate | GR202665000777 · Expires 2029-11-10 |",
        "{brief}"
    );
    assert_eq!(
        recertifications(&store),
        vec![("recertification".to_string(), 100_000)]
    );

    // Saved again: refused, still one reward.
    assert!(apply(&mut store.conn, &ctx, &renewal).is_err());
    assert_eq!(recertifications(&store).len(), 1);
    let n: i64 = store
        .conn
        .query_row("SELECT count(*) FROM certificates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    // A file made before the refusal may hold the renewal twice (another row, a day later):
    // still one reward, on the first day.
    store
        .conn
        .execute(
            "INSERT INTO certificates(id, enterprise_id, kind, number, issued_on, expires_on,
                 created_at, updated_at)
             VALUES ('dup', 'e1', 'hte', 'GR202665000777', '2026-11-11', '2029-11-11',
                 '2026-01-01T00:00:00', '2026-01-01T00:00:00')",
            [],
        )
        .unwrap();
    assert_eq!(
        recertifications(&store),
        vec![("recertification".to_string(), 100_000)]
    );
}

#[test]
fn a_renewal_imported_twice_is_one_certificate_and_one_reward() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    {
        let store = Store::open(&db, OpenMode::CreateIfMissing).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO enterprises(id, credit_code, name, region_code, district, tier,
                     created_at, updated_at)
                 VALUES ('e1', '91650100MA00001540', '续证科技', '650100', '乌鲁木齐市', 'hte',
                     '2026-01-01T00:00:00', '2026-01-01T00:00:00')",
                [],
            )
            .unwrap();
        cert_sql(&store, "e1", "GR202365000123", "2023-12-01", "2026-12-01");
    }
    let csv = dir.path().join("certs.csv");
    std::fs::write(
        &csv,
        "统一社会信用代码,证书类型,证书编号,发证日期\n91650100MA00001540,hte,GR202665000777,2026-11-10\n",
    )
    .unwrap();
    for _ in 0..2 {
        let o = seedbed(&db, &["import", "--kind", "certificates", csv.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let store = Store::open(&db, OpenMode::Existing).unwrap();
    let n: i64 = store
        .conn
        .query_row("SELECT count(*) FROM certificates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        recertifications(&store),
        vec![("recertification".to_string(), 100_000)]
    );
    let (list, count, _, _, brief) = watch(&store, "e1");
    assert_eq!((list, count), (0, 0));
    assert!(!brief.contains("renewal due"), "{brief}");
}
