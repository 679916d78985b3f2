//! Words of backups and restore (`store::backup`, `seedbed backup`/`backups`/`restore`).

use super::Lang;
use crate::store::backup::{BackupError, BackupFile, Cause, CauseKind, Corrupt, Reason, Restored};
use std::path::Path;

/// Why a backup was taken, for the list.
pub fn reason(r: Reason, lang: Lang) -> &'static str {
    match (r, lang) {
        (Reason::Daily, Lang::Zh) => "每日备份",
        (Reason::Daily, Lang::En) => "daily",
        (Reason::Manual, Lang::Zh) => "手动备份",
        (Reason::Manual, Lang::En) => "manual",
        (Reason::BeforeImport, Lang::Zh) => "导入前",
        (Reason::BeforeImport, Lang::En) => "before import",
        (Reason::BeforeUpgrade, Lang::Zh) => "升级前",
        (Reason::BeforeUpgrade, Lang::En) => "before upgrade",
        (Reason::BeforeRestore, Lang::Zh) => "恢复前",
        (Reason::BeforeRestore, Lang::En) => "before restore",
        (Reason::Damaged, Lang::Zh) => "已损坏（已移出）",
        (Reason::Damaged, Lang::En) => "damaged, moved aside",
    }
}

/// A size in bytes as `812 KB`, `12.3 MB`, `1.24 GB`.
pub fn size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB * KB {
        format!("{:.0} KB", (b / KB).ceil())
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.2} GB", b / KB / KB / KB)
    }
}

/// One line of `seedbed backups`: time, size, why, path.
pub fn list_line(b: &BackupFile, lang: Lang) -> String {
    format!(
        "{} {:02}:{:02}:{:02}  {:>9}  {}  {}",
        crate::store::format_date(b.taken.date()),
        b.taken.hour(),
        b.taken.minute(),
        b.taken.second(),
        size(b.bytes),
        pad(reason(b.reason, lang), 14),
        b.path.display()
    )
}

/// `s` padded with spaces to `cols` columns (never cut: the words are short).
fn pad(s: &str, cols: usize) -> String {
    let fill = cols.saturating_sub(crate::text::width(s));
    format!("{s}{}", " ".repeat(fill))
}

pub fn none_yet(folder: &Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{} 中还没有备份（seedbed backup 立即备份）",
            folder.display()
        ),
        Lang::En => format!(
            "no backups in {} yet (`seedbed backup` takes one now)",
            folder.display()
        ),
    }
}

pub fn saved(path: &Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已备份到 {}", path.display()),
        Lang::En => format!("backed up to {}", path.display()),
    }
}

pub fn restored(r: &Restored, backup: &Path, db: &Path, lang: Lang) -> String {
    let head = match lang {
        Lang::Zh => format!("已用 {} 恢复 {}", backup.display(), db.display()),
        Lang::En => format!("restored {} from {}", db.display(), backup.display()),
    };
    match (&r.saved, &r.moved_aside, lang) {
        (Some(p), _, Lang::Zh) => format!("{head}；恢复前的内容已备份到 {}", p.display()),
        (Some(p), _, Lang::En) => {
            format!("{head}; what it held before is saved as {}", p.display())
        }
        (None, Some(p), Lang::Zh) => format!("{head}；无法读取的原文件已移到 {}", p.display()),
        (None, Some(p), Lang::En) => format!(
            "{head}; the file it replaced could not be read and was moved to {}",
            p.display()
        ),
        (None, None, _) => head,
    }
}

/// A warning when the automatic backup of a write command fails (the command goes on).
pub fn auto_failed(e: &BackupError, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("警告：自动备份未完成，本次修改照常保存：{}", error(e, lang)),
        Lang::En => {
            format!("warning: the automatic backup failed, the change is saved anyway: {e}")
        }
    }
}

fn cause(c: &Cause) -> String {
    match c.kind {
        CauseKind::NoSpace => "磁盘空间不足".into(),
        CauseKind::Denied => "没有权限".into(),
        CauseKind::Busy => "文件正被其他程序使用".into(),
        CauseKind::Corrupt => "文件已损坏".into(),
        CauseKind::ReadOnly => "只读".into(),
        CauseKind::Exists => "同名文件已存在".into(),
        // The system's own words are English: `--lang en` shows them.
        CauseKind::Other => "系统错误，加 --lang en 可查看详情".into(),
    }
}

/// An error of backups in the user's language.
pub fn error(e: &BackupError, lang: Lang) -> String {
    use BackupError as E;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        E::Write {
            db,
            folder,
            cause: c,
        } => format!(
            "无法在 {} 中写入 {} 的备份（{}）",
            folder.display(),
            db.display(),
            cause(c)
        ),
        E::Exists { path } => format!("{} 已存在，请换一个 --out 路径", path.display()),
        E::SameFile(p) => format!("{} 就是数据库本身，请换一个路径", p.display()),
        E::Folder { folder, .. } => {
            format!("无法读取备份文件夹 {}（没有权限？）", folder.display())
        }
        E::NotFound(p) => format!(
            "备份 {} 不存在（seedbed backups 列出全部备份）",
            p.display()
        ),
        E::NotSeedbed(p) => format!("{} 不是苗圃的备份文件，未做任何修改", p.display()),
        E::Damaged { path, .. } => format!(
            "备份 {} 已损坏（完整性检查未通过），未做任何修改；请用 seedbed backups 另选一个",
            path.display()
        ),
        E::TooNew { path, found, known } => format!(
            "备份 {} 由更新版本的苗圃写入（结构版本 {found}，本版本支持到 {known}），未做任何修改",
            path.display()
        ),
        E::Busy { db } => format!(
            "{} 一直被其他程序写入，未恢复任何内容，请稍后重试",
            db.display()
        ),
        E::Restore { db, cause: c } => format!("无法恢复 {}（{}）", db.display(), cause(c)),
        // The commands hand store errors on as they are (`cli::backup::into_anyhow`).
        E::Store(s) => s.to_string(),
    }
}

/// A damaged database file, with the backup to restore.
pub fn corrupt(c: &Corrupt, lang: Lang) -> String {
    if lang == Lang::En {
        return c.to_string();
    }
    match &c.backup {
        Some(b) => format!(
            "{} 已损坏，无法读取；恢复最近一份完好的备份：seedbed restore '{}' --db '{}'",
            c.db.display(),
            b.display(),
            c.db.display()
        ),
        None => format!(
            "{} 已损坏，无法读取，且 {} 中没有完好的备份；如有别处保存的副本，可用 seedbed restore 文件 恢复",
            c.db.display(),
            c.folder.display()
        ),
    }
}
