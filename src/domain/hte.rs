//! HTE certification (高新技术企业认定): the eight conditions, the innovation-capability estimate,
//! certificate validity and annual reports.
//!
//! Everything here is pure: the rules take the facts, `today` and the configuration, and return
//! structured results that `crate::i18n::readiness_text` puts into words.
//!
//! Shares are fractions (`0.10` is 10%). Computed ratios are compared with their thresholds with a
//! tolerance of [`EPS`], so a threshold met exactly on paper is met in floating point too.

use crate::config::{HteConfig, TransferInterpolation};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Tolerance used when comparing a computed ratio or score with its threshold.
pub const EPS: f64 = 1e-9;

/// Whether `have` reaches `need`, allowing for floating-point rounding.
pub(crate) fn meets(have: f64, need: f64) -> bool {
    have >= need - EPS
}

/// `num / den`, or `None` when the denominator is not positive.
pub(crate) fn ratio(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// The codes of the eight state-supported high-tech fields (国家重点支持的高新技术领域).
/// `crate::i18n::readiness_text::field_name` gives their labels.
pub const SUPPORTED_FIELDS: [&str; 8] = [
    "electronic_information",
    "biomedicine",
    "aerospace",
    "new_materials",
    "hightech_services",
    "new_energy",
    "resources_environment",
    "advanced_manufacturing",
];

/// Whether `number` has the form of an HTE certificate number: `GR`, a four-digit year, a
/// two-digit province code and a serial of three to six digits (`GR202365000123`).
pub fn valid_certificate_number(number: &str) -> bool {
    let Some(rest) = number.strip_prefix("GR") else {
        return false;
    };
    let digits = rest.len();
    rest.bytes().all(|b| b.is_ascii_digit())
        && (9..=12).contains(&digits)
        && rest[..4]
            .parse::<i32>()
            .is_ok_and(|y| (2000..=2100).contains(&y))
}

/// One year of an enterprise's figures. Money is in yuan; `None` means not known.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct YearFigures {
    pub year: i32,
    /// All staff.
    pub staff: Option<i64>,
    /// Sci-tech staff (科技人员).
    pub scitech_staff: Option<i64>,
    /// Sales revenue (销售收入).
    pub sales: Option<i64>,
    /// Total income (总收入).
    pub total_income: Option<i64>,
    /// High-tech product/service income (高新技术产品(服务)收入).
    pub hightech_income: Option<i64>,
    /// R&D spend (研发费用).
    pub rd_spend: Option<i64>,
    /// R&D spend within China (境内研发费用).
    pub rd_domestic: Option<i64>,
    pub net_assets: Option<i64>,
    pub total_assets: Option<i64>,
    pub liabilities: Option<i64>,
    /// Class I IP items owned (invention patents, plant varieties, IC layouts, new drugs).
    pub ip_class1: Option<i64>,
    /// Class II IP items owned (utility models, designs, software copyrights).
    pub ip_class2: Option<i64>,
    /// Sci-tech results transferred into products (科技成果转化).
    pub results_transferred: Option<i64>,
    /// The assessed R&D management score, 0–20.
    pub rd_mgmt_score: Option<f64>,
    /// Whether a major safety, quality or environmental incident happened this year.
    pub major_incident: Option<bool>,
    /// When the annual report for this year was filed.
    #[serde(with = "iso_date::option")]
    pub annual_report_filed: Option<Date>,
}

/// Growth over three consecutive years: ½(v₂/v₁ + v₃/v₂) − 1, as a fraction.
/// `None` when `v1` or `v2` is not positive (the ratio is undefined).
pub fn growth_rate(v1: i64, v2: i64, v3: i64) -> Option<f64> {
    if v1 <= 0 || v2 <= 0 {
        return None;
    }
    let (a, b, c) = (v1 as f64, v2 as f64, v3 as f64);
    Some(0.5 * (b / a + c / b) - 1.0)
}

/// The points (0–10) a growth rate scores in the innovation-capability evaluation.
pub fn growth_points(rate: f64) -> u8 {
    let at = |t: f64| meets(rate, t);
    if at(0.35) {
        if at(0.50) { 10 } else { 9 }
    } else if at(0.25) {
        if at(0.30) { 8 } else { 7 }
    } else if at(0.15) {
        if at(0.20) { 6 } else { 5 }
    } else if at(0.05) {
        if at(0.10) { 4 } else { 3 }
    } else if rate > EPS {
        if at(0.025) { 2 } else { 1 }
    } else {
        // Also NaN.
        0
    }
}

/// The outcome of checking one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Pass,
    Fail,
    Unknown,
}

impl Check {
    /// Both checks: `Fail` if either fails, else `Unknown` if either is unknown, else `Pass`.
    pub fn and(self, other: Check) -> Check {
        match (self, other) {
            (Check::Fail, _) | (_, Check::Fail) => Check::Fail,
            (Check::Unknown, _) | (_, Check::Unknown) => Check::Unknown,
            _ => Check::Pass,
        }
    }
}

/// The eight HTE conditions, in the order of the regulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HteCondition {
    Registered,
    CoreIp,
    SupportedField,
    ScitechStaff,
    RdIntensity,
    HightechIncome,
    InnovationScore,
    NoIncident,
}

impl HteCondition {
    /// All eight, in order.
    pub const ALL: [HteCondition; 8] = [
        HteCondition::Registered,
        HteCondition::CoreIp,
        HteCondition::SupportedField,
        HteCondition::ScitechStaff,
        HteCondition::RdIntensity,
        HteCondition::HightechIncome,
        HteCondition::InnovationScore,
        HteCondition::NoIncident,
    ];

    /// The condition's number in the regulation, 1–8.
    pub fn number(self) -> u8 {
        match self {
            HteCondition::Registered => 1,
            HteCondition::CoreIp => 2,
            HteCondition::SupportedField => 3,
            HteCondition::ScitechStaff => 4,
            HteCondition::RdIntensity => 5,
            HteCondition::HightechIncome => 6,
            HteCondition::InnovationScore => 7,
            HteCondition::NoIncident => 8,
        }
    }
}

/// How far a condition is from its threshold (or, for a pass, the margin), as data.
/// `crate::i18n::readiness_text::gap` puts it into words.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// Days, e.g. days since registration.
    Days { have: i64, need: i64 },
    /// A share as a fraction (`0.068` of `0.10`).
    Share { have: f64, need: f64 },
    /// Score points.
    Points { have: f64, need: f64 },
    /// A count of items, e.g. IP items owned.
    Count { have: i64, need: i64 },
    /// The named figure is zero, so the ratio cannot be computed.
    Zero(&'static str),
    /// The named figure is missing (keys: see `crate::i18n::readiness_text::figure_name`).
    Missing(&'static str),
    /// The fact was not recorded (supported field, incident).
    NotRecorded,
    /// There are no figures for `year` (the year the condition needs); `newest` is the newest
    /// year before today that has figures, when it is older than `year`. Older figures are never
    /// used in their place.
    NoFigures { year: i32, newest: Option<i32> },
}

/// One condition's check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionResult {
    pub condition: HteCondition,
    pub check: Check,
    /// Some for every `Unknown` and for numeric `Fail`s; for a numeric `Pass`, the margin.
    /// `None` for a recorded major incident (condition 8 failing) and a recorded field.
    pub gap: Option<Gap>,
}

/// What readiness is computed from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HteFacts {
    /// The registration date.
    #[serde(with = "iso_date::option")]
    pub founded: Option<Date>,
    /// The supported field of the core technology, if known (see [`SUPPORTED_FIELDS`]).
    pub supported_field: Option<String>,
    /// Yearly figures in any order; the last three years before today's year are used.
    pub figures: Vec<YearFigures>,
}

/// The eight conditions checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// All eight, in order.
    pub conditions: Vec<ConditionResult>,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
    /// The estimated innovation-capability score (0–100) when every part of it is known.
    pub innovation_estimate: Option<f64>,
    /// "Last year": the calendar year before today's, whose figures the conditions use.
    pub last_year: i32,
    /// The newest year before today's that has figures (`Some(last_year)` when they are current).
    pub newest_year: Option<i32>,
}

impl Readiness {
    /// Whether all eight conditions pass.
    pub fn ready(&self) -> bool {
        self.failed == 0 && self.unknown == 0 && self.passed == self.conditions.len()
    }

    /// Whether no more than two conditions are failing or unknown.
    pub fn nearly(&self) -> bool {
        self.failed + self.unknown <= 2
    }

    /// Whether last year's figures are missing (the conditions that need them are unknown).
    pub fn stale(&self) -> bool {
        self.newest_year != Some(self.last_year)
    }
}

/// The figures of `year`; a later entry for the same year wins.
fn by_year(figures: &[YearFigures], year: i32) -> Option<&YearFigures> {
    figures.iter().rev().find(|f| f.year == year)
}

fn result(condition: HteCondition, check: Check, gap: Option<Gap>) -> ConditionResult {
    ConditionResult {
        condition,
        check,
        gap,
    }
}

fn unknown(condition: HteCondition, gap: Gap) -> ConditionResult {
    result(condition, Check::Unknown, Some(gap))
}

fn pass_if(ok: bool) -> Check {
    if ok { Check::Pass } else { Check::Fail }
}

/// The newest year before `today`'s that has figures.
pub fn newest_year_before(figures: &[YearFigures], today: Date) -> Option<i32> {
    figures
        .iter()
        .map(|y| y.year)
        .filter(|&y| y < today.year())
        .max()
}

/// Checks the eight conditions as of `today`.
///
/// "Last year" is the calendar year before `today`'s; conditions 2, 4, 6 and 8 use its figures,
/// condition 5 the years `last-2..=last` that are present (a younger enterprise's actual years),
/// condition 7 growth and transfer of results the three years `last-2`, `last-1`, `last`. When
/// last year's figures are missing, every condition that needs them is unknown with
/// [`Gap::NoFigures`]: older figures are never judged in their place.
pub fn readiness(f: &HteFacts, today: Date, cfg: &HteConfig) -> Readiness {
    let last_year = today.year().saturating_sub(1);
    let newest_year = newest_year_before(&f.figures, today);
    let last = by_year(&f.figures, last_year).ok_or(Gap::NoFigures {
        year: last_year,
        newest: newest_year,
    });
    let (innovation, innovation_estimate) = innovation_score(&f.figures, last, cfg);
    let conditions = vec![
        registered(f.founded, today, cfg),
        core_ip(last),
        supported_field(f.supported_field.as_deref()),
        scitech_staff(last, cfg),
        rd_intensity(&f.figures, last, cfg),
        hightech_income(last, cfg),
        innovation,
        no_incident(last),
    ];
    let count = |c: Check| conditions.iter().filter(|r| r.check == c).count();
    Readiness {
        passed: count(Check::Pass),
        failed: count(Check::Fail),
        unknown: count(Check::Unknown),
        conditions,
        innovation_estimate,
        last_year,
        newest_year,
    }
}

/// Last year's figures, or why they cannot be used.
type Last<'a> = Result<&'a YearFigures, Gap>;

fn registered(founded: Option<Date>, today: Date, cfg: &HteConfig) -> ConditionResult {
    let c = HteCondition::Registered;
    let Some(founded) = founded else {
        return unknown(c, Gap::Missing("founded"));
    };
    let have = (today - founded).whole_days();
    let need = cfg.min_registered_days;
    result(c, pass_if(have >= need), Some(Gap::Days { have, need }))
}

fn core_ip(last: Last<'_>) -> ConditionResult {
    let c = HteCondition::CoreIp;
    let y = match last {
        Ok(y) => y,
        Err(gap) => return unknown(c, gap),
    };
    let owned = |n: Option<i64>| n.unwrap_or(0).max(0);
    let have = owned(y.ip_class1).saturating_add(owned(y.ip_class2));
    if have > 0 {
        return result(c, Check::Pass, Some(Gap::Count { have, need: 1 }));
    }
    match (y.ip_class1, y.ip_class2) {
        (Some(_), Some(_)) => result(c, Check::Fail, Some(Gap::Count { have: 0, need: 1 })),
        (None, None) => unknown(c, Gap::Missing("ip")),
        (None, Some(_)) => unknown(c, Gap::Missing("ip_class1")),
        (Some(_), None) => unknown(c, Gap::Missing("ip_class2")),
    }
}

fn supported_field(field: Option<&str>) -> ConditionResult {
    let c = HteCondition::SupportedField;
    match field.map(str::trim) {
        Some(s) if !s.is_empty() => result(c, Check::Pass, None),
        _ => unknown(c, Gap::NotRecorded),
    }
}

/// A share check: `num / den` against `need`.
fn share_check(
    c: HteCondition,
    num: Option<i64>,
    num_key: &'static str,
    den: Option<i64>,
    den_key: &'static str,
    need: f64,
) -> ConditionResult {
    let Some(den) = den else {
        return unknown(c, Gap::Missing(den_key));
    };
    let Some(num) = num else {
        return unknown(c, Gap::Missing(num_key));
    };
    let Some(have) = ratio(num, den) else {
        return unknown(c, Gap::Zero(den_key));
    };
    result(
        c,
        pass_if(meets(have, need)),
        Some(Gap::Share { have, need }),
    )
}

fn scitech_staff(last: Last<'_>, cfg: &HteConfig) -> ConditionResult {
    let c = HteCondition::ScitechStaff;
    let y = match last {
        Ok(y) => y,
        Err(gap) => return unknown(c, gap),
    };
    share_check(
        c,
        y.scitech_staff,
        "scitech_staff",
        y.staff,
        "staff",
        cfg.scitech_staff_share,
    )
}

fn hightech_income(last: Last<'_>, cfg: &HteConfig) -> ConditionResult {
    let c = HteCondition::HightechIncome;
    let y = match last {
        Ok(y) => y,
        Err(gap) => return unknown(c, gap),
    };
    share_check(
        c,
        y.hightech_income,
        "hightech_income",
        y.total_income,
        "total_income",
        cfg.hightech_income_share,
    )
}

/// The R&D intensity threshold for last year's sales.
pub fn rd_share_needed(last_sales: i64, cfg: &HteConfig) -> f64 {
    if last_sales <= cfg.small_sales_limit {
        cfg.rd_share_small
    } else if last_sales <= cfg.medium_sales_limit {
        cfg.rd_share_medium
    } else {
        cfg.rd_share_large
    }
}

fn rd_intensity(figures: &[YearFigures], last: Last<'_>, cfg: &HteConfig) -> ConditionResult {
    let c = HteCondition::RdIntensity;
    let ly = match last {
        Ok(y) => y,
        Err(gap) => return unknown(c, gap),
    };
    let mut rd = Some(0i64);
    let mut sales = Some(0i64);
    let mut domestic = Some(0i64);
    let add = |sum: Option<i64>, v: Option<i64>| Some(sum?.saturating_add(v?));
    for year in (ly.year.saturating_sub(2))..=ly.year {
        if let Some(y) = by_year(figures, year) {
            rd = add(rd, y.rd_spend);
            sales = add(sales, y.sales);
            domestic = add(domestic, y.rd_domestic);
        }
    }

    let intensity = match (rd, sales, ly.sales) {
        (None, _, _) => (Check::Unknown, Gap::Missing("rd_spend")),
        (_, None, _) | (_, _, None) => (Check::Unknown, Gap::Missing("sales")),
        (Some(rd), Some(sales), Some(last_sales)) => match ratio(rd, sales) {
            None => (Check::Unknown, Gap::Zero("sales")),
            Some(have) => {
                let need = rd_share_needed(last_sales, cfg);
                (pass_if(meets(have, need)), Gap::Share { have, need })
            }
        },
    };
    let need = cfg.rd_domestic_share;
    let domestic = match (domestic, rd) {
        (None, _) => (Check::Unknown, Gap::Missing("rd_domestic")),
        (_, None) => (Check::Unknown, Gap::Missing("rd_spend")),
        (Some(dom), Some(rd)) => match ratio(dom, rd) {
            None => (Check::Unknown, Gap::Zero("rd_spend")),
            Some(have) => (pass_if(meets(have, need)), Gap::Share { have, need }),
        },
    };
    // A failure is reported before an unknown, and the intensity before the domestic share.
    let (check, gap) = [intensity, domestic]
        .into_iter()
        .find(|(ch, _)| *ch == Check::Fail)
        .or_else(|| {
            [intensity, domestic]
                .into_iter()
                .find(|(ch, _)| *ch == Check::Unknown)
        })
        .unwrap_or(intensity);
    result(c, check, Some(gap))
}

/// One part of the innovation estimate: its lowest and highest possible points.
struct Part {
    lo: f64,
    hi: f64,
    missing: Option<Gap>,
}

impl Part {
    fn known(points: f64) -> Part {
        Part {
            lo: points,
            hi: points,
            missing: None,
        }
    }

    /// A part that could score anything from 0 to `max`, for the reason `why`.
    fn unknown(max: f64, why: Gap) -> Part {
        Part {
            lo: 0.0,
            hi: max,
            missing: Some(why),
        }
    }
}

/// A year's figure `pick` among the three years `last_year-2..=last_year`, or why it is unknown
/// (the year has no figures, or the figure `key` is missing).
fn year_value(
    figures: &[YearFigures],
    year: i32,
    key: &'static str,
    pick: fn(&YearFigures) -> Option<i64>,
) -> Result<i64, Gap> {
    let y = by_year(figures, year).ok_or(Gap::NoFigures { year, newest: None })?;
    pick(y).ok_or(Gap::Missing(key))
}

/// The transfer-of-results points (0–30) for a yearly average of `avg` results: average ≥ 5 →
/// 25–30, ≥ 4 → 19–24, ≥ 3 → 13–18, ≥ 2 → 7–12, ≥ 1 → 1–6, below 1 → 0.
///
/// `Linear` places the average within its band: the band's lowest points at its lower edge,
/// rising by the band's width over one result a year (so just below the next band it nears the
/// band's highest points, and the top band reaches 30 at an average of 6).
pub fn transfer_points(avg: f64, how: TransferInterpolation) -> f64 {
    // (lower edge of the band, lowest points, highest points), best band first.
    const BANDS: [(f64, f64, f64); 5] = [
        (5.0, 25.0, 30.0),
        (4.0, 19.0, 24.0),
        (3.0, 13.0, 18.0),
        (2.0, 7.0, 12.0),
        (1.0, 1.0, 6.0),
    ];
    for (edge, lo, hi) in BANDS {
        if meets(avg, edge) {
            return match how {
                TransferInterpolation::Linear => (lo + (avg - edge).max(0.0) * (hi - lo)).min(hi),
                TransferInterpolation::BandLow => lo,
                TransferInterpolation::BandHigh => hi,
            };
        }
    }
    0.0
}

/// Transfer of results: the yearly average over `last_year-2..=last_year`; a missing year (or a
/// year without the count) makes the part unknown.
fn transfer_part(figures: &[YearFigures], last_year: i32, cfg: &HteConfig) -> Part {
    let mut sum = 0i64;
    for year in last_year.saturating_sub(2)..=last_year {
        match year_value(figures, year, "results_transferred", |f| {
            f.results_transferred
        }) {
            Ok(n) => sum = sum.saturating_add(n.max(0)),
            Err(why) => return Part::unknown(30.0, why),
        }
    }
    Part::known(transfer_points(
        sum as f64 / 3.0,
        cfg.transfer_interpolation,
    ))
}

fn ip_part(y: &YearFigures, cfg: &HteConfig) -> Part {
    let points = |n: Option<i64>, per: f64| n.unwrap_or(0).max(0) as f64 * per;
    let sum = points(y.ip_class1, cfg.ip_points_per_class1)
        + points(y.ip_class2, cfg.ip_points_per_class2);
    let lo = sum.clamp(0.0, 30.0);
    match (y.ip_class1, y.ip_class2) {
        (Some(_), Some(_)) => Part::known(lo),
        (None, _) => Part {
            lo,
            hi: 30.0,
            missing: Some(Gap::Missing("ip_class1")),
        },
        (_, None) => Part {
            lo,
            hi: 30.0,
            missing: Some(Gap::Missing("ip_class2")),
        },
    }
}

fn growth_part(
    figures: &[YearFigures],
    last_year: i32,
    key: &'static str,
    pick: fn(&YearFigures) -> Option<i64>,
) -> Part {
    let value = |back: i32| year_value(figures, last_year.saturating_sub(back), key, pick);
    match (value(2), value(1), value(0)) {
        // An undefined rate (a non-positive base year) scores no growth.
        (Ok(v1), Ok(v2), Ok(v3)) => {
            Part::known(growth_rate(v1, v2, v3).map_or(0, growth_points) as f64)
        }
        (Err(why), _, _) | (_, Err(why), _) | (_, _, Err(why)) => Part::unknown(10.0, why),
    }
}

/// Condition 7 and the estimate (`Some` only when every part is known).
fn innovation_score(
    figures: &[YearFigures],
    last: Last<'_>,
    cfg: &HteConfig,
) -> (ConditionResult, Option<f64>) {
    let c = HteCondition::InnovationScore;
    let y = match last {
        Ok(y) => y,
        Err(gap) => return (unknown(c, gap), None),
    };
    let mgmt = match y.rd_mgmt_score.filter(|s| !s.is_nan()) {
        Some(s) => Part::known(s.clamp(0.0, 20.0)),
        None => Part::unknown(20.0, Gap::Missing("rd_mgmt_score")),
    };
    let parts = [
        ip_part(y, cfg),
        transfer_part(figures, y.year, cfg),
        mgmt,
        growth_part(figures, y.year, "net_assets", |f| f.net_assets),
        growth_part(figures, y.year, "sales", |f| f.sales),
    ];
    let lo: f64 = parts.iter().map(|p| p.lo).sum();
    let hi: f64 = parts.iter().map(|p| p.hi).sum();
    let need = cfg.innovation_pass_score;
    match parts.iter().find_map(|p| p.missing) {
        None => (
            result(
                c,
                pass_if(meets(lo, need)),
                Some(Gap::Points { have: lo, need }),
            ),
            Some(lo),
        ),
        Some(_) if meets(lo, need) => (
            result(c, Check::Pass, Some(Gap::Points { have: lo, need })),
            None,
        ),
        Some(_) if !meets(hi, need) => (
            result(c, Check::Fail, Some(Gap::Points { have: hi, need })),
            None,
        ),
        Some(why) => (unknown(c, why), None),
    }
}

fn no_incident(last: Last<'_>) -> ConditionResult {
    let c = HteCondition::NoIncident;
    let y = match last {
        Ok(y) => y,
        Err(gap) => return unknown(c, gap),
    };
    match y.major_incident {
        Some(false) => result(c, Check::Pass, None),
        Some(true) => result(c, Check::Fail, None),
        None => unknown(c, Gap::NotRecorded),
    }
}

/// Where an HTE certificate stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateStatus {
    /// The last day of validity.
    pub expires: Date,
    /// Days from today to `expires` (negative once expired).
    pub days_left: i64,
    /// Whether re-certification should be tracked (`days_left <= renewal_window_days`; also true
    /// once expired, since the enterprise must then apply anew).
    pub in_renewal_window: bool,
    /// Whether the certificate is no longer valid (`days_left < 0`: valid through `expires`).
    pub expired: bool,
}

/// `d` moved by `years`, keeping month and day (Feb 29 → Feb 28); clamped to the supported range.
fn add_years(d: Date, years: i32) -> Date {
    let fallback = if years >= 0 { Date::MAX } else { Date::MIN };
    let Some(year) = d.year().checked_add(years) else {
        return fallback;
    };
    Date::from_calendar_date(year, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(year, d.month(), 28))
        .unwrap_or(fallback)
}

/// The status of a certificate issued on `issued`, as of `today`.
pub fn certificate_status(issued: Date, today: Date, cfg: &HteConfig) -> CertificateStatus {
    let expires = add_years(issued, cfg.certificate_valid_years);
    let days_left = (expires - today).whole_days();
    CertificateStatus {
        expires,
        days_left,
        in_renewal_window: days_left <= cfg.renewal_window_days,
        expired: days_left < 0,
    }
}

/// Whether the HTE certificate `number` issued on `issued` was renewed as of `today`: among the
/// enterprise's HTE certificates `all` (issue day, number) is a later one with another number,
/// issued on or before `today`. A renewed certificate is off the expiry watch.
pub fn renewed(issued: Date, number: &str, all: &[(Date, &str)], today: Date) -> bool {
    all.iter()
        .any(|&(on, n)| n != number && on > issued && on <= today)
}

/// The day the annual report for `year` is due: 31 May of the next year.
pub fn annual_report_due(year: i32) -> Option<Date> {
    Date::from_calendar_date(year.checked_add(1)?, Month::May, 31).ok()
}

/// How many consecutive most-recent years have an annual report past due and not filed.
///
/// Only years with figures are known: counting starts at the latest year with figures whose
/// report is past due and stops at a filed report or at a year without figures. A report filed
/// late counts as filed. Two missed reports cancel the HTE status.
pub fn annual_report_missed(figures: &[YearFigures], today: Date) -> u32 {
    let mut years: Vec<i32> = figures
        .iter()
        .map(|f| f.year)
        .filter(|&y| annual_report_due(y).is_some_and(|due| today > due))
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut missed = 0;
    let mut expected: Option<i32> = None;
    for &year in years.iter().rev() {
        if expected.is_some_and(|e| e != year) {
            break;
        }
        let filed = by_year(figures, year).is_some_and(|f| f.annual_report_filed.is_some());
        if filed {
            break;
        }
        missed += 1;
        match year.checked_sub(1) {
            Some(prev) => expected = Some(prev),
            None => break,
        }
    }
    missed
}

#[cfg(test)]
mod certificate_number_tests {
    use super::valid_certificate_number;

    #[test]
    fn certificate_numbers() {
        assert!(valid_certificate_number("GR202365000123"));
        assert!(valid_certificate_number("GR202162001"));
        assert!(!valid_certificate_number("GR2026ABC"));
        assert!(!valid_certificate_number("202365000123"));
        assert!(!valid_certificate_number("GR189965000123"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn cfg() -> HteConfig {
        Config::default().hte
    }

    /// A year that passes every condition: 100 staff (20 sci-tech), sales 30 M, R&D 2 M.
    fn good_year(year: i32, sales: i64, net_assets: i64) -> YearFigures {
        YearFigures {
            year,
            staff: Some(100),
            scitech_staff: Some(20),
            sales: Some(sales),
            total_income: Some(sales),
            hightech_income: Some(sales * 8 / 10),
            rd_spend: Some(sales / 10),
            rd_domestic: Some(sales / 10),
            net_assets: Some(net_assets),
            total_assets: Some(net_assets * 2),
            liabilities: Some(net_assets),
            ip_class1: Some(2),
            ip_class2: Some(5),
            results_transferred: Some(4),
            rd_mgmt_score: Some(16.0),
            major_incident: Some(false),
            annual_report_filed: Some(date!(2026 - 05 - 20)),
        }
    }

    fn good_facts() -> HteFacts {
        HteFacts {
            founded: Some(date!(2018 - 03 - 01)),
            supported_field: Some("electronic_information".into()),
            figures: vec![
                good_year(2025, 30_000_000, 20_000_000),
                good_year(2023, 20_000_000, 10_000_000),
                good_year(2024, 25_000_000, 15_000_000),
            ],
        }
    }

    fn cond(r: &Readiness, c: HteCondition) -> &ConditionResult {
        &r.conditions[usize::from(c.number() - 1)]
    }

    #[test]
    fn growth_rate_formula_and_undefined_bases() {
        let r = growth_rate(100, 150, 225).unwrap_or(f64::NAN);
        assert!((r - 0.5).abs() < 1e-12);
        assert_eq!(growth_rate(0, 10, 20), None);
        assert_eq!(growth_rate(10, 0, 20), None);
        assert_eq!(growth_rate(-5, 10, 20), None);
        assert_eq!(growth_rate(10, 10, 10), Some(0.0));
        // A fall is negative growth.
        assert!(growth_rate(100, 50, 25).is_some_and(|r| r < 0.0));
    }

    #[test]
    fn growth_points_bands_and_exact_thresholds() {
        let cases = [
            (0.60, 10),
            (0.50, 10),
            (0.49, 9),
            (0.35, 9),
            (0.34, 8),
            (0.30, 8),
            (0.25, 7),
            (0.20, 6),
            (0.15, 5),
            (0.10, 4),
            (0.05, 3),
            (0.049, 2),
            (0.025, 2),
            (0.01, 1),
            (0.0, 0),
            (-0.2, 0),
            (f64::NAN, 0),
        ];
        for (rate, points) in cases {
            assert_eq!(growth_points(rate), points, "rate {rate}");
        }
        // 10% computed through the formula (not exactly 0.1 in floating point) still scores 4.
        let r = growth_rate(100, 110, 121).unwrap_or(0.0);
        assert_eq!(growth_points(r), 4);
    }

    #[test]
    fn condition_numbers_are_one_to_eight() {
        let numbers: Vec<u8> = HteCondition::ALL.iter().map(|c| c.number()).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn a_good_enterprise_is_ready() {
        let r = readiness(&good_facts(), TODAY, &cfg());
        assert_eq!(r.conditions.len(), 8);
        for (i, c) in r.conditions.iter().enumerate() {
            assert_eq!(c.condition, HteCondition::ALL[i]);
            assert_eq!(c.check, Check::Pass, "{c:?}");
        }
        assert!(r.ready());
        assert!(r.nearly());
        assert_eq!((r.passed, r.failed, r.unknown), (8, 0, 0));
        // IP min(30, 2×8 + 5×2) = 26, transfer: 4 a year on average → 19, management 16,
        // net assets 10→15→20 M: ½(1.5 + 1.333) − 1 = 41.7% → 9,
        // sales 20→25→30 M: ½(1.25 + 1.2) − 1 = 22.5% → 6. Total 76.
        assert_eq!(r.innovation_estimate, Some(76.0));
        assert_eq!(
            cond(&r, HteCondition::InnovationScore).gap,
            Some(Gap::Points {
                have: 76.0,
                need: 71.0
            })
        );
        assert_eq!(
            (r.last_year, r.newest_year, r.stale()),
            (2025, Some(2025), false)
        );
        // The pass shows its margin.
        assert_eq!(
            cond(&r, HteCondition::ScitechStaff).gap,
            Some(Gap::Share {
                have: 0.2,
                need: 0.1
            })
        );
    }

    #[test]
    fn figures_of_the_current_year_are_not_last_year() {
        let mut f = good_facts();
        // A partial current-year record with an incident must not be used.
        f.figures.push(YearFigures {
            year: 2026,
            major_incident: Some(true),
            ..Default::default()
        });
        assert!(readiness(&f, TODAY, &cfg()).ready());
    }

    #[test]
    fn registration_exactly_365_days_passes_and_one_less_fails() {
        let mut f = good_facts();
        f.founded = Some(date!(2025 - 11 - 21));
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::Registered);
        assert_eq!(c.check, Check::Pass);
        assert_eq!(
            c.gap,
            Some(Gap::Days {
                have: 365,
                need: 365
            })
        );

        f.founded = Some(date!(2025 - 11 - 22));
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::Registered);
        assert_eq!(c.check, Check::Fail);
        assert_eq!(
            c.gap,
            Some(Gap::Days {
                have: 364,
                need: 365
            })
        );

        f.founded = None;
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(
            cond(&r, HteCondition::Registered).gap,
            Some(Gap::Missing("founded"))
        );
    }

    #[test]
    fn core_ip_needs_one_item_of_either_class() {
        let mut f = good_facts();
        let set = |f: &mut HteFacts, c1, c2| {
            f.figures[0].ip_class1 = c1;
            f.figures[0].ip_class2 = c2;
        };
        set(&mut f, Some(0), Some(1));
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::CoreIp).check, Check::Pass);

        set(&mut f, Some(0), Some(0));
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::CoreIp);
        assert_eq!(c.check, Check::Fail);
        assert_eq!(c.gap, Some(Gap::Count { have: 0, need: 1 }));

        set(&mut f, Some(0), None);
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::CoreIp);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(c.gap, Some(Gap::Missing("ip_class2")));

        set(&mut f, None, None);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::CoreIp).gap, Some(Gap::Missing("ip")));
    }

    #[test]
    fn supported_field_unknown_when_not_recorded() {
        let mut f = good_facts();
        f.supported_field = Some("  ".into());
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::SupportedField);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(c.gap, Some(Gap::NotRecorded));
        f.supported_field = None;
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::SupportedField).check, Check::Unknown);
    }

    #[test]
    fn scitech_staff_threshold_met_exactly_and_zero_staff() {
        let mut f = good_facts();
        f.figures[0].scitech_staff = Some(10);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::ScitechStaff).check, Check::Pass);

        f.figures[0].scitech_staff = Some(9);
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::ScitechStaff);
        assert_eq!(c.check, Check::Fail);
        assert_eq!(
            c.gap,
            Some(Gap::Share {
                have: 0.09,
                need: 0.1
            })
        );

        f.figures[0].staff = Some(0);
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::ScitechStaff);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(c.gap, Some(Gap::Zero("staff")));

        f.figures[0].staff = None;
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(
            cond(&r, HteCondition::ScitechStaff).gap,
            Some(Gap::Missing("staff"))
        );
    }

    /// Three years with the given R&D and sales each year.
    fn rd_facts(rd: [Option<i64>; 3], sales: [Option<i64>; 3]) -> HteFacts {
        let mut f = good_facts();
        for (i, y) in [2023, 2024, 2025].into_iter().enumerate() {
            if let Some(fig) = f.figures.iter_mut().find(|x| x.year == y) {
                fig.rd_spend = rd[i];
                fig.rd_domestic = rd[i];
                fig.sales = sales[i];
            }
        }
        f
    }

    #[test]
    fn rd_intensity_uses_three_year_sums_and_the_sales_band() {
        // 5% exactly over three years with last year's sales 30 M (small band: 5%).
        let f = rd_facts(
            [Some(1_000_000), Some(1_250_000), Some(1_500_000)],
            [Some(20_000_000), Some(25_000_000), Some(30_000_000)],
        );
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::RdIntensity);
        assert_eq!(c.check, Check::Pass, "{c:?}");
        assert_eq!(
            c.gap,
            Some(Gap::Share {
                have: 0.05,
                need: 0.05
            })
        );

        // 4.5%: fails the small band …
        let f = rd_facts(
            [Some(900_000), Some(900_000), Some(900_000)],
            [Some(20_000_000), Some(20_000_000), Some(20_000_000)],
        );
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::RdIntensity).check, Check::Fail);

        // … but passes the medium band (last year's sales 100 M → 4%).
        let f = rd_facts(
            [Some(4_500_000), Some(4_500_000), Some(4_500_000)],
            [Some(100_000_000), Some(100_000_000), Some(100_000_000)],
        );
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::RdIntensity).check, Check::Pass);

        // Large band: above 200 M, 3%.
        let c = cfg();
        assert_eq!(rd_share_needed(200_000_000, &c), 0.04);
        assert_eq!(rd_share_needed(200_000_001, &c), 0.03);
        assert_eq!(rd_share_needed(50_000_000, &c), 0.05);
    }

    #[test]
    fn rd_intensity_uses_only_present_years() {
        let mut f = good_facts();
        f.figures.retain(|y| y.year == 2025);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::RdIntensity).check, Check::Pass);
    }

    #[test]
    fn zero_sales_make_the_ratio_unknown() {
        let f = rd_facts([Some(0), Some(0), Some(0)], [Some(0), Some(0), Some(0)]);
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::RdIntensity);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(c.gap, Some(Gap::Zero("sales")));
        // Zero sales every year: growth is undefined and scores 0, the estimate still exists.
        assert!(r.innovation_estimate.is_some());

        let f = rd_facts([Some(1), Some(1), None], [Some(10), Some(10), Some(10)]);
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::RdIntensity);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(c.gap, Some(Gap::Missing("rd_spend")));
    }

    #[test]
    fn domestic_rd_share_is_part_of_condition_five() {
        let mut f = good_facts();
        for y in &mut f.figures {
            y.rd_domestic = y.rd_spend.map(|r| r / 2);
        }
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::RdIntensity);
        assert_eq!(c.check, Check::Fail);
        assert_eq!(
            c.gap,
            Some(Gap::Share {
                have: 0.5,
                need: 0.6
            })
        );
        // A failing intensity is reported even when the domestic share is unknown.
        for y in &mut f.figures {
            y.rd_domestic = None;
            y.rd_spend = Some(1);
        }
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::RdIntensity);
        assert_eq!(c.check, Check::Fail);
        assert!(matches!(c.gap, Some(Gap::Share { need, .. }) if need == 0.05));
    }

    #[test]
    fn hightech_income_exactly_sixty_percent_passes() {
        let mut f = good_facts();
        f.figures[0].total_income = Some(1000);
        f.figures[0].hightech_income = Some(600);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::HightechIncome).check, Check::Pass);
        f.figures[0].hightech_income = Some(599);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::HightechIncome).check, Check::Fail);
        f.figures[0].total_income = Some(0);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(
            cond(&r, HteCondition::HightechIncome).gap,
            Some(Gap::Zero("total_income"))
        );
        f.figures[0].hightech_income = None;
        f.figures[0].total_income = Some(1000);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(
            cond(&r, HteCondition::HightechIncome).gap,
            Some(Gap::Missing("hightech_income"))
        );
    }

    #[test]
    fn innovation_exactly_71_passes_and_70_fails() {
        let mut f = good_facts();
        // 76 with 16 management points; with 11 it is exactly 71.
        f.figures[0].rd_mgmt_score = Some(11.0);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(r.innovation_estimate, Some(71.0));
        assert_eq!(cond(&r, HteCondition::InnovationScore).check, Check::Pass);
        f.figures[0].rd_mgmt_score = Some(10.0);
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::InnovationScore);
        assert_eq!(c.check, Check::Fail);
        assert_eq!(
            c.gap,
            Some(Gap::Points {
                have: 70.0,
                need: 71.0
            })
        );
    }

    #[test]
    fn innovation_with_missing_parts_is_decided_by_bounds() {
        let mut f = good_facts();
        // Without the management score: 65 known + 0..20 → unknown.
        f.figures[0].rd_mgmt_score = None;
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::InnovationScore);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(c.gap, Some(Gap::Missing("rd_mgmt_score")));
        assert_eq!(r.innovation_estimate, None);

        // Passes even with 0 management points: 30 + 30 + 0 + 9 + 6 = 75.
        f.figures[0].ip_class1 = Some(10);
        f.figures[0].results_transferred = Some(10);
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::InnovationScore);
        assert_eq!(c.check, Check::Pass);
        assert_eq!(
            c.gap,
            Some(Gap::Points {
                have: 75.0,
                need: 71.0
            })
        );
        assert_eq!(r.innovation_estimate, None);

        // Fails even with 20: no IP, transfer unknown without 2023 and 2024 (0..30), growth
        // missing (0..20) → at most 70.
        let f = HteFacts {
            founded: Some(date!(2020 - 01 - 01)),
            supported_field: None,
            figures: vec![YearFigures {
                year: 2025,
                ip_class1: Some(0),
                ip_class2: Some(0),
                results_transferred: Some(0),
                ..Default::default()
            }],
        };
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::InnovationScore);
        assert_eq!(c.check, Check::Fail);
        assert_eq!(
            c.gap,
            Some(Gap::Points {
                have: 70.0,
                need: 71.0
            })
        );
    }

    #[test]
    fn incident_fails_and_unrecorded_is_unknown() {
        let mut f = good_facts();
        f.figures[0].major_incident = Some(true);
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(cond(&r, HteCondition::NoIncident).check, Check::Fail);
        assert!(!r.ready());
        assert!(r.nearly());
        f.figures[0].major_incident = None;
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::NoIncident);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(c.gap, Some(Gap::NotRecorded));
    }

    #[test]
    fn no_figures_at_all_is_unknown_not_a_panic() {
        let f = HteFacts::default();
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!(r.conditions.len(), 8);
        assert_eq!(r.unknown, 8);
        assert_eq!(r.passed + r.failed, 0);
        assert!(!r.ready());
        assert!(!r.nearly());
        assert_eq!(r.innovation_estimate, None);
        assert_eq!(
            cond(&r, HteCondition::RdIntensity).gap,
            Some(Gap::NoFigures {
                year: 2025,
                newest: None
            })
        );
    }

    #[test]
    fn without_last_years_figures_the_conditions_needing_them_are_unknown() {
        // Figures for 2021–2023 only, all good: as of 2026-11-21 last year is 2025.
        let f = HteFacts {
            founded: Some(date!(2018 - 03 - 01)),
            supported_field: Some("electronic_information".into()),
            figures: vec![
                good_year(2021, 20_000_000, 10_000_000),
                good_year(2022, 25_000_000, 15_000_000),
                good_year(2023, 30_000_000, 20_000_000),
            ],
        };
        let r = readiness(&f, TODAY, &cfg());
        let stale = Some(Gap::NoFigures {
            year: 2025,
            newest: Some(2023),
        });
        for c in [
            HteCondition::CoreIp,
            HteCondition::ScitechStaff,
            HteCondition::RdIntensity,
            HteCondition::HightechIncome,
            HteCondition::InnovationScore,
            HteCondition::NoIncident,
        ] {
            let got = cond(&r, c);
            assert_eq!((got.check, got.gap), (Check::Unknown, stale), "{c:?}");
        }
        assert_eq!(cond(&r, HteCondition::Registered).check, Check::Pass);
        assert_eq!(cond(&r, HteCondition::SupportedField).check, Check::Pass);
        assert_eq!((r.passed, r.failed, r.unknown), (2, 0, 6));
        assert_eq!((r.last_year, r.newest_year), (2025, Some(2023)));
        assert!(r.stale() && !r.ready());
        assert_eq!(r.innovation_estimate, None);

        // The same figures as of 2024-06-01 are current (last year 2023) and pass.
        let r = readiness(&f, date!(2024 - 06 - 01), &cfg());
        assert!(r.ready() && !r.stale(), "{r:?}");
    }

    #[test]
    fn a_missing_middle_year_makes_growth_and_transfer_unknown() {
        let mut f = good_facts();
        f.figures.retain(|y| y.year != 2024);
        let r = readiness(&f, TODAY, &cfg());
        assert!(!r.stale());
        // Known: IP 26 + management 16 = 42; transfer (≤ 30) and growth (≤ 20) unknown: 42..92.
        let c = cond(&r, HteCondition::InnovationScore);
        assert_eq!(c.check, Check::Unknown);
        assert_eq!(
            c.gap,
            Some(Gap::NoFigures {
                year: 2024,
                newest: None
            })
        );
        // Conditions on last year's figures alone still pass.
        assert_eq!(cond(&r, HteCondition::ScitechStaff).check, Check::Pass);

        // 2024 present but its transfer count missing: named as the missing figure.
        let mut f = good_facts();
        for y in &mut f.figures {
            if y.year == 2024 {
                y.results_transferred = None;
            }
        }
        let r = readiness(&f, TODAY, &cfg());
        let c = cond(&r, HteCondition::InnovationScore);
        assert_eq!(
            (c.check, c.gap),
            (Check::Unknown, Some(Gap::Missing("results_transferred")))
        );
    }

    #[test]
    fn transfer_points_by_band_of_the_three_year_average() {
        let lin = TransferInterpolation::Linear;
        // (average, points), worked by hand from the bands and one result a year per band.
        let cases = [
            (0.0, 0.0),
            (2.0 / 3.0, 0.0),
            (1.0, 1.0),
            (1.5, 3.5),
            (2.0, 7.0),
            (3.0, 13.0),
            (4.0, 19.0),
            (14.0 / 3.0, 19.0 + 10.0 / 3.0),
            (5.0, 25.0),
            (5.5, 27.5),
            (6.0, 30.0),
            (9.0, 30.0),
        ];
        for (avg, points) in cases {
            let got = transfer_points(avg, lin);
            assert!((got - points).abs() < 1e-9, "avg {avg}: {got} != {points}");
        }
        assert_eq!(
            transfer_points(14.0 / 3.0, TransferInterpolation::BandLow),
            19.0
        );
        assert_eq!(
            transfer_points(14.0 / 3.0, TransferInterpolation::BandHigh),
            24.0
        );
        assert_eq!(transfer_points(0.5, TransferInterpolation::BandHigh), 0.0);
    }

    /// Good years with the given transfers (2023, 2024, 2025) and R&D management score.
    fn transfer_facts(transfers: [i64; 3], mgmt: f64) -> HteFacts {
        let mut f = good_facts();
        for y in &mut f.figures {
            y.results_transferred = Some(transfers[usize::try_from(y.year - 2023).unwrap_or(0)]);
            y.rd_mgmt_score = Some(mgmt);
        }
        f
    }

    #[test]
    fn transfer_average_decides_the_71_point_boundary() {
        // IP 26, growth 9 + 6 = 15, management 5: 46 before transfer of results.
        // 4, 5, 6 results: average 5 → 25 points → exactly 71, passes.
        let r = readiness(&transfer_facts([4, 5, 6], 5.0), TODAY, &cfg());
        assert_eq!(r.innovation_estimate, Some(71.0));
        assert_eq!(cond(&r, HteCondition::InnovationScore).check, Check::Pass);
        // 4, 5, 5: average 4⅔ → 19 + ⅔ × 5 = 22⅓ → 68⅓, fails.
        let r = readiness(&transfer_facts([4, 5, 5], 5.0), TODAY, &cfg());
        let est = r.innovation_estimate.unwrap_or(f64::NAN);
        assert!((est - (68.0 + 1.0 / 3.0)).abs() < 1e-9, "{est}");
        assert_eq!(cond(&r, HteCondition::InnovationScore).check, Check::Fail);
        // Last year alone would have scored 5 × 6 = 30 (76): the earlier years count now.
        // 0, 0, 6: average 2 → 7 points; with management 20 → 46 − 5 + 20 + 7 = 68, fails.
        let r = readiness(&transfer_facts([0, 0, 6], 20.0), TODAY, &cfg());
        assert_eq!(r.innovation_estimate, Some(68.0));
        assert_eq!(cond(&r, HteCondition::InnovationScore).check, Check::Fail);
        // band_low keeps 4⅔ at 19: 46 + 19 = 65.
        let mut c = cfg();
        c.transfer_interpolation = TransferInterpolation::BandLow;
        let r = readiness(&transfer_facts([4, 5, 5], 5.0), TODAY, &c);
        assert_eq!(r.innovation_estimate, Some(65.0));
    }

    #[test]
    fn nearly_allows_two_not_passing() {
        let mut f = good_facts();
        f.figures[0].major_incident = None;
        f.supported_field = None;
        let r = readiness(&f, TODAY, &cfg());
        assert_eq!((r.passed, r.unknown), (6, 2));
        assert!(r.nearly());
        f.founded = Some(TODAY);
        let r = readiness(&f, TODAY, &cfg());
        assert!(!r.nearly());
    }

    #[test]
    fn certificate_expiring_tomorrow() {
        let s = certificate_status(date!(2023 - 11 - 22), TODAY, &cfg());
        assert_eq!(s.expires, date!(2026 - 11 - 22));
        assert_eq!(s.days_left, 1);
        assert!(s.in_renewal_window);
        assert!(!s.expired);
    }

    #[test]
    fn certificate_expiring_today_is_still_valid_and_yesterday_expired() {
        let s = certificate_status(date!(2023 - 11 - 21), TODAY, &cfg());
        assert_eq!((s.days_left, s.expired), (0, false));
        let s = certificate_status(date!(2023 - 11 - 20), TODAY, &cfg());
        assert_eq!(
            (s.days_left, s.expired, s.in_renewal_window),
            (-1, true, true)
        );
    }

    #[test]
    fn renewal_window_starts_365_days_before_expiry() {
        // Expires 2027-11-21: exactly 365 days left.
        let s = certificate_status(date!(2024 - 11 - 21), TODAY, &cfg());
        assert_eq!(s.days_left, 365);
        assert!(s.in_renewal_window);
        let s = certificate_status(date!(2024 - 11 - 22), TODAY, &cfg());
        assert_eq!(s.days_left, 366);
        assert!(!s.in_renewal_window);
    }

    #[test]
    fn certificate_issued_on_feb_29_expires_feb_28() {
        let s = certificate_status(date!(2024 - 02 - 29), TODAY, &cfg());
        assert_eq!(s.expires, date!(2027 - 02 - 28));
        // No panic at the edge of the calendar.
        let s = certificate_status(Date::MAX, TODAY, &cfg());
        assert_eq!(s.expires, Date::MAX);
    }

    fn report_year(year: i32, filed: Option<Date>) -> YearFigures {
        YearFigures {
            year,
            annual_report_filed: filed,
            ..Default::default()
        }
    }

    #[test]
    fn annual_reports_missed_in_a_row() {
        // 2025's report was due 2026-05-31: past due. 2026's is not due yet.
        let figs = vec![
            report_year(2026, None),
            report_year(2025, None),
            report_year(2024, None),
            report_year(2023, Some(date!(2024 - 05 - 01))),
            report_year(2022, None),
        ];
        assert_eq!(annual_report_missed(&figs, TODAY), 2);

        let figs = vec![
            report_year(2025, Some(date!(2026 - 06 - 15))),
            report_year(2024, None),
        ];
        assert_eq!(annual_report_missed(&figs, TODAY), 0);

        // A gap in the years stops the count.
        let figs = vec![report_year(2025, None), report_year(2023, None)];
        assert_eq!(annual_report_missed(&figs, TODAY), 1);

        // On the due day itself the report is not late yet.
        let figs = vec![report_year(2025, None)];
        assert_eq!(annual_report_missed(&figs, date!(2026 - 05 - 31)), 0);
        assert_eq!(annual_report_missed(&figs, date!(2026 - 06 - 01)), 1);
        assert_eq!(annual_report_missed(&[], TODAY), 0);
    }

    #[test]
    fn year_figures_deserialize_with_iso_dates_and_defaults() {
        let json = r#"{"year": 2025, "sales": 1000, "annual_report_filed": "2026-05-20"}"#;
        let y: YearFigures = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(y.year, 2025);
        assert_eq!(y.sales, Some(1000));
        assert_eq!(y.staff, None);
        assert_eq!(y.annual_report_filed, Some(date!(2026 - 05 - 20)));
        let back = serde_json::to_string(&y).unwrap_or_default();
        assert!(back.contains("\"2026-05-20\""), "{back}");
    }
}
