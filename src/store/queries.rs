//! The read queries the screens and the CLI ask, by their old path: each screen's queries are in
//! its own module (`store::pool`, `agenda`, `alerts`, `ranking`, `requests`, `certs`; the
//! header's counts in `store::overview`).

pub use super::agenda::*;
pub use super::alerts::*;
pub use super::certs::*;
pub use super::overview::*;
pub use super::pool::*;
pub use super::ranking::{
    RankRow, latest_rank_year, rank_years, ranking, ranking_count, ranking_history, ranking_page,
};
pub use super::requests::*;
pub use super::window::Anchor;
