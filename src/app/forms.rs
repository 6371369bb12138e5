//! The forms the workbench opens — new session, element, participant, one-line items,
//! threat, decision, retrospective — and which fields each one has.

use super::form::{Field, FieldKey, FieldValue, Form, FormKind, text};
use crate::model::{
    Category, Decision, DecisionDraft, DecisionKind, DecisionStatus, Element, ElementKind, Id,
    KindTag, Participant, Retrospective, Session, Threat,
};

/// The nodes a flow may connect or a boundary may hold, as (ID, "E2 Refund API").
fn node_options(session: &Session, except: Option<&Id>) -> (Vec<String>, Vec<String>) {
    session
        .elements
        .iter()
        .filter(|e| e.kind.is_node() && Some(&e.id) != except)
        .map(|e| (format!("{} {}", e.id, e.name), e.id.to_string()))
        .unzip()
}

fn kind_value(tag: KindTag) -> String {
    format!("{tag:?}")
}

impl Form {
    /// The new-session form.
    pub fn new_session() -> Self {
        let presets = ["30", "45", "60", "quick"];
        let options = vec![
            "30 minutes".to_owned(),
            "45 minutes".to_owned(),
            "60 minutes".to_owned(),
            "quick (15 minutes, solo)".to_owned(),
        ];
        Form::new(
            FormKind::NewSession,
            "New session",
            vec![
                text(
                    FieldKey::Title,
                    "Title",
                    "",
                    "what are we working on? e.g. Refund API",
                ),
                text(FieldKey::Ticket, "Ticket", "", "optional, e.g. PAY-142"),
                Field {
                    key: FieldKey::Agenda,
                    label: "Agenda",
                    value: FieldValue::Choice {
                        options,
                        values: presets.map(str::to_owned).to_vec(),
                        selected: 1,
                    },
                },
                text(
                    FieldKey::Participants,
                    "People",
                    "",
                    "optional, as Name:role separated by commas",
                ),
            ],
        )
    }

    /// The element form: adding one of kind `tag`, or editing `existing`.
    pub fn element(session: &Session, tag: KindTag, existing: Option<&Element>) -> Self {
        let title = match existing {
            Some(e) => format!("Edit {} {}", e.id, e.kind.tag().label()),
            None => format!("Add {}", tag.label()),
        };
        let mut form = Form::new(
            FormKind::Element(existing.map(|e| e.id.clone())),
            title,
            Vec::new(),
        );
        form.fields = element_fields(session, tag, existing, None);
        // The kind comes from the group the cursor is on; start on the name (Shift-Tab
        // reaches the kind).
        form.focus = 1;
        form
    }

    /// Rebuilds the kind-specific fields after the kind choice changed, keeping the name
    /// and notes typed so far.
    pub fn rekind(&mut self, session: &Session) {
        // The kind of an existing element is fixed: its references depend on it.
        if matches!(self.kind, FormKind::Element(Some(_))) {
            return;
        }
        let Some(tag) = self.kind_tag() else { return };
        let keep = (self.text(FieldKey::Name), self.text(FieldKey::Notes));
        self.fields = element_fields(session, tag, None, Some(keep));
    }

    /// The element kind chosen in an element form.
    pub fn kind_tag(&self) -> Option<KindTag> {
        let value = self.choice(FieldKey::Kind)?;
        KindTag::ALL.into_iter().find(|t| kind_value(*t) == value)
    }

    /// The participant form.
    pub fn participant(index: Option<usize>, existing: Option<&Participant>) -> Self {
        let (name, role) = existing.map_or(("", ""), |p| {
            (p.name.as_str(), p.role.as_deref().unwrap_or(""))
        });
        Form::new(
            FormKind::Participant(index),
            if index.is_some() {
                "Edit participant"
            } else {
                "Add participant"
            },
            vec![
                text(FieldKey::Name, "Name", name, "e.g. Ana Lopez"),
                text(
                    FieldKey::Role,
                    "Role",
                    role,
                    "facilitator, scribe, architect, risk owner, ...",
                ),
            ],
        )
    }

    /// A one-line form: an asset, an assumption or a parking-lot item.
    pub fn line(
        kind: FormKind,
        title: &str,
        label: &'static str,
        value: &str,
        placeholder: &str,
    ) -> Self {
        Form::new(
            kind,
            title,
            vec![text(FieldKey::Text, label, value, placeholder)],
        )
    }
}

fn rating(key: FieldKey, label: &'static str, value: Option<u8>) -> Field {
    let labels = [
        "unrated",
        "1 very low",
        "2 low",
        "3 medium",
        "4 high",
        "5 very high",
    ];
    let values: Vec<String> = std::iter::once(String::new())
        .chain((1..=5).map(|n: u8| n.to_string()))
        .collect();
    Field {
        key,
        label,
        value: FieldValue::Choice {
            options: labels.map(str::to_owned).to_vec(),
            values,
            selected: value.map_or(0, usize::from).min(5),
        },
    }
}

fn choice(
    key: FieldKey,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: usize,
) -> Field {
    let (options, values) = options.into_iter().unzip();
    Field {
        key,
        label,
        value: FieldValue::Choice {
            options,
            values,
            selected,
        },
    }
}

impl Form {
    /// The threat form for a cell: a title is enough; the grammar parts and ratings are
    /// optional.
    pub fn threat(
        session: &Session,
        element: &Id,
        category: Category,
        existing: Option<&Threat>,
    ) -> Self {
        let name = session.element(element).map_or(String::new(), |e| {
            crate::text::one_line(&e.name).into_owned()
        });
        let title = match existing {
            Some(t) => format!("Edit {} · {element} {name} · {category}", t.id),
            None => format!("New threat · {element} {name} · {category}"),
        };
        let t = existing.cloned();
        let g = t.as_ref().map(|t| t.grammar.clone()).unwrap_or_default();
        let fields = vec![
            text(
                FieldKey::Title,
                "Title",
                t.as_ref().map_or("", |t| &t.title),
                "a short title is enough, e.g. Amount altered in transit",
            ),
            text(
                FieldKey::Source,
                "Source",
                &g.source,
                "who or what acts: external attacker",
            ),
            text(
                FieldKey::Prerequisites,
                "Needing",
                &g.prerequisites,
                "what they need first: with a stolen session cookie",
            ),
            text(
                FieldKey::Action,
                "Can",
                &g.action,
                "what they do: replay a refund request",
            ),
            text(
                FieldKey::ImpactText,
                "Leading to",
                &g.impact,
                "the direct result: a second payout",
            ),
            text(
                FieldKey::ThreatAssets,
                "Harming",
                &g.assets,
                "what suffers: merchant funds",
            ),
            rating(
                FieldKey::Likelihood,
                "Likelihood",
                t.as_ref().and_then(|t| t.likelihood),
            ),
            rating(
                FieldKey::Impact,
                "Impact",
                t.as_ref().and_then(|t| t.impact),
            ),
            text(
                FieldKey::Notes,
                "Notes",
                t.as_ref().map_or("", |t| &t.notes),
                "optional; Enter for a new line",
            ),
        ];
        let mut form = Form::new(
            FormKind::Threat(t.map(|t| t.id), element.clone(), category),
            title,
            fields,
        );
        form.changed = false;
        form
    }

    /// The threat grammar as typed so far.
    pub fn grammar(&self) -> crate::model::Grammar {
        crate::model::Grammar {
            source: self.text(FieldKey::Source),
            prerequisites: self.text(FieldKey::Prerequisites),
            action: self.text(FieldKey::Action),
            impact: self.text(FieldKey::ImpactText),
            assets: self.text(FieldKey::ThreatAssets),
        }
    }

    /// A rating field's value: `None` when unrated.
    pub fn rating(&self, key: FieldKey) -> Option<u8> {
        self.choice(key).and_then(|v| v.parse().ok())
    }

    /// The decision form: editing `existing`, or a new decision answering `targets`.
    pub fn decision(
        session: &Session,
        existing: Option<&Decision>,
        targets: &[Id],
        kind: Option<DecisionKind>,
        now: super::Now,
    ) -> Self {
        let default_review = (now.wall.date_naive() + chrono::Days::new(90)).to_string();
        let kind = existing
            .map(|d| d.kind)
            .or(kind)
            .unwrap_or(DecisionKind::Mitigate);
        let answered: Vec<&Id> =
            existing.map_or_else(|| targets.iter().collect(), |d| d.threats.iter().collect());
        // One decision per threat: offer the threats no other decision answers.
        let own = existing.map(|d| &d.id);
        let taken: std::collections::HashSet<&Id> = session
            .decisions
            .iter()
            .filter(|d| Some(&d.id) != own)
            .flat_map(|d| d.threats.iter())
            .collect();
        let (options, values): (Vec<String>, Vec<String>) = session
            .threats
            .iter()
            .filter(|t| !taken.contains(&t.id))
            .map(|t| {
                (
                    format!("{} {}", t.id, crate::text::one_line(&t.title)),
                    t.id.to_string(),
                )
            })
            .unzip();
        let checked = values
            .iter()
            .map(|v| answered.iter().any(|a| a.as_str() == v))
            .collect();
        let cursor = values
            .iter()
            .position(|v| answered.first().is_some_and(|a| a.as_str() == v))
            .unwrap_or(0);
        // Taken apart field by field: a field added to decisions must get a form field too.
        let DecisionDraft {
            kind: _,
            threats: _,
            summary,
            rationale,
            owner,
            ticket,
            status,
            review_by,
        } = existing.map_or_else(|| DecisionDraft::new(kind), DecisionDraft::from);
        let review = review_by
            .map(|r| r.to_string())
            .or_else(|| (kind == DecisionKind::Accept).then(|| default_review.clone()))
            .unwrap_or_default();
        let statuses = [
            DecisionStatus::Open,
            DecisionStatus::InProgress,
            DecisionStatus::Done,
        ];
        let fields = vec![
            choice(
                FieldKey::DecisionKind,
                "Decision",
                DecisionKind::ALL
                    .iter()
                    .map(|k| (k.name().to_owned(), format!("{k:?}")))
                    .collect(),
                DecisionKind::ALL
                    .iter()
                    .position(|k| *k == kind)
                    .unwrap_or(0),
            ),
            Field {
                key: FieldKey::Threats,
                label: "Answers",
                value: FieldValue::Checklist {
                    options,
                    values,
                    checked,
                    cursor,
                },
            },
            text(
                FieldKey::Summary,
                "Summary",
                &summary,
                "what will be done, in one line",
            ),
            text(
                FieldKey::Rationale,
                "Rationale",
                &rationale,
                "why this response",
            ),
            text(
                FieldKey::Owner,
                "Owner",
                owner.as_deref().unwrap_or(""),
                "who carries it out (or owns the risk)",
            ),
            text(
                FieldKey::Ticket,
                "Ticket",
                ticket.as_deref().unwrap_or(""),
                "optional, e.g. PAY-150",
            ),
            choice(
                FieldKey::Status,
                "Status",
                statuses
                    .iter()
                    .map(|s| (s.name().to_owned(), format!("{s:?}")))
                    .collect(),
                statuses.iter().position(|s| *s == status).unwrap_or(0),
            ),
            text(
                FieldKey::ReviewBy,
                "Review by",
                &review,
                "YYYY-MM-DD; required to accept a risk",
            ),
        ];
        let title = match existing {
            Some(d) => format!("Edit decision {}", d.id),
            None => "New decision".to_owned(),
        };
        let mut form = Form::new(
            FormKind::Decision(existing.map(|d| d.id.clone())),
            title,
            fields,
        );
        form.default_review = Some(default_review);
        form.focus = 2;
        form
    }

    /// The decision kind chosen in a decision form.
    pub fn decision_kind(&self) -> DecisionKind {
        let value = self.choice(FieldKey::DecisionKind).unwrap_or_default();
        DecisionKind::ALL
            .into_iter()
            .find(|k| format!("{k:?}") == value)
            .unwrap_or(DecisionKind::Mitigate)
    }

    /// The status chosen in a decision form.
    pub fn decision_status(&self) -> DecisionStatus {
        let value = self.choice(FieldKey::Status).unwrap_or_default();
        [
            DecisionStatus::Open,
            DecisionStatus::InProgress,
            DecisionStatus::Done,
        ]
        .into_iter()
        .find(|s| format!("{s:?}") == value)
        .unwrap_or_default()
    }

    /// After the decision kind changed: an accepted risk gets the default review date when
    /// it has none.
    pub fn kind_changed(&mut self) {
        if self.decision_kind() == DecisionKind::Accept && self.text(FieldKey::ReviewBy).is_empty()
        {
            let date = self.default_review.clone().unwrap_or_default();
            if let Some(Field {
                value: FieldValue::Text { area, .. },
                ..
            }) = self.fields.iter_mut().find(|f| f.key == FieldKey::ReviewBy)
            {
                area.insert_str(date);
            }
        }
    }

    /// The retrospective form.
    pub fn retrospective(retro: &Retrospective) -> Self {
        Form::new(
            FormKind::Retrospective,
            "Retrospective",
            vec![
                text(
                    FieldKey::Worked,
                    "Worked",
                    &retro.worked,
                    "what to keep doing",
                ),
                text(
                    FieldKey::Change,
                    "To change",
                    &retro.change,
                    "what to do differently next time",
                ),
            ],
        )
    }
}

fn element_fields(
    session: &Session,
    tag: KindTag,
    existing: Option<&Element>,
    keep: Option<(String, String)>,
) -> Vec<Field> {
    let (name, notes) = keep.unwrap_or_else(|| {
        existing.map_or((String::new(), String::new()), |e| {
            (e.name.clone(), e.notes.clone())
        })
    });
    let kinds: Vec<KindTag> = if existing.is_some() {
        vec![tag]
    } else {
        KindTag::ALL.to_vec()
    };
    let mut fields = vec![
        Field {
            key: FieldKey::Kind,
            label: "Kind",
            value: FieldValue::Choice {
                options: kinds.iter().map(|k| k.label().to_owned()).collect(),
                values: kinds.iter().map(|k| kind_value(*k)).collect(),
                selected: kinds.iter().position(|k| *k == tag).unwrap_or(0),
            },
        },
        text(FieldKey::Name, "Name", &name, tag.example()),
    ];
    let own_id = existing.map(|e| &e.id);
    let kind = existing.map(|e| &e.kind);
    match tag {
        KindTag::DataStore => {
            let holds = matches!(kind, Some(ElementKind::DataStore { holds_logs: true }));
            fields.push(Field {
                key: FieldKey::HoldsLogs,
                label: "Holds logs",
                value: FieldValue::Toggle(holds),
            });
        }
        KindTag::DataFlow => {
            let (options, values) = node_options(session, own_id);
            let (from, to, data) = match kind {
                Some(ElementKind::DataFlow { from, to, data }) => {
                    (Some(from), Some(to), data.as_str())
                }
                _ => (None, None, ""),
            };
            let pick = |id: Option<&Id>, default: usize| {
                id.and_then(|id| values.iter().position(|v| v == id.as_str()))
                    .unwrap_or(default.min(values.len().saturating_sub(1)))
            };
            for (key, label, chosen) in [
                (FieldKey::From, "From", pick(from, 0)),
                (FieldKey::To, "To", pick(to, 1)),
            ] {
                fields.push(Field {
                    key,
                    label,
                    value: FieldValue::Choice {
                        options: options.clone(),
                        values: values.clone(),
                        selected: chosen,
                    },
                });
            }
            fields.push(text(
                FieldKey::Data,
                "Data",
                data,
                "what travels, e.g. order id, amount",
            ));
        }
        KindTag::TrustBoundary => {
            let (options, values) = node_options(session, own_id);
            let members: &[Id] = match kind {
                Some(ElementKind::TrustBoundary { members }) => members,
                _ => &[],
            };
            let checked = values
                .iter()
                .map(|v| members.iter().any(|m| m.as_str() == v))
                .collect();
            fields.push(Field {
                key: FieldKey::Members,
                label: "Inside",
                value: FieldValue::Checklist {
                    options,
                    values,
                    checked,
                    cursor: 0,
                },
            });
        }
        KindTag::ThirdParty => {
            let (supplier, version, purl) = match kind {
                Some(ElementKind::ThirdParty {
                    supplier,
                    version,
                    purl,
                }) => (
                    supplier.as_str(),
                    version.as_deref().unwrap_or(""),
                    purl.as_deref().unwrap_or(""),
                ),
                _ => ("", "", ""),
            };
            fields.push(text(
                FieldKey::Supplier,
                "Supplier",
                supplier,
                "who builds or runs it, e.g. Stripe",
            ));
            fields.push(text(
                FieldKey::Version,
                "Version",
                version,
                "optional, e.g. 2024-06-20",
            ));
            fields.push(text(
                FieldKey::Purl,
                "Package URL",
                purl,
                "optional, e.g. pkg:cargo/serde@1.0.219",
            ));
        }
        KindTag::ExternalEntity | KindTag::Process => {}
    }
    fields.push(text(
        FieldKey::Notes,
        "Notes",
        &notes,
        "optional; Enter for a new line",
    ));
    fields
}
