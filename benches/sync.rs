//! The linkage at scale, run once (not sampled): 100 laptops × 1,000 edits through 10
//! districts, 2 prefectures and 1 region on a 100,000-enterprise pool (`demo::linkage`).
//!
//! `cargo bench --bench sync` prints the figures: versions imported per second at district
//! level, bundle bytes per version, the region's merge, and how much of the region file the
//! linkage's own tables take. `SEEDBED_SIM_ENTERPRISES`, `SEEDBED_SIM_LAPTOPS` (per district)
//! and `SEEDBED_SIM_EDITS` make it smaller; the files go to `target/sync-sim` (about 15 GB at
//! full size; deleted at the end unless `SEEDBED_SIM_KEEP` is set).

use criterion::{Criterion, criterion_group, criterion_main};
use seedbed::demo::linkage::{SimOptions, SimReport, run};
use std::path::Path;
use std::time::Duration;
use time::macros::date;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn report(opts: &SimOptions, r: &SimReport, once: Duration) {
    let per_s = r.district_versions as f64 / r.district_import.as_secs_f64();
    eprintln!("\n{r:#?}");
    eprintln!(
        "whole run {:.1} s; laptops {} × edits {} on {} enterprises: {:.0} versions/s imported at \
         district level; {:.1} bundle bytes per version (laptops' bundles); region merge {:.1} s \
         ({} versions); region file {:.1} MB of which sync data {:.1} MB ({:.1} %); lost {}, \
         conflicts {} of {} expected, duplicates merged {} of {}, dangling {}, check problems {}",
        once.as_secs_f64(),
        r.laptops,
        opts.edits_per_laptop,
        opts.enterprises,
        per_s,
        r.laptop_bundle_bytes as f64 / r.laptop_bundle_versions.max(1) as f64,
        r.region_merge.as_secs_f64(),
        r.region_versions,
        r.region_file_bytes as f64 / 1e6,
        r.region_sync_bytes as f64 / 1e6,
        100.0 * r.region_sync_bytes as f64 / r.region_file_bytes.max(1) as f64,
        r.lost,
        r.conflicts,
        r.conflicts_expected,
        r.duplicates_merged,
        r.duplicates_made,
        r.dangling,
        r.check_problems.len(),
    );
}

fn simulation(c: &mut Criterion) {
    let opts = SimOptions {
        enterprises: env("SEEDBED_SIM_ENTERPRISES", 100_000),
        laptops_per_district: env("SEEDBED_SIM_LAPTOPS", 10),
        edits_per_laptop: env("SEEDBED_SIM_EDITS", 1_000),
        seed: 1,
        today: date!(2026 - 11 - 21),
        laptops_by_copy: true,
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sync-sim");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("target/sync-sim");
    let started = std::time::Instant::now();
    let r = run(&dir, &opts).expect("the simulation");
    let once = started.elapsed();
    report(&opts, &r, once);
    if std::env::var_os("SEEDBED_SIM_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    // Criterion samples; the simulation ran once above and its time stands for every sample.
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.bench_function("simulation", |b| {
        b.iter_custom(|iters| Duration::from_secs_f64(once.as_secs_f64() * iters as f64))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(1));
    targets = simulation
}
criterion_main!(benches);
