//! Times an enterprise CSV import: `cargo run --release --example import_timing [ROWS] [MODE]`.
//! Writes a CSV like the `import` benchmark's, imports it into a fresh file (MODE `new`, the
//! default), or imports it twice and times the second (`again`); prints rows per second.

use seedbed::config::Config;
use seedbed::domain::credit_code;
use seedbed::i18n::Lang;
use seedbed::interchange::csv_in::TextEncoding;
use seedbed::interchange::import::{ImportOptions, import_file};
use seedbed::store::{OpenMode, Store};
use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

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

fn import(db: &Path, csv: &Path) -> anyhow::Result<usize> {
    let mut store = Store::open(db, OpenMode::CreateIfMissing)?;
    let opts = ImportOptions {
        kind: None,
        dry_run: false,
        sheet: None,
        encoding: TextEncoding::Auto,
        lang: Lang::Zh,
        today: time::macros::date!(2026 - 11 - 21),
        commissioner: None,
    };
    let r = import_file(&mut store, csv, &opts, &Config::default())?;
    anyhow::ensure!(r.problems.is_empty(), "{:?}", r.problems.first());
    Ok(r.added + r.updated + r.unchanged)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let again = args.next().as_deref() == Some("again");
    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("enterprises.csv");
    std::fs::write(&csv, enterprise_csv(n))?;
    let db = std::env::var_os("SEEDBED_KEEP")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("x.db"));
    Store::create(&db, true)?;
    if again {
        import(&db, &csv)?;
    }
    let t = Instant::now();
    let rows = import(&db, &csv)?;
    let s = t.elapsed().as_secs_f64();
    println!("{rows} rows in {s:.3} s: {:.0} rows/s", rows as f64 / s);
    Ok(())
}
