//! Where a value sits in a session, named as the session file names it: the steps from the
//! session down to the value (`threats[2].likelihood`). Validation says where each problem
//! is, so that a loader can point at its line and column.

use std::fmt;

/// One step from a value to a part of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A field of a struct or of an enum variant, by its name in the file: `title`, `kind`.
    Field(&'static str),
    /// An item of a list or a tuple, from 0.
    Index(usize),
    /// The value under a key of a map, the key as the file writes it: `Scope`.
    Key(String),
}

/// The steps from the session down to one value; no steps is the session itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(Vec<Step>);

impl FieldPath {
    /// The path of a field of the session.
    pub fn field(name: &'static str) -> Self {
        FieldPath(vec![Step::Field(name)])
    }

    /// This path, then the field `name`.
    pub fn then(mut self, name: &'static str) -> Self {
        self.0.push(Step::Field(name));
        self
    }

    /// This path, then the item at `index`.
    pub fn at(mut self, index: usize) -> Self {
        self.0.push(Step::Index(index));
        self
    }

    /// This path, then the value under `key`.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(Step::Key(key.into()));
        self
    }

    /// The steps, from the session down.
    pub fn steps(&self) -> &[Step] {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    /// `threats[2].grammar.source`, `clock.elapsed_secs{Scope}`; the session itself is `.`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str(".");
        }
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Field(name) if i == 0 => f.write_str(name)?,
                Step::Field(name) => write!(f, ".{name}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
                Step::Key(key) => write!(f, "{{{key}}}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_file() {
        let path = FieldPath::field("threats")
            .at(2)
            .then("grammar")
            .then("source");
        assert_eq!(path.to_string(), "threats[2].grammar.source");
        assert_eq!(
            FieldPath::field("clock")
                .then("elapsed_secs")
                .key("Scope")
                .to_string(),
            "clock.elapsed_secs{Scope}"
        );
        assert_eq!(FieldPath::default().to_string(), ".");
    }
}
