//! threatbench: a terminal workbench for threat modeling.
//!
//! The session [`model`] (no terminal code), the [`store`] that never loses data, the
//! embedded [`assets`], the workbench's state machine ([`app`]) and its pure rendering
//! ([`ui`]), the terminal runtime that performs effects ([`tui`]), and the [`cli`]. The
//! binary is a thin shell over [`cli::run`].

#![warn(missing_docs)]
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::dbg_macro,
    clippy::todo
)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod alongside;
pub mod app;
pub mod assets;
pub mod check;
// Printing is the command line's job, and nobody else's: the TUI would be torn by it.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod cli;
pub mod clipboard;
pub mod diff;
pub mod export;
pub mod git;
pub mod html;
pub mod import;
pub mod layout;
pub mod merge;
pub mod model;
pub mod register;
pub mod report;
pub mod revision;
pub mod store;
pub mod table;
pub mod text;
pub mod tui;
pub mod ui;
pub mod wrap;
