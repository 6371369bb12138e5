//! threatbench: a terminal workbench for threat modeling.
//!
//! The session [`model`] (no terminal code), the [`store`] that never loses data, the
//! embedded [`assets`], the workbench's state machine ([`app`]) and its pure rendering
//! ([`ui`]), the terminal runtime that performs effects ([`tui`]), and the [`cli`]. The
//! binary is a thin shell over [`cli::run`].

pub mod app;
pub mod assets;
pub mod cli;
pub mod clipboard;
pub mod export;
pub mod layout;
pub mod model;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
