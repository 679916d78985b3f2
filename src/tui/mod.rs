//! The terminal loop: set the terminal up (and restore it on every exit path, panics included),
//! read events, run `App::update`, run its effects, draw.
//!
//! The first frame shows the Pool screen's first page, read by SQL in rank order; the pool's
//! index loads on a thread of its own behind it (`runner::IndexLoad`) and takes over when it
//! arrives, so start-up shows the table at once whatever the pool's size.

pub mod runner;

use crate::app::{Action, App, Effect};
use crate::report::context::Context;
use crate::ui;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use runner::Runner;
use std::io::stdout;
use std::time::{Duration, Instant};

/// How often pending drafts are written while a form is being typed.
const TICK: Duration = Duration::from_secs(1);

/// How long one try of a write waits for another program's write lock.
const SAVE_TRY: Duration = Duration::from_millis(100);

/// Runs every effect, feeding results back, until none is left.
pub fn drain(app: &mut App, runner: &mut Runner, mut pending: Vec<Effect>) {
    runner.lang = app.lang;
    while !pending.is_empty() {
        let mut next = Vec::new();
        for fx in pending {
            let loaded = runner.run(&fx);
            next.extend(app.update(Action::Loaded(loaded)));
        }
        pending = next;
    }
}

/// The TUI's connection settings (the benchmarks use them as `tui::tune`).
pub use crate::store::tune_for_tui as tune;

/// `mi_option_purge_delay` of mimalloc.h (v3, the version the crate builds): the crate names
/// no constant for it. A test holds it to the option's default.
const MI_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc, the binary's allocator, gives freed memory back to the system only a second after
/// it was freed, and only when it next allocates: an idle TUI keeps what its last burst freed.
/// At once instead (README, "Measuring performance", has what it saves).
fn give_back_freed_memory_at_once() {
    // SAFETY: sets one entry of mimalloc's option table; an option set while other threads
    // allocate only changes when they purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, 0) }
}

/// Opens the TUI on the context's database (`demo`: the demo pool of `seedbed --demo`).
pub fn run(ctx: &Context, as_name: Option<&str>, demo: bool) -> anyhow::Result<i32> {
    give_back_freed_memory_at_once();
    // Open before touching the terminal, so a bad file gives a plain message.
    let mut store = ctx.open_settings_first()?;
    tune(&store.conn)?;
    // After `tune`: setting `temp_store` drops every temporary table, the view's included.
    ctx.enter_as_of(&store)?;
    // The loop never waits long for another program's write: a busy save is tried again at
    // the next ticks (the app says it is waiting), so keys keep working meanwhile.
    store.set_wait(SAVE_TRY)?;
    let read_only = store.read_only;
    let mut me = crate::cli::write::whoami(&store, &ctx.config, as_name, ctx.lang)?;
    if demo && !matches!(me, crate::cli::write::Identity::Me(_)) {
        // The demo opens ready to use, as one of its own commissioners (`:me` changes it).
        if let Some(m) = crate::cli::write::demo_me(&store)? {
            me = crate::cli::write::Identity::Me(m);
        }
    }
    let mut runner = Runner::new(store, ctx.config.clone(), ctx.now, ctx.lang, me.id());
    runner.real_today = ctx.real_today;
    runner.warm = read_only.is_none();
    runner.index_load.background = true;
    runner.user_config = crate::cli::config_path();
    // The demo's people are nobody's: choosing one there is not kept in the user's config.
    runner.keep_me = !demo;
    let who = match &me {
        crate::cli::write::Identity::Me(m) => m.name.as_str(),
        _ => "",
    };
    // A read-only session writes nothing beside the file either.
    let others = if read_only.is_none() {
        runner
            .join_presence(who, crate::cli::local_now())
            .map(|m| m.text(ctx.lang))
    } else {
        None
    };
    // Keys of the user's config file that Seedbed does not know, said with the first frame.
    let unknown = match (&runner.user_config, ctx.config_unknown.is_empty()) {
        (Some(path), false) => Some(crate::i18n::config_text::unknown_keys_notice(
            path,
            &ctx.config_unknown,
            ctx.lang,
        )),
        _ => None,
    };
    // keymap: bindings of the user's [keymap] that are not applied, said the same way.
    let keymap = runner.user_config.as_ref().and_then(|path| {
        crate::i18n::config_text::keymap_issues_notice(path, &ctx.config.keymap.issues, ctx.lang)
    });
    let unknown = match (unknown, keymap) {
        (Some(a), Some(b)) => Some(format!("{a}  {b}")),
        (a, b) => a.or(b),
    };
    // theme: keys of the user's [theme] that are not applied, said the same way.
    let theme = runner.user_config.as_ref().and_then(|path| {
        crate::i18n::theme_text::theme_issues_notice(path, &ctx.config.theme.issues, ctx.lang)
    });
    let unknown = match (unknown, theme) {
        (Some(a), Some(b)) => Some(format!("{a}  {b}")),
        (a, b) => a.or(b),
    };
    let others = match (others, unknown) {
        (Some(a), Some(b)) => Some(format!("{a}  {b}")),
        (a, b) => a.or(b),
    };
    // The backups' clock reads the local offset while this process has one thread.
    let _ = crate::store::backup::clock();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, ctx, &mut runner, others);
    restore();
    result
}

fn restore() {
    // The cursor too: ratatui's `restore` leaves it to the terminal's drop, which comes after a
    // panic's message (or never, if the panic does not unwind).
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        crossterm::cursor::Show
    );
    ratatui::restore();
}

/// Where the loop's events and time come from: the terminal and the clock, or a test's script
/// (tests/it/tui.rs drives `handle_input` with its own clock, without sleeping).
pub trait Input {
    fn now(&mut self) -> Instant;
    /// Whether an event is ready within `wait`.
    fn poll(&mut self, wait: Duration) -> std::io::Result<bool>;
    fn read(&mut self) -> std::io::Result<Event>;
}

/// The real terminal and clock.
struct Terminal;

impl Input for Terminal {
    fn now(&mut self) -> Instant {
        Instant::now()
    }
    fn poll(&mut self, wait: Duration) -> std::io::Result<bool> {
        event::poll(wait)
    }
    fn read(&mut self) -> std::io::Result<Event> {
        event::read()
    }
}

/// What happens between two frames: waits for input until the next tick is due (a tick a
/// second writes pending drafts, however fast the typing), then handles everything already
/// queued, with the tick's work whenever a second has passed since the last (a wait that
/// runs out ends with the tick).
pub fn handle_input(
    app: &mut App,
    runner: &mut Runner,
    input: &mut impl Input,
    last_tick: &mut Instant,
) -> std::io::Result<()> {
    let mut wait = TICK.saturating_sub(input.now().saturating_duration_since(*last_tick));
    loop {
        let now = input.now();
        if now.saturating_duration_since(*last_tick) >= TICK {
            *last_tick = now;
            let fx = app.update(Action::Tick);
            drain(app, runner, fx);
        }
        if !input.poll(wait)? {
            if wait.is_zero() {
                return Ok(());
            }
            // The wait ran out: the tick is due, before the next frame.
            wait = Duration::ZERO;
            continue;
        }
        wait = Duration::ZERO;
        let action = match input.read()? {
            Event::Key(k) => Action::Key(k),
            Event::Paste(t) => Action::Paste(t),
            Event::Mouse(m) => Action::Mouse(m),
            Event::Resize(w, h) => Action::Resize(w, h),
            _ => continue,
        };
        let fx = app.update(action);
        drain(app, runner, fx);
        if app.quit {
            return Ok(());
        }
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    ctx: &Context,
    runner: &mut Runner,
    notice: Option<String>,
) -> anyhow::Result<i32> {
    let size = terminal.size()?;
    let mut app = App::new(
        ctx.lang,
        ctx.now,
        ctx.config.clone(),
        size.width,
        size.height,
    );
    app.colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    app.read_only = runner.store.read_only;
    app.real_today = Some(ctx.real_today);
    // First frame: header, overview and the Pool's first page; then the index, behind it.
    let start = app.start();
    let (index, rest): (Vec<Effect>, Vec<Effect>) =
        start.into_iter().partition(|e| *e == Effect::LoadIndex);
    drain(&mut app, runner, rest);
    // Who else has the file open, said at once.
    if let Some(n) = notice {
        let n = crate::app::Message::Plain(n);
        let fx = app.update(Action::Loaded(crate::app::Loaded::Notice(n)));
        drain(&mut app, runner, fx);
    }
    terminal.draw(|f| ui::render(f, &app))?;
    // Test-only: `SEEDBED_TEST_PANIC=after-first-frame` panics here on purpose, so that a test
    // can check the panic hook gives the terminal back (tests/it/crash.rs). Inert unless set
    // to exactly that value; not part of the user's interface.
    if std::env::var_os("SEEDBED_TEST_PANIC").is_some_and(|v| v == "after-first-frame") {
        panic!("SEEDBED_TEST_PANIC=after-first-frame: a panic on purpose");
    }
    drain(&mut app, runner, index);
    // The daily backup, with the same switch as the warm-up, once the session has lasted a
    // while: a large file's snapshot takes many seconds, and a quick look (or a start-up)
    // should neither wait for it nor leave it cut short. On a thread of its own, never
    // waited for; one cut short by quitting leaves a temporary file the next snapshot removes.
    let started = Instant::now();
    let mut backup_due = runner.warm;
    let mut last_tick = Terminal.now();
    loop {
        terminal.draw(|f| ui::render(f, &app))?;
        if app.quit {
            return Ok(0);
        }
        let mut input = runner.waking(Terminal);
        handle_input(&mut app, runner, &mut input, &mut last_tick)?;
        if let Some(index) = runner.index_arrived() {
            let fx = app.update(Action::Loaded(index));
            drain(&mut app, runner, fx);
        }
        // trends: the whole-pool series, when the background has kept new ones.
        if let Some(trends) = runner.trends_arrived() {
            let fx = app.update(Action::Loaded(trends));
            drain(&mut app, runner, fx);
        }
        runner.warm_up();
        if backup_due
            && started.elapsed() >= Duration::from_secs(ctx.config.backups.tui_after_seconds)
        {
            backup_due = false;
            drop(crate::store::backup::spawn_daily(
                &runner.store,
                &ctx.config.backups,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc v3's default purge delay is 1000 ms: no other option has that default, so
        // a crate update that renumbers the options fails here rather than setting another.
        // SAFETY: reads mimalloc's option table.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
