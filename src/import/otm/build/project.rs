//! The project, its assets and representations: the session's notes and assets.

use super::{Run, other_attributes, tags, texts};
use crate::export::otm::attr;
use crate::import::json::At;
use crate::import::otm::read::opt_text;
use crate::import::{Builder, ImportError, one_line};
use crate::model::Edit;

impl Run<'_, '_> {
    /// The project, assets and representations.
    pub(super) fn project(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
        let p = &self.file.project;
        let name = p.text("name").unwrap_or_default();
        let id = p.text("id").unwrap_or_default();
        if let Some(description) = opt_text(p, "description")? {
            b.note(p, description)?;
        }
        let mut lines = vec![format!(
            "From the Open Threat Model project \u{201c}{name}\u{201d} (ID {id})."
        )];
        if let Some(owner) = opt_text(p, "owner")? {
            let contact = opt_text(p, "ownerContact")?
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            lines.push(format!("Owner: {owner}{contact}"));
        }
        lines.extend(tags(&texts(p, "tags")));
        lines.extend(other_attributes(p, &[attr::GENERATOR]));
        b.note(p, &lines.join("\n"))?;

        let mut ratings = Vec::new();
        for asset in &self.file.assets {
            let name = asset.text("name").or(asset.text("id")).unwrap_or("asset");
            let text = match opt_text(asset, "description")? {
                Some(d) if !d.trim().is_empty() => format!("{name} \u{2014} {d}"),
                _ => name.to_owned(),
            };
            let text = one_line(&text);
            if text.is_empty() {
                continue;
            }
            b.apply(asset, Edit::AddAsset(text))?;
            *b.summary.added.entry("asset").or_default() += 1;
            if let Some(risk) = asset.get("risk") {
                let n = |key| risk.number(key).map_or("–".to_owned(), |v| v.to_string());
                let comment = risk
                    .text("comment")
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default();
                ratings.push(format!(
                    "- {name}: confidentiality {}, integrity {}, availability {}{comment}",
                    n("confidentiality"),
                    n("integrity"),
                    n("availability")
                ));
            }
        }
        if !ratings.is_empty() {
            let at = At::root(self.file.project.value);
            b.note(
                &at,
                &format!("Asset ratings in OTM (0–100):\n{}", ratings.join("\n")),
            )?;
            self.tally.asset_ratings = ratings.len();
        }
        let representations: Vec<String> = self
            .file
            .representations
            .iter()
            .map(|r| {
                let name = r.text("name").unwrap_or_default();
                let kind = r.text("type").unwrap_or_default();
                let url = r
                    .get("repository")
                    .and_then(|repo| repo.text("url"))
                    .map(|u| format!(", {u}"))
                    .unwrap_or_default();
                format!("- {name} ({kind}{url})")
            })
            .collect();
        if !representations.is_empty() {
            b.note(
                p,
                &format!("Representations in OTM:\n{}", representations.join("\n")),
            )?;
            self.tally.representations = representations.len();
        }
        Ok(())
    }
}
