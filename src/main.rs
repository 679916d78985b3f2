//! The `seedbed` binary: parse the command line, dispatch, map errors to exit codes.

use clap::Parser;
use seedbed::cli::{self, Cli};
use seedbed::i18n::{Lang, error_text};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: an import of 100,000 rows makes and frees millions
/// of small strings, and glibc's allocator spent about a fifth of the time on them. It also
/// replaces `malloc` for the bundled SQLite (the crate's `override` feature): a bulk import's
/// page cache and bound values then reuse memory the rows were checked in (about 4 % faster),
/// and the TUI's page cache, a sixth larger per page in mimalloc's size classes, is 5 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Every file this process creates (the database, its WAL, backups, exports) is private.
    seedbed::store::private::restrict_umask();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout as clap writes them.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // A usage error: its first line says what is wrong.
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            eprintln!("seedbed: {}", first.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    let lang = cli.lang.unwrap_or_else(Lang::from_locale);

    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => seedbed::tui::start(&cli),
    }
    // Another program held the write lock longer than the wait: one line naming the file.
    .map_err(|e| cli::name_busy_file(e, &cli));
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        // A closed pipe (`seedbed certs --ready | head`): the reader has all it wants.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let db = cli.context(cli::output::Format::Table).ok().map(|c| c.db);
            let e = cli::backup::with_restore_hint(e, db.as_deref());
            eprintln!("seedbed: error: {}", error_text(&e, lang));
            ExitCode::from(2)
        }
    }
}
