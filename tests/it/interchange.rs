//! Import, export, calendar, brief and report, through the `seedbed` binary, on files the tests
//! make themselves. Every run uses the fixed date 2026-11-21.

use rusqlite::Connection;
use seedbed::domain::credit_code;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `seedbed` on `db` as of the fixed date, in `lang`.
fn seedbed(db: &Path, lang: &str, args: &[&str]) -> Output {
    crate::common::seedbed_in(db, lang, args)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and insists on success.
fn ok(db: &Path, lang: &str, args: &[&str]) -> String {
    let o = seedbed(db, lang, args);
    assert!(
        o.status.success(),
        "seedbed {args:?} failed\nstdout: {}\nstderr: {}",
        out(&o),
        err(&o)
    );
    out(&o)
}

/// A demo pool of `n` enterprises in a new temporary directory.
fn demo(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    ok(
        &db,
        "zh",
        &["demo", "--enterprises", &n.to_string(), "--seed", "7"],
    );
    (dir, db)
}

/// A valid credit code made from a region and a serial.
fn code(region: &str, serial: u32) -> String {
    credit_code::complete(&format!("91{region}MA{serial:07}")).expect("code")
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = Connection::open(db).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// The file's bytes and a hash of them.
fn fingerprint(path: &Path) -> (u64, Vec<u8>) {
    let bytes = std::fs::read(path).expect("read db");
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    (h.finish(), bytes)
}

/// An enterprise list as a district office writes it (Chinese headers, a 序号 column).
fn enterprise_csv(codes: &[String]) -> String {
    let mut s = String::from(
        "序号,企业名称,统一社会信用代码,所属区县,所属行业,成立日期,联系人,联系电话,培育库,批次,梯队\n",
    );
    let rows = [
        (
            "克拉玛依云帆数据科技有限公司",
            "克拉玛依区",
            "软件和信息技术服务业",
            "2015/3/8",
            "王芳",
            "13899912345",
            "高企培育库",
            "培育批",
            "科技型中小企业",
        ),
        (
            "乌鲁木齐天和环保科技有限公司",
            "天山区",
            "生态保护和环境治理业",
            "2012年6月1日",
            "李强",
            "13999887766",
            "高企培育库",
            "优选批",
            "创新型中小企业",
        ),
        (
            "兰州陇原新材料股份有限公司",
            "兰州市城关区",
            "非金属矿物制品业",
            "2018.11.21",
            "赵敏",
            "",
            "科技型中小企业培育库",
            "成熟批",
            "科技型中小企业",
        ),
    ];
    for (i, (c, r)) in codes.iter().zip(rows).enumerate() {
        s.push_str(&format!(
            "{},{},{c},{},{},{},{},{},{},{},{}\n",
            i + 1,
            r.0,
            r.1,
            r.2,
            r.3,
            r.4,
            r.5,
            r.6,
            r.7,
            r.8
        ));
    }
    s
}

fn three_codes() -> Vec<String> {
    vec![code("650203", 1), code("650102", 2), code("620102", 3)]
}

/// Checks the three enterprises of `enterprise_csv` arrived intact.
fn assert_three_imported(db: &Path, codes: &[String]) {
    let c = Connection::open(db).expect("open");
    let (name, founded, pool, batch, tier, initials): (String, String, String, String, String, String) = c
        .query_row(
            "SELECT name, founded_on, pool, batch, tier, initials FROM enterprises WHERE credit_code = ?1",
            [&codes[0]],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .expect("first enterprise");
    assert_eq!(name, "克拉玛依云帆数据科技有限公司");
    assert_eq!(founded, "2015-03-08");
    assert_eq!((pool.as_str(), batch.as_str()), ("hte", "cultivating"));
    assert_eq!(tier, "tsme");
    assert_eq!(initials, "klmyyfsjkjyxgs");
    let founded2: String = c
        .query_row(
            "SELECT founded_on FROM enterprises WHERE credit_code = ?1",
            [&codes[1]],
            |r| r.get(0),
        )
        .expect("second");
    assert_eq!(founded2, "2012-06-01");
    let (founded3, phone): (String, Option<String>) = c
        .query_row(
            "SELECT founded_on, contact_phone FROM enterprises WHERE credit_code = ?1",
            [&codes[2]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("third");
    assert_eq!(founded3, "2018-11-21");
    assert_eq!(phone, None);
}

#[test]
fn csv_in_utf8_utf8_bom_and_gbk_with_chinese_headers() {
    let codes = three_codes();
    let text = enterprise_csv(&codes);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the GBK fixture must not be UTF-8"
    );
    for (name, bytes, encoding) in [
        ("utf8.csv", text.as_bytes().to_vec(), "UTF-8"),
        ("bom.csv", bom, "UTF-8"),
        ("gbk.csv", gbk.into_owned(), "GB18030"),
    ] {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("write");
        let db = dir.path().join("new.db");
        let o = ok(&db, "en", &["import", file.to_str().expect("path")]);
        assert!(o.contains("added 3, updated 0, unchanged 0"), "{name}: {o}");
        assert!(o.contains(encoding), "{name}: {o}");
        assert!(o.contains("ignored columns: 序号"), "{name}: {o}");
        assert_three_imported(&db, &codes);
        assert_eq!(count(&db, "SELECT count(*) FROM pool_memberships"), 3);
        assert_eq!(count(&db, "SELECT count(*) FROM change_log"), 6);
        assert_eq!(count(&db, "SELECT count(*) FROM change_groups"), 1);
    }
}

#[test]
fn encoding_can_be_forced() {
    let codes = three_codes();
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("gbk.csv");
    let text = enterprise_csv(&codes);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&file, &gbk).expect("write");
    let db = dir.path().join("new.db");
    let o = seedbed(
        &db,
        "en",
        &[
            "import",
            file.to_str().expect("path"),
            "--encoding",
            "utf-8",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("is not UTF-8 text"), "{}", err(&o));
    assert!(err(&o).contains("gbk.csv"), "{}", err(&o));
    assert!(
        !db.exists(),
        "a failed import must not leave a new database behind"
    );
    let o = ok(
        &db,
        "en",
        &["import", file.to_str().expect("path"), "--encoding", "gbk"],
    );
    assert!(o.contains("added 3"), "{o}");
}

#[test]
fn xlsx_written_by_rust_xlsxwriter_is_read_back_with_typed_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("dir");
    let codes = three_codes();
    // Enterprises first (a title row above the headers, dates as date cells, a phone as a number).
    let path = dir.path().join("名单.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("企业名单").expect("name");
    let date = Format::new().set_num_format("yyyy年m月d日");
    sheet
        .write_string(0, 0, "2026年高企培育库企业名单")
        .expect("title");
    for (c, h) in [
        "企业名称",
        "统一社会信用代码",
        "所属区县",
        "成立日期",
        "联系电话",
        "培育库",
        "批次",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, c as u16, *h).expect("header");
    }
    let names = [
        "克拉玛依云帆数据科技有限公司",
        "乌鲁木齐天和环保科技有限公司",
        "兰州陇原新材料股份有限公司",
    ];
    for (i, (name, code)) in names.iter().zip(&codes).enumerate() {
        let r = 3 + i as u32;
        sheet.write_string(r, 0, *name).expect("name");
        sheet.write_string(r, 1, code).expect("code");
        sheet.write_string(r, 2, "克拉玛依区").expect("district");
        let d = ExcelDateTime::from_ymd(2015 + i as u16, 3, 8).expect("date");
        sheet
            .write_datetime_with_format(r, 3, &d, &date)
            .expect("founded");
        sheet
            .write_number(r, 4, 13899912345.0 + i as f64)
            .expect("phone");
        sheet.write_string(r, 5, "高企培育库").expect("pool");
        sheet.write_string(r, 6, "优选批").expect("batch");
    }
    // A second sheet of yearly figures in 万元, picked with --sheet.
    let figures = book.add_worksheet();
    figures.set_name("年度数据").expect("name");
    for (c, h) in [
        "统一社会信用代码",
        "年度",
        "职工总数",
        "销售收入（万元）",
        "研发费用（万元）",
        "年报填报日期",
    ]
    .iter()
    .enumerate()
    {
        figures.write_string(0, c as u16, *h).expect("header");
    }
    figures.write_string(1, 0, &codes[0]).expect("code");
    figures.write_number(1, 1, 2025.0).expect("year");
    figures.write_number(1, 2, 120.0).expect("staff");
    figures.write_number(1, 3, 1234.5678).expect("sales");
    figures.write_string(1, 4, "1,000.5").expect("rd");
    // A date cell formatted as a date (a bare number here would be refused, see below).
    let filed = ExcelDateTime::from_ymd(2026, 5, 1).expect("date");
    figures
        .write_datetime_with_format(1, 5, &filed, &date)
        .expect("filed date");
    book.save(&path).expect("save");

    let db = dir.path().join("new.db");
    let p = path.to_str().expect("path");
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains("added 3"), "{o}");
    let c = Connection::open(&db).expect("open");
    let (founded, phone): (String, String) = c
        .query_row(
            "SELECT founded_on, contact_phone FROM enterprises WHERE credit_code = ?1",
            [&codes[1]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(founded, "2016-03-08");
    assert_eq!(phone, "13899912346");
    drop(c);
    let o = ok(
        &db,
        "en",
        &["import", p, "--sheet", "年度数据", "--dry-run"],
    );
    assert!(o.contains("would add 1"), "{o}");
    let o = ok(&db, "en", &["import", p, "--sheet", "年度数据"]);
    assert!(o.contains("added 1"), "{o}");
    let c = Connection::open(&db).expect("open");
    let (sales, rd, filed): (i64, i64, String) = c
        .query_row(
            "SELECT sales, rd_spend, annual_report_filed FROM figures",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("figures");
    assert_eq!(sales, 12_345_678);
    assert_eq!(rd, 10_005_000);
    assert_eq!(filed, "2026-05-01");
    let o = seedbed(&db, "en", &["import", p, "--sheet", "没有"]);
    assert!(err(&o).contains("has no sheet named"), "{}", err(&o));
}

#[test]
fn a_number_in_a_date_column_of_a_spreadsheet_is_refused_not_read_as_a_serial() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("dir");
    let codes = three_codes();
    let path = dir.path().join("名单.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["企业名称", "统一社会信用代码", "所属区县", "成立日期"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    let names = [
        "克拉玛依云帆数据科技有限公司",
        "乌鲁木齐天和环保科技有限公司",
    ];
    for (i, (name, code)) in names.iter().zip(&codes).enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, *name).expect("name");
        sheet.write_string(r, 1, code).expect("code");
        sheet.write_string(r, 2, "克拉玛依区").expect("district");
    }
    // Line 2: a real date cell; line 3: the number 2015 in the general format (read as an Excel
    // serial it would be 1905-07-07).
    let d = ExcelDateTime::from_ymd(2015, 3, 8).expect("date");
    sheet
        .write_datetime_with_format(1, 3, &d, &Format::new().set_num_format("yyyy-mm-dd"))
        .expect("founded");
    sheet.write_number(2, 3, 2015.0).expect("year");
    book.save(&path).expect("save");

    let db = dir.path().join("new.db");
    let p = path.to_str().expect("path");
    let o = seedbed(&db, "en", &["import", p]);
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    let lines: Vec<String> = err(&o).lines().map(str::to_string).collect();
    assert_eq!(
        lines[0],
        "line 3, column 成立日期: \"2015\" — only a year; write the full date, such as 2015-01-01",
        "{}",
        err(&o)
    );
    let o = seedbed(&db, "zh", &["import", p]);
    assert!(
        err(&o).contains("第 3 行，列 成立日期：\"2015\" — 只有年份，请写完整日期，如 2015-01-01"),
        "{}",
        err(&o)
    );

    // With the year written as a full date the file is taken, the date cell read as a date.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["企业名称", "统一社会信用代码", "所属区县", "成立日期"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    sheet.write_string(1, 0, names[0]).expect("name");
    sheet.write_string(1, 1, &codes[0]).expect("code");
    sheet.write_string(1, 2, "克拉玛依区").expect("district");
    sheet
        .write_datetime_with_format(1, 3, &d, &Format::new().set_num_format("yyyy-mm-dd"))
        .expect("founded");
    book.save(&path).expect("save");
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains("added 1"), "{o}");
    let c = Connection::open(&db).expect("open");
    let founded: String = c
        .query_row(
            "SELECT founded_on FROM enterprises WHERE credit_code = ?1",
            [&codes[0]],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(founded, "2015-03-08");
}

/// `book` rewritten into the 1904 date system (old Mac workbooks): `date1904="1"` on the
/// workbook's properties, every other part copied as it was.
fn into_1904_system(book: &Path) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(book).expect("read workbook");
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut marked = false;
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).expect("part");
        let name = part.name().expect("part name").to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).expect("read part");
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            assert!(xml.contains("<workbookPr "), "{xml}");
            data = xml
                .replacen("<workbookPr ", "<workbookPr date1904=\"1\" ", 1)
                .into_bytes();
            marked = true;
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).expect("start part");
        out.write_all(&data).expect("write part");
    }
    assert!(marked, "no xl/workbook.xml");
    let bytes = out.finish().expect("finish zip").into_inner();
    std::fs::write(book, bytes).expect("write workbook");
}

#[test]
fn a_1904_workbooks_date_cells_are_read_in_its_own_system() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().expect("dir");
    let codes = three_codes();
    let path = dir.path().join("mac.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["企业名称", "统一社会信用代码", "所属区县", "成立日期"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    sheet
        .write_string(1, 0, "克拉玛依云帆数据科技有限公司")
        .expect("name");
    sheet.write_string(1, 1, &codes[0]).expect("code");
    sheet.write_string(1, 2, "克拉玛依区").expect("district");
    // 40609 days after 1904-01-01 is 2015-03-08 (in the 1900 system it would be 2011-03-07).
    sheet
        .write_number_with_format(1, 3, 40609.0, &Format::new().set_num_format("yyyy-mm-dd"))
        .expect("founded");
    book.save(&path).expect("save");
    into_1904_system(&path);

    let db = dir.path().join("new.db");
    let o = ok(&db, "en", &["import", path.to_str().expect("path")]);
    assert!(o.contains("added 1"), "{o}");
    let c = Connection::open(&db).expect("open");
    let founded: String = c
        .query_row(
            "SELECT founded_on FROM enterprises WHERE credit_code = ?1",
            [&codes[0]],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(founded, "2015-03-08");
}

/// A yearly-figures file with one good row and five different bad ones.
fn five_bad_rows(good: &str) -> String {
    let unknown = code("110108", 99);
    [
        "统一社会信用代码,年度,销售收入(万元),年报填报日期".to_string(),
        format!("{good},2024,\"1,234.5\",2025-05-20"),
        "91110108551385082F,2024,100,2025-05-20".to_string(),
        format!("{good},,100,2025-05-20"),
        format!("{unknown},2024,100,2025-05-20"),
        format!("{good},2023,100,2026-02-30"),
        format!("{good},2024,200,2025-05-21"),
    ]
    .join("\n")
}

#[test]
fn five_bad_rows_are_all_reported_and_the_database_is_untouched() {
    let (dir, db) = demo(20);
    let good: String = {
        let c = Connection::open(&db).expect("open");
        c.query_row(
            "SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("code")
    };
    let file = dir.path().join("figures.csv");
    std::fs::write(&file, five_bad_rows(&good)).expect("write");
    let before = fingerprint(&db);
    let unknown = code("110108", 99);
    for dry in [false, true] {
        let mut args = vec!["import", file.to_str().expect("path")];
        if dry {
            args.push("--dry-run");
        }
        let o = seedbed(&db, "en", &args);
        assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
        // A refused file's problems go to stderr.
        let text = err(&o);
        let expected = [
            "line 3, column 统一社会信用代码: \"91110108551385082F\" — check character should be Q, found F".to_string(),
            "line 4, column 年度: \"\" — required".to_string(),
            format!("line 5, column 统一社会信用代码: \"{unknown}\" — no enterprise with this credit code (import the enterprises first)"),
            "line 6, column 年报填报日期: \"2026-02-30\" — not a date; write 2026-11-21, 2026/11/21 or 2026年11月21日".to_string(),
            "line 7, column 年度: \"2024\" — duplicate of line 2".to_string(),
        ];
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            &lines[..5],
            &expected.iter().map(String::as_str).collect::<Vec<_>>()[..],
            "{text}"
        );
        assert!(
            lines[5]
                .ends_with("5 problems on 5 rows; nothing was imported (yearly figures, 6 rows)"),
            "{text}"
        );
        let after = fingerprint(&db);
        assert_eq!(before.0, after.0, "database hash changed");
        assert!(before.1 == after.1, "database bytes changed");
    }
    // The same report in Chinese.
    let o = seedbed(&db, "zh", &["import", file.to_str().expect("path")]);
    assert!(
        err(&o).contains(
            "第 3 行，列 统一社会信用代码：\"91110108551385082F\" — 校验位应为 Q，实为 F"
        ),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("与第 2 行重复"), "{}", err(&o));
    assert!(before.1 == fingerprint(&db).1);
}

#[test]
fn duplicate_codes_in_an_enterprise_file_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let codes = three_codes();
    let mut text = enterprise_csv(&codes);
    text.push_str(&format!(
        "4,重复的企业,{},天山区,,,,,,,\n",
        codes[1].to_lowercase()
    ));
    text.push_str("5,,,天山区,,,,,,,\n");
    let file = dir.path().join("dup.csv");
    std::fs::write(&file, text).expect("write");
    let db = dir.path().join("new.db");
    let o = seedbed(&db, "en", &["import", file.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    let t = err(&o);
    assert!(
        t.contains(&format!(
            "line 5, column 统一社会信用代码: \"{}\" — duplicate of line 3",
            codes[1]
        )),
        "{t}"
    );
    assert!(
        t.contains("line 6, column 企业名称: \"\" — required"),
        "{t}"
    );
    assert!(
        t.contains("line 6, column 统一社会信用代码: \"\" — required"),
        "{t}"
    );
    assert!(!db.exists());
}

#[test]
fn a_second_import_of_the_same_file_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let codes = three_codes();
    let file = dir.path().join("e.csv");
    std::fs::write(&file, enterprise_csv(&codes)).expect("write");
    let db = dir.path().join("new.db");
    let p = file.to_str().expect("path");
    ok(&db, "en", &["import", p]);
    let logged = count(&db, "SELECT count(*) FROM change_log");
    let before = fingerprint(&db);
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains("added 0, updated 0, unchanged 3"), "{o}");
    assert_eq!(count(&db, "SELECT count(*) FROM change_log"), logged);
    assert!(
        before.1 == fingerprint(&db).1,
        "a second import must leave the file as it was"
    );
    // A changed cell updates that field only, logged as one update.
    let changed = enterprise_csv(&codes).replace("13899912345", "13899900000");
    std::fs::write(&file, changed).expect("write");
    let o = ok(&db, "en", &["import", p, "--dry-run"]);
    assert!(
        o.contains(
            "update 克拉玛依云帆数据科技有限公司: 联系电话 \"13899912345\" → \"13899900000\""
        ),
        "{o}"
    );
    assert!(before.1 == fingerprint(&db).1, "a dry run must not write");
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains("added 0, updated 1, unchanged 2"), "{o}");
    assert_eq!(count(&db, "SELECT count(*) FROM change_log"), logged + 1);
    // The import is one change group: undo takes it back.
    ok(&db, "en", &["undo"]);
    let phone: String = Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT contact_phone FROM enterprises WHERE credit_code = ?1",
            [&codes[0]],
            |r| r.get(0),
        )
        .expect("phone");
    assert_eq!(phone, "13899912345");
}

#[test]
fn json_export_is_typed() {
    let (dir, db) = demo(10);
    let file = dir.path().join("figures.json");
    ok(
        &db,
        "en",
        &[
            "export",
            "--kind",
            "figures",
            "--out",
            file.to_str().expect("p"),
        ],
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let first = &v.as_array().expect("array")[0];
    assert!(first["year"].is_i64());
    assert!(first["sales"].is_i64() || first["sales"].is_null());
    assert!(first["credit_code"].is_string());
    let o = ok(
        &db,
        "en",
        &["export", "--kind", "visits", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&o).expect("json on stdout");
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));
}

/// Fails the test, saying how to fix it, unless `python3` can import `module`: these checks
/// read the files with an independent reader and never pass without it.
fn require_python(module: &str) {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "this test reads the file with python3's `{module}` package, which is not available: \
         python3 -m pip install {module} (.ci/run installs it)"
    );
}

#[test]
fn the_calendar_is_valid_icalendar() {
    let (dir, db) = demo(40);
    let file = dir.path().join("visits.ics");
    ok(
        &db,
        "zh",
        &[
            "export",
            "--format",
            "ics",
            "--out",
            file.to_str().expect("p"),
            "--days",
            "60",
        ],
    );
    let bytes = std::fs::read(&file).expect("ics");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
        assert!(!line.contains('\n'));
    }
    let expected = count(
        &db,
        "SELECT count(*) FROM visits WHERE done_on IS NULL AND cancelled_on IS NULL
         AND planned_on BETWEEN '2026-11-21' AND '2027-01-19'",
    );
    assert!(expected > 0);
    assert_eq!(text.matches("BEGIN:VEVENT").count() as i64, expected);
    // The same file twice: identical (stable UIDs and stamps).
    let again = dir.path().join("again.ics");
    ok(
        &db,
        "zh",
        &[
            "export",
            "--format",
            "ics",
            "--out",
            again.to_str().expect("p"),
            "--days",
            "60",
        ],
    );
    assert_eq!(std::fs::read(&again).expect("again"), bytes);
    require_python("icalendar");
    let script = r#"
import sys, icalendar, datetime
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = list(cal.walk('VEVENT'))
for e in events:
    assert str(e['UID']).endswith('@seedbed'), e['UID']
    assert type(e['DTSTART'].dt) is datetime.date, e['DTSTART'].dt
    assert str(e['SUMMARY']).startswith('走访：'), e['SUMMARY']
    assert e['DTSTAMP'].dt.tzinfo is not None
    assert '统一社会信用代码' in str(e['DESCRIPTION'])
    assert str(e['LOCATION'])
print(len(events), len({str(e['UID']) for e in events}))
"#;
    let o = Command::new("python3")
        .args(["-c", script, file.to_str().expect("p")])
        .output()
        .expect("python");
    assert!(
        o.status.success(),
        "icalendar rejected the file: {}",
        err(&o)
    );
    assert_eq!(out(&o).trim(), format!("{expected} {expected}"));
}

#[test]
fn the_xlsx_export_opens_in_openpyxl_with_types_frozen_header_and_widths() {
    let (dir, db) = demo(20);
    let file = dir.path().join("figures.xlsx");
    ok(
        &db,
        "zh",
        &[
            "export",
            "--kind",
            "figures",
            "--out",
            file.to_str().expect("p"),
        ],
    );
    let visits = dir.path().join("visits.xlsx");
    ok(
        &db,
        "zh",
        &[
            "export",
            "--kind",
            "visits",
            "--out",
            visits.to_str().expect("p"),
        ],
    );
    require_python("openpyxl");
    let script = r#"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
assert ws.freeze_panes == 'A2', ws.freeze_panes
head = [c.value for c in ws[1]]
assert head[0] == '统一社会信用代码' and head[2] == '年度' and head[5] == '销售收入(元)', head
row = [c for c in ws[2]]
assert isinstance(row[2].value, int), row[2].value
assert isinstance(row[5].value, int), row[5].value
assert row[5].number_format == '#,##0', row[5].number_format
assert ws.column_dimensions['A'].width >= 18, ws.column_dimensions['A'].width
wb = openpyxl.load_workbook(sys.argv[2])
ws = wb.active
dates = [r[3].value for r in ws.iter_rows(min_row=2) if r[3].value is not None]
assert dates and all(isinstance(d, datetime.datetime) for d in dates), dates[:3]
assert ws[2][3].number_format == 'yyyy-mm-dd'
name_width = ws.column_dimensions['B'].width
assert name_width >= 2 * 12, name_width
print('ok', ws.max_row)
"#;
    let o = Command::new("python3")
        .args([
            "-c",
            script,
            file.to_str().expect("p"),
            visits.to_str().expect("p"),
        ])
        .output()
        .expect("python");
    assert!(o.status.success(), "openpyxl: {}{}", out(&o), err(&o));
}

#[test]
fn brief_and_report_write_markdown_and_xlsx() {
    let (dir, db) = demo(40);
    let name: String = Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT name FROM enterprises WHERE red > 0 ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a red enterprise");
    let md = dir.path().join("brief.md");
    let o = seedbed(
        &db,
        "zh",
        &["brief", &name, "--out", md.to_str().expect("p")],
    );
    assert!(o.status.success(), "{}", err(&o));
    let text = std::fs::read_to_string(&md).expect("brief");
    for part in [
        "# ",
        "走访前简报",
        "## 基本信息",
        "## 科技项目",
        "●红",
        "## 走访记录",
        "## 未办结诉求",
        "## 高企认定条件",
        "## 排名与短板",
    ] {
        assert!(text.contains(part), "brief lacks {part}:\n{text}");
    }
    // Tables line up: every row of a table has the same display width.
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("| 项目"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(table.len() > 3);
    let w = seedbed::text::width(table[0]);
    assert!(
        table.iter().all(|l| seedbed::text::width(l) == w),
        "{table:#?}"
    );

    for period in ["week", "month", "year"] {
        let o = ok(&db, "en", &["report", "--period", period]);
        for part in [
            "## The pool",
            "## Alerts",
            "## Visits by commissioner",
            "## Requests",
            "## HTE certificates due",
            "## HTE-readiness pipeline",
            "## Ranking",
        ] {
            assert!(o.contains(part), "{period} report lacks {part}:\n{o}");
        }
        assert!(o.contains("Previous period"), "{o}");
        assert!(
            o.contains("estimate"),
            "the recomputed colours must say they are an estimate"
        );
    }
    let x = dir.path().join("report.xlsx");
    ok(
        &db,
        "zh",
        &[
            "report",
            "--period",
            "month",
            "--out",
            x.to_str().expect("p"),
        ],
    );
    assert!(std::fs::metadata(&x).expect("xlsx").len() > 1000);
    let o = seedbed(
        &db,
        "zh",
        &[
            "report",
            "--out",
            dir.path().join("r.pdf").to_str().expect("p"),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn kinds_are_guessed_and_unknown_files_are_named() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("what.csv");
    std::fs::write(&file, "甲,乙,丙\n1,2,3\n").expect("write");
    let db = dir.path().join("new.db");
    let o = seedbed(&db, "en", &["import", file.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("what.csv") && err(&o).contains("--kind"),
        "{}",
        err(&o)
    );
    let missing = dir.path().join("none.csv");
    let o = seedbed(&db, "en", &["import", missing.to_str().expect("p")]);
    assert!(err(&o).contains("none.csv"), "{}", err(&o));
    // A required column missing from the header row.
    std::fs::write(&file, "统一社会信用代码,年度,销售收入\n").expect("write");
    let (_d, pool) = demo(5);
    let o = seedbed(
        &pool,
        "en",
        &["import", file.to_str().expect("p"), "--kind", "enterprises"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("line 1, column Name: column missing (required for enterprises)"),
        "{}",
        err(&o)
    );
}

/// The cells of the Markdown table rows under `## {heading}` (header and rule left out).
fn md_rows(text: &str, heading: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.starts_with(&format!("## {heading}")))
        .skip(1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The records of a CSV answer, header left out.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|x| x.expect("csv record").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_report_carries_the_bureaus_sections_with_their_figures() {
    let (dir, db) = demo(60);
    let md = ok(&db, "en", &["report", "--period", "year"]);
    // Commissioner performance: the very rows of `seedbed commissioners`.
    let want = csv_rows(&ok(&db, "en", &["commissioners", "--format", "csv"]));
    let got = md_rows(&md, "Commissioner performance 2026");
    assert!(!want.is_empty());
    assert_eq!(got, want, "{md}");
    // The name and the district read left, every figure right: one marker per column.
    let rule: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("## Commissioner performance 2026"))
        .find(|l| l.starts_with("| -"))
        .expect("the table's rule")
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!(rule.len(), want[0].len(), "{rule:?}");
    let left: Vec<bool> = rule.iter().map(|c| !c.ends_with(':')).collect();
    let mut expected = vec![false; 13];
    expected[0] = true;
    expected[1] = true;
    assert_eq!(left, expected, "{rule:?}");
    assert!(
        got.iter().any(|r| r[5].parse::<u32>().unwrap_or(0) > 0),
        "some visits done: {got:?}"
    );
    // Targets: target, actual, last year and the bar, as `seedbed targets`.
    let want = csv_rows(&ok(&db, "en", &["targets", "--format", "csv"]));
    let got = md_rows(&md, "Targets: target, actual and last year");
    assert!(!want.is_empty());
    assert_eq!(got, want, "{md}");
    assert!(
        got.iter()
            .any(|r| r[5].contains('█') && r[5].ends_with('%'))
    );
    // Rewards: every reward that became due this year, and those paid in it, with the tally.
    let year = |y: &str| -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(&ok(
            &db,
            "en",
            &["rewards", "--year", y, "--format", "json"],
        ))
        .expect("json")
        .as_array()
        .cloned()
        .unwrap_or_default()
    };
    let due = year("2026");
    assert!(!due.is_empty());
    let due_sum: i64 = due.iter().filter_map(|r| r["amount"].as_i64()).sum();
    let unpaid: Vec<_> = due.iter().filter(|r| r["paid_on"].is_null()).collect();
    let unpaid_sum: i64 = unpaid.iter().filter_map(|r| r["amount"].as_i64()).sum();
    let paid: Vec<_> = ["2024", "2025", "2026"]
        .iter()
        .flat_map(|y| year(y))
        .filter(|r| r["paid_on"].as_str().is_some_and(|p| p.starts_with("2026")))
        .collect();
    let paid_sum: i64 = paid.iter().filter_map(|r| r["amount"].as_i64()).sum();
    let tally = format!(
        "- Became due this period: {} · {due_sum} yuan; of which unpaid: {} · {unpaid_sum} yuan; \
         Paid this period: {} · {paid_sum} yuan",
        due.len(),
        unpaid.len(),
        paid.len()
    );
    assert!(md.contains(&tally), "{tally}\n{md}");
    let rows = md_rows(&md, "Rewards due and paid this period");
    let first = &due[0];
    assert!(
        rows.iter()
            .any(|r| r[0] == first["on"].as_str().unwrap_or("")
                && r[1] == first["enterprise"].as_str().unwrap_or("")
                && r[3].parse::<i64>().ok() == first["amount"].as_i64()),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r[4] == "unpaid") || unpaid.is_empty());
    // Overdue support actions: the same ones `seedbed alerts` lists, oldest first.
    let alerts: serde_json::Value =
        serde_json::from_str(&ok(&db, "en", &["alerts", "--format", "json"])).expect("json");
    let actions: Vec<&serde_json::Value> = alerts
        .as_array()
        .expect("array")
        .iter()
        .filter(|a| a["kind"] == "support_action")
        .collect();
    assert!(!actions.is_empty());
    let rows = md_rows(&md, "Overdue support actions");
    assert_eq!(rows.len(), actions.len().min(30));
    assert_eq!(rows[0][1], actions[0]["overdue_days"].to_string());
    assert_eq!(rows[0][3], actions[0]["action"].as_str().unwrap_or(""));
    assert!(md.contains(&format!("- Overdue support actions {}", actions.len())));
    // A week has the same sections; its rewards are those of the week only.
    let week = ok(&db, "en", &["report", "--period", "week"]);
    for part in [
        "## Commissioner performance 2026",
        "## Targets: target, actual and last year",
        "## Rewards due and paid this period",
        "## Overdue support actions",
    ] {
        assert!(week.contains(part), "week report lacks {part}");
    }
    // The workbook has a sheet for each, with numbers as numbers.
    let x = dir.path().join("report.xlsx");
    ok(
        &db,
        "zh",
        &[
            "report",
            "--period",
            "year",
            "--out",
            x.to_str().expect("p"),
        ],
    );
    require_python("openpyxl");
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
names = wb.sheetnames
for want in ['科技专员考核 2026', '目标任务 2026', '奖励：本期取得与发放', '逾期帮扶措施']:
    assert want in names, (want, names)
ws = wb['科技专员考核 2026']
assert ws[1][0].value == '科技专员', [c.value for c in ws[1]]
assert ws[1][1].value == '所属区县', [c.value for c in ws[1]]
assert isinstance(ws[2][2].value, int), ws[2][2].value
ws = wb['奖励：本期取得与发放']
assert isinstance(ws[2][3].value, int) and ws[2][3].value > 0, ws[2][3].value
ws = wb['逾期帮扶措施']
assert isinstance(ws[2][1].value, int) and ws[2][1].value > 0, ws[2][1].value
print('ok')
"#;
    let o = Command::new("python3")
        .args(["-c", script, x.to_str().expect("p")])
        .output()
        .expect("python");
    assert!(o.status.success(), "openpyxl: {}{}", out(&o), err(&o));
}

#[test]
fn targets_import_by_district_metric_and_year_and_export_back() {
    let (dir, db) = demo(20);
    let file = dir.path().join("目标.csv");
    let p = file.to_str().expect("path");
    let csv = "指标,年度,目标值,所属区县\n高企数量,2030,8,\nnew_hte,2030,3,克拉玛依区\n研发投入增长率,2030,5.5,全区\n";
    std::fs::write(&file, csv).expect("write");
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains("added 3, updated 0, unchanged 0"), "{o}");
    let value = |sql: &str| -> f64 {
        Connection::open(&db)
            .expect("open")
            .query_row(sql, [], |r| r.get(0))
            .expect("value")
    };
    assert_eq!(
        value(
            "SELECT value FROM targets WHERE district = '' AND metric = 'hte_count' AND year = 2030"
        ),
        8.0
    );
    assert_eq!(
        value(
            "SELECT value FROM targets WHERE district = '' AND metric = 'rd_growth' AND year = 2030"
        ),
        5.5,
        "全区 is the whole pool"
    );
    assert_eq!(
        value(
            "SELECT value FROM targets WHERE district = '克拉玛依市克拉玛依区' AND district_code = '650203' AND metric = 'new_hte'"
        ),
        3.0
    );
    // A second import changes nothing, not even the file.
    let logged = count(&db, "SELECT count(*) FROM change_log");
    let before = fingerprint(&db);
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains("added 0, updated 0, unchanged 3"), "{o}");
    assert_eq!(count(&db, "SELECT count(*) FROM change_log"), logged);
    assert!(
        before.1 == fingerprint(&db).1,
        "a second import must leave the file as it was"
    );
    // A changed value updates that target (matched by district, metric and year) …
    std::fs::write(&file, csv.replace(",2030,8,", ",2030,9,")).expect("write");
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains("added 0, updated 1, unchanged 2"), "{o}");
    assert_eq!(
        value(
            "SELECT value FROM targets WHERE district = '' AND metric = 'hte_count' AND year = 2030"
        ),
        9.0
    );
    // … and undo takes the import back.
    ok(&db, "en", &["undo"]);
    assert_eq!(
        value(
            "SELECT value FROM targets WHERE district = '' AND metric = 'hte_count' AND year = 2030"
        ),
        8.0
    );
    // A bad row refuses the whole file.
    let targets = count(&db, "SELECT count(*) FROM targets");
    let bad = format!("{csv}幸福指数,2030,1,\n高企数量,二〇三〇,1,\n");
    std::fs::write(&file, bad).expect("write");
    let o = seedbed(&db, "en", &["import", p]);
    assert!(!o.status.success(), "{}", out(&o));
    let said = format!("{}{}", out(&o), err(&o));
    assert!(
        said.contains("幸福指数") && said.contains("二〇三〇"),
        "{said}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM targets"), targets);
    // Exported with the same headers, read back by kind guessing.
    let exported = dir.path().join("targets-out.csv");
    ok(
        &db,
        "zh",
        &[
            "export",
            "--kind",
            "targets",
            "--out",
            exported.to_str().expect("p"),
        ],
    );
    let text = std::fs::read_to_string(&exported).expect("read");
    let first = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}')
        .to_string();
    assert_eq!(first, "所属区县,指标,年度,目标值,记录ID");
    assert!(text.contains(",高企数量,2030,8"), "{text}");
    assert!(text.contains("克拉玛依区,新增高企,2030,3"), "{text}");
    let o = ok(&db, "en", &["import", exported.to_str().expect("p")]);
    assert!(o.contains("added 0, updated 0"), "{o}");
}

/// An enterprise list of `n` rows with pool, batch and commissioner columns (three commissioners,
/// new to the file).
pub(crate) fn big_enterprise_csv(n: u32) -> String {
    let mut s =
        String::from("统一社会信用代码,企业名称,所属区县,成立日期,科技专员,培育库,批次,梯队\n");
    let batches = ["优选批", "培育批", "成熟批", "申报批"];
    let people = ["王芳", "李强", "赵敏"];
    for i in 0..n {
        s.push_str(&format!(
            "{},长城{i}号科技有限公司,天山区,20{:02}-03-01,{},高企培育库,{},科技型中小企业\n",
            code("650102", i + 1),
            i % 24,
            people[i as usize % 3],
            batches[i as usize % 4],
        ));
    }
    s
}

#[test]
fn a_bulk_import_leaves_the_connection_as_it_found_it() {
    use seedbed::interchange::import::{ImportOptions, import_file};
    use seedbed::store::{OpenMode, Store};
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("big.csv");
    std::fs::write(&file, big_enterprise_csv(6000)).expect("write");
    let mut store = Store::open(&dir.path().join("big.db"), OpenMode::CreateIfMissing).expect("db");
    let pragmas = |s: &Store| -> (String, i64, i64, i64) {
        let one = |p: &str| {
            s.conn
                .query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0))
        };
        (
            s.conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .expect("journal mode"),
            one("foreign_keys").expect("foreign keys"),
            one("synchronous").expect("synchronous"),
            one("cache_size").expect("cache size"),
        )
    };
    let before = pragmas(&store);
    let opts = ImportOptions {
        kind: None,
        dry_run: false,
        sheet: None,
        encoding: seedbed::interchange::csv_in::TextEncoding::Auto,
        lang: seedbed::i18n::Lang::En,
        today: time::macros::date!(2026 - 11 - 21),
        commissioner: None,
    };
    let config = seedbed::config::Config::default();
    let report = import_file(&mut store, &file, &opts, &config).expect("import");
    assert_eq!((report.added, report.problems.len()), (6000, 0));
    // Loaded through a rollback journal without foreign-key lookups, then put back.
    assert_eq!(pragmas(&store), before);
    assert_eq!(before.1, 1);
}

#[test]
fn a_bulk_import_is_checked_clean_undone_and_redone_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("big.csv");
    // Above the bulk thresholds: logged by id, indexes rebuilt at the end.
    let n = 6000;
    std::fs::write(&file, big_enterprise_csv(n)).expect("write");
    let p = file.to_str().expect("path");
    let db = dir.path().join("big.db");
    ok(&db, "en", &["init"]);
    let o = ok(&db, "en", &["import", p]);
    assert!(o.contains(&format!("added {n}")), "{o}");
    let n = i64::from(n);
    assert_eq!(count(&db, "SELECT count(*) FROM enterprises"), n);
    assert_eq!(count(&db, "SELECT count(*) FROM pool_memberships"), n);
    assert_eq!(count(&db, "SELECT count(*) FROM commissioners"), 3);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM enterprises WHERE pool = 'hte' AND pool_status = 'in'
               AND initials <> ''
               AND commissioner_id IS NOT NULL AND next_visit IS NOT NULL"
        ),
        n
    );
    // The derived values written with the rows are those a recompute finds.
    ok(&db, "en", &["check"]);
    // Written through a rollback journal (nothing else had the file open), then back to WAL.
    let mode: String = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    let indexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index'";
    let all_indexes = count(&db, indexes);

    // Again: nothing changes.
    let before = fingerprint(&db);
    let o = ok(&db, "en", &["import", p]);
    assert!(
        o.contains(&format!("added 0, updated 0, unchanged {n}")),
        "{o}"
    );
    assert!(
        before.1 == fingerprint(&db).1,
        "a second import must not write"
    );

    // Undo takes the whole import back, commissioners included.
    ok(&db, "en", &["undo"]);
    for table in ["enterprises", "pool_memberships", "commissioners"] {
        assert_eq!(
            count(&db, &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    ok(&db, "en", &["check"]);
    // With the file open elsewhere (the TUI), a bulk import stays in WAL and still goes through.
    {
        let reader = Connection::open(&db).expect("open");
        let _: i64 = reader
            .query_row("SELECT count(*) FROM enterprises", [], |r| r.get(0))
            .expect("read");
        ok(&db, "en", &["import", p]);
        assert_eq!(count(&db, "SELECT count(*) FROM enterprises"), n);
        ok(&db, "en", &["undo"]);
    }
    // Redo puts it back as it was.
    ok(&db, "en", &["redo"]);
    assert_eq!(count(&db, "SELECT count(*) FROM enterprises"), n);
    assert_eq!(count(&db, "SELECT count(*) FROM pool_memberships"), n);
    assert_eq!(count(&db, "SELECT count(*) FROM commissioners"), 3);
    ok(&db, "en", &["check"]);
    assert_eq!(count(&db, indexes), all_indexes);

    // A big file compares its rows in memory: a changed cell and a changed batch still count.
    let changed = big_enterprise_csv(6000)
        .replacen("天山区", "沙依巴克区", 1)
        .replacen("培育批", "成熟批", 1);
    std::fs::write(&file, changed).expect("write");
    let o = ok(&db, "en", &["import", p]);
    assert!(
        o.contains(&format!("added 0, updated 2, unchanged {}", n - 2)),
        "{o}"
    );
    let first = code("650102", 1);
    let second = code("650102", 2);
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM enterprises WHERE credit_code = '{first}' AND district = '乌鲁木齐市沙依巴克区' AND district_code = '650103'"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM enterprises e JOIN pool_memberships m ON m.enterprise_id = e.id
                 WHERE e.credit_code = '{second}' AND e.batch = 'mature' AND m.batch = 'mature'"
            )
        ),
        1
    );
    ok(&db, "en", &["check"]);
    ok(&db, "en", &["undo"]);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM enterprises WHERE district_code = '650103'"
        ),
        0
    );
    ok(&db, "en", &["undo"]);
    assert_eq!(count(&db, "SELECT count(*) FROM enterprises"), 0);
}

#[test]
fn a_big_file_names_its_bad_rows_in_line_order_and_imports_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("big.csv");
    // Big enough to be checked on two threads (half each): a bad row in each half.
    let n = 6000;
    let bad_code = code("650102", 3).replacen("91", "92", 1);
    let text = big_enterprise_csv(n)
        .replacen(&code("650102", 3), &bad_code, 1)
        .replacen("2022-03-01", "2022-02-30", 1)
        .replace(
            &format!(
                "长城{}号科技有限公司,天山区,20{:02}-03-01",
                n - 2,
                (n - 2) % 24
            ),
            &format!("长城{}号科技有限公司,天山区,2099-03-01", n - 2),
        );
    std::fs::write(&file, text).expect("write");
    let db = dir.path().join("big.db");
    ok(&db, "en", &["init"]);
    let before = fingerprint(&db);
    let o = seedbed(&db, "en", &["import", file.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    let text = err(&o);
    let problems: Vec<&str> = text.lines().filter(|l| l.starts_with("line ")).collect();
    let lines: Vec<usize> = problems
        .iter()
        .filter_map(|l| l[5..].split(',').next()?.parse().ok())
        .collect();
    // Line 1 is the header: row i is on line i + 2.
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], 4, "{text}");
    assert!(lines[1] > 4 && lines[1] < lines[2], "{text}");
    assert!(lines[2] > n as usize / 2, "{text}");
    assert!(text.contains("nothing was imported"), "{text}");
    assert_eq!(count(&db, "SELECT count(*) FROM enterprises"), 0);
    assert!(before.1 == fingerprint(&db).1, "nothing may be written");
}

/// Every row of every table (and the schema itself, so dropped indexes count), as sorted text.
fn dump_rows(conn: &Connection) -> Vec<String> {
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    tables.push("sqlite_master".into());
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .expect("select");
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).map(|v| v.to_owned())))
                    .collect();
                Ok(format!("{t}|{}", cells.join("|")))
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows");
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn a_bulk_import_that_fails_while_writing_leaves_the_file_and_the_connection_as_they_were() {
    use seedbed::interchange::import::{ImportOptions, import_file};
    use seedbed::store::{OpenMode, Store};
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("big.db");
    // Two enterprises already in the file, so that "nothing written" is not "empty".
    let seed = dir.path().join("seed.csv");
    std::fs::write(
        &seed,
        format!(
            "统一社会信用代码,企业名称,所属区县,成立日期,科技专员,培育库,批次,梯队\n\
             {},天池科技有限公司,天山区,2019-05-01,王芳,高企培育库,优选批,科技型中小企业\n\
             {},博格达软件有限公司,沙依巴克区,2020-06-01,李强,高企培育库,培育批,科技型中小企业\n",
            code("650104", 1),
            code("650104", 2),
        ),
    )
    .expect("write seed");
    let file = dir.path().join("big.csv");
    std::fs::write(&file, big_enterprise_csv(6000)).expect("write");
    let mut store = Store::open(&db, OpenMode::CreateIfMissing).expect("db");
    let opts = ImportOptions {
        kind: None,
        dry_run: false,
        sheet: None,
        encoding: seedbed::interchange::csv_in::TextEncoding::Auto,
        lang: seedbed::i18n::Lang::En,
        today: time::macros::date!(2026 - 11 - 21),
        commissioner: None,
    };
    let config = seedbed::config::Config::default();
    let seeded = import_file(&mut store, &seed, &opts, &config).expect("seed import");
    assert_eq!((seeded.added, seeded.problems.len()), (2, 0));
    // A real failure at write time, not at check time: the 4000th new enterprise (its code passes
    // every check) is refused by SQLite itself, after 3999 rows have gone in.
    let doomed = code("650102", 4000);
    store
        .conn
        .execute_batch(&format!(
            "CREATE TRIGGER injected_failure BEFORE INSERT ON enterprises
             WHEN NEW.credit_code = '{doomed}'
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        ))
        .expect("trigger");
    let pragmas = |s: &Store| -> (String, i64, i64, i64) {
        let one = |p: &str| {
            s.conn
                .query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0))
                .expect("pragma")
        };
        (
            s.conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .expect("journal mode"),
            one("foreign_keys"),
            one("synchronous"),
            one("cache_size"),
        )
    };
    let checkpoint = |s: &Store| {
        s.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            })
            .expect("checkpoint")
    };
    let before = pragmas(&store);
    assert_eq!(checkpoint(&store), 0);
    let bytes = std::fs::read(&db).expect("read db");
    let rows = dump_rows(&store.conn);
    assert_eq!(
        rows.iter()
            .filter(|r| r.starts_with("enterprises|"))
            .count(),
        2
    );

    let err = import_file(&mut store, &file, &opts, &config).expect_err("the write must fail");
    assert!(format!("{err:#}").contains("injected failure"), "{err:#}");

    // The connection is handed back as it was: WAL, keys on, its own sync level and cache.
    assert_eq!(pragmas(&store), before);
    assert_eq!(before.0, "wal");
    assert_eq!(before.1, 1);
    // Nothing written: the same rows, the same schema (every index back), the same bytes. The
    // last connection to close copies the WAL into the file (a checkpoint) and removes it.
    assert_eq!(dump_rows(&store.conn), rows);
    drop(store);
    assert!(!dir.path().join("big.db-wal").exists());
    // Byte for byte, but for the header's change counter (bytes 24-27) and its copy beside the
    // library version (92-95): leaving WAL for the rollback journal and coming back rewrites
    // the header's format bytes, which SQLite counts as a change.
    let unstamped = |mut b: Vec<u8>| {
        b[24..28].fill(0);
        b[92..96].fill(0);
        b
    };
    let after = std::fs::read(&db).expect("read db");
    assert_eq!(after.len(), bytes.len());
    assert!(
        unstamped(after) == unstamped(bytes.clone()),
        "the file changed"
    );
    // The same from a fresh connection, which sees only what is on disk.
    let fresh = Connection::open(&db).expect("open");
    assert_eq!(dump_rows(&fresh), rows);
}
