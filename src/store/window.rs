//! Reading a window of an ordered list: from the nearer end or from rows read before.

use super::Result;
use rusqlite::Connection;

/// Runs a `SELECT count(*) …` query.
pub(super) fn count_of(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<usize> {
    let n: i64 = conn.prepare_cached(sql)?.query_row(p, |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

/// How to read rows `start..start + len` of an ordered list of `total` rows.
///
/// The paged queries pick the row ids first from a covering index (`LIMIT`/`OFFSET` there steps
/// over index entries only), then read just those rows. Past the middle of the list the window
/// is read from the back in reverse order, so that no read steps over more than half the list:
/// `G` costs what `g` costs.
///
/// A window next to rows read before starts from one of them instead (`Anchor`, a keyset
/// read): paging deep into a list then steps over a screen of rows, not over all before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Window {
    /// Read in reverse order (then reverse the rows read).
    reverse: bool,
    offset: usize,
    limit: usize,
    /// Read after (reversed: before) the row with this sort key and id.
    seek: Option<(String, String)>,
}

impl Window {
    pub(super) fn new(total: usize, start: usize, len: usize) -> Window {
        let end = start.saturating_add(len).min(total);
        let limit = end.saturating_sub(start);
        let from_back = total - end;
        if limit > 0 && from_back < start {
            Window {
                reverse: true,
                offset: from_back,
                limit,
                seek: None,
            }
        } else {
            Window {
                reverse: false,
                offset: start,
                limit,
                seek: None,
            }
        }
    }

    /// The window read from whichever of the list's ends or `anchors` steps over fewest rows.
    pub(super) fn near(total: usize, start: usize, len: usize, anchors: &[Anchor]) -> Window {
        let mut best = Window::new(total, start, len);
        let end = start.saturating_add(len).min(total);
        let limit = best.limit;
        for a in anchors.iter().filter(|a| a.pos < total && limit > 0) {
            let (reverse, offset) = if a.pos < start {
                (false, start - a.pos - 1)
            } else if a.pos >= end {
                (true, a.pos - end)
            } else {
                continue;
            };
            if offset < best.offset {
                best = Window {
                    reverse,
                    offset,
                    limit,
                    seek: Some((a.key.clone(), a.id.clone())),
                };
            }
        }
        best
    }

    /// The keyset condition on `(key, id)` (parameters 4 and 5), or nothing.
    pub(super) fn seek_sql(&self, key: &str, id: &str) -> String {
        match (&self.seek, self.reverse) {
            (None, _) => String::new(),
            (Some(_), false) => format!(" AND ({key}, {id}) > (?4, ?5)"),
            (Some(_), true) => format!(" AND ({key}, {id}) < (?4, ?5)"),
        }
    }

    /// `ASC` or `DESC` for a term that sorts ascending in the list.
    pub(super) fn asc(&self) -> &'static str {
        if self.reverse { "DESC" } else { "ASC" }
    }

    /// `DESC` or `ASC` for a term that sorts descending in the list.
    pub(super) fn desc(&self) -> &'static str {
        if self.reverse { "ASC" } else { "DESC" }
    }

    /// Runs the query (bound with `limit` and `offset` after the caller's parameters, then
    /// the seek key and id) and puts the rows in list order.
    pub(super) fn rows<T>(
        &self,
        stmt: &mut rusqlite::Statement<'_>,
        p: &[&dyn rusqlite::ToSql],
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        if self.limit == 0 {
            return Ok(Vec::new());
        }
        let limit = self.limit as i64;
        let offset = self.offset as i64;
        let mut all: Vec<&dyn rusqlite::ToSql> = p.to_vec();
        all.push(&limit);
        all.push(&offset);
        if let Some((key, id)) = &self.seek {
            all.push(key);
            all.push(id);
        }
        let mut rows = stmt
            .query_map(all.as_slice(), f)?
            .collect::<rusqlite::Result<Vec<T>>>()?;
        if self.reverse {
            rows.reverse();
        }
        Ok(rows)
    }
}

/// A row of a list at a known position, by its sort key and id (the last two terms of the
/// list's order, which has no NULL key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub pos: usize,
    pub key: String,
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(pos: usize) -> Anchor {
        Anchor {
            pos,
            key: format!("k{pos}"),
            id: format!("i{pos}"),
        }
    }

    #[test]
    fn a_window_reads_from_the_nearest_end_or_anchor() {
        // Deep in a list of 100,000 without anchors: from the front, or from the back.
        let w = Window::new(100_000, 40_000, 90);
        assert_eq!((w.reverse, w.offset, w.limit), (false, 40_000, 90));
        let w = Window::new(100_000, 70_000, 90);
        assert_eq!((w.reverse, w.offset), (true, 29_910));
        // After the last row read: a screen's steps, whatever the depth.
        let w = Window::near(100_000, 40_000, 90, &[anchor(39_969), anchor(39_999)]);
        assert_eq!((w.reverse, w.offset), (false, 0));
        assert_eq!(w.seek, Some(("k39999".into(), "i39999".into())));
        assert!(w.seek_sql("d", "id").contains("(d, id) > (?4, ?5)"));
        // Before the first row read (paging up): read backwards from it.
        let w = Window::near(100_000, 39_880, 90, &[anchor(39_970), anchor(40_059)]);
        assert_eq!((w.reverse, w.offset), (true, 0));
        assert!(w.seek_sql("d", "id").contains("(d, id) < (?4, ?5)"));
        // An anchor inside the window, or farther than an end, is not used.
        let w = Window::near(100_000, 10, 90, &[anchor(50), anchor(5_000)]);
        assert_eq!((w.seek, w.offset), (None, 10));
        // A window past the end reads nothing.
        assert_eq!(Window::near(10, 10, 5, &[anchor(3)]).limit, 0);
    }
}
