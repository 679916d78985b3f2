//! Keys users change: a `[keymap]` table in the user's config file, read through the real path
//! (the file, `Config::load_checked`, `App`, `ui::render`), changes what a key does, the help
//! and the footer; a binding that cannot apply is named with its line at start.

use crate::common::{NOW, demo_pool, home, seedbed_in, stderr};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use seedbed::app::{Action, App, Overlay};
use seedbed::config::Config;
use seedbed::i18n::Lang;
use seedbed::store::{OpenMode, Store};
use seedbed::tui::drain;
use seedbed::tui::runner::Runner;
use std::path::Path;

/// The swap of the issue (j ↔ n) and of the filter keys (f ↔ F), which the footer shows.
const SWAP: &str = "\
[keymap]
j = \"next_match\"
n = \"down\"
F = \"filter\"
f = \"clear_filter\"

[keymap.form]
\"Ctrl-w\" = \"save\"
";

/// Writes `text` as the user's config file under `home`, where the binary looks for it.
pub(crate) fn write_config(home: &Path, text: &str) -> std::path::PathBuf {
    let dir = home.join("config").join("seedbed");
    std::fs::create_dir_all(&dir).expect("config dir");
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

struct Screen {
    app: App,
    runner: Runner,
}

impl Screen {
    fn key(&mut self, c: char) {
        self.press(c, KeyModifiers::NONE);
    }

    fn press(&mut self, c: char, m: KeyModifiers) {
        let fx = self
            .app
            .update(Action::Key(KeyEvent::new(KeyCode::Char(c), m)));
        drain(&mut self.app, &mut self.runner, fx);
    }

    /// How many fields of the open form show an error.
    fn form_errors(&self) -> usize {
        let form = self.app.form.as_ref().expect("a form");
        form.fields.iter().filter(|f| f.error.is_some()).count()
    }

    fn selected(&self) -> usize {
        self.app.pool.as_ref().map_or(usize::MAX, |p| p.selected)
    }

    /// The drawn frame, one string per row.
    fn rows(&self) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(self.app.width, self.app.height))
            .expect("test terminal");
        t.draw(|f| seedbed::ui::render(f, &self.app)).expect("draw");
        let buf = t.backend().buffer().clone();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }
}

#[test]
fn a_swap_in_the_users_config_changes_the_keys_the_help_and_the_footer() {
    let (dir, db) = demo_pool(30);
    let path = write_config(&home(&db), SWAP);
    let (config, unknown) = Config::load_checked(Some(&path)).expect("config");
    assert!(unknown.is_empty(), "{unknown:?}");
    assert!(
        config.keymap.issues.is_empty(),
        "{:?}",
        config.keymap.issues
    );
    let store = Store::open(&db, OpenMode::Existing).expect("open the pool");
    let me: String = store
        .conn
        .query_row(
            "SELECT id FROM commissioners ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a commissioner");
    let runner = Runner::new(store, config.clone(), NOW, Lang::En, Some(me));
    let mut s = Screen {
        app: App::new(Lang::En, NOW, config, 120, 36),
        runner,
    };
    let start = s.app.start();
    drain(&mut s.app, &mut s.runner, start);
    assert_eq!(s.selected(), 0);

    // `n` moves down; `j` looks for the next match, and with no search there is none.
    s.key('n');
    s.key('n');
    assert_eq!(s.selected(), 2);
    s.key('j');
    assert_eq!(s.selected(), 2);
    s.key('k');
    assert_eq!(s.selected(), 1);

    // The footer shows F for the filter, where it showed f.
    let rows = s.rows();
    let footer = rows.last().expect("a footer");
    assert!(footer.contains(" F Filter "), "{footer}");
    assert!(!footer.contains(" f Filter "), "{footer}");
    // And F opens the filter menu.
    s.key('F');
    assert!(matches!(s.app.overlay, Overlay::Filter(_)));
    s.key('q');
    assert_eq!(s.app.overlay, Overlay::None);

    // The help lists n first for moving down, j for the next match, f to clear the filters.
    s.key('?');
    let help = s.rows().join("\n");
    assert!(help.contains("│ n ↓     Move down"), "{help}");
    assert!(help.contains(" j       Next match"), "{help}");
    assert!(help.contains(" N       Previous match"), "{help}");
    assert!(help.contains(" f       Clear filters"), "{help}");
    assert!(help.contains(" F       Filter"), "{help}");
    assert!(!help.contains(" j ↓"), "{help}");
    s.key('x');

    // In a form, Ctrl-W saves as Ctrl-S does: the visit's notes are required, so saving an
    // empty one marks the field instead of closing the form.
    s.key('v');
    assert_eq!(s.form_errors(), 0);
    s.press('w', KeyModifiers::CONTROL);
    assert_eq!(s.form_errors(), 1);
    assert!(s.app.form.is_some());
    drop(dir);
}

#[test]
fn a_binding_that_cannot_apply_is_named_with_its_line() {
    let (_dir, db) = demo_pool(3);
    write_config(
        &home(&db),
        "[cadence]\nvisits_per_year = 3\n\n[keymap]\nn = \"dwon\"\n\"Ctrl-\" = \"up\"\n\n[keymap.form]\n\"Ctrl-w\" = \"save\"\n\"<C-w>\" = \"cancel\"\n",
    );
    let o = seedbed_in(&db, "en", &["paths"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].ends_with(
            "line 5: key n: dwon is not an action of the list keys, ignored (check the spelling)"
        ),
        "{err}"
    );
    assert!(
        lines[1].ends_with(
            "line 6: Ctrl- is not a key Seedbed reads (e.g. j, Ctrl-d, Enter, PageDown), ignored"
        ),
        "{err}"
    );
    assert!(
        lines[2].ends_with(
            "line 10: key <C-w> is already bound to save in the form keys on line 9; this line is ignored"
        ),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn the_tui_names_a_binding_that_cannot_apply_in_its_status_line() {
    use crate::crash::Tui;
    let (dir, db) = demo_pool(5);
    let home = dir.path().join("tui-home");
    write_config(&home, "[keymap.lists]\nn = \"down\"\n");
    let mut tui = Tui::start(&db, &home);
    tui.wait_for("the notice of the unknown layer", |s| {
        s.contains("第 1 行：[keymap.lists] 不是按键层")
    });
    tui.kill();
}
