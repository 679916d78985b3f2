//! The words of bad input (import safety): files that cannot be read, dates out of range, text
//! with control characters, `--out` targets that are not files. One line each, naming the thing
//! and the fix; a Chinese line carries no English reason (an OS or library message is replaced by
//! our own words for its kind).

use crate::domain::dates::{DateError, EARLIEST, LATEST};
use crate::domain::fields::TextError;
use crate::i18n::Lang;
use crate::i18n::interchange_text::kind_name;
use crate::interchange::FileError;
use crate::store::format_date;
use std::io::ErrorKind;

/// `1949-01-01 至 2100-12-31` / `1949-01-01 to 2100-12-31`.
fn range(lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} 至 {}", format_date(EARLIEST), format_date(LATEST)),
        Lang::En => format!("{} to {}", format_date(EARLIEST), format_date(LATEST)),
    }
}

/// Why an imported date was refused (the value is shown beside it).
pub fn date_out_of_range(lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("日期超出范围，应在 {} 之间", range(lang)),
        Lang::En => format!("date out of range; use a date from {}", range(lang)),
    }
}

/// A typed date that was refused.
pub fn date_error(e: &DateError, lang: Lang) -> String {
    match (e, lang) {
        (DateError::NotADate(t), Lang::Zh) => {
            format!("“{t}”不是日期（可写 2026-11-21、11-21、+7、今天 或 明天）")
        }
        (DateError::NotADate(t), Lang::En) => {
            format!("{t:?} is not a date (use 2026-11-21, 11-21, +7, 今天 or 明天)")
        }
        (DateError::OutOfRange(d), Lang::Zh) => format!(
            "日期 {} 超出范围，应在 {} 之间",
            format_date(*d),
            range(lang)
        ),
        (DateError::OutOfRange(d), Lang::En) => format!(
            "the date {} is out of range; use a date from {}",
            format_date(*d),
            range(lang)
        ),
    }
}

/// A command-line date flag that was refused: `--date: …`.
pub fn flag_date(flag: &str, e: &DateError, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{flag}：{}", date_error(e, lang)),
        Lang::En => format!("{flag}: {}", date_error(e, lang)),
    }
}

/// A character as shown in a message: `U+0000`.
fn code_point(code: u32) -> String {
    format!("U+{code:04X}")
}

/// Why a text value was refused.
pub fn text_error(e: &TextError, lang: Lang) -> String {
    match (e, lang) {
        (TextError::Control { position, code }, Lang::Zh) => format!(
            "第 {position} 个字符是控制字符 {}，不能出现在这里（换行和制表符只能用于备注类文字）",
            code_point(*code)
        ),
        (TextError::Control { position, code }, Lang::En) => format!(
            "character {position} is the control character {}, not allowed here (line breaks and tabs only in notes)",
            code_point(*code)
        ),
        (TextError::TooLong { max, found }, Lang::Zh) => {
            format!("名称过长：{found} 个字符，最多 {max} 个")
        }
        (TextError::TooLong { max, found }, Lang::En) => {
            format!("name too long: {found} characters, at most {max}")
        }
    }
}

/// A command-line text flag that was refused: `--notes: …`.
pub fn flag_text(flag: &str, e: &TextError, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{flag}：{}", text_error(e, lang)),
        Lang::En => format!("{flag}: {}", text_error(e, lang)),
    }
}

/// What `seedbed export` was not told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportUsage {
    /// No `--format` and no `--out` extension to take it from.
    Format,
    /// No `--kind` (the kinds' codes follow).
    Kind,
    /// An xlsx export to standard output.
    XlsxNeedsOut,
    /// `--days` below 1.
    Days,
}

/// The line `seedbed export` prints when it was not told enough.
pub fn export_usage(u: ExportUsage, kinds: &str, lang: Lang) -> String {
    match (u, lang) {
        (ExportUsage::Format, Lang::Zh) => {
            "请用 --format csv|xlsx|json|ics 指定格式（或给 --out 一个带这些扩展名的文件）".into()
        }
        (ExportUsage::Format, Lang::En) => {
            "pass --format csv|xlsx|json|ics (or an --out file with that extension)".into()
        }
        (ExportUsage::Kind, Lang::Zh) => format!("请用 --kind 指明要导出的数据：{kinds}"),
        (ExportUsage::Kind, Lang::En) => format!("pass --kind with one of: {kinds}"),
        (ExportUsage::XlsxNeedsOut, Lang::Zh) => "导出 xlsx 需要 --out 文件.xlsx".into(),
        (ExportUsage::XlsxNeedsOut, Lang::En) => "an xlsx export needs --out FILE.xlsx".into(),
        (ExportUsage::Days, Lang::Zh) => "--days 至少为 1".into(),
        (ExportUsage::Days, Lang::En) => "--days must be at least 1".into(),
    }
}

/// The lines of totals rows an import skipped.
pub fn totals_skipped(lines: &[usize], lang: Lang) -> String {
    let list: Vec<String> = lines.iter().map(usize::to_string).collect();
    match lang {
        Lang::Zh => format!(
            "已跳过表尾的合计行：第 {} 行（不是数据，未导入）",
            list.join("、")
        ),
        Lang::En => format!(
            "skipped the totals row{} at the end: line {} (not data, not imported)",
            if lines.len() == 1 { "" } else { "s" },
            list.join(", ")
        ),
    }
}

/// An I/O error's kind in words (the system's own text in English).
pub(crate) fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在".into(),
        ErrorKind::PermissionDenied => "没有权限".into(),
        ErrorKind::StorageFull => "磁盘空间不足".into(),
        ErrorKind::FileTooLarge => "文件超出系统允许的大小".into(),
        ErrorKind::ReadOnlyFilesystem => "所在磁盘只读".into(),
        ErrorKind::IsADirectory => "这是一个文件夹".into(),
        ErrorKind::NotADirectory => "路径中有一段不是文件夹".into(),
        ErrorKind::InvalidData => "内容无法识别".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误（代码 {code}）"),
            None => "系统错误".into(),
        },
    }
}

/// A file error of import or export as one line.
pub fn file_error(e: &FileError, lang: Lang) -> String {
    content_error(e, lang)
        .or_else(|| sheet_error(e, lang))
        .or_else(|| path_error(e, lang))
        .unwrap_or_else(|| e.to_string())
}

/// Errors about what the bytes of a file hold.
fn content_error(e: &FileError, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match e {
        FileError::Encoding {
            path,
            encoding,
            offset,
            line,
        } => {
            let p = path.display();
            if zh {
                format!(
                    "{p} 第 {line} 行（第 {offset} 字节）不是 {encoding} 编码；请用 --encoding 指定文件的编码（utf-8、gbk、utf-16le 或 utf-16be）"
                )
            } else {
                format!(
                    "{p}, line {line} (byte {offset}) is not {encoding} text; pass --encoding with the file's encoding (utf-8, gbk, utf-16le or utf-16be)"
                )
            }
        }
        FileError::BrokenUtf8 { path, line, offset } => {
            let p = path.display();
            if zh {
                format!(
                    "{p} 第 {line} 行（第 {offset} 字节）有损坏的 UTF-8 字符，未导入任何数据；请修复该行，若文件其实是 GBK 编码请加 --encoding gbk"
                )
            } else {
                format!(
                    "{p}, line {line} (byte {offset}) has a damaged UTF-8 character; nothing was imported. Fix that line, or pass --encoding gbk if the file is GBK"
                )
            }
        }
        FileError::Utf16WithoutBom { path, encoding } => {
            let p = path.display();
            if zh {
                format!(
                    "{p} 看起来是没有 BOM 的 UTF-16 文本；请加 --encoding {encoding}（或 --encoding utf-16be）重新导入"
                )
            } else {
                format!(
                    "{p} looks like UTF-16 text without a byte-order mark; import it with --encoding {encoding} (or --encoding utf-16be)"
                )
            }
        }
        FileError::UnclosedQuote { path, line } => {
            let p = path.display();
            if zh {
                format!(
                    "{p} 第 {line} 行的引号（\"）没有闭合，其后各行会被并进一个单元格；未导入任何数据，请补上闭合的引号或删去多余的引号"
                )
            } else {
                format!(
                    "{p}, line {line}: a quote (\") opened there is never closed, so every later row would run into one cell; nothing was imported. Close the quote or remove it"
                )
            }
        }
        FileError::Csv { path, message } => {
            let p = path.display();
            if zh {
                format!("{p} 不是能读取的 CSV 文件；请在 Excel 或 WPS 中打开后另存为 CSV 或 .xlsx")
            } else {
                format!("{p} is not a CSV file Seedbed can read: {message}")
            }
        }
        FileError::Spreadsheet { path, message } => {
            let p = path.display();
            if zh {
                format!(
                    "{p} 不是能读取的电子表格（文件已损坏，或并非 .xlsx/.xls/.ods 工作簿）；请在 Excel 或 WPS 中打开后另存为 .xlsx"
                )
            } else {
                format!(
                    "{p} is not a spreadsheet Seedbed can read ({message}); open it in Excel or WPS and save it as .xlsx"
                )
            }
        }
        _ => return None,
    })
}

/// Errors about the table a file holds.
fn sheet_error(e: &FileError, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match e {
        FileError::NoSheet {
            path,
            sheet,
            available,
        } => {
            let p = path.display();
            if zh {
                format!("{p} 中没有名为“{sheet}”的工作表（现有：{available}）；请用 --sheet 指定")
            } else {
                format!("{p} has no sheet named {sheet:?} (it has: {available}); pass --sheet")
            }
        }
        FileError::Empty { path } => {
            let p = path.display();
            if zh {
                format!("{p} 是空的，没有任何行")
            } else {
                format!("{p} is empty: it has no rows")
            }
        }
        FileError::NoDataRows { path, line } => {
            let p = path.display();
            if zh {
                format!("{p} 只有表头（第 {line} 行），没有数据行；未导入任何数据")
            } else {
                format!("{p} has a header row (line {line}) but no data rows; nothing was imported")
            }
        }
        FileError::UnknownKind {
            path,
            headers,
            kinds,
        } => {
            let p = path.display();
            if zh {
                format!("无法从表头（{headers}）判断 {p} 的数据类型；请用 --kind 指明：{kinds}")
            } else {
                format!(
                    "cannot tell what {p} holds from its headers ({headers}); pass --kind with one of: {kinds}"
                )
            }
        }
        // round trip
        FileError::ExportOnly { path, kind } => {
            let p = path.display();
            let what = kind_name(*kind, lang);
            if zh {
                format!("{p} 是{what}数据：{what}由 Seedbed 计算得出，只能导出，不能导入")
            } else {
                format!(
                    "{p} holds {what}, which Seedbed computes: they can be exported, not imported"
                )
            }
        }
        FileError::Json { path, message } => {
            let p = path.display();
            if zh {
                format!("{p} 不是 seedbed export 写出的 JSON（对象数组）：{message}")
            } else {
                format!(
                    "{p} is not JSON as `seedbed export` writes it (an array of objects): {message}"
                )
            }
        }
        FileError::MissingColumns {
            path,
            kind,
            columns,
        } => {
            let p = path.display();
            let what = kind_name(*kind, lang);
            if zh {
                format!(
                    "{p} 看起来是{what}数据，但缺少必需的列：{}；请补上该列（或用 --kind 指明数据类型）",
                    columns.join("、")
                )
            } else {
                format!(
                    "{p} looks like {what} but lacks the required column{} {}; add {} (or pass --kind)",
                    if columns.len() == 1 { "" } else { "s" },
                    columns.join(", "),
                    if columns.len() == 1 { "it" } else { "them" }
                )
            }
        }
        _ => return None,
    })
}

/// Errors about the path itself: reading, writing, what is there.
fn path_error(e: &FileError, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match e {
        FileError::Read { path, source } => {
            let p = path.display();
            let why = io_reason(source, lang);
            if zh {
                format!("无法读取 {p}：{why}")
            } else {
                format!("cannot read {p}: {why}")
            }
        }
        FileError::Write { path, source } => {
            let p = path.display();
            let why = io_reason(source, lang);
            if zh {
                format!("无法写入 {p}：{why}（未留下任何文件）")
            } else {
                format!("cannot write {p}: {why} (nothing was left behind)")
            }
        }
        FileError::UnknownFormat { path } => {
            let p = path.display();
            if zh {
                format!(
                    "{p}：无法识别的文件类型；导入请用 .csv、.txt、.xlsx、.xls 或 .ods（导出另可用 .json、.ics、.md）"
                )
            } else {
                format!(
                    "{p}: unknown file type; use .csv, .txt, .xlsx, .xls or .ods (or .json, .ics and .md for output)"
                )
            }
        }
        FileError::Xlsx { path, message } => {
            let p = path.display();
            if zh {
                format!("无法生成电子表格 {p}")
            } else {
                format!("cannot write spreadsheet {p}: {message}")
            }
        }
        FileError::NotFound { path } => {
            let p = path.display();
            if zh {
                format!("{p} 不存在；请检查文件路径")
            } else {
                format!("{p} does not exist; check the path")
            }
        }
        FileError::IsDirectory { path } => {
            let p = path.display();
            if zh {
                format!("{p} 是一个文件夹；请指定其中要导入的 .csv 或 .xlsx 文件")
            } else {
                format!("{p} is a directory; name the .csv or .xlsx file in it to import")
            }
        }
        FileError::NotRegular { path } => {
            let p = path.display();
            if zh {
                format!("{p} 不是普通文件（是设备或管道）；请指定要导入的 .csv 或 .xlsx 文件")
            } else {
                format!("{p} is not a regular file (a device or a pipe); name a .csv or .xlsx file")
            }
        }
        FileError::OutTarget { path, directory } => {
            let p = path.display();
            match (zh, directory) {
                (true, true) => format!("--out {p} 是一个文件夹；请给出文件路径，如 {p}/导出.csv"),
                (true, false) => {
                    format!(
                        "--out {p} 不是普通文件（是设备或管道），不会写入；请给出普通文件或新文件的路径"
                    )
                }
                (false, true) => {
                    format!("--out {p} is a directory; give a file path such as {p}/export.csv")
                }
                (false, false) => format!(
                    "--out {p} is not a regular file (a device or a pipe); nothing was written. Give a regular file or a new path"
                ),
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use time::macros::date;

    #[test]
    fn dates_out_of_range_name_the_range() {
        let e = DateError::OutOfRange(date!(0000 - 01 - 01));
        assert_eq!(
            flag_date("--date", &e, Lang::Zh),
            "--date：日期 0000-01-01 超出范围，应在 1949-01-01 至 2100-12-31 之间"
        );
        assert_eq!(
            flag_date("--date", &e, Lang::En),
            "--date: the date 0000-01-01 is out of range; use a date from 1949-01-01 to 2100-12-31"
        );
    }

    #[test]
    fn chinese_file_errors_carry_no_english_reason() {
        let path = PathBuf::from("x.xlsx");
        let e = FileError::Spreadsheet {
            path: path.clone(),
            message: "Zip error: invalid Zip archive".into(),
        };
        let zh = file_error(&e, Lang::Zh);
        assert!(!zh.contains("Zip"), "{zh}");
        let e = FileError::Write {
            path,
            source: std::io::Error::from(ErrorKind::PermissionDenied),
        };
        assert_eq!(
            file_error(&e, Lang::Zh),
            "无法写入 x.xlsx：没有权限（未留下任何文件）"
        );
    }
}
