//! Seedbed (苗圃): a keyboard-driven terminal case tracker for sci-tech commissioners.
//!
//! One local SQLite file holds a district's cultivation pool; `domain` holds the rules,
//! `store` the SQLite file, `cli` the command line, `app`/`ui` the TUI.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod index;
pub mod interchange;
pub mod keymap;
pub mod lang;
pub mod report;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
