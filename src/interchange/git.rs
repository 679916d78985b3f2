//! A Git repository as the sync folder: `seedbed sync --git REMOTE`.
//!
//! [`exchange`] keeps a clone of REMOTE in a cache folder (one per remote), brings it up to the
//! remote's branch, lets the sync engine exchange bundle files in its work tree, then commits
//! and pushes. Each Seedbed file writes only its own bundle file, so two files pushing at once
//! only ever race, never truly conflict: a rejected push is replayed on the new tip and retried.
//!
//! The system `git` does the work (a documented requirement of `--git`; a vendored libgit2 would
//! lengthen every clean build). Every git process runs without a terminal prompt and in the C
//! locale, so its messages can be sorted into the typed [`GitFailure`]s whose words are in
//! `i18n::git_text`. The cache clone is a cache: whatever an interrupted run left in it is
//! cleaned away, and a clone git cannot read is removed and made again.
//!
//! For the caller: `cache` is Seedbed's cache folder (`ProjectDirs::cache_dir()/git`), `who`
//! names the file in the commits. The work may run more than once (after a colliding replay),
//! on a clone reset to the remote each time; what it wrote reaches the remote only when
//! `exchange` returns `Ok` with `pushed`, so a watermark of what a peer has been sent belongs
//! after that, never inside the work. The work tree holds `.git` beside the bundles.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod clone;
mod remote;

use clone::Checkout;
use remote::{Heads, classify, command_name, text};
pub use remote::{Remote, redact};

/// The branch a first push creates on an empty remote.
pub const DEFAULT_BRANCH: &str = "main";

/// Pushes tried before giving up when other files keep pushing first.
pub const PUSH_TRIES: u32 = 6;

/// Variables that would point git at another repository than the cache clone (set when Seedbed
/// runs from a git hook or an editor's terminal), or speak for the committer.
const FOREIGN_VARS: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
];

/// Settings of the user's git config that would change what a sync does or make it wait for a
/// person: bundles are binary (no line-ending rewrite), commits are not signed, maintenance
/// runs in the foreground (a detached gc would hold the clone after we return).
const FIXED_CONFIG: &[&str] = &[
    "core.autocrlf=false",
    "core.fsmonitor=false",
    "core.quotePath=false",
    "commit.gpgSign=false",
    "gc.autoDetach=false",
    "maintenance.autoDetach=false",
    "rerere.enabled=false",
    "advice.detachedHead=false",
    "credential.interactive=never",
    // The clone is a cache: no reflog keeping every old bundle alive for months.
    "core.logAllRefUpdates=false",
    // A web link that stalls (not one that is slow) ends in two minutes instead of never.
    "http.lowSpeedLimit=1",
    "http.lowSpeedTime=120",
];

/// SSH without questions: a missing key or an unknown host fails at once instead of waiting
/// for a passphrase or a yes on a terminal nobody watches; a dead link is noticed in a minute.
const BATCH_SSH: &str =
    "ssh -o BatchMode=yes -o ConnectTimeout=30 -o ServerAliveInterval=15 -o ServerAliveCountMax=4";

/// How to run git: the program and the environment added to Seedbed's own.
#[derive(Debug, Clone)]
pub struct Git {
    program: OsString,
    env: Vec<(OsString, OsString)>,
}

impl Default for Git {
    fn default() -> Self {
        Git::system()
    }
}

/// What a sync through Git did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GitReport {
    /// The remote's branch the bundles live on.
    pub branch: String,
    /// Files that changed on the remote since this cache last saw it, before the work ran
    /// (every file of the branch when the cache is new).
    pub incoming: Vec<String>,
    /// Files other files pushed while the work ran: they are in the clone but the work did not
    /// see them (the next sync takes them).
    pub late: Vec<String>,
    /// The commit pushed, when the work changed anything.
    pub pushed: Option<String>,
    /// Whether this sync created the branch on an empty remote.
    pub created: bool,
    /// Pushes rejected because another file pushed first.
    pub retries: u32,
    /// Times the work ran again because its changes could not be replayed on the new tip.
    pub reruns: u32,
    /// Whether the cache clone was unusable and made again.
    pub recloned: bool,
}

/// A sync through Git that did not finish: the work's own error, or git's.
#[derive(Debug)]
pub enum GitError<E> {
    Work(E),
    Git(GitFailure),
}

impl<E> From<GitFailure> for GitError<E> {
    fn from(f: GitFailure) -> Self {
        GitError::Git(f)
    }
}

impl<E: fmt::Display> fmt::Display for GitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::Work(e) => e.fmt(f),
            GitError::Git(g) => g.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for GitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GitError::Work(e) => Some(e),
            GitError::Git(g) => Some(g),
        }
    }
}

/// Why git could not sync (the words, zh and en, are in `i18n::git_text`). `remote` is the
/// remote as the user wrote it, with any password in it hidden.
#[derive(Debug)]
pub enum GitFailure {
    /// No `git` program on PATH.
    Missing,
    /// A local path (a stick, a shared folder) that does not exist.
    NoPath { remote: String },
    /// Nothing answers as a repository there (or the server hides it from this account).
    NotFound { remote: String },
    /// The server refused who we are: no SSH key it knows, no saved HTTPS credentials.
    Auth { remote: String, detail: String },
    /// SSH does not know or no longer trusts the server's host key.
    HostKey { remote: String },
    /// No connection: name, network, port.
    Unreachable { remote: String, detail: String },
    /// Git refuses a repository another user owns (`safe.directory`).
    Ownership { remote: String },
    /// The server took the connection but refused the push (read-only access, a protected
    /// branch, a hook).
    Refused {
        remote: String,
        branch: String,
        reason: String,
    },
    /// Other files kept pushing first through every try.
    Contended { remote: String, tries: u32 },
    /// The cache folder cannot be made, locked or cleaned.
    Cache { path: PathBuf, source: io::Error },
    /// Any other failure of a git command, with git's last words.
    Failed {
        remote: String,
        command: String,
        detail: String,
    },
}

impl fmt::Display for GitFailure {
    // The words are in `i18n::git_text`; this form is for logs and `{:?}`-like chains.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "git: {self:?}")
    }
}

impl std::error::Error for GitFailure {}

/// [`Git::exchange`] with the system's git.
pub fn exchange<T, E>(
    remote: &str,
    cache: &Path,
    who: &str,
    work: impl FnMut(&Path) -> Result<T, E>,
) -> Result<(T, GitReport), GitError<E>> {
    Git::system().exchange(remote, cache, who, work)
}

impl Git {
    /// `git` from PATH, in Seedbed's environment.
    pub fn system() -> Git {
        Git {
            program: "git".into(),
            env: Vec::new(),
        }
    }

    /// Sets a variable for every git process (tests give git a home of its own).
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Git {
        self.env
            .push((key.as_ref().to_os_string(), value.as_ref().to_os_string()));
        self
    }

    /// Syncs through `remote`: brings the cache clone under `cache` up to the remote's branch,
    /// runs `work` on its work tree, commits what changed as `Seedbed <who>` and pushes. A push
    /// another file beat is replayed on the new tip and tried again ([`PUSH_TRIES`] in all);
    /// when the replay collides, the remote's files win and `work` runs again on them.
    pub fn exchange<T, E>(
        &self,
        remote: &str,
        cache: &Path,
        who: &str,
        mut work: impl FnMut(&Path) -> Result<T, E>,
    ) -> Result<(T, GitReport), GitError<E>> {
        let remote = Remote::parse(remote)?;
        let git = self.prepared()?;
        fs::create_dir_all(cache).map_err(|source| cache_error(cache, source))?;
        let _lock = lock(&cache.join(format!("{}.lock", remote.cache_name())))?;
        let heads = git.ls_remote(&remote, cache)?;
        let branch = heads.branch();
        let mut exists = heads.has(&branch);
        let mut clone = Checkout::open(&git, &remote, cache, &branch, who)?;
        let mut report = clone.start(exists)?;
        let mut value = work(&clone.dir).map_err(GitError::Work)?;
        for attempt in 0..PUSH_TRIES {
            let Some(commit) = clone.commit()? else {
                return Ok((value, report));
            };
            if clone.push()? {
                report.pushed = Some(commit);
                report.created = !exists;
                return Ok((value, report));
            }
            report.retries += 1;
            pause(attempt);
            let arrived = clone.fetch_again()?;
            exists = true;
            if clone.replay(&commit)? {
                report.late.extend(arrived);
                report.late.sort();
                report.late.dedup();
            } else {
                report.reruns += 1;
                value = work(&clone.dir).map_err(GitError::Work)?;
            }
        }
        Err(GitFailure::Contended {
            remote: remote.shown.clone(),
            tries: PUSH_TRIES,
        }
        .into())
    }

    /// This git with SSH made non-interactive, after checking that git runs at all.
    fn prepared(&self) -> Result<Git, GitFailure> {
        let version = self.command(None).arg("--version").output();
        match version {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(GitFailure::Missing),
            Err(e) => {
                return Err(GitFailure::Failed {
                    remote: String::new(),
                    command: "--version".into(),
                    detail: e.to_string(),
                });
            }
            Ok(_) => {}
        }
        // The user's own SSH command (env or config) knows their keys and proxies: keep it.
        let own = ["GIT_SSH_COMMAND", "GIT_SSH"]
            .iter()
            .any(|k| self.var(k).is_some_and(|v| !v.is_empty()));
        let configured = self
            .command(None)
            .args(["config", "--get", "core.sshCommand"])
            .output()
            .is_ok_and(|o| o.status.success());
        let mut git = self.clone();
        if !(own || configured) {
            git = git.env("GIT_SSH_COMMAND", BATCH_SSH);
        }
        // A password window (a desktop's SSH_ASKPASS, core.askPass) is a prompt too. Git 2.46
        // and later keep it shut with credential.interactive=never; for older ones a set but
        // empty GIT_ASKPASS turns them all off. A GIT_ASKPASS the user set (a script that
        // hands over a token) is theirs to keep.
        if self.var("GIT_ASKPASS").is_none() {
            git = git.env("GIT_ASKPASS", "");
        }
        Ok(git)
    }

    /// A variable as git will see it.
    fn var(&self, key: &str) -> Option<OsString> {
        let ours = self.env.iter().rev().find(|(k, _)| k == key);
        ours.map(|(_, v)| v.clone())
            .or_else(|| std::env::var_os(key))
    }

    fn command(&self, dir: Option<&Path>) -> Command {
        let mut cmd = Command::new(&self.program);
        for key in FOREIGN_VARS {
            cmd.env_remove(key);
        }
        cmd.env("GIT_TERMINAL_PROMPT", "0")
            .env("GCM_INTERACTIVE", "never")
            // git's messages are sorted by their English words.
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C");
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        for setting in FIXED_CONFIG {
            cmd.args(["-c", setting]);
        }
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs git with `args` in `dir`; a failure to start is [`GitFailure::Missing`] when
    /// there is no git.
    fn run<S: AsRef<OsStr>>(
        &self,
        dir: &Path,
        remote: &Remote,
        args: &[S],
    ) -> Result<Output, GitFailure> {
        self.command(Some(dir))
            .args(args)
            .output()
            .map_err(|e| match e.kind() {
                io::ErrorKind::NotFound if !dir.exists() => cache_error(dir, e),
                io::ErrorKind::NotFound => GitFailure::Missing,
                _ => GitFailure::Failed {
                    remote: remote.shown.clone(),
                    command: command_name(args),
                    detail: e.to_string(),
                },
            })
    }

    /// The remote's branches and where its HEAD points.
    fn ls_remote(&self, remote: &Remote, cwd: &Path) -> Result<Heads, GitFailure> {
        let args = ["ls-remote", "--symref", remote.url.as_str()];
        let out = self.run(cwd, remote, &args)?;
        if !out.status.success() {
            return Err(classify(remote, "ls-remote", &text(&out.stderr)));
        }
        Ok(Heads::parse(&text(&out.stdout)))
    }
}

/// Waits a little before pushing again when others keep winning (never before the first retry).
fn pause(attempt: u32) {
    if attempt > 0 {
        let ms = fastrand::u64(50..250) * u64::from(attempt);
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// Takes the lock of one remote's cache clone, waiting for another Seedbed on this machine
/// syncing the same remote. The system drops it if the process dies.
fn lock(path: &Path) -> Result<fs::File, GitFailure> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|source| cache_error(path, source))?;
    file.lock().map_err(|source| cache_error(path, source))?;
    Ok(file)
}

fn cache_error(path: &Path, source: io::Error) -> GitFailure {
    GitFailure::Cache {
        path: path.to_path_buf(),
        source,
    }
}
