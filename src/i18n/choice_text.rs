//! The words of the closed sets (pools, batches, tiers, visit modes, …) and one lookup from any
//! of them to the value: its code, its label and its short label (the one narrow columns show,
//! 科小库, 领军) in either language, and the other words offices write (上门 for an on-site
//! visit). The CLI's filters and values and the importer all read through [`parse`], and a
//! value it does not know is answered with every code and its labels ([`accepted`]).

use super::{Lang, Msg};
use crate::domain::rewards::RewardKind;
use crate::domain::support::ActionStatus;
use crate::domain::targets::Metric;
use crate::domain::{
    Batch, CertKind, Colour, Component, Honour, Pool, PoolStatus, ProjectLevel, RequestCategory,
    RequestStatus, Tier, VisitMode, VisitState,
};

/// A closed set whose values the user may name in words.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in display order.
    fn all() -> &'static [Self];
    /// The stable code (stored, and used on the command line).
    fn code(self) -> &'static str;
    /// The label the UI shows.
    fn label(self, lang: Lang) -> &'static str;
    /// The short label narrow columns show, where there is one.
    fn short(self, _lang: Lang) -> Option<&'static str> {
        None
    }
    /// Other words offices use for the value.
    fn other_words(self) -> &'static [&'static str] {
        &[]
    }
}

macro_rules! plain_choice {
    ($($t:ty),+) => {$(
        impl Choice for $t {
            fn all() -> &'static [Self] {
                <$t>::ALL
            }
            fn code(self) -> &'static str {
                <$t>::code(self)
            }
            fn label(self, lang: Lang) -> &'static str {
                super::Label::label(self, lang)
            }
        }
    )+};
}

plain_choice!(
    RequestCategory,
    RequestStatus,
    VisitState,
    Metric,
    ActionStatus,
    RewardKind,
    Component
);

/// Implements [`Choice`] with short labels and other words given by two functions.
macro_rules! worded_choice {
    ($t:ty, $short:expr, $other:expr) => {
        impl Choice for $t {
            fn all() -> &'static [Self] {
                <$t>::ALL
            }
            fn code(self) -> &'static str {
                <$t>::code(self)
            }
            fn label(self, lang: Lang) -> &'static str {
                super::Label::label(self, lang)
            }
            fn short(self, lang: Lang) -> Option<&'static str> {
                let f: fn($t, Lang) -> Option<&'static str> = $short;
                f(self, lang)
            }
            fn other_words(self) -> &'static [&'static str] {
                let f: fn($t) -> &'static [&'static str] = $other;
                f(self)
            }
        }
    };
}

worded_choice!(
    Pool,
    |p, l| Some(
        match p {
            Pool::Hte => Msg::PoolHteShort,
            Pool::Tsme => Msg::PoolTsmeShort,
            Pool::Project => Msg::PoolProjectShort,
        }
        .text(l)
    ),
    |p| match p {
        Pool::Hte => &["高企培育"],
        Pool::Tsme => &["科技型中小企业"],
        Pool::Project => &[],
    }
);

worded_choice!(
    PoolStatus,
    |s, l| Some(
        match s {
            PoolStatus::In => Msg::StatusInShort,
            PoolStatus::Leaving => Msg::StatusLeavingShort,
            PoolStatus::Out => Msg::StatusOutShort,
            PoolStatus::Frozen => Msg::StatusFrozenShort,
        }
        .text(l)
    ),
    |_| &[]
);

worded_choice!(
    Batch,
    |b, l| Some(
        match b {
            Batch::Preferred => Msg::BatchPreferredShort,
            Batch::Cultivating => Msg::BatchCultivatingShort,
            Batch::Mature => Msg::BatchMatureShort,
            Batch::Declaring => Msg::BatchDeclaringShort,
        }
        .text(l)
    ),
    |_| &[]
);

worded_choice!(
    Tier,
    |t, l| Some(
        match t {
            Tier::Tsme => Msg::TierTsmeShort,
            Tier::Innovative => Msg::TierInnovativeShort,
            Tier::Hte => Msg::TierHteShort,
            Tier::Leader => Msg::TierLeaderShort,
        }
        .text(l)
    ),
    |_| &[]
);

worded_choice!(
    Colour,
    |c, l| Some(match (l, c) {
        (Lang::Zh, _) => c.label(l),
        (Lang::En, Colour::Red) => "R",
        (Lang::En, Colour::Yellow) => "Y",
        (Lang::En, Colour::Green) => "G",
    }),
    |_| &[]
);

worded_choice!(ProjectLevel, |_, _| None, |p| match p {
    ProjectLevel::National => &["国家", "国家级项目", "部级"],
    ProjectLevel::Provincial => &[
        "省",
        "省级项目",
        "自治区级",
        "省/自治区级",
        "自治区",
        "省部级",
    ],
    ProjectLevel::City => &[
        "市",
        "市级",
        "州级",
        "地区级",
        "地市级",
        "市州级",
        "地州级",
        "市级项目",
    ],
    ProjectLevel::District => &["区", "县", "区级", "县级", "区县", "县区级", "区县级项目"],
});

worded_choice!(VisitMode, |_, _| None, |m| match m {
    VisitMode::OnSite => &["现场", "上门", "实地走访", "现场走访", "入企"],
    VisitMode::Phone => &["电话回访", "电话走访"],
    VisitMode::Online => &["视频", "网络", "线上走访", "视频会议"],
});

worded_choice!(CertKind, |_, _| None, |k| match k {
    CertKind::Hte => &["高企", "高新技术企业", "高企证书"],
    CertKind::Tsme => &["科技型中小企业", "入库编号"],
    CertKind::Specialized => &["专精特新"],
    CertKind::LittleGiant => &["小巨人"],
    CertKind::Other => &[],
});

worded_choice!(Honour, |_, _| None, |h| match h {
    Honour::Specialized => &["专精特新企业", "专精特新中小企业"],
    Honour::LittleGiant => &["专精特新小巨人", "国家级专精特新小巨人"],
});

/// `text` without the marks around a word as the UI shows it (`●红`, `cultiv.`).
fn bare(text: &str) -> &str {
    text.trim()
        .trim_start_matches('●')
        .trim_end_matches('.')
        .trim()
}

/// The value `text` names: a code (also with `-` for `_`), a label or a short label in either
/// language, or another word for it (case and a trailing `.` ignored); else the start of
/// exactly one Chinese label (`资金` for 资金申报).
pub fn parse<T: Choice>(text: &str) -> Option<T> {
    let t = bare(text);
    if t.is_empty() {
        return None;
    }
    let same = |w: &str| bare(w).eq_ignore_ascii_case(t);
    let exact = T::all().iter().copied().find(|v| {
        same(v.code())
            || same(&v.code().replace('_', "-"))
            || [Lang::Zh, Lang::En]
                .iter()
                .any(|l| same(v.label(*l)) || v.short(*l).is_some_and(same))
            || v.other_words().iter().any(|w| same(w))
    });
    if exact.is_some() || t.chars().count() < 2 {
        return exact;
    }
    let mut prefixed = T::all()
        .iter()
        .copied()
        .filter(|v| v.label(Lang::Zh).starts_with(t));
    match (prefixed.next(), prefixed.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

/// Each value as the user may write it, for a message: its code and, in `lang`, its label and
/// short label (a word that only repeats the code is left out): `tsme（科技型中小企业培育库／科小库）`,
/// `tsme (Tech SME pool)`.
pub fn accepted<T: Choice>(lang: Lang) -> Vec<String> {
    T::all()
        .iter()
        .map(|v| {
            let mut words: Vec<&str> = vec![v.label(lang)];
            if let Some(s) = v.short(lang)
                && !words.contains(&s)
            {
                words.push(s);
            }
            words.retain(|w| !w.eq_ignore_ascii_case(v.code()));
            match (lang, words.is_empty()) {
                (_, true) => v.code().to_string(),
                (Lang::Zh, false) => format!("{}（{}）", v.code(), words.join("／")),
                (Lang::En, false) => format!("{} ({})", v.code(), words.join(" / ")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_the_ui_shows_name_their_values() {
        // Codes, labels and short labels in both languages, and office words.
        for (text, pool) in [
            ("tsme", Pool::Tsme),
            ("科小库", Pool::Tsme),
            ("科技型中小企业培育库", Pool::Tsme),
            ("Tech SME pool", Pool::Tsme),
            ("TSME", Pool::Tsme),
            ("高企库", Pool::Hte),
            ("proj.", Pool::Project),
            ("项目库", Pool::Project),
        ] {
            assert_eq!(parse::<Pool>(text), Some(pool), "{text}");
        }
        assert_eq!(parse::<Tier>("领军"), Some(Tier::Leader));
        assert_eq!(parse::<Tier>("Leader"), Some(Tier::Leader));
        assert_eq!(parse::<Tier>("科小"), Some(Tier::Tsme));
        assert_eq!(parse::<Tier>("innov."), Some(Tier::Innovative));
        assert_eq!(parse::<Batch>("培育批"), Some(Batch::Cultivating));
        assert_eq!(parse::<Batch>("cultiv."), Some(Batch::Cultivating));
        assert_eq!(parse::<Batch>("cultiv"), Some(Batch::Cultivating));
        assert_eq!(parse::<VisitMode>("上门"), Some(VisitMode::OnSite));
        assert_eq!(parse::<VisitMode>("实地"), Some(VisitMode::OnSite));
        assert_eq!(parse::<VisitMode>("on-site"), Some(VisitMode::OnSite));
        assert_eq!(parse::<VisitMode>("on_site"), Some(VisitMode::OnSite));
        assert_eq!(parse::<Colour>("●红"), Some(Colour::Red));
        assert_eq!(parse::<Colour>("R"), Some(Colour::Red));
        assert_eq!(parse::<VisitState>("已逾期"), Some(VisitState::Overdue));
        assert_eq!(
            parse::<RequestCategory>("资金"),
            Some(RequestCategory::Funding)
        );
        assert_eq!(
            parse::<ProjectLevel>("自治区级"),
            Some(ProjectLevel::Provincial)
        );
        assert_eq!(parse::<Metric>("走访覆盖率"), Some(Metric::VisitCoverage));
        assert_eq!(
            parse::<ActionStatus>("推进中"),
            Some(ActionStatus::InProgress)
        );
        assert_eq!(parse::<Pool>("高新"), None);
        assert_eq!(parse::<Pool>(""), None);
        assert_eq!(parse::<Tier>("purple"), None);
    }

    #[test]
    fn no_word_names_two_values() {
        fn check<T: Choice + std::fmt::Debug>() {
            for v in T::all() {
                let mut words: Vec<String> = vec![v.code().into(), v.code().replace('_', "-")];
                for l in [Lang::Zh, Lang::En] {
                    words.push(v.label(l).into());
                    words.extend(v.short(l).map(String::from));
                }
                words.extend(v.other_words().iter().map(|w| w.to_string()));
                for w in words {
                    assert_eq!(parse::<T>(&w), Some(*v), "{w:?}");
                }
            }
        }
        check::<Pool>();
        check::<Batch>();
        check::<PoolStatus>();
        check::<Tier>();
        check::<ProjectLevel>();
        check::<VisitMode>();
        check::<Colour>();
        check::<VisitState>();
        check::<RequestCategory>();
        check::<RequestStatus>();
        check::<CertKind>();
        check::<Metric>();
        check::<ActionStatus>();
        check::<RewardKind>();
        check::<Component>();
        check::<Honour>();
    }

    #[test]
    fn a_message_lists_codes_with_labels() {
        assert_eq!(
            accepted::<Pool>(Lang::Zh),
            [
                "hte（高企培育库／高企库）",
                "tsme（科技型中小企业培育库／科小库）",
                "project（科技项目培育库／项目库）"
            ]
        );
        assert_eq!(
            accepted::<Pool>(Lang::En),
            [
                "hte (HTE pool)",
                "tsme (Tech SME pool)",
                "project (Project pool / Proj.)"
            ]
        );
        assert_eq!(
            accepted::<VisitMode>(Lang::En),
            ["on_site (on-site)", "phone", "online"]
        );
    }
}
