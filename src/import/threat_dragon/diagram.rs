//! One Threat Dragon diagram into the session: its nodes, then its flows (with their ends
//! found), then its boundaries (with their members found by geometry), text blocks and other
//! cells into the notes, and last the threats of every cell. Where flows and curves attach
//! is found in [`ends`].

mod ends;

use std::collections::{BTreeMap, HashMap};

use super::cells::{Cell, Shape, opt_text};
use super::geometry::{Link, Point, Rect};
use super::threats::Threats;
use crate::import::json::At;
use crate::import::{Builder, ImportError};
use crate::model::{ElementDraft, ElementKind, Id, KindTag};
use crate::text::count;

/// A shape that flows start and end at, as added.
#[derive(Debug, Clone)]
struct Node {
    /// The element.
    id: Id,
    /// Its name, for flows named after their ends.
    name: String,
    /// Where it is drawn, when the file says.
    rect: Option<Rect>,
}

/// Where a threat of a cell goes.
#[derive(Debug, Clone)]
struct Home {
    /// The element.
    id: Id,
    /// Its kind, for the categories that apply.
    kind: ElementKind,
    /// A note on where the threat came from, when that is not the element itself.
    via: Option<String>,
}

/// A flow between two nodes as drawn, for the members of curves.
struct FlowLine {
    /// From its start through its bends to its end.
    line: Vec<Point>,
    /// The nodes it joins.
    link: Link,
}

/// One end of a flow, resolved.
struct Resolved {
    /// The element.
    id: Id,
    /// The node it is, for the sides of curves (not a stand-in).
    node: Option<usize>,
    /// Where the flow's line starts or ends.
    point: Option<Point>,
}

/// The import as it goes: the threats, the stand-ins for loose flow ends, and what to say
/// in the summary.
#[derive(Debug, Default)]
pub(super) struct Run {
    several: bool,
    threats: Threats,
    stand_ins: [Option<Id>; 2],
    boxes: usize,
    curves: usize,
    curves_without_points: usize,
    contradicted: usize,
    attached_by_position: usize,
    unconnected: usize,
    loops: usize,
    out_of_scope: usize,
    texts: usize,
    ai: usize,
    other_cells: BTreeMap<String, usize>,
    stray_threats: usize,
    cells: usize,
}

impl Run {
    /// A run over a model with one diagram or `several`.
    pub fn new(several: bool) -> Self {
        Run {
            several,
            ..Run::default()
        }
    }

    /// Imports one diagram.
    pub fn diagram(
        &mut self,
        builder: &mut Builder<'_>,
        diagram: &At<'_>,
    ) -> Result<(), ImportError> {
        let title = opt_text(diagram, "title")?
            .unwrap_or_default()
            .trim()
            .to_owned();
        let list = diagram.get("cells").or_else(|| {
            diagram
                .get("diagramJson")
                .and_then(|json| json.get("cells"))
        });
        let cells = match list {
            Some(list) => list
                .items()?
                .into_iter()
                .map(Cell::read)
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        self.cells += cells.len();
        if let Some(description) = opt_text(diagram, "description")? {
            builder.note(diagram, &format!("Diagram “{title}”: {description}"))?;
        }

        let mut homes: HashMap<usize, Home> = HashMap::new();
        let mut nodes: Vec<Node> = Vec::new();
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        for (i, cell) in cells.iter().enumerate() {
            let kind = match cell.shape {
                Shape::Actor => ElementKind::ExternalEntity,
                Shape::Process { ai } => {
                    self.ai += usize::from(ai);
                    ElementKind::Process
                }
                Shape::Store => ElementKind::DataStore {
                    holds_logs: cell.flag("isALog"),
                },
                _ => continue,
            };
            let name = named(cell, kind.tag())?;
            let notes = self.notes(cell, &title)?;
            let draft = ElementDraft {
                name: name.clone(),
                kind: kind.clone(),
                notes,
            };
            let id = builder.element(&cell.at, draft)?;
            if !cell.id.is_empty() {
                by_id.insert(&cell.id, nodes.len());
            }
            nodes.push(Node {
                id: id.clone(),
                name,
                rect: cell.rect(),
            });
            homes.insert(
                i,
                Home {
                    id,
                    kind,
                    via: None,
                },
            );
        }

        let mut lines: Vec<FlowLine> = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            if cell.shape != Shape::Flow {
                continue;
            }
            let from = self.end(builder, cell, 0, &nodes, &by_id)?;
            let to = self.end(builder, cell, 1, &nodes, &by_id)?;
            let given = cell.name()?;
            if from.id == to.id {
                self.loops += 1;
                let node = from.node.map(|n| nodes[n].name.clone()).unwrap_or_default();
                let flow = crate::import::one_line(&given);
                builder.note(
                    &cell.at,
                    &format!(
                        "The Threat Dragon flow “{flow}” starts and ends at “{node}”: threatbench \
                         needs two different ends, so its threats are on “{node}”. {}",
                        cell.description()?
                    ),
                )?;
                if let Some(n) = from.node {
                    let home = homes.values().find(|h| h.id == nodes[n].id).cloned();
                    if let Some(mut home) = home {
                        home.via = Some(format!("On the flow “{flow}”, from and to here."));
                        homes.insert(i, home);
                    }
                }
                continue;
            }
            let name = if given.trim().is_empty() {
                let end = |r: &Resolved| {
                    r.node
                        .map(|n| nodes[n].name.clone())
                        .unwrap_or_else(|| "?".to_owned())
                };
                format!("{} → {}", end(&from), end(&to))
            } else {
                given
            };
            let kind = ElementKind::DataFlow {
                from: from.id.clone(),
                to: to.id.clone(),
                data: String::new(),
            };
            let draft = ElementDraft {
                name,
                kind: kind.clone(),
                notes: self.notes(cell, &title)?,
            };
            let id = builder.element(&cell.at, draft)?;
            homes.insert(
                i,
                Home {
                    id,
                    kind,
                    via: None,
                },
            );
            if let (Some(start), Some(end)) = (from.point, to.point) {
                let mut line = vec![start];
                line.extend(cell.vertices());
                line.push(end);
                if let (Some(from), Some(to)) = (from.node, to.node) {
                    lines.push(FlowLine {
                        line,
                        link: Link { from, to },
                    });
                }
            }
        }

        let mut curves = self.curves(&cells, &lines);
        let mut unnamed = 0;
        for (i, cell) in cells.iter().enumerate() {
            let members: Vec<Id> = match cell.shape {
                Shape::Box => {
                    self.boxes += 1;
                    let inside = |n: &&Node| {
                        let centre = n.rect.map(|r| r.centre());
                        centre.is_some_and(|c| cell.rect().is_some_and(|b| b.contains(c)))
                    };
                    nodes.iter().filter(inside).map(|n| n.id.clone()).collect()
                }
                Shape::Curve => {
                    let members = curves.remove(&i).unwrap_or_default();
                    members.into_iter().map(|n| nodes[n].id.clone()).collect()
                }
                _ => continue,
            };
            let given = cell.name()?;
            let name = if given.trim().is_empty() {
                unnamed += 1;
                format!("Trust boundary {unnamed}")
            } else {
                given
            };
            let draft = ElementDraft {
                name,
                kind: ElementKind::TrustBoundary { members },
                notes: self.notes(cell, &title)?,
            };
            builder.element(&cell.at, draft)?;
        }

        for cell in &cells {
            let text = match &cell.shape {
                Shape::Text => {
                    self.texts += 1;
                    let text = cell.name()?;
                    let described = [text.trim(), cell.description()?.trim()]
                        .into_iter()
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n\n");
                    format!("Text on the diagram “{title}”: {described}")
                }
                Shape::Other(type_name) => {
                    *self.other_cells.entry(type_name.clone()).or_default() += 1;
                    format!(
                        "A Threat Dragon {type_name} “{}” on the diagram “{title}”: {}",
                        cell.name()?.trim(),
                        cell.description()?.trim()
                    )
                }
                _ => continue,
            };
            builder.note(&cell.at, &text)?;
        }

        for (i, cell) in cells.iter().enumerate() {
            let threats = cell.threats()?;
            match homes.get(&i) {
                Some(home) => {
                    for at in &threats {
                        let via = home.via.as_deref();
                        self.threats.add(builder, at, &home.id, &home.kind, via)?;
                    }
                }
                None => {
                    for at in &threats {
                        self.stray_threats += 1;
                        let title = opt_text(at, "title")?.unwrap_or_default().trim();
                        let description = opt_text(at, "description")?.unwrap_or_default();
                        let mitigation = opt_text(at, "mitigation")?.unwrap_or_default();
                        let mut note = format!(
                            "A threat on the Threat Dragon {} “{}”: {title}",
                            type_of(cell),
                            cell.name()?.trim()
                        );
                        for part in [description, mitigation] {
                            if !part.trim().is_empty() {
                                note.push_str("\n\n");
                                note.push_str(part.trim());
                            }
                        }
                        builder.note(at, &note)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// An element's notes: its description, whether it is out of scope and why, its
    /// properties, and its diagram when the model has several.
    fn notes(&mut self, cell: &Cell<'_>, diagram: &str) -> Result<String, ImportError> {
        let mut notes = Vec::new();
        let description = cell.description()?.trim();
        if !description.is_empty() {
            notes.push(description.to_owned());
        }
        if cell.flag("outOfScope") {
            self.out_of_scope += 1;
            let reason = opt_text(&cell.props, "reasonOutOfScope")?.unwrap_or_default();
            notes.push(if reason.trim().is_empty() {
                "Out of scope in Threat Dragon.".to_owned()
            } else {
                format!("Out of scope in Threat Dragon: {}", reason.trim())
            });
        }
        if let Shape::Process { ai: true } = cell.shape {
            notes.push(format!("Threat Dragon type: {}.", type_of(cell)));
        }
        let properties = cell.properties();
        if !properties.is_empty() {
            notes.push(format!(
                "Threat Dragon properties: {}.",
                properties.join("; ")
            ));
        }
        if self.several && !diagram.is_empty() {
            notes.push(format!("On the Threat Dragon diagram “{diagram}”."));
        }
        Ok(notes.join("\n\n"))
    }

    /// Writes what was done into the summary, one line per kind of mapping.
    pub fn report(&self, builder: &mut Builder<'_>) {
        if self.several {
            builder
                .mapped("every diagram → the one session; each element's notes name its diagram");
        }
        if self.boxes > 0 {
            builder.mapped(format!(
                "box boundaries ({}): members are the elements whose centre lies inside the box",
                self.boxes
            ));
        }
        if self.curves > 0 {
            builder.mapped(format!(
                "curve boundaries ({}): a curve has no inside; its members are the elements at \
                 the ends of the flows drawn across it (through their bends), on the side of the \
                 curve that marks fewest other flows as crossing",
                self.curves
            ));
        }
        if self.contradicted > 0 {
            builder.not_mapped(format!(
                "{} where the curve boundaries' members do not show the drawing (crossing when \
                 drawn across no curve, or the other way round): check those boundaries' members",
                count(self.contradicted, "flow")
            ));
        }
        if self.curves_without_points > 0 {
            builder.not_mapped(format!(
                "{} without both end points: kept without members",
                if self.curves_without_points == 1 {
                    "1 curve boundary".to_owned()
                } else {
                    format!("{} curve boundaries", self.curves_without_points)
                }
            ));
        }
        if self.attached_by_position > 0 {
            builder.mapped(format!(
                "flow ends left loose in Threat Dragon ({}) → the shape each points into",
                self.attached_by_position
            ));
        }
        if self.unconnected > 0 {
            builder.not_mapped(format!(
                "flow ends attached to no shape ({}) → a stand-in, “Unknown source” or “Unknown \
                 destination”: attach those flows in the scope phase",
                self.unconnected
            ));
        }
        if self.loops > 0 {
            builder.not_mapped(format!(
                "{} from an element to itself: not added (a flow needs two ends), its threats on \
                 the element and the flow in the session notes",
                count(self.loops, "flow")
            ));
        }
        if self.out_of_scope > 0 {
            builder.mapped(format!(
                "{} out of scope in Threat Dragon: kept, the reason in the element notes",
                count(self.out_of_scope, "element")
            ));
        }
        if self.ai > 0 {
            builder.mapped(format!(
                "AI agents and tools (tm.Agent, tm.Tool: {}) → processes",
                self.ai
            ));
        }
        if self.texts > 0 {
            builder.mapped(format!(
                "{} → the session notes",
                count(self.texts, "text block")
            ));
        }
        if !self.other_cells.is_empty() {
            let by: Vec<String> = self
                .other_cells
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            builder.not_mapped(format!(
                "cells of a type threatbench has no element for ({}): their name and \
                 description in the session notes",
                by.join(", ")
            ));
        }
        if self.stray_threats > 0 {
            builder.not_mapped(format!(
                "{} on boundaries or text, which have no STRIDE cells: kept in the session notes",
                count(self.stray_threats, "threat")
            ));
        }
        self.threats.report(builder);
        if self.cells > 0 {
            builder.not_mapped(
                "Threat Dragon's own IDs and counters, and how the diagram is drawn \
                 (positions, sizes, styles): threatbench keeps no drawing",
            );
        }
    }
}

/// A cell's name, or "Unnamed process" when it has none.
fn named(cell: &Cell<'_>, kind: KindTag) -> Result<String, ImportError> {
    let name = cell.name()?;
    Ok(if name.trim().is_empty() {
        format!("Unnamed {}", kind.label())
    } else {
        name
    })
}

/// A cell's Threat Dragon type, for notes.
fn type_of(cell: &Cell<'_>) -> String {
    cell.props
        .text("type")
        .or_else(|| cell.at.text("type"))
        .unwrap_or("cell")
        .to_owned()
}
