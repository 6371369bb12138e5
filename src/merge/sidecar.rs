//! The conflict file: `<session>.conflicts.md` beside the session, listing each field both
//! sides changed differently with the base, our and their value, so that the user can
//! resolve it; their value lives nowhere else in the work tree.

use std::path::{Path, PathBuf};

use super::Merged;

/// Where the conflicts of the session at `session` are written: the same name with
/// `.conflicts.md` appended.
pub fn conflicts_path(session: &Path) -> PathBuf {
    let mut name = session.as_os_str().to_owned();
    name.push(".conflicts.md");
    PathBuf::from(name)
}

/// A value as an indented Markdown code block (text from either side is shown, never
/// interpreted), or "(none)".
fn block(value: Option<&str>) -> String {
    match value {
        None => "(none)\n".to_owned(),
        Some(text) => {
            let lines: Vec<String> = text.lines().map(|l| format!("    {l}")).collect();
            if lines.is_empty() {
                "(empty)\n".to_owned()
            } else {
                format!("\n{}\n", lines.join("\n"))
            }
        }
    }
}

/// The conflict file for `merged`, the merge of the session named `name`.
pub fn render_conflicts(name: &str, merged: &Merged) -> String {
    let mut out = format!(
        "# Merge conflicts in {name}\n\n\
         threatbench merged both sides. Where both changed the same field differently, the \
         session holds ours; theirs is kept only here. For each conflict below, make the \
         session say what you want (in the workbench or by hand), then delete this file and \
         `git add` the session.\n"
    );
    for c in &merged.conflicts {
        let title = if c.field.is_empty() {
            c.item.clone()
        } else {
            format!("{} · {}", c.item, c.field)
        };
        out.push_str(&format!(
            "\n## {title}\n\n- base: {}- ours (in the session): {}- theirs: {}",
            block(c.base.as_deref()),
            block(c.ours.as_deref()),
            block(c.theirs.as_deref()),
        ));
    }
    if !merged.notes.is_empty() {
        out.push_str("\n## What else the merge did\n\n");
        for note in &merged.notes {
            out.push_str(&format!("- {note}\n"));
        }
    }
    out
}
