//! Colours and emphasis in one place. With `NO_COLOR` every style keeps only modifiers
//! (bold, reverse, underline), so the screen stays readable in monochrome.

use ratatui::style::{Color, Modifier, Style};

/// The styles the screens use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// A theme with colour, or without when `color` is false.
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    /// Colour unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Self {
        Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }

    fn paint(self, color: Color, modifier: Modifier) -> Style {
        if self.color {
            Style::new().fg(color).add_modifier(modifier)
        } else {
            Style::new().add_modifier(modifier)
        }
    }

    /// Plain text.
    pub fn text(self) -> Style {
        Style::new()
    }

    /// The product name and headings.
    pub fn title(self) -> Style {
        self.paint(Color::Cyan, Modifier::BOLD)
    }

    /// Less important text: counts, placeholders, separators.
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Keys in the hint bar.
    pub fn key(self) -> Style {
        self.paint(Color::Cyan, Modifier::BOLD)
    }

    /// The selected row or tab.
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// Wrap up soon (80 % of a phase).
    pub fn warn(self) -> Style {
        self.paint(Color::Yellow, Modifier::BOLD)
    }

    /// Over time, errors, undecided threats.
    pub fn danger(self) -> Style {
        self.paint(Color::Red, Modifier::BOLD)
    }

    /// Saved, considered.
    pub fn ok(self) -> Style {
        self.paint(Color::Green, Modifier::empty())
    }

    /// The focused form field's label.
    pub fn focus(self) -> Style {
        self.paint(Color::Cyan, Modifier::BOLD | Modifier::UNDERLINED)
    }
}
