//! The linkage: every write of a synced field is a version of this file's origin; files
//! exchange bundles of the versions their peers have not seen, and each field keeps the
//! values no other version overwrote (more than one distinct value is a conflict to review).

pub mod apply;
pub mod columns;
pub mod conflicts;
pub mod export;
pub mod identity;
pub mod resolve;
pub mod stamp;
pub mod status;
pub mod triggers;
pub mod versions;

pub use apply::{Applied, import};
pub use conflicts::{Candidate, Conflict};
pub use export::{ExportOptions, Exported, export};
pub use identity::{Identity, Level, identity, settle};
pub use stamp::stamp;

#[cfg(test)]
mod tests;
