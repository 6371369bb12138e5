//! The status line: the last message worth telling, plain or in red.

/// A message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What to say.
    pub text: String,
    /// Whether it reports a problem (shown in red).
    pub error: bool,
}

impl Status {
    /// A plain message.
    pub fn info(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: false,
        }
    }

    /// A message reporting a problem (shown in red).
    pub fn error(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: true,
        }
    }
}
