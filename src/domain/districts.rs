//! Districts: the GB/T 2260 county-level divisions (`assets/gb2260.tsv`, parsed once on first use)
//! and the resolver that turns what a person types into one of them.
//!
//! A district is named by its six-digit code (650104); its prefecture is the first four digits
//! (6501 乌鲁木齐市), its region the first two (65 新疆). Names are data, not wording: the table's
//! own Chinese names are shown in every language.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The table as shipped: `code<TAB>name` lines, `#` comments.
const TABLE_TSV: &str = include_str!("../../assets/gb2260.tsv");

/// The edition of the table (changes when the asset does): files mapped with an older edition
/// are mapped again, since a newer table may know more names.
/// Bumped also when the resolver learns new spellings (the short-prefecture forms of
/// 乌鲁木齐天山区, and the credit code breaking a shared name's tie), so those rows are mapped.
pub const EDITION: &str = "nbs-2023/2847+short-prefecture";

/// One county-level division (区, 县, 县级市, 旗, or a prefecture-level city without counties
/// such as 嘉峪关市).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub code: &'static str,
    /// Its own name (新市区): short, but not unique across the country.
    pub name: &'static str,
    /// The name that is unique: the prefecture's name before a city district's (乌鲁木齐市新市区),
    /// the municipality's before its districts and counties (北京市东城区), the name alone for
    /// counties and county-level cities (昌吉市), whose names do not repeat.
    pub full_name: String,
    /// The prefecture's name, when the prefecture has one (not for municipalities or the
    /// counties a province governs directly).
    pub prefecture: Option<&'static str>,
    /// The province or autonomous region's name.
    pub region: &'static str,
}

/// The first four digits of a code: its prefecture.
pub fn prefecture_of(code: &str) -> &str {
    code.get(..4).unwrap_or(code)
}

/// The first two digits of a code: its province or autonomous region.
pub fn region_of(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// What a typed district resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<'a> {
    Found(&'a District),
    /// Several districts answer to it (a short name such as 城关区, or a prefecture's name or
    /// code): a person must choose. In code order.
    Ambiguous(Vec<&'a District>),
    NotFound,
}

/// How precise the region digits of a credit code are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    District,
    Prefecture,
    Region,
}

/// The district a credit code's region digits (characters 3–8) point at. Only a suggestion:
/// the code records where the enterprise was registered, often at the prefecture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion<'a> {
    /// The digits as written in the credit code.
    pub code: String,
    pub level: Level,
    /// The name of what they point at (a district, prefecture or region), if known.
    pub name: Option<String>,
    /// The districts to choose from: the one district, or the prefecture's districts (none for
    /// a whole region: too many to offer).
    pub candidates: Vec<&'a District>,
}

/// The parsed table.
pub struct Table {
    /// County-level divisions, in code order.
    districts: Vec<District>,
    by_code: HashMap<&'static str, usize>,
    /// Provinces (xx0000) and named prefectures (xxxx00), by code.
    areas: HashMap<&'static str, &'static str>,
    /// Every way of writing a district's name (normalized) → the districts it may mean.
    by_alias: HashMap<String, Vec<usize>>,
    /// A prefecture's name (normalized) → its code.
    prefecture_by_name: HashMap<String, &'static str>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| Table::parse(TABLE_TSV));

/// The table shipped with Seedbed.
pub fn table() -> &'static Table {
    &TABLE
}

/// The text a name is compared by: no spaces (also full-width ones), full-width digits as ASCII.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

impl Table {
    fn parse(text: &'static str) -> Table {
        let mut rows: Vec<(&'static str, &'static str)> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .filter(|(c, n)| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty())
            .collect();
        rows.sort_unstable();
        let areas: HashMap<&str, &str> = rows
            .iter()
            .filter(|(c, _)| c.ends_with("00"))
            .copied()
            .collect();
        // A prefecture without county-level children (嘉峪关市, 东莞市) is a district itself.
        let has_children: std::collections::HashSet<&str> = rows
            .iter()
            .filter(|(c, _)| !c.ends_with("00"))
            .map(|(c, _)| prefecture_of(c))
            .collect();
        let mut districts = Vec::new();
        for &(code, name) in &rows {
            let is_region = code.ends_with("0000");
            let is_prefecture = !is_region && code.ends_with("00");
            if is_region || (is_prefecture && has_children.contains(prefecture_of(code))) {
                continue;
            }
            let region = areas
                .get(format!("{}0000", region_of(code)).as_str())
                .copied()
                .unwrap_or("");
            let prefecture = if is_prefecture {
                None
            } else {
                areas
                    .get(format!("{}00", prefecture_of(code)).as_str())
                    .copied()
            };
            let municipality = !is_prefecture && prefecture.is_none() && region.ends_with('市');
            let full_name = match prefecture {
                Some(p) if name.ends_with('区') => format!("{p}{name}"),
                None if municipality => format!("{region}{name}"),
                _ => name.to_string(),
            };
            districts.push(District {
                code,
                name,
                full_name,
                prefecture,
                region,
            });
        }
        let by_code = districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code, i))
            .collect();
        let mut by_alias: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in districts.iter().enumerate() {
            let mut aliases = vec![
                d.name.to_string(),
                d.full_name.clone(),
                format!("{}{}", d.region, d.name),
                format!("{}{}", d.region, d.full_name),
            ];
            if let Some(p) = d.prefecture {
                aliases.push(format!("{p}{}", d.name));
                aliases.push(format!("{}{p}{}", d.region, d.name));
            }
            for a in aliases {
                let list = by_alias.entry(normalize(&a)).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        // Offices often drop the prefecture's suffix (乌鲁木齐天山区, 昌吉州昌吉市, 北京海淀区).
        // Such a form is only added where it names one district and is no other spelling, so it
        // never makes a name that resolved before ambiguous.
        let mut short: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in districts.iter().enumerate() {
            let head = match d.prefecture {
                Some(p) => short_prefecture(p),
                None if d.full_name != d.name => short_prefecture(d.region),
                None => None,
            };
            if let Some(head) = head {
                let list = short
                    .entry(normalize(&format!("{head}{}", d.name)))
                    .or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        for (alias, list) in short {
            if list.len() == 1 && !by_alias.contains_key(&alias) {
                by_alias.insert(alias, list);
            }
        }
        let prefecture_by_name = rows
            .iter()
            .filter(|(c, _)| c.ends_with("00") && !c.ends_with("0000"))
            .map(|&(c, n)| (normalize(n), c))
            .collect();
        Table {
            districts,
            by_code,
            areas,
            by_alias,
            prefecture_by_name,
        }
    }

    /// Every district, in code order.
    pub fn all(&self) -> &[District] {
        &self.districts
    }

    /// The district of a six-digit code.
    pub fn get(&self, code: &str) -> Option<&District> {
        self.by_code.get(code).map(|&i| &self.districts[i])
    }

    /// The name of a province (xx0000) or prefecture (xxxx00) code.
    pub fn area_name(&self, code: &str) -> Option<&'static str> {
        self.areas.get(code).copied()
    }

    /// The districts of a prefecture (its first four digits), in code order.
    pub fn in_prefecture(&self, prefecture: &str) -> Vec<&District> {
        self.districts
            .iter()
            .filter(|d| prefecture_of(d.code) == prefecture)
            .collect()
    }

    /// What a typed district means: a six-digit code or any of the district's names (with or
    /// without its prefecture's and region's names before it) resolves directly; a name several
    /// districts share, or a prefecture, asks which one.
    pub fn resolve(&self, input: &str) -> Resolution<'_> {
        let s = normalize(input);
        if s.is_empty() {
            return Resolution::NotFound;
        }
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(d) = self.get(&s) {
                return Resolution::Found(d);
            }
            if s.ends_with("00") && !s.ends_with("0000") {
                return several(self.in_prefecture(prefecture_of(&s)));
            }
            return Resolution::NotFound;
        }
        if let Some(list) = self.by_alias.get(&s) {
            return several(list.iter().map(|&i| &self.districts[i]).collect());
        }
        match self.prefecture_by_name.get(&s) {
            Some(code) => several(self.in_prefecture(prefecture_of(code))),
            None => Resolution::NotFound,
        }
    }

    /// The prefecture (its first four digits) a typed prefecture code (650100) or name
    /// (乌鲁木齐市) stands for; None for anything else, also for a prefecture that is a district
    /// itself (嘉峪关市).
    pub fn prefecture(&self, input: &str) -> Option<&'static str> {
        let s = normalize(input);
        let code = if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            self.areas.get_key_value(s.as_str()).map(|(c, _)| *c)?
        } else {
            self.prefecture_by_name.get(&s).copied()?
        };
        let p = prefecture_of(code);
        (code.ends_with("00") && !code.ends_with("0000") && self.get(code).is_none()).then_some(p)
    }

    /// Of the districts a shared name may mean, the one an enterprise's registered region
    /// (characters 3–8 of its credit code) points at: the candidate with that very code, or else
    /// the only candidate in that prefecture. None when that is not exactly one.
    pub fn break_tie<'a>(&self, candidates: &[&'a District], region: &str) -> Option<&'a District> {
        let only = |hits: Vec<&'a District>| (hits.len() == 1).then(|| hits[0]);
        let exact = candidates
            .iter()
            .copied()
            .filter(|d| d.code == region)
            .collect();
        only(exact).or_else(|| {
            let p = prefecture_of(region);
            let near = candidates
                .iter()
                .copied()
                .filter(|d| region.len() == 6 && prefecture_of(d.code) == p)
                .collect();
            only(near)
        })
    }

    /// The district a credit code's region digits suggest, if they are six digits of a known
    /// region. A code no longer in the table (a county since renamed) suggests its prefecture.
    pub fn suggest(&self, credit_code: &str) -> Option<Suggestion<'_>> {
        let region = super::credit_code::region_code(credit_code)?;
        if let Some(d) = self.get(region) {
            return Some(Suggestion {
                code: region.to_string(),
                level: Level::District,
                name: Some(d.full_name.clone()),
                candidates: vec![d],
            });
        }
        let prefecture = format!("{}00", prefecture_of(region));
        if !region.ends_with("0000")
            && let Some(name) = self.area_name(&prefecture)
        {
            return Some(Suggestion {
                code: region.to_string(),
                level: Level::Prefecture,
                name: Some(name.to_string()),
                candidates: self.in_prefecture(prefecture_of(region)),
            });
        }
        let province = format!("{}0000", region_of(region));
        let name = self.area_name(&province)?;
        // A municipality's districts come straight under it (110108 海淀区 of 北京市).
        let candidates = if region.ends_with("0000") {
            Vec::new()
        } else {
            self.in_prefecture(prefecture_of(region))
        };
        Some(Suggestion {
            code: region.to_string(),
            level: if candidates.is_empty() {
                Level::Region
            } else {
                Level::Prefecture
            },
            name: Some(name.to_string()),
            candidates,
        })
    }
}

/// The first characters of the ethnic groups named in autonomous prefectures' names (昌吉*回族*
/// 自治州): what comes before is the name offices write with 州 (昌吉州, 伊犁州, 巴音郭楞州).
const PEOPLES: [&str; 20] = [
    "回族",
    "藏族",
    "蒙古",
    "哈萨克",
    "柯尔克孜",
    "朝鲜族",
    "土家族",
    "苗族",
    "侗族",
    "布依族",
    "彝族",
    "哈尼族",
    "壮族",
    "傣族",
    "白族",
    "景颇族",
    "傈僳族",
    "羌族",
    "维吾尔",
    "黎族",
];

/// A prefecture's name as often written without its suffix: 乌鲁木齐市 → 乌鲁木齐, 阿克苏地区 →
/// 阿克苏, 锡林郭勒盟 → 锡林郭勒, 昌吉回族自治州 → 昌吉州. None when nothing is left to shorten.
fn short_prefecture(name: &str) -> Option<String> {
    if let Some(head) = name.strip_suffix("自治州") {
        let cut = PEOPLES.iter().filter_map(|p| head.find(p)).min()?;
        return (cut > 0).then(|| format!("{}州", &head[..cut]));
    }
    let head = name
        .strip_suffix("地区")
        .or_else(|| name.strip_suffix('市'))
        .or_else(|| name.strip_suffix('盟'))
        .or_else(|| name.strip_suffix('州'))?;
    (head.chars().count() >= 2).then(|| head.to_string())
}

fn several(mut list: Vec<&District>) -> Resolution<'_> {
    list.sort_by_key(|d| d.code);
    match list.len() {
        0 => Resolution::NotFound,
        1 => Resolution::Found(list[0]),
        _ => Resolution::Ambiguous(list),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(input: &str) -> Option<(&'static str, String)> {
        match table().resolve(input) {
            Resolution::Found(d) => Some((d.code, d.full_name.clone())),
            _ => None,
        }
    }

    fn codes(r: Resolution<'_>) -> Vec<&'static str> {
        match r {
            Resolution::Ambiguous(list) => list.iter().map(|d| d.code).collect(),
            other => panic!("not ambiguous: {other:?}"),
        }
    }

    #[test]
    fn a_short_name_unique_in_the_country_resolves_to_its_district() {
        assert_eq!(found("新市区"), Some(("650104", "乌鲁木齐市新市区".into())));
        assert_eq!(
            found(" 新市区 "),
            Some(("650104", "乌鲁木齐市新市区".into()))
        );
    }

    #[test]
    fn a_short_name_several_prefectures_share_asks_which_one() {
        // 城关区 is both 兰州市 (Gansu) and 拉萨市 (Tibet).
        assert_eq!(codes(table().resolve("城关区")), vec!["540102", "620102"]);
        // 和平区 is in 天津 and 沈阳.
        assert_eq!(codes(table().resolve("和平区")), vec!["120101", "210102"]);
    }

    #[test]
    fn the_full_name_resolves_directly() {
        assert_eq!(
            found("兰州市城关区"),
            Some(("620102", "兰州市城关区".into()))
        );
        assert_eq!(
            found("拉萨市城关区"),
            Some(("540102", "拉萨市城关区".into()))
        );
        assert_eq!(
            found("乌鲁木齐市新市区"),
            Some(("650104", "乌鲁木齐市新市区".into()))
        );
        assert_eq!(
            found("新疆维吾尔自治区乌鲁木齐市新市区"),
            Some(("650104", "乌鲁木齐市新市区".into()))
        );
        assert_eq!(
            found("昌吉回族自治州昌吉市"),
            Some(("652301", "昌吉市".into()))
        );
        assert_eq!(
            found("北京市海淀区"),
            Some(("110108", "北京市海淀区".into()))
        );
    }

    #[test]
    fn the_prefecture_without_its_suffix_before_the_name_resolves() {
        assert_eq!(
            found("乌鲁木齐天山区"),
            Some(("650102", "乌鲁木齐市天山区".into()))
        );
        assert_eq!(found("兰州城关区"), Some(("620102", "兰州市城关区".into())));
        assert_eq!(found("拉萨城关区"), Some(("540102", "拉萨市城关区".into())));
        assert_eq!(
            found("克拉玛依克拉玛依区"),
            Some(("650203", "克拉玛依市克拉玛依区".into()))
        );
        assert_eq!(found("昌吉州昌吉市"), Some(("652301", "昌吉市".into())));
        assert_eq!(found("伊犁州伊宁市"), Some(("654002", "伊宁市".into())));
        assert_eq!(found("阿克苏库车市"), Some(("652902", "库车市".into())));
        assert_eq!(found("北京海淀区"), Some(("110108", "北京市海淀区".into())));
        // Not a form anyone writes: the ethnic group without 自治州.
        assert_eq!(table().resolve("昌吉回族自治昌吉市"), Resolution::NotFound);
    }

    #[test]
    fn a_short_form_never_takes_a_name_that_already_resolved() {
        // 吉林市's districts shortened (吉林船营区) are new; 吉林省 before a name still works.
        assert_eq!(found("吉林船营区"), Some(("220204", "吉林市船营区".into())));
        assert_eq!(
            found("吉林省船营区"),
            Some(("220204", "吉林市船营区".into()))
        );
        // The short names are still ambiguous: nothing became unique by accident.
        assert_eq!(codes(table().resolve("城关区")), vec!["540102", "620102"]);
    }

    #[test]
    fn a_shared_name_is_decided_by_the_registered_region_when_only_one_fits() {
        let Resolution::Ambiguous(list) = table().resolve("城关区") else {
            panic!("城关区 is shared");
        };
        let code = |r: &str| table().break_tie(&list, r).map(|d| d.code);
        assert_eq!(code("620102"), Some("620102"));
        assert_eq!(code("620100"), Some("620102"));
        assert_eq!(code("540100"), Some("540102"));
        assert_eq!(code("650100"), None);
        assert_eq!(code("620000"), None);
        assert_eq!(code(""), None);
    }

    #[test]
    fn a_prefecture_is_its_first_four_digits_by_code_or_name() {
        assert_eq!(table().prefecture("650100"), Some("6501"));
        assert_eq!(table().prefecture("乌鲁木齐市"), Some("6501"));
        assert_eq!(table().prefecture("昌吉回族自治州"), Some("6523"));
        assert_eq!(table().prefecture("650104"), None);
        assert_eq!(table().prefecture("650000"), None);
        assert_eq!(table().prefecture("嘉峪关市"), None);
        assert_eq!(table().prefecture("城关区"), None);
    }

    #[test]
    fn the_code_resolves_directly_and_gives_the_name() {
        assert_eq!(found("650104"), Some(("650104", "乌鲁木齐市新市区".into())));
        assert_eq!(
            found("６５０１０４"),
            Some(("650104", "乌鲁木齐市新市区".into()))
        );
        let d = table()
            .get("620102")
            .map(|d| (d.name, d.full_name.as_str(), d.region));
        assert_eq!(d, Some(("城关区", "兰州市城关区", "甘肃省")));
        assert_eq!(
            table().get("659001").map(|d| d.full_name.as_str()),
            Some("石河子市")
        );
        // A prefecture-level city without counties is a district itself.
        assert_eq!(found("嘉峪关市"), Some(("620200", "嘉峪关市".into())));
        assert_eq!(found("999999"), None);
    }

    #[test]
    fn a_prefecture_by_code_or_name_asks_for_one_of_its_districts() {
        let urumqi = vec![
            "650102", "650103", "650104", "650105", "650106", "650107", "650109", "650121",
        ];
        assert_eq!(codes(table().resolve("650100")), urumqi);
        assert_eq!(codes(table().resolve("乌鲁木齐市")), urumqi);
    }

    #[test]
    fn what_is_no_district_is_not_found() {
        assert_eq!(table().resolve("新城"), Resolution::NotFound);
        assert_eq!(table().resolve(""), Resolution::NotFound);
        assert_eq!(table().resolve("650000"), Resolution::NotFound);
    }

    #[test]
    fn prefecture_and_region_are_the_first_four_and_two_digits() {
        assert_eq!(prefecture_of("650104"), "6501");
        assert_eq!(region_of("650104"), "65");
        assert_eq!(table().area_name("650100"), Some("乌鲁木齐市"));
        assert_eq!(table().area_name("620000"), Some("甘肃省"));
    }

    #[test]
    fn xinjiang_and_gansu_are_complete() {
        // Counted by hand, prefecture by prefecture: 新疆's 14 prefectures have 96 county-level
        // divisions (乌鲁木齐市 8, 克拉玛依市 4, 吐鲁番市 3, 哈密市 3, 昌吉州 7, 博州 4, 巴州 9,
        // 阿克苏 9, 克州 4, 喀什 12, 和田 8, 伊犁州 11, 塔城 7, 阿勒泰 7) and 12 cities come
        // straight under the region (石河子市 … 白杨市); 甘肃's 13 prefectures with counties have
        // 86, and 嘉峪关市 has none.
        let n = |r: &str| {
            table()
                .all()
                .iter()
                .filter(|d| region_of(d.code) == r)
                .count()
        };
        assert_eq!(n("65"), 108);
        assert_eq!(n("62"), 87);
        assert_eq!(table().all().len(), 2847);
    }

    #[test]
    fn every_full_name_is_unique_and_resolves_to_itself() {
        for d in table().all() {
            assert_eq!(
                found(&d.full_name).map(|f| f.0),
                Some(d.code),
                "{}",
                d.full_name
            );
        }
    }

    #[test]
    fn a_credit_code_only_suggests() {
        // 91650100MA00001540: registered at the prefecture 乌鲁木齐市, not a district.
        let s = table().suggest("91650100MA00001540");
        let s = s.as_ref();
        assert_eq!(s.map(|s| s.level), Some(Level::Prefecture));
        assert_eq!(s.and_then(|s| s.name.as_deref()), Some("乌鲁木齐市"));
        assert_eq!(s.map(|s| s.candidates.len()), Some(8));
        // A district's own code points at that district.
        let s = table().suggest("91650104MA00000000");
        assert_eq!(
            s.as_ref()
                .map(|s| (s.level, s.candidates.iter().map(|d| d.code).collect())),
            Some((Level::District, vec!["650104"]))
        );
        // 110108 is 北京市海淀区.
        let s = table().suggest("91110108551385082Q");
        assert_eq!(
            s.as_ref().and_then(|s| s.name.as_deref()),
            Some("北京市海淀区")
        );
        // A whole region: nothing to choose from.
        let s = table().suggest("91370000728611939A");
        assert_eq!(
            s.as_ref()
                .map(|s| (s.level, s.name.as_deref(), s.candidates.len())),
            Some((Level::Region, Some("山东省"), 0))
        );
        // 654223 沙湾县 became 沙湾市 (654203) in 2021: its prefecture 塔城地区 is offered.
        let s = table().suggest("91654223MA00000000");
        assert_eq!(
            s.as_ref().map(|s| (s.level, s.name.as_deref())),
            Some((Level::Prefecture, Some("塔城地区")))
        );
        assert_eq!(table().suggest("9165"), None);
    }
}
