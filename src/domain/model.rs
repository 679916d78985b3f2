//! The vocabulary of the domain: pools, batches, tiers, colours and the other closed sets.
//!
//! Each enum has a stable lowercase code (stored in SQLite and used on the command line) and a
//! label in both UI languages (see `crate::i18n::Lang`).

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Defines a closed set with its stable code and its zh/en labels.
macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label shown to the user.
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Zh) => $zh, ($name::$variant, Lang::En) => $en,)+
                }
            }

            /// Parses a code, an English label or a Chinese label (case-insensitive), or the
            /// start of exactly one Chinese label (`资金` for 资金申报).
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                let exact = $name::ALL.iter().copied().find(|v| {
                    v.code().eq_ignore_ascii_case(t)
                        || v.label(Lang::En).eq_ignore_ascii_case(t)
                        || v.label(Lang::Zh) == t
                        || v.code().replace('_', "-").eq_ignore_ascii_case(t)
                });
                if exact.is_some() || t.chars().count() < 2 {
                    return exact;
                }
                let mut prefixed = $name::ALL.iter().copied().filter(|v| v.label(Lang::Zh).starts_with(t));
                match (prefixed.next(), prefixed.next()) {
                    (Some(v), None) => Some(v),
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.code()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(format!("unknown {} code {text:?}", stringify!($name)).into())
                })
            }
        }
    };
}
pub(crate) use closed_set;

closed_set! {
    /// A cultivation pool.
    Pool {
        Hte => "hte", "高企培育库", "HTE pool";
        Tsme => "tsme", "科技型中小企业培育库", "Tech SME pool";
        Project => "project", "科技项目培育库", "Project pool";
    }
}

closed_set! {
    /// A stage inside a pool.
    Batch {
        Preferred => "preferred", "优选批", "preferred";
        Cultivating => "cultivating", "培育批", "cultivating";
        Mature => "mature", "成熟批", "mature";
        Declaring => "declaring", "申报批", "declaring";
    }
}

closed_set! {
    /// Membership status in a pool.
    PoolStatus {
        In => "in", "已入库", "in";
        Leaving => "leaving", "出库中", "leaving";
        Out => "out", "已出库", "out";
        Frozen => "frozen", "已冻结", "frozen";
    }
}

closed_set! {
    /// The echelon tier (梯队).
    Tier {
        Tsme => "tsme", "科技型中小企业", "tech SME";
        Innovative => "innovative", "创新型中小企业", "innovative SME";
        Hte => "hte", "高新技术企业", "HTE";
        Leader => "leader", "科技创新领军企业", "leader";
    }
}

closed_set! {
    /// Side honours an enterprise may hold besides its tier.
    Honour {
        Specialized => "specialized", "专精特新", "specialized";
        LittleGiant => "little_giant", "小巨人", "little giant";
    }
}

closed_set! {
    /// A project's funding level.
    ProjectLevel {
        National => "national", "国家级", "national";
        Provincial => "provincial", "省级", "provincial";
        City => "city", "地州市级", "city";
        District => "district", "区县级", "district";
    }
}

closed_set! {
    /// The three alert colours, worst first (so `Ord` sorts red before yellow before green).
    Colour {
        Red => "red", "红", "red";
        Yellow => "yellow", "黄", "yellow";
        Green => "green", "绿", "green";
    }
}

closed_set! {
    /// How a visit is made.
    VisitMode {
        OnSite => "on_site", "实地", "on-site";
        Phone => "phone", "电话", "phone";
        Online => "online", "线上", "online";
    }
}

closed_set! {
    /// Where an enterprise stands on the visit cadence.
    VisitState {
        Overdue => "overdue", "已逾期", "overdue";
        Due => "due", "待走访", "due";
        Ok => "ok", "正常", "ok";
    }
}

closed_set! {
    /// What a request is about.
    RequestCategory {
        Policy => "policy", "政策咨询", "policy";
        Funding => "funding", "资金申报", "funding";
        Talent => "talent", "人才引进", "talent";
        Ip => "ip", "知识产权", "IP";
        Technical => "technical", "技术难题", "technical";
        Financing => "financing", "融资需求", "financing";
        Other => "other", "其他", "other";
    }
}

closed_set! {
    /// The life of a request.
    RequestStatus {
        Open => "open", "待响应", "open";
        InProgress => "in_progress", "办理中", "in progress";
        Resolved => "resolved", "已办结", "resolved";
        Unresolvable => "unresolvable", "无法解决", "unresolvable";
    }
}

closed_set! {
    /// Kinds of certificate or qualification.
    CertKind {
        Hte => "hte", "高新技术企业证书", "HTE certificate";
        Tsme => "tsme", "科技型中小企业入库编号", "tech SME registration";
        Specialized => "specialized", "专精特新企业", "specialized SME";
        LittleGiant => "little_giant", "专精特新小巨人", "little giant";
        Other => "other", "其他资质", "other";
    }
}

closed_set! {
    /// The three ranking components.
    Component {
        Innovation => "innovation", "创新能力", "innovation";
        Growth => "growth", "成长性", "growth";
        Participation => "participation", "参与度", "participation";
    }
}

impl Colour {
    /// The colour's symbol and word, readable without colour: `●红`.
    pub fn badge(self, lang: Lang) -> String {
        format!("●{}", self.label(lang))
    }

    /// The worse of two colours.
    pub fn worst(self, other: Colour) -> Colour {
        self.min(other)
    }
}

impl RequestStatus {
    /// Whether the request is still being handled.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Open | RequestStatus::InProgress)
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
    fn worst_colour_orders_red_first() {
        assert_eq!(Colour::Green.worst(Colour::Yellow), Colour::Yellow);
        assert_eq!(Colour::Red.worst(Colour::Yellow), Colour::Red);
        assert_eq!(Colour::Red.badge(Lang::Zh), "●红");
    }
}
