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

/// One value under its label: text as an indented Markdown code block (shown, never
/// interpreted), or "(none)".
fn block(label: &str, value: Option<&str>) -> String {
    match value {
        None => format!("{label}: (none)\n\n"),
        Some("") => format!("{label}: (empty)\n\n"),
        Some(text) => {
            let lines: Vec<String> = text.lines().map(|l| format!("    {l}")).collect();
            format!("{label}:\n\n{}\n\n", lines.join("\n"))
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
            "\n## {title}\n\n{}{}{}",
            block("Base", c.base.as_deref()),
            block("Ours (in the session)", c.ours.as_deref()),
            block("Theirs", c.theirs.as_deref()),
        ));
        out.pop();
    }
    if !merged.notes.is_empty() {
        out.push_str("\n## What else the merge did\n\n");
        for note in &merged.notes {
            out.push_str(&format!("- {note}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::Conflict;

    #[test]
    fn each_conflict_shows_its_three_values_as_code() {
        let merged = Merged {
            session: crate::model::Session::new(
                "x",
                crate::model::Agenda {
                    quick: false,
                    phases: Vec::new(),
                },
                chrono::DateTime::UNIX_EPOCH,
            ),
            conflicts: vec![Conflict {
                item: "T1".into(),
                field: "notes".into(),
                base: None,
                ours: Some("two\nlines".into()),
                theirs: Some("# not a heading".into()),
            }],
            renumbered: Vec::new(),
            notes: vec!["T2 was deleted on one side, but D1 refers to it: kept".into()],
        };
        let text = render_conflicts("s.ron", &merged);
        assert!(text.contains(
            "## T1 · notes\n\nBase: (none)\n\nOurs (in the session):\n\n    two\n    lines\n\n\
             Theirs:\n\n    # not a heading\n\n## What else"
        ));
        assert!(text.ends_with("refers to it: kept\n"));
    }
}
