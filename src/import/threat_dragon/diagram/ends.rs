//! Where the lines of a diagram attach: the element each end of a flow is at (the shape it
//! names, the shape its loose end points into, or a stand-in), and the members of each curve
//! boundary from the flows drawn across it.

use std::collections::HashMap;

use super::{FlowLine, Node, Resolved, Run};
use crate::import::threat_dragon::cells::{Cell, End, Shape};
use crate::import::threat_dragon::geometry::{self, Crossing, Link, Point};
use crate::import::{Builder, ImportError};
use crate::model::{ElementDraft, ElementKind};

impl Run {
    /// The members of every curve boundary of a diagram, by the curve's cell index (see
    /// [`geometry::members`]); a curve without both end points has none. Counts the flows
    /// whose crossing the members cannot show as drawn.
    pub(super) fn curves(
        &mut self,
        cells: &[Cell<'_>],
        flows: &[FlowLine],
    ) -> HashMap<usize, Vec<usize>> {
        let mut across: Vec<(usize, Vec<(usize, bool)>)> = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            if cell.shape != Shape::Curve {
                continue;
            }
            self.curves += 1;
            let (End::Loose(start), End::Loose(end)) = (cell.end("source"), cell.end("target"))
            else {
                self.curves_without_points += 1;
                continue;
            };
            let mut curve = vec![start];
            curve.extend(cell.vertices());
            curve.push(end);
            let crossed = flows
                .iter()
                .enumerate()
                .filter_map(|(k, f)| Some((k, geometry::crossing(&f.line, &curve)?)))
                .collect();
            across.push((i, crossed));
        }
        let mut drawn = vec![false; flows.len()];
        for (k, _) in across.iter().flat_map(|(_, crossed)| crossed) {
            drawn[*k] = true;
        }
        let links: Vec<Link> = flows.iter().map(|f| f.link).collect();
        let members: HashMap<usize, Vec<usize>> = across
            .into_iter()
            .map(|(i, crossed)| {
                let crossings: Vec<Crossing> = crossed
                    .into_iter()
                    .map(|(k, start_left)| Crossing {
                        link: links[k],
                        start_left,
                    })
                    .collect();
                (i, geometry::members(&crossings, &links, &drawn))
            })
            .collect();
        self.contradicted += links
            .iter()
            .zip(&drawn)
            .filter(|(link, drawn)| {
                let crosses = members
                    .values()
                    .any(|m| m.contains(&link.from) != m.contains(&link.to));
                crosses != **drawn
            })
            .count();
        members
    }

    /// The element one end of `flow` is attached to (`which` 0 for its source, 1 for its
    /// target): the shape it names, else the shape its loose end points into, else a stand-in.
    pub(super) fn end(
        &mut self,
        builder: &mut Builder<'_>,
        flow: &Cell<'_>,
        which: usize,
        nodes: &[Node],
        by_id: &HashMap<&str, usize>,
    ) -> Result<Resolved, ImportError> {
        let key = ["source", "target"][which];
        let loose = match flow.end(key) {
            End::Cell(id) => match by_id.get(id.as_str()) {
                Some(&n) => {
                    return Ok(Resolved {
                        id: nodes[n].id.clone(),
                        node: Some(n),
                        point: nodes[n].rect.map(|r| r.centre()),
                    });
                }
                None => None,
            },
            End::Loose(p) => Some(p),
            End::Missing => None,
        };
        let inside = |p: Point| {
            nodes
                .iter()
                .position(|n| n.rect.is_some_and(|r| r.contains(p)))
        };
        if let Some((p, n)) = loose.and_then(|p| Some((p, inside(p)?))) {
            self.attached_by_position += 1;
            return Ok(Resolved {
                id: nodes[n].id.clone(),
                node: Some(n),
                point: Some(p),
            });
        }
        self.unconnected += 1;
        let id = match &self.stand_ins[which] {
            Some(id) => id.clone(),
            None => {
                let (name, part) =
                    [("Unknown source", "start"), ("Unknown destination", "end")][which];
                let draft = ElementDraft {
                    name: name.to_owned(),
                    kind: ElementKind::ExternalEntity,
                    notes: format!(
                        "Stands in for the {part} of Threat Dragon flows that were not attached \
                         to any shape: attach those flows to the right element, then remove \
                         this one."
                    ),
                };
                let id = builder.element(&flow.at, draft)?;
                self.stand_ins[which] = Some(id.clone());
                id
            }
        };
        Ok(Resolved {
            id,
            node: None,
            point: loose,
        })
    }
}
