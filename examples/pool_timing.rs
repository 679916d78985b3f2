//! Times the Pool screen's index: `cargo run --release --example pool_timing FILE`.
//! Loads the index from FILE, then prints how long building the Pool state and one write
//! (an upsert of a renamed enterprise) take.

use seedbed::app::pool::{PoolState, RowUpdate};
use seedbed::app::{Effect, Loaded};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::store::{OpenMode, Store};
use seedbed::tui::effects::Runner;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: pool_timing FILE"))?;
    let store = Store::open(std::path::Path::new(&path), OpenMode::Existing)?;
    let today = time::macros::date!(2026 - 11 - 21);
    let mut runner = Runner::new(
        store,
        Config::default(),
        time::macros::datetime!(2026-11-21 09:00),
        Lang::Zh,
        None,
    );
    let t = Instant::now();
    let Loaded::Index(index) = runner.run(&Effect::LoadIndex) else {
        anyhow::bail!("no index");
    };
    println!("read from SQLite: {:.1?}", t.elapsed());
    let t = Instant::now();
    let mut p = PoolState::new(index, today);
    println!("PoolState::new: {:.1?}", t.elapsed());
    let middle = p.index.rows.len() / 2;
    let row = p.index.rows[middle].clone();
    let initials = p.index.initials.get(middle).to_string();
    let name = format!("{}新", p.index.name(middle));
    let district = p.index.district(&row).to_string();
    let commissioner = Some(p.index.commissioner(&row).to_string()).filter(|c| !c.is_empty());
    let t = Instant::now();
    p.upsert(
        RowUpdate {
            row,
            name,
            initials,
            district,
            commissioner,
        },
        today,
    );
    println!("upsert: {:.1?}", t.elapsed());
    p.sort = seedbed::store::queries::SortKey::NextVisit;
    let t = Instant::now();
    p.resort(today);
    println!(
        "first sort by another key after the write: {:.1?}",
        t.elapsed()
    );
    Ok(())
}
