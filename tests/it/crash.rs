//! Crash safety through the real binary: killed with SIGKILL after a save and in the middle of a
//! form, then started again — the saved visit is there, the draft is offered, the file is sound.
//!
//! The binary runs in a pseudo-terminal; a reader thread parses its output into a screen
//! (`vt100`) and the test waits for screen states, never for time. The loop handles a key —
//! update, effects (draft writes included), commit — before it draws the next frame, so a frame
//! that shows a key's result proves that the key's writes are on disk.

#![cfg(unix)]

use crate::common::demo_pool;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use rusqlite::{Connection, OpenFlags};
use seedbed::app::form::{Form, FormKind};
use seedbed::i18n::{Lang, Msg};
use std::io::{ErrorKind, Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 36;
const COLS: u16 = 120;
/// How long one screen state may take to appear (CI machines are small and busy).
const WAIT: Duration = Duration::from_secs(20);

const SAVED_NOTES: &str = "崩溃前已保存的走访";
const DRAFT_NOTES: &str = "尚未保存的草稿内容";

pub(crate) const ESC: &str = "\x1b";
pub(crate) const TAB: &str = "\t";
pub(crate) const CTRL_S: &str = "\x13";
/// Leaves the alternate screen: the last thing a clean exit writes, bar a few mode resets.
const LEAVE_ALT_SCREEN: &str = "\x1b[?1049l";
const ENTER_ALT_SCREEN: &str = "\x1b[?1049h";

pub(crate) fn zh(m: Msg) -> &'static str {
    m.text(Lang::Zh)
}

/// What the reader thread sees.
enum Output {
    /// The screen after a chunk of output: its text, and whether the alternate screen is on.
    Screen(String, bool),
    /// The pseudo-terminal closed: no process holds its other end any more.
    Closed,
}

/// The `seedbed` TUI running in a pseudo-terminal of `COLS`×`ROWS`.
pub(crate) struct Tui {
    child: Box<dyn Child + Send + Sync>,
    pub(crate) pid: u32,
    writer: Box<dyn Write + Send>,
    output: Receiver<Output>,
    pub(crate) screen: String,
    alternate: bool,
    closed: bool,
    /// Every byte the program wrote.
    raw: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    /// Starts `seedbed --db DB --today 2026-11-21 --lang zh` with `home` as its home directory.
    pub(crate) fn start(db: &Path, home: &Path) -> Tui {
        Tui::start_with(db, home, &[])
    }

    /// Starts it with `extra` arguments after the usual ones.
    pub(crate) fn start_with(db: &Path, home: &Path, extra: &[&str]) -> Tui {
        Tui::start_with_env(db, home, extra, &[])
    }

    /// Starts it with `extra` arguments and environment variables `env` (over the usual ones).
    pub(crate) fn start_with_env(
        db: &Path,
        home: &Path,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Tui {
        let size = PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pty = native_pty_system().openpty(size).unwrap_or_else(|e| {
            panic!("cannot create a pseudo-terminal (this test needs one and does not skip): {e:#}")
        });
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_seedbed"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(["--today", "2026-11-21", "--lang", "zh"]);
        cmd.args(extra);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        // No configuration or data of the user's (or of another test) can leak in.
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env_remove("SEEDBED_DB");
        cmd.env("SEEDBED_TODAY", "2026-11-21");
        cmd.env_remove("NO_COLOR");
        // Tests ask for backups explicitly (tests/it/backups.rs).
        cmd.env("SEEDBED_AUTO_BACKUP", "0");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("cannot start seedbed in the pseudo-terminal: {e:#}"));
        // The child now holds the only other end: when it dies, reads from the master end.
        drop(pty.slave);
        let pid = child.process_id().expect("the pid of seedbed");
        let reader = pty.master.try_clone_reader().expect("a reader of the pty");
        let writer = pty.master.take_writer().expect("a writer to the pty");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (tx, output) = channel();
        let sink = Arc::clone(&raw);
        std::thread::Builder::new()
            .name(format!("pty-reader-{pid}"))
            .spawn(move || read_screen(reader, &sink, &tx))
            .expect("the pty reader thread");
        Tui {
            child,
            pid,
            writer,
            output,
            screen: String::new(),
            alternate: false,
            closed: false,
            raw,
            _master: pty.master,
        }
    }

    /// Types `keys` (bytes as a terminal sends them).
    pub(crate) fn send(&mut self, keys: &str) {
        let sent = self
            .writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush());
        if let Err(e) = sent {
            self.fail(&format!("cannot type {keys:?}: {e}"));
        }
    }

    /// Waits until the screen satisfies `ok`; fails with the screen after `WAIT`.
    pub(crate) fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !ok(&self.screen) {
            if self.closed {
                self.fail(&format!(
                    "seedbed closed the terminal while waiting for {what}"
                ));
            }
            self.next_output(deadline, what);
        }
    }

    /// Waits until the program has closed the terminal (it exited or was killed).
    pub(crate) fn wait_closed(&mut self, what: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.closed {
            self.next_output(deadline, what);
        }
    }

    fn next_output(&mut self, deadline: Instant, what: &str) {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.output.recv_timeout(left) {
            Ok(Output::Screen(text, alternate)) => {
                self.screen = text;
                self.alternate = alternate;
            }
            Ok(Output::Closed) | Err(RecvTimeoutError::Disconnected) => self.closed = true,
            Err(RecvTimeoutError::Timeout) => {
                self.fail(&format!("timed out after {WAIT:?} waiting for {what}"))
            }
        }
    }

    /// Kills the program with SIGKILL: no handler, no clean-up, no last frame.
    pub(crate) fn kill(&mut self) -> ExitStatus {
        let pid = libc::pid_t::try_from(self.pid).expect("a pid");
        // SAFETY: kill(2) takes no pointers. The pid is our own child's, which nothing has
        // waited for yet (only `exit` and `Drop` do), so it cannot have been reused.
        let rc = unsafe { libc::kill(pid, libc::SIGKILL) };
        if rc != 0 {
            let e = std::io::Error::last_os_error();
            self.fail(&format!("kill -KILL {pid}: {e}"));
        }
        self.exit("the terminal to close after SIGKILL")
    }

    /// Waits for the terminal to close and for the process to end; its exit status.
    pub(crate) fn exit(&mut self, what: &str) -> ExitStatus {
        self.wait_closed(what);
        match self.child.wait() {
            Ok(status) => status,
            Err(e) => self.fail(&format!("cannot wait for seedbed: {e}")),
        }
    }

    /// Whether the terminal is back in line mode (canonical input and echo on: raw mode off),
    /// read from the pty's settings, which outlive the program.
    pub(crate) fn line_mode(&mut self) -> bool {
        let Some(fd) = self._master.as_raw_fd() else {
            self.fail("the pty has no file descriptor to read its settings from");
        };
        // SAFETY: a zeroed termios is a valid value to be filled in; `fd` is the master end,
        // open for as long as `self`.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut t) } != 0 {
            let e = std::io::Error::last_os_error();
            self.fail(&format!("tcgetattr on the pty: {e}"));
        }
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// Everything the program wrote, as text.
    pub(crate) fn raw(&self) -> String {
        let bytes = self.raw.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    pub(crate) fn fail(&mut self, why: &str) -> ! {
        let status = match self.child.try_wait() {
            Ok(Some(s)) => format!("exited: {s:?}"),
            Ok(None) => "still running".to_string(),
            Err(e) => format!("unknown: {e}"),
        };
        let rule = "─".repeat(usize::from(COLS));
        panic!(
            "{why}\nseedbed (pid {}) is {status}; its screen:\n{rule}\n{}\n{rule}",
            self.pid, self.screen
        );
    }
}

impl Drop for Tui {
    /// A failed test leaves no process behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            if let Ok(pid) = libc::pid_t::try_from(self.pid) {
                // SAFETY: as in `kill`: our own child, still running, not yet waited for.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            let _ = self.child.wait();
        }
    }
}

/// The reader thread: parses everything the program writes into a screen, sending each state.
fn read_screen(mut reader: Box<dyn Read + Send>, raw: &Mutex<Vec<u8>>, tx: &Sender<Output>) {
    let size = |n: u16| NonZeroU16::new(n).expect("a size");
    let mut parser = vt100::Parser::new(size(ROWS), size(COLS), 0);
    let mut buf = [0u8; 16 * 1024];
    loop {
        match reader.read(&mut buf) {
            // Linux answers EIO once no process holds the other end.
            Ok(0) => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
            Ok(n) => {
                if let Ok(mut all) = raw.lock() {
                    all.extend_from_slice(&buf[..n]);
                }
                parser.process(&buf[..n]);
                let screen = parser.screen();
                let state = Output::Screen(screen.contents(), screen.alternate_screen());
                if tx.send(state).is_err() {
                    return;
                }
            }
        }
    }
    let _ = tx.send(Output::Closed);
}

/// Opens the file read-only, as it is: a read-only connection recovers the WAL but never
/// checkpoints it, so the restart afterwards sees the file exactly as the kill left it.
fn open_read_only(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("open {} after the kill: {e}", db.display()))
}

pub(crate) fn integrity(conn: &Connection) -> Vec<String> {
    conn.prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("PRAGMA integrity_check runs")
}

fn count(conn: &Connection, sql: &str, arg: &str) -> i64 {
    conn.query_row(sql, [arg], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

const SAVED_VISITS: &str = "SELECT count(*) FROM visits WHERE notes = ?1 AND done_on = '2026-11-21' AND cancelled_on IS NULL";

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    s.char_indices().rev().nth(n).map_or(s, |(i, _)| &s[i..])
}

/// The visit form is open (its key hint is drawn only inside a form).
pub(crate) fn form_open(s: &str) -> bool {
    s.contains(zh(Msg::FormLogVisit)) && s.contains(crate::common::FORM_HINT_ZH)
}

/// A form field's line with the focus marker: `▸ 诉求类别`.
pub(crate) fn focused(label: Msg) -> String {
    format!("▸ {}", zh(label))
}

#[test]
fn killed_after_a_save_and_mid_form_the_visit_is_kept_and_the_draft_offered() {
    let (dir, db) = demo_pool(20);

    // ── First run: save one visit, start a second, kill the process while it is typed. ──
    let mut tui = Tui::start(&db, dir.path());
    tui.wait_for("the pool screen with the identity prompt", |s| {
        s.contains(zh(Msg::AppName)) && s.contains(zh(Msg::ChooseMe))
    });
    tui.send(ESC); // skip the identity prompt
    tui.wait_for("the identity prompt to close", |s| {
        !s.contains(zh(Msg::ChooseMe))
    });

    tui.send("v");
    tui.wait_for("the visit form", form_open);
    tui.send(&format!("{TAB}{TAB}{TAB}{SAVED_NOTES}"));
    let notes = focused(Msg::FormNotes);
    tui.wait_for("the notes typed into the notes field", |s| {
        s.contains(&notes) && s.contains(SAVED_NOTES)
    });
    tui.send(CTRL_S);
    tui.wait_for("the form to close with the status 已保存", |s| {
        !form_open(s) && s.contains(zh(Msg::Saved))
    });

    tui.send("v");
    tui.wait_for("a new, empty visit form", |s| {
        form_open(s) && !s.contains(SAVED_NOTES)
    });
    tui.send(&format!("{TAB}{TAB}{TAB}{DRAFT_NOTES}{TAB}"));
    // Focus moved off the changed notes: the draft is written before this frame is drawn.
    // The first request slot's label: 诉求1类别.
    let category = focused(Msg::FormRequestCategory).replacen(
        zh(Msg::FormRequestWord),
        &format!("{}1", zh(Msg::FormRequestWord)),
        1,
    );
    tui.wait_for("the focus on the first request's category", |s| {
        s.contains(&category) && s.contains(DRAFT_NOTES)
    });
    let status = tui.kill();
    assert!(!status.success(), "SIGKILL does not end well: {status:?}");
    assert!(status.signal().is_some(), "ended by a signal: {status:?}");
    assert!(
        !tui.raw().contains(LEAVE_ALT_SCREEN),
        "a killed process restores nothing: it died without a clean-up"
    );
    drop(tui);

    // ── The file as the kill left it. ──
    {
        let conn = open_read_only(&db);
        assert_eq!(
            integrity(&conn),
            ["ok"],
            "PRAGMA integrity_check after the kill"
        );
        assert_eq!(
            count(&conn, SAVED_VISITS, SAVED_NOTES),
            1,
            "the visit saved before the kill is there, once"
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM visits WHERE notes LIKE '%' || ?1 || '%'",
                DRAFT_NOTES
            ),
            0,
            "the form in progress was never saved as a visit"
        );
        let drafts: Vec<(String, String)> = conn
            .prepare("SELECT id, data FROM drafts")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .expect("read drafts");
        assert_eq!(drafts.len(), 1, "one draft: {drafts:?}");
        let (id, data) = &drafts[0];
        let form: Form = serde_json::from_str(data)
            .unwrap_or_else(|e| panic!("draft {id} is a form the app can restore: {e}\n{data}"));
        assert!(
            matches!(form.kind, FormKind::LogVisit { .. }),
            "the visit form's draft: {:?}",
            form.kind
        );
        let value = |key: &str| {
            form.fields
                .iter()
                .find(|f| f.key == key)
                .map(|f| f.value.as_str())
        };
        assert_eq!(
            value("notes"),
            Some(DRAFT_NOTES),
            "the draft holds the typed notes"
        );
        assert_eq!(
            form.fields[form.focus].key, "request1_category",
            "written when the focus moved on"
        );
    }

    // ── Second run: the draft is offered and restored; discard it and quit cleanly. ──
    let mut tui = Tui::start(&db, dir.path());
    tui.wait_for("the draft prompt", |s| {
        s.contains(zh(Msg::DraftFound)) && s.contains(zh(Msg::DraftPrompt))
    });
    tui.send("y");
    tui.wait_for("the restored form with the draft's notes and focus", |s| {
        form_open(s) && s.contains(DRAFT_NOTES) && s.contains(&category)
    });
    tui.send(ESC);
    tui.wait_for("the question before discarding a changed form", |s| {
        s.contains(zh(Msg::FormDiscard))
    });
    tui.send("y");
    tui.wait_for("the form to close", |s| {
        !form_open(s) && !s.contains(zh(Msg::FormDiscard)) && !s.contains(DRAFT_NOTES)
    });
    // The identity question waited behind the draft; it is still unanswered.
    tui.wait_for("the identity prompt after the draft", |s| {
        s.contains(zh(Msg::ChooseMe))
    });
    tui.send(ESC);
    tui.wait_for("the identity prompt to close", |s| {
        !s.contains(zh(Msg::ChooseMe))
    });
    tui.send("q");
    let status = tui.exit("seedbed to quit on q");
    assert!(status.success(), "a clean quit exits 0: {status:?}");
    let raw = tui.raw();
    let entered = raw
        .rfind(ENTER_ALT_SCREEN)
        .expect("the TUI used the alternate screen");
    let left = raw.rfind(LEAVE_ALT_SCREEN);
    assert!(
        left.is_some_and(|l| l > entered),
        "the terminal is restored: the output ends by leaving the alternate screen; it ends with {:?}",
        tail(&raw, 80)
    );
    assert!(!tui.alternate, "the screen is back to the normal one");
    for (mode, what) in [
        ("\x1b[?1000l", "mouse capture"),
        ("\x1b[?2004l", "bracketed paste"),
    ] {
        assert!(
            raw.rfind(mode).is_some_and(|at| at > entered),
            "{what} is switched off on exit"
        );
    }
    drop(tui);

    let conn = open_read_only(&db);
    assert_eq!(
        integrity(&conn),
        ["ok"],
        "PRAGMA integrity_check after the restart"
    );
    assert_eq!(
        count(&conn, SAVED_VISITS, SAVED_NOTES),
        1,
        "the saved visit stays"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM drafts WHERE data LIKE '%' || ?1 || '%'",
            DRAFT_NOTES
        ),
        0,
        "the discarded draft is gone"
    );
}

#[test]
fn a_panic_gives_the_terminal_back_before_saying_what_happened() {
    let (dir, db) = demo_pool(3);
    let mut tui = Tui::start_with_env(
        &db,
        dir.path(),
        &[],
        &[("SEEDBED_TEST_PANIC", "after-first-frame")],
    );
    let status = tui.exit("the program to panic after its first frame");
    assert!(!status.success(), "{status:?}");
    assert!(tui.line_mode(), "raw mode is still on after the panic");
    let raw = tui.raw();
    // The first frame was drawn on the alternate screen, with the mouse and paste taken.
    let entered = raw
        .find("\x1b[?1049h")
        .expect("the alternate screen entered");
    assert!(raw[entered..].contains("\x1b[?1000h"), "mouse capture on");
    assert!(raw[entered..].contains("\x1b[?2004h"), "bracketed paste on");
    // Then, before the panic's message: mouse and paste off, main screen back, cursor shown.
    let said = raw
        .find("SEEDBED_TEST_PANIC=after-first-frame: a panic on purpose")
        .unwrap_or_else(|| panic!("no panic message in {raw:?}"));
    let before = &raw[entered..said];
    let at = |what: &str| {
        before
            .rfind(what)
            .unwrap_or_else(|| panic!("{what:?} not written before the panic message: {raw:?}"))
    };
    let mouse_off = at("\x1b[?1000l");
    let paste_off = at("\x1b[?2004l");
    let main_screen = at("\x1b[?1049l");
    let cursor = at("\x1b[?25h");
    assert!(
        mouse_off < main_screen && paste_off < main_screen,
        "{raw:?}"
    );
    // Nothing but the message (and its backtrace note) after the cursor comes back.
    assert!(main_screen < said && cursor < said);
    assert!(!raw[said..].contains("\x1b[?1049h"), "{raw:?}");
}
