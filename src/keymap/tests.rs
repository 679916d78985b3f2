use super::*;
use crate::config::Config;
use KeyAction as A;
use Screen as S;
use std::path::Path;

fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, m)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c), KeyModifiers::NONE)
}

fn at(screen: Screen) -> Place {
    Place::new(screen, false)
}

fn on_detail(screen: Screen) -> Place {
    Place::new(screen, true)
}

/// The keymap with the user's config text laid over it.
fn with(user: &str) -> Keymap {
    let c = Config::with_overrides(user, Path::new("config.toml")).unwrap();
    assert!(c.keymap.issues.is_empty(), "{:?}", c.keymap.issues);
    Keymap::from_config(&c.keymap)
}

#[test]
fn the_shipped_keymap_reads_and_binds_no_key_twice() {
    let k = load::parse(KEYMAP_TOML).unwrap();
    // The 57 bindings of the old table, Ctrl-c and the Pool's Esc; the Review screen's 0,
    // Enter and Esc; the year keys and the roll-up of Commissioners and Targets; V, the saved
    // views; the Agenda's w, i and D (itinerary); the History screen's 9.
    assert_eq!(k.list.entries.len(), 73);
    assert!(k.list.conflicts().is_empty(), "{:?}", k.list.conflicts());
    assert!(k.form.conflicts().is_empty());
    assert!(k.filter.conflicts().is_empty());
    assert!(k.prompt.conflicts().is_empty());
    assert!(k.search.conflicts().is_empty());
    assert!(k.command.conflicts().is_empty());
    // Every list binding the help shows has words.
    assert!(k.list.entries.iter().all(|e| !e.help || e.desc.is_some()));
}

#[test]
fn a_wrong_keymap_file_names_the_entry() {
    let bad = KEYMAP_TOML.replace("run = \"half_up\"", "run = \"half_upp\"");
    assert_eq!(
        load::parse(&bad).unwrap_err(),
        "unknown action \"half_upp\""
    );
    let bad = KEYMAP_TOML.replace("desc = \"KeyHalfUp\"", "desc = \"KeyHalfUpp\"");
    assert_eq!(
        load::parse(&bad).unwrap_err(),
        "half_up: no message \"KeyHalfUpp\""
    );
    let bad = KEYMAP_TOML.replace(
        "on = [\"Ctrl-u\"], run = \"half_up\"",
        "on = [\"Ctrl-uu\"], run = \"half_up\"",
    );
    assert_eq!(
        load::parse(&bad).unwrap_err(),
        "half_up: bad key \"Ctrl-uu\""
    );
}

#[test]
fn keys_resolve_per_screen() {
    let k = Keymap::builtin();
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let look = |code, m, place| k.lookup(&key(code, m), place);
    assert_eq!(look(KeyCode::Char('j'), none, at(S::Pool)), Some(A::Down));
    assert_eq!(
        look(KeyCode::Down, none, on_detail(S::Agenda)),
        Some(A::Down)
    );
    assert_eq!(
        look(KeyCode::Char('d'), ctrl, at(S::Pool)),
        Some(A::HalfDown)
    );
    assert_eq!(
        look(KeyCode::Char('s'), none, at(S::Pool)),
        Some(A::SortNext)
    );
    // Every list sorts; the detail does not.
    assert_eq!(
        look(KeyCode::Char('s'), none, at(S::Agenda)),
        Some(A::SortNext)
    );
    assert_eq!(look(KeyCode::Char('s'), none, on_detail(S::Agenda)), None);
    assert_eq!(
        look(KeyCode::Esc, none, on_detail(S::Agenda)),
        Some(A::Back)
    );
    assert_eq!(look(KeyCode::Esc, none, at(S::Pool)), Some(A::ClearSearch));
    assert_eq!(look(KeyCode::Esc, none, on_detail(S::Pool)), Some(A::Back));
    assert_eq!(look(KeyCode::Esc, none, at(S::Agenda)), None);
    assert_eq!(
        look(KeyCode::Char('t'), none, at(S::Ranking)),
        Some(A::NextPool)
    );
    assert_eq!(look(KeyCode::Char('p'), none, at(S::Ranking)), None);
    assert_eq!(
        look(KeyCode::Char('p'), none, on_detail(S::Ranking)),
        Some(A::PlanVisit)
    );
    assert_eq!(
        look(KeyCode::Char('v'), none, at(S::Pool)),
        Some(A::LogVisit)
    );
    assert_eq!(look(KeyCode::Char('r'), ctrl, at(S::Pool)), Some(A::Redo));
    assert_eq!(
        look(KeyCode::Char('c'), ctrl, at(S::Targets)),
        Some(A::Quit)
    );
    assert_eq!(
        look(KeyCode::Char('4'), none, at(S::Pool)),
        Some(A::Screen(S::Ranking))
    );
}

#[test]
fn help_and_footer_come_from_the_table() {
    let k = Keymap::builtin();
    let h = k.help(Lang::En, at(S::Pool));
    assert!(h.iter().any(|(k, d)| k == "/" && d.contains("Search")));
    // Ctrl-c and Esc's clearing of the search work without a line in the help.
    assert!(!h.iter().any(|(k, _)| k == "^c" || k == "Esc"));
    let f = k.footer(Lang::Zh, on_detail(S::Pool));
    assert!(f.iter().any(|(k, _)| k == "Esc"));
    assert!(!f.iter().any(|(k, _)| k == "s"));
    let keys = |f: Vec<(String, &str)>| f.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert_eq!(
        keys(k.footer(Lang::En, at(S::Pool))),
        ["Enter", "s", "f", "/", "v", "a", "u", "?", ":", "q"]
    );
    assert_eq!(
        keys(k.footer(Lang::En, on_detail(S::Requests))),
        ["Esc", "v", "e", "x", "r", "Y", "B", "A", "u", "?", ":", "q"]
    );
}

#[test]
fn e_edits_the_target_on_the_targets_screen_only() {
    let k = Keymap::builtin();
    let e = ch('e');
    assert_eq!(k.lookup(&e, at(S::Targets)), Some(A::EditTarget));
    assert_eq!(k.lookup(&e, at(S::Pool)), Some(A::EditEnterprise));
    // On Commissioners, `e` edits the selected commissioner (and `a` adds one).
    assert_eq!(
        k.lookup(&e, at(S::Commissioners)),
        Some(A::EditCommissioner)
    );
    let a = ch('a');
    assert_eq!(k.lookup(&a, at(S::Commissioners)), Some(A::NewCommissioner));
    assert_eq!(k.lookup(&a, on_detail(S::Commissioners)), None);
    assert_eq!(k.lookup(&e, on_detail(S::Targets)), Some(A::EditEnterprise));
    assert!(
        k.footer(Lang::Zh, at(S::Targets))
            .iter()
            .any(|(k, _)| k == "e")
    );
    assert!(
        !k.footer(Lang::Zh, at(S::Pool))
            .iter()
            .any(|(k, _)| k == "e")
    );
    assert!(
        k.help(Lang::En, at(S::Targets))
            .iter()
            .any(|(k, d)| k == "e" && d.contains("target"))
    );
    // `a` adds a target on Targets, an enterprise on Pool; Enter on Commissioners lists the
    // commissioner's enterprises and says so, and does nothing on Targets.
    assert_eq!(k.lookup(&a, at(S::Targets)), Some(A::NewTarget));
    assert_eq!(k.lookup(&a, at(S::Pool)), Some(A::NewEnterprise));
    let enter = key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(k.lookup(&enter, at(S::Commissioners)), Some(A::Open));
    assert_eq!(k.lookup(&enter, at(S::Targets)), None);
    assert!(
        k.footer(Lang::Zh, at(S::Commissioners))
            .iter()
            .any(|(k, d)| k == "Enter" && *d == "名下企业")
    );
    assert!(
        k.footer(Lang::Zh, at(S::Agenda))
            .iter()
            .any(|(k, d)| k == "Enter" && *d == "详情")
    );
}

#[test]
fn the_other_layers_resolve_their_keys() {
    let k = Keymap::builtin();
    let ctrl = |c| key(KeyCode::Char(c), KeyModifiers::CONTROL);
    let plain = |code| key(code, KeyModifiers::NONE);
    assert_eq!(k.form(&ctrl('s')), Some(FormKey::Save));
    assert_eq!(k.form(&plain(KeyCode::Enter)), Some(FormKey::Submit));
    assert_eq!(k.form(&ch(' ')), Some(FormKey::NextChoice));
    assert_eq!(k.form(&ch('s')), None);
    assert_eq!(k.filter(&ch('l')), Some(FilterKey::Open));
    assert_eq!(k.filter(&plain(KeyCode::Esc)), Some(FilterKey::Back));
    let enter = plain(KeyCode::Enter);
    assert_eq!(k.prompt(&enter, Scope::Question), Some(PromptKey::Default));
    assert_eq!(k.prompt(&enter, Scope::ChooseMe), Some(PromptKey::Choose));
    assert_eq!(k.prompt(&ch('Y'), Scope::Question), Some(PromptKey::Yes));
    assert_eq!(k.prompt(&ch('y'), Scope::ChooseMe), None);
    assert_eq!(k.prompt(&ctrl('c'), Scope::ChooseMe), Some(PromptKey::Quit));
    assert_eq!(k.prompt(&ctrl('n'), Scope::ChooseMe), Some(PromptKey::Down));
    assert_eq!(k.search(&plain(KeyCode::Esc)), Some(SearchKey::Cancel));
    assert_eq!(k.command(&plain(KeyCode::Enter)), Some(CommandKey::Run));
    assert_eq!(k.command(&ch('x')), None);
}

#[test]
fn a_swap_changes_what_the_keys_do_and_what_help_and_footer_say() {
    let k =
        with("[keymap]\nj = \"next_match\"\nn = \"down\"\nF = \"filter\"\nf = \"clear_filter\"\n");
    assert_eq!(k.lookup(&ch('n'), at(S::Pool)), Some(A::Down));
    assert_eq!(k.lookup(&ch('j'), at(S::Pool)), Some(A::NextMatch));
    // `n` moves down on every screen; `j` does nothing where there is nothing to match.
    assert_eq!(k.lookup(&ch('n'), on_detail(S::Agenda)), Some(A::Down));
    assert_eq!(k.lookup(&ch('j'), at(S::Agenda)), None);
    assert_eq!(k.lookup(&ch('F'), at(S::Pool)), Some(A::Filter));
    assert_eq!(k.lookup(&ch('f'), at(S::Pool)), Some(A::ClearFilter));
    let help = k.help(Lang::En, at(S::Pool));
    assert_eq!(help[0], ("n ↓".to_string(), "Move down"));
    assert!(help.contains(&("j".to_string(), "Next match")));
    assert!(help.contains(&("F".to_string(), "Filter")));
    assert!(help.contains(&("f".to_string(), "Clear filters")));
    let footer: Vec<String> = k
        .footer(Lang::En, at(S::Pool))
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        footer,
        ["Enter", "s", "F", "/", "v", "a", "u", "?", ":", "q"]
    );
    assert!(k.list.conflicts().is_empty());
}

#[test]
fn a_key_taken_where_its_new_action_works_keeps_its_meaning_elsewhere() {
    // `e` adds a target on Targets; it still edits the enterprise on Pool and in the detail,
    // but no longer edits the target.
    let k = with("[keymap]\ne = \"new_target\"\nE = \"edit_target\"\n");
    assert_eq!(k.lookup(&ch('e'), at(S::Targets)), Some(A::NewTarget));
    assert_eq!(k.lookup(&ch('E'), at(S::Targets)), Some(A::EditTarget));
    assert_eq!(k.lookup(&ch('a'), at(S::Targets)), Some(A::NewTarget));
    assert_eq!(k.lookup(&ch('e'), at(S::Pool)), Some(A::EditEnterprise));
    assert_eq!(
        k.lookup(&ch('e'), on_detail(S::Targets)),
        Some(A::EditEnterprise)
    );
    assert_eq!(
        k.lookup(&ch('e'), at(S::Commissioners)),
        Some(A::EditCommissioner)
    );
    let footer = k.footer(Lang::En, at(S::Targets));
    assert!(footer.contains(&("E".to_string(), "Edit the target")));
    assert!(footer.contains(&("e".to_string(), "New target")));
    assert!(k.list.conflicts().is_empty());
}

#[test]
fn other_layers_and_unbinding_follow_the_users_table() {
    let k = with(
        "[keymap]\nq = \"none\"\n[keymap.form]\n\"<C-w>\" = \"save\"\n[keymap.prompt]\nj = \"yes\"\n[keymap.filter]\nq = \"none\"\n",
    );
    assert_eq!(k.lookup(&ch('q'), at(S::Pool)), None);
    let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(k.lookup(&ctrl_c, at(S::Pool)), Some(A::Quit));
    assert!(
        !k.footer(Lang::En, at(S::Pool))
            .iter()
            .any(|(k, _)| k == "q")
    );
    let ctrl_w = key(KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(k.form(&ctrl_w), Some(FormKey::Save));
    let ctrl_s = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(k.form(&ctrl_s), Some(FormKey::Save));
    assert_eq!(k.prompt(&ch('j'), Scope::Question), Some(PromptKey::Yes));
    assert_eq!(k.prompt(&ch('y'), Scope::Question), Some(PromptKey::Yes));
    assert_eq!(k.filter(&ch('q')), None);
    // Several keys for one action: the user's come first, in the order of the file.
    let k = with("[keymap]\nx = \"down\"\nz = \"down\"\n");
    assert_eq!(k.list.entries[0].keys, ["x", "z", "j", "Down"]);
    // Nothing to lay over: the shipped keys.
    assert_eq!(with(""), *Keymap::builtin());
}

#[test]
fn scopes_overlap_where_both_work() {
    assert!(Scope::Everywhere.overlaps(Scope::Screen(S::Pool)));
    assert!(Scope::Enterprise.overlaps(Scope::Detail));
    assert!(!Scope::Enterprise.overlaps(Scope::Screen(S::Targets)));
    assert!(!Scope::Enterprise.overlaps(Scope::Screen(S::Ranking)));
    assert!(!Scope::Detail.overlaps(Scope::Lists));
    assert!(!Scope::Question.overlaps(Scope::ChooseMe));
    assert!(Scope::Question.overlaps(Scope::Everywhere));
}

#[test]
fn prompts_say_the_keys_in_effect() {
    let k = Keymap::builtin();
    assert_eq!(k.prompt_keys(PromptKey::Yes, Scope::Question, false), "y");
    assert_eq!(k.prompt_keys(PromptKey::No, Scope::Question, false), "n");
    assert_eq!(k.prompt_keys(PromptKey::Up, Scope::ChooseMe, false), "↑");
    assert_eq!(
        k.prompt_keys(PromptKey::Later, Scope::ChooseMe, true),
        "Esc/q"
    );
    let k = with("[keymap.prompt]\nj = \"yes\"\nEsc = \"none\"\n");
    assert_eq!(k.prompt_keys(PromptKey::Yes, Scope::Question, false), "j");
    assert_eq!(k.prompt_keys(PromptKey::Later, Scope::ChooseMe, true), "q");
}
