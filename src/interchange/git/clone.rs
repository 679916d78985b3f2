//! The cache clone of one remote: opened or made again, brought to the remote's tip, committed,
//! pushed, replayed on a newer tip.

use super::remote::{PushOutcome, Remote, classify, command_name, last_words, push_outcome, text};
use super::{Git, GitFailure, GitReport, cache_error};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The cache clone of one remote, checked out on its branch.
pub(super) struct Checkout<'a> {
    git: Git,
    remote: &'a Remote,
    cache: PathBuf,
    pub(super) dir: PathBuf,
    branch: String,
    who: String,
    recloned: bool,
}

impl<'a> Checkout<'a> {
    /// Opens the clone under `cache`, making it (again) when it is missing or git cannot use it.
    pub(super) fn open(
        git: &'a Git,
        remote: &'a Remote,
        cache: &Path,
        branch: &str,
        who: &str,
    ) -> Result<Checkout<'a>, GitFailure> {
        let mut clone = Checkout {
            // A clone folder git cannot read must fail, not find a repository around the cache
            // (a home folder kept in git).
            git: git.clone().env("GIT_CEILING_DIRECTORIES", cache),
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
    /// objects git cannot read passes here and fails in [`Checkout::start`], which makes it again.
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
    pub(super) fn start(&mut self, exists: bool) -> Result<GitReport, GitFailure> {
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
        let out = self.git.run(&self.dir, self.remote, &args)?;
        if out.status.success() {
            Ok(())
        } else {
            Err(classify(self.remote, "fetch", &text(&out.stderr)))
        }
    }

    /// Fetches after a rejected push; the files that came in.
    pub(super) fn fetch_again(&self) -> Result<Vec<String>, GitFailure> {
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
    pub(super) fn commit(&self) -> Result<Option<String>, GitFailure> {
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
    pub(super) fn push(&self) -> Result<bool, GitFailure> {
        let spec = format!("HEAD:refs/heads/{}", self.branch);
        let args = ["push", "--porcelain", "--no-verify", "origin", &spec];
        // Without our hooks setting, which is for this clone's own commands: the hooks that
        // guard the shared repository must run (a test holds a refusing one to its word).
        let out = self.git.run(&self.dir, self.remote, &args)?;
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
    pub(super) fn replay(&self, commit: &str) -> Result<bool, GitFailure> {
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

    /// Git in the clone, hooks off (the user's global `core.hooksPath` must not run here; the
    /// commands that talk to the remote run without this).
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
pub(super) fn ident(who: &str) -> String {
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
