//! Import speed: a 100,000-row enterprise CSV (Chinese headers, pool and batch columns) into an
//! empty database file, and the same file again (every row matched, nothing written).
//!
//! `cargo bench --bench import`; the issue asks for at least 100,000 rows per second.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use seedbed::config::Config;
use seedbed::domain::credit_code;
use seedbed::i18n::Lang;
use seedbed::interchange::csv_in::TextEncoding;
use seedbed::interchange::import::{ImportOptions, import_file};
use seedbed::store::Store;
use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

/// The binary's allocator (`src/main.rs`), so that the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 100_000;

/// A CSV as a district office would send it: 10 columns, Chinese headers, valid credit codes.
fn enterprise_csv(n: usize) -> String {
    const DISTRICTS: [&str; 6] = [
        "克拉玛依区",
        "天山区",
        "沙依巴克区",
        "城关区",
        "七里河区",
        "高新区",
    ];
    const BRANDS: [&str; 8] = [
        "天山", "金鼎", "瑞丰", "华科", "大漠", "雪峰", "丝路", "博源",
    ];
    const TRADES: [&str; 5] = ["信息技术", "生物科技", "新材料", "智能装备", "节能环保"];
    const BATCHES: [&str; 4] = ["优选批", "培育批", "成熟批", "申报批"];
    const TIERS: [&str; 3] = ["科技型中小企业", "创新型中小企业", "高新技术企业"];
    let mut s = String::with_capacity(n * 160);
    s.push_str(
        "统一社会信用代码,企业名称,所属区县,所属行业,成立日期,联系人,联系电话,培育库,批次,梯队\n",
    );
    for i in 0..n {
        let first17 = format!("91650100{i:09}");
        let code = credit_code::complete(&first17).unwrap_or_default();
        let _ = writeln!(
            s,
            "{code},新疆{}{}{i}有限公司,{},软件和信息技术服务业,20{:02}-{:02}-{:02},王{}, 1{:010},高企培育库,{},{}",
            BRANDS[i % 8],
            TRADES[i % 5],
            DISTRICTS[i % 6],
            i % 24,
            i % 12 + 1,
            i % 28 + 1,
            ["芳", "强", "丽", "军"][i % 4],
            3_800_000_000u64 + i as u64,
            BATCHES[i % 4],
            TIERS[i % 3],
        );
    }
    s
}

fn options(dry_run: bool) -> ImportOptions {
    ImportOptions {
        kind: None,
        dry_run,
        sheet: None,
        encoding: TextEncoding::Auto,
        lang: Lang::Zh,
        today: time::macros::date!(2026 - 11 - 21),
        commissioner: None,
    }
}

fn import(db: &Path, csv: &Path) -> usize {
    let mut store = Store::open(db, seedbed::store::OpenMode::CreateIfMissing).expect("db");
    let r = import_file(&mut store, csv, &options(false), &Config::default()).expect("import");
    assert!(r.problems.is_empty(), "{:?}", r.problems.first());
    r.added + r.updated + r.unchanged
}

/// A database file, removed (with its WAL files) when dropped.
struct Removed(std::path::PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("enterprises.csv");
    std::fs::write(&csv, enterprise_csv(ROWS)).expect("write csv");

    let mut g = c.benchmark_group("import");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(ROWS as u64));
    let mut n = 0;
    g.bench_function("enterprises_csv_100k_new", |b| {
        b.iter_batched(
            || {
                n += 1;
                let db = dir.path().join(format!("new{n}.db"));
                Store::create(&db, true).expect("create");
                db
            },
            |db| {
                let rows = import(&db, &csv);
                assert_eq!(rows, ROWS);
                // Removed after the timing (criterion drops outputs outside it).
                Removed(db)
            },
            BatchSize::PerIteration,
        );
    });
    let same = dir.path().join("same.db");
    Store::create(&same, true).expect("create");
    import(&same, &csv);
    g.bench_function("enterprises_csv_100k_unchanged", |b| {
        b.iter(|| import(&same, &csv));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
