//! The `seedbed` binary: parse the command line, dispatch, map errors to exit codes.

use clap::Parser;
use seedbed::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => cli::tui(&cli),
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            eprintln!("seedbed: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
