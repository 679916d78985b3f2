//! The vocabulary of the domain: pools, batches, tiers, colours and the other closed sets.
//!
//! Each enum has a stable lowercase code (stored in SQLite and used on the command line). Its
//! labels in the UI languages are words, so they live in `crate::i18n::label_text` (`Label`).

use serde::{Deserialize, Serialize};

/// Defines a closed set with its stable codes.
macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal;)+ }) => {
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

            /// The value of a code (case-insensitive, `-` for `_`): no words, so the store and
            /// the file formats can read codes without the labels (`i18n::Label::parse` reads
            /// labels too).
            pub fn from_code(text: &str) -> Option<$name> {
                let t = text.trim();
                $name::ALL.iter().copied().find(|v| {
                    v.code().eq_ignore_ascii_case(t)
                        || v.code().replace('_', "-").eq_ignore_ascii_case(t)
                })
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
                $name::from_code(text).ok_or_else(|| {
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
        Hte => "hte";
        Tsme => "tsme";
        Project => "project";
    }
}

closed_set! {
    /// A stage inside a pool.
    Batch {
        Preferred => "preferred";
        Cultivating => "cultivating";
        Mature => "mature";
        Declaring => "declaring";
    }
}

closed_set! {
    /// Membership status in a pool.
    PoolStatus {
        In => "in";
        Leaving => "leaving";
        Out => "out";
        Frozen => "frozen";
    }
}

closed_set! {
    /// The echelon tier (梯队).
    Tier {
        Tsme => "tsme";
        Innovative => "innovative";
        Hte => "hte";
        Leader => "leader";
    }
}

closed_set! {
    /// Side honours an enterprise may hold besides its tier.
    Honour {
        Specialized => "specialized";
        LittleGiant => "little_giant";
    }
}

closed_set! {
    /// A project's funding level.
    ProjectLevel {
        National => "national";
        Provincial => "provincial";
        City => "city";
        District => "district";
    }
}

closed_set! {
    /// The three alert colours, worst first (so `Ord` sorts red before yellow before green).
    Colour {
        Red => "red";
        Yellow => "yellow";
        Green => "green";
    }
}

closed_set! {
    /// How a visit is made.
    VisitMode {
        OnSite => "on_site";
        Phone => "phone";
        Online => "online";
    }
}

closed_set! {
    /// Where an enterprise stands on the visit cadence.
    VisitState {
        Overdue => "overdue";
        Due => "due";
        Ok => "ok";
    }
}

closed_set! {
    /// What a request is about.
    RequestCategory {
        Policy => "policy";
        Funding => "funding";
        Talent => "talent";
        Ip => "ip";
        Technical => "technical";
        Financing => "financing";
        Other => "other";
    }
}

closed_set! {
    /// The life of a request.
    RequestStatus {
        Open => "open";
        InProgress => "in_progress";
        Resolved => "resolved";
        Unresolvable => "unresolvable";
    }
}

closed_set! {
    /// Kinds of certificate or qualification.
    CertKind {
        Hte => "hte";
        Tsme => "tsme";
        Specialized => "specialized";
        LittleGiant => "little_giant";
        Other => "other";
    }
}

closed_set! {
    /// The three ranking components.
    Component {
        Innovation => "innovation";
        Growth => "growth";
        Participation => "participation";
    }
}

impl Colour {
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
    fn codes_round_trip() {
        for p in Pool::ALL {
            assert_eq!(Pool::from_code(p.code()), Some(*p));
        }
        assert_eq!(Honour::from_code("little-giant"), Some(Honour::LittleGiant));
        assert_eq!(Colour::from_code("RED"), Some(Colour::Red));
        assert_eq!(Colour::from_code("purple"), None);
    }

    #[test]
    fn worst_colour_orders_red_first() {
        assert_eq!(Colour::Green.worst(Colour::Yellow), Colour::Yellow);
        assert_eq!(Colour::Red.worst(Colour::Yellow), Colour::Red);
    }
}
