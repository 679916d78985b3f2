//! Words of sync through Git (`interchange::git`, `seedbed sync --git`): why git could not
//! sync, and what a sync did. Git's own words (English) are shown in English only.

use super::Lang;
use crate::interchange::git::{GitFailure, GitReport};

/// Why a sync through Git stopped, with what to do about it.
pub fn failure(f: &GitFailure, lang: Lang) -> String {
    use GitFailure as F;
    match f {
        F::Missing => missing(lang),
        F::NoPath { remote } => no_path(&quoted(remote), lang),
        F::NotFound { remote } => not_found(&quoted(remote), lang),
        F::Auth { remote, detail } => auth(&quoted(remote), detail, lang),
        F::HostKey { remote } => host_key(&quoted(remote), lang),
        F::Ownership { remote } => ownership(&quoted(remote), lang),
        F::Unreachable { remote, detail } => match lang {
            Lang::Zh => format!("无法连接 {}：请检查网络、地址和端口后重试", quoted(remote)),
            Lang::En => format!(
                "cannot reach {} ({detail}): check the network, the address and the port, then try again",
                quoted(remote)
            ),
        },
        F::Refused {
            remote,
            branch,
            reason,
        } => refused(&quoted(remote), branch, reason, lang),
        F::Contended { remote, tries } => match lang {
            Lang::Zh => format!(
                "其他文件一直抢先推送到 {}，重试 {tries} 次仍未成功：请稍后再同步",
                quoted(remote)
            ),
            Lang::En => format!(
                "other files kept pushing to {} first; gave up after {tries} tries: sync again in a moment",
                quoted(remote)
            ),
        },
        F::Cache { path, source } => {
            let path = quoted(&path.display().to_string());
            match lang {
                Lang::Zh => format!(
                    "无法使用同步缓存文件夹 {path}（{}）：请检查磁盘空间和权限；也可以删除这个文件夹，下次同步会重新建立",
                    super::input_text::io_reason(source, lang)
                ),
                Lang::En => format!(
                    "cannot use the sync cache folder {path} ({source}): check the disk space and permissions; deleting the folder is safe, the next sync makes it again"
                ),
            }
        }
        F::Failed {
            remote,
            command,
            detail,
        } => failed(remote, command, detail, lang),
    }
}

fn missing(lang: Lang) -> String {
    match lang {
        Lang::Zh => "未找到 git 程序：用 --git 同步需要先安装 git（Linux 上运行 sudo apt install git 或 sudo dnf install git；Windows 和 macOS 从 git-scm.com 下载安装），或改用文件夹同步：seedbed sync 文件夹".into(),
        Lang::En => "git is not installed (or not on PATH): sync with --git needs it. Install git (Linux: sudo apt install git or sudo dnf install git; Windows and macOS: git-scm.com), or sync through a folder with seedbed sync DIR".into(),
    }
}

fn no_path(remote: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{remote} 不存在：请插好 U 盘或连上共享文件夹；第一次使用时先建立仓库：git init --bare --initial-branch=main {remote}"
        ),
        Lang::En => format!(
            "{remote} does not exist: plug in the stick or connect the shared folder; to start a new one, create it with git init --bare --initial-branch=main {remote}"
        ),
    }
}

fn not_found(remote: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{remote} 处没有 Git 仓库，或本账户无权查看：请核对地址；在 Gitea / Forgejo 上请先建好仓库（空仓库即可）"
        ),
        Lang::En => format!(
            "no Git repository at {remote}, or this account may not see it: check the address; on Gitea or Forgejo create the repository first (an empty one will do)"
        ),
    }
}

fn auth(remote: &str, detail: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{remote} 拒绝了本机的身份：SSH 地址请把本机的公钥（~/.ssh/id_ed25519.pub）添加到服务器上的账户；HTTPS 地址请先在终端运行一次 git ls-remote {remote}，登录并保存凭据"
        ),
        Lang::En => format!(
            "{remote} refused who we are ({detail}): for an SSH address add this computer's public key (~/.ssh/id_ed25519.pub) to your account on the server; for HTTPS run git ls-remote {remote} once in a terminal to sign in and save the credentials"
        ),
    }
}

fn host_key(remote: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "无法确认 {remote} 所在服务器的身份（SSH 主机密钥未知或已改变）：请先在终端用 ssh 连接一次这台服务器，核对并接受主机密钥；如果密钥已改变，请先向服务器管理员核实"
        ),
        Lang::En => format!(
            "cannot verify the server of {remote} (its SSH host key is unknown or has changed): connect to it once with ssh in a terminal to check and accept the key; if the key changed, ask the server's administrator first"
        ),
    }
}

fn ownership(remote: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{remote} 属于本机的另一个用户，git 出于安全拒绝使用：如果信任它，运行 git config --global --add safe.directory {remote}"
        ),
        Lang::En => format!(
            "{remote} belongs to another user of this computer and git refuses it for safety: if you trust it, run git config --global --add safe.directory {remote}"
        ),
    }
}

fn refused(remote: &str, branch: &str, reason: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{remote} 拒绝接收推送：请确认本账户对该仓库有写权限，且分支 {branch} 未被保护（加 --lang en 可查看服务器的原话）"
        ),
        Lang::En => format!(
            "{remote} refused the push ({reason}): make sure this account may write to the repository and that branch {branch} is not protected"
        ),
    }
}

fn failed(remote: &str, command: &str, detail: &str, lang: Lang) -> String {
    let remote = quoted(remote);
    match (lang, remote.is_empty()) {
        (Lang::Zh, true) => format!("git {command} 无法运行（加 --lang en 可查看系统的原话）"),
        (Lang::Zh, false) => format!(
            "git {command} 对 {remote} 执行失败（加 --lang en 可查看 git 的原话）；同步缓存可以放心删除，下次同步会重新建立"
        ),
        (Lang::En, true) => format!("git {command} could not run: {detail}"),
        (Lang::En, false) => format!(
            "git {command} failed on {remote}: {detail}; the sync cache is safe to delete, the next sync makes it again"
        ),
    }
}

/// A path or address as a shell would take it: quoted when it holds spaces or quotes.
fn quoted(s: &str) -> String {
    if s.chars()
        .any(|c| c.is_whitespace() || matches!(c, '\'' | '"'))
    {
        format!("'{}'", s.replace('\'', r"'\''"))
    } else {
        s.to_string()
    }
}

/// What a sync through `remote` did, in one line.
pub fn report(r: &GitReport, remote: &str, lang: Lang) -> String {
    let remote = quoted(remote);
    let zh = lang == Lang::Zh;
    let mut parts = vec![match (zh, r.incoming.len()) {
        (true, 0) => "远端没有新的更新".to_string(),
        (true, n) => format!("收到 {n} 个文件的更新"),
        (false, 0) => "nothing new there".to_string(),
        (false, 1) => "1 file updated there".to_string(),
        (false, n) => format!("{n} files updated there"),
    }];
    parts.push(match (zh, &r.pushed) {
        (true, Some(c)) => format!("已推送 {}", short(c)),
        (true, None) => "本文件没有要推送的变化".into(),
        (false, Some(c)) => format!("pushed {}", short(c)),
        (false, None) => "nothing of this file to push".into(),
    });
    if r.created {
        parts.push(match zh {
            true => format!("在空仓库上建立了分支 {}", r.branch),
            false => format!("created branch {} on the empty repository", r.branch),
        });
    }
    if r.retries > 0 {
        parts.push(match zh {
            true => format!("因其他文件抢先推送重试了 {} 次", r.retries),
            false if r.retries == 1 => "tried again once after another file pushed first".into(),
            false => format!("tried again {} times after others pushed first", r.retries),
        });
    }
    if !r.late.is_empty() {
        parts.push(match zh {
            true => format!("同步期间又有 {} 个文件更新，下次同步时导入", r.late.len()),
            false => format!(
                "{} more arrived during the sync (the next sync takes them)",
                r.late.len()
            ),
        });
    }
    if r.recloned {
        parts.push(match zh {
            true => "同步缓存已损坏，已重新建立".to_string(),
            false => "the sync cache was damaged and was made again".to_string(),
        });
    }
    match zh {
        true => format!("已通过 {remote} 同步：{}", parts.join("；")),
        false => format!("synced through {remote}: {}", parts.join("; ")),
    }
}

/// A commit's first seven hex digits, as git shows it.
fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn every_failure() -> Vec<GitFailure> {
        let remote = || "ssh://git@gitea.example/bureau/seedbed.git".to_string();
        let detail = || "Permission denied (publickey)".to_string();
        vec![
            GitFailure::Missing,
            GitFailure::NoPath { remote: remote() },
            GitFailure::NotFound { remote: remote() },
            GitFailure::Auth {
                remote: remote(),
                detail: detail(),
            },
            GitFailure::HostKey { remote: remote() },
            GitFailure::Unreachable {
                remote: remote(),
                detail: detail(),
            },
            GitFailure::Ownership { remote: remote() },
            GitFailure::Refused {
                remote: remote(),
                branch: "main".into(),
                reason: detail(),
            },
            GitFailure::Contended {
                remote: remote(),
                tries: 6,
            },
            GitFailure::Cache {
                path: PathBuf::from("/home/li/.cache/seedbed/git"),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
            GitFailure::Failed {
                remote: remote(),
                command: "fetch".into(),
                detail: detail(),
            },
        ]
    }

    fn is_cjk(c: char) -> bool {
        matches!(c, '\u{3000}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
    }

    #[test]
    fn every_failure_has_both_languages_and_git_words_only_in_english() {
        for f in every_failure() {
            let (zh, en) = (failure(&f, Lang::Zh), failure(&f, Lang::En));
            assert!(zh.chars().any(is_cjk), "{f:?}: {zh}");
            assert!(!en.chars().any(is_cjk), "{f:?}: {en}");
            assert!(!zh.contains("Permission denied"), "{f:?}: {zh}");
        }
    }

    #[test]
    fn failures_say_what_to_do() {
        let f = GitFailure::NoPath {
            remote: "/media/li/U 盘/seedbed.git".into(),
        };
        assert_eq!(
            failure(&f, Lang::Zh),
            "'/media/li/U 盘/seedbed.git' 不存在：请插好 U 盘或连上共享文件夹；第一次使用时先建立仓库：git init --bare --initial-branch=main '/media/li/U 盘/seedbed.git'"
        );
        let f = GitFailure::Auth {
            remote: "https://li:***@gitea.example/bureau/seedbed.git".into(),
            detail: "Authentication failed".into(),
        };
        assert_eq!(
            failure(&f, Lang::En),
            "https://li:***@gitea.example/bureau/seedbed.git refused who we are (Authentication failed): for an SSH address add this computer's public key (~/.ssh/id_ed25519.pub) to your account on the server; for HTTPS run git ls-remote https://li:***@gitea.example/bureau/seedbed.git once in a terminal to sign in and save the credentials"
        );
        let f = GitFailure::Cache {
            path: PathBuf::from("/c/git"),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        assert_eq!(
            failure(&f, Lang::Zh),
            "无法使用同步缓存文件夹 /c/git（磁盘空间不足）：请检查磁盘空间和权限；也可以删除这个文件夹，下次同步会重新建立"
        );
    }

    #[test]
    fn a_report_in_one_line() {
        let r = GitReport {
            branch: "main".into(),
            incoming: vec!["a.bundle".into(), "b.bundle".into()],
            late: vec!["c.bundle".into()],
            pushed: Some("6cc03855dc9fb6ca76e2314e713b4556f1218d04".into()),
            created: false,
            retries: 1,
            reruns: 0,
            recloned: false,
        };
        assert_eq!(
            report(&r, "/media/stick/seedbed.git", Lang::Zh),
            "已通过 /media/stick/seedbed.git 同步：收到 2 个文件的更新；已推送 6cc0385；因其他文件抢先推送重试了 1 次；同步期间又有 1 个文件更新，下次同步时导入"
        );
        let quiet = GitReport {
            branch: "main".into(),
            ..GitReport::default()
        };
        assert_eq!(
            report(&quiet, "git://10.0.0.2/seedbed.git", Lang::En),
            "synced through git://10.0.0.2/seedbed.git: nothing new there; nothing of this file to push"
        );
    }
}
