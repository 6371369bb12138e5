//! User templates (`--template PATH`): minijinja over the same context the built-in
//! flavours use. Values are raw session text; the filters `md`, `md_cell` and `jira` escape
//! them for a target, so a template decides how safe its output is.

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::context::Context;
use super::escape::{Place, jira, md};

/// Renders `source` (the template's text) over `context`. `name` names the template in
/// errors.
pub fn render(name: &str, source: &str, context: &Context) -> Result<String, String> {
    let mut env = Environment::new();
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
    template.render(context).map_err(|e| describe(&e))
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
