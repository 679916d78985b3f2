//! Tests of the index: sort orders, filter, search and the view, against hand-written
//! expectations and brute-force walks.

use super::order::interned_ranks;
use super::*;
use time::macros::date;

pub const TODAY: Date = date!(2026 - 11 - 21);

pub fn row(id: &str, rank: Option<u32>, colour: Option<Colour>) -> IndexRow {
    IndexRow {
        id: id.into(),
        credit_code: format!("9165010{id}").into(),
        district: 0,
        commissioner: 0,
        pool: Some(Pool::Hte),
        batch: Some(Batch::Cultivating),
        status: Some(PoolStatus::In),
        tier: Tier::Tsme,
        colour,
        red: u16::from(colour == Some(Colour::Red)),
        yellow: u16::from(colour == Some(Colour::Yellow)),
        green: 1,
        last_visit: Some(date!(2026 - 09 - 01)),
        planned_visit: None,
        next_visit: Some(date!(2026 - 12 - 30)),
        rank,
        open_requests: 0,
    }
}

pub fn sample() -> PoolIndex {
    PoolIndex {
        rows: vec![
            row("A", Some(2), Some(Colour::Green)),
            row("B", Some(1), Some(Colour::Red)),
            row("C", None, Some(Colour::Yellow)),
            row("D", Some(3), None),
        ],
        names: [
            "新疆克拉玛依天利石化科技有限公司",
            "兰州陇原新材料股份有限公司",
            "甘肃天水智联信息技术有限公司",
            "新疆天山云计算有限公司",
        ]
        .into_iter()
        .collect(),
        initials: [
            "xjklmytlshkjyxgs",
            "lzlyxclgfyxgs",
            "gstszlxxjsyxgs",
            "xjtsyjsyxgs",
        ]
        .into_iter()
        .collect(),
        districts: vec!["乌鲁木齐市天山区".into()],
        commissioners: vec!["王芳".into()],
    }
}

fn ids(s: &PoolView) -> Vec<&str> {
    s.view()
        .iter()
        .map(|&i| &*s.index.rows[i as usize].id)
        .collect()
}

#[test]
fn sorts_by_rank_with_unranked_last_and_reverses() {
    let mut s = PoolView::new(sample(), TODAY);
    assert_eq!(ids(&s), ["B", "A", "D", "C"]);
    s.desc = true;
    s.resort(TODAY);
    assert_eq!(ids(&s), ["C", "D", "A", "B"]);
    s.sort = SortKey::Colour;
    s.desc = false;
    s.resort(TODAY);
    assert_eq!(ids(&s), ["B", "C", "A", "D"]);
}

#[test]
fn search_by_chinese_fragment_initials_and_code() {
    let mut s = PoolView::new(sample(), TODAY);
    for (q, want) in [
        ("新疆", vec!["A", "D"]),
        ("xjkl", vec!["A"]),
        ("91650", vec!["B", "A", "D", "C"]),
        ("天", vec!["A", "C", "D"]),
    ] {
        s.query = Query::new(q);
        s.research();
        let got: Vec<&str> = s
            .matches()
            .iter()
            .filter_map(|&p| s.row_at(p))
            .map(|r| &*r.id)
            .collect();
        let mut got = got;
        got.sort();
        let mut want = want;
        want.sort();
        assert_eq!(got, want, "query {q}");
    }
}

/// The sort order spelled out as a comparison, to check the packed keys against.
fn reference(
    (a, a_name): (&IndexRow, &str),
    (b, b_name): (&IndexRow, &str),
    key: SortKey,
    order: &[u16],
) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let by_name = || {
        crate::text::pinyin_key(a_name)
            .cmp(&crate::text::pinyin_key(b_name))
            .then_with(|| a_name.cmp(b_name))
    };
    let missing_last = |x: Option<Date>, y: Option<Date>| match (x, y) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let primary = match key {
        SortKey::Rank => match (a.rank, b.rank) {
            (Some(x), Some(y)) => x.cmp(&y).then(a.pool.cmp(&b.pool)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortKey::Name => Ordering::Equal,
        SortKey::Colour => a
            .colour_order()
            .cmp(&b.colour_order())
            .then(b.red.cmp(&a.red))
            .then(b.yellow.cmp(&a.yellow)),
        SortKey::NextVisit => missing_last(a.next_visit, b.next_visit),
        SortKey::LastVisit => missing_last(a.last_visit, b.last_visit),
        SortKey::Tier => a.tier.cmp(&b.tier),
        SortKey::Batch => match (a.batch, b.batch) {
            (Some(x), Some(y)) => x.cmp(&y),
            (x, y) => y.is_none().cmp(&x.is_none()).reverse(),
        },
        SortKey::District => order
            .get(a.district as usize)
            .cmp(&order.get(b.district as usize)),
        SortKey::Commissioner => order
            .get(a.commissioner as usize)
            .cmp(&order.get(b.commissioner as usize)),
    };
    primary.then_with(by_name)
}

#[test]
fn packed_sort_keys_order_rows_as_the_columns_read() {
    let parts = [
        "新疆天山云",
        "甘肃天水",
        "兰州陇原",
        "新疆克拉玛依",
        "长城",
        "阿克苏",
    ];
    let (mut rows, mut names) = (Vec::new(), Vec::<String>::new());
    let mut n = 7u32;
    let mut next = |m: u32| {
        n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (n >> 8) % m
    };
    for i in 0..300 {
        let name = format!("{}{}", parts[next(6) as usize], next(4));
        let colour = [
            None,
            Some(Colour::Red),
            Some(Colour::Yellow),
            Some(Colour::Green),
        ][next(4) as usize];
        let mut r = row(&format!("R{i}"), None, colour);
        r.rank = [None, Some(next(50) + 1)][next(2) as usize];
        r.pool = [None, Some(Pool::ALL[next(Pool::ALL.len() as u32) as usize])][next(2) as usize];
        r.tier = Tier::ALL[next(Tier::ALL.len() as u32) as usize];
        r.batch = [
            None,
            Some(Batch::ALL[next(Batch::ALL.len() as u32) as usize]),
        ][next(2) as usize];
        r.red = next(3) as u16;
        r.yellow = next(3) as u16;
        let day = |d: u32| Date::from_julian_day(2_461_000 + d as i32).ok();
        r.next_visit = if next(4) == 0 { None } else { day(next(90)) };
        r.last_visit = if next(4) == 0 { None } else { day(next(90)) };
        r.district = next(4) as u16; // 3 is out of range: sorts first
        r.commissioner = [0, 1, u16::MAX][next(3) as usize];
        rows.push(r);
        names.push(name);
    }
    let index = PoolIndex {
        names: names.into_iter().collect(),
        initials: rows.iter().map(|_| "").collect(),
        rows,
        districts: vec![
            "乌鲁木齐市天山区".into(),
            "阿克苏市".into(),
            "兰州市".into(),
        ],
        commissioners: vec!["王芳".into(), "李强".into()],
    };
    let mut s = PoolView::new(index, TODAY);
    for &key in SortKey::ALL {
        for desc in [false, true] {
            s.sort = key;
            s.desc = desc;
            s.resort(TODAY);
            let order = interned_ranks(&s.index, key);
            for w in s.view().windows(2) {
                let at = |i: u32| (&s.index.rows[i as usize], s.index.name(i as usize));
                let (a, b) = (at(w[0]), at(w[1]));
                let o = reference(a, b, key, &order);
                let o = if desc { o.reverse() } else { o };
                assert_ne!(
                    o,
                    std::cmp::Ordering::Greater,
                    "{key:?} desc={desc}: {a:?} / {b:?}"
                );
            }
        }
    }
}

#[test]
fn typing_narrows_and_backspace_widens_the_search() {
    let mut index = sample();
    index.names.set(3, "新疆ABC云计算有限公司");
    let mut s = PoolView::new(index, TODAY);
    // What the search means, row by row.
    let fresh = |s: &PoolView, q: &str| -> Vec<usize> {
        let t = q.trim();
        (0..s.view_len())
            .filter(|&p| {
                let r = s.row_at(p).expect("row");
                !t.is_empty()
                    && (s.name_at(p).is_some_and(|n| n.contains(t))
                        || s.initials_at(p)
                            .is_some_and(|i| i.contains(&t.to_lowercase()))
                        || r.credit_code.starts_with(&t.to_uppercase()))
            })
            .collect()
    };
    for q in [
        "新",
        "新疆",
        "新疆克",
        "新疆",
        "x",
        "xj",
        "xjt",
        "9",
        "91650",
        "",
        "天",
        "ab",
        "AB",
        "abc",
        "\u{212a}",
        "ｘ",
    ] {
        s.query = Query::new(q);
        s.research();
        assert_eq!(s.matches(), fresh(&s, q), "query {q:?}");
    }
    // A changed row is searched again.
    s.query = Query::new("天");
    s.research();
    let c = s.index.rows[2].clone();
    s.upsert(
        RowUpdate {
            row: c,
            name: "甘肃智联信息技术有限公司".into(),
            initials: "gszlxxjsyxgs".into(),
            district: "乌鲁木齐市天山区".into(),
            commissioner: Some("王芳".into()),
        },
        TODAY,
    );
    let ids: Vec<&str> = s
        .matches()
        .iter()
        .filter_map(|&p| s.row_at(p))
        .map(|r| &*r.id)
        .collect();
    assert!(!ids.contains(&"C"), "{ids:?}");
}

#[test]
fn next_match_wraps_both_ways() {
    let mut s = PoolView::new(sample(), TODAY);
    s.query = Query::new("新疆");
    s.research();
    assert_eq!(s.matches(), vec![1, 2]);
    assert_eq!(s.next_match(0, true), Some(1));
    assert_eq!(s.next_match(2, true), Some(2));
    assert_eq!(s.next_match(3, true), Some(1));
    assert_eq!(s.next_match(1, false), Some(2));
}

#[test]
fn filter_combines_and_keeps_order() {
    let mut s = PoolView::new(sample(), TODAY);
    s.filter.colour = Some(Colour::Red);
    s.refilter(TODAY);
    assert_eq!(ids(&s), ["B"]);
    s.filter = ListFilter::default();
    s.filter.visit = Some(VisitState::Ok);
    s.filter.commissioner = Some("王芳".into());
    s.refilter(TODAY);
    assert_eq!(ids(&s).len(), 4);
}

mod engine {
    use super::*;
    use super::{TODAY, row};
    use crate::index::search::SearchIndex;

    /// A pseudo-random index of `n` rows whose names, initials and codes share parts.
    fn random_index(n: usize, seed: u32) -> PoolIndex {
        let mut x = seed;
        let mut next = move |m: u32| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 8) % m
        };
        let parts = [
            ("新疆", "xj"),
            ("克拉玛依", "klmy"),
            ("天山", "ts"),
            ("兰州", "lz"),
            ("新材料", "xcl"),
            ("ABC", "abc"),
            ("科技", "kj"),
            ("新新", "xx"),
            // Initials are not always ASCII (a full-width letter is kept as it is).
            ("Ｘ材", "ｘc"),
        ];
        let (rows, texts): (Vec<IndexRow>, Vec<(String, String)>) = (0..n)
            .map(|i| {
                let (mut name, mut initials) = (String::new(), String::new());
                for _ in 0..1 + next(4) {
                    let (a, b) = parts[next(parts.len() as u32) as usize];
                    name.push_str(a);
                    initials.push_str(b);
                }
                name.push_str("有限公司");
                initials.push_str("yxgs");
                let colour = [
                    None,
                    Some(Colour::Red),
                    Some(Colour::Yellow),
                    Some(Colour::Green),
                ][next(4) as usize];
                let mut r = row(&format!("R{i}"), None, colour);
                r.credit_code = format!("9{}{}{:04}X", 1 + next(2), next(3), next(10_000)).into();
                r.rank = [None, Some(next(50) + 1)][next(2) as usize];
                r.pool = [None, Some(Pool::ALL[next(Pool::ALL.len() as u32) as usize])]
                    [next(2) as usize];
                r.tier = Tier::ALL[next(Tier::ALL.len() as u32) as usize];
                r.status = [None, Some(PoolStatus::ALL[next(4) as usize])][next(2) as usize];
                r.red = next(3) as u16;
                r.district = next(3) as u16;
                r.commissioner = [0, 1, u16::MAX][next(3) as usize];
                let day = |d: u32| Date::from_julian_day(2_461_000 + d as i32).ok();
                r.next_visit = if next(4) == 0 { None } else { day(next(90)) };
                r.planned_visit = if next(3) == 0 { day(next(90)) } else { None };
                (r, (name, initials))
            })
            .unzip();
        PoolIndex {
            rows,
            names: texts.iter().map(|(n, _)| n).collect(),
            initials: texts.iter().map(|(_, i)| i).collect(),
            districts: vec![
                "乌鲁木齐市天山区".into(),
                "阿克苏市".into(),
                "兰州市".into(),
            ],
            commissioners: vec!["王芳".into(), "李强".into()],
        }
    }

    fn brute(ix: &PoolIndex, q: &Query) -> Vec<u32> {
        (0..ix.rows.len() as u32)
            .filter(|&i| q.matches(ix, i as usize))
            .collect()
    }

    #[test]
    fn inverted_index_search_equals_brute_force() {
        for ix in [super::tests::sample(), random_index(700, 3)] {
            let search = SearchIndex::new(&ix);
            let mut queries: Vec<String> = [
                "新",
                "新疆",
                "新疆克",
                "新新新",
                "疆克拉玛",
                "有限公司",
                "x",
                "xj",
                "xjk",
                "xjkl",
                "xxx",
                "yxgs",
                "AB",
                "ab",
                "abc",
                "C有",
                "9",
                "91",
                "912",
                "9120",
                "913",
                "91650",
                "\u{212a}",
                "ｘ",
                "天",
                "zz",
                "公司x",
                "ｘc",
                "ｘcy",
                "xｘc",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            // Random fragments of the rows' own strings.
            let mut x = 11u32;
            for _ in 0..200 {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let i = (x >> 8) as usize % ix.rows.len();
                let r = &ix.rows[i];
                let s: Vec<char> = [ix.name(i), ix.initials.get(i), &*r.credit_code]
                    [(x >> 4) as usize % 3]
                    .chars()
                    .collect();
                let a = (x >> 12) as usize % s.len();
                let b = (a + 1 + (x >> 20) as usize % 5).min(s.len());
                queries.push(s[a..b].iter().collect());
            }
            for q in &queries {
                let q = Query::new(q);
                let got: Vec<u32> = bits::iter(&search.find(&ix, &q, None)).collect();
                assert_eq!(got, brute(&ix, &q), "query {:?}", q.text);
                // Narrowed from a shorter query's hits.
                let t: Vec<char> = q.text.chars().collect();
                if t.len() > 1 {
                    let shorter = Query::new(&t[..t.len() - 1].iter().collect::<String>());
                    let prev = search.find(&ix, &shorter, None);
                    let got: Vec<u32> = bits::iter(&search.find(&ix, &q, Some(&prev))).collect();
                    assert_eq!(got, brute(&ix, &q), "query {:?} narrowed", q.text);
                }
            }
        }
    }

    /// The view, search count and match jumps against a walk of the whole order.
    fn check_view(s: &PoolView) {
        let view = s.view();
        assert_eq!(view.len(), s.view_len());
        for (pos, &r) in view.iter().enumerate() {
            assert_eq!(
                s.row_at(pos).map(|x| &x.id),
                Some(&s.index.rows[r as usize].id)
            );
            assert_eq!(s.position_of_row(r), Some(pos));
        }
        assert_eq!(s.row_at(view.len()), None);
        let matches = s.matches();
        assert_eq!(s.match_count(), matches.len());
        for from in 0..=view.len() {
            let fwd = matches
                .iter()
                .find(|&&p| p >= from)
                .or(matches.first())
                .copied();
            let back = matches
                .iter()
                .rev()
                .find(|&&p| p < from)
                .or(matches.last())
                .copied();
            assert_eq!(s.next_match(from, true), fwd, "forward from {from}");
            assert_eq!(s.next_match(from, false), back, "backward from {from}");
        }
        let mut lights = [0; 4];
        for &r in &view {
            match s.index.rows[r as usize].colour {
                Some(Colour::Red) => lights[0] += 1,
                Some(Colour::Yellow) => lights[1] += 1,
                Some(Colour::Green) => lights[2] += 1,
                None => lights[3] += 1,
            }
        }
        assert_eq!(s.view_lights, lights);
        assert_eq!(lights.iter().sum::<usize>(), view.len());
    }

    #[test]
    fn view_positions_counts_and_jumps_agree_with_a_full_walk() {
        let mut s = PoolView::new(random_index(300, 5), TODAY);
        let filters = [
            ListFilter::default(),
            ListFilter {
                colour: Some(Colour::Red),
                ..ListFilter::default()
            },
            ListFilter {
                district: Some("阿克苏市".into()),
                visit: Some(VisitState::Overdue),
                ..ListFilter::default()
            },
            ListFilter {
                commissioner: Some(String::new()),
                ..ListFilter::default()
            },
            ListFilter {
                pool_status: Some(PoolStatus::Frozen),
                ..ListFilter::default()
            },
            ListFilter {
                pool_status: Some(PoolStatus::In),
                colour: Some(Colour::Red),
                ..ListFilter::default()
            },
            ListFilter {
                tier: Some(Tier::ALL[0]),
                pool: Some(Pool::ALL[0]),
                ..ListFilter::default()
            },
        ];
        for f in &filters {
            for key in [SortKey::Rank, SortKey::Name, SortKey::District] {
                for desc in [false, true] {
                    for q in ["", "新疆", "xj", "912"] {
                        s.filter = f.clone();
                        s.sort = key;
                        s.desc = desc;
                        s.resort(TODAY);
                        s.query = Query::new(q);
                        s.research();
                        // The filter, row by row.
                        let want: Vec<u32> = (0..s.index.rows.len() as u32)
                            .filter(|&i| {
                                passes(&s.index, &s.index.rows[i as usize], &s.filter, TODAY)
                            })
                            .collect();
                        let mut got = s.view();
                        got.sort();
                        assert_eq!(got, want, "{f:?}");
                        check_view(&s);
                    }
                }
            }
        }
    }

    #[test]
    fn cached_orders_equal_fresh_sorts_after_writes() {
        let mut s = PoolView::new(random_index(200, 9), TODAY);
        s.filter.colour = Some(Colour::Red);
        s.refilter(TODAY);
        s.query = Query::new("新");
        s.research();
        let mut changed = s.index.rows[17].clone();
        changed.rank = Some(1);
        changed.colour = Some(Colour::Red);
        s.upsert(
            RowUpdate {
                row: changed,
                name: "阿克苏新材料有限公司".into(),
                initials: "akyxclyxgs".into(),
                district: "喀什市".into(),
                commissioner: None,
            },
            TODAY,
        );
        let mut added = s.index.rows[3].clone();
        added.id = "NEW".into();
        added.credit_code = "91000000NEW".into();
        let initials = s.index.initials.get(3).to_string();
        let name = s.index.name(3).to_string();
        s.upsert(
            RowUpdate {
                row: added,
                name,
                initials,
                district: "兰州市".into(),
                commissioner: Some("新人".into()),
            },
            TODAY,
        );
        // The index was updated in place: it finds what a scan finds.
        for q in [
            "新",
            "阿克",
            "akyx",
            "akyxcl",
            "xj",
            "910",
            "91000000N",
            "新材料",
            "克拉玛",
        ] {
            let q = Query::new(q);
            let found = s
                .search
                .as_ref()
                .map(|x| bits::iter(&x.find(&s.index, &q, None)).collect::<Vec<_>>());
            assert_eq!(found, Some(brute(&s.index, &q)), "query {:?}", q.text);
        }
        for &key in SortKey::ALL {
            s.sort = key;
            s.resort(TODAY);
            let mut fresh = PoolView::new(s.index.clone(), TODAY);
            fresh.sort = key;
            fresh.filter = s.filter.clone();
            fresh.resort(TODAY);
            assert_eq!(s.view(), fresh.view(), "{key:?} after upserts");
        }
        s.remove("R40", TODAY);
        for &key in SortKey::ALL {
            for desc in [false, true] {
                s.sort = key;
                s.desc = desc;
                s.resort(TODAY);
                let mut fresh = PoolView::new(s.index.clone(), TODAY);
                fresh.filter = s.filter.clone();
                fresh.sort = key;
                fresh.desc = desc;
                fresh.query = s.query.clone();
                fresh.resort(TODAY);
                assert_eq!(s.view(), fresh.view(), "{key:?} desc={desc}");
                assert_eq!(s.matches(), fresh.matches(), "{key:?} desc={desc}");
                check_view(&s);
            }
        }
    }
}
