//! The first-response SLA of a request (诉求): a first response is due within `sla_hours` of the
//! request being raised. Exactly `sla_hours` is still within the SLA; a breach is strictly later.

use crate::config::RequestConfig;
use serde::Serialize;
use time::{Duration, PrimitiveDateTime};

/// Where a request stands against its first-response SLA. Hours may be fractional.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SlaState {
    /// Responded within the SLA, after `hours`.
    Met { hours: f64 },
    /// Not responded yet, `hours_left` before the breach (0 at the very limit).
    Pending { hours_left: f64 },
    /// Not responded yet, `hours_over` past the limit.
    Breached { hours_over: f64 },
    /// Responded, but after `hours`, later than the SLA.
    BreachedThenMet { hours: f64 },
}

impl SlaState {
    /// Whether the SLA was or is broken.
    pub fn is_breach(&self) -> bool {
        matches!(
            self,
            SlaState::Breached { .. } | SlaState::BreachedThenMet { .. }
        )
    }
}

fn hours(d: Duration) -> f64 {
    d.as_seconds_f64() / 3600.0
}

/// The SLA state of a request raised at `raised_at`, as of `now`.
///
/// A response or a `now` before `raised_at` (clock skew) counts as zero time taken; a negative
/// `sla_hours` counts as zero.
pub fn request_sla(
    raised_at: PrimitiveDateTime,
    first_response: Option<PrimitiveDateTime>,
    now: PrimitiveDateTime,
    cfg: &RequestConfig,
) -> SlaState {
    let limit = Duration::seconds(cfg.sla_hours.max(0).saturating_mul(3600));
    let taken = (first_response.unwrap_or(now) - raised_at).max(Duration::ZERO);
    match (first_response.is_some(), taken <= limit) {
        (true, true) => SlaState::Met {
            hours: hours(taken),
        },
        (true, false) => SlaState::BreachedThenMet {
            hours: hours(taken),
        },
        (false, true) => SlaState::Pending {
            hours_left: hours(limit - taken),
        },
        (false, false) => SlaState::Breached {
            hours_over: hours(taken - limit),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const RAISED: PrimitiveDateTime = datetime!(2026-11-20 09:00);

    fn cfg() -> RequestConfig {
        RequestConfig { sla_hours: 24 }
    }

    fn sla(response: Option<PrimitiveDateTime>, now: PrimitiveDateTime) -> SlaState {
        request_sla(RAISED, response, now, &cfg())
    }

    #[test]
    fn open_request_counts_down_then_breaches() {
        assert_eq!(
            sla(None, datetime!(2026-11-20 09:00)),
            SlaState::Pending { hours_left: 24.0 }
        );
        assert_eq!(
            sla(None, datetime!(2026-11-21 06:00)),
            SlaState::Pending { hours_left: 3.0 }
        );
        assert_eq!(
            sla(None, datetime!(2026-11-21 09:00)),
            SlaState::Pending { hours_left: 0.0 }
        );
        assert_eq!(
            sla(None, datetime!(2026-11-21 09:00:01)),
            SlaState::Breached {
                hours_over: 1.0 / 3600.0
            }
        );
        assert_eq!(
            sla(None, datetime!(2026-11-21 14:00)),
            SlaState::Breached { hours_over: 5.0 }
        );
    }

    #[test]
    fn response_within_the_limit_is_met_and_later_is_a_breach() {
        let now = datetime!(2026-11-25 12:00);
        assert_eq!(
            sla(Some(datetime!(2026-11-20 11:00)), now),
            SlaState::Met { hours: 2.0 }
        );
        assert_eq!(
            sla(Some(datetime!(2026-11-21 09:00)), now),
            SlaState::Met { hours: 24.0 }
        );
        assert_eq!(
            sla(Some(datetime!(2026-11-21 09:30)), now),
            SlaState::BreachedThenMet { hours: 24.5 }
        );
    }

    #[test]
    fn the_response_time_does_not_depend_on_now() {
        let response = Some(datetime!(2026-11-20 10:30));
        assert_eq!(
            sla(response, datetime!(2026-11-20 10:30)),
            sla(response, datetime!(2027-01-01 00:00))
        );
    }

    #[test]
    fn is_breach_covers_both_breaches() {
        assert!(!SlaState::Met { hours: 1.0 }.is_breach());
        assert!(!SlaState::Pending { hours_left: 0.0 }.is_breach());
        assert!(SlaState::Breached { hours_over: 0.1 }.is_breach());
        assert!(SlaState::BreachedThenMet { hours: 30.0 }.is_breach());
    }

    #[test]
    fn clock_skew_counts_as_no_time() {
        assert_eq!(
            sla(
                Some(datetime!(2026-11-20 08:00)),
                datetime!(2026-11-21 00:00)
            ),
            SlaState::Met { hours: 0.0 }
        );
        assert_eq!(
            sla(None, datetime!(2026-11-19 00:00)),
            SlaState::Pending { hours_left: 24.0 }
        );
    }

    #[test]
    fn the_limit_comes_from_the_config() {
        let cfg = RequestConfig { sla_hours: 48 };
        assert_eq!(
            request_sla(RAISED, None, datetime!(2026-11-21 14:00), &cfg),
            SlaState::Pending { hours_left: 19.0 }
        );
        let wild = RequestConfig {
            sla_hours: i64::MAX,
        };
        assert!(!request_sla(RAISED, None, datetime!(9999-12-31 23:59), &wild).is_breach());
        let negative = RequestConfig {
            sla_hours: i64::MIN,
        };
        assert_eq!(
            request_sla(RAISED, None, datetime!(2026-11-20 10:00), &negative),
            SlaState::Breached { hours_over: 1.0 }
        );
        let zero = RequestConfig { sla_hours: 0 };
        assert_eq!(
            request_sla(RAISED, None, RAISED, &zero),
            SlaState::Pending { hours_left: 0.0 }
        );
    }

    #[test]
    fn states_serialize_with_a_tag() {
        let json = serde_json::to_value(SlaState::Breached { hours_over: 5.0 }).unwrap_or_default();
        assert_eq!(json["state"], "breached");
        assert_eq!(json["hours_over"], 5.0);
    }
}
