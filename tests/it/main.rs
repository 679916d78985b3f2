//! The one integration-test binary: CLI, store, import/export and whole-app flows.
//! Every test uses a fixed `today` (2026-11-21) and real SQLite files in temporary directories.

mod asof;
mod backups;
mod bad_input;
mod bureau;
mod charts;
mod cli;
mod common;
mod config;
mod crash;
mod districts;
mod edit;
mod fieldwork;
mod figures;
mod git;
mod history;
mod interchange;
mod itinerary;
mod keys;
mod ledgers;
mod listview;
mod people;
mod review;
mod roundtrip;
mod start;
mod store;
mod sync;
mod trust;
mod tui;
mod views;
mod words;
