//! The Alerts screen's trend: red and yellow projects at the end of each of the last twelve
//! months, by the same colour pass as the report's red/yellow chart (`colour_days`), so the two
//! agree. Here rather than in the store because that pass lives in this layer.

use super::colour_days::{colours_on, slot};
use crate::config::Config;
use crate::domain::Colour;
use crate::domain::trends::{MONTHS, MonthColours, month_ends};
use crate::store::Result;
use crate::store::trends::{colour_summary, project_enterprises};
use rusqlite::Connection;
use time::Date;

/// Red and yellow projects (live, not accepted, of live enterprises) at the end of each of the
/// last [`MONTHS`] months up to `today`, oldest first.
pub fn colour_months(conn: &Connection, today: Date, config: &Config) -> Result<MonthColours> {
    let days = month_ends(today, MONTHS);
    let group_of = project_enterprises(conn)?;
    let counts = colours_on(conn, &days, &group_of, 1, config)?;
    let of = |c: Colour| -> Vec<u32> {
        counts
            .iter()
            .map(|d| u32::try_from(d.projects[slot(c)]).unwrap_or(u32::MAX))
            .collect()
    };
    Ok(MonthColours {
        red: of(Colour::Red),
        yellow: of(Colour::Yellow),
    })
}

/// [`colour_months`] kept as a summary until the next write or the next day.
pub fn colour_trend(conn: &Connection, today: Date, config: &Config) -> Result<MonthColours> {
    colour_summary(conn, today, |c| colour_months(c, today, config))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::trends;
    use time::macros::date;

    #[test]
    fn red_and_yellow_projects_at_each_month_end() {
        let (_dir, store) = trends::tests::three_enterprises();
        store
            .conn
            .execute_batch(
                "INSERT INTO projects (id, enterprise_id, name, level, start_on, planned_end,
                                       acceptance_passed, risk_flag, deleted_at, created_at, updated_at) VALUES
                     -- Ends 04-30 unaccepted: yellow within 90 days of it, red after.
                     ('p1', 'e1', '节水灌溉', 'district', '2025-01-01', '2026-04-30', NULL, NULL, NULL, 'x', 'x'),
                     -- A risk flagged, the end far: yellow throughout.
                     ('p2', 'e2', '疫苗研发', 'city', '2025-01-01', '2030-01-01', NULL, '资金紧张', NULL, 'x', 'x'),
                     -- Started in September, green: never counted.
                     ('p3', 'e2', '智能温室', 'city', '2026-09-15', '2030-01-01', NULL, NULL, NULL, 'x', 'x'),
                     -- A deleted enterprise's, and a deleted project: left out.
                     ('p4', 'e3', '矿山修复', 'city', '2025-01-01', '2025-06-30', NULL, NULL, NULL, 'x', 'x'),
                     ('p6', 'e1', '旧项目', 'city', '2025-01-01', '2025-06-30', NULL, NULL, '2026-02-01', 'x', 'x'),
                     -- Ends 03-31, accepted 07-01: yellow, then red, then out of the count.
                     ('p5', 'e1', '光伏储能', 'city', '2025-01-01', '2026-03-31', '2026-07-01', NULL, NULL, 'x', 'x');",
            )
            .unwrap();
        let today = date!(2026 - 11 - 21);
        let config = Config::default();
        // Month ends from 2025-12-31 to 2026-10-31, then today.
        let expected = MonthColours {
            red: vec![0, 0, 0, 0, 1, 2, 2, 1, 1, 1, 1, 1],
            yellow: vec![2, 3, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1],
        };
        assert_eq!(
            colour_months(&store.conn, today, &config).unwrap(),
            expected
        );
        // Kept for the screens, which read it back without computing.
        assert_eq!(trends::kept(&store.conn, today).unwrap().colours, None);
        assert_eq!(colour_trend(&store.conn, today, &config).unwrap(), expected);
        assert_eq!(
            trends::kept(&store.conn, today).unwrap().colours,
            Some(expected)
        );
    }
}
