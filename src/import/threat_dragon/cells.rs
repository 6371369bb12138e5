//! One cell of a Threat Dragon diagram, read the same way from both shapes of file:
//! version 2 keeps what the cell means under `data` (`data.type`, `data.name`, its
//! properties and threats) and its ends as `source.cell`; version 1 keeps all of it on the
//! cell itself (`type`, `attrs.text.text`, `source.id`).

use serde_json::Value;

use super::geometry::{Point, Rect};
use crate::import::ImportError;
use crate::import::json::At;

/// What a cell is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// `tm.Actor`: an external entity.
    Actor,
    /// `tm.Process`, or the AI stencils `tm.Agent` and `tm.Tool` (`ai` is then true).
    Process {
        /// An agent or a tool rather than a plain process.
        ai: bool,
    },
    /// `tm.Store`: a data store.
    Store,
    /// `tm.Flow` (or its stencil): a data flow.
    Flow,
    /// `tm.Boundary`: a trust boundary drawn as a curve.
    Curve,
    /// `tm.BoundaryBox`: a trust boundary drawn as a box.
    Box,
    /// `tm.Text`: a text block.
    Text,
    /// Any other type, by its name.
    Other(String),
}

impl Shape {
    /// The shape a cell's type names.
    fn of(type_name: &str) -> Shape {
        match type_name {
            "tm.Actor" => Shape::Actor,
            "tm.Process" => Shape::Process { ai: false },
            "tm.Agent" | "tm.Tool" => Shape::Process { ai: true },
            "tm.Store" => Shape::Store,
            "tm.Flow" | "tm.FlowStencil" => Shape::Flow,
            "tm.Boundary" | "tm.BoundaryStencil" => Shape::Curve,
            "tm.BoundaryBox" => Shape::Box,
            "tm.Text" => Shape::Text,
            other => Shape::Other(other.to_owned()),
        }
    }

    /// The type a version-2 cell without `data.type` has by its drawing `shape`.
    fn of_drawing(shape: &str) -> Option<&'static str> {
        Some(match shape {
            "actor" => "tm.Actor",
            "process" => "tm.Process",
            "store" => "tm.Store",
            "flow" => "tm.Flow",
            // Threat Dragon itself registers the curve under the misspelt name too.
            "trust-boundary-curve" | "trust-broundary-curve" => "tm.Boundary",
            "trust-boundary-box" => "tm.BoundaryBox",
            "td-text-block" => "tm.Text",
            _ => return None,
        })
    }
}

/// Where one end of a flow is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum End {
    /// Attached to the cell with this ID.
    Cell(String),
    /// Left loose at this point.
    Loose(Point),
    /// Not given at all.
    Missing,
}

/// A cell, with what both versions say about it found.
#[derive(Debug, Clone)]
pub(super) struct Cell<'a> {
    /// The cell.
    pub at: At<'a>,
    /// Where its meaning is kept: `data` in version 2, the cell itself in version 1.
    pub props: At<'a>,
    /// Its ID in the diagram (empty when it has none).
    pub id: String,
    /// What it is.
    pub shape: Shape,
}

impl<'a> Cell<'a> {
    /// Reads the cell at `at`; one without a type is an error that names it.
    pub fn read(at: At<'a>) -> Result<Cell<'a>, ImportError> {
        if !at.value.is_object() {
            return Err(at.error("expected a cell (an object)"));
        }
        let props = match at.get("data") {
            Some(data) if data.value.is_object() => data,
            Some(data) => return Err(data.error("expected an object")),
            None => at.clone(),
        };
        let type_name = match opt_text(&props, "type")? {
            Some(t) => t,
            None => at
                .text("shape")
                .and_then(Shape::of_drawing)
                .ok_or_else(|| props.error("the member \"type\" is missing"))?,
        };
        let id = match at.get("id").map(|id| id.value) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        Ok(Cell {
            shape: Shape::of(type_name),
            at,
            props,
            id,
        })
    }

    /// Its name: `data.name`, else the text drawn in or on it.
    pub fn name(&self) -> Result<String, ImportError> {
        if let Some(name) = opt_text(&self.props, "name")?.filter(|n| !n.trim().is_empty()) {
            return Ok(name.to_owned());
        }
        let attrs = self.at.get("attrs");
        let drawn = ["text", "label"]
            .iter()
            .find_map(|key| attrs.as_ref()?.get(key)?.text("text"))
            .filter(|t| !t.trim().is_empty());
        if let Some(text) = drawn {
            return Ok(text.to_owned());
        }
        let labels = self.at.get("labels");
        let label = labels
            .iter()
            .flat_map(|l| l.value.as_array().into_iter().flatten())
            .find_map(|label| {
                let attrs = label.get("attrs")?;
                ["label", "text"]
                    .iter()
                    .find_map(|key| attrs.get(key)?.get("text")?.as_str())
                    .filter(|t| !t.trim().is_empty())
            });
        Ok(label.unwrap_or_default().to_owned())
    }

    /// Its description, when it has one.
    pub fn description(&self) -> Result<&'a str, ImportError> {
        Ok(opt_text(&self.props, "description")?.unwrap_or_default())
    }

    /// Its box, when it has a position and a size.
    pub fn rect(&self) -> Option<Rect> {
        let corner = point(&self.at.get("position")?)?;
        let size = self.at.get("size")?;
        Some(Rect {
            corner,
            width: number(&size, "width")?,
            height: number(&size, "height")?,
        })
    }

    /// One end of a flow or a curve: `source` or `target`.
    pub fn end(&self, key: &str) -> End {
        let Some(end) = self.at.get(key) else {
            return End::Missing;
        };
        let id = ["cell", "id"]
            .iter()
            .find_map(|k| end.text(k))
            .filter(|id| !id.is_empty());
        match (id, point(&end)) {
            (Some(id), _) => End::Cell(id.to_owned()),
            (None, Some(p)) => End::Loose(p),
            (None, None) => End::Missing,
        }
    }

    /// The bends of a flow or a curve, in order.
    pub fn vertices(&self) -> Vec<Point> {
        self.at
            .get("vertices")
            .and_then(|v| v.value.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| {
                Some(Point {
                    x: v.get("x").and_then(as_number)?,
                    y: v.get("y").and_then(as_number)?,
                })
            })
            .collect()
    }

    /// A flag of its properties, when it is set (`true`).
    pub fn flag(&self, key: &str) -> bool {
        self.props.flag(key) == Some(true)
    }

    /// Its threats.
    pub fn threats(&self) -> Result<Vec<At<'a>>, ImportError> {
        self.props.list("threats")
    }

    /// Its properties worth keeping in the element's notes, in words: "Encrypted",
    /// "Protocol: HTTP/S". Unticked boxes and empty texts say nothing and are left out, and
    /// so is what the import maps elsewhere or what only draws the diagram.
    pub fn properties(&self) -> Vec<String> {
        let Some(map) = self.props.value.as_object() else {
            return Vec::new();
        };
        map.iter()
            .filter(|(key, _)| !SKIPPED.contains(&key.as_str()))
            .filter_map(|(key, value)| {
                let label = label(key);
                match value {
                    Value::Bool(true) => Some(label),
                    Value::String(s) if !s.trim().is_empty() => Some(format!("{label}: {s}")),
                    Value::Number(n) => Some(format!("{label}: {n}")),
                    _ => None,
                }
            })
            .collect()
    }
}

/// Members that are not properties: mapped elsewhere, or only drawing and bookkeeping.
const SKIPPED: [&str; 29] = [
    "type",
    "name",
    "description",
    "threats",
    "hasOpenThreats",
    "isTrustBoundary",
    "isALog",
    "outOfScope",
    "reasonOutOfScope",
    "threatFrequency",
    "id",
    "z",
    "zIndex",
    "size",
    "position",
    "angle",
    "attrs",
    "smooth",
    "source",
    "target",
    "vertices",
    "labels",
    "shape",
    "width",
    "height",
    "connector",
    "visible",
    "ports",
    "$$hashKey",
];

/// Threat Dragon's words for its properties; other members by their own name.
fn label(key: &str) -> String {
    let known = match key {
        "isEncrypted" => "Encrypted",
        "isSigned" => "Signed",
        "isPublicNetwork" => "Public network",
        "isBidirectional" => "Bidirectional",
        "protocol" => "Protocol",
        "privilegeLevel" => "Privilege level",
        "providesAuthentication" => "Provides authentication",
        "isWebApplication" => "Web application",
        "storesCredentials" => "Stores credentials",
        "storesInventory" => "Stores inventory",
        "handlesCardPayment" => "Card payment",
        "handlesGoodsOrServices" => "Goods or services",
        "isTrusted" => "Trusted",
        other => return other.to_owned(),
    };
    known.to_owned()
}

/// The member `key` as text: absent or `null` is `None`, another type an error at its path.
pub(super) fn opt_text<'a>(at: &At<'a>, key: &str) -> Result<Option<&'a str>, ImportError> {
    at.get(key).map(|v| v.str()).transpose()
}

/// A number, or text that holds one (Threat Dragon writes some sizes as "590").
fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// The member `key` as a number.
fn number(at: &At<'_>, key: &str) -> Option<f64> {
    as_number(at.get(key)?.value)
}

/// `{x, y}` as a point.
fn point(at: &At<'_>) -> Option<Point> {
    Some(Point {
        x: number(at, "x")?,
        y: number(at, "y")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(json: &str) -> (Value, String) {
        (serde_json::from_str(json).unwrap(), String::new())
    }

    #[test]
    fn both_versions_read_alike() {
        let (v2, _) = cell(
            r#"{"id": "a", "shape": "flow", "data": {"type": "tm.Flow", "name": "",
                "protocol": "HTTP/S", "isEncrypted": true, "isPublicNetwork": false},
                "labels": [{"attrs": {"label": {"text": "Web Request"}}}],
                "source": {"cell": "b"}, "target": {"x": 1, "y": "2"}}"#,
        );
        let c = Cell::read(At::root(&v2)).unwrap();
        assert_eq!(c.shape, Shape::Flow);
        assert_eq!(c.name().unwrap(), "Web Request");
        assert_eq!(c.end("source"), End::Cell("b".into()));
        assert_eq!(c.end("target"), End::Loose(Point { x: 1.0, y: 2.0 }));
        assert_eq!(c.end("other"), End::Missing);
        assert_eq!(c.properties(), vec!["Encrypted", "Protocol: HTTP/S"]);

        let (v1, _) = cell(
            r#"{"type": "tm.Store", "id": "s", "isALog": true, "position": {"x": 10, "y": 20},
                "size": {"width": 100, "height": 50}, "attrs": {"text": {"text": "DB"}},
                "threats": [{"title": "t"}], "privilegeLevel": "root"}"#,
        );
        let c = Cell::read(At::root(&v1)).unwrap();
        assert_eq!(c.shape, Shape::Store);
        assert_eq!(c.name().unwrap(), "DB");
        assert!(c.flag("isALog"));
        assert_eq!(c.rect().unwrap().centre(), Point { x: 60.0, y: 45.0 });
        assert_eq!(c.threats().unwrap().len(), 1);
        assert_eq!(c.properties(), vec!["Privilege level: root"]);
    }

    #[test]
    fn a_cell_without_a_type_or_of_the_wrong_shape_is_named() {
        let (v, _) = cell(r#"{"cells": [{"data": {"name": "x"}}, 3, {"shape": "actor"}]}"#);
        let cells = At::root(&v).list("cells").unwrap();
        let error = Cell::read(cells[0].clone()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "at $.cells[0].data: the member \"type\" is missing"
        );
        assert!(Cell::read(cells[1].clone()).is_err());
        let actor = Cell::read(cells[2].clone()).unwrap();
        assert_eq!(actor.shape, Shape::Actor, "from the drawing's shape");
        let (v, _) = cell(r#"{"data": {"type": "tm.Actor", "name": 7}}"#);
        let error = Cell::read(At::root(&v)).unwrap().name().unwrap_err();
        assert_eq!(
            error.to_string(),
            "at $.data.name: expected text, found a number"
        );
    }
}
