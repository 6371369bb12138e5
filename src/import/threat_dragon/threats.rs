//! Threat Dragon's threats as threatbench threats and decisions, through the builder: the
//! type under the nearest STRIDE category that applies to the element, the severity as a
//! rating, the mitigation as decisions whose status follows the threat's, and a summary of
//! it all (the words themselves are read in `mapping.rs`).

use std::collections::BTreeMap;

use super::cells::opt_text;
use super::mapping::{
    Severity, Status, Typed, UNKNOWN_TYPE, controls, severity, status, summary_of, typed,
};
use crate::import::common::nearest;
use crate::import::json::At;
use crate::import::{Builder, ImportError, one_line};
use crate::model::{
    Category, DecisionDraft, DecisionKind, DecisionStatus, Edit, ElementKind, Id, ThreatDraft,
};

/// What the import did with threats, for the summary.
#[derive(Debug, Default)]
pub(super) struct Threats {
    /// Decisions made in this import, by their summary, rationale and status: the same
    /// control for several threats is one decision answering them all.
    decisions: BTreeMap<(String, String, bool), Id>,
    other_methodology: BTreeMap<&'static str, usize>,
    unknown_type: usize,
    moved: BTreeMap<(Category, Category, &'static str), usize>,
    rated: usize,
    unrated: usize,
    unknown_severity: usize,
    mitigations: usize,
    split: usize,
    shared: usize,
    not_applicable_undecided: usize,
    not_applicable_decided: usize,
    mitigated_without_text: usize,
    other_status: usize,
}

impl Threats {
    /// Adds the threat at `at` to `element` (of `kind`), with its decisions; `extra` is a
    /// note on where it came from, when that is not the element itself.
    pub fn add(
        &mut self,
        builder: &mut Builder<'_>,
        at: &At<'_>,
        element: &Id,
        kind: &ElementKind,
        extra: Option<&str>,
    ) -> Result<(), ImportError> {
        if !at.value.is_object() {
            return Err(at.error("expected a threat (an object)"));
        }
        let title = opt_text(at, "title")?.unwrap_or_default();
        let description = opt_text(at, "description")?.unwrap_or_default();
        let type_name = opt_text(at, "type")?.unwrap_or_default().trim();
        let severity_text = opt_text(at, "severity")?.unwrap_or_default();
        let status_text = opt_text(at, "status")?.unwrap_or_default();
        let mitigation = opt_text(at, "mitigation")?.unwrap_or_default();
        let model_type = opt_text(at, "modelType")?.unwrap_or_default().trim();

        let mut notes: Vec<String> = Vec::new();
        // A description that serves whole as the title is not repeated in the notes.
        let as_title = one_line(description);
        let titled = !one_line(title).is_empty() || !summary_of(&as_title).1.is_empty();
        if !description.trim().is_empty() && titled {
            notes.push(description.trim().to_owned());
        }
        if let Some(extra) = extra {
            notes.push(extra.to_owned());
        }

        let (first, typed_note) = match typed(type_name) {
            Some(Typed {
                category,
                methodology: None,
            }) => (category, None),
            Some(Typed {
                category,
                methodology: Some(m),
            }) => {
                let m = if model_type.is_empty() { m } else { model_type };
                *self
                    .other_methodology
                    .entry(methodology_key(m))
                    .or_default() += 1;
                (
                    category,
                    Some(format!(
                        "Threat Dragon type: {type_name} ({m}), nearest STRIDE category {category}."
                    )),
                )
            }
            None => {
                self.unknown_type += 1;
                let shown = if type_name.is_empty() {
                    "none given".to_owned()
                } else {
                    format!("\"{type_name}\", not one it knows")
                };
                (
                    UNKNOWN_TYPE,
                    Some(format!(
                        "Threat Dragon type: {shown}; filed under {UNKNOWN_TYPE}."
                    )),
                )
            }
        };
        notes.extend(typed_note);
        let live = kind.live_categories();
        let category = nearest(first, live).ok_or_else(|| {
            at.error("the element has no STRIDE categories to put the threat under")
        })?;
        if category != first {
            *self
                .moved
                .entry((first, category, kind.tag().label()))
                .or_default() += 1;
            let label = kind.tag().label();
            let article = crate::model::indefinite_article(label, false);
            notes.push(format!(
                "{first} does not apply to {article} {label} in threatbench: filed under {category}."
            ));
        }

        let rating = match severity(severity_text) {
            Severity::Rated(r) => {
                self.rated += 1;
                Some(r)
            }
            Severity::Unrated => {
                self.unrated += 1;
                None
            }
            Severity::Unknown => {
                self.unknown_severity += 1;
                notes.push(format!("Threat Dragon severity: {}.", severity_text.trim()));
                None
            }
        };
        let status = status(status_text);
        let controls = controls(mitigation);
        match (&status, controls.is_empty()) {
            (Status::NotApplicable, true) => {
                self.not_applicable_undecided += 1;
                notes.push("Threat Dragon status: not applicable.".to_owned());
            }
            (Status::NotApplicable, false) => {
                self.not_applicable_decided += 1;
                notes.push(
                    "Threat Dragon status: not applicable; its mitigation text is the reason."
                        .to_owned(),
                );
            }
            (Status::Mitigated, true) => {
                self.mitigated_without_text += 1;
                notes.push("Threat Dragon status: mitigated, without saying how.".to_owned());
            }
            (Status::Other(other), _) => {
                self.other_status += 1;
                notes.push(format!("Threat Dragon status: {other}."));
            }
            _ => {}
        }
        for (key, label) in [("score", "score"), ("number", "number")] {
            match at.get(key).map(|v| v.value) {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => {
                    notes.push(format!("Threat Dragon {label}: {}.", s.trim()));
                }
                Some(serde_json::Value::Number(n)) => {
                    notes.push(format!("Threat Dragon {label}: {n}."));
                }
                _ => {}
            }
        }

        let title = [title, description]
            .into_iter()
            .map(one_line)
            .find(|t| !t.is_empty())
            .map(|t| summary_of(&t).0)
            .unwrap_or_else(|| format!("Untitled {} threat", category.name().to_lowercase()));
        let draft = ThreatDraft {
            title,
            likelihood: rating,
            impact: rating,
            notes: notes.join("\n\n"),
            ..ThreatDraft::default()
        };
        let threat = builder.threat(at, element, category, draft)?;

        if controls.len() > 1 {
            self.split += 1;
        }
        let done = status == Status::Mitigated;
        let context = match &status {
            Status::NotApplicable => {
                "Threat Dragon marks the threat not applicable and gives this as the reason."
            }
            _ => "",
        };
        let field = at.get("mitigation").unwrap_or_else(|| at.clone());
        for control in controls {
            self.mitigations += 1;
            let (summary, whole) = summary_of(&control);
            let rationale = [whole.as_str(), context]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            self.decide(builder, &field, &threat, summary, rationale, done)?;
        }
        Ok(())
    }

    /// A mitigate decision answering `threat`: a new one, or the same control made earlier
    /// in this import, now answering this threat too.
    fn decide(
        &mut self,
        builder: &mut Builder<'_>,
        at: &At<'_>,
        threat: &Id,
        summary: String,
        rationale: String,
        done: bool,
    ) -> Result<(), ImportError> {
        let key = (summary, rationale, done);
        if let Some(id) = self.decisions.get(&key) {
            let existing = builder.session().decisions.iter().find(|d| &d.id == id);
            if let Some(existing) = existing {
                let mut draft = DecisionDraft::from(existing);
                draft.threats.push(threat.clone());
                builder.apply(at, Edit::UpdateDecision(id.clone(), draft))?;
                self.shared += 1;
                return Ok(());
            }
        }
        let mut draft = DecisionDraft::new(DecisionKind::Mitigate);
        draft.threats = vec![threat.clone()];
        draft.summary = key.0.clone();
        draft.rationale = key.1.clone();
        draft.status = if done {
            DecisionStatus::Done
        } else {
            DecisionStatus::Open
        };
        let id = builder.decision(at, draft)?;
        self.decisions.insert(key, id);
        Ok(())
    }

    /// Writes what was done into the summary, one line per kind of mapping.
    pub fn report(&self, builder: &mut Builder<'_>) {
        let n = crate::text::count;
        if self.rated > 0 {
            builder.mapped(format!(
                "severity → likelihood × impact: Low 2×2, Medium 3×3, High 4×4, Critical 5×5 \
                 ({} rated)",
                n(self.rated, "threat")
            ));
        }
        if self.unrated > 0 {
            builder.mapped(format!(
                "severity TBD or none → unrated ({})",
                n(self.unrated, "threat")
            ));
        }
        if self.unknown_severity > 0 {
            builder.not_mapped(format!(
                "{} with a severity Threat Dragon does not define: unrated, the severity in the \
                 threat notes",
                n(self.unknown_severity, "threat")
            ));
        }
        if !self.other_methodology.is_empty() {
            let by: Vec<String> = self
                .other_methodology
                .iter()
                .map(|(m, c)| format!("{m} {c}"))
                .collect();
            let total = self.other_methodology.values().sum();
            builder.mapped(format!(
                "{} of other methodologies ({}) → the nearest STRIDE category, the original \
                 type in the threat notes",
                n(total, "threat"),
                by.join(", ")
            ));
        }
        if self.unknown_type > 0 {
            builder.not_mapped(format!(
                "{} with no type or one Threat Dragon does not define: filed under \
                 {UNKNOWN_TYPE} (or the nearest that applies), the type in the threat notes",
                n(self.unknown_type, "threat")
            ));
        }
        for ((from, to, kind), count) in &self.moved {
            builder.mapped(format!(
                "{from} on a {kind} does not apply → {to}, the nearest that does ({}; \
                 the original in the threat notes)",
                n(*count, "threat")
            ));
        }
        if self.mitigations > 0 {
            let mut line = format!(
                "mitigation texts → mitigate decisions, done when the threat is Mitigated, \
                 else open ({} for {} controls",
                n(self.mitigations - self.shared, "decision"),
                self.mitigations
            );
            if self.split > 0 {
                line.push_str(&format!(
                    "; {} named several controls, one decision each",
                    n(self.split, "mitigation")
                ));
            }
            if self.shared > 0 {
                line.push_str("; the same control on several threats is one decision");
            }
            line.push(')');
            builder.mapped(line);
        }
        if self.not_applicable_decided > 0 {
            builder.mapped(format!(
                "{} marked N/A with a reason → an open mitigate decision holding the reason, \
                 the status in the threat notes",
                n(self.not_applicable_decided, "threat")
            ));
        }
        if self.not_applicable_undecided > 0 {
            builder.not_mapped(format!(
                "{} marked N/A without a reason: left undecided (threatbench needs a decision \
                 with an owner and a review date to accept a risk), the status in the threat \
                 notes",
                n(self.not_applicable_undecided, "threat")
            ));
        }
        if self.mitigated_without_text > 0 {
            builder.not_mapped(format!(
                "{} marked Mitigated without a mitigation text: left undecided, the status in \
                 the threat notes",
                n(self.mitigated_without_text, "threat")
            ));
        }
        if self.other_status > 0 {
            builder.not_mapped(format!(
                "{} with a status Threat Dragon does not define: kept in the threat notes",
                n(self.other_status, "threat")
            ));
        }
    }
}

/// The methodology's name as the summary counts it.
fn methodology_key(name: &str) -> &'static str {
    match name.to_uppercase().as_str() {
        "LINDDUN" => "LINDDUN",
        "CIA" => "CIA",
        "DIE" => "DIE",
        "PLOT4AI" => "PLOT4ai",
        "LINDDUN OR PLOT4AI" => "LINDDUN or PLOT4ai",
        _ => "other",
    }
}
