//! Documents shared by the CLI and the TUI: the enterprise detail text, the enterprise brief, the
//! district report and its bureau sections. They sit above `i18n` (they are made of words) and below `app`.

pub mod brief;
pub mod bureau;
pub mod charts;
pub mod colour_days;
pub mod context;
pub mod detail;
pub mod district;
pub mod trends;
pub mod wrap;
