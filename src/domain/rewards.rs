//! The rewards ledger (奖励): which enterprises became eligible for a reward in a year, and how
//! much, from their certificates and pool entries. The amounts are local policy (configuration).
//!
//! - an HTE certificate issued in the year, the enterprise's first: **first certification**;
//! - an HTE certificate issued in the year after an earlier one: **re-certification**;
//! - the enterprise's first entry into the HTE cultivation pool in the year: **pool entry**.

use crate::config::Rewards;
use crate::domain::model::{CertKind, Pool};
use crate::domain::targets::CertFacts;
use serde::{Deserialize, Serialize};
use time::Date;

crate::domain::model::closed_set! {
    /// What a reward is for.
    RewardKind {
        FirstCertification => "first_certification";
        Recertification => "recertification";
        ProvincialPoolEntry => "provincial_pool_entry";
    }
}

impl RewardKind {
    /// The configured amount, in yuan.
    pub fn amount(self, cfg: &Rewards) -> i64 {
        match self {
            RewardKind::FirstCertification => cfg.first_certification,
            RewardKind::Recertification => cfg.recertification,
            RewardKind::ProvincialPoolEntry => cfg.provincial_pool_entry,
        }
    }
}

/// A reward an enterprise became eligible for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility {
    pub enterprise_id: String,
    pub kind: RewardKind,
    pub year: i32,
    /// The day it became eligible (certificate issued, pool entered).
    pub on: Date,
    pub amount: i64,
}

/// A pool membership, as the rewards need it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryFacts {
    pub enterprise_id: String,
    pub pool: Pool,
    pub entered_on: Date,
}

/// The rewards that became due in `year`, ordered by day then enterprise.
pub fn eligible(
    certificates: &[CertFacts],
    entries: &[EntryFacts],
    year: i32,
    cfg: &Rewards,
) -> Vec<Eligibility> {
    let mut out = Vec::new();
    let mut push = |e: &str, kind: RewardKind, on: Date| {
        out.push(Eligibility {
            enterprise_id: e.to_string(),
            kind,
            year,
            on,
            amount: kind.amount(cfg),
        })
    };
    // The first HTE certificate and the first HTE-pool entry of each enterprise: one pass each,
    // so the whole pool is checked in linear time.
    let mut first_cert: std::collections::HashMap<&str, Date> = std::collections::HashMap::new();
    for c in certificates.iter().filter(|c| c.kind == CertKind::Hte) {
        let e = first_cert
            .entry(c.enterprise_id.as_str())
            .or_insert(c.issued_on);
        *e = (*e).min(c.issued_on);
    }
    let mut first_entry: std::collections::HashMap<&str, Date> = std::collections::HashMap::new();
    for m in entries.iter().filter(|m| m.pool == Pool::Hte) {
        let e = first_entry
            .entry(m.enterprise_id.as_str())
            .or_insert(m.entered_on);
        *e = (*e).min(m.entered_on);
    }
    for c in certificates
        .iter()
        .filter(|c| c.kind == CertKind::Hte && c.issued_on.year() == year)
    {
        let earlier = first_cert
            .get(c.enterprise_id.as_str())
            .is_some_and(|first| *first < c.issued_on);
        let kind = if earlier {
            RewardKind::Recertification
        } else {
            RewardKind::FirstCertification
        };
        push(&c.enterprise_id, kind, c.issued_on);
    }
    for m in entries
        .iter()
        .filter(|m| m.pool == Pool::Hte && m.entered_on.year() == year)
    {
        let earlier = first_entry
            .get(m.enterprise_id.as_str())
            .is_some_and(|first| *first < m.entered_on);
        if !earlier {
            push(
                &m.enterprise_id,
                RewardKind::ProvincialPoolEntry,
                m.entered_on,
            );
        }
    }
    out.sort_by(|a, b| (a.on, &a.enterprise_id, a.kind).cmp(&(b.on, &b.enterprise_id, b.kind)));
    // One reward of a kind per enterprise and year, on the first day it became due: a
    // certificate recorded twice (or two in one year) is not two rewards.
    let mut seen = std::collections::HashSet::new();
    out.retain(|x| seen.insert((x.enterprise_id.clone(), x.kind)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn cert(e: &str, kind: CertKind, issued: Date) -> CertFacts {
        CertFacts {
            enterprise_id: e.into(),
            kind,
            issued_on: issued,
            expires_on: None,
        }
    }

    fn entry(e: &str, pool: Pool, on: Date) -> EntryFacts {
        EntryFacts {
            enterprise_id: e.into(),
            pool,
            entered_on: on,
        }
    }

    fn gansu() -> Rewards {
        Rewards {
            first_certification: 200_000,
            recertification: 100_000,
            provincial_pool_entry: 50_000,
        }
    }

    #[test]
    fn first_re_and_pool_entry() {
        let certs = vec![
            cert("a", CertKind::Hte, date!(2023 - 10 - 01)),
            cert("a", CertKind::Hte, date!(2026 - 09 - 20)),
            cert("b", CertKind::Hte, date!(2026 - 03 - 15)),
            cert("c", CertKind::Tsme, date!(2026 - 04 - 01)),
        ];
        let entries = vec![
            entry("c", Pool::Hte, date!(2026 - 05 - 01)),
            // d re-enters the HTE pool: no second reward
            entry("d", Pool::Hte, date!(2024 - 05 - 01)),
            entry("d", Pool::Hte, date!(2026 - 06 - 01)),
            // other pools earn nothing
            entry("e", Pool::Tsme, date!(2026 - 06 - 01)),
        ];
        let got: Vec<(String, RewardKind, i64)> = eligible(&certs, &entries, 2026, &gansu())
            .into_iter()
            .map(|x| (x.enterprise_id, x.kind, x.amount))
            .collect();
        assert_eq!(
            got,
            vec![
                ("b".into(), RewardKind::FirstCertification, 200_000),
                ("c".into(), RewardKind::ProvincialPoolEntry, 50_000),
                ("a".into(), RewardKind::Recertification, 100_000),
            ]
        );
        let y2023 = eligible(&certs, &entries, 2023, &gansu());
        assert_eq!(y2023.len(), 1);
        assert_eq!(y2023[0].kind, RewardKind::FirstCertification);
        assert!(eligible(&certs, &entries, 2025, &gansu()).is_empty());
    }

    #[test]
    fn a_renewal_recorded_twice_is_one_reward() {
        // The renewal saved again a day later (or imported twice with another date).
        let certs = vec![
            cert("a", CertKind::Hte, date!(2023 - 10 - 01)),
            cert("a", CertKind::Hte, date!(2026 - 09 - 20)),
            cert("a", CertKind::Hte, date!(2026 - 09 - 21)),
        ];
        let got: Vec<(RewardKind, Date, i64)> = eligible(&certs, &[], 2026, &gansu())
            .into_iter()
            .map(|x| (x.kind, x.on, x.amount))
            .collect();
        assert_eq!(
            got,
            vec![(RewardKind::Recertification, date!(2026 - 09 - 20), 100_000)]
        );
    }
}
