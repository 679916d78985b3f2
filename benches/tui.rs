//! TUI benchmarks at pool scale: the real `App::update` + effects (`tui::drain` through a
//! `Runner` on a demo pool file) + `ui::render` on a 160x48 `TestBackend`, per keystroke.
//!
//! Demo pools of 10,000 and 100,000 enterprises are generated once into
//! `target/bench-pools/pool-{n}-{schema hash}.db` (as of 2026-11-21, seed 7) and reused; delete
//! the directory after changing the generator.
//!
//! `cargo bench --bench tui` runs the criterion benchmarks, then times every scenario again
//! 200 times and prints p50 / p99 / max per scenario and pool size (criterion reports means and
//! medians only). `cargo bench --bench tui -- p99` prints the table only; any other name filter
//! (e.g. `-- search/`) runs the matching criterion benchmarks only. Without `--bench` (e.g. `cargo test --benches`) every scenario runs
//! once on a small pool, as a smoke test.

use criterion::{BenchmarkId, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use seedbed::app::paged::Paged;
use seedbed::app::{Action, App, Effect, Screen};
use seedbed::cli::demo::{DemoArgs, create};
use seedbed::cli::{Context, output::Format};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::store::queries::{ListFilter, SortKey};
use seedbed::store::{OpenMode, Store};
use seedbed::tui::drain;
use seedbed::tui::runner::{ME, Runner};
use seedbed::ui;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::macros::{date, datetime};

/// The binary's allocator (`src/main.rs`), so that the figures are the TUI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;
/// Samples per scenario in the p50 / p99 table ...
const P99_SAMPLES: usize = 200;
/// ... unless they take longer than this (setups included).
const SCENARIO_BUDGET: Duration = Duration::from_secs(2);

/// A demo pool of `n` enterprises, generated on first use and kept in `target/bench-pools`
/// (a new schema gets new files).
fn pool_file(n: usize) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    include_str!("../src/store/schema_v1.sql").hash(&mut h);
    include_str!("../src/store/schema_v2.sql").hash(&mut h);
    include_str!("../src/store/schema_v3.sql").hash(&mut h);
    include_str!("../src/store/schema_v4.sql").hash(&mut h);
    // How the bench prepares a pool (bump when that changes).
    2u8.hash(&mut h);
    let schema = h.finish() & 0xffff_ffff;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-pools");
    let path = dir.join(format!("pool-{n}-{schema:08x}.db"));
    if path.exists() {
        warm(&path);
        return path;
    }
    std::fs::create_dir_all(&dir).expect("create target/bench-pools");
    // Generate beside the target and rename, so an interrupted run leaves no half-made pool.
    let tmp = path.with_extension("db.tmp");
    let args = DemoArgs {
        enterprises: n,
        seed: 7,
        force: true,
    };
    eprintln!(
        "generating a demo pool of {n} enterprises into {}",
        path.display()
    );
    let started = Instant::now();
    create(&tmp, &args, &context(&tmp)).expect("demo pool");
    eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
    {
        // The commissioner using the file has been chosen (else a prompt asks at start).
        let store = Store::open(&tmp, OpenMode::Existing).expect("open the new pool");
        let me: String = store
            .conn
            .query_row(
                "SELECT id FROM commissioners ORDER BY name LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("a commissioner");
        store.set_meta(ME, &me).expect("set the commissioner");
    }
    for suffix in ["db.tmp-wal", "db.tmp-shm"] {
        let _ = std::fs::remove_file(path.with_extension(suffix));
    }
    std::fs::rename(&tmp, &path).expect("move the pool into place");
    warm(&path);
    path
}

/// Reads the whole file once, so that the operating system's cache holds it at every size
/// (the 10k file is there after any use, the 1 GB one not). The benchmarks measure the
/// program, not the first read of a part of the disk: a window deep in a list would otherwise
/// cost a disk read per row the first time, however the program reads it.
fn warm(path: &Path) {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return;
    };
    let mut buf = vec![0u8; 1 << 20];
    while f.read(&mut buf).is_ok_and(|n| n > 0) {}
}

/// The context the binary builds for `--db PATH --today 2026-11-21 --lang zh` with
/// `SEEDBED_TODAY=2026-11-21` (not an as-of view).
fn context(db: &Path) -> Context {
    Context {
        db: db.to_path_buf(),
        lang: Lang::Zh,
        today: date!(2026 - 11 - 21),
        real_today: date!(2026 - 11 - 21),
        now: datetime!(2026-11-21 09:00),
        config: Config::default(),
        format: Format::Table,
        read_only: false,
        config_unknown: Vec::new(),
    }
}

/// The app, its effect runner and a test terminal: the state of a running TUI.
struct Env {
    app: App,
    runner: Runner,
    term: Terminal<TestBackend>,
    /// Another program on the same file, which writes to it (`write_elsewhere`).
    other: rusqlite::Connection,
}

impl Env {
    /// Start-up as `tui::event_loop` does it, up to the first drawn frame (header, overview,
    /// the Pool's first page read by SQL in rank order). Returns the deferred effects (the
    /// index load, which the terminal runs on a thread of its own behind that frame).
    fn start(db: &Path) -> (Env, Vec<Effect>) {
        let ctx = context(db);
        let store = ctx.open().expect("open the pool");
        seedbed::tui::tune(&store.conn).expect("pragma");
        let commissioner =
            seedbed::cli::write::commissioner(&ctx, &store, None).expect("commissioner");
        let runner = Runner::new(store, ctx.config.clone(), ctx.now, ctx.lang, commissioner);
        let app = App::new(ctx.lang, ctx.now, ctx.config.clone(), WIDTH, HEIGHT);
        let term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
        let other = rusqlite::Connection::open(db).expect("a second connection");
        let mut env = Env {
            app,
            runner,
            term,
            other,
        };
        let (index, rest): (Vec<Effect>, Vec<Effect>) = env
            .app
            .start()
            .into_iter()
            .partition(|e| *e == Effect::LoadIndex);
        drain(&mut env.app, &mut env.runner, rest);
        env.draw();
        (env, index)
    }

    /// A started app with its index loaded and drawn.
    fn ready(db: &Path) -> Env {
        let (mut env, index) = Env::start(db);
        drain(&mut env.app, &mut env.runner, index);
        env.draw();
        env
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.term
            .draw(|f| ui::render(f, app))
            .expect("draw on the test terminal");
    }

    /// One keystroke: update, run its effects, draw.
    fn press(&mut self, k: KeyEvent) {
        let fx = self.app.update(Action::Key(k));
        drain(&mut self.app, &mut self.runner, fx);
        self.draw();
    }

    fn press_all(&mut self, keys: &[KeyEvent]) {
        for k in keys {
            self.press(*k);
        }
    }

    /// Back to the Pool screen: no detail, overlay, search or filter; sorted by rank.
    fn back_to_pool(&mut self) {
        let a = &mut self.app;
        a.detail = None;
        a.overlay = seedbed::app::Overlay::None;
        a.screen = Screen::Pool;
        let today = a.today();
        if let Some(p) = &mut a.pool
            && (!p.query.is_empty()
                || p.filter != ListFilter::default()
                || p.sort != SortKey::Rank
                || p.desc)
        {
            p.query = seedbed::app::pool::Query::default();
            p.filter = ListFilter::default();
            p.sort = SortKey::Rank;
            p.desc = false;
            p.resort(today);
        }
    }

    /// Makes the next search start from scratch (the pool keeps the rows matching the last
    /// query, so typing the same first letter again would cost nothing).
    fn forget_search(&mut self) {
        if let Some(p) = &mut self.app.pool {
            p.query = seedbed::app::pool::Query::new("\u{7}");
            p.research();
            p.clear_search();
        }
    }

    fn pool_len(&self) -> usize {
        self.app.pool.as_ref().map_or(0, |p| p.view_len())
    }

    fn pool_selected(&self) -> usize {
        self.app.pool.as_ref().map_or(0, |p| p.selected)
    }

    fn select(&mut self, pos: usize) {
        if let Some(p) = &mut self.app.pool {
            p.selected = pos.min(p.view_len().saturating_sub(1));
            p.scroll = p.selected.saturating_sub(HEIGHT as usize / 2);
        }
    }

    /// Forgets the loaded rows of a screen so that showing it fetches again.
    fn invalidate(&mut self, s: Screen) {
        let a = &mut self.app;
        match s {
            Screen::Pool => {}
            Screen::Agenda => {
                a.agenda = Paged::default();
                a.calendar.clear();
            }
            Screen::Alerts => a.alerts = Paged::default(),
            Screen::Ranking => a.ranking.list = Paged::default(),
            Screen::Certs => a.certs = Paged::default(),
            Screen::Requests => a.requests = Paged::default(),
            Screen::Commissioners => a.commissioners = Paged::default(),
            Screen::Targets => a.targets = Paged::default(),
            Screen::History => a.history = Paged::default(),
            Screen::Review => a.review.list = Paged::default(),
        }
    }

    /// A change saved by another program: what the TUI kept of the file is read anew.
    fn write_elsewhere(&mut self) {
        self.other
            .execute(
                "INSERT INTO change_groups (at, label) VALUES ('2026-11-21 09:00:00', 'bench')",
                [],
            )
            .expect("a write from another connection");
    }

    /// Shows a list screen at its top, loaded.
    fn show(&mut self, s: Screen) {
        self.app.detail = None;
        self.app.overlay = seedbed::app::Overlay::None;
        if self.app.screen != s {
            self.press(key(KeyCode::Char(s.digit())));
        }
        self.press(key(KeyCode::Char('g')));
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

type Step = Box<dyn FnMut(&mut Env)>;

/// A measured keystroke: `setup` (not timed) puts the app in its starting state, `step` (timed)
/// is the keystroke: update + effects + draw.
struct Scenario {
    group: &'static str,
    name: String,
    setup: Step,
    step: Step,
    /// Checked after each (timed) step: that the keystroke did its work.
    check: fn(&Env) -> bool,
    /// Also a criterion benchmark (the p50 / p99 table has every scenario; criterion the
    /// main ones, so that `cargo bench` takes minutes).
    criterion: bool,
}

fn scenario(
    group: &'static str,
    name: impl Into<String>,
    setup: impl FnMut(&mut Env) + 'static,
    step: impl FnMut(&mut Env) + 'static,
) -> Scenario {
    Scenario {
        group,
        name: name.into(),
        setup: Box::new(setup),
        step: Box::new(step),
        check: |_| true,
        criterion: true,
    }
}

/// A single key pressed after `setup`.
fn key_scenario(
    group: &'static str,
    name: impl Into<String>,
    setup: impl FnMut(&mut Env) + 'static,
    k: KeyEvent,
) -> Scenario {
    scenario(group, name, setup, move |e| e.press(k))
}

/// Typing `text` into the search line: the last character is the measured keystroke.
fn search_scenario(name: impl Into<String>, text: &str) -> Scenario {
    let mut chars: Vec<char> = text.chars().collect();
    let last = chars.pop().expect("a search text");
    let mut s = key_scenario(
        "search",
        name,
        move |e| {
            e.back_to_pool();
            e.forget_search();
            e.select(0);
            e.press(ch('/'));
            e.press_all(&chars.iter().map(|c| ch(*c)).collect::<Vec<_>>());
        },
        ch(last),
    );
    s.check = |e| e.app.pool.as_ref().is_some_and(|p| p.match_count() > 0);
    s
}

/// Every measured keystroke. `code` is a credit code from the pool (for prefix search).
fn scenarios(code: &str) -> Vec<Scenario> {
    let mut v = vec![
        // Pool screen moves.
        key_scenario(
            "nav",
            "pool j",
            |e| {
                e.back_to_pool();
                if e.pool_selected() + 2 >= e.pool_len() {
                    e.select(0);
                }
            },
            ch('j'),
        ),
        key_scenario(
            "nav",
            "pool k",
            |e| {
                e.back_to_pool();
                if e.pool_selected() == 0 {
                    e.select(e.pool_len() / 2);
                }
            },
            ch('k'),
        ),
        key_scenario(
            "nav",
            "pool PageDown",
            |e| {
                e.back_to_pool();
                if e.pool_selected() + 100 >= e.pool_len() {
                    e.select(0);
                }
            },
            key(KeyCode::PageDown),
        ),
        key_scenario(
            "nav",
            "pool G",
            |e| {
                e.back_to_pool();
                e.select(0);
            },
            ch('G'),
        ),
        key_scenario(
            "nav",
            "pool g",
            |e| {
                e.back_to_pool();
                e.select(usize::MAX);
            },
            ch('g'),
        ),
    ];
    // Open the detail of a different enterprise each time, then Esc back.
    let mut at = 0usize;
    v.push(key_scenario(
        "nav",
        "pool Enter (detail)",
        move |e| {
            e.back_to_pool();
            at = (at + 7919) % e.pool_len().max(1);
            e.select(at);
        },
        key(KeyCode::Enter),
    ));
    let mut at = 0usize;
    v.push(key_scenario(
        "nav",
        "detail Esc",
        move |e| {
            e.back_to_pool();
            at = (at + 7919) % e.pool_len().max(1);
            e.select(at);
            e.press(key(KeyCode::Enter));
        },
        key(KeyCode::Esc),
    ));
    // Tab onto each screen, with its rows not loaded yet (the fetch is measured).
    for (i, to) in Screen::ALL.iter().copied().enumerate() {
        let n = Screen::ALL.len();
        let from = Screen::ALL[(i + n - 1) % n];
        v.push(key_scenario(
            "nav",
            format!("Tab {from:?}->{to:?}"),
            move |e| {
                e.back_to_pool();
                e.show(from);
                e.invalidate(to);
            },
            key(KeyCode::Tab),
        ));
    }
    // Deep into the SQL-paged lists: G from the top (a window at the end), and a move within
    // the loaded window.
    for s in Screen::ALL.into_iter().skip(1) {
        v.push(key_scenario(
            "nav",
            format!("{s:?} G"),
            move |e| {
                e.back_to_pool();
                e.show(s);
            },
            ch('G'),
        ));
        v.push(key_scenario(
            "nav",
            format!("{s:?} j"),
            move |e| {
                e.back_to_pool();
                e.show(s);
            },
            ch('j'),
        ));
    }
    v.push(key_scenario(
        "nav",
        "Alerts PageDown",
        |e| {
            if e.app.screen != Screen::Alerts
                || e.app.detail.is_some()
                || e.app.alerts.selected + 100 >= e.app.alerts.total
            {
                e.show(Screen::Alerts);
            }
        },
        key(KeyCode::PageDown),
    ));
    // Search as you type.
    v.push(search_scenario("'新'", "新"));
    v.push(search_scenario("'新疆'", "新疆"));
    for n in 1..=4 {
        let t = &"xjkl"[..n];
        v.push(search_scenario(format!("'{t}'"), t));
    }
    for n in [1, 2, 4, 6, 8, 10] {
        let t: String = code.chars().take(n).collect();
        v.push(search_scenario(format!("code '{t}'"), &t));
    }
    v.push(key_scenario(
        "search",
        "Esc (clear)",
        |e| {
            e.back_to_pool();
            e.press(ch('/'));
            e.press_all(&[ch('x'), ch('j')]);
        },
        key(KeyCode::Esc),
    ));
    // Filter: f, down to the colour dimension, Enter, down to red, Enter.
    let menu = [
        ch('f'),
        ch('j'),
        ch('j'),
        ch('j'),
        key(KeyCode::Enter),
        ch('j'),
    ];
    for (i, k) in menu.iter().enumerate() {
        let before = menu[..i].to_vec();
        v.push(key_scenario(
            "filter",
            format!("menu key {}", i + 1),
            move |e| {
                e.back_to_pool();
                e.press_all(&before);
            },
            *k,
        ));
    }
    v.push(key_scenario(
        "filter",
        "colour red (Enter)",
        move |e| {
            e.back_to_pool();
            e.press_all(&menu);
        },
        key(KeyCode::Enter),
    ));
    v.push(key_scenario(
        "filter",
        "clear (F)",
        move |e| {
            e.back_to_pool();
            e.press_all(&menu);
            e.press(key(KeyCode::Enter));
        },
        ch('F'),
    ));
    // Sort: s cycles through every column (each sample is the next column), S reverses.
    v.push(key_scenario(
        "sort",
        "s (next column)",
        |e| {
            e.app.screen = Screen::Pool;
            e.app.detail = None;
        },
        ch('s'),
    ));
    v.push(key_scenario(
        "sort",
        "S (reverse)",
        |e| {
            e.app.screen = Screen::Pool;
            e.app.detail = None;
        },
        ch('S'),
    ));
    // Sort on every other list: the first `s` after the file changed reads the whole list's
    // keys, the next ones sort the keys kept.
    let lists = Screen::ALL
        .into_iter()
        .filter(|s| seedbed::app::listview::list_of(*s).is_some());
    for s in lists {
        for fresh in [false, true] {
            let name = match fresh {
                true => format!("{s:?} s after a write elsewhere"),
                false => format!("{s:?} s"),
            };
            v.push(key_scenario(
                "list sort",
                name,
                move |e| {
                    if fresh {
                        e.write_elsewhere();
                    }
                    e.app.views = Default::default();
                    e.invalidate(s);
                    e.show(s);
                },
                ch('s'),
            ));
        }
    }
    // The criterion set: every kind of keystroke, without the repeats of one kind.
    for s in &mut v {
        let n = s.name.as_str();
        let other_screens = s.group == "nav"
            && !n.starts_with("pool")
            && !n.starts_with("Tab")
            && !matches!(n, "Alerts G" | "detail Esc");
        let long_code = n.starts_with("code") && n.len() > "code '9162'".len();
        s.criterion =
            !(other_screens || long_code || n.starts_with("menu key") || s.group == "list sort");
    }
    v
}

/// Runs `step` `n` times after `setup` each time; the time of each step.
fn sample(env: &mut Env, s: &mut Scenario, n: usize) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            (s.setup)(env);
            let t = Instant::now();
            (s.step)(env);
            let d = t.elapsed();
            if let Some(msg) = &env.app.status {
                // An error from the database, or "no match": the step did not do its work.
                panic!("{}: status {msg:?}", s.name);
            }
            assert!(
                (s.check)(env),
                "{}: the keystroke did not do its work (screen {:?}, overlay {:?}, {})",
                s.name,
                env.app.screen,
                env.app.overlay,
                env.app.pool.as_ref().map_or("no pool".into(), |p| format!(
                    "query {:?}, view {}, matches {}",
                    p.query.text,
                    p.view_len(),
                    p.match_count()
                ))
            );
            black_box(&env.app);
            d
        })
        .collect()
}

/// Start-up to the first frame (the Pool table from SQL), and the index load behind it to the
/// frame from the index; then the parts of the first frame one by one.
fn start_samples(db: &Path, n: usize) -> Vec<(&'static str, Vec<Duration>)> {
    let names = [
        "first frame",
        "index load + frame",
        "  open + refresh",
        "  LoadOverview",
        "  LoadRankYears",
        "  LoadDrafts + LoadMe",
        "  Pool first page (SQL)",
        "  first draw",
    ];
    let mut out: Vec<(&'static str, Vec<Duration>)> =
        names.iter().map(|n| (*n, Vec::new())).collect();
    for _ in 0..n {
        let t = Instant::now();
        let (mut env, fx) = Env::start(db);
        out[0].1.push(t.elapsed());
        let t = Instant::now();
        drain(&mut env.app, &mut env.runner, fx);
        env.draw();
        out[1].1.push(t.elapsed());
        black_box(&env.app);
        drop(env);
        // The same start, a part at a time.
        let t = Instant::now();
        let ctx = context(db);
        let store = ctx.open().expect("open the pool");
        seedbed::tui::tune(&store.conn).expect("pragma");
        let commissioner =
            seedbed::cli::write::commissioner(&ctx, &store, None).expect("commissioner");
        out[2].1.push(t.elapsed());
        let mut runner = Runner::new(store, ctx.config.clone(), ctx.now, ctx.lang, commissioner);
        let mut app = App::new(ctx.lang, ctx.now, ctx.config.clone(), WIDTH, HEIGHT);
        let mut parts = [Duration::ZERO; 4];
        let mut pending: Vec<Effect> = app.start();
        pending.retain(|fx| *fx != Effect::LoadIndex);
        while !pending.is_empty() {
            for fx in std::mem::take(&mut pending) {
                let part = match fx {
                    Effect::LoadOverview => 0,
                    Effect::LoadRankYears(_) => 1,
                    Effect::Fetch { .. } => 3,
                    _ => 2,
                };
                let t = Instant::now();
                let loaded = runner.run(&fx);
                pending.extend(app.update(Action::Loaded(loaded)));
                parts[part] += t.elapsed();
            }
        }
        for (i, d) in parts.into_iter().enumerate() {
            out[3 + i].1.push(d);
        }
        let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
        let t = Instant::now();
        term.draw(|f| ui::render(f, &app)).expect("draw");
        out[7].1.push(t.elapsed());
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50 / p99 / max and the number of samples.
type Figures = (Duration, Duration, Duration, usize);

/// The figures of one scenario per pool size.
struct Row {
    group: String,
    name: String,
    figures: Vec<Figures>,
}

fn figures(mut v: Vec<Duration>) -> Figures {
    v.sort();
    (
        percentile(&v, 0.5),
        percentile(&v, 0.99),
        v.last().copied().unwrap_or_default(),
        v.len(),
    )
}

fn add(rows: &mut Vec<Row>, group: &str, name: &str, f: Figures) {
    match rows.iter_mut().find(|r| r.group == group && r.name == name) {
        Some(r) => r.figures.push(f),
        None => rows.push(Row {
            group: group.into(),
            name: name.into(),
            figures: vec![f],
        }),
    }
}

/// A credit code of an enterprise in the pool.
fn some_code(env: &Env) -> String {
    env.app
        .pool
        .as_ref()
        .and_then(|p| p.index.rows.get(p.index.rows.len() / 3))
        .map(|r| r.credit_code.to_string())
        .unwrap_or_else(|| "91650100".into())
}

/// The p50 / p99 table, printed; only the scenarios whose `group/name` contains one of `only`
/// when it is not empty.
fn p99_table(sizes: &[usize], samples: usize, only: &[&str]) {
    let wanted = |group: &str, name: &str| {
        let full = format!("{group}/{name}");
        only.is_empty() || only.iter().any(|o| full.contains(o))
    };
    let mut rows: Vec<Row> = Vec::new();
    if wanted("start", "") {
        for &n in sizes {
            for (name, v) in start_samples(&pool_file(n), samples.min(50)) {
                add(&mut rows, "start", name, figures(v));
            }
        }
    }
    // Every size's pool open side by side, each keystroke's samples taken in turns of a few
    // per size: a change in the machine's speed during the run weighs on every size alike
    // (measured one size after the other, it showed as growth).
    let mut envs: Vec<Env> = sizes.iter().map(|&n| Env::ready(&pool_file(n))).collect();
    let mut lists: Vec<Vec<Scenario>> = envs.iter().map(|e| scenarios(&some_code(e))).collect();
    let count = lists.first().map_or(0, Vec::len);
    for k in 0..count {
        let Some((group, name)) = lists
            .first()
            .and_then(|l| l.get(k))
            .map(|s| (s.group, s.name.clone()))
        else {
            continue;
        };
        if !wanted(group, &name) {
            continue;
        }
        let mut taken: Vec<Vec<Duration>> = vec![Vec::with_capacity(samples); envs.len()];
        for (env, list) in envs.iter_mut().zip(lists.iter_mut()) {
            // Warm up: the first time may read pages SQLite has not cached yet.
            sample(env, &mut list[k], 3);
        }
        // Slow keystrokes get fewer samples (at least 20, or `samples` if fewer).
        let started = Instant::now();
        let budget = SCENARIO_BUDGET * sizes.len() as u32;
        while taken
            .iter()
            .any(|v| v.len() < samples && (v.len() < 20 || started.elapsed() < budget))
        {
            for ((env, list), v) in envs.iter_mut().zip(lists.iter_mut()).zip(taken.iter_mut()) {
                let n = samples.saturating_sub(v.len()).min(5);
                v.extend(sample(env, &mut list[k], n));
            }
        }
        for v in taken {
            add(&mut rows, group, &name, figures(v));
        }
    }
    let head: Vec<String> = sizes
        .iter()
        .map(|n| format!("{:>24}", format!("{n}: p50 / p99 / max ms")))
        .collect();
    println!();
    println!(
        "{:<8} {:<28} {}  growth p50 / p99",
        "group",
        "scenario",
        head.join(" ")
    );
    for r in &rows {
        let cells: Vec<String> = r
            .figures
            .iter()
            .map(|(p50, p99, max, n)| {
                // Fewer samples than asked (a slow keystroke): say how many.
                let n = if *n < samples {
                    format!(" n={n}")
                } else {
                    String::new()
                };
                format!(
                    "{:>24}",
                    format!("{:.2} / {:.2} / {:.2}{n}", ms(*p50), ms(*p99), ms(*max))
                )
            })
            .collect();
        let growth = match (r.figures.first(), r.figures.last()) {
            (Some(a), Some(b)) if r.figures.len() > 1 => format!(
                "{:+.0}% / {:+.0}%",
                (ms(b.0) / ms(a.0) - 1.0) * 100.0,
                (ms(b.1) / ms(a.1) - 1.0) * 100.0
            ),
            _ => String::new(),
        };
        println!(
            "{:<8} {} {}  {}",
            r.group,
            seedbed::text::fit(&r.name, 28),
            cells.join(" "),
            growth
        );
    }
}

/// The criterion benchmarks: each scenario at each pool size.
fn criterion_benches(c: &mut Criterion, sizes: &[usize]) {
    let mut start = c.benchmark_group("start");
    start
        .sample_size(20)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(2));
    for &n in sizes {
        let db = pool_file(n);
        start.bench_function(BenchmarkId::new("first frame", n), |b| {
            b.iter_with_large_drop(|| Env::start(&db))
        });
        start.bench_function(BenchmarkId::new("index load + frame", n), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (mut env, fx) = Env::start(&db);
                    let t = Instant::now();
                    drain(&mut env.app, &mut env.runner, fx);
                    env.draw();
                    total += t.elapsed();
                    black_box(&env.app);
                }
                total
            })
        });
    }
    start.finish();
    for &n in sizes {
        let db = pool_file(n);
        let mut env = Env::ready(&db);
        let code = some_code(&env);
        for group in ["nav", "search", "filter", "sort"] {
            let mut g = c.benchmark_group(group);
            // SEEDBED_BENCH_MEASURE_SECS: a longer, steadier measurement (for comparing builds).
            match std::env::var("SEEDBED_BENCH_MEASURE_SECS")
                .ok()
                .and_then(|v| v.parse::<f64>().ok())
            {
                Some(secs) => g
                    .sample_size(60)
                    .warm_up_time(Duration::from_secs(1))
                    .measurement_time(Duration::from_secs_f64(secs)),
                None => g
                    .sample_size(20)
                    .warm_up_time(Duration::from_millis(100))
                    .measurement_time(Duration::from_millis(500)),
            };
            for mut s in scenarios(&code)
                .into_iter()
                .filter(|s| s.group == group && s.criterion)
            {
                g.bench_function(BenchmarkId::new(s.name.clone(), n), |b| {
                    b.iter_custom(|iters| sample(&mut env, &mut s, iters as usize).iter().sum())
                });
            }
            g.finish();
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        // A smoke test: every scenario once on a small pool.
        p99_table(&[300], 1, &[]);
        return;
    }
    // A name filter (any word that is not a flag or a number) selects criterion benchmarks
    // only; `p99` selects the p50 / p99 table only; no filter runs both.
    // The value of criterion's `--save-baseline NAME` / `--baseline NAME` is not a filter.
    let filters: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            let after_flag = *i > 0
                && matches!(
                    args[i - 1].as_str(),
                    "--save-baseline" | "--baseline" | "--baseline-lenient" | "--load-baseline"
                );
            !after_flag && !a.starts_with('-') && a.parse::<f64>().is_err()
        })
        .map(|(_, a)| a)
        .collect();
    let only_p99 = filters.iter().any(|a| *a == "p99");
    // `-- p99 search/` narrows the table to matching scenarios; SEEDBED_BENCH_SIZES=100000
    // (comma-separated) changes the pool sizes.
    let only: Vec<&str> = filters
        .iter()
        .map(|s| s.as_str())
        .filter(|s| *s != "p99")
        .collect();
    let sizes: Vec<usize> = std::env::var("SEEDBED_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    if !only_p99 {
        let mut c = Criterion::default().configure_from_args();
        criterion_benches(&mut c, &sizes);
        c.final_summary();
    }
    if filters.is_empty() || only_p99 {
        let samples = std::env::var("SEEDBED_BENCH_SAMPLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(P99_SAMPLES);
        p99_table(&sizes, samples, &only);
    }
}
