//! The bad-input suite: files an office really produces when something goes wrong (wrong
//! encodings, broken quotes, damaged workbooks, impossible values), each made here by the test.
//!
//! Every refused case runs the real binary with its own HOME and XDG directories, and checks the
//! exit status, that stderr names the file and the line/column and the problem, that stdout
//! claims nothing, and that the database file's bytes and its dump (every row of every table,
//! read through rusqlite) are the same afterwards. The accepted cases check the report and the
//! rows. Dates are as of 2026-11-21; messages are checked in English unless a case says `zh`.

use rusqlite::Connection;
use rusqlite::types::Value;
use rust_xlsxwriter::{ExcelDateTime, Formula, Workbook};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const TODAY: &str = "2026-11-21";

// Credit codes whose check characters are verified by hand in src/domain/credit_code.rs.
const A: &str = "91110108551385082Q";
const B: &str = "91370000728611939A";
const C: &str = "52410000663412719U";
const D: &str = "531000005000160090";
const E: &str = "91650100MA00001540";

/// The headers of the enterprise files below.
const ENT: &str = "企业名称,统一社会信用代码,所属区县,成立日期,联系人,地址,备注";
/// The headers of the yearly-figure files below.
const FIG: &str = "统一社会信用代码,年度,职工总数,销售收入(万元),研发管理得分";
/// The headers of the visit files below.
const VIS: &str = "统一社会信用代码,计划走访日期,走访日期,走访方式,走访记录";

/// A CSV file: the header line and the rows, each ending in a line break.
fn csv(header: &str, rows: &[&str]) -> Vec<u8> {
    let mut s = format!("{header}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

/// The database every case starts from: enterprises A, B and C, and A's figures for 2024.
fn template() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let sb = Sandbox::empty();
        let ents = sb.write(
            "base.csv",
            &csv(
                ENT,
                &[
                    &format!(
                        "克拉玛依云帆数据科技有限公司,{A},克拉玛依区,2015-03-08,王芳,友谊路1号,"
                    ),
                    &format!("乌鲁木齐天和环保科技有限公司,{B},天山区,2012-06-01,李强,,"),
                    &format!("兰州陇原新材料股份有限公司,{C},兰州市城关区,2018-11-21,赵敏,,"),
                ],
            ),
        );
        sb.ok("en", &["import", &ents]);
        let figs = sb.write("figs.csv", &csv(FIG, &[&format!("{A},2024,120,5000,12")]));
        sb.ok("en", &["import", &figs]);
        assert!(!sb.wal().exists(), "the template must be one closed file");
        std::fs::read(&sb.db).expect("template bytes")
    })
}

/// A temporary home, config and data directory, and a database in it.
struct Sandbox {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Sandbox {
    /// No database yet.
    fn empty() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("pool.db");
        Sandbox { dir, db }
    }

    /// A copy of the template database.
    fn new() -> Sandbox {
        let sb = Sandbox::empty();
        std::fs::write(&sb.db, template()).expect("copy template");
        sb
    }

    fn wal(&self) -> PathBuf {
        self.dir.path().join("pool.db-wal")
    }

    /// Writes a file beside the database; its path as text.
    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write input");
        p.to_str().expect("utf-8 path").to_string()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `seedbed` on the database as of the fixed date, with its own HOME and XDG dirs.
    fn run(&self, lang: &str, args: &[&str]) -> Output {
        let home = self.dir.path().join("home");
        Command::new(env!("CARGO_BIN_EXE_seedbed"))
            .args(["--today", TODAY, "--lang", lang, "--db"])
            .arg(&self.db)
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env_remove("SEEDBED_DB")
            .env("SEEDBED_TODAY", "2026-11-21")
            .output()
            .expect("run seedbed")
    }

    /// Runs and insists on success; stdout.
    fn ok(&self, lang: &str, args: &[&str]) -> String {
        let o = self.run(lang, args);
        assert!(
            o.status.success(),
            "seedbed {args:?} failed\nstdout: {}\nstderr: {}",
            out(&o),
            err(&o)
        );
        out(&o)
    }

    /// The database file's bytes and every row of every table.
    fn state(&self) -> (Vec<u8>, Vec<String>) {
        let bytes = std::fs::read(&self.db).expect("read db");
        (bytes, dump(&self.db))
    }
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every row of every table (and the schema), sorted: read from a copy of the file and its
/// WAL, so that reading cannot change what is compared.
fn dump(db: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().expect("dump dir");
    let copy = dir.path().join("copy.db");
    std::fs::copy(db, &copy).expect("copy db");
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        std::fs::copy(&wal, dir.path().join("copy.db-wal")).expect("copy wal");
    }
    let c = Connection::open(&copy).expect("open copy");
    let tables: Vec<(String, String)> = c
        .prepare(
            "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name",
        )
        .expect("tables")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("tables")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    let mut rows = Vec::new();
    for (t, sql) in tables {
        rows.push(format!("{t} := {sql}"));
        let mut stmt = c
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .expect("select");
        let n = stmt.column_count();
        let mut these: Vec<String> = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .expect("rows")
            .map(|r| format!("{t}: {:?}", r.expect("row")))
            .collect();
        these.sort();
        rows.extend(these);
    }
    rows
}

/// One refused input: the file, extra arguments, the exit status and what stderr must say.
struct Refused {
    name: &'static str,
    file: &'static str,
    bytes: Vec<u8>,
    args: &'static [&'static str],
    lang: &'static str,
    status: i32,
    says: Vec<String>,
}

/// A refused case in English with no extra arguments.
fn refused(
    name: &'static str,
    file: &'static str,
    bytes: Vec<u8>,
    status: i32,
    says: &[&str],
) -> Refused {
    Refused {
        name,
        file,
        bytes,
        args: &[],
        lang: "en",
        status,
        says: says.iter().map(|s| s.to_string()).collect(),
    }
}

impl Refused {
    fn args(mut self, args: &'static [&'static str]) -> Refused {
        self.args = args;
        self
    }

    fn zh(mut self) -> Refused {
        self.lang = "zh";
        self
    }
}

/// Runs every case on a fresh copy of the template; panics listing every case that failed.
fn check_refused(cases: Vec<Refused>) {
    let mut failed = Vec::new();
    for case in &cases {
        let sb = Sandbox::new();
        let file = sb.write(case.file, &case.bytes);
        let before = sb.state();
        let mut args = vec!["import", file.as_str()];
        args.extend_from_slice(case.args);
        let o = sb.run(case.lang, &args);
        let (stdout, stderr) = (out(&o), err(&o));
        let mut wrong = Vec::new();
        if o.status.code() != Some(case.status) {
            wrong.push(format!(
                "status {:?}, expected {}",
                o.status.code(),
                case.status
            ));
        }
        if !stderr.contains(case.file) {
            wrong.push("stderr does not name the file".to_string());
        }
        for s in &case.says {
            if !stderr.contains(s.as_str()) {
                wrong.push(format!("stderr lacks {s:?}"));
            }
        }
        if !stdout.is_empty() {
            wrong.push(format!("stdout is not empty: {stdout:?}"));
        }
        if case.status == 2 && stderr.lines().count() != 1 {
            wrong.push("a file error is not one line".to_string());
        }
        let after = sb.state();
        if before.0 != after.0 {
            wrong.push("the database file's bytes changed".to_string());
        }
        if before.1 != after.1 {
            wrong.push("the database's rows changed".to_string());
        }
        if !wrong.is_empty() {
            failed.push(format!(
                "{}: {}\n  stderr: {stderr}",
                case.name,
                wrong.join("; ")
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

/// UTF-16 code units of `text` in little- or big-endian byte order, without a BOM.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("utf-8")
}

#[test]
fn encodings_that_cannot_be_read_as_they_are_name_the_fix() {
    let good = text(csv(ENT, &[&format!("甲公司,{D},天山区,,,,")]));
    let bad_code = text(csv(
        ENT,
        &[
            &format!("甲公司,{D},天山区,,,,"),
            "乙公司,91110108551385082F,天山区,,,,",
        ],
    ));
    let mut bom_le = vec![0xFF, 0xFE];
    bom_le.extend(utf16(&bad_code, true));
    let mut bom_be = vec![0xFE, 0xFF];
    bom_be.extend(utf16(&bad_code, false));
    // Good UTF-8 with a damaged character on line 3.
    let mut damaged = csv(ENT, &[&format!("甲公司,{D},天山区,,,,")]);
    damaged.extend_from_slice(b"\xE4\xB9,");
    damaged.extend_from_slice(format!("{E},天山区,,,,\n").as_bytes());
    let gbk_good = gbk(&good);
    let mut odd = utf16(&good, true);
    odd.push(b'\n');
    let cases = vec![
        refused(
            "utf-16le without a BOM",
            "u16le.csv",
            utf16(&good, true),
            2,
            &[
                "looks like UTF-16 text without a byte-order mark",
                "--encoding utf-16le",
            ],
        ),
        refused(
            "utf-16be without a BOM",
            "u16be.csv",
            utf16(&good, false),
            2,
            &["--encoding utf-16be"],
        ),
        refused(
            "utf-16le without a BOM, in Chinese",
            "u16zh.csv",
            utf16(&good, true),
            2,
            &["看起来是没有 BOM 的 UTF-16 文本", "--encoding utf-16le"],
        )
        .zh(),
        refused(
            "utf-16le with a BOM, a bad row",
            "bomle.csv",
            bom_le,
            1,
            &[
                "line 3, column 统一社会信用代码: \"91110108551385082F\" — check character should be Q, found F",
            ],
        ),
        refused(
            "utf-16be with a BOM, a bad row",
            "bombe.csv",
            bom_be,
            1,
            &["line 3, column 统一社会信用代码"],
        ),
        refused(
            "damaged UTF-8",
            "damaged.csv",
            damaged,
            2,
            &[
                "line 3 (byte 131) has a damaged UTF-8 character",
                "--encoding gbk",
            ],
        ),
        refused(
            "GBK read as UTF-8",
            "gbk.csv",
            gbk_good,
            2,
            &["line 1 (byte 0) is not UTF-8 text", "pass --encoding"],
        )
        .args(&["--encoding", "utf-8"]),
        refused(
            "odd byte count as UTF-16LE",
            "odd.csv",
            odd,
            2,
            &["is not UTF-16LE text"],
        )
        .args(&["--encoding", "utf-16le"]),
        refused(
            "GBK named as GBK, a bad date",
            "gbkdate.csv",
            gbk(&format!("{ENT}\n甲公司,{D},天山区,2026年2月30日,,,\n")),
            1,
            &["line 2, column 成立日期: \"2026年2月30日\" — not a date"],
        )
        .args(&["--encoding", "gbk"]),
    ];
    check_refused(cases);
}

#[test]
fn broken_structure_is_named_by_line_and_nothing_is_imported() {
    let cases = vec![
        refused(
            "an unclosed quote swallowing the rows below",
            "quote.csv",
            csv(ENT, &[
                &format!("甲公司,{D},天山区,,,,"),
                &format!("\"乙公司,{E},天山区,,,,"),
                "丙公司,91650100MA0000155X,天山区,,,,",
                "丁公司,91650100MA0000156X,天山区,,,,",
            ]),
            2,
            &["line 3: a quote (\") opened there is never closed", "nothing was imported"],
        ),
        refused(
            "an unclosed quote in the last column",
            "quote2.csv",
            csv(ENT, &[&format!("甲公司,{D},天山区,,,,\"备注没有结束"), &format!("乙公司,{E},天山区,,,,")]),
            2,
            &["line 2: a quote"],
        ),
        refused(
            "an unclosed quote after a closed multi-line cell",
            "quote3.csv",
            csv(ENT, &[
                &format!("甲公司,{D},天山区,,,,\"第一行\n第二行\""),
                &format!("乙公司,{E},\"天山区,,,,"),
            ]),
            2,
            &["line 4: a quote"],
        ),
        refused(
            "an unclosed quote in a tab-separated file",
            "quote.tsv",
            format!("企业名称\t统一社会信用代码\n甲公司\t{D}\n\"乙公司\t{E}\n").into_bytes(),
            2,
            &["line 3: a quote"],
        ),
        refused(
            "an unclosed quote, in Chinese",
            "quotezh.csv",
            csv(ENT, &[&format!("\"甲公司,{D},天山区,,,,")]),
            2,
            &["第 2 行的引号（\"）没有闭合", "未导入任何数据"],
        )
        .zh(),
        refused("headers only", "headers.csv", csv(ENT, &[]), 2, &["has a header row (line 1) but no data rows"]),
        refused(
            "headers only, under a title and blank lines",
            "titled.csv",
            format!("2026年培育库名单,,,,,,\n,,,,,,\n{ENT}\n,,,,,,\n").into_bytes(),
            2,
            &["has a header row (line 3) but no data rows"],
        ),
        refused(
            "only totals below the header",
            "onlytotals.csv",
            csv(FIG, &["合计,,120,5000,"]),
            2,
            &["has a header row (line 1) but no data rows"],
        ),
        refused("an empty file", "empty.csv", Vec::new(), 2, &["is empty: it has no rows"]),
        refused("only blank lines", "blank.csv", b"\n\r\n ,, \n".to_vec(), 2, &["is empty"]),
        refused("only a BOM", "bom.csv", b"\xEF\xBB\xBF".to_vec(), 2, &["is empty"]),
        refused(
            "a required column missing, no --kind",
            "nocode.csv",
            "企业名称,所属区县,联系人\n甲公司,天山区,王芳\n".as_bytes().to_vec(),
            2,
            &["looks like enterprises but lacks the required column Credit code; add it (or pass --kind)"],
        ),
        refused(
            "a required column missing, no --kind, in Chinese",
            "nocodezh.csv",
            "企业名称,所属区县,联系人\n甲公司,天山区,王芳\n".as_bytes().to_vec(),
            2,
            &["看起来是企业数据，但缺少必需的列：统一社会信用代码"],
        )
        .zh(),
        refused(
            "a required column missing, with --kind",
            "nocodekind.csv",
            "企业名称,所属区县\n甲公司,天山区\n".as_bytes().to_vec(),
            1,
            &["line 1, column Credit code: column missing (required for enterprises)"],
        )
        .args(&["--kind", "enterprises"]),
        refused(
            "headers that name nothing",
            "what.csv",
            "甲,乙,丙\n1,2,3\n".as_bytes().to_vec(),
            2,
            &["cannot tell what", "from its headers (甲, 乙, 丙); pass --kind"],
        ),
        refused(
            "a column named twice",
            "twice.csv",
            format!("企业名称,统一社会信用代码,所属区县,公司名称\n甲公司,{D},天山区,甲\n").into_bytes(),
            1,
            &["line 1, column 公司名称: same column as \"企业名称\""],
        ),
        refused(
            "a totals row above the last record is a record",
            "midtotal.csv",
            csv(FIG, &[&format!("{A},2025,120,5000,"), "合计,,120,5000,", &format!("{B},2025,80,3000,")]),
            1,
            &["line 3, column 统一社会信用代码: \"合计\" — length should be 18 characters, found 2"],
        ),
        refused(
            "a bad row after a title, CRLF line ends",
            "crlf.csv",
            format!("2026年名单\r\n{ENT}\r\n甲公司,{D},天山区,,,,\r\n乙公司,91110108551385082F,天山区,,,,\r\n").into_bytes(),
            1,
            &["line 4, column 统一社会信用代码: \"91110108551385082F\""],
        ),
        refused(
            "semicolons and a bad date",
            "semi.csv",
            format!("企业名称;统一社会信用代码;所属区县;成立日期\n甲公司;{D};天山区;2015-13-01\n").into_bytes(),
            1,
            &["line 2, column 成立日期: \"2015-13-01\" — not a date"],
        ),
    ];
    check_refused(cases);
}

#[test]
fn missing_directories_devices_and_unknown_types_are_named() {
    let sb = Sandbox::new();
    let before = sb.state();
    let dir = sb.path("folder.csv");
    std::fs::create_dir(&dir).expect("dir");
    let fifo = sb.path("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let pdf = sb.write("list.pdf", b"%PDF-1.4");
    let d = dir.to_str().expect("p").to_string();
    let f = fifo.to_str().expect("p").to_string();
    let missing = sb.path("missing.csv").to_str().expect("p").to_string();
    for (lang, file, says) in [
        (
            "en",
            &d,
            "folder.csv is a directory; name the .csv or .xlsx file in it to import",
        ),
        (
            "zh",
            &d,
            "folder.csv 是一个文件夹；请指定其中要导入的 .csv 或 .xlsx 文件",
        ),
        (
            "en",
            &f,
            "pipe.csv is not a regular file (a device or a pipe)",
        ),
        ("en", &missing, "missing.csv does not exist; check the path"),
        ("zh", &missing, "missing.csv 不存在；请检查文件路径"),
        ("en", &pdf, "list.pdf: unknown file type; use .csv"),
    ] {
        let o = sb.run(lang, &["import", file.as_str()]);
        assert_eq!(o.status.code(), Some(2), "{file}: {}", err(&o));
        assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
        assert!(err(&o).contains(says), "{}", err(&o));
        assert!(out(&o).is_empty());
    }
    // A missing file does not create a database either.
    let fresh = Sandbox::empty();
    let o = fresh.run("en", &["import", &missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!fresh.db.exists());
    assert!(before == sb.state(), "the database changed");
}

#[test]
fn bad_credit_codes_names_and_control_characters_are_refused() {
    let long_name = "企".repeat(201);
    let cases = vec![
        refused("a wrong check character", "check.csv", csv(ENT, &["甲公司,91110108551385082F,天山区,,,,"]), 1, &[
            "line 2, column 统一社会信用代码: \"91110108551385082F\" — check character should be Q, found F",
        ]),
        refused(
            "a letter in the region code with a valid check character",
            "region.csv",
            csv(ENT, &["甲公司,9111A108551385082L,天山区,,,,"]),
            1,
            &["line 2, column 统一社会信用代码: \"9111A108551385082L\" — positions 3-8 are the region code and must be digits; found A at position 5"],
        ),
        refused(
            "a letter in the region code, in Chinese",
            "regionzh.csv",
            csv(ENT, &["甲公司,9111A108551385082L,天山区,,,,"]),
            1,
            &["第 2 行，列 统一社会信用代码：\"9111A108551385082L\" — 第 3–8 位是行政区划代码，只能是数字，第 5 位却是 A"],
        )
        .zh(),
        refused("17 characters", "short.csv", csv(ENT, &["甲公司,91110108551385082,天山区,,,,"]), 1, &[
            "— length should be 18 characters, found 17",
        ]),
        refused("19 characters", "long.csv", csv(ENT, &["甲公司,91110108551385082QQ,天山区,,,,"]), 1, &[
            "— length should be 18 characters, found 19",
        ]),
        refused("a letter outside the alphabet", "letter.csv", csv(ENT, &["甲公司,911101085513I5082Q,天山区,,,,"]), 1, &[
            "— character I at position 13 is not allowed",
        ]),
        refused("a blank code", "blankcode.csv", csv(ENT, &["甲公司,,天山区,,,,"]), 1, &[
            "line 2, column 统一社会信用代码: \"\" — required",
        ]),
        refused(
            "the same code twice, once in full-width lower case",
            "dup.csv",
            csv(ENT, &[&format!("甲公司,{E},天山区,,,,"), "乙公司,９１６５０１００ｍａ００００１５４０,天山区,,,,"]),
            1,
            &["line 3, column 统一社会信用代码: \"91650100MA00001540\" — duplicate of line 2"],
        ),
        refused(
            "a NUL byte in a name",
            "nul.csv",
            csv(ENT, &[&format!("甲\0公司,{D},天山区,,,,")]),
            1,
            &["line 2, column 企业名称: \"甲\\0公司\" — character 2 is the control character U+0000, not allowed here"],
        ),
        refused(
            "NUL bytes at the end of the file",
            "nultail.csv",
            [csv(ENT, &[&format!("甲公司,{D},天山区,,,,")]), vec![0, 0, 0]].concat(),
            1,
            &["line 3, column 企业名称", "U+0000"],
        ),
        refused(
            "a carriage return in an address",
            "cr.csv",
            csv(ENT, &[&format!("甲公司,{D},天山区,,,\"友谊路\r1号\",")]),
            1,
            &["line 2, column 地址:", "character 4 is the control character U+000D"],
        ),
        refused(
            "a tab in a name",
            "tab.csv",
            csv(ENT, &[&format!("甲\t公司,{D},天山区,,,,")]),
            1,
            &["line 2, column 企业名称:", "U+0009"],
        ),
        refused(
            "an escape character in a contact name",
            "esc.csv",
            csv(ENT, &[&format!("甲公司,{D},天山区,,王\u{1b}[31m芳,,")]),
            1,
            &["line 2, column 联系人:", "U+001B"],
        ),
        refused(
            "a bell in notes (only line breaks and tabs are allowed there)",
            "bell.csv",
            csv(ENT, &[&format!("甲公司,{D},天山区,,,,叮\u{7}")]),
            1,
            &["line 2, column 备注:", "U+0007"],
        ),
        refused(
            "a name of 201 characters",
            "longname.csv",
            csv(ENT, &[&format!("{long_name},{D},天山区,,,,")]),
            1,
            &["line 2, column 企业名称:", "— name too long: 201 characters, at most 200"],
        ),
        refused(
            "a name of 201 characters, in Chinese",
            "longnamezh.csv",
            csv(ENT, &[&format!("{long_name},{D},天山区,,,,")]),
            1,
            &["名称过长：201 个字符，最多 200 个"],
        )
        .zh(),
        refused(
            "an unknown tier",
            "tier.csv",
            format!("企业名称,统一社会信用代码,所属区县,梯队\n甲公司,{D},天山区,超级企业\n").into_bytes(),
            1,
            &["line 2, column 梯队: \"超级企业\" — unknown value; use one of:"],
        ),
    ];
    check_refused(cases);
}

#[test]
fn bad_dates_and_numbers_are_refused() {
    let cases = vec![
        refused("founded in year 0", "year0.csv", csv(ENT, &[&format!("甲公司,{D},天山区,0000-01-01,,,")]), 1, &[
            "line 2, column 成立日期: \"0000-01-01\" — date out of range; use a date from 1949-01-01 to 2100-12-31",
        ]),
        refused("founded in 1948", "y1948.csv", csv(ENT, &[&format!("甲公司,{D},天山区,1948-12-31,,,")]), 1, &[
            "line 2, column 成立日期: \"1948-12-31\" — date out of range",
        ]),
        refused(
            "founded in year 0, in Chinese",
            "year0zh.csv",
            csv(ENT, &[&format!("甲公司,{D},天山区,0000-01-01,,,")]),
            1,
            &["第 2 行，列 成立日期：\"0000-01-01\" — 日期超出范围，应在 1949-01-01 至 2100-12-31 之间"],
        )
        .zh(),
        refused("a visit planned in 2101", "v2101.csv", csv(VIS, &[&format!("{A},2101-01-01,,现场,")]), 1, &[
            "line 2, column 计划走访日期: \"2101-01-01\" — date out of range",
        ]),
        refused("a visit done in 1900 as 19000101", "v1900.csv", csv(VIS, &[&format!("{A},,19000101,现场,谈了")]), 1, &[
            "line 2, column 走访日期: \"19000101\" — date out of range",
        ]),
        refused("a visit planned in year 9999", "v9999.csv", csv(VIS, &[&format!("{A},9999年12月31日,,现场,")]), 1, &[
            "column 计划走访日期: \"9999年12月31日\" — date out of range",
        ]),
        refused("30 February", "feb30.csv", csv(ENT, &[&format!("甲公司,{D},天山区,2026-02-30,,,")]), 1, &[
            "line 2, column 成立日期: \"2026-02-30\" — not a date",
        ]),
        refused("a visit done tomorrow", "tomorrow.csv", csv(VIS, &[&format!("{A},,2026-11-22,现场,谈了")]), 1, &[
            "line 2, column 走访日期: \"2026-11-22\" — is later than today",
        ]),
        refused("a visit of an unknown enterprise", "unknown.csv", csv(VIS, &[&format!("{D},2026-12-01,,现场,")]), 1, &[
            "line 2, column 统一社会信用代码: \"531000005000160090\" — no enterprise with this credit code",
        ]),
        refused("a visit without any date", "nodate.csv", csv(VIS, &[&format!("{A},,,现场,")]), 1, &[
            "line 2, column 走访日期",
            "a visit needs a visit date or a planned date",
        ]),
        refused("a negative staff count", "negstaff.csv", csv(FIG, &[&format!("{A},2025,-3,100,")]), 1, &[
            "line 2, column 职工总数: \"-3\" — must not be negative",
        ]),
        refused("a huge staff count", "hugestaff.csv", csv(FIG, &[&format!("{A},2025,1e20,100,")]), 1, &[
            "line 2, column 职工总数: \"1e20\" — not a number",
        ]),
        refused("a fractional staff count", "fracstaff.csv", csv(FIG, &[&format!("{A},2025,12.5,100,")]), 1, &[
            "line 2, column 职工总数: \"12.5\" — not a whole number",
        ]),
        refused(
            "sales of 20 digits",
            "hugesales.csv",
            csv(FIG, &[&format!("{A},2025,12,99999999999999999999,")]),
            1,
            &["line 2, column 销售收入(万元): \"99999999999999999999\" — not a number"],
        ),
        refused("sales in words", "wordsales.csv", csv(FIG, &[&format!("{A},2025,12,很多,")]), 1, &[
            "line 2, column 销售收入(万元): \"很多\" — not a number",
        ]),
        refused("a year of 1800", "y1800.csv", csv(FIG, &[&format!("{A},1800,12,100,")]), 1, &[
            "line 2, column 年度: \"1800\" — not a year",
        ]),
        refused("a score above 20", "score.csv", csv(FIG, &[&format!("{A},2025,12,100,25")]), 1, &[
            "line 2, column 研发管理得分: \"25\" — should be between 0 and 20",
        ]),
        refused("a score of NaN", "nan.csv", csv(FIG, &[&format!("{A},2025,12,100,NaN")]), 1, &[
            "line 2, column 研发管理得分: \"NaN\" — not a number",
        ]),
        refused(
            "the same year twice",
            "dupyear.csv",
            csv(FIG, &[&format!("{A},2025,12,100,"), &format!("{A},2025,13,100,")]),
            1,
            &["line 3, column 年度: \"2025\" — duplicate of line 2"],
        ),
        refused(
            "five problems on five rows, all named",
            "five.csv",
            csv(FIG, &[
                &format!("{A},2023,-1,100,"),
                &format!("{B},1800,12,100,"),
                &format!("{C},2025,12,abc,"),
                &format!("{D},2025,12,100,"),
                &format!("{A},2025,12,100,21"),
            ]),
            1,
            &[
                "line 2, column 职工总数",
                "line 3, column 年度",
                "line 4, column 销售收入(万元)",
                "line 5, column 统一社会信用代码",
                "line 6, column 研发管理得分",
                "5 problems on 5 rows; nothing was imported",
            ],
        ),
    ];
    check_refused(cases);
}

/// A cell of a test workbook.
enum X {
    S(&'static str),
    N(f64),
    Date(u16, u8, u8),
    F(&'static str),
    Blank,
}

/// An .xlsx workbook with one sheet named 名单 holding `rows`.
fn xlsx(rows: &[Vec<X>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("名单").expect("name");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                X::S(s) => {
                    sheet.write_string(r, c, *s).expect("string");
                }
                X::N(x) => {
                    sheet.write_number(r, c, *x).expect("number");
                }
                X::Date(y, m, d) => {
                    let f = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                    sheet
                        .write_datetime_with_format(r, c, &dt, &f)
                        .expect("date");
                }
                // `=1/0#`: the formula =1/0 with the error value Excel stores for it.
                X::F(f) => {
                    let formula = match f.strip_suffix('#') {
                        Some(f) => Formula::new(f).set_result("#DIV/0!"),
                        None => Formula::new(*f),
                    };
                    sheet.write_formula(r, c, formula).expect("formula");
                }
                X::Blank => {}
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

/// The CRC-32 of a zip entry.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A valid zip archive (stored, not compressed) holding one text file: not a workbook.
fn zip_of_one_file(name: &str, body: &[u8]) -> Vec<u8> {
    let crc = crc32(body);
    let len = body.len() as u32;
    let n = name.len() as u16;
    let mut z = Vec::new();
    z.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    z.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend_from_slice(&crc.to_le_bytes());
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&n.to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z.extend_from_slice(name.as_bytes());
    z.extend_from_slice(body);
    let central = z.len() as u32;
    z.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    z.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend_from_slice(&crc.to_le_bytes());
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&n.to_le_bytes());
    z.extend_from_slice(&[0; 12]);
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(name.as_bytes());
    let size = z.len() as u32 - central;
    z.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend_from_slice(&size.to_le_bytes());
    z.extend_from_slice(&central.to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z
}

#[test]
fn malformed_and_bad_workbooks_are_refused() {
    use X::*;
    let head = || {
        vec![
            S("企业名称"),
            S("统一社会信用代码"),
            S("成立日期"),
            S("所属区县"),
        ]
    };
    let fig_head = || {
        vec![
            S("统一社会信用代码"),
            S("年度"),
            S("职工总数"),
            S("销售收入(万元)"),
        ]
    };
    let mut random = Vec::new();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        random.push(x as u8);
    }
    let cases = vec![
        refused(
            "random bytes named .xlsx",
            "random.xlsx",
            random.clone(),
            2,
            &["is not a spreadsheet Seedbed can read"],
        ),
        refused(
            "random bytes named .xls",
            "random.xls",
            random,
            2,
            &["is not a spreadsheet Seedbed can read"],
        ),
        refused(
            "an empty .xlsx",
            "empty.xlsx",
            Vec::new(),
            2,
            &["is not a spreadsheet Seedbed can read"],
        ),
        refused(
            "a zip that is not a workbook",
            "notbook.xlsx",
            zip_of_one_file("hello.txt", "你好".as_bytes()),
            2,
            &["is not a spreadsheet Seedbed can read"],
        ),
        refused(
            "a zip that is not a workbook, in Chinese",
            "notbookzh.xlsx",
            zip_of_one_file("hello.txt", "你好".as_bytes()),
            2,
            &["不是能读取的电子表格（文件已损坏，或并非 .xlsx/.xls/.ods 工作簿）"],
        )
        .zh(),
        refused(
            "a CSV named .xlsx",
            "csv.xlsx",
            csv(ENT, &[&format!("甲公司,{D},,,,,")]),
            2,
            &["is not a spreadsheet Seedbed can read"],
        ),
        refused(
            "headers only",
            "headers.xlsx",
            xlsx(&[head()]),
            2,
            &["has a header row (line 1) but no data rows"],
        ),
        refused("an empty sheet", "blank.xlsx", xlsx(&[]), 2, &["is empty"]),
        refused(
            "a sheet that is not there",
            "nosheet.xlsx",
            xlsx(&[head(), vec![S("甲"), S(D), Blank, S("天山区")]]),
            2,
            &["has no sheet named \"Sheet9\" (it has: 名单); pass --sheet"],
        )
        .args(&["--sheet", "Sheet9"]),
        refused(
            "a date cell in 1900",
            "d1900.xlsx",
            xlsx(&[
                head(),
                vec![S("甲公司"), S(D), Date(1900, 3, 1), S("天山区")],
            ]),
            1,
            &["line 2, column 成立日期: \"1900-03-01\" — date out of range"],
        ),
        refused(
            "a formula in the credit code",
            "formula.xlsx",
            xlsx(&[head(), vec![S("甲公司"), F("=1+1"), Blank, S("天山区")]]),
            1,
            &[
                "line 2, column 统一社会信用代码:",
                "length should be 18 characters",
            ],
        ),
        refused(
            "a formula whose value is an error",
            "formulaerror.xlsx",
            xlsx(&[fig_head(), vec![S(A), N(2025.0), F("=1/0#"), N(1.0)]]),
            1,
            &["line 2, column 职工总数:"],
        ),
        refused(
            "a bad code",
            "code.xlsx",
            xlsx(&[
                head(),
                vec![S("甲公司"), S("91110108551385082F"), Blank, S("天山区")],
            ]),
            1,
            &[
                "line 2, column 统一社会信用代码: \"91110108551385082F\" — check character should be Q, found F",
            ],
        ),
        refused(
            "a huge number",
            "huge.xlsx",
            xlsx(&[fig_head(), vec![S(A), N(2025.0), N(1e300), N(1.0)]]),
            1,
            &["line 2, column 职工总数:", "— not a number"],
        ),
        refused(
            "a negative count",
            "negative.xlsx",
            xlsx(&[fig_head(), vec![S(A), N(2025.0), N(-4.0), N(1.0)]]),
            1,
            &["line 2, column 职工总数: \"-4\" — must not be negative"],
        ),
        refused(
            "a totals row in the middle",
            "midtotal.xlsx",
            xlsx(&[
                fig_head(),
                vec![S(A), N(2025.0), N(4.0), N(1.0)],
                vec![S("合计"), Blank, N(4.0), N(1.0)],
                vec![S(B), N(2025.0), N(4.0), N(1.0)],
            ]),
            1,
            &["line 3, column 统一社会信用代码: \"合计\""],
        ),
    ];
    check_refused(cases);
}

/// The rows of a table, as text, through rusqlite.
fn rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let c = Connection::open(db).expect("open");
    let mut stmt = c.prepare(sql).expect("prepare");
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get::<_, Value>(i)? {
                    Value::Null => "NULL".to_string(),
                    Value::Integer(i) => i.to_string(),
                    Value::Real(x) => x.to_string(),
                    Value::Text(t) => t,
                    Value::Blob(_) => "<blob>".to_string(),
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()
    })
    .expect("query")
    .collect::<rusqlite::Result<_>>()
    .expect("rows")
}

#[test]
fn totals_rows_at_the_end_are_skipped_and_reported() {
    let sb = Sandbox::new();
    let file = sb.write(
        "figs2025.csv",
        &csv(
            FIG,
            &[
                &format!("{A},2025,120,5000,12"),
                &format!("{B},2025,80,3000,"),
                ",合  计：,200,\"8,000\",",
            ],
        ),
    );
    let said = sb.ok("en", &["import", &file]);
    assert!(
        said.contains("skipped the totals row at the end: line 4 (not data, not imported)"),
        "{said}"
    );
    assert!(
        said.contains("2 rows of yearly figures; added 2, updated 0, unchanged 0"),
        "{said}"
    );
    let got = rows(
        &sb.db,
        "SELECT e.credit_code, f.staff, f.sales FROM figures f JOIN enterprises e ON e.id = f.enterprise_id
         WHERE f.year = 2025 ORDER BY e.credit_code",
    );
    assert_eq!(
        got,
        vec![
            vec![A.to_string(), "120".into(), "50000000".into()],
            vec![B.to_string(), "80".into(), "30000000".into()]
        ]
    );

    // A workbook with a subtotal and a grand total under the data, in Chinese.
    use X::*;
    let book = xlsx(&[
        vec![S("统一社会信用代码"), S("年度"), S("职工总数")],
        vec![S(C), N(2025.0), N(30.0)],
        vec![S("小计"), Blank, N(30.0)],
        vec![S("总计"), Blank, S("30")],
    ]);
    let file = sb.write("figs.xlsx", &book);
    let said = sb.ok("zh", &["import", &file]);
    assert!(
        said.contains("已跳过表尾的合计行：第 3、4 行（不是数据，未导入）"),
        "{said}"
    );
    assert!(said.contains("年度数据 1 行，新增 1"), "{said}");
    assert_eq!(
        rows(
            &sb.db,
            &format!(
                "SELECT f.staff FROM figures f JOIN enterprises e ON e.id = f.enterprise_id WHERE e.credit_code = '{C}'"
            )
        ),
        vec![vec!["30".to_string()]]
    );
}

#[test]
fn a_second_import_of_the_same_file_is_reported_unchanged_and_changes_nothing() {
    let sb = Sandbox::new();
    let file = sb.write(
        "again.csv",
        &csv(
            ENT,
            &[&format!(
                "甲公司,{D},天山区,2015-03-08,王芳,友谊路1号,\"备注\t一\n二\""
            )],
        ),
    );
    let said = sb.ok("en", &["import", &file]);
    assert!(
        said.contains("1 rows of enterprises; added 1, updated 0, unchanged 0"),
        "{said}"
    );
    let before = sb.state();
    let said = sb.ok("en", &["import", &file]);
    assert!(
        said.contains("1 rows of enterprises; added 0, updated 0, unchanged 1"),
        "{said}"
    );
    assert!(before.1 == sb.state().1, "a re-import changed rows");
    assert_eq!(
        rows(
            &sb.db,
            &format!("SELECT name, notes FROM enterprises WHERE credit_code = '{D}'")
        ),
        vec![vec!["甲公司".to_string(), "备注\t一\n二".to_string()]]
    );
}

#[test]
fn utf16_and_gbk_files_are_read_when_named_or_marked() {
    let sb = Sandbox::new();
    let body = text(csv(
        ENT,
        &[&format!("甲公司,{D},天山区,,,,\"第一行\r\n第二行\"")],
    ));
    let file = sb.write("u16.csv", &utf16(&body, true));
    let said = sb.ok("en", &["import", &file, "--encoding", "utf-16le"]);
    assert!(
        said.contains("(UTF-16LE): 1 rows of enterprises; added 1"),
        "{said}"
    );
    // A Windows line break inside a notes cell is kept as a plain one.
    assert_eq!(
        rows(
            &sb.db,
            &format!("SELECT name, notes FROM enterprises WHERE credit_code = '{D}'")
        ),
        vec![vec!["甲公司".to_string(), "第一行\n第二行".to_string()]]
    );
    let mut be = vec![0xFE, 0xFF];
    be.extend(utf16(
        &text(csv(ENT, &[&format!("乙公司,{E},天山区,,,,")])),
        false,
    ));
    let file = sb.write("u16be.csv", &be);
    let said = sb.ok("en", &["import", &file]);
    assert!(
        said.contains("(UTF-16BE): 1 rows of enterprises; added 1"),
        "{said}"
    );
    let (gbk, _, _) = encoding_rs::GBK
        .encode("企业名称,统一社会信用代码,所属区县\n丙公司,91650100MA0000155X,天山区\n");
    let file = sb.write("gbk.csv", &gbk);
    let o = sb.run("en", &["import", &file]);
    // The code is made up: what matters is that the GBK text was read (the name is named).
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains("line 2, column 统一社会信用代码: \"91650100MA0000155X\""),
        "{}",
        err(&o)
    );
}

#[test]
fn formula_text_is_guarded_in_csv_exports_and_round_trips() {
    let sb = Sandbox::new();
    let file = sb.write(
        "formulas.csv",
        &csv(
            ENT,
            &[
                &format!("=1+1公司,{D},天山区,,@张三,-友谊路,+86 138"),
                &format!("'=HYPERLINK(\"x\"),{E},天山区,,,,"),
            ],
        ),
    );
    sb.ok("en", &["import", &file]);
    assert_eq!(
        rows(
            &sb.db,
            &format!(
                "SELECT name, contact_name, address, notes FROM enterprises WHERE credit_code IN ('{D}', '{E}') ORDER BY credit_code"
            )
        ),
        vec![
            vec![
                "=1+1公司".to_string(),
                "@张三".into(),
                "-友谊路".into(),
                "+86 138".into()
            ],
            vec![
                "=HYPERLINK(\"x\")".to_string(),
                "NULL".into(),
                "NULL".into(),
                "".into()
            ],
        ]
    );
    // Figures with a negative amount: a number, written as it is.
    let figs = sb.write(
        "neg.csv",
        format!("统一社会信用代码,年度,净资产(元)\n{D},2025,-1500\n").as_bytes(),
    );
    sb.ok("en", &["import", &figs]);

    let out_csv = sb.path("enterprises.csv");
    let o = sb.run(
        "en",
        &[
            "export",
            "--kind",
            "enterprises",
            "--out",
            out_csv.to_str().expect("p"),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let written = std::fs::read_to_string(&out_csv).expect("read export");
    assert!(
        written.contains(&format!("{D},'=1+1公司,乌鲁木齐市天山区,,'-友谊路,")),
        "{written}"
    );
    assert!(written.contains(",'@张三,"), "{written}");
    assert!(written.contains(",'+86 138"), "{written}");
    assert!(
        written.contains(&format!("{E},\"'=HYPERLINK(\"\"x\"\")\",")),
        "{written}"
    );
    let out_figs = sb.path("figures.csv");
    let o = sb.run(
        "en",
        &[
            "export",
            "--kind",
            "figures",
            "--out",
            out_figs.to_str().expect("p"),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let figs_written = std::fs::read_to_string(&out_figs).expect("read export");
    let d_line = figs_written
        .lines()
        .find(|l| l.starts_with(D))
        .expect("D's figures");
    assert!(
        d_line.contains(",-1500,") || d_line.ends_with(",-1500"),
        "{d_line}"
    );
    assert!(!d_line.contains("'-"), "{d_line}");

    // The export imported into a new file brings back the same text.
    let fresh = Sandbox::empty();
    fresh.ok("en", &["import", out_csv.to_str().expect("p")]);
    assert_eq!(
        rows(
            &fresh.db,
            &format!(
                "SELECT name, contact_name, address, notes FROM enterprises WHERE credit_code IN ('{D}', '{E}') ORDER BY credit_code"
            )
        ),
        vec![
            vec![
                "=1+1公司".to_string(),
                "@张三".into(),
                "-友谊路".into(),
                "+86 138".into()
            ],
            vec![
                "=HYPERLINK(\"x\")".to_string(),
                "NULL".into(),
                "NULL".into(),
                "".into()
            ],
        ]
    );
    // And into the same file: nothing changes.
    let said = sb.ok("en", &["import", out_csv.to_str().expect("p")]);
    assert!(said.contains("added 0, updated 0, unchanged 5"), "{said}");

    // `list --format csv` guards too.
    let listed = sb.ok("en", &["list", "--format", "csv"]);
    assert!(listed.contains("'=1+1公司"), "{listed}");
    assert!(!listed.lines().any(|l| l.starts_with('=')), "{listed}");

    // The XLSX export keeps such text as text: string cells, no formulas.
    let out_x = sb.path("enterprises.xlsx");
    let o = sb.run(
        "en",
        &[
            "export",
            "--kind",
            "enterprises",
            "--out",
            out_x.to_str().expect("p"),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&out_x).expect("open export");
    let name = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&name).expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula was written"
    );
    let range = book.worksheet_range(&name).expect("range");
    let cells: Vec<&Data> = range.used_cells().map(|(_, _, c)| c).collect();
    assert!(
        cells.contains(&&Data::String("=1+1公司".into())),
        "{cells:?}"
    );
    assert!(
        cells.contains(&&Data::String("=HYPERLINK(\"x\")".into())),
        "{cells:?}"
    );
}

#[test]
fn formula_cells_import_their_computed_value() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // The district is a GB/T 2260 name (resolved on import); the free-text address holds the
    // text that starts with `=`.
    for (c, h) in ["企业名称", "统一社会信用代码", "所属区县", "地址"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    sheet
        .write_formula(1, 0, Formula::new("=\"甲\"&\"公司\"").set_result("甲公司"))
        .expect("formula");
    sheet.write_string(1, 1, D).expect("code");
    sheet.write_string(1, 2, "天山区").expect("district");
    sheet.write_string(1, 3, "=天山区").expect("text");
    let sb = Sandbox::new();
    let file = sb.write("formula.xlsx", &book.save_to_buffer().expect("xlsx"));
    let said = sb.ok("en", &["import", &file]);
    assert!(said.contains("added 1"), "{said}");
    // A text cell that merely starts with `=` is text.
    assert_eq!(
        rows(
            &sb.db,
            &format!("SELECT name, address FROM enterprises WHERE credit_code = '{D}'")
        ),
        vec![vec!["甲公司".to_string(), "=天山区".into()]]
    );
}

#[test]
fn out_must_be_a_regular_file_or_a_new_path() {
    let sb = Sandbox::new();
    let dir = sb.path("exports");
    std::fs::create_dir(&dir).expect("dir");
    let fifo = sb.path("pipe.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let before = sb.state();
    let d = dir.to_str().expect("p");
    let f = fifo.to_str().expect("p");
    for (lang, target, says) in [
        ("en", d, "--out "),
        ("zh", d, "是一个文件夹；请给出文件路径"),
        (
            "en",
            "/dev/null",
            "--out /dev/null is not a regular file (a device or a pipe); nothing was written",
        ),
        (
            "zh",
            "/dev/full",
            "--out /dev/full 不是普通文件（是设备或管道），不会写入",
        ),
        ("en", f, "pipe.csv is not a regular file"),
    ] {
        let o = sb.run(
            lang,
            &[
                "export",
                "--kind",
                "enterprises",
                "--format",
                "csv",
                "--out",
                target,
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{target}: {}", err(&o));
        assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
        assert!(err(&o).contains(says), "{}", err(&o));
    }
    let o = sb.run(
        "en",
        &[
            "export",
            "--kind",
            "enterprises",
            "--format",
            "csv",
            "--out",
            d,
        ],
    );
    assert!(
        err(&o).contains(&format!("--out {d} is a directory; give a file path")),
        "{}",
        err(&o)
    );
    // The report goes through the same check.
    let md = sb.path("report.md");
    std::fs::create_dir(&md).expect("dir");
    let o = sb.run("en", &["report", "--out", md.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("is a directory"), "{}", err(&o));
    assert!(
        std::fs::read_dir(&dir).expect("dir").next().is_none(),
        "something was written in the folder"
    );
    let meta = std::fs::metadata("/dev/null").expect("dev null");
    assert!(!meta.is_file(), "/dev/null was replaced");
    assert!(before == sb.state());
    // A regular file is replaced, a new path created.
    let existing = sb.write("old.csv", b"old");
    sb.run(
        "en",
        &[
            "export",
            "--kind",
            "enterprises",
            "--format",
            "csv",
            "--out",
            &existing,
        ],
    );
    assert!(
        std::fs::read_to_string(&existing)
            .expect("read")
            .contains(A)
    );
}

#[test]
fn a_failed_write_leaves_no_file_behind() {
    let sb = Sandbox::empty();
    sb.ok("en", &["demo", "--enterprises", "1000", "--seed", "7"]);
    let target = sb.path("out").join("enterprises.csv");
    std::fs::create_dir(sb.path("out")).expect("dir");
    // A file-size limit of 100 blocks (at most 100 KiB: room for SQLite's 32 KiB shared-memory
    // file) makes the write of the export, several times longer, fail part-way (EFBIG, with
    // SIGXFSZ ignored).
    let script = format!(
        "trap '' XFSZ; ulimit -f 100; exec \"$0\" --today {TODAY} --lang en --db \"$1\" export --kind enterprises --out \"$2\""
    );
    let home = sb.path("home");
    let o = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_seedbed")])
        .arg(&sb.db)
        .arg(&target)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("SEEDBED_DB")
        .env("SEEDBED_TODAY", "2026-11-21")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2), "{}{}", out(&o), err(&o));
    assert!(err(&o).contains("cannot write"), "{}", err(&o));
    assert!(err(&o).contains("nothing was left behind"), "{}", err(&o));
    let left: Vec<_> = std::fs::read_dir(sb.path("out"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn date_flags_outside_1949_to_2100_are_refused_and_nothing_is_written() {
    let sb = Sandbox::new();
    let before = sb.state();
    for (lang, args, says) in [
        (
            "en",
            vec!["visit", "log", A, "--date", "0000-01-01", "--notes", "x"],
            "seedbed: error: --date: the date 0000-01-01 is out of range; use a date from 1949-01-01 to 2100-12-31",
        ),
        (
            "zh",
            vec!["visit", "log", A, "--date", "0000-01-01", "--notes", "x"],
            "--date：日期 0000-01-01 超出范围，应在 1949-01-01 至 2100-12-31 之间",
        ),
        (
            "en",
            vec!["visit", "log", A, "--notes", "x", "--next", "2101-01-01"],
            "--next: the date 2101-01-01 is out of range",
        ),
        (
            "en",
            vec!["visit", "plan", A, "--date", "1900-01-01"],
            "--date: the date 1900-01-01 is out of range",
        ),
        (
            "en",
            vec!["visit", "plan", A, "--date", "+36500"],
            "--date: the date 2126-10-28 is out of range",
        ),
        (
            "en",
            vec!["visit", "plan", A, "--date", "2026-02-30"],
            "--date: \"2026-02-30\" is not a date",
        ),
        (
            "zh",
            vec!["visit", "plan", A, "--date", "明年"],
            "--date：“明年”不是日期",
        ),
        (
            "en",
            vec!["visit", "log", A, "--notes", "ok\u{1b}[2J"],
            "--notes: character 3 is the control character U+001B",
        ),
        (
            "zh",
            vec![
                "visit",
                "log",
                A,
                "--notes",
                "x",
                "--attendees",
                "王芳\r李强",
            ],
            "--attendees：第 3 个字符是控制字符 U+000D",
        ),
    ] {
        let o = sb.run(lang, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
        assert!(err(&o).contains(says), "{args:?}: {}", err(&o));
    }
    assert!(before == sb.state(), "a refused date wrote something");
    // The bounds themselves are accepted, and notes keep line breaks and tabs.
    sb.ok("en", &["visit", "plan", A, "--date", "2100-12-31"]);
    sb.ok(
        "en",
        &[
            "visit",
            "log",
            A,
            "--date",
            "1949-01-01",
            "--notes",
            "一\n二\t三",
            "--next",
            "none",
        ],
    );
    assert_eq!(
        rows(
            &sb.db,
            "SELECT done_on, notes FROM visits WHERE done_on IS NOT NULL"
        ),
        vec![vec!["1949-01-01".to_string(), "一\n二\t三".into()]]
    );
}

#[test]
fn a_stored_date_a_spreadsheet_cannot_hold_does_not_break_the_xlsx_export() {
    let sb = Sandbox::new();
    // Written before the range rule existed (straight into the file).
    let c = Connection::open(&sb.db).expect("open");
    c.execute(
        "UPDATE enterprises SET founded_on = '1800-01-01' WHERE credit_code = ?1",
        [A],
    )
    .expect("update");
    drop(c);
    let out_x = sb.path("e.xlsx");
    let o = sb.run(
        "en",
        &[
            "export",
            "--kind",
            "enterprises",
            "--out",
            out_x.to_str().expect("p"),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&out_x).expect("open export");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("range");
    assert!(
        range
            .used_cells()
            .any(|(_, _, c)| c == &Data::String("1800-01-01".into()))
    );
}

/// 200,000 new enterprises: one bad row at the end refuses the file and writes nothing; the
/// fixed file imports them all. Run with `cargo test --release -- --ignored`.
#[test]
#[ignore = "200,000 rows: run in release"]
fn two_hundred_thousand_rows() {
    let sb = Sandbox::empty();
    sb.ok("en", &["init"]);
    let n = 200_000u32;
    let mut s = String::from("企业名称,统一社会信用代码,所属区县,成立日期\n");
    for i in 0..n {
        let code =
            seedbed::domain::credit_code::complete(&format!("91650100MA{i:07}")).expect("code");
        s.push_str(&format!("长城{i}号科技有限公司,{code},天山区,2015-03-08\n"));
    }
    let good = s.clone();
    s.push_str("最后一家,91650100MA9999999X,天山区,2015-03-08\n合计,,,\n");
    let file = sb.write("big.csv", s.as_bytes());
    let before = sb.state();
    let t = std::time::Instant::now();
    let o = sb.run("en", &["import", &file]);
    let refused = t.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains(&format!("line {}, column 统一社会信用代码", n + 2)),
        "{}",
        err(&o)
    );
    assert!(before == sb.state(), "a refused file wrote something");
    let file = sb.write("big.csv", good.as_bytes());
    let t = std::time::Instant::now();
    let said = sb.ok("en", &["import", &file]);
    let imported = t.elapsed();
    assert!(
        said.contains("200000 rows of enterprises; added 200000"),
        "{said}"
    );
    eprintln!("200,000 rows: refused in {refused:.2?}, imported in {imported:.2?}");
}
