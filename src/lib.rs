//! threatbench: a terminal workbench for threat modeling.
//!
//! The library holds everything but the terminal front end's event loop: the session
//! [`model`], the [`store`] that never loses data, the embedded [`assets`] and the [`cli`]
//! commands. The binary is a thin shell over [`cli::run`].

pub mod assets;
pub mod cli;
pub mod model;
pub mod store;
pub mod text;
