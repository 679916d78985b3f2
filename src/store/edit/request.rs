//! Responses to requests.

use super::*;
use rusqlite::Connection;
use rusqlite::types::Value;

/// A response to a request (the first stamps the response time; closing needs a note).
pub(super) fn respond_request(
    tx: &Connection,
    cs: &mut ChangeSet<'_>,
    ctx: &EditContext<'_>,
    edit: &Edit,
    eid: Option<String>,
) -> Result<String> {
    let Edit::RespondRequest {
        request_id,
        status,
        resolution,
    } = edit
    else {
        return Err(not_this(edit));
    };
    let e = eid.unwrap_or_default();
    let stamp = format_datetime(ctx.now);
    let first: Option<String> = tx.query_row(
        "SELECT first_response_at FROM requests WHERE id = ?1",
        [request_id],
        |r| r.get(0),
    )?;
    let mut cols: Vec<(&str, Value)> = vec![("status", text(status.code()))];
    if first.is_none() {
        cols.push(("first_response_at", Value::Text(stamp.clone())));
    }
    if !status.is_open() {
        if resolution.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(invalid("closing a request needs a note on how it ended"));
        }
        cols.push(("closed_at", Value::Text(stamp)));
    }
    if resolution.is_some() {
        cols.push(("resolution", opt_text(resolution.as_deref())));
    }
    cs.update("requests", request_id, &e, &cols)?;
    Ok(e)
}
