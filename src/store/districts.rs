//! Districts in the file: mapping the free text of older files to GB/T 2260 codes, the rows
//! whose text matches no code (for `seedbed check`), and the stored form of a resolved district.

use super::Result;
use crate::domain::districts::{self, District, Resolution};
use rusqlite::{Connection, OptionalExtension, params};

/// The `meta` key holding the table edition the file's free text was last mapped with.
pub const MAPPED_WITH: &str = "districts_mapped_with";

/// How many rows the mapping gave a code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mapped {
    pub enterprises: usize,
    pub targets: usize,
}

/// Gives every enterprise and target whose district is free text the code its text resolves
/// to, and writes the table's full name in place of the text. Text that matches no district is
/// left as it is (without a code); so is text that matches several, unless the enterprise's
/// registered region (its credit code) picks exactly one of them (targets have none). Runs once per file and table edition (the
/// first open after the migration, in files of any older version), in one transaction.
pub fn map_free_text(conn: &mut Connection) -> Result<Mapped> {
    let done: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [MAPPED_WITH],
            |r| r.get(0),
        )
        .optional()?;
    if done.as_deref() == Some(districts::EDITION) {
        return Ok(Mapped::default());
    }
    let tx = conn.transaction()?;
    let mut mapped = Mapped::default();
    let table = districts::table();
    {
        // One statement per distinct spelling, not per enterprise: a big pool has few.
        let spellings: Vec<String> = tx
            .prepare("SELECT DISTINCT district FROM enterprises WHERE district_code IS NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut set = tx.prepare(
            "UPDATE enterprises SET district_code = ?2, district = ?3
             WHERE district = ?1 AND district_code IS NULL",
        )?;
        // A shared name (城关区) is decided per enterprise by where it is registered: the region
        // of its credit code, when that points at exactly one of the districts the name may mean.
        let mut registered = tx.prepare(
            "SELECT id, region_code, credit_code FROM enterprises
             WHERE district = ?1 AND district_code IS NULL",
        )?;
        let mut set_one =
            tx.prepare("UPDATE enterprises SET district_code = ?2, district = ?3 WHERE id = ?1")?;
        for text in spellings {
            match table.resolve(&text) {
                Resolution::Found(d) => {
                    mapped.enterprises += set.execute(params![text, d.code, d.full_name])?;
                }
                Resolution::Ambiguous(candidates) => {
                    let rows: Vec<(String, String, String)> = registered
                        .query_map([&text], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                        .collect::<rusqlite::Result<_>>()?;
                    for (id, region, credit_code) in rows {
                        let region = match region.trim() {
                            "" => {
                                crate::domain::credit_code::region_code(&credit_code).unwrap_or("")
                            }
                            r => r,
                        };
                        if let Some(d) = table.break_tie(&candidates, region) {
                            mapped.enterprises +=
                                set_one.execute(params![id, d.code, d.full_name])?;
                        }
                    }
                }
                Resolution::NotFound => {}
            }
        }
        let rows: Vec<(String, String, String, i64)> = tx
            .prepare(
                "SELECT id, district, metric, year FROM targets
                 WHERE district_code IS NULL AND district <> ''",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut taken = tx.prepare(
            "SELECT 1 FROM targets WHERE district = ?1 AND metric = ?2 AND year = ?3 AND id <> ?4",
        )?;
        let mut set =
            tx.prepare("UPDATE targets SET district_code = ?2, district = ?3 WHERE id = ?1")?;
        for (id, text, metric, year) in rows {
            let Resolution::Found(d) = table.resolve(&text) else {
                continue;
            };
            // Two spellings of one district with a target for the same metric and year: which
            // value holds is a person's choice, so both stay as they are and `check` lists them.
            if text != d.full_name && taken.exists(params![d.full_name, metric, year, id])? {
                continue;
            }
            set.execute(params![id, d.code, d.full_name])?;
            mapped.targets += 1;
        }
    }
    tx.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![MAPPED_WITH, districts::EDITION],
    )?;
    tx.commit()?;
    Ok(mapped)
}

/// A row whose district matches no code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// `enterprise` or `target`.
    pub table: &'static str,
    /// The enterprise's name, or the target's metric and year.
    pub subject: String,
    /// The district as written.
    pub district: String,
}

/// The live enterprises and the targets whose district has no code, in name order.
pub fn unmatched(conn: &Connection) -> Result<Vec<Unmatched>> {
    let mut out: Vec<Unmatched> = conn
        .prepare(
            "SELECT name, district FROM enterprises
             WHERE district_code IS NULL AND deleted_at IS NULL ORDER BY name, id",
        )?
        .query_map([], |r| {
            Ok(Unmatched {
                table: "enterprise",
                subject: r.get(0)?,
                district: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let targets: Vec<Unmatched> = conn
        .prepare(
            "SELECT metric, year, district FROM targets
             WHERE district_code IS NULL AND district <> '' ORDER BY district, metric, year",
        )?
        .query_map([], |r| {
            Ok(Unmatched {
                table: "target",
                subject: format!("{} {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
                district: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    out.extend(targets);
    Ok(out)
}

/// The district a target is set for, as stored (name, code): the whole pool for '', the text
/// as typed when a target of that metric and year already has it (also free text that matches
/// no code yet, so its value can still be changed), otherwise the one district it resolves to.
pub fn target_scope(
    conn: &Connection,
    typed: &str,
    metric: &str,
    year: i32,
) -> Result<(String, Option<&'static str>)> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok((String::new(), None));
    }
    let stored = conn
        .prepare_cached("SELECT 1 FROM targets WHERE district = ?1 AND metric = ?2 AND year = ?3")?
        .exists(params![typed, metric, year])?;
    if stored {
        return Ok((typed.to_string(), None));
    }
    let d = resolve(typed)?;
    Ok((d.full_name.clone(), Some(d.code)))
}

/// Why a typed district cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistrictError {
    #[error(
        "district {0} matches no GB/T 2260 code (write the district's name, full name or 6-digit code)"
    )]
    NotFound(String),
    #[error(
        "district {given} is ambiguous ({} districts: {}): write the full name or the 6-digit code",
        .candidates.len(),
        .candidates.join(", ")
    )]
    Ambiguous {
        given: String,
        /// The full names of the districts it may mean.
        candidates: Vec<String>,
    },
}

/// The district typed, as stored: its code and full name.
pub fn resolve(input: &str) -> std::result::Result<&'static District, DistrictError> {
    match districts::table().resolve(input) {
        Resolution::Found(d) => Ok(d),
        Resolution::Ambiguous(list) => Err(DistrictError::Ambiguous {
            given: input.trim().to_string(),
            candidates: list.iter().map(|d| d.full_name.clone()).collect(),
        }),
        Resolution::NotFound => Err(DistrictError::NotFound(input.trim().to_string())),
    }
}
