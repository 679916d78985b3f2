//! The Requests screen: open requests, oldest first.

use super::ListId;
use super::cursor::PagedRow;
use crate::store::queries::RequestRow;

impl PagedRow for RequestRow {
    const LIST: ListId = ListId::Requests;

    fn enterprise_id(&self) -> Option<String> {
        Some(self.enterprise_id.clone())
    }

    /// A form asked for here starts on the request.
    fn item_id(&self) -> Option<String> {
        Some(self.id.clone())
    }
}
