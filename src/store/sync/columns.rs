//! Which tables and columns the linkage carries. Everything else (derived values, summaries,
//! the change log, drafts, rankings) is recomputed or kept by each file for itself.

/// How a row belongs to an enterprise (for filtering bundles by district).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// A row of its own (commissioners, activities): always carried.
    None,
    /// The enterprise itself.
    Enterprise,
    /// A column holding the enterprise id.
    EnterpriseColumn,
    /// A column holding a project id.
    ProjectColumn,
    /// A row of a district (targets): by its district code.
    DistrictCode,
}

/// A synced table.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// Synced columns (never `id` or `updated_at`).
    pub columns: &'static [&'static str],
    /// Columns kept by each file for itself (derived or local): never synced.
    pub local: &'static [&'static str],
    /// A natural key: the same key created on two machines is one record.
    pub key: &'static [&'static str],
    pub link: Link,
    /// Columns that refer to rows of other tables, `(column, table)`: rewritten with aliases.
    pub refs: &'static [(&'static str, &'static str)],
}

/// The synced tables, parents before children (a bundle's rows are applied in this order).
pub const TABLES: &[Table] = &[
    Table {
        name: "commissioners",
        columns: &["name", "phone", "district", "created_at"],
        local: &[],
        key: &["name"],
        link: Link::None,
        refs: &[],
    },
    Table {
        name: "enterprises",
        columns: &[
            "credit_code",
            "name",
            "region_code",
            "district",
            "district_code",
            "township",
            "address",
            "industry",
            "hte_field",
            "founded_on",
            "contact_name",
            "contact_phone",
            "commissioner_id",
            "tier",
            "honours",
            "notes",
            "deleted_at",
            "created_at",
        ],
        local: &[
            "initials",
            "pool",
            "batch",
            "pool_status",
            "pool_since",
            "red",
            "yellow",
            "green",
            "colour",
            "colour_order",
            "colour_valid_until",
            "last_visit",
            "planned_visit",
            "next_visit",
            "open_requests",
            "hte_passed",
            "hte_unknown",
            "rank",
            "score",
            "rank_year",
        ],
        key: &["credit_code"],
        link: Link::Enterprise,
        refs: &[("commissioner_id", "commissioners")],
    },
    Table {
        name: "activities",
        columns: &["name", "held_on", "kind", "created_at"],
        local: &[],
        key: &[],
        link: Link::None,
        refs: &[],
    },
    Table {
        name: "pool_memberships",
        columns: &[
            "enterprise_id",
            "pool",
            "batch",
            "status",
            "entered_on",
            "left_on",
            "status_on",
            "status_reason",
            "created_at",
        ],
        local: &[],
        key: &[],
        link: Link::EnterpriseColumn,
        refs: &[("enterprise_id", "enterprises")],
    },
    Table {
        name: "certificates",
        columns: &[
            "enterprise_id",
            "kind",
            "number",
            "issued_on",
            "expires_on",
            "created_at",
        ],
        local: &[],
        key: &[],
        link: Link::EnterpriseColumn,
        refs: &[("enterprise_id", "enterprises")],
    },
    Table {
        name: "figures",
        columns: &[
            "enterprise_id",
            "year",
            "staff",
            "scitech_staff",
            "sales",
            "total_income",
            "hightech_income",
            "rd_spend",
            "rd_domestic",
            "net_assets",
            "total_assets",
            "liabilities",
            "ip_class1",
            "ip_class2",
            "results_transferred",
            "rd_mgmt_score",
            "major_incident",
            "annual_report_filed",
            "created_at",
        ],
        local: &[],
        key: &["enterprise_id", "year"],
        link: Link::EnterpriseColumn,
        refs: &[("enterprise_id", "enterprises")],
    },
    Table {
        name: "projects",
        columns: &[
            "enterprise_id",
            "name",
            "level",
            "programme",
            "budget",
            "start_on",
            "planned_end",
            "extended_end",
            "acceptance_applied",
            "acceptance_passed",
            "risk_flag",
            "deleted_at",
            "created_at",
        ],
        local: &["colour", "computed_colour", "valid_until", "alert_date"],
        key: &[],
        link: Link::EnterpriseColumn,
        refs: &[("enterprise_id", "enterprises")],
    },
    Table {
        name: "milestones",
        columns: &[
            "project_id",
            "seq",
            "name",
            "planned_on",
            "done_on",
            "created_at",
        ],
        local: &[],
        key: &[],
        link: Link::ProjectColumn,
        refs: &[("project_id", "projects")],
    },
    Table {
        name: "colour_overrides",
        columns: &[
            "project_id",
            "colour",
            "reason",
            "commissioner_id",
            "active",
            "created_at",
        ],
        local: &[],
        key: &[],
        link: Link::ProjectColumn,
        refs: &[
            ("project_id", "projects"),
            ("commissioner_id", "commissioners"),
        ],
    },
    Table {
        name: "visits",
        columns: &[
            "enterprise_id",
            "planned_on",
            "done_on",
            "cancelled_on",
            "mode",
            "commissioner_id",
            "attendees",
            "notes",
            "created_at",
        ],
        local: &[],
        key: &[],
        link: Link::EnterpriseColumn,
        refs: &[
            ("enterprise_id", "enterprises"),
            ("commissioner_id", "commissioners"),
        ],
    },
    Table {
        name: "requests",
        columns: &[
            "enterprise_id",
            "visit_id",
            "raised_at",
            "category",
            "text",
            "first_response_at",
            "status",
            "closed_at",
            "resolution",
            "created_at",
        ],
        local: &[],
        key: &[],
        link: Link::EnterpriseColumn,
        refs: &[("enterprise_id", "enterprises"), ("visit_id", "visits")],
    },
    Table {
        name: "attendance",
        columns: &["activity_id", "enterprise_id", "created_at"],
        local: &[],
        key: &["activity_id", "enterprise_id"],
        link: Link::EnterpriseColumn,
        refs: &[
            ("activity_id", "activities"),
            ("enterprise_id", "enterprises"),
        ],
    },
    Table {
        name: "support_actions",
        columns: &[
            "enterprise_id",
            "action",
            "unit",
            "person",
            "due_on",
            "status",
            "done_on",
            "deleted_at",
            "created_at",
        ],
        local: &[],
        key: &[],
        link: Link::EnterpriseColumn,
        refs: &[("enterprise_id", "enterprises")],
    },
    Table {
        name: "targets",
        columns: &[
            "district",
            "district_code",
            "metric",
            "year",
            "value",
            "created_at",
        ],
        local: &[],
        key: &["district", "metric", "year"],
        link: Link::DistrictCode,
        refs: &[],
    },
    Table {
        name: "rewards",
        columns: &[
            "enterprise_id",
            "kind",
            "year",
            "amount",
            "paid_on",
            "document",
            "created_at",
        ],
        local: &[],
        key: &["enterprise_id", "kind", "year"],
        link: Link::EnterpriseColumn,
        refs: &[("enterprise_id", "enterprises")],
    },
];

/// Contact columns left out of bundles above district level unless asked for.
pub const CONTACTS: &[(&str, &str)] = &[
    ("enterprises", "contact_name"),
    ("enterprises", "contact_phone"),
];

/// The pseudo-column of a row's existence (value 1: deleted).
pub const DELETED: &str = "_deleted";

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// Whether `col` is a real synced column of `t`.
pub fn is_synced(t: &Table, col: &str) -> bool {
    t.columns.contains(&col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// A migration that adds a column must say whether it is synced: every column of every
    /// synced table is in exactly one of `columns`, `local`, or the three every row has.
    #[test]
    fn every_column_is_synced_or_local() {
        let store = Store::in_memory().unwrap();
        for t in TABLES {
            let mut stmt = store
                .conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{}')", t.name))
                .unwrap();
            let names: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for n in &names {
                let n = n.as_str();
                let places = [
                    t.columns.contains(&n),
                    t.local.contains(&n),
                    ["id", "updated_at"].contains(&n),
                ];
                assert_eq!(
                    places.iter().filter(|p| **p).count(),
                    1,
                    "{}.{n} must be synced or local, once",
                    t.name
                );
            }
            for c in t.columns.iter().chain(t.local) {
                assert!(names.iter().any(|n| n == c), "{}.{c} is not a column", t.name);
            }
        }
    }

    #[test]
    fn parents_come_before_their_children() {
        let pos = |n: &str| TABLES.iter().position(|t| t.name == n).unwrap();
        for t in TABLES {
            for (_, parent) in t.refs {
                assert!(pos(parent) < pos(t.name), "{} before {}", parent, t.name);
            }
        }
    }
}
