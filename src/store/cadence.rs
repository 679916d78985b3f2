//! The store's one translation of the visit cadence's state rule (`domain::cadence::visit_state`)
//! into SQL, over the columns the derived values keep on `enterprises`.

/// The "due" arm of the rule: nothing planned and the due day reached. Also the condition of
/// the partial index the header's count reads (`enterprises_due`).
macro_rules! due_sql {
    () => {
        "planned_visit IS NULL AND next_visit <= :today"
    };
}

/// Enterprises whose cadence has lapsed with no visit planned, as of the parameter `:today`.
pub const DUE_SQL: &str = due_sql!();

/// The SQL form of `domain::cadence::visit_state`, over the columns `planned_visit` (the earliest
/// open planned visit, NULL if none) and `next_visit` (that visit, else the due day), both ISO
/// date text, and the parameter `:today` (ISO date text). Yields `'overdue'`, `'due'` or `'ok'`.
pub const VISIT_STATE_SQL: &str = concat!(
    "CASE WHEN planned_visit IS NOT NULL AND planned_visit < :today THEN 'overdue' WHEN ",
    due_sql!(),
    " THEN 'due' ELSE 'ok' END"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CadenceConfig;
    use crate::domain::cadence::{VisitFacts, visit_cadence, visit_state};
    use crate::domain::model::VisitState;
    use time::Date;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn cfg() -> CadenceConfig {
        CadenceConfig {
            visits_per_year: 3,
            interval_days: 120,
        }
    }

    fn sql_state(
        conn: &rusqlite::Connection,
        planned: Option<Date>,
        next: Option<Date>,
    ) -> rusqlite::Result<String> {
        let query =
            format!("SELECT {VISIT_STATE_SQL} FROM (SELECT ?1 AS planned_visit, ?2 AS next_visit)");
        conn.query_row(
            &query.replace(":today", "?3"),
            rusqlite::params![
                planned.map(|d| d.to_string()),
                next.map(|d| d.to_string()),
                TODAY.to_string()
            ],
            |row| row.get(0),
        )
    }

    /// The rule and its SQL give the state written by hand for each edge.
    #[test]
    fn the_rule_and_its_sql_agree_on_hand_written_cases() -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open_in_memory()?;
        let yesterday = Some(date!(2026 - 11 - 20));
        let today = Some(TODAY);
        let tomorrow = Some(date!(2026 - 11 - 22));
        let cases = [
            // (planned, next_visit, state)
            (None, None, VisitState::Ok),
            (None, yesterday, VisitState::Due),
            (None, today, VisitState::Due),
            (None, tomorrow, VisitState::Ok),
            (yesterday, yesterday, VisitState::Overdue),
            (yesterday, None, VisitState::Overdue),
            (today, today, VisitState::Ok),
            (tomorrow, tomorrow, VisitState::Ok),
        ];
        for (planned, next, want) in cases {
            assert_eq!(
                visit_state(planned, next, TODAY),
                want,
                "{planned:?} {next:?}"
            );
            assert_eq!(
                sql_state(&conn, planned, next)?,
                want.code(),
                "{planned:?} {next:?}"
            );
        }
        Ok(())
    }

    /// The SQL expression agrees with the Rust rule on every edge.
    #[test]
    fn sql_matches_the_rule() -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open_in_memory()?;
        let last_days = [
            None,
            Some(date!(2026 - 07 - 23)),
            Some(date!(2026 - 07 - 24)),
            Some(date!(2026 - 07 - 25)),
        ];
        let planned_days = [
            None,
            Some(date!(2026 - 11 - 20)),
            Some(TODAY),
            Some(date!(2026 - 11 - 22)),
        ];
        let sinces = [
            date!(2026 - 07 - 23),
            date!(2026 - 07 - 24),
            date!(2026 - 07 - 25),
        ];
        for last in last_days {
            for planned in planned_days {
                for since in sinces {
                    let f = VisitFacts {
                        last_done: last,
                        next_planned: planned,
                        since,
                    };
                    let c = visit_cadence(&f, TODAY, &cfg());
                    let sql = sql_state(&conn, planned, Some(c.next_visit))?;
                    assert_eq!(sql, c.state.code(), "{f:?}");
                }
            }
        }
        Ok(())
    }

    #[test]
    fn sql_works_with_a_named_parameter() -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open_in_memory()?;
        let query = format!(
            "SELECT {VISIT_STATE_SQL} FROM (SELECT NULL AS planned_visit, '2026-11-21' AS next_visit)"
        );
        let state: String = conn.query_row(
            &query,
            rusqlite::named_params! { ":today": "2026-11-21" },
            |row| row.get(0),
        )?;
        assert_eq!(state, "due");
        Ok(())
    }
}
