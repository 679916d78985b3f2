//! The header table: for each kind of data, its columns with their Chinese and English headers,
//! the other headers accepted for them, their type and whether they are required.
//!
//! The importer and every exporter use this one table, so a file Seedbed writes is a file Seedbed
//! reads back unchanged.

use crate::lang::Lang;

/// What a file holds: one table of the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Enterprises,
    Pool,
    Projects,
    Milestones,
    Visits,
    Requests,
    Figures,
    Certificates,
    /// The district's action-plan targets (no enterprise reference).
    Targets,
    /// The support plan's actions (一企一策).
    #[value(name = "support-actions", alias = "support_actions", alias = "actions")]
    SupportActions,
    /// The reward ledger (奖励台账).
    Rewards,
    /// The yearly rankings: computed, so exported but never imported.
    Rankings,
}

impl Kind {
    /// Every kind, in the order their files are best imported (references point backwards);
    /// the last ones are export-only (see [`Kind::importable`]).
    pub const ALL: [Kind; 12] = [
        Kind::Enterprises,
        Kind::Pool,
        Kind::Projects,
        Kind::Milestones,
        Kind::Visits,
        Kind::Requests,
        Kind::Figures,
        Kind::Certificates,
        Kind::Targets,
        Kind::SupportActions,
        Kind::Rewards,
        Kind::Rankings,
    ];

    /// Whether files of this kind can be imported: computed tables (rankings) are written
    /// by Seedbed only.
    pub fn importable(self) -> bool {
        self != Kind::Rankings
    }

    /// The code used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Enterprises => "enterprises",
            Kind::Pool => "pool",
            Kind::Projects => "projects",
            Kind::Milestones => "milestones",
            Kind::Visits => "visits",
            Kind::Requests => "requests",
            Kind::Figures => "figures",
            Kind::Certificates => "certificates",
            Kind::Targets => "targets",
            Kind::SupportActions => "support-actions",
            Kind::Rewards => "rewards",
            Kind::Rankings => "rankings",
        }
    }

    /// The table the kind's rows go to.
    pub fn table(self) -> &'static str {
        match self {
            Kind::Enterprises => "enterprises",
            Kind::Pool => "pool_memberships",
            Kind::Projects => "projects",
            Kind::Milestones => "milestones",
            Kind::Visits => "visits",
            Kind::Requests => "requests",
            Kind::Figures => "figures",
            Kind::Certificates => "certificates",
            Kind::Targets => "targets",
            Kind::SupportActions => "support_actions",
            Kind::Rewards => "rewards",
            Kind::Rankings => "rankings",
        }
    }

    /// The columns of this kind, in export order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Enterprises => ENTERPRISES,
            Kind::Pool => POOL,
            Kind::Projects => PROJECTS,
            Kind::Milestones => MILESTONES,
            Kind::Visits => VISITS,
            Kind::Requests => REQUESTS,
            Kind::Figures => FIGURES,
            Kind::Certificates => CERTIFICATES,
            Kind::Targets => TARGETS,
            Kind::SupportActions => SUPPORT_ACTIONS,
            Kind::Rewards => REWARDS,
            Kind::Rankings => RANKINGS,
        }
    }

    /// The column with `key`.
    pub fn column(self, key: &str) -> Option<&'static Column> {
        self.columns().iter().find(|c| c.key == key)
    }
}

/// How a column's cells are read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Trimmed text.
    Text,
    /// A unified social credit code (normalized, then validated).
    CreditCode,
    /// A calendar date.
    Date,
    /// A date with a time of day.
    DateTime,
    /// A whole number that is not negative (a count).
    Count,
    /// A year.
    Year,
    /// Money in yuan (integer); a header in 万元 multiplies by 10,000.
    Amount,
    /// A decimal number.
    Real,
    /// Yes or no.
    Bool,
    /// One of a closed set (codes or labels in either language).
    Enum(EnumKind),
    /// Side honours, several in one cell.
    Honours,
    /// One of the eight supported high-tech fields.
    HteField,
    /// The id of a record (a ULID as Seedbed writes them, or another short id).
    Id,
    /// A GB/T 2260 district: a code or a name, stored as the table's full name (the whole-pool
    /// words 全区 / whole pool read as empty).
    District,
}

/// The closed sets a column may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    Pool,
    Batch,
    PoolStatus,
    Tier,
    ProjectLevel,
    VisitMode,
    RequestCategory,
    RequestStatus,
    CertKind,
    Metric,
    ActionStatus,
    RewardKind,
    Component,
}

/// One column of a kind's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// A stable key: the database column where there is one (also the JSON key).
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Other headers that mean this column (Chinese office spreadsheets vary).
    pub aliases: &'static [&'static str],
    pub ty: Ty,
    /// A row without a value here is refused.
    pub required: bool,
}

impl Column {
    /// The header written by the exporters: the name, plus the unit for money columns.
    pub fn header(&self, lang: Lang) -> String {
        match (self.ty, lang) {
            (Ty::Amount, Lang::Zh) => format!("{}(元)", self.zh),
            (Ty::Amount, Lang::En) => format!("{} (yuan)", self.en),
            (_, Lang::Zh) => self.zh.to_string(),
            (_, Lang::En) => self.en.to_string(),
        }
    }

    /// The name in the language, without a unit.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// Whether `header` (as normalized by [`normalize_header`]) names this column.
    fn matches(&self, normalized: &str) -> bool {
        let same = |h: &str| normalize_header(h).0 == normalized;
        same(self.zh) || same(self.en) || same(self.key) || self.aliases.iter().any(|a| same(a))
    }
}

const fn col(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    aliases: &'static [&'static str],
    ty: Ty,
    required: bool,
) -> Column {
    Column {
        key,
        zh,
        en,
        aliases,
        ty,
        required,
    }
}

/// The enterprise reference every kind but `enterprises` starts with.
const CODE: Column = col(
    "credit_code",
    "统一社会信用代码",
    "Credit code",
    &[
        "信用代码",
        "社会信用代码",
        "统一信用代码",
        "统一代码",
        "USCC",
        "Unified social credit code",
    ],
    Ty::CreditCode,
    true,
);

/// The enterprise's name beside the reference: for people reading the file, not imported.
const ENTERPRISE_NAME: Column = col(
    "enterprise",
    "企业名称",
    "Enterprise",
    &["企业", "单位名称", "公司名称", "Company"],
    Ty::Text,
    false,
);

const COMMISSIONER: Column = col(
    "commissioner",
    "科技专员",
    "Commissioner",
    &["科技特派员", "专员", "服务专员", "负责专员"],
    Ty::Text,
    false,
);

// round trip
mod enterprises;
mod fieldwork;
mod figures;
mod ledgers;
mod projects;
pub use enterprises::{ENTERPRISES, POOL};
pub use fieldwork::{REQUESTS, VISITS};
pub use figures::{CERTIFICATES, FIGURES, TARGETS};
pub use ledgers::{RANKINGS, REWARDS, SUPPORT_ACTIONS};
pub use projects::{MILESTONES, PROJECTS};

/// The id of the row's record: a file Seedbed wrote names each record, so that records with the
/// same name (two projects of one enterprise) keep apart and keep their ids in another file.
/// Written last; rows without it are matched by their natural key.
pub const ID: Column = col(
    "id",
    "记录ID",
    "Record ID",
    &["ID", "记录编号"],
    Ty::Id,
    false,
);

/// A header reduced to what identifies it, and the multiplier its unit implies (10,000 for 万元).
///
/// Spaces, `*` markers, `_`, `-` and full-width forms are ignored, letters are lowercased, and a
/// trailing unit (`(元)`, `（万元）`, `/万元`, `(人)`, `(yuan)`, `(10k yuan)`) is removed.
pub fn normalize_header(header: &str) -> (String, i64) {
    let mut s = String::with_capacity(header.len());
    for ch in header.chars() {
        let ch = match ch {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            'Ⅰ' => {
                s.push('i');
                continue;
            }
            'Ⅱ' => {
                s.push_str("ii");
                continue;
            }
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            _ => ch,
        };
        if ch.is_whitespace()
            || matches!(
                ch,
                '*' | '_' | '-' | '·' | ':' | '：' | '\u{FEFF}' | '、' | ',' | '，'
            )
        {
            continue;
        }
        s.extend(ch.to_lowercase());
    }
    let wan = [
        "万元",
        "10kyuan",
        "10,000yuan",
        "10000yuan",
        "tenthousandyuan",
    ];
    let scale = if wan.iter().any(|w| s.contains(w)) {
        10_000
    } else {
        1
    };
    // A trailing unit in brackets or after a slash.
    if s.ends_with(')')
        && let Some(open) = s.rfind('(')
        && open > 0
    {
        s.truncate(open);
    }
    for unit in ["/万元", "/元", "/人", "/个", "/yuan", "万元"] {
        if s.len() > unit.len()
            && let Some(stripped) = s.strip_suffix(unit)
        {
            s = stripped.to_string();
        }
    }
    (s, scale)
}

/// A file column matched to a kind's column.
#[derive(Debug, Clone)]
pub struct Mapped {
    /// Index of the cell in the file's rows.
    pub index: usize,
    pub column: &'static Column,
    /// The header as written in the file (for messages).
    pub header: String,
    /// 10,000 for a money column in 万元, else 1.
    pub scale: i64,
}

/// The columns of a file mapped to a kind.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    pub kind: Kind,
    pub mapped: Vec<Mapped>,
    /// Headers that name no column of the kind (ignored, reported).
    pub ignored: Vec<String>,
    /// Required columns the file lacks.
    pub missing: Vec<&'static Column>,
    /// Columns named twice: (column, first header, second header).
    pub doubled: Vec<(&'static Column, String, String)>,
}

impl HeaderMap {
    /// Maps `headers` onto `kind`'s columns.
    pub fn new(kind: Kind, headers: &[String]) -> HeaderMap {
        let mut mapped: Vec<Mapped> = Vec::new();
        let mut ignored = Vec::new();
        let mut doubled = Vec::new();
        for (index, h) in headers.iter().enumerate() {
            let (norm, scale) = normalize_header(h);
            if norm.is_empty() {
                continue;
            }
            match kind.columns().iter().find(|c| c.matches(&norm)) {
                Some(column) => {
                    if let Some(first) = mapped.iter().find(|m| m.column.key == column.key) {
                        doubled.push((column, first.header.clone(), h.trim().to_string()));
                    } else {
                        mapped.push(Mapped {
                            index,
                            column,
                            header: h.trim().to_string(),
                            scale,
                        });
                    }
                }
                None => ignored.push(h.trim().to_string()),
            }
        }
        let missing = kind
            .columns()
            .iter()
            .filter(|c| c.required && !mapped.iter().any(|m| m.column.key == c.key))
            .collect();
        HeaderMap {
            kind,
            mapped,
            ignored,
            missing,
            doubled,
        }
    }

    /// The mapped column with `key`.
    pub fn get(&self, key: &str) -> Option<&Mapped> {
        self.mapped.iter().find(|m| m.column.key == key)
    }

    /// How well the headers fit the kind: columns matched beyond the ones every kind shares.
    fn score(&self) -> usize {
        self.mapped
            .iter()
            .filter(|m| !matches!(m.column.key, "credit_code" | "enterprise" | "id"))
            .count()
    }
}

/// How many of `headers` name a column of some kind (to find the header row under a title).
pub fn known_headers(headers: &[String]) -> usize {
    headers
        .iter()
        .filter(|h| {
            let (norm, _) = normalize_header(h);
            !norm.is_empty()
                && Kind::ALL
                    .iter()
                    .any(|k| k.columns().iter().any(|c| c.matches(&norm)))
        })
        .count()
}

/// The kind whose required columns are all present and which matches the most columns;
/// `Err` with the candidates when two fit equally well, `Ok(None)` when none fits.
pub fn guess_kind(headers: &[String]) -> Result<Option<Kind>, Vec<Kind>> {
    let mut best: Vec<(usize, Kind)> = Kind::ALL
        .iter()
        .map(|k| HeaderMap::new(*k, headers))
        .filter(|m| m.missing.is_empty() && m.score() > 0)
        .map(|m| (m.score(), m.kind))
        .collect();
    best.sort_by_key(|b| std::cmp::Reverse(b.0));
    match best.as_slice() {
        [] => Ok(None),
        [(_, k)] => Ok(Some(*k)),
        [(a, k), (b, _), ..] if a > b => Ok(Some(*k)),
        [(a, _), ..] => Err(best
            .iter()
            .filter(|(s, _)| s == a)
            .map(|(_, k)| *k)
            .collect()),
    }
}

/// When no kind has all its required columns: the kind the headers match best (at least two
/// columns, and more than any other kind) and the required columns it lacks.
pub fn closest_kind(headers: &[String]) -> Option<(Kind, Vec<&'static Column>)> {
    let mut best: Vec<HeaderMap> = Kind::ALL
        .iter()
        .map(|k| HeaderMap::new(*k, headers))
        .filter(|m| m.mapped.len() >= 2 && !m.missing.is_empty())
        .collect();
    best.sort_by_key(|m| std::cmp::Reverse(m.mapped.len()));
    match best.as_slice() {
        [one] => Some((one.kind, one.missing.clone())),
        [a, b, ..] if a.mapped.len() > b.mapped.len() => Some((a.kind, a.missing.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_normalize_units_and_forms() {
        assert_eq!(
            normalize_header("销售收入（万元）"),
            ("销售收入".into(), 10_000)
        );
        assert_eq!(normalize_header("销售收入(元)"), ("销售收入".into(), 1));
        assert_eq!(normalize_header("*企业名称"), ("企业名称".into(), 1));
        assert_eq!(
            normalize_header("Sales (10k yuan)"),
            ("sales".into(), 10_000)
        );
        assert_eq!(normalize_header(" Credit_code "), ("creditcode".into(), 1));
        assert_eq!(
            normalize_header("研发费用/万元"),
            ("研发费用".into(), 10_000)
        );
        assert_eq!(normalize_header("Ⅰ类知识产权"), ("i类知识产权".into(), 1));
        assert_eq!(
            normalize_header("高新技术产品(服务)收入"),
            ("高新技术产品(服务)收入".into(), 1)
        );
    }

    #[test]
    fn every_kind_has_unique_keys_and_headers() {
        for kind in Kind::ALL {
            let cols = kind.columns();
            for (i, a) in cols.iter().enumerate() {
                for b in &cols[i + 1..] {
                    assert_ne!(a.key, b.key, "{kind:?}");
                    for lang in [Lang::Zh, Lang::En] {
                        let (ha, _) = normalize_header(&a.header(lang));
                        assert!(!b.matches(&ha), "{kind:?}: {} also names {}", a.key, b.key);
                    }
                }
                for lang in [Lang::Zh, Lang::En] {
                    let (h, _) = normalize_header(&a.header(lang));
                    assert!(a.matches(&h), "{kind:?} {}", a.key);
                }
            }
        }
    }

    #[test]
    fn kinds_are_guessed_from_their_own_headers() {
        for kind in Kind::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let headers: Vec<String> = kind.columns().iter().map(|c| c.header(lang)).collect();
                assert_eq!(guess_kind(&headers), Ok(Some(kind)), "{kind:?} {lang:?}");
            }
        }
        let typical = strings(&[
            "企业名称",
            "统一社会信用代码",
            "所属区县",
            "联系人",
            "联系电话",
        ]);
        assert_eq!(guess_kind(&typical), Ok(Some(Kind::Enterprises)));
        let figures = strings(&[
            "统一社会信用代码",
            "年度",
            "销售收入（万元）",
            "研发费用（万元）",
        ]);
        assert_eq!(guess_kind(&figures), Ok(Some(Kind::Figures)));
        assert_eq!(guess_kind(&strings(&["甲", "乙"])), Ok(None));
    }

    #[test]
    fn header_map_reports_extra_missing_and_doubled() {
        let h = strings(&["序号", "企业名称", "企业名称", "所属区县"]);
        let m = HeaderMap::new(Kind::Enterprises, &h);
        assert_eq!(m.ignored, vec!["序号".to_string()]);
        assert_eq!(m.missing.len(), 1);
        assert_eq!(m.missing[0].key, "credit_code");
        assert_eq!(m.doubled.len(), 1);
    }
}
