//! User templates (`--template PATH`): minijinja over the same context the built-in
//! flavours use. Values are raw session text; the filters `md`, `md_cell` and `jira` escape
//! them for a target, so a template decides how safe its output is.

use minijinja::{Environment, UndefinedBehavior};

use super::context::Context;
use super::escape::{Place, jira, md};

/// Renders `source` (the template's text) over `context`. `name` names the template in
/// errors.
pub fn render(name: &str, source: &str, context: &Context) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("md", |value: String| md(&value, Place::Text));
    env.add_filter("md_cell", |value: String| md(&value, Place::Cell));
    env.add_filter("jira", |value: String| jira(&value));
    env.add_template_owned(name.to_owned(), source.to_owned())
        .map_err(|e| describe(&e))?;
    let template = env.get_template(name).map_err(|e| describe(&e))?;
    template.render(context).map_err(|e| describe(&e))
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
