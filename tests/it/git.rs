//! Sync through Git (`interchange::git`): real git processes on bare repositories in temporary
//! folders and a `git daemon` on 127.0.0.1. Git runs with a home of its own and without the
//! system config, so the machine's git settings cannot reach a test. These tests need git and
//! fail (never skip) without it.

use seedbed::interchange::git::{Git, GitError, GitFailure, GitReport};
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// What a sync's work saw in the work tree: every `*.bundle` file and its content.
type Seen = BTreeMap<String, String>;

/// A temporary folder with a home for git and a cache per Seedbed file.
struct Rig {
    dir: tempfile::TempDir,
    /// More variables for the git under test (a fake ssh).
    env: Vec<(String, String)>,
}

impl Rig {
    fn new() -> Rig {
        let rig = Rig {
            dir: tempfile::tempdir().expect("temp dir"),
            env: Vec::new(),
        };
        fs::create_dir_all(rig.home()).expect("home");
        rig
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Git for the code under test: this rig's home, no system config.
    fn git(&self) -> Git {
        let git = Git::system()
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join("config"))
            .env("GIT_CONFIG_NOSYSTEM", "1");
        self.env.iter().fold(git, |git, (k, v)| git.env(k, v))
    }

    /// Runs git for the test's own set-up; it must succeed.
    fn run(&self, dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join("config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LC_ALL", "C")
            .args([
                "-c",
                "user.name=Third",
                "-c",
                "user.email=third@example.org",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("these tests need git on PATH");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A new empty bare repository (made as a user would: the default HEAD, `master` on this
    /// git, which has no commits; the first sync creates `main`).
    fn bare(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        self.run(self.dir.path(), &["init", "-q", "--bare", name]);
        path
    }

    /// The cache folder of the Seedbed file `file`.
    fn cache(&self, file: &str) -> PathBuf {
        self.path(&format!("cache-{file}"))
    }

    /// One sync of `file` that writes `<file>.bundle` with `content` and lists what it sees.
    fn sync(&self, remote: &str, file: &str, content: &str) -> (Seen, GitReport) {
        self.sync_in(&self.cache(file), remote, file, content)
    }

    /// [`Rig::sync`] with the cache folder `cache`.
    fn sync_in(&self, cache: &Path, remote: &str, file: &str, content: &str) -> (Seen, GitReport) {
        self.git()
            .exchange(remote, cache, &format!("file-{file}"), |tree| {
                write_bundle(tree, file, content)
            })
            .unwrap_or_else(|e| panic!("sync of {file} through {remote}: {e:?}"))
    }

    /// A sync of `file` during whose first run a third party pushes `theirs` (between the
    /// sync's pull and its push); run N of the work writes `content(N)`. The number of runs,
    /// what the last run saw, and the report.
    fn sync_beaten(
        &self,
        remote: &str,
        file: &str,
        theirs: &[(&str, &str)],
        content: impl Fn(u32) -> String,
    ) -> (u32, Seen, GitReport) {
        let bare = Path::new(remote);
        let mut runs = 0;
        let (last, report) = self
            .git()
            .exchange(remote, &self.cache(file), &format!("file-{file}"), |tree| {
                runs += 1;
                if runs == 1 {
                    self.push_from_third(bare, theirs);
                }
                write_bundle(tree, file, &content(runs))
            })
            .expect("sync");
        (runs, last, report)
    }

    /// A third party pushes `files` to the bare repository's `main` from a clone of its own.
    fn push_from_third(&self, bare: &Path, files: &[(&str, &str)]) {
        let third = tempfile::tempdir_in(self.dir.path()).expect("third clone");
        let url = bare.to_string_lossy();
        let w = third.path().join("w");
        self.run(third.path(), &["init", "-q", "w"]);
        // An empty remote has no main to start from: the third party creates it.
        if !self
            .run(&w, &["ls-remote", &url, "refs/heads/main"])
            .is_empty()
        {
            self.run(&w, &["fetch", "-q", &url, "main"]);
            self.run(&w, &["checkout", "-q", "-B", "main", "FETCH_HEAD"]);
        }
        for (name, content) in files {
            fs::write(w.join(name), content).expect("write");
        }
        self.run(&w, &["add", "-A"]);
        self.run(&w, &["commit", "-q", "-m", "third"]);
        self.run(&w, &["push", "-q", &url, "HEAD:refs/heads/main"]);
    }

    /// The content of `file` on the bare repository's `main`.
    fn show(&self, bare: &Path, file: &str) -> String {
        let git_dir = bare.to_string_lossy();
        let spec = format!("main:{file}");
        self.run(self.dir.path(), &["--git-dir", &git_dir, "show", &spec])
    }

    /// The files on the bare repository's `main`.
    fn tree(&self, bare: &Path) -> Vec<String> {
        let git_dir = bare.to_string_lossy();
        let args = ["--git-dir", &git_dir, "ls-tree", "--name-only", "main"];
        self.run(self.dir.path(), &args)
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// A bare repository where file B and then file A synced once (`B1`, `A1`): the
    /// repository, its address and A's cache clone.
    fn a_after_b(&self) -> (PathBuf, String, PathBuf) {
        let bare = self.bare("stick.git");
        let remote = bare.to_string_lossy().into_owned();
        self.sync(&remote, "b", "B1");
        self.sync(&remote, "a", "A1");
        (bare, remote, self.clone_dir("a"))
    }

    /// The single cache clone in `file`'s cache folder.
    fn clone_dir(&self, file: &str) -> PathBuf {
        let dirs: Vec<PathBuf> = fs::read_dir(self.cache(file))
            .expect("cache")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(dirs.len(), 1, "one clone in the cache: {dirs:?}");
        dirs[0].clone()
    }
}

fn write_bundle(tree: &Path, file: &str, content: &str) -> std::io::Result<Seen> {
    fs::write(tree.join(format!("{file}.bundle")), content)?;
    read_bundles(tree)
}

fn read_bundles(tree: &Path) -> std::io::Result<Seen> {
    let mut seen = Seen::new();
    for entry in fs::read_dir(tree)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if let Some(name) = name.filter(|n| n.ends_with(".bundle")) {
            seen.insert(name, fs::read_to_string(&path)?);
        }
    }
    Ok(seen)
}

fn seen(pairs: &[(&str, &str)]) -> Seen {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Two files exchange in turns through a bare repository: each sees the other's latest bundle,
/// and the repository holds both, committed as Seedbed with the file as the address.
fn exchange_in_turns(rig: &Rig, remote: &str, bare: &Path) {
    let (a1, r) = rig.sync(remote, "a", "A1");
    assert_eq!(a1, seen(&[("a.bundle", "A1")]));
    assert!(
        r.created && r.pushed.is_some() && r.incoming.is_empty(),
        "{r:?}"
    );
    assert_eq!((r.branch.as_str(), r.retries, r.reruns), ("main", 0, 0));

    let (b1, r) = rig.sync(remote, "b", "B1");
    assert_eq!(b1, seen(&[("a.bundle", "A1"), ("b.bundle", "B1")]));
    assert!(!r.created && r.pushed.is_some(), "{r:?}");
    assert_eq!(r.incoming, names(&["a.bundle"]));

    let (a2, r) = rig.sync(remote, "a", "A2");
    assert_eq!(a2, seen(&[("a.bundle", "A2"), ("b.bundle", "B1")]));
    assert_eq!(r.incoming, names(&["b.bundle"]));

    let (b2, r) = rig.sync(remote, "b", "B2");
    assert_eq!(b2, seen(&[("a.bundle", "A2"), ("b.bundle", "B2")]));
    assert_eq!(r.incoming, names(&["a.bundle"]));

    // Nothing new from A: nothing to commit, nothing pushed; B's change came in.
    let (a3, r) = rig.sync(remote, "a", "A2");
    assert_eq!(a3, seen(&[("a.bundle", "A2"), ("b.bundle", "B2")]));
    assert_eq!((r.pushed, r.incoming), (None, names(&["b.bundle"])));

    assert_eq!(rig.show(bare, "a.bundle"), "A2");
    assert_eq!(rig.show(bare, "b.bundle"), "B2");
    let git_dir = bare.to_string_lossy();
    let log = [
        "--git-dir",
        &git_dir,
        "log",
        "--format=%an <%ae> / %cn <%ce>",
        "main",
    ];
    assert_eq!(
        rig.run(rig.dir.path(), &log),
        "Seedbed <file-b> / Seedbed <file-b>\n\
         Seedbed <file-a> / Seedbed <file-a>\n\
         Seedbed <file-b> / Seedbed <file-b>\n\
         Seedbed <file-a> / Seedbed <file-a>\n"
    );
}

#[test]
fn two_files_exchange_through_a_bare_repository() {
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    exchange_in_turns(&rig, &bare.to_string_lossy(), &bare);
}

#[test]
fn two_files_exchange_through_a_file_url() {
    let rig = Rig::new();
    let bare = rig.bare("shared.git");
    let url = format!("file://{}", bare.display());
    exchange_in_turns(&rig, &url, &bare);
}

#[test]
fn a_relative_path_is_the_same_remote_from_anywhere() {
    // The cache clone lives elsewhere: a relative remote must be made absolute first.
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let relative = pathdiff(&bare);
    let (seen_a, _) = rig.sync(&relative, "a", "A1");
    assert_eq!(seen_a, seen(&[("a.bundle", "A1")]));
    let (seen_b, _) = rig.sync(&bare.to_string_lossy(), "b", "B1");
    assert_eq!(seen_b, seen(&[("a.bundle", "A1"), ("b.bundle", "B1")]));
}

/// `path` relative to the current directory (`../../tmp/...`).
fn pathdiff(path: &Path) -> String {
    let cwd = std::env::current_dir().expect("cwd");
    let ups = cwd.components().count() - 1;
    let mut rel = "../".repeat(ups);
    rel.push_str(path.to_string_lossy().trim_start_matches('/'));
    rel
}

#[test]
fn a_rejected_push_is_replayed_on_the_new_tip_and_retried() {
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let remote = bare.to_string_lossy().into_owned();
    rig.sync(&remote, "a", "A1");
    let (runs, seen_a, r) = rig.sync_beaten(&remote, "a", &[("c.bundle", "C1")], |_| "A2".into());
    assert_eq!(runs, 1, "a clean replay does not run the work again");
    assert_eq!(seen_a, seen(&[("a.bundle", "A2")]));
    assert_eq!((r.retries, r.reruns), (1, 0));
    assert_eq!(r.late, names(&["c.bundle"]));
    assert!(r.pushed.is_some());
    assert_eq!(rig.tree(&bare), names(&["a.bundle", "c.bundle"]));
    assert_eq!(rig.show(&bare, "a.bundle"), "A2");
    assert_eq!(rig.show(&bare, "c.bundle"), "C1");

    let (seen_b, r) = rig.sync(&remote, "b", "B1");
    assert_eq!(
        seen_b,
        seen(&[("a.bundle", "A2"), ("b.bundle", "B1"), ("c.bundle", "C1")])
    );
    assert_eq!(r.incoming, names(&["a.bundle", "c.bundle"]));
}

#[test]
fn a_first_push_beaten_to_an_empty_remote_is_retried() {
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let remote = bare.to_string_lossy().into_owned();
    let (runs, _, r) = rig.sync_beaten(&remote, "a", &[("c.bundle", "C1")], |_| "A1".into());
    assert_eq!(runs, 1);
    assert_eq!((r.retries, r.reruns, r.created), (1, 0, false));
    assert_eq!(r.late, names(&["c.bundle"]));
    assert_eq!(rig.tree(&bare), names(&["a.bundle", "c.bundle"]));
}

#[test]
fn a_replay_that_collides_runs_the_work_again_on_the_remote_files() {
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let remote = bare.to_string_lossy().into_owned();
    rig.sync(&remote, "a", "A1");
    // Someone else rewrote this file's bundle (and added one) meanwhile.
    let theirs = [("a.bundle", "theirs"), ("d.bundle", "D1")];
    let (runs, last, r) = rig.sync_beaten(&remote, "a", &theirs, |run| format!("A-run-{run}"));
    assert_eq!(runs, 2);
    assert_eq!((r.retries, r.reruns), (1, 1));
    assert_eq!(last, seen(&[("a.bundle", "A-run-2"), ("d.bundle", "D1")]));
    assert_eq!(rig.show(&bare, "a.bundle"), "A-run-2");
    assert_eq!(rig.show(&bare, "d.bundle"), "D1");
}

#[test]
fn two_files_syncing_at_once_both_land() {
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let remote = bare.to_string_lossy().into_owned();
    std::thread::scope(|s| {
        for file in ["a", "b"] {
            let (rig, remote) = (&rig, &remote);
            s.spawn(move || {
                for round in 1..=4 {
                    rig.sync(remote, file, &format!("{file}{round}"));
                }
            });
        }
    });
    assert_eq!(rig.show(&bare, "a.bundle"), "a4");
    assert_eq!(rig.show(&bare, "b.bundle"), "b4");
    let (last, _) = rig.sync(&remote, "a", "a4");
    assert_eq!(last, seen(&[("a.bundle", "a4"), ("b.bundle", "b4")]));
}

#[test]
fn two_files_on_one_computer_share_the_cache_clone_in_turn() {
    // Two Seedbed files on one laptop syncing the same remote at once: the clone's lock makes
    // them take turns instead of writing into one work tree together.
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let remote = bare.to_string_lossy().into_owned();
    let cache = rig.path("shared-cache");
    std::thread::scope(|s| {
        for file in ["a", "b"] {
            let (rig, remote, cache) = (&rig, &remote, &cache);
            s.spawn(move || {
                for round in 1..=3 {
                    let (seen_now, _) = rig.sync_in(cache, remote, file, &format!("{file}{round}"));
                    assert_eq!(
                        seen_now[&format!("{file}.bundle")],
                        format!("{file}{round}")
                    );
                }
            });
        }
    });
    assert_eq!(rig.tree(&bare), names(&["a.bundle", "b.bundle"]));
    assert_eq!(rig.show(&bare, "a.bundle"), "a3");
    assert_eq!(rig.show(&bare, "b.bundle"), "b3");
}

/// A rig whose `ssh` is a stand-in that logs its arguments to `ssh-args` and serves the
/// repositories under `srv` with the local git (as an SSH server would), or, when
/// `FAKE_SSH_SAYS` is set, prints it and fails as ssh does.
#[cfg(unix)]
fn ssh_rig(says: Option<&str>) -> Rig {
    use std::os::unix::fs::PermissionsExt;
    let mut rig = Rig::new();
    let bin = rig.path("fake-bin");
    fs::create_dir_all(&bin).expect("bin");
    fs::create_dir_all(rig.path("srv/bureau")).expect("srv");
    let script = "#!/bin/sh\n\
        printf '%s\\n' \"$@\" >> \"$FAKE_SSH_LOG\"\n\
        if [ -n \"$FAKE_SSH_SAYS\" ]; then echo \"$FAKE_SSH_SAYS\" >&2; exit 255; fi\n\
        for last; do :; done\n\
        cd \"$FAKE_SSH_ROOT\" && exec sh -c \"git ${last#git-}\"\n";
    let ssh = bin.join("ssh");
    fs::write(&ssh, script).expect("fake ssh");
    fs::set_permissions(&ssh, fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = std::env::var("PATH").unwrap_or_default();
    rig.env = vec![
        ("PATH".into(), format!("{}:{path}", bin.display())),
        (
            "FAKE_SSH_LOG".into(),
            rig.path("ssh-args").display().to_string(),
        ),
        (
            "FAKE_SSH_ROOT".into(),
            rig.path("srv").display().to_string(),
        ),
        ("FAKE_SSH_SAYS".into(), says.unwrap_or_default().into()),
        // The developer's own SSH command must not stand in for ours here.
        ("GIT_SSH_COMMAND".into(), String::new()),
        ("GIT_SSH".into(), String::new()),
    ];
    rig
}

#[cfg(unix)]
#[test]
fn two_files_exchange_over_ssh_in_batch_mode() {
    let rig = ssh_rig(None);
    rig.run(
        &rig.path("srv/bureau"),
        &["init", "-q", "--bare", "seedbed.git"],
    );
    let bare = rig.path("srv/bureau/seedbed.git");
    exchange_in_turns(&rig, "git@gitea.example:bureau/seedbed.git", &bare);
    let args = fs::read_to_string(rig.path("ssh-args")).expect("ssh ran");
    let lines: Vec<&str> = args.lines().collect();
    assert!(
        lines.windows(2).any(|w| w == ["-o", "BatchMode=yes"]),
        "{args}"
    );
    assert!(lines.contains(&"git@gitea.example"), "{args}");
}

#[cfg(unix)]
#[test]
fn what_ssh_refuses_is_a_typed_error() {
    let remote = "git@gitea.example:bureau/seedbed.git";
    let rig = ssh_rig(Some("git@gitea.example: Permission denied (publickey)."));
    let f = refused(&rig.git(), remote, &rig.cache("a"));
    assert!(
        matches!(f, GitFailure::Auth { ref remote, .. } if remote == "git@gitea.example:bureau/seedbed.git"),
        "{f:?}"
    );
    let rig = ssh_rig(Some("Host key verification failed."));
    let f = refused(&rig.git(), remote, &rig.cache("a"));
    assert!(matches!(f, GitFailure::HostKey { .. }), "{f:?}");
    let rig = ssh_rig(Some(
        "ssh: connect to host gitea.example port 22: Connection refused",
    ));
    let f = refused(&rig.git(), remote, &rig.cache("a"));
    assert!(matches!(f, GitFailure::Unreachable { .. }), "{f:?}");
}

#[cfg(unix)]
#[test]
fn the_users_own_ssh_command_is_kept() {
    let mut rig = ssh_rig(None);
    rig.run(
        &rig.path("srv/bureau"),
        &["init", "-q", "--bare", "seedbed.git"],
    );
    let own = format!("{} -o User=mine", rig.path("fake-bin/ssh").display());
    rig.env.push(("GIT_SSH_COMMAND".into(), own));
    rig.sync("git@gitea.example:bureau/seedbed.git", "a", "A1");
    let args = fs::read_to_string(rig.path("ssh-args")).expect("ssh ran");
    assert!(args.contains("User=mine"), "{args}");
    assert!(!args.contains("BatchMode"), "{args}");
}

#[cfg(unix)]
#[test]
fn a_push_the_server_refuses_is_a_typed_error() {
    use std::os::unix::fs::PermissionsExt;
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let remote = bare.to_string_lossy().into_owned();
    rig.sync(&remote, "a", "A1");
    // The bureau protects the branch with a hook on the shared repository.
    let hook = bare.join("hooks/pre-receive");
    fs::write(&hook, "#!/bin/sh\necho 'main is protected' >&2\nexit 1\n").expect("hook");
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).expect("chmod");
    let result = rig
        .git()
        .exchange(&remote, &rig.cache("b"), "file-b", |tree| {
            write_bundle(tree, "b", "B1")
        });
    match result {
        Err(GitError::Git(GitFailure::Refused {
            remote: shown,
            branch,
            reason,
        })) => {
            assert_eq!((shown, branch), (remote.clone(), "main".to_string()));
            assert_eq!(reason, "pre-receive hook declined");
        }
        other => panic!("expected a refused push, got {other:?}"),
    }
    assert_eq!(rig.tree(&bare), names(&["a.bundle"]));
}

/// A web server on 127.0.0.1 that answers every request with `head` (an HTTP status line and
/// headers, no body), as a Gitea would that wants a password or has no such repository.
fn http_server(head: &'static str) -> u16 {
    use std::io::{Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                request.push(byte[0]);
            }
            let _ = stream.write_all(head.as_bytes());
        }
    });
    port
}

#[cfg(unix)]
#[test]
fn https_wanting_a_password_fails_at_once_without_asking() {
    use std::os::unix::fs::PermissionsExt;
    let mut rig = Rig::new();
    let port = http_server(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Gitea\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    // A desktop's password window: it must never be shown.
    let asked = rig.path("asked");
    let askpass = rig.path("askpass");
    let script = format!("#!/bin/sh\ntouch '{}'\necho secret\n", asked.display());
    fs::write(&askpass, script).expect("askpass");
    fs::set_permissions(&askpass, fs::Permissions::from_mode(0o755)).expect("chmod");
    rig.env
        .push(("SSH_ASKPASS".into(), askpass.display().to_string()));
    rig.env.push(("DISPLAY".into(), ":0".into()));
    let url = format!("http://127.0.0.1:{port}/bureau/seedbed.git");
    let f = refused(&rig.git(), &url, &rig.cache("a"));
    assert!(
        matches!(f, GitFailure::Auth { ref remote, .. } if *remote == url),
        "{f:?}"
    );
    assert!(!asked.exists(), "a password window was opened");

    let port =
        http_server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let url = format!("http://127.0.0.1:{port}/bureau/nothing.git");
    let f = refused(&rig.git(), &url, &rig.cache("a"));
    assert!(
        matches!(f, GitFailure::NotFound { ref remote } if *remote == url),
        "{f:?}"
    );
}

/// A `git daemon` on 127.0.0.1 serving the folder `base`, stopped when dropped.
struct Daemon {
    child: Child,
    port: u16,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Daemon {
    fn start(rig: &Rig, base: &Path) -> Daemon {
        // A free port from the system; another program may take it before the daemon does,
        // and then the daemon exits and we try another.
        for _ in 0..10 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("free port")
                .port();
            let mut child = Command::new("git")
                .env("HOME", rig.home())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .arg("daemon")
                .args(["--verbose", "--export-all", "--enable=receive-pack"])
                .args(["--informative-errors", "--reuseaddr", "--listen=127.0.0.1"])
                .arg(format!("--port={port}"))
                .arg(format!("--base-path={}", base.display()))
                .arg(base)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("these tests need git on PATH (git daemon)");
            let stderr = child.stderr.take().expect("stderr");
            let mut lines = BufReader::new(stderr).lines();
            let ready = lines
                .by_ref()
                .map_while(Result::ok)
                .any(|l| l.contains("Ready to rumble"));
            if ready {
                // Keep reading what it logs, so it never blocks on a full pipe.
                std::thread::spawn(move || lines.for_each(drop));
                return Daemon { child, port };
            }
            let _ = child.wait();
        }
        panic!("git daemon did not start");
    }

    fn url(&self, repo: &str) -> String {
        format!("git://127.0.0.1:{}/{repo}", self.port)
    }
}

#[test]
fn two_files_exchange_through_a_git_daemon() {
    let rig = Rig::new();
    let base = rig.path("srv");
    fs::create_dir_all(&base).expect("srv");
    rig.run(&base, &["init", "-q", "--bare", "repo.git"]);
    let daemon = Daemon::start(&rig, &base);
    exchange_in_turns(&rig, &daemon.url("repo.git"), &base.join("repo.git"));

    let missing = rig
        .git()
        .exchange(&daemon.url("nope.git"), &rig.cache("a"), "file-a", |_| {
            Ok::<_, std::io::Error>(())
        });
    assert!(
        matches!(missing, Err(GitError::Git(GitFailure::NotFound { ref remote })) if *remote == daemon.url("nope.git")),
        "{missing:?}"
    );
}

/// A sync whose work must never run.
fn refused(git: &Git, remote: &str, cache: &Path) -> GitFailure {
    let result = git.exchange(remote, cache, "file-a", |_| -> Result<(), ()> {
        panic!("the work ran although the remote is unusable")
    });
    match result {
        Err(GitError::Git(f)) => f,
        other => panic!("expected a git failure, got {other:?}"),
    }
}

#[test]
fn a_missing_remote_is_a_typed_error_and_leaves_nothing_to_recover() {
    let rig = Rig::new();
    let cache = rig.cache("a");
    let gone = rig.path("unplugged/stick.git");
    let gone_text = gone.to_string_lossy().into_owned();
    let f = refused(&rig.git(), &gone_text, &cache);
    assert!(
        matches!(f, GitFailure::NoPath { ref remote } if *remote == gone_text),
        "{f:?}"
    );

    let plain = rig.path("plain");
    fs::create_dir_all(&plain).expect("plain folder");
    let plain_text = plain.to_string_lossy().into_owned();
    let f = refused(&rig.git(), &plain_text, &cache);
    assert!(
        matches!(f, GitFailure::NotFound { ref remote } if *remote == plain_text),
        "{f:?}"
    );

    let url = format!("file://{}/nothing.git", rig.dir.path().display());
    let f = refused(&rig.git(), &url, &cache);
    assert!(
        matches!(f, GitFailure::NotFound { ref remote } if *remote == url),
        "{f:?}"
    );

    // Once the stick holds a repository, the same cache syncs.
    fs::create_dir_all(rig.path("unplugged")).expect("folder");
    rig.run(
        &rig.path("unplugged"),
        &["init", "-q", "--bare", "stick.git"],
    );
    let (seen_a, r) = rig.sync(&gone_text, "a", "A1");
    assert_eq!(seen_a, seen(&[("a.bundle", "A1")]));
    assert!(r.created);
}

#[test]
fn git_not_on_path_is_a_typed_error() {
    let rig = Rig::new();
    let bare = rig.bare("stick.git");
    let empty = rig.path("empty-bin");
    fs::create_dir_all(&empty).expect("empty PATH folder");
    let git = rig.git().env("PATH", &empty);
    let f = refused(&git, &bare.to_string_lossy(), &rig.cache("a"));
    assert!(matches!(f, GitFailure::Missing), "{f:?}");
}

#[test]
fn a_broken_cache_clone_is_made_again() {
    let rig = Rig::new();
    let (bare, remote, clone) = rig.a_after_b();

    // A HEAD git cannot read.
    fs::write(clone.join(".git/HEAD"), "garbage\n").expect("break HEAD");
    let (seen_a, r) = rig.sync(&remote, "a", "A2");
    assert!(r.recloned, "{r:?}");
    assert_eq!(seen_a, seen(&[("a.bundle", "A2"), ("b.bundle", "B1")]));

    // Objects damaged: the folder still looks like a clone, but git cannot read what it holds.
    damage(&clone.join(".git/objects"));
    let (seen_a, r) = rig.sync(&remote, "a", "A3");
    assert!(r.recloned, "{r:?}");
    assert_eq!(seen_a, seen(&[("a.bundle", "A3"), ("b.bundle", "B1")]));

    // Not a clone at all (an empty folder where the clone was), and the cache itself inside
    // another repository (a home folder kept in git): that repository must not be taken.
    fs::remove_dir_all(&clone).expect("remove clone");
    fs::create_dir_all(&clone).expect("empty folder");
    rig.run(&rig.cache("a"), &["init", "-q"]);
    let (_, r) = rig.sync(&remote, "a", "A4");
    assert!(r.recloned, "{r:?}");
    assert_eq!(rig.show(&bare, "a.bundle"), "A4");
    let outer = rig.run(&rig.cache("a"), &["rev-list", "--all"]);
    assert_eq!(
        outer, "",
        "nothing was committed in the repository around the cache"
    );
}

/// Overwrites every file under `dir` with bytes git cannot read.
fn damage(dir: &Path) {
    for entry in fs::read_dir(dir).expect("objects") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            damage(&path);
        } else {
            // Git makes its objects read-only.
            let mut perm = fs::metadata(&path).expect("meta").permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perm.set_readonly(false);
            fs::set_permissions(&path, perm).expect("writable");
            fs::write(&path, "garbage").expect("damage");
        }
    }
}

#[test]
fn what_an_interrupted_sync_left_in_the_clone_is_never_pushed() {
    let rig = Rig::new();
    let (bare, remote, clone) = rig.a_after_b();
    // A run killed mid-way: a stray file, another file's bundle half written, git's lock.
    fs::write(clone.join("stray.tmp"), "junk").expect("stray");
    fs::write(clone.join("b.bundle"), "half").expect("half");
    fs::write(clone.join(".git/index.lock"), "").expect("lock");
    let (seen_a, r) = rig.sync(&remote, "a", "A2");
    assert!(!r.recloned, "{r:?}");
    assert_eq!(seen_a, seen(&[("a.bundle", "A2"), ("b.bundle", "B1")]));
    assert_eq!(rig.tree(&bare), names(&["a.bundle", "b.bundle"]));
    assert_eq!(rig.show(&bare, "b.bundle"), "B1");

    // A work that fails leaves its writes behind; the next sync starts clean all the same.
    let failed = rig
        .git()
        .exchange(&remote, &rig.cache("a"), "file-a", |tree| {
            fs::write(tree.join("a.bundle"), "broken").map_err(|e| e.to_string())?;
            Err::<(), _>("export failed".to_string())
        });
    assert!(matches!(failed, Err(GitError::Work(ref e)) if e == "export failed"));
    let (seen_a, r) = rig.sync(&remote, "a", "A2");
    assert_eq!(seen_a, seen(&[("a.bundle", "A2"), ("b.bundle", "B1")]));
    assert_eq!(r.pushed, None, "A2 was pushed before: {r:?}");
}
