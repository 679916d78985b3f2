//! The Certificates screen: HTE certificates expiring, enterprises nearly ready, and rewards.

use super::cursor::PagedRow;
use super::{CertItem, ListId, form};

impl PagedRow for CertItem {
    const LIST: ListId = ListId::Certs;

    fn enterprise_id(&self) -> Option<String> {
        Some(match self {
            CertItem::Expiring { cert, .. } => cert.enterprise_id.clone(),
            CertItem::Candidate { enterprise_id, .. } => enterprise_id.clone(),
            CertItem::Reward(r) => r.enterprise_id.clone(),
        })
    }

    /// A reward's form starts on that reward.
    fn item_id(&self) -> Option<String> {
        match self {
            CertItem::Reward(r) => Some(form::reward_key(r.kind, r.year)),
            _ => None,
        }
    }
}
