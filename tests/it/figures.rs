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
                 net_assets, total_assets, ip_class1, ip_class2, created_at, updated_at)
             VALUES (?1, ?2, ?3, 100, 20, ?4, ?4 / 20, ?5, ?5 * 2, 1, 2, '2026-01-01T00:00:00',
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
    assert_eq!(
        (a.innovation_known, a.growth_known),
        (Some(true), Some(true))
    );
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
    let brief = seedbed::report::brief::render(&d, TODAY, None, Lang::En);
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
    assert!(
        detail.contains("GR202365000123") && detail.contains("renewed"),
        "{detail}"
    );
    assert_eq!(
        brief, "| HTE certificate | GR202665000777 · Expires 2029-11-10 |",
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
        let o = seedbed(
            &db,
            &["import", "--kind", "certificates", csv.to_str().unwrap()],
        );
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

/// The small pool of the report tests: 甲 (current figures) and 星*号_公司 (no 2025 figures),
/// ranked for 2026, one commissioner, two targets for 2026.
fn report_pool() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let store = Store::open(&db, OpenMode::CreateIfMissing).unwrap();
    add_enterprise(&store, "a", "甲", 1);
    add_enterprise(&store, "b", "星*号_公司", 2);
    for y in [2023, 2024, 2025] {
        add_figures(&store, "a", y, 100_000, 100_000);
    }
    for y in [2022, 2023, 2024] {
        add_figures(&store, "b", y, 100_000, 100_000);
    }
    store
        .conn
        .execute_batch(
            "INSERT INTO commissioners(id, name, created_at, updated_at)
                 VALUES ('c1', '王_专员', '2026-01-01T00:00:00', '2026-01-01T00:00:00');
             UPDATE enterprises SET commissioner_id = 'c1',
                 notes = '注意 <b>加粗</b> 与 `代码` [链接]';
             INSERT INTO targets(id, district, metric, year, value, created_at, updated_at)
                 VALUES ('t1', '', 'visit_coverage', 2026, 95.0, '2026-01-01T00:00:00',
                         '2026-01-01T00:00:00'),
                        ('t2', '', 'hte_count', 2026, 10.0, '2026-01-01T00:00:00',
                         '2026-01-01T00:00:00');",
        )
        .unwrap();
    rank_pool_year(&store.conn, Pool::Hte, 2026, &Config::default()).unwrap();
    (dir, db)
}

/// The number format of cell `at` (`D2`) of the `sheet`-th sheet (0-based), read from the
/// workbook's XML: the cell's style index, its `numFmtId`, that id's format code.
fn number_format(xlsx: &std::path::Path, sheet: usize, at: &str) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).ok()?).ok()?;
    let mut read = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let sheet_xml = read(&format!("xl/worksheets/sheet{}.xml", sheet + 1))?;
    let styles = read("xl/styles.xml")?;
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..].split('"').next()?.to_string())
    };
    let cell_start = sheet_xml.find(&format!("<c r=\"{at}\""))?;
    let cell_tag = sheet_xml[cell_start..].split('>').next()?;
    let style: usize = attr(cell_tag, "s")?.parse().ok()?;
    let xfs_start = styles.find("<cellXfs")?;
    let xf = styles[xfs_start..].split("<xf ").nth(style + 1)?;
    let fmt_id = attr(&format!(" {xf}"), "numFmtId")?;
    let fmt_start = styles.find(&format!("<numFmt numFmtId=\"{fmt_id}\""))?;
    let fmt_tag = styles[fmt_start..].split("/>").next()?;
    attr(fmt_tag, "formatCode")
}

#[test]
fn the_xlsx_report_holds_numbers_as_numbers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let (dir, db) = report_pool();
    let out = dir.path().join("report.xlsx");
    let o = seedbed(
        &db,
        &["report", "--period", "year", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let names = book.sheet_names();
    let sheet = |book: &mut Xlsx<_>, header: &str| -> (usize, calamine::Range<Data>) {
        for (i, n) in names.iter().enumerate() {
            let r = book.worksheet_range(n).unwrap();
            if r.rows()
                .next()
                .is_some_and(|h| h.iter().any(|c| *c == header))
            {
                return (i, r);
            }
        }
        panic!("no sheet with the column {header}: {names:?}");
    };
    let col = |r: &calamine::Range<Data>, header: &str| -> usize {
        r.rows()
            .next()
            .and_then(|h| h.iter().position(|c| *c == header))
            .unwrap()
    };

    // No number written as text, and no text bar, anywhere but the notes.
    let numeric = |s: &str| {
        let t = s.trim_start_matches(['+', '-', '−']).trim_end_matches('%');
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    for n in names.iter().filter(|n| n.as_str() != "Notes") {
        let r = book.worksheet_range(n).unwrap();
        for row in r.rows().skip(1) {
            for c in row {
                if let Data::String(s) = c {
                    assert!(!numeric(s), "{n}: number as text {s:?}");
                    assert!(!s.contains(['█', '░']), "{n}: a text bar {s:?}");
                }
            }
        }
    }

    // Ranking: the scores, by hand. Innovation and growth: 甲's are known, 星*号_公司's are
    // missing (no 2025 figures) → 100 and 0; participation: none for either → 50 each.
    // 甲 0.4×100 + 0.3×100 + 0.3×50 = 85; 星*号_公司 0.3×50 = 15.
    let (_, r) = sheet(&mut book, "Score");
    let score = col(&r, "Score");
    let name = col(&r, "Name");
    let got: Vec<(String, Data)> = r
        .rows()
        .skip(1)
        .map(|row| (row[name].to_string(), row[score].clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("甲".to_string(), Data::Float(85.0)),
            // In a workbook the name is written as it is, unescaped.
            ("星*号_公司".to_string(), Data::Float(15.0)),
        ]
    );

    // Targets: 95% coverage is the number 0.95 shown as a percentage; 10 HTEs is 10.
    let (i, r) = sheet(&mut book, "Target");
    let target = col(&r, "Target");
    let progress = col(&r, "Progress");
    let rows: Vec<&[Data]> = r.rows().skip(1).collect();
    let coverage = rows
        .iter()
        .position(|row| row[1] == "visit coverage")
        .unwrap();
    assert_eq!(rows[coverage][target], Data::Float(0.95));
    let at = |c: usize, row: usize| format!("{}{}", (b'A' + c as u8) as char, row + 2);
    assert_eq!(
        number_format(&out, i, &at(target, coverage)).as_deref(),
        Some("0.0%")
    );
    let htes = rows.iter().position(|row| row[1] == "HTEs").unwrap();
    assert_eq!(rows[htes][target], Data::Float(10.0));
    // No HTE yet (both are tech SMEs): progress 0 %, a number.
    assert_eq!(rows[htes][progress], Data::Float(0.0));
    assert_eq!(
        number_format(&out, i, &at(progress, htes)).as_deref(),
        Some("0.0%")
    );

    // Changes are signed numbers.
    let (i, r) = sheet(&mut book, "Change");
    let change = col(&r, "Change");
    let first = r.rows().nth(1).unwrap();
    assert!(matches!(first[change], Data::Float(_)), "{first:?}");
    assert_eq!(
        number_format(&out, i, &at(change, 0)).as_deref(),
        Some("+0;-0;0")
    );
}

#[test]
fn markdown_escapes_names_and_notes() {
    let (_dir, db) = report_pool();
    let o = seedbed(&db, &["brief", "星"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let brief = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(brief.starts_with("# 星\\*号\\_公司 — "), "{brief}");
    assert!(
        brief.contains("> 注意 \\<b>加粗\\</b> 与 \\`代码\\` \\[链接\\]"),
        "{brief}"
    );
    assert!(brief.contains("| 王\\_专员"), "{brief}");
    let o = seedbed(&db, &["report", "--period", "year"]);
    let md = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(md.contains("| 星\\*号\\_公司"), "{md}");
    assert!(!md.contains("星*号"), "{md}");
}

#[test]
fn the_detail_judges_readiness_and_the_tech_sme_score_on_last_years_figures_only() {
    let (_dir, store) = empty_store();
    add_enterprise(&store, "b", "旧数科技", 2);
    // 100 staff, 20 sci-tech, R&D 5% of sales, IP 1/2: a tech SME on 2024's figures.
    for y in [2022, 2023, 2024] {
        add_figures(&store, "b", y, 1_000_000, 1_000_000);
    }
    let config = Config::default();
    let d = seedbed::store::detail::load(&store.conn, "b", NOW, &config)
        .unwrap()
        .unwrap();
    use seedbed::domain::hte::{Check, Gap};
    assert_eq!(d.tsme.qualifies, Check::Unknown);
    assert_eq!(
        (d.readiness.last_year, d.readiness.newest_year),
        (2025, Some(2024))
    );
    let stale = d
        .readiness
        .conditions
        .iter()
        .filter(|c| {
            c.gap
                == Some(Gap::NoFigures {
                    year: 2025,
                    newest: Some(2024),
                })
        })
        .count();
    assert_eq!(stale, 6);
    let text = seedbed::ui::detail::text(&d, Lang::Zh);
    assert!(text.contains("无 2025 年数据，最新为 2024 年"), "{text}");
    // As of 2025-06-01 last year is 2024: the same figures are current.
    let earlier = time::macros::datetime!(2025-06-01 09:00);
    let d = seedbed::store::detail::load(&store.conn, "b", earlier, &config)
        .unwrap()
        .unwrap();
    assert_eq!(d.tsme.qualifies, Check::Pass, "{:?}", d.tsme);
    let text = seedbed::ui::detail::text(&d, Lang::Zh);
    assert!(text.contains("依据 2024 年数据"), "{text}");
}
