//! The labels of the domain's closed sets (pools, batches, tiers, colours, …) in both UI
//! languages, and the words made from them: a colour's badge, a metric's value.
//!
//! They are traits implemented here, so that a layer below `i18n` cannot call them without
//! importing `i18n` (the layer check catches it); the domain itself knows only the codes.

use super::Lang;
use crate::domain::rewards::RewardKind;
use crate::domain::support::ActionStatus;
use crate::domain::targets::{Metric, Unit};
use crate::domain::{
    Batch, CertKind, Colour, Component, Honour, Pool, PoolStatus, ProjectLevel, RequestCategory,
    RequestStatus, Tier, VisitMode, VisitState,
};

/// A closed set whose values have a label in each UI language.
pub trait Label: Sized + Copy + 'static {
    /// The label shown to the user.
    fn label(self, lang: Lang) -> &'static str;

    /// Parses a code, an English label or a Chinese label (case-insensitive), or the start of
    /// exactly one Chinese label (`资金` for 资金申报).
    fn parse(text: &str) -> Option<Self>;
}

/// [`Label::parse`] over a set's values, codes and labels.
fn parse_label<T: Label>(all: &[T], code: fn(T) -> &'static str, text: &str) -> Option<T> {
    let t = text.trim();
    let exact = all.iter().copied().find(|v| {
        code(*v).eq_ignore_ascii_case(t)
            || v.label(Lang::En).eq_ignore_ascii_case(t)
            || v.label(Lang::Zh) == t
            || code(*v).replace('_', "-").eq_ignore_ascii_case(t)
    });
    if exact.is_some() || t.chars().count() < 2 {
        return exact;
    }
    let mut prefixed = all
        .iter()
        .copied()
        .filter(|v| v.label(Lang::Zh).starts_with(t));
    match (prefixed.next(), prefixed.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// Implements [`Label`] for a closed set from its zh/en labels (every value must be named).
macro_rules! labels {
    ($name:ident { $($variant:ident => $zh:literal, $en:literal;)+ }) => {
        impl Label for $name {
            fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Zh) => $zh, ($name::$variant, Lang::En) => $en,)+
                }
            }

            fn parse(text: &str) -> Option<$name> {
                parse_label($name::ALL, $name::code, text)
            }
        }
    };
}

labels! {
    Pool {
        Hte => "高企培育库", "HTE pool";
        Tsme => "科技型中小企业培育库", "Tech SME pool";
        Project => "科技项目培育库", "Project pool";
    }
}

labels! {
    Batch {
        Preferred => "优选批", "preferred";
        Cultivating => "培育批", "cultivating";
        Mature => "成熟批", "mature";
        Declaring => "申报批", "declaring";
    }
}

labels! {
    PoolStatus {
        In => "已入库", "in";
        Leaving => "出库中", "leaving";
        Out => "已出库", "out";
        Frozen => "已冻结", "frozen";
    }
}

labels! {
    Tier {
        Tsme => "科技型中小企业", "tech SME";
        Innovative => "创新型中小企业", "innovative SME";
        Hte => "高新技术企业", "HTE";
        Leader => "科技创新领军企业", "leader";
    }
}

labels! {
    Honour {
        Specialized => "专精特新", "specialized";
        LittleGiant => "小巨人", "little giant";
    }
}

labels! {
    ProjectLevel {
        National => "国家级", "national";
        Provincial => "省级", "provincial";
        City => "地州市级", "city";
        District => "区县级", "district";
    }
}

labels! {
    Colour {
        Red => "红", "red";
        Yellow => "黄", "yellow";
        Green => "绿", "green";
    }
}

labels! {
    VisitMode {
        OnSite => "实地", "on-site";
        Phone => "电话", "phone";
        Online => "线上", "online";
    }
}

labels! {
    VisitState {
        Overdue => "已逾期", "overdue";
        Due => "待走访", "due";
        Ok => "正常", "ok";
    }
}

labels! {
    RequestCategory {
        Policy => "政策咨询", "policy";
        Funding => "资金申报", "funding";
        Talent => "人才引进", "talent";
        Ip => "知识产权", "IP";
        Technical => "技术难题", "technical";
        Financing => "融资需求", "financing";
        Other => "其他", "other";
    }
}

labels! {
    RequestStatus {
        Open => "待响应", "open";
        InProgress => "办理中", "in progress";
        Resolved => "已办结", "resolved";
        Unresolvable => "无法解决", "unresolvable";
    }
}

labels! {
    CertKind {
        Hte => "高新技术企业证书", "HTE certificate";
        Tsme => "科技型中小企业入库编号", "tech SME registration";
        Specialized => "专精特新企业", "specialized SME";
        LittleGiant => "专精特新小巨人", "little giant";
        Other => "其他资质", "other";
    }
}

labels! {
    Component {
        Innovation => "创新能力", "innovation";
        Growth => "成长性", "growth";
        Participation => "参与度", "participation";
    }
}

labels! {
    RewardKind {
        FirstCertification => "首次认定", "first certification";
        Recertification => "重新认定", "re-certification";
        ProvincialPoolEntry => "入库奖励", "pool entry";
    }
}

labels! {
    ActionStatus {
        Open => "待办", "open";
        InProgress => "推进中", "in progress";
        Done => "已完成", "done";
        Dropped => "已取消", "dropped";
    }
}

labels! {
    Metric {
        HteCount => "高企数量", "HTEs";
        NewHte => "新增高企", "new HTEs";
        TsmeCount => "科技型中小企业数量", "tech SMEs";
        HteRevenue => "高企营业收入", "HTE revenue";
        RdGrowth => "研发投入增长率", "R&D growth";
        PoolEntries => "新入库企业", "pool entries";
        VisitCoverage => "走访覆盖率", "visit coverage";
    }
}

/// A colour's symbol and word, readable without colour: `●红`.
pub trait Badge {
    fn badge(self, lang: Lang) -> String;
}

impl Badge for Colour {
    fn badge(self, lang: Lang) -> String {
        format!("●{}", self.label(lang))
    }
}

/// `●红 2 ●黄 1 ●绿 3`: the alert lights, readable without colour.
pub fn lights(red: u32, yellow: u32, green: u32, lang: Lang) -> String {
    format!(
        "{} {red} {} {yellow} {} {green}",
        Colour::Red.badge(lang),
        Colour::Yellow.badge(lang),
        Colour::Green.badge(lang)
    )
}

/// A day as written (`2026-11-21`), or `—` when there is none.
pub fn opt_date(d: Option<time::Date>) -> String {
    d.map(crate::store::format_date)
        .unwrap_or_else(|| "—".into())
}

/// A metric's value as shown.
pub trait MetricValue {
    /// A value in the metric's unit: `12`, `5.2%`, `3800万`, `5.12亿`.
    fn format(self, value: f64, lang: Lang) -> String;
}

impl MetricValue for Metric {
    fn format(self, value: f64, lang: Lang) -> String {
        match self.unit() {
            Unit::Count => format!("{value:.0}"),
            Unit::Percent => format!("{value:.1}%"),
            Unit::Yuan => {
                let v = value.abs();
                match lang {
                    Lang::Zh if v >= 1e8 => format!("{:.2}亿", value / 1e8),
                    Lang::Zh => format!("{:.0}万", value / 1e4),
                    Lang::En if v >= 1e9 => format!("{:.2} bn", value / 1e9),
                    Lang::En if v >= 1e6 => format!("{:.1} m", value / 1e6),
                    Lang::En => format!("{:.0}k", value / 1e3),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_parse() {
        for p in Pool::ALL {
            assert_eq!(Pool::parse(p.code()), Some(*p));
            assert_eq!(Pool::parse(p.label(Lang::Zh)), Some(*p));
        }
        assert_eq!(Honour::parse("little-giant"), Some(Honour::LittleGiant));
        assert_eq!(Batch::parse("申报批"), Some(Batch::Declaring));
        assert_eq!(Colour::parse("RED"), Some(Colour::Red));
        assert_eq!(Colour::parse("purple"), None);
        assert_eq!(
            RequestCategory::parse("资金"),
            Some(RequestCategory::Funding)
        );
        assert_eq!(RequestCategory::parse("资"), None);
    }

    #[test]
    fn colour_badge() {
        assert_eq!(Colour::Red.badge(Lang::Zh), "●红");
    }

    #[test]
    fn formats_by_unit() {
        assert_eq!(Metric::HteCount.format(6.0, Lang::Zh), "6");
        assert_eq!(Metric::RdGrowth.format(5.04, Lang::Zh), "5.0%");
        assert_eq!(Metric::HteRevenue.format(500_000_000.0, Lang::Zh), "5.00亿");
        assert_eq!(Metric::HteRevenue.format(38_000_000.0, Lang::Zh), "3800万");
        assert_eq!(
            Metric::HteRevenue.format(500_000_000.0, Lang::En),
            "500.0 m"
        );
        assert_eq!(
            Metric::HteRevenue.format(6_698_781_000.0, Lang::En),
            "6.70 bn"
        );
    }
}
