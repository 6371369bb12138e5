//! Drawing the overlays, one file each, mirroring `app::overlays`.

mod confirm;
mod export;
mod filter;
pub mod form;
pub mod help;
mod suggest;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Theme;
use crate::app::{App, Overlay};

/// Draws `overlay` over `area`.
pub fn render(app: &App, overlay: &Overlay, theme: Theme, area: Rect, buf: &mut Buffer) {
    match overlay {
        Overlay::Help(help) => help::render(app, help, theme, area, buf),
        Overlay::Confirm(question) => confirm::render(question, theme, area, buf),
        Overlay::Export(export) => {
            if let Some(wb) = app.workbench() {
                export::render(wb, export, theme, area, buf);
            }
        }
        Overlay::Suggest(suggest) => suggest::render(suggest, theme, area, buf),
        Overlay::Filter(filter) => filter::render(filter, theme, area, buf),
        Overlay::Form(form) => form::render(form, theme, area, buf),
    }
}
