//! Shared fixtures: demo pools in temporary files, and running the binary.

use seedbed::cli::demo::{DemoArgs, create};
use seedbed::cli::{Context, output::Format};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use time::macros::{date, datetime};
use time::{Date, PrimitiveDateTime};

pub const TODAY: Date = date!(2026 - 11 - 21);
pub const NOW: PrimitiveDateTime = datetime!(2026-11-21 09:00);

/// A context on `db` as of the fixed date.
pub fn context(db: &Path, lang: Lang) -> Context {
    Context {
        db: db.to_path_buf(),
        lang,
        today: TODAY,
        real_today: TODAY,
        now: NOW,
        config: Config::default(),
        format: Format::Table,
        read_only: false,
        config_unknown: Vec::new(),
    }
}

/// A demo pool of `n` enterprises (seed 7) in a new temporary directory.
pub fn demo_pool(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    let args = DemoArgs {
        enterprises: n,
        seed: 7,
        force: false,
    };
    create(&db, &args, &context(&db, Lang::Zh)).expect("demo pool");
    (dir, db)
}

/// The home directory of the binary run on `db`: a folder beside the file, none of the user's.
pub fn home(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("home")
}

/// Runs the `seedbed` binary with `args` on `db` as of the fixed date, in English.
pub fn seedbed(db: &Path, args: &[&str]) -> Output {
    seedbed_in(db, "en", args)
}

/// Runs the `seedbed` binary with `args` on `db` as of the fixed date, in `lang`.
pub fn seedbed_in(db: &Path, lang: &str, args: &[&str]) -> Output {
    isolate(&mut Command::new(env!("CARGO_BIN_EXE_seedbed")), db)
        .args(["--today", "2026-11-21", "--lang", lang])
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run seedbed")
}

/// Gives `cmd` a home of its own beside `db`: the developer's config (who they are,
/// thresholds) and default database must not reach a test.
pub fn isolate<'a>(cmd: &'a mut Command, db: &Path) -> &'a mut Command {
    cmd.env_remove("SEEDBED_DB")
        // The fixed date is the real today too: not an as-of view, which would write nothing.
        .env("SEEDBED_TODAY", "2026-11-21")
        .env("HOME", home(db))
        .env("XDG_CONFIG_HOME", home(db).join("config"))
        .env("XDG_DATA_HOME", home(db).join("data"))
        // Tests ask for backups explicitly (tests/it/backups.rs).
        .env("SEEDBED_AUTO_BACKUP", "0")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Real place and company names whose characters are read differently by word (长城 cháng,
/// 成长 zhǎng; 厦门 xià, 大厦 shà; 重庆 chóng, 重工 zhòng; 成都 dū …), in the pinyin order of
/// their words, worked out by hand.
pub const NAMES_IN_PINYIN_ORDER: &[&str] = &[
    "蚌埠玻璃有限公司",   // beng bu
    "长城汽车有限公司",   // chang cheng
    "长沙银行有限公司",   // chang sha
    "成都数据有限公司",   // cheng du
    "成长科技有限公司",   // cheng zhang
    "重庆钢铁有限公司",   // chong qing
    "都江堰水利有限公司", // du jiang yan
    "国贸大厦有限公司",   // guo mao da sha
    "伽师瓜果有限公司",   // jia shi
    "乐都农业有限公司",   // le du
    "六安电力有限公司",   // lu an
    "绿洲农业有限公司",   // lv zhou
    "番禺电子有限公司",   // pan yu
    "三一重工有限公司",   // san yi zhong gong
    "单县羊汤有限公司",   // shan xian
    "武都花椒有限公司",   // wu du
    "西藏药业有限公司",   // xi zang
    "厦门航空有限公司",   // xia men
    "铅山纸业有限公司",   // yan shan
    "音乐之声有限公司",   // yin yue
    "尉犁棉业有限公司",   // yu li
    "中国银行有限公司",   // zhong guo yin hang
    "重型机械有限公司",   // zhong xing
];

/// A demo pool whose enterprises are renamed, through an import, to `NAMES_IN_PINYIN_ORDER`
/// given in another order (the demo's credit-code order).
pub fn pool_of_heteronym_names() -> (tempfile::TempDir, PathBuf) {
    let n = NAMES_IN_PINYIN_ORDER.len();
    let (dir, db) = demo_pool(n);
    let conn = rusqlite::Connection::open(&db).expect("open the demo pool");
    let codes: Vec<(String, String)> = conn
        .prepare("SELECT credit_code, district FROM enterprises ORDER BY credit_code")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .expect("credit codes");
    drop(conn);
    assert_eq!(codes.len(), n);
    let mut csv = String::from("企业名称,统一社会信用代码,所属区县\n");
    // Names paired with codes in a shuffled order, so that no order is inherited.
    for (i, (code, district)) in codes.iter().enumerate() {
        let name = NAMES_IN_PINYIN_ORDER[(i * 7 + 3) % n];
        csv.push_str(&format!("{name},{code},{district}\n"));
    }
    let file = dir.path().join("names.csv");
    std::fs::write(&file, csv).expect("write the names");
    let file = file.to_str().expect("utf-8 path");
    let o = seedbed(&db, &["import", "--kind", "enterprises", file]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, db)
}

/// The hint line of an open form with the shipped keys: a form is on screen when it shows.
pub const FORM_HINT_ZH: &str = "Tab 下一项 · ←→ 选择 · Enter/^s 保存 · Esc 取消 · ^o 命令";
