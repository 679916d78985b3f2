//! Work done in the background: the whole-pool summaries, so that the screens that show them
//! open at once, and the pool's index, so that the Pool screen does.

use super::Runner;
use crate::app::Loaded;
use crate::index::PoolView;
use crate::store::changes::last_group;
use crate::store::{OpenMode, Result, Store, bureau, pool, queries};
use crate::tui::Input;
use crossterm::event::Event;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

impl Runner {
    /// Starts computing this year's commissioner figures, target actuals and rewards in the
    /// background (on a connection of its own) when the file changed since they were last
    /// computed, so that screens 5, 7 and 8 open at once. Only with `warm`, one at a time; a
    /// failure there costs nothing but the wait when the screen is opened.
    pub fn warm_up(&mut self) {
        if !self.warm || !self.warm_due || self.warming.as_ref().is_some_and(|h| !h.is_finished()) {
            return;
        }
        // The index loading in the background comes first: the Pool screen waits for it.
        if self.index_load.job.is_some() {
            return;
        }
        // The as-of view keeps no summaries: they would be saved in the file.
        if self.store.path.as_os_str() == ":memory:"
            || self.store.read_only.is_some()
            || self.as_of()
        {
            return;
        }
        self.warm_due = false;
        let (path, config, now) = (self.store.path.clone(), self.config.clone(), self.now);
        self.warming = Some(std::thread::spawn(move || {
            crate::store::background::give_way();
            let Ok(store) = Store::open(&path, crate::store::OpenMode::Existing) else {
                return;
            };
            let conn = &store.conn;
            if conn
                // It reads each page once: a small cache keeps the process small.
                .execute_batch("PRAGMA cache_size = -256; PRAGMA temp_store = FILE;")
                .is_err()
            {
                return;
            }
            let year = now.year();
            let _ = queries::overview_summary(conn, now, config.requests.sla_hours);
            let _ = bureau::commissioner_summary(conn, year, now, &config);
            let _ = bureau::target_summary(conn, year, now.date());
            let _ = bureau::reward_count(conn, year, now.date(), &config);
            // trends: the Agenda's visits by week, then the Alerts' colours by month (a colour
            // pass over every project: the longest, so last).
            let _ = crate::store::trends::visit_summary(conn, now.date());
            let _ = crate::report::trends::colour_trend(conn, now.date(), &config);
        }));
    }

    /// Waits for the background computation started by [`Runner::warm_up`], if any.
    pub fn wait_warm_up(&mut self) {
        if let Some(h) = self.warming.take() {
            let _ = h.join();
            self.trends_due = true;
        }
    }
}

/// The pool's index loading on a thread of its own, so that the first frame shows the Pool
/// screen's first page (read by SQL, `store::pool::rank_page`) at once instead of waiting for
/// the whole index, and a reload after another program's change leaves the keys working.
#[derive(Default)]
pub struct IndexLoad {
    /// Whether the index may load in the background (the terminal sets it; tests and
    /// benchmarks load it in place, where they measure it).
    pub background: bool,
    job: Option<IndexJob>,
}

/// The index read on another connection with its view built, and the last change group it saw.
type IndexRead = Result<(PoolView, Option<i64>)>;

struct IndexJob {
    handle: std::thread::JoinHandle<IndexRead>,
    /// Set when the thread is done: wakes the terminal's wait for input ([`Waking`]).
    ready: Arc<AtomicBool>,
}

/// How often the wait for input looks whether the index has arrived.
const INDEX_POLL: Duration = Duration::from_millis(4);

/// The terminal's input, whose wait ends early when the index loading in the background is
/// ready (crossterm's wait cannot be woken from another thread: it waits in short slices).
pub struct Waking<I> {
    input: I,
    ready: Option<Arc<AtomicBool>>,
}

impl<I: Input> Input for Waking<I> {
    fn now(&mut self) -> Instant {
        self.input.now()
    }

    fn poll(&mut self, wait: Duration) -> std::io::Result<bool> {
        let Some(ready) = &self.ready else {
            return self.input.poll(wait);
        };
        let until = self.input.now() + wait;
        loop {
            if ready.load(Ordering::Acquire) {
                // As a wait that ran out: the loop draws, then takes the index.
                return Ok(false);
            }
            let left = until.saturating_duration_since(self.input.now());
            if self.input.poll(left.min(INDEX_POLL))? {
                return Ok(true);
            }
            if left <= INDEX_POLL {
                return Ok(false);
            }
        }
    }

    fn read(&mut self) -> std::io::Result<Event> {
        self.input.read()
    }
}

impl Runner {
    /// `Effect::LoadIndex`: the index read here, or (in the terminal, outside the as-of view,
    /// whose tables live on this connection only) started on a thread of its own, to come
    /// back through [`Runner::index_arrived`].
    pub(super) fn load_index(&mut self) -> Result<Loaded> {
        let background = self.index_load.background
            && !self.as_of()
            && self.store.path.as_os_str() != ":memory:";
        if !background {
            // A load still running read another view (or an older file): it is dropped.
            self.index_load.job = None;
            return Ok(Loaded::Index(pool::load_index(&self.store.conn)?));
        }
        if self.index_load.job.is_none() {
            self.spawn_index_load();
        }
        Ok(Loaded::IndexLoading)
    }

    fn spawn_index_load(&mut self) {
        let (path, today) = (self.store.path.clone(), self.now.date());
        let ready = Arc::new(AtomicBool::new(false));
        let done = Arc::clone(&ready);
        let handle = std::thread::spawn(move || {
            let read = read_index(&path, today);
            done.store(true, Ordering::Release);
            read
        });
        self.index_load.job = Some(IndexJob { handle, ready });
    }

    /// The terminal's input, woken when a background index load is done.
    pub fn waking<I: Input>(&self, input: I) -> Waking<I> {
        let ready = self.index_load.job.as_ref().map(|j| Arc::clone(&j.ready));
        Waking { input, ready }
    }

    /// The index loaded in the background, once it is done: `None` while it loads, or when
    /// the file changed since it was read (it is read again; a write of this session made
    /// meanwhile is then in it). A failed read is tried again here, in place.
    pub fn index_arrived(&mut self) -> Option<Loaded> {
        if !self.index_load.job.as_ref()?.handle.is_finished() {
            return None;
        }
        let job = self.index_load.job.take()?;
        self.index_read(job)
    }

    /// Waits for a background index load, if any, and returns what it brought (tests).
    pub fn wait_index(&mut self) -> Option<Loaded> {
        loop {
            let job = self.index_load.job.take()?;
            if let Some(l) = self.index_read(job) {
                return Some(l);
            }
        }
    }

    fn index_read(&mut self, job: IndexJob) -> Option<Loaded> {
        match job.handle.join() {
            Ok(Ok((view, seen))) => {
                if last_group(&self.store.conn).ok() == Some(seen) {
                    return Some(Loaded::View(Box::new(view)));
                }
                self.spawn_index_load();
                None
            }
            // The thread could not read (or panicked): the index is read here instead.
            _ => {
                let background = std::mem::take(&mut self.index_load.background);
                let loaded = self.run(&crate::app::Effect::LoadIndex);
                self.index_load.background = background;
                Some(loaded)
            }
        }
    }
}

/// The whole index read on a connection of its own (read-only: it writes nothing, and the
/// file was migrated by the session's own connection), in one read transaction with the last
/// change group, so that the caller knows which state of the file it is; then its view as of
/// `today` (every sort order, the facets, the search index: the bulk of the work).
fn read_index(path: &std::path::Path, today: time::Date) -> IndexRead {
    let store = Store::open(path, OpenMode::ReadOnly)?;
    let conn = &store.conn;
    conn.execute_batch("BEGIN")?;
    let read = last_group(conn).and_then(|seen| Ok((pool::load_index(conn)?, seen)));
    let _ = conn.execute_batch("ROLLBACK");
    drop(store);
    let (index, seen) = read?;
    Ok((PoolView::new(index, today), seen))
}
