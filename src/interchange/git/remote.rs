//! Remotes as git reads them, and git's answers as Seedbed sorts them.

use super::{DEFAULT_BRANCH, GitFailure};
use std::ffi::OsStr;
use std::path::Path;

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
pub(super) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Whether git reads `s` as a URL or an SCP-like address rather than a path: a scheme, or a
/// colon before any slash (git's own rule; `C:\…` is a Windows drive).
pub(super) fn is_url(s: &str) -> bool {
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
pub(super) struct Heads {
    branches: Vec<String>,
    head: Option<String>,
}

impl Heads {
    pub(super) fn parse(listing: &str) -> Heads {
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

    pub(super) fn has(&self, branch: &str) -> bool {
        self.branches.iter().any(|b| b == branch)
    }

    /// The branch the bundles live on: the remote's HEAD if it has commits, else `main`, else
    /// `master` (a repository made by an older git), else the first; `main` on an empty remote.
    pub(super) fn branch(&self) -> String {
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

/// How the server answered a push that failed, from `git push --porcelain`.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum PushOutcome {
    /// Another push came first: fetch and try again.
    Rejected,
    /// The server will not take it, however often we try.
    Refused(String),
}

pub(super) fn push_outcome(porcelain: &str) -> Option<PushOutcome> {
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
pub(super) fn classify(remote: &Remote, command: &str, stderr: &str) -> GitFailure {
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
    } else if (low.contains("repository '") && low.contains("' not found"))
        || has(&[
            "does not appear to be a git repository",
            "repository not found",
            "no such repository",
            "not exported",
            "returned error: 404",
            "does not exist",
        ])
    {
        GitFailure::NotFound { remote: shown }
    } else if has(&[
        "permission denied",
        "authentication failed",
        "could not read username",
        "could not read password",
        // credential.interactive=never
        "unable to get password",
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
        "operation too slow",
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
pub(super) fn last_words(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    let from = lines.len().saturating_sub(3);
    lines[from..].join(" / ")
}

/// The git subcommand of `args` (after any `-c` settings), for messages.
pub(super) fn command_name<S: AsRef<OsStr>>(args: &[S]) -> String {
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

pub(super) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::clone::ident;
    use super::*;

    fn remote(url: &str) -> Remote {
        Remote {
            url: url.into(),
            shown: url.into(),
        }
    }

    #[test]
    fn urls_and_paths_are_told_apart_as_git_does() {
        for url in [
            "git@gitea.example:bureau/seedbed.git",
            "ssh://git@gitea.example:2222/bureau/seedbed.git",
            "https://gitea.example/bureau/seedbed.git",
            "git://10.0.0.2/seedbed.git",
            "file:///media/stick/seedbed.git",
            "server:seedbed.git",
        ] {
            assert!(is_url(url), "{url}");
        }
        for path in [
            "/media/stick/seedbed.git",
            "stick.git",
            "./a:b.git",
            "C:\\stick",
            ":x",
        ] {
            assert!(!is_url(path), "{path}");
        }
    }

    #[test]
    fn passwords_in_addresses_are_hidden() {
        assert_eq!(
            redact("https://li:s3cret@gitea.example/bureau/seedbed.git"),
            "https://li:***@gitea.example/bureau/seedbed.git"
        );
        for kept in [
            "https://li@gitea.example/x.git",
            "ssh://git@gitea.example:2222/x.git",
            "git@gitea.example:x.git",
            "/media/stick/x.git",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn a_missing_local_remote_is_refused_before_git_runs() {
        let f = Remote::parse("/nonexistent/seedbed/stick.git").unwrap_err();
        assert!(
            matches!(f, GitFailure::NoPath { ref remote } if remote == "/nonexistent/seedbed/stick.git")
        );
        assert!(matches!(
            Remote::parse("  "),
            Err(GitFailure::NoPath { .. })
        ));
    }

    #[test]
    fn cache_folders_are_named_by_the_repository_and_a_stable_hash() {
        // FNV-1a of the address, worked out apart from this code.
        assert_eq!(
            remote("/media/stick/seedbed.git").cache_name(),
            "seedbed-5fd85c4796be1748"
        );
        assert_eq!(
            remote("/media/stick/seedbed.git/").cache_name(),
            "seedbed-5fd85c4796be1748"
        );
        assert_eq!(
            remote("ssh://git@gitea.example/bureau/seedbed.git").cache_name(),
            "seedbed-742c3ea11dc58b17"
        );
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn the_branch_is_the_remote_head_else_main() {
        let heads = Heads::parse(
            "ref: refs/heads/trunk\tHEAD\n1111\tHEAD\n1111\trefs/heads/trunk\n2222\trefs/heads/main\n",
        );
        assert_eq!(heads.branch(), "trunk");
        // A bare repository made by `git init --bare` points HEAD at an unborn master.
        let unborn = Heads::parse("ref: refs/heads/master\tHEAD\n2222\trefs/heads/main\n");
        assert_eq!(unborn.branch(), "main");
        assert_eq!(Heads::parse("").branch(), "main");
        assert_eq!(Heads::parse("1\trefs/heads/master\n").branch(), "master");
        assert_eq!(
            Heads::parse("1\trefs/heads/dev\n2\trefs/heads/alpha\n3\trefs/tags/v1\n").branch(),
            "alpha"
        );
    }

    #[test]
    fn a_push_another_file_beat_is_told_from_a_refusal() {
        let beaten =
            "To /tmp/r.git\n!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)\nDone\n";
        assert_eq!(push_outcome(beaten), Some(PushOutcome::Rejected));
        let locked = "!\tHEAD:refs/heads/main\t[remote rejected] (failed to update ref)\n";
        assert_eq!(push_outcome(locked), Some(PushOutcome::Rejected));
        let hook = "!\tHEAD:refs/heads/main\t[remote rejected] (pre-receive hook declined)\n";
        assert_eq!(
            push_outcome(hook),
            Some(PushOutcome::Refused("pre-receive hook declined".into()))
        );
        assert_eq!(
            push_outcome("=\tHEAD:refs/heads/main\t[up to date]\nDone\n"),
            None
        );
    }

    #[test]
    fn what_git_ssh_and_servers_say_is_sorted() {
        let r = remote("ssh://git@gitea.example/bureau/seedbed.git");
        let kind = |stderr: &str| match classify(&r, "fetch", stderr) {
            GitFailure::HostKey { .. } => "host key",
            GitFailure::Ownership { .. } => "ownership",
            GitFailure::NotFound { .. } => "not found",
            GitFailure::Auth { .. } => "auth",
            GitFailure::Unreachable { .. } => "unreachable",
            GitFailure::Failed { .. } => "failed",
            _ => "other",
        };
        let cases = [
            (
                "git@gitea.example: Permission denied (publickey).\r\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n",
                "auth",
            ),
            (
                "fatal: could not read Username for 'https://gitea.example': terminal prompts disabled\n",
                "auth",
            ),
            ("fatal: unable to get password from user\n", "auth"),
            (
                "error: RPC failed; curl 28 Operation too slow. Less than 1 bytes/sec transferred the last 120 seconds\n",
                "unreachable",
            ),
            (
                "remote: Unauthorized\nfatal: Authentication failed for 'https://gitea.example/bureau/seedbed.git/'\n",
                "auth",
            ),
            (
                "Host key verification failed.\r\nfatal: Could not read from remote repository.\n",
                "host key",
            ),
            (
                "ssh: Could not resolve hostname gitea.example: Name or service not known\r\nfatal: Could not read from remote repository.\n",
                "unreachable",
            ),
            (
                "fatal: unable to access 'https://gitea.example/x.git/': Could not resolve host: gitea.example\n",
                "unreachable",
            ),
            (
                "fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused\n",
                "unreachable",
            ),
            (
                "remote: Not found.\nfatal: repository 'https://gitea.example/x.git/' not found\n",
                "not found",
            ),
            (
                "fatal: remote error: access denied or repository not exported: /nope.git\n",
                "not found",
            ),
            (
                "Forgejo: The repository you are trying to reach either does not exist or you do not have access.\nfatal: Could not read from remote repository.\n",
                "not found",
            ),
            (
                "fatal: '/media/stick/x.git' does not appear to be a git repository\n",
                "not found",
            ),
            (
                "fatal: detected dubious ownership in repository at '/media/stick/x.git'\n",
                "ownership",
            ),
            ("fatal: protocol error: bad pack header\n", "failed"),
        ];
        for (stderr, expected) in cases {
            assert_eq!(kind(stderr), expected, "{stderr}");
        }
    }

    #[test]
    fn failures_keep_gits_last_words_without_the_password() {
        let r = Remote {
            url: "https://li:s3cret@gitea.example/x.git".into(),
            shown: "https://li:***@gitea.example/x.git".into(),
        };
        let f = classify(
            &r,
            "push",
            "hint: a hint\nerror: one\n\nerror: two https://li:s3cret@gitea.example/x.git\nerror: three\nfatal: four\n",
        );
        match f {
            GitFailure::Failed {
                remote,
                command,
                detail,
            } => {
                assert_eq!(remote, "https://li:***@gitea.example/x.git");
                assert_eq!(command, "push");
                assert_eq!(
                    detail,
                    "error: two https://li:***@gitea.example/x.git / error: three / fatal: four"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_committer_address_holds_no_angle_brackets_or_breaks() {
        assert_eq!(ident("Li Na <li@example.org>\n"), "Li Na li@example.org");
        assert_eq!(ident("01JDXK7Q"), "01JDXK7Q");
        assert_eq!(ident(" <> "), "seedbed");
    }

    #[test]
    fn the_subcommand_is_named_after_the_settings() {
        assert_eq!(
            command_name(&["-c", "a=b", "-c", "c=d", "fetch", "-q"]),
            "fetch"
        );
        assert_eq!(command_name::<&str>(&[]), "");
    }
}
