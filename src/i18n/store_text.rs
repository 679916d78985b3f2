//! Words for what the store says about the file: why it cannot be opened, written or read.

use super::Lang;
use crate::store::{NotSeedbed, ReadOnly, StoreError};

/// Why a file is open read-only, in words.
pub fn read_only_reason(reason: ReadOnly, lang: Lang) -> &'static str {
    match (reason, lang) {
        (ReadOnly::Asked, Lang::Zh) => "以 --read-only 打开",
        (ReadOnly::Asked, Lang::En) => "opened with --read-only",
        (ReadOnly::FileNotWritable, Lang::Zh) => "当前用户无权写入该文件",
        (ReadOnly::FileNotWritable, Lang::En) => "this user cannot write the file",
        (ReadOnly::FolderNotWritable, Lang::Zh) => "当前用户无权写入该文件所在的文件夹",
        (ReadOnly::FolderNotWritable, Lang::En) => "this user cannot write the file's folder",
    }
}

/// The line said when a file opens read-only by itself (not asked for with `--read-only`).
pub fn opened_read_only(path: &std::path::Path, reason: ReadOnly, lang: Lang) -> String {
    let why = read_only_reason(reason, lang);
    match lang {
        Lang::Zh => format!(
            "{} 以只读方式打开（{why}）：不会写入任何内容",
            path.display()
        ),
        Lang::En => format!(
            "{} is open read-only ({why}): nothing will be written",
            path.display()
        ),
    }
}

fn not_seedbed_reason(reason: &NotSeedbed, lang: Lang) -> String {
    match (reason, lang) {
        (NotSeedbed::Empty, Lang::Zh) => "文件是空的".into(),
        (NotSeedbed::NotSqlite, Lang::Zh) => "它不是 SQLite 数据库文件".into(),
        (NotSeedbed::OtherProgram, Lang::Zh) => {
            "它是其他程序的 SQLite 数据库（未做任何修改）".into()
        }
        (NotSeedbed::Corrupt(_), Lang::Zh) => "文件已损坏".into(),
        (NotSeedbed::Unreadable(_), Lang::Zh) => "无法读取该文件（权限或磁盘错误）".into(),
        (other, Lang::En) => other.to_string(),
    }
}

/// One line for a store error, naming the file, the problem and the fix.
pub fn store_error_text(e: &StoreError, lang: Lang) -> String {
    use StoreError as S;
    if let S::Ledger(e) = e {
        return super::ledgers_text::ledger_error(e, lang);
    }
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        S::Missing(p) => format!(
            "数据库文件 {} 不存在（新建空库：seedbed init --db {0}；演示库：seedbed demo --db {0}）",
            p.display()
        ),
        S::IsDirectory(p) => format!(
            "{} 是文件夹而不是数据库文件（请指定文件，例如 --db {0}/seedbed.db）",
            p.display()
        ),
        S::NotADatabase { path, reason } => format!(
            "{} 不是苗圃数据库：{}",
            path.display(),
            not_seedbed_reason(reason, lang)
        ),
        S::Locked { path } => {
            format!("数据库 {} 正被其他程序占用，请关闭后重试", path.display())
        }
        S::Busy { path } => format!("数据库 {} 正被另一个程序写入，请稍后重试", path.display()),
        S::ReadOnly { path, reason } => format!(
            "数据库 {} 以只读方式打开（{}），不能修改",
            path.display(),
            read_only_reason(*reason, lang)
        ),
        S::TooNew { path, found, known } => format!(
            "数据库 {} 由更新版本的苗圃写入（结构版本 {found}，本程序支持到 {known}），请升级苗圃",
            path.display()
        ),
        S::NeedsUpgrade { path, found, known } => format!(
            "数据库 {} 需要升级（结构版本 {found} → {known}），但以只读方式打开；请以可写方式打开一次",
            path.display()
        ),
        S::Exists { path } => format!("{} 已存在（覆盖请加 --force）", path.display()),
        S::Create { path, source } => format!("无法创建 {}：{source}", path.display()),
        S::Backup { path, source } => format!("升级前无法备份 {}：{source}", path.display()),
        S::Sql(err) if crate::store::is_busy(err) => "数据库正被另一个程序写入，请稍后重试".into(),
        S::Sql(err) => format!("数据库错误：{err}"),
        S::Migration(err) => format!("数据库升级失败：{err}"),
        S::BadValue(v) => format!("数据库中的值无效：{v}"),
        S::Invalid(v) => v.clone(),
        S::Ledger(e) => super::ledgers_text::ledger_error(e, lang),
        S::District(e) => super::district_text::district_error(e, lang),
    }
}
