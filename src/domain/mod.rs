//! Pure domain types and rules. No I/O here: every rule that depends on the date takes `today`.

pub mod alert;
pub mod cadence;
pub mod commissioners;
pub mod credit_code;
pub mod dates;
pub mod districts;
pub mod fields;
pub mod hte;
pub mod model;
pub mod ranking;
pub mod rewards;
pub mod sla;
pub mod support;
pub mod targets;
pub mod trends;
pub mod tsme;

pub use model::*;
