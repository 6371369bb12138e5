//! User templates (`--template PATH`): minijinja over the same context the built-in
//! flavours use. Values are raw session text; the filters `md`, `md_cell` and `jira` escape
//! them for a target, so a template decides how safe its output is.
//!
//! A template is a program from a file that may not be ours. [`render`] runs it on a budget
//! of steps ([`FUEL`]) and lets it write at most [`MAX_OUTPUT_BYTES`], so that nested loops
//! stop with the template's name and line. Neither bounds the memory: every step of
//! `{% set ns.s = ns.s ~ ns.s %}` in a loop is cheap and doubles a string, and minijinja has
//! no size limit on `~`, `join`, `indent`, `format` or `replace`, nor a way to override its
//! operators. Only the operating system can bound all of them, so the command line renders
//! a template in a child process with limits on its memory and processor time
//! (`cli/template.rs`); this function is what that child runs.

use std::io;

use serde::Serialize;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};

use super::escape::{Place, jira, md};

/// The most steps (minijinja instructions) one render may take, about a second of work. The
/// built-in layouts redone as templates over a session with hundreds of threats take tens
/// of thousands, loops over threats × decisions a few million; nested `range(100000)`
/// loops would take ten billion.
pub const FUEL: u64 = 10_000_000;

/// The most bytes one render may write: far more than any tracker accepts in a comment
/// (GitLab's limit is 1,000,000 characters), far less than would strain the memory.
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// Renders `source` (the template's text) over `context` (the export [`Context`], or the
/// same as JSON). `name` names the template in errors, including when it runs out of steps
/// ([`FUEL`]) or writes too much ([`MAX_OUTPUT_BYTES`]). Memory is not bounded here: see the
/// module's description.
///
/// [`Context`]: super::Context
pub fn render(name: &str, source: &str, context: &impl Serialize) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // The filters decide the escaping; no HTML escaping on top, whatever the file name.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    // An empty field (none) prints as nothing, not as "none".
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("md", |value: Value| md(&as_text(&value), Place::Text));
    env.add_filter("md_cell", |value: Value| md(&as_text(&value), Place::Cell));
    env.add_filter("jira", |value: Value| jira(&as_text(&value)));
    env.add_template_owned(name.to_owned(), source.to_owned())
        .map_err(|e| describe(&e))?;
    let template = env.get_template(name).map_err(|e| describe(&e))?;
    let mut out = Capped::default();
    match template.render_captured_to(context, &mut out) {
        Ok(_) => String::from_utf8(out.bytes)
            // minijinja writes whole `str`s and the cap refuses whole writes, never half.
            .map_err(|e| format!("{name}: the output is not UTF-8: {e}")),
        Err(e) if out.overflowed => Err(too_long(&at(name, &e))),
        Err(e) if e.kind() == ErrorKind::OutOfFuel => Err(format!(
            "{}: the template was stopped after {} million steps (a loop that runs too long, \
             such as nested range() loops); a template may take at most that many",
            at(name, &e),
            FUEL / 1_000_000
        )),
        Err(e) => Err(describe(&e)),
    }
}

/// The error for output past [`MAX_OUTPUT_BYTES`], from the template `at` (its name, and
/// line when known).
pub fn too_long(at: &str) -> String {
    format!(
        "{at}: the output passed {} MB, the most a template may write; it was stopped",
        MAX_OUTPUT_BYTES / (1024 * 1024)
    )
}

/// The output of a render, refused once it would pass [`MAX_OUTPUT_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.overflowed = true;
            return Err(io::Error::other("template output too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `name:line` when the error knows the line, else `name`.
fn at(name: &str, e: &minijinja::Error) -> String {
    match e.line() {
        Some(line) => format!("{name}:{line}"),
        None => name.to_owned(),
    }
}

/// A value as text for escaping: nothing for none.
fn as_text(value: &Value) -> String {
    if value.is_none() || value.is_undefined() {
        String::new()
    } else if let Some(s) = value.as_str() {
        s.to_owned()
    } else {
        value.to_string()
    }
}

fn describe(e: &minijinja::Error) -> String {
    match (e.name(), e.line()) {
        (Some(name), Some(line)) => format!(
            "{name}:{line}: {}",
            e.detail().unwrap_or(&e.kind().to_string())
        ),
        _ => e.to_string(),
    }
}
