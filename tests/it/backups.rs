//! Backups and restore (issue 12, items 7, 8 and 11's damaged file): through the binary, with its
//! own HOME and XDG folders, on demo pools in temporary folders; and the library's rotation and
//! daily snapshot on hand-named files.

use crate::common::{demo_pool, stderr, stdout};
use rusqlite::{Connection, OpenFlags};
use seedbed::config::Config;
use seedbed::store::backup::{self, Reason};
use seedbed::store::{OpenMode, Store};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `seedbed` on `db` in English as of the fixed date, with automatic backups on or off.
fn run(db: &Path, auto: bool, args: &[&str]) -> Output {
    crate::common::isolate(&mut Command::new(env!("CARGO_BIN_EXE_seedbed")), db)
        .args(["--today", "2026-11-21", "--lang", "en", "--db"])
        .arg(db)
        .args(args)
        .env("SEEDBED_AUTO_BACKUP", if auto { "1" } else { "0" })
        .output()
        .expect("run seedbed")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status,
        stdout(o),
        stderr(o)
    );
    stdout(o)
}

fn open_ro(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only")
}

fn visits(db: &Path) -> i64 {
    open_ro(db)
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .expect("count visits")
}

fn integrity(db: &Path) -> String {
    open_ro(db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

fn first_code(db: &Path) -> String {
    open_ro(db)
        .query_row(
            "SELECT credit_code FROM enterprises ORDER BY credit_code LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a credit code")
}

/// The file names in the backups folder beside `db`, sorted.
fn names(db: &Path) -> Vec<String> {
    let dir = db.parent().expect("folder").join("backups");
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Overwrites 40 KB from the second page on with 0xFF bytes (the first page, and so the header,
/// stays whole).
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open to damage");
    f.seek(SeekFrom::Start(4096)).expect("seek");
    f.write_all(&[0xFF; 40_000]).expect("damage");
}

fn log_visit(db: &Path, auto: bool, code: &str) -> Output {
    run(db, auto, &["visit", "log", code, "--notes", "走访记录"])
}

#[test]
fn restore_brings_back_the_old_content_and_keeps_the_current_as_a_backup() {
    let (_dir, db) = demo_pool(20);
    let before = visits(&db);
    let out = ok(&run(&db, false, &["backup"]));
    assert!(out.starts_with("backed up to "), "{out}");
    let taken = PathBuf::from(out.trim().trim_start_matches("backed up to "));
    assert!(taken.is_file(), "{out}");

    ok(&log_visit(&db, false, &first_code(&db)));
    assert_eq!(visits(&db), before + 1);

    let out = ok(&run(
        &db,
        false,
        &["restore", taken.to_str().expect("utf-8")],
    ));
    assert!(out.contains("what it held before is saved as"), "{out}");
    assert_eq!(visits(&db), before);
    assert_eq!(integrity(&db), "ok");

    // Sorted by name, the two may fall either way (the second can turn between them).
    let listed = names(&db);
    assert_eq!(listed.len(), 2, "{listed:?}");
    let before_restore: Vec<&String> = listed
        .iter()
        .filter(|n| n.ends_with(".before-restore.db"))
        .collect();
    assert_eq!(before_restore.len(), 1, "{listed:?}");
    assert_eq!(
        listed.iter().filter(|n| n.ends_with(".manual.db")).count(),
        1,
        "{listed:?}"
    );
    let saved = db
        .parent()
        .expect("folder")
        .join("backups")
        .join(before_restore[0]);
    assert_eq!(visits(&saved), before + 1, "the file before the restore");

    // Newest first, with the date, size and why.
    let list = ok(&run(&db, false, &["backups"]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].contains("before restore"), "{list}");
    assert!(lines[0].contains(" KB "), "{list}");
    assert!(lines[1].contains("manual"), "{list}");

    // A bare name as listed is found in the folder.
    let out = ok(&run(&db, false, &["restore", before_restore[0]]));
    assert!(out.starts_with("restored "), "{out}");
    assert_eq!(visits(&db), before + 1);
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_changes() {
    let (_dir, db) = demo_pool(20);
    let out = ok(&run(&db, false, &["backup"]));
    let taken = PathBuf::from(out.trim().trim_start_matches("backed up to "));
    ok(&log_visit(&db, false, &first_code(&db)));
    damage(&taken);
    let file_before = std::fs::read(&db).expect("read db");
    let names_before = names(&db);

    let o = run(&db, false, &["restore", taken.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains(taken.to_str().expect("utf-8")), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(std::fs::read(&db).expect("read db"), file_before);
    assert_eq!(names(&db), names_before);

    let o = run(
        &db,
        false,
        &["--lang", "zh", "restore", taken.to_str().expect("utf-8")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("已损坏（完整性检查未通过），未做任何修改"),
        "{}",
        stderr(&o)
    );

    // Not a database at all, and no such file.
    let text = db.with_file_name("notes.txt");
    std::fs::write(&text, "SQLite? no, a note of 40 bytes or more.").expect("write");
    let o = run(&db, false, &["restore", text.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a Seedbed backup"),
        "{}",
        stderr(&o)
    );
    let o = run(&db, false, &["restore", "nowhere.db"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).expect("read db"), file_before);
}

#[test]
fn a_damaged_database_names_the_newest_good_backup_and_restore_mends_it() {
    let (_dir, db) = demo_pool(20);
    let out = ok(&run(&db, false, &["backup"]));
    let good = PathBuf::from(out.trim().trim_start_matches("backed up to "));
    // A newer file with a backup's name that is cut short: not good, so not named.
    let folder = db.parent().expect("folder").join("backups");
    std::fs::write(
        folder.join("pool-2999-01-01T000000.db"),
        b"SQLite format 3\0cut",
    )
    .expect("w");
    damage(&db);

    let o = run(&db, false, &["list"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(
        err.contains(&format!(
            "seedbed restore '{}' --db '{}'",
            good.display(),
            db.display()
        )),
        "{err}"
    );
    let o = run(&db, false, &["--lang", "zh", "list"]);
    assert!(
        stderr(&o).contains("已损坏，无法读取；恢复最近一份完好的备份：seedbed restore"),
        "{}",
        stderr(&o)
    );

    let out = ok(&run(
        &db,
        false,
        &["restore", good.to_str().expect("utf-8")],
    ));
    assert!(out.contains("could not be read and was moved to"), "{out}");
    assert_eq!(integrity(&db), "ok");
    ok(&run(&db, false, &["list"]));
    assert!(
        names(&db).iter().any(|n| n.ends_with(".damaged.db")),
        "{:?}",
        names(&db)
    );

    // Without a backup, the message says there is none and how to restore a copy.
    let (_dir2, lone) = demo_pool(5);
    damage(&lone);
    let o = run(&lone, false, &["list"]);
    assert!(
        stderr(&o).contains("there is no good backup in"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_leftover_partial_backup_never_blocks_opening_or_the_next_backup() {
    let (_dir, db) = demo_pool(10);
    let folder = db.parent().expect("folder").join("backups");
    std::fs::create_dir_all(&folder).expect("folder");
    // A snapshot cut short by a crash, and garbage under a backup's name.
    std::fs::write(
        folder.join(".pool-2026-12-01T101010.db.4242.tmp"),
        b"SQLite format 3\0",
    )
    .expect("w");
    std::fs::write(folder.join("pool-2026-12-01T101010.db"), b"half a file").expect("w");
    // The old scheme's migration backup beside the file.
    std::fs::write(db.with_file_name("pool.db.v3.bak"), b"partial").expect("w");

    ok(&run(&db, false, &["list"]));
    let out = ok(&run(&db, true, &["backup"]));
    assert!(out.starts_with("backed up to "), "{out}");
    ok(&log_visit(&db, true, &first_code(&db)));
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn read_commands_make_no_backup_and_a_write_command_one_a_day() {
    let (_dir, db) = demo_pool(10);
    let code = first_code(&db);
    for args in [
        vec!["list"],
        vec!["show", code.as_str()],
        vec!["alerts"],
        vec!["agenda"],
        vec!["check"],
        vec!["backups"],
    ] {
        run(&db, true, &args);
        assert_eq!(names(&db), Vec::<String>::new(), "{args:?}");
    }
    ok(&run(
        &db,
        true,
        &["export", "--kind", "enterprises", "--format", "csv"],
    ));
    assert_eq!(names(&db), Vec::<String>::new());

    // Off (tests' default): none.
    ok(&log_visit(&db, false, &code));
    assert_eq!(names(&db), Vec::<String>::new());

    ok(&log_visit(&db, true, &code));
    let first = names(&db);
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(
        !first[0].contains(".manual") && !first[0].contains(".before"),
        "{first:?}"
    );
    ok(&log_visit(&db, true, &code));
    ok(&run(&db, true, &["undo"]));
    assert_eq!(names(&db), first, "one a day");

    // Yesterday's backup: the file changed since, so today's write takes one.
    let folder = db.parent().expect("folder").join("backups");
    std::fs::rename(
        folder.join(&first[0]),
        folder.join("pool-2026-11-20T180000.db"),
    )
    .expect("rename");
    ok(&log_visit(&db, true, &code));
    let second = names(&db);
    assert_eq!(second.len(), 2, "{second:?}");
    assert_eq!(second[0], "pool-2026-11-20T180000.db");
}

#[test]
fn an_import_is_preceded_by_a_backup() {
    let (dir, db) = demo_pool(10);
    let csv = dir.path().join("e.csv");
    std::fs::write(
        &csv,
        "企业名称,统一社会信用代码\n新疆备份测试有限公司,91650100MA77XQ0K8T\n",
    )
    .expect("csv");
    run(
        &db,
        true,
        &["import", csv.to_str().expect("utf-8"), "--dry-run"],
    );
    assert_eq!(names(&db), Vec::<String>::new(), "a dry run writes nothing");
    let o = run(&db, true, &["import", csv.to_str().expect("utf-8")]);
    let listed = names(&db);
    assert_eq!(listed.len(), 1, "{listed:?} {}", stderr(&o));
    assert!(listed[0].ends_with(".before-import.db"), "{listed:?}");
}

#[test]
fn files_seedbed_writes_are_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("new").join("pool.db");
    ok(&run(&db, false, &["demo", "--enterprises", "5"]));
    assert_eq!(mode(&db), 0o600, "database");
    assert_eq!(
        mode(db.parent().expect("folder")),
        0o700,
        "folder created for it"
    );

    // The WAL and its index take the database's mode; seen while a connection holds them.
    let holder = Connection::open(&db).expect("open");
    let _: String = holder
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .expect("wal");
    ok(&log_visit(&db, false, &first_code(&db)));
    let side = |suffix: &str| {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    assert_eq!(mode(&side("-wal")), 0o600, "-wal");
    assert_eq!(mode(&side("-shm")), 0o600, "-shm");
    drop(holder);

    let out = ok(&run(&db, true, &["backup"]));
    let taken = PathBuf::from(out.trim().trim_start_matches("backed up to "));
    assert_eq!(mode(&taken), 0o600, "backup");
    assert_eq!(
        mode(taken.parent().expect("backups")),
        0o700,
        "backups folder"
    );
    let out_path = dir.path().join("copy.db");
    ok(&run(
        &db,
        false,
        &["backup", "--out", out_path.to_str().expect("utf-8")],
    ));
    assert_eq!(mode(&out_path), 0o600, "backup --out");

    // An export onto a file that was readable by all replaces it with a private one.
    let csv = dir.path().join("out.csv");
    std::fs::write(&csv, "old").expect("w");
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let csv_text = csv.to_str().expect("utf-8");
    ok(&run(
        &db,
        false,
        &["export", "--kind", "enterprises", "--out", csv_text],
    ));
    assert_eq!(mode(&csv), 0o600, "export");
    let xlsx = dir.path().join("out.xlsx");
    ok(&run(
        &db,
        false,
        &[
            "export",
            "--kind",
            "visits",
            "--out",
            xlsx.to_str().expect("utf-8"),
        ],
    ));
    assert_eq!(mode(&xlsx), 0o600, "xlsx export");
    let report = dir.path().join("week.md");
    ok(&run(
        &db,
        false,
        &["report", "--out", report.to_str().expect("utf-8")],
    ));
    assert_eq!(mode(&report), 0o600, "report");
    let brief = dir.path().join("brief.md");
    let code = first_code(&db);
    ok(&run(
        &db,
        false,
        &["brief", &code, "--out", brief.to_str().expect("utf-8")],
    ));
    assert_eq!(mode(&brief), 0o600, "brief");
}

#[test]
fn backup_out_refuses_an_existing_file_and_the_database_itself() {
    let (dir, db) = demo_pool(5);
    let o = run(
        &db,
        false,
        &["backup", "--out", db.to_str().expect("utf-8")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is the database itself"),
        "{}",
        stderr(&o)
    );
    let other = dir.path().join("x.db");
    std::fs::write(&other, "keep me").expect("w");
    let o = run(
        &db,
        false,
        &["backup", "--out", other.to_str().expect("utf-8")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "keep me");
}

/// Writes an empty file named like a backup of `db` of `size` bytes.
fn fake_backup(db: &Path, name: &str, size: u64) {
    let folder = backup::folder(db);
    std::fs::create_dir_all(&folder).expect("folder");
    let f = std::fs::File::create(folder.join(name)).expect("create");
    f.set_len(size).expect("size");
}

#[test]
fn rotation_of_hand_named_files_keeps_days_weeks_and_the_cap() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("pool.db");
    let mb = 1024 * 1024;
    for name in [
        "pool-2026-12-02T203100.db",
        "pool-2026-12-02T090000.before-import.db",
        "pool-2026-12-02T080000.db",
        "pool-2026-12-02T070000.db",
        "pool-2026-12-01T200000.db",
        "pool-2026-11-30T200000.db",
        "pool-2026-11-27T200000.db",
        "pool-2026-11-26T200000.db",
        "pool-2026-11-25T200000.db",
        "pool-2026-11-24T200000.db",
        "pool-2026-11-22T200000.db",
        "pool-2026-11-21T200000.db",
        "pool-2026-11-14T200000.manual.db",
        "pool-2026-11-07T200000.db",
        "pool-2026-10-31T200000.db",
        "pool-2026-01-01T000000.damaged.db",
    ] {
        fake_backup(&db, name, 10 * mb);
    }
    // Not a backup of this file: never touched.
    fake_backup(&db, "demo-2020-01-01T000000.db", 10 * mb);
    let mut config = Config::default().backups;
    config.max_total_mb = 0;
    backup::rotate(&db, &config).expect("rotate");
    assert_eq!(
        names(&db),
        vec![
            "demo-2020-01-01T000000.db",
            "pool-2026-01-01T000000.damaged.db",
            // weeks 47 (Nov 16-22) and 46 (Nov 9-15)
            "pool-2026-11-14T200000.manual.db",
            "pool-2026-11-22T200000.db",
            // the last 7 days with a backup
            "pool-2026-11-24T200000.db",
            "pool-2026-11-25T200000.db",
            "pool-2026-11-26T200000.db",
            "pool-2026-11-27T200000.db",
            "pool-2026-11-30T200000.db",
            "pool-2026-12-01T200000.db",
            // the newest three, the newest of its day among them
            "pool-2026-12-02T080000.db",
            "pool-2026-12-02T090000.before-import.db",
            "pool-2026-12-02T203100.db",
        ]
    );
    // A cap of 35 MB: the three newest (30 MB) stay, the oldest go.
    config.max_total_mb = 35;
    backup::rotate(&db, &config).expect("rotate");
    assert_eq!(
        names(&db),
        vec![
            "demo-2020-01-01T000000.db",
            "pool-2026-01-01T000000.damaged.db",
            "pool-2026-12-02T080000.db",
            "pool-2026-12-02T090000.before-import.db",
            "pool-2026-12-02T203100.db",
        ]
    );
}

#[test]
fn the_daily_snapshot_is_skipped_when_the_file_did_not_change() {
    let (_dir, db) = demo_pool(5);
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    let mut config = Config::default().backups;
    config.auto = true;
    let taken = backup::snapshot(&store, Reason::Manual).expect("snapshot");
    let folder = backup::folder(&db);
    std::fs::rename(&taken, folder.join("pool-2026-11-01T120000.db")).expect("rename");
    // Taken on another day, but with the same last change: none.
    assert_eq!(backup::daily(&store, &config).expect("daily"), None);
    store
        .conn
        .execute(
            "INSERT INTO change_groups(at, label) VALUES ('2026-11-21T09:00:00', 'test')",
            [],
        )
        .expect("a change");
    let made = backup::daily(&store, &config).expect("daily");
    assert!(made.is_some());
    // The TUI's, on its own thread and connection: already taken today, so none more.
    let before = names(&db);
    backup::spawn_daily(&store, &config)
        .expect("a thread")
        .join()
        .expect("join");
    assert_eq!(names(&db), before);
    config.auto = false;
    if std::env::var_os("SEEDBED_AUTO_BACKUP").is_none() {
        assert!(backup::spawn_daily(&store, &config).is_none());
    }
}

#[test]
fn the_tui_snapshot_is_taken_on_a_read_only_connection_of_its_own() {
    let (_dir, db) = demo_pool(5);
    let store = Store::open(&db, OpenMode::Existing).expect("open");
    let mut config = Config::default().backups;
    config.auto = true;
    if std::env::var_os("SEEDBED_AUTO_BACKUP").is_some() {
        return;
    }
    backup::spawn_daily(&store, &config)
        .expect("a thread")
        .join()
        .expect("join");
    let listed = backup::list(&db).expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason, Reason::Daily);
    assert_eq!(integrity(&listed[0].path), "ok");
    // One self-contained file: a rollback journal, no WAL beside it.
    let bytes = std::fs::read(&listed[0].path).expect("read");
    assert_eq!(&bytes[18..20], &[1, 1]);
}

#[test]
fn a_restore_reaches_a_program_that_has_the_file_open() {
    let (_dir, db) = demo_pool(10);
    let before = visits(&db);
    let out = ok(&run(&db, false, &["backup"]));
    let taken = PathBuf::from(out.trim().trim_start_matches("backed up to "));
    ok(&log_visit(&db, false, &first_code(&db)));

    // Another program keeps the file open (in WAL mode, as Seedbed left it) through the restore.
    let other = Connection::open(&db).expect("open");
    let count = |c: &Connection| -> i64 {
        c.query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(count(&other), before + 1);
    ok(&run(
        &db,
        false,
        &["restore", taken.to_str().expect("utf-8")],
    ));
    assert_eq!(
        count(&other),
        before,
        "the open connection sees the restored file"
    );
    let check: String = other
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    // And it can go on writing to it.
    other
        .execute("UPDATE visits SET notes = notes WHERE rowid = 1", [])
        .expect("write");
    drop(other);
    assert_eq!(integrity(&db), "ok");
    assert_eq!(visits(&db), before);
}
