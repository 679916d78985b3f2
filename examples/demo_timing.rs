//! Times the demo generator: `cargo run --release --example demo_timing [ENTERPRISES] [FILE]`.
//! Writes a fresh file (default: a temporary one), prints the counts, the time taken and the
//! computed colour mix of active projects.

use seedbed::config::Config;
use seedbed::demo::{DemoOptions, generate};
use seedbed::domain::Colour;
use seedbed::domain::alert::{MilestoneFacts, ProjectFacts, project_alert};
use seedbed::store::{Store, parse_date};
use std::collections::HashMap;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let path = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("demo.db"));
    let today = time::macros::date!(2026 - 11 - 21);
    let mut store = Store::create(&path, true)?;
    let t = std::time::Instant::now();
    let sum = generate(
        &mut store.conn,
        &DemoOptions {
            enterprises: n,
            seed: 42,
        },
        today,
    )?;
    let took = t.elapsed();
    println!("{sum:?}");
    println!("generated in {took:.2?}");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!("file + wal: {} MB", size / 1_000_000);

    let cfg = Config::default().alert;
    let mut milestones: HashMap<String, Vec<MilestoneFacts>> = HashMap::new();
    let mut stmt = store
        .conn
        .prepare("SELECT project_id, name, planned_on, done_on FROM milestones")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let done: Option<String> = r.get(3)?;
        milestones
            .entry(r.get(0)?)
            .or_default()
            .push(MilestoneFacts {
                name: r.get(1)?,
                planned: parse_date(&r.get::<_, String>(2)?)?,
                done: done.map(|d| parse_date(&d)).transpose()?,
            });
    }
    let mut stmt = store.conn.prepare(
        "SELECT id, start_on, planned_end, extended_end, acceptance_applied, risk_flag
         FROM projects WHERE acceptance_passed IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut mix = [0usize; 3];
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let opt = |s: Option<String>| s.map(|s| parse_date(&s)).transpose();
        let p = ProjectFacts {
            start: parse_date(&r.get::<_, String>(1)?)?,
            planned_end: parse_date(&r.get::<_, String>(2)?)?,
            extended_end: opt(r.get(3)?)?,
            acceptance_applied: opt(r.get(4)?)?,
            acceptance_passed: None,
            risk_flag: r.get(5)?,
            milestones: milestones.remove(&id).unwrap_or_default(),
        };
        let i = match project_alert(&p, today, &cfg).colour {
            Colour::Green => 0,
            Colour::Yellow => 1,
            Colour::Red => 2,
        };
        mix[i] += 1;
    }
    let total = mix.iter().sum::<usize>().max(1) as f64;
    println!(
        "active projects {}: green {:.1}% yellow {:.1}% red {:.1}%",
        total,
        mix[0] as f64 * 100.0 / total,
        mix[1] as f64 * 100.0 / total,
        mix[2] as f64 * 100.0 / total
    );
    Ok(())
}
