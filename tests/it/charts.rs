//! The report workbook's charts, read back from the file as a spreadsheet program reads them:
//! each chart part (`xl/charts/chartN.xml`) with its type, title, axis names, and the ranges its
//! series read (`<c:tx>`, `<c:cat>`, `<c:val>`), then the numbers in those ranges (calamine),
//! on a small pool whose counts are worked out by hand below.

use crate::common::{seedbed_in, stderr};
use calamine::{Data, Reader, Xlsx, open_workbook};
use seedbed::store::Store;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The hand pool (report day 2026-11-21). Commissioners 王芳 (c1) and 李强 (c2).
///
/// | ent. | district | comm. | projects | colour at each month's end (Jan … Nov 21) |
/// |---|---|---|---|---|
/// | e1 | 天山区 650102 | c1 | milestone due 2026-06-15, never done | G G G G Y R R R R R R |
/// | e2 | 天山区 650102 | c1 | started 2026-03-01, risk flagged | – – Y Y Y Y Y Y Y Y Y |
/// | e3 | 新市区 650104 | c2 | milestone due 2026-04-20 done 2026-08-10; one plain | G G Y R R R R G G G G |
/// | e4 | none | c2 | ends 2026-09-30, accepted 2026-09-15 | G G G G G G Y Y – – – |
/// | e5 | 新市区, deleted | c2 | a late milestone | not counted |
/// | e6 | none | c2 | ends 2026-10-31, no acceptance | G G G G G G G Y Y Y R |
/// | e7 | 新市区 650104 | c2 | none | – |
///
/// Yellow: a milestone due within 30 days, the end within 90 days, or a risk flag; red: a
/// milestone or the end passed. e3's milestone, done on 2026-08-10, is late at the ends of April
/// to July (done after them) and done from August.
///
/// Visits of 2026 done: c1 3 (e1 twice, e2; e1's of 2025-12-20 is last year's), c2 1 (e3).
/// Visits due (3 a year per enterprise in the pool): c1 2 × 3 = 6; c2 (e3, e4, e6, e7) 4 × 3 = 12.
/// Targets of 2026: pool entries 4 (e7 entered in 2026: 1 → 25 %), visit coverage 80 % (e1, e2,
/// e3 visited of 6 in the pool: 50 % → 62.5 % of the target), HTEs in 天山区 2 (e1 → 50 %).
fn hand_pool() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    let store = Store::create(&db, false).expect("create");
    store
        .conn
        .execute_batch(
            "INSERT INTO commissioners (id, name, created_at, updated_at) VALUES
                 ('c1', '王芳', '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('c2', '李强', '2025-01-01T08:00:00', '2025-01-01T08:00:00');
             INSERT INTO enterprises (id, credit_code, name, region_code, district, district_code,
                 tier, commissioner_id, deleted_at, created_at, updated_at) VALUES
                 ('e1', 'CHART0000000000001', '甲科技', '650102', '乌鲁木齐市天山区', '650102',
                  'tsme', 'c1', NULL, '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('e2', 'CHART0000000000002', '乙科技', '650102', '乌鲁木齐市天山区', '650102',
                  'tsme', 'c1', NULL, '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('e3', 'CHART0000000000003', '丙科技', '650104', '乌鲁木齐市新市区', '650104',
                  'tsme', 'c2', NULL, '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('e4', 'CHART0000000000004', '丁科技', '650000', '', NULL,
                  'tsme', 'c2', NULL, '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('e5', 'CHART0000000000005', '戊科技', '650104', '乌鲁木齐市新市区', '650104',
                  'tsme', 'c2', '2026-10-01T08:00:00', '2025-01-01T08:00:00',
                  '2026-10-01T08:00:00'),
                 ('e6', 'CHART0000000000006', '己科技', '650000', '', NULL,
                  'tsme', 'c2', NULL, '2025-01-01T08:00:00', '2025-01-01T08:00:00'),
                 ('e7', 'CHART0000000000007', '庚科技', '650104', '乌鲁木齐市新市区', '650104',
                  'tsme', 'c2', NULL, '2026-03-01T08:00:00', '2026-03-01T08:00:00');
             INSERT INTO pool_memberships (id, enterprise_id, pool, batch, status, entered_on,
                 created_at, updated_at)
             SELECT 'm' || id, id, 'tsme', 'cultivating', 'in',
                    CASE id WHEN 'e7' THEN '2026-03-01' ELSE '2025-01-01' END,
                    created_at, created_at
             FROM enterprises;
             INSERT INTO projects (id, enterprise_id, name, level, start_on, planned_end,
                 acceptance_passed, risk_flag, created_at, updated_at) VALUES
                 ('p1', 'e1', '项目一', 'district', '2026-01-01', '2028-12-31', NULL, NULL,
                  '2026-01-01T08:00:00', '2026-01-01T08:00:00'),
                 ('p2', 'e2', '项目二', 'district', '2026-03-01', '2028-12-31', NULL, '资金未到位',
                  '2026-03-01T08:00:00', '2026-03-01T08:00:00'),
                 ('p3', 'e3', '项目三', 'district', '2026-01-01', '2028-12-31', NULL, NULL,
                  '2026-01-01T08:00:00', '2026-01-01T08:00:00'),
                 ('p3b', 'e3', '项目三乙', 'city', '2025-06-01', '2028-06-30', NULL, NULL,
                  '2025-06-01T08:00:00', '2025-06-01T08:00:00'),
                 ('p4', 'e4', '项目四', 'district', '2025-01-01', '2026-09-30', '2026-09-15', NULL,
                  '2025-01-01T08:00:00', '2026-09-15T08:00:00'),
                 ('p5', 'e5', '项目五', 'district', '2026-01-01', '2028-12-31', NULL, NULL,
                  '2026-01-01T08:00:00', '2026-01-01T08:00:00'),
                 ('p6', 'e6', '项目六', 'district', '2025-01-01', '2026-10-31', NULL, NULL,
                  '2025-01-01T08:00:00', '2025-01-01T08:00:00');
             INSERT INTO milestones (id, project_id, seq, name, planned_on, done_on, created_at,
                 updated_at) VALUES
                 ('s1', 'p1', 1, '中期检查', '2026-06-15', NULL, '2026-01-01T08:00:00',
                  '2026-01-01T08:00:00'),
                 ('s3', 'p3', 1, '样机', '2026-04-20', '2026-08-10', '2026-01-01T08:00:00',
                  '2026-08-10T08:00:00'),
                 ('s5', 'p5', 1, '中期检查', '2026-02-01', NULL, '2026-01-01T08:00:00',
                  '2026-01-01T08:00:00');
             INSERT INTO visits (id, enterprise_id, planned_on, done_on, cancelled_on, mode,
                 created_at, updated_at) VALUES
                 ('v0', 'e1', NULL, '2025-12-20', NULL, 'onsite', '2025-12-20T08:00:00',
                  '2025-12-20T08:00:00'),
                 ('v1', 'e1', NULL, '2026-02-10', NULL, 'onsite', '2026-02-10T08:00:00',
                  '2026-02-10T08:00:00'),
                 ('v2', 'e1', '2026-06-01', '2026-06-01', NULL, 'onsite', '2026-05-01T08:00:00',
                  '2026-06-01T08:00:00'),
                 ('v3', 'e2', NULL, '2026-09-01', NULL, 'phone', '2026-09-01T08:00:00',
                  '2026-09-01T08:00:00'),
                 ('v4', 'e3', NULL, '2026-03-05', NULL, 'onsite', '2026-03-05T08:00:00',
                  '2026-03-05T08:00:00'),
                 ('v5', 'e7', '2026-12-10', NULL, NULL, 'onsite', '2026-11-01T08:00:00',
                  '2026-11-01T08:00:00'),
                 ('v6', 'e6', '2026-05-10', NULL, '2026-05-08', 'onsite', '2026-05-01T08:00:00',
                  '2026-05-08T08:00:00');
             INSERT INTO certificates (id, enterprise_id, kind, number, issued_on, expires_on,
                 created_at, updated_at) VALUES
                 ('k1', 'e1', 'hte', 'GR202665000001', '2026-05-01', '2029-04-30',
                  '2026-05-01T08:00:00', '2026-05-01T08:00:00');
             INSERT INTO targets (id, district, metric, year, value, created_at, updated_at) VALUES
                 ('t1', '', 'pool_entries', 2026, 4, '2026-01-01T08:00:00', '2026-01-01T08:00:00'),
                 ('t2', '', 'visit_coverage', 2026, 80, '2026-01-01T08:00:00',
                  '2026-01-01T08:00:00'),
                 ('t3', '乌鲁木齐市天山区', 'hte_count', 2026, 2, '2026-01-01T08:00:00',
                  '2026-01-01T08:00:00');",
        )
        .expect("hand pool");
    (dir, db)
}

/// `seedbed report --period month --out report.xlsx` in `lang`, on `db`.
fn report(db: &Path, lang: &str) -> PathBuf {
    let out = db.with_file_name(format!("report-{lang}.xlsx"));
    let o = seedbed_in(
        db,
        lang,
        &[
            "report",
            "--period",
            "month",
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// The text of a part of the workbook, `None` when there is no such part.
fn part(xlsx: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).expect("open xlsx")).ok()?;
    let mut s = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
    Some(s)
}

/// Every piece of `s` between `open` and the next `close`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    s.split(open)
        .skip(1)
        .filter_map(|rest| rest.split(close).next())
        .collect()
}

/// The first piece of `s` between `open` and `close`, or "".
fn first<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    between(s, open, close).first().copied().unwrap_or("")
}

/// A chart part as read back.
#[derive(Debug, PartialEq)]
struct ChartRead {
    /// `stacked column`, `clustered column`, `clustered bar`, `line`.
    kind: String,
    title: String,
    category_axis: String,
    value_axis: String,
    /// Per series: (name cell, categories range, values range, colour).
    series: Vec<(String, String, String, String)>,
}

/// The text runs of an element (`<a:t>`), joined.
fn runs(xml: &str) -> String {
    between(xml, "<a:t>", "</a:t>").concat()
}

fn read_chart(xml: &str) -> ChartRead {
    let kind = if xml.contains("<c:lineChart>") {
        "line".to_string()
    } else {
        let dir = match first(xml, "<c:barDir val=\"", "\"") {
            "col" => "column",
            "bar" => "bar",
            other => panic!("bar direction {other:?}"),
        };
        format!("{} {dir}", first(xml, "<c:grouping val=\"", "\""))
    };
    let series = between(xml, "<c:ser>", "</c:ser>")
        .into_iter()
        .map(|s| {
            (
                first(first(s, "<c:tx>", "</c:tx>"), "<c:f>", "</c:f>").to_string(),
                first(first(s, "<c:cat>", "</c:cat>"), "<c:f>", "</c:f>").to_string(),
                first(first(s, "<c:val>", "</c:val>"), "<c:f>", "</c:f>").to_string(),
                first(s, "<a:srgbClr val=\"", "\"").to_string(),
            )
        })
        .collect();
    ChartRead {
        kind,
        // The chart's own title comes before the plot area; the axes' titles are inside it.
        title: runs(first(xml, "<c:title>", "</c:title>")),
        category_axis: runs(first(
            first(xml, "<c:catAx>", "</c:catAx>"),
            "<c:title>",
            "</c:title>",
        )),
        value_axis: runs(first(
            first(xml, "<c:valAx>", "</c:valAx>"),
            "<c:title>",
            "</c:title>",
        )),
        series,
    }
}

/// `chart1.xml`, `chart2.xml`, … as read back, in order.
fn charts(xlsx: &Path) -> Vec<ChartRead> {
    (1..)
        .map_while(|n| part(xlsx, &format!("xl/charts/chart{n}.xml")))
        .map(|xml| read_chart(&xml))
        .collect()
}

fn series(name: &str, cat: &str, val: &str, colour: &str) -> (String, String, String, String) {
    (name.into(), cat.into(), val.into(), colour.into())
}

#[test]
fn the_report_workbook_has_four_charts_reading_the_chart_data_sheet() {
    let (_dir, db) = hand_pool();
    let out = report(&db, "zh");
    let got = charts(&out);
    let d = "图表数据!";
    let r = |a: &str| format!("{d}{a}");
    let expected = vec![
        ChartRead {
            kind: "stacked column".into(),
            title: "各区县预警企业（截至 2026-11-21）".into(),
            category_axis: "所属区县".into(),
            value_axis: "企业数".into(),
            series: vec![
                series(&r("$B$1"), &r("$A$2:$A$4"), &r("$B$2:$B$4"), "D9363E"),
                series(&r("$C$1"), &r("$A$2:$A$4"), &r("$C$2:$C$4"), "F2B800"),
                series(&r("$D$1"), &r("$A$2:$A$4"), &r("$D$2:$D$4"), "2E9E4F"),
            ],
        },
        ChartRead {
            kind: "clustered column".into(),
            title: "2026 年各专员走访：已走访与应走访".into(),
            category_axis: "科技专员".into(),
            value_axis: "走访次数".into(),
            series: vec![
                series(&r("$G$1"), &r("$F$2:$F$3"), &r("$G$2:$G$3"), "A6A6A6"),
                series(&r("$H$1"), &r("$F$2:$F$3"), &r("$H$2:$H$3"), "2F6EBA"),
            ],
        },
        ChartRead {
            kind: "clustered bar".into(),
            title: "2026 年目标进度：实际与目标".into(),
            category_axis: "指标".into(),
            value_axis: "完成比例（目标 = 100%）".into(),
            series: vec![
                series(&r("$K$1"), &r("$J$2:$J$4"), &r("$K$2:$K$4"), "A6A6A6"),
                series(&r("$L$1"), &r("$J$2:$J$4"), &r("$L$2:$L$4"), "2F6EBA"),
            ],
        },
        ChartRead {
            kind: "line".into(),
            title: "2026 年每月红黄预警企业（月末，本月截至 2026-11-21）".into(),
            category_axis: "月份".into(),
            value_axis: "企业数".into(),
            series: vec![
                series(&r("$O$1"), &r("$N$2:$N$12"), &r("$O$2:$O$12"), "D9363E"),
                series(&r("$P$1"), &r("$N$2:$N$12"), &r("$P$2:$P$12"), "F2B800"),
            ],
        },
    ];
    assert_eq!(got, expected);
}

/// The cells of `range` (`$B$2:$B$4`, one column) of `sheet`.
fn cells(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    range: &str,
) -> Vec<Data> {
    let r = book.worksheet_range(sheet).expect("data sheet");
    let cell = |a: &str| -> (u32, u32) {
        let a = a.replace('$', "");
        let col = a.chars().next().expect("column") as u32 - 'A' as u32;
        let row: u32 = a[1..].parse().expect("row");
        (row - 1, col)
    };
    let (from, to) = range.split_once(':').expect("a range");
    let ((r0, c), (r1, _)) = (cell(from), cell(to));
    (r0..=r1)
        .map(|row| r.get_value((row, c)).cloned().unwrap_or(Data::Empty))
        .collect()
}

fn texts(v: &[&str]) -> Vec<Data> {
    v.iter().map(|s| Data::String((*s).to_string())).collect()
}

fn numbers(v: &[f64]) -> Vec<Data> {
    v.iter().map(|n| Data::Float(*n)).collect()
}

#[test]
fn the_chart_ranges_hold_the_hand_counted_numbers() {
    let (_dir, db) = hand_pool();
    let out = report(&db, "zh");
    let mut book: Xlsx<_> = open_workbook(&out).expect("workbook");
    let mut at = |range: &str| cells(&mut book, "图表数据", range);

    // Colours on the report's day, by district in code order, no district last; 新市区's e5
    // (deleted) and e7 (no project) add nothing, e4 (accepted) has no colour.
    assert_eq!(
        at("$A$1:$A$4"),
        texts(&[
            "所属区县",
            "乌鲁木齐市天山区",
            "乌鲁木齐市新市区",
            "未填区县"
        ])
    );
    assert_eq!(at("$B$1:$D$1")[0], Data::String("红色".into()));
    assert_eq!(at("$B$2:$B$4"), numbers(&[1.0, 0.0, 1.0]));
    assert_eq!(at("$C$2:$C$4"), numbers(&[1.0, 0.0, 0.0]));
    assert_eq!(at("$D$2:$D$4"), numbers(&[0.0, 1.0, 0.0]));

    // Visits, commissioners in pinyin order (li before wang).
    assert_eq!(at("$F$1:$F$3"), texts(&["科技专员", "李强", "王芳"]));
    assert_eq!(at("$G$1:$G$1"), texts(&["应走访"]));
    assert_eq!(at("$G$2:$G$3"), numbers(&[12.0, 6.0]));
    assert_eq!(at("$H$1:$H$1"), texts(&["已走访"]));
    assert_eq!(at("$H$2:$H$3"), numbers(&[1.0, 3.0]));

    // Targets as shares of the target.
    assert_eq!(
        at("$J$2:$J$4"),
        texts(&["新入库企业", "走访覆盖率", "乌鲁木齐市天山区 · 高企数量"])
    );
    assert_eq!(at("$K$2:$K$4"), numbers(&[1.0, 1.0, 1.0]));
    assert_eq!(at("$L$2:$L$4"), numbers(&[0.25, 0.625, 0.5]));

    // Red and yellow enterprises at each month's end (the table of `hand_pool`).
    let months: Vec<String> = (1..=11).map(|m| format!("{m}月")).collect();
    let months: Vec<&str> = months.iter().map(String::as_str).collect();
    assert_eq!(at("$N$2:$N$12"), texts(&months));
    assert_eq!(at("$O$1:$P$1")[0], Data::String("红色".into()));
    assert_eq!(
        at("$O$2:$O$12"),
        numbers(&[0., 0., 0., 1., 1., 2., 2., 1., 1., 1., 2.])
    );
    assert_eq!(
        at("$P$2:$P$12"),
        numbers(&[0., 0., 2., 1., 2., 1., 2., 3., 2., 2., 1.])
    );

    // The report's own colour table says the same of today and of the end of October (the
    // month report's previous period): red 2 and 1, yellow 1 and 2, green 1 and 1.
    assert_eq!(
        cells(&mut book, "三色预警", "$A$2:$A$4"),
        texts(&["●红", "●黄", "●绿"])
    );
    assert_eq!(
        cells(&mut book, "三色预警", "$B$2:$B$4"),
        numbers(&[2.0, 1.0, 1.0])
    );
    assert_eq!(
        cells(&mut book, "三色预警", "$C$2:$C$4"),
        numbers(&[1.0, 2.0, 1.0])
    );
}

#[test]
fn the_charts_have_a_sheet_of_their_own_and_do_not_overlap() {
    let (_dir, db) = hand_pool();
    let out = report(&db, "zh");
    let book = part(&out, "xl/workbook.xml").expect("workbook part");
    let names = between(&book, "<sheet name=\"", "\"");
    assert_eq!(names.first(), Some(&"图表"), "{names:?}");
    assert_eq!(names.last(), Some(&"图表数据"), "{names:?}");
    // The drawing is the chart sheet's (sheet1) and no other sheet has one.
    let rels = part(&out, "xl/worksheets/_rels/sheet1.xml.rels").expect("chart sheet rels");
    assert!(rels.contains("../drawings/drawing1.xml"), "{rels}");
    assert_eq!(part(&out, "xl/drawings/drawing2.xml"), None);
    let drawing = part(&out, "xl/drawings/drawing1.xml").expect("drawing");
    let rows = |tag: &str| -> Vec<u32> {
        between(&drawing, &format!("<xdr:{tag}>"), &format!("</xdr:{tag}>"))
            .iter()
            .map(|a| first(a, "<xdr:row>", "</xdr:row>").parse().expect("row"))
            .collect()
    };
    let (from, to) = (rows("from"), rows("to"));
    assert_eq!(from.len(), 4, "four anchors");
    // Below the heading, each chart below the one before.
    assert!(from[0] >= 1, "{from:?}");
    for i in 1..from.len() {
        assert!(
            from[i] > to[i - 1],
            "chart {i} covers the one before: {from:?} {to:?}"
        );
    }
    // The chart sheet holds only its heading: no table under the charts.
    let mut xl: Xlsx<_> = open_workbook(&out).expect("workbook");
    let sheet = xl.worksheet_range("图表").expect("chart sheet");
    let used: Vec<(usize, usize)> = sheet.used_cells().map(|(r, c, _)| (r, c)).collect();
    assert_eq!(used, vec![(0, 0)]);
    assert_eq!(
        sheet.get_value((0, 0)),
        Some(&Data::String(
            "科技专员工作报告月报（2026-11-01 至 2026-11-30） · 截至 2026-11-21".into()
        ))
    );
}

#[test]
fn english_charts_have_english_words_and_quoted_ranges() {
    let (_dir, db) = hand_pool();
    let out = report(&db, "en");
    let got = charts(&out);
    let titles: Vec<&str> = got.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "Enterprises by alert colour and district (as of 2026-11-21)",
            "Visits done against due by commissioner, 2026",
            "Target progress 2026: actual against target",
            "Red and yellow enterprises by month, 2026 (month ends; this month to 2026-11-21)",
        ]
    );
    assert_eq!(got[3].category_axis, "Month");
    // A sheet name with a space is quoted in a range.
    assert_eq!(got[0].series[0].1, "'Chart data'!$A$2:$A$4");
    let mut book: Xlsx<_> = open_workbook(&out).expect("workbook");
    assert_eq!(
        cells(&mut book, "Chart data", "$N$2:$N$4"),
        texts(&["Jan", "Feb", "Mar"])
    );
    assert_eq!(
        cells(&mut book, "Chart data", "$A$4:$A$4"),
        texts(&["No district"])
    );
}

#[test]
fn an_empty_pool_draws_only_the_months_and_says_why_the_rest_are_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("empty.db");
    drop(Store::create(&db, false).expect("create"));
    let out = report(&db, "zh");
    let got = charts(&out);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].kind, "line");
    assert_eq!(got[0].series[0].2, "图表数据!$O$2:$O$12");
    let mut book: Xlsx<_> = open_workbook(&out).expect("workbook");
    let sheet = book.worksheet_range("图表").expect("chart sheet");
    let words: Vec<String> = sheet
        .used_cells()
        .skip(1)
        .map(|(_, _, d)| d.to_string())
        .collect();
    assert_eq!(
        words,
        vec![
            "各区县预警企业（截至 2026-11-21）",
            "（无数据，未绘图）",
            "2026 年各专员走访：已走访与应走访",
            "（无数据，未绘图）",
            "2026 年目标进度：实际与目标",
            "本年度尚未设定目标",
        ]
    );
    // Zeros, not gaps, before any project started.
    assert_eq!(
        cells(&mut book, "图表数据", "$O$2:$O$3"),
        numbers(&[0.0, 0.0])
    );
}

#[test]
fn colours_kept_from_day_to_day_are_those_computed_on_each_day_alone() {
    use seedbed::report::colour_days::colours_on;
    use seedbed::store::OpenMode;
    use std::collections::HashMap;
    // The many-day pass keeps a project's colour while it holds; each day alone computes it.
    let (_dir, db) = crate::common::demo_pool(300);
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    let ids: Vec<String> = store
        .conn
        .prepare("SELECT id FROM enterprises WHERE deleted_at IS NULL")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("ids");
    // Two groups, so the grouping is held too.
    let group_of: HashMap<String, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), i % 2))
        .collect();
    let config = seedbed::config::Config::default();
    let days: Vec<time::Date> = (0..47)
        .map(|w| time::macros::date!(2026 - 01 - 01) + time::Duration::days(7 * w))
        .chain([crate::common::TODAY])
        .collect();
    let together = colours_on(&store.conn, &days, &group_of, 2, &config).expect("together");
    assert_eq!(together.len(), days.len());
    for (d, day) in days.iter().enumerate() {
        let alone = colours_on(&store.conn, &[*day], &group_of, 2, &config).expect("alone");
        assert_eq!(alone[0], together[d], "{day}");
    }
    // Not all the same: the pool's colours move over the year.
    assert_ne!(together[0], together[days.len() - 1]);
}
