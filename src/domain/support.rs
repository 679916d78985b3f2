//! The support plan of an enterprise (一企一策): agreed actions, each with a responsible unit and
//! person, a due day and a status. An open action whose due day has passed is overdue.

use serde::{Deserialize, Serialize};
use time::Date;

crate::domain::model::closed_set! {
    /// Where a support action stands.
    ActionStatus {
        Open => "open";
        InProgress => "in_progress";
        Done => "done";
        Dropped => "dropped";
    }
}

impl ActionStatus {
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// Days an action is overdue as of `today` (`None` when it is closed, undated or not yet due).
pub fn overdue_days(status: ActionStatus, due_on: Option<Date>, today: Date) -> Option<i64> {
    let due = due_on?;
    (status.is_open() && due < today).then(|| (today - due).whole_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn open_actions_past_their_day_are_overdue() {
        let today = date!(2026 - 11 - 21);
        let due = Some(date!(2026 - 11 - 11));
        assert_eq!(overdue_days(ActionStatus::Open, due, today), Some(10));
        assert_eq!(overdue_days(ActionStatus::InProgress, due, today), Some(10));
        assert_eq!(overdue_days(ActionStatus::Done, due, today), None);
        assert_eq!(overdue_days(ActionStatus::Open, Some(today), today), None);
        assert_eq!(overdue_days(ActionStatus::Open, None, today), None);
    }
}
