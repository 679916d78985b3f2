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

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

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
    /// runs `work` on its work tree, commits what changed as "Seedbed <who>" and pushes. A push
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
        let mut clone = Clone::open(&git, &remote, cache, &branch, who)?;
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
        if own || configured {
            Ok(self.clone())
        } else {
            Ok(self.clone().env("GIT_SSH_COMMAND", BATCH_SSH))
        }
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

/// A remote as git is given it and as the user is shown it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// What git is given: a URL, or a local path made absolute (git runs in the cache).
    pub url: String,
    /// What messages show: as written, with a password in a URL hidden.
    pub shown: String,
}

impl Remote {
    /// Reads a remote: a URL (`ssh://`, `https://`, `git://`, `file://`), an SCP-like SSH
    /// address (`git@host:org/repo.git`) or a local path, which must exist.
    pub fn parse(raw: &str) -> Result<Remote, GitFailure> {
        let raw = raw.trim();
        let shown = redact(raw);
        if raw.is_empty() {
            return Err(GitFailure::NoPath { remote: shown });
        }
        if is_url(raw) {
            return Ok(Remote {
                url: raw.to_string(),
                shown,
            });
        }
        let path = Path::new(raw);
        let found = path.canonicalize().map_err(|_| GitFailure::NoPath {
            remote: shown.clone(),
        })?;
        Ok(Remote {
            url: found.to_string_lossy().into_owned(),
            shown,
        })
    }

    /// The cache folder's name: the repository's name, readable, and a hash of the whole
    /// address so two remotes never share a clone.
    pub fn cache_name(&self) -> String {
        let trimmed = self.url.trim_end_matches(['/', '\\']);
        let last = trimmed.rsplit(['/', '\\', ':']).next().unwrap_or_default();
        let last = last.strip_suffix(".git").unwrap_or(last);
        let slug: String = last
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(40)
            .collect();
        let slug = if slug.is_empty() { "repo".into() } else { slug };
        format!("{slug}-{:016x}", fnv1a(trimmed.as_bytes()))
    }
}

/// FNV-1a, 64 bits: a folder name must stay the same across Rust releases, which std's
/// `DefaultHasher` does not promise.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Whether git reads `s` as a URL or an SCP-like address rather than a path: a scheme, or a
/// colon before any slash (git's own rule; `C:\…` is a Windows drive).
fn is_url(s: &str) -> bool {
    if s.contains("://") {
        return true;
    }
    let Some(colon) = s.find(':') else {
        return false;
    };
    let before = &s[..colon];
    let drive = before.len() == 1 && before.chars().all(|c| c.is_ascii_alphabetic());
    !before.contains(['/', '\\']) && !drive && colon > 0
}

/// `https://user:secret@host/x` as `https://user:***@host/x`.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let Some(colon) = authority[..at].find(':') else {
        return url.to_string();
    };
    format!(
        "{}{}:***{}",
        &url[..scheme_end + 3],
        &authority[..colon],
        &rest[at..]
    )
}

/// The branches of a remote (`git ls-remote --symref`).
#[derive(Debug, Default, PartialEq, Eq)]
struct Heads {
    branches: Vec<String>,
    head: Option<String>,
}

impl Heads {
    fn parse(listing: &str) -> Heads {
        let mut heads = Heads::default();
        for line in listing.lines() {
            let Some((left, name)) = line.split_once('\t') else {
                continue;
            };
            if let Some(target) = left.strip_prefix("ref: ") {
                if name == "HEAD" {
                    heads.head = target.strip_prefix("refs/heads/").map(str::to_string);
                }
            } else if let Some(branch) = name.strip_prefix("refs/heads/") {
                heads.branches.push(branch.to_string());
            }
        }
        heads
    }

    fn has(&self, branch: &str) -> bool {
        self.branches.iter().any(|b| b == branch)
    }

    /// The branch the bundles live on: the remote's HEAD if it has commits, else `main`, else
    /// `master` (a repository made by an older git), else the first; `main` on an empty remote.
    fn branch(&self) -> String {
        let head = self.head.as_deref().filter(|h| self.has(h));
        let known = [DEFAULT_BRANCH, "master"].into_iter().find(|b| self.has(b));
        let mut sorted: Vec<&String> = self.branches.iter().collect();
        sorted.sort();
        head.or(known)
            .or(sorted.first().map(|s| s.as_str()))
            .unwrap_or(DEFAULT_BRANCH)
            .to_string()
    }
}

/// The cache clone of one remote, checked out on its branch.
struct Clone<'a> {
    git: &'a Git,
    remote: &'a Remote,
    cache: PathBuf,
    dir: PathBuf,
    branch: String,
    who: String,
    recloned: bool,
}

impl<'a> Clone<'a> {
    /// Opens the clone under `cache`, making it (again) when it is missing or git cannot use it.
    fn open(
        git: &'a Git,
        remote: &'a Remote,
        cache: &Path,
        branch: &str,
        who: &str,
    ) -> Result<Clone<'a>, GitFailure> {
        let mut clone = Clone {
            git,
            remote,
            cache: cache.to_path_buf(),
            dir: cache.join(remote.cache_name()),
            branch: branch.to_string(),
            who: ident(who),
            recloned: false,
        };
        if clone.dir.exists() && !clone.usable() {
            clone.remove()?;
            clone.recloned = true;
        }
        if !clone.dir.exists() {
            clone.init()?;
        }
        Ok(clone)
    }

    /// Whether the folder is a work tree of its own on a branch, pointing at this remote
    /// (repairing the address and the leftover locks of an interrupted run). A clone whose
    /// objects git cannot read passes here and fails in [`Clone::start`], which makes it again.
    fn usable(&self) -> bool {
        let top = self.git(&["rev-parse", "--show-toplevel"]);
        let ours = match (top, self.dir.canonicalize()) {
            (Ok(out), Ok(dir)) if out.status.success() => {
                Path::new(text(&out.stdout).trim()).canonicalize().ok() == Some(dir)
            }
            _ => false,
        };
        if !ours {
            return false;
        }
        self.clear_locks();
        let ok = |args: &[&str]| self.git(args).is_ok_and(|o| o.status.success());
        ok(&["symbolic-ref", "-q", "HEAD"])
            && ok(&["remote", "set-url", "origin", self.remote.url.as_str()])
    }

    /// Lock files of git itself left by a run that was killed: we hold the cache lock, so no
    /// git is running here now.
    fn clear_locks(&self) {
        let git_dir = self.dir.join(".git");
        let mut stale = vec![
            git_dir.join("index.lock"),
            git_dir.join("HEAD.lock"),
            git_dir.join("shallow.lock"),
            git_dir.join("config.lock"),
            git_dir.join("packed-refs.lock"),
        ];
        stale.push(
            git_dir
                .join("refs/heads")
                .join(format!("{}.lock", self.branch)),
        );
        stale.push(
            git_dir
                .join("refs/remotes/origin")
                .join(format!("{}.lock", self.branch)),
        );
        for path in stale {
            let _ = fs::remove_file(path);
        }
    }

    fn remove(&self) -> Result<(), GitFailure> {
        fs::remove_dir_all(&self.dir).map_err(|source| cache_error(&self.dir, source))
    }

    /// A new empty clone: made beside its place and renamed into it, so a run killed halfway
    /// leaves no half clone where the next run looks.
    fn init(&self) -> Result<(), GitFailure> {
        let fresh = self.cache.join(format!("{}.new", self.remote.cache_name()));
        if fresh.exists() {
            fs::remove_dir_all(&fresh).map_err(|source| cache_error(&fresh, source))?;
        }
        fs::create_dir_all(&fresh).map_err(|source| cache_error(&fresh, source))?;
        let head = format!("refs/heads/{}", self.branch);
        let steps: [&[&str]; 3] = [
            &["init", "-q"],
            &["symbolic-ref", "HEAD", &head],
            &["remote", "add", "origin", &self.remote.url],
        ];
        for args in steps {
            self.must(&fresh, args)?;
        }
        fs::rename(&fresh, &self.dir).map_err(|source| cache_error(&self.dir, source))
    }

    /// Fetches the branch and checks it out clean; what came in since the last sync.
    fn start(&mut self, exists: bool) -> Result<GitReport, GitFailure> {
        let report = match self.try_start(exists) {
            Ok(report) => report,
            // Not the network's fault: something in the clone git cannot use. Start over once.
            Err(GitFailure::Failed { .. }) => {
                self.remove()?;
                self.init()?;
                self.recloned = true;
                self.try_start(exists)?
            }
            Err(e) => return Err(e),
        };
        Ok(GitReport {
            recloned: self.recloned,
            ..report
        })
    }

    fn try_start(&mut self, exists: bool) -> Result<GitReport, GitFailure> {
        let tracking = self.tracking();
        let before = self.rev(&tracking);
        let incoming = if exists {
            self.fetch()?;
            self.must_here(&["checkout", "-q", "-f", "-B", &self.branch, &tracking])?;
            self.must_here(&["reset", "-q", "--hard", &tracking])?;
            self.changed(before.as_deref(), &tracking)?
        } else {
            // An empty remote: an unborn branch with nothing in it. A clone with commits
            // belonged to a remote that was emptied (or replaced): begin again.
            if self.rev("HEAD").is_some() {
                self.remove()?;
                self.init()?;
            }
            let head = format!("refs/heads/{}", self.branch);
            self.must_here(&["symbolic-ref", "HEAD", &head])?;
            self.must_here(&["read-tree", "--empty"])?;
            Vec::new()
        };
        self.must_here(&["clean", "-q", "-ffdx"])?;
        Ok(GitReport {
            branch: self.branch.clone(),
            incoming,
            ..GitReport::default()
        })
    }

    fn tracking(&self) -> String {
        format!("refs/remotes/origin/{}", self.branch)
    }

    /// Fetches the branch's tip alone: the bundles' history is not needed, and a region's
    /// would be large.
    fn fetch(&self) -> Result<(), GitFailure> {
        let spec = format!("+refs/heads/{}:{}", self.branch, self.tracking());
        let args = ["fetch", "-q", "--depth=1", "--no-tags", "origin", &spec];
        let out = self.git(&args)?;
        if out.status.success() {
            Ok(())
        } else {
            Err(classify(self.remote, "fetch", &text(&out.stderr)))
        }
    }

    /// Fetches after a rejected push; the files that came in.
    fn fetch_again(&self) -> Result<Vec<String>, GitFailure> {
        let before = self.rev(&self.tracking());
        self.fetch()?;
        self.changed(before.as_deref(), &self.tracking())
    }

    /// The commit `name` points at.
    fn rev(&self, name: &str) -> Option<String> {
        let spec = format!("{name}^{{commit}}");
        let out = self.git(&["rev-parse", "-q", "--verify", &spec]).ok()?;
        out.status
            .success()
            .then(|| text(&out.stdout).trim().to_string())
    }

    /// Files that differ between `before` (every file when there is none) and `after`.
    fn changed(&self, before: Option<&str>, after: &str) -> Result<Vec<String>, GitFailure> {
        let out = match before {
            Some(b) => self.must_here(&["diff", "--name-only", "-z", "--no-renames", b, after])?,
            None => self.must_here(&["ls-tree", "-r", "--name-only", "-z", after])?,
        };
        Ok(text(&out.stdout)
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect())
    }

    /// Commits everything the work changed; the new commit, or `None` when nothing changed.
    fn commit(&self) -> Result<Option<String>, GitFailure> {
        self.must_here(&["add", "-A"])?;
        let staged = self.git(&["diff", "--cached", "--quiet"])?;
        if staged.status.success() {
            return Ok(None);
        }
        let files = self.must_here(&["diff", "--cached", "--name-only", "--no-renames"])?;
        let message = format!("seedbed: {}\n\n{}", self.who, text(&files.stdout));
        let name = "Seedbed";
        let who = &self.who;
        let ident = [
            format!("user.name={name}"),
            format!("user.email={who}"),
            format!("author.name={name}"),
            format!("author.email={who}"),
            format!("committer.name={name}"),
            format!("committer.email={who}"),
        ];
        let mut args: Vec<&str> = Vec::new();
        for setting in &ident {
            args.extend(["-c", setting.as_str()]);
        }
        args.extend(["commit", "-q", "--no-verify", "-m", &message]);
        self.must_here(&args)?;
        Ok(self.rev("HEAD"))
    }

    /// Pushes the branch: `true` when the remote took it, `false` when another push came
    /// first (or held the branch's lock on the server).
    fn push(&self) -> Result<bool, GitFailure> {
        let spec = format!("HEAD:refs/heads/{}", self.branch);
        let args = ["push", "--porcelain", "--no-verify", "origin", &spec];
        let out = self.git(&args)?;
        if out.status.success() {
            return Ok(true);
        }
        match push_outcome(&text(&out.stdout)) {
            Some(PushOutcome::Rejected) => Ok(false),
            Some(PushOutcome::Refused(reason)) => Err(GitFailure::Refused {
                remote: self.remote.shown.clone(),
                branch: self.branch.clone(),
                reason,
            }),
            None => Err(classify(self.remote, "push", &text(&out.stderr))),
        }
    }

    /// Puts our `commit` on the new tip; `false` when its changes collide with what came in
    /// (the clone is then the remote's tip, for the work to run again).
    fn replay(&self, commit: &str) -> Result<bool, GitFailure> {
        let tracking = self.tracking();
        self.must_here(&["reset", "-q", "--hard", &tracking])?;
        let picked = self.git(&["cherry-pick", "--no-commit", commit])?;
        if picked.status.success() {
            return Ok(true);
        }
        let unmerged = self.must_here(&["diff", "--name-only", "--diff-filter=U"])?;
        if unmerged.stdout.is_empty() {
            return Err(classify(self.remote, "cherry-pick", &text(&picked.stderr)));
        }
        self.must_here(&["reset", "-q", "--hard", &tracking])?;
        self.must_here(&["clean", "-q", "-ffdx"])?;
        Ok(false)
    }

    /// Git in the clone, hooks off (the user's global `core.hooksPath` must not run here).
    fn git(&self, args: &[&str]) -> Result<Output, GitFailure> {
        self.git_in(&self.dir, args)
    }

    fn git_in(&self, dir: &Path, args: &[&str]) -> Result<Output, GitFailure> {
        let hooks = dir.join(".git").join("seedbed-no-hooks");
        let hooks = format!("core.hooksPath={}", hooks.display());
        let mut all = vec!["-c", hooks.as_str()];
        all.extend_from_slice(args);
        self.git.run(dir, self.remote, &all)
    }

    fn must_here(&self, args: &[&str]) -> Result<Output, GitFailure> {
        self.must(&self.dir, args)
    }

    /// Runs a local git command that must succeed.
    fn must(&self, dir: &Path, args: &[&str]) -> Result<Output, GitFailure> {
        let out = self.git_in(dir, args)?;
        if out.status.success() {
            Ok(out)
        } else {
            Err(GitFailure::Failed {
                remote: self.remote.shown.clone(),
                command: command_name(args),
                detail: last_words(&text(&out.stderr)),
            })
        }
    }
}

/// `who` as the e-mail part of a git identity (which cannot hold `<`, `>` or line breaks).
fn ident(who: &str) -> String {
    let clean: String = who
        .chars()
        .filter(|c| !matches!(c, '<' | '>') && !c.is_control())
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "seedbed".into()
    } else {
        clean.to_string()
    }
}

/// How the server answered a push that failed, from `git push --porcelain`.
#[derive(Debug, PartialEq, Eq)]
enum PushOutcome {
    /// Another push came first: fetch and try again.
    Rejected,
    /// The server will not take it, however often we try.
    Refused(String),
}

fn push_outcome(porcelain: &str) -> Option<PushOutcome> {
    let line = porcelain.lines().find(|l| l.starts_with('!'))?;
    let summary = line.split('\t').nth(2).unwrap_or_default();
    if let Some(reason) = summary.strip_prefix("[remote rejected]") {
        let reason = reason.trim().trim_start_matches('(').trim_end_matches(')');
        // Two pushes at once on one server: the loser finds the branch locked.
        let raced = ["lock", "failed to update ref", "incorrect old value"]
            .iter()
            .any(|w| reason.contains(w));
        return Some(if raced {
            PushOutcome::Rejected
        } else {
            PushOutcome::Refused(reason.to_string())
        });
    }
    summary
        .starts_with("[rejected]")
        .then_some(PushOutcome::Rejected)
}

/// Sorts git's (and ssh's, curl's, a server's) words about a failed remote command.
fn classify(remote: &Remote, command: &str, stderr: &str) -> GitFailure {
    let low = stderr.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| low.contains(w));
    let shown = remote.shown.clone();
    let detail = last_words(&stderr.replace(&remote.url, &remote.shown));
    if has(&[
        "host key verification failed",
        "remote host identification has changed",
    ]) {
        GitFailure::HostKey { remote: shown }
    } else if has(&["dubious ownership"]) {
        GitFailure::Ownership { remote: shown }
    } else if has(&[
        "does not appear to be a git repository",
        "repository not found",
        "no such repository",
        "not exported",
        "returned error: 404",
        "does not exist",
    ]) {
        GitFailure::NotFound { remote: shown }
    } else if has(&[
        "permission denied",
        "authentication failed",
        "could not read username",
        "could not read password",
        "terminal prompts disabled",
        "access denied",
        "returned error: 401",
        "returned error: 403",
        "invalid username or password",
    ]) {
        GitFailure::Auth {
            remote: shown,
            detail,
        }
    } else if has(&[
        "could not resolve host",
        "name or service not known",
        "temporary failure in name resolution",
        "connection refused",
        "timed out",
        "network is unreachable",
        "no route to host",
        "unable to connect",
        "failed to connect",
        "connection reset",
        "connection closed",
    ]) {
        GitFailure::Unreachable {
            remote: shown,
            detail,
        }
    } else {
        GitFailure::Failed {
            remote: shown,
            command: command.to_string(),
            detail,
        }
    }
}

/// Git's last few meaningful lines (hints and blank lines left out).
fn last_words(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    let from = lines.len().saturating_sub(3);
    lines[from..].join(" / ")
}

/// The git subcommand of `args` (after any `-c` settings), for messages.
fn command_name<S: AsRef<OsStr>>(args: &[S]) -> String {
    let mut it = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned());
    while let Some(a) = it.next() {
        if a == "-c" {
            it.next();
        } else {
            return a;
        }
    }
    String::new()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
