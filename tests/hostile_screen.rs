//! Hostile text on screen: what one field can make the workbench write to the terminal.

mod common;

use std::cell::Cell;
use std::io;
use std::rc::Rc;

use common::harness::Harness;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use threatbench::app::Action;
use threatbench::model::Session;
use threatbench::ui::{self, Theme};

/// The sample session with `text` as its title, every element's name, every threat's title
/// and every decision's summary.
fn with_text(text: &str) -> Session {
    let mut s = common::sample();
    s.title = text.to_owned();
    for e in &mut s.elements {
        e.name = text.to_owned();
    }
    for t in &mut s.threats {
        t.title = text.to_owned();
    }
    for d in &mut s.decisions {
        d.summary = text.to_owned();
    }
    s
}

/// A terminal that counts what it is sent.
#[derive(Clone, Default)]
struct Counted(Rc<Cell<usize>>);

impl io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The bytes a real terminal backend is sent on a walk through the four phases, redrawing
/// after every key, and the longest cell drawn on the way.
fn walk(session: Session) -> (usize, usize) {
    let mut h = Harness::open(session);
    h.apply(Action::Resize(80, 24));
    let sent = Counted::default();
    let mut terminal = Terminal::new(CrosstermBackend::new(sent.clone())).unwrap();
    let mut longest = 0;
    let keys = [
        "1", "Down", "Down", "2", "Right", "Down", "3", "Down", "4", "1",
    ];
    for key in keys {
        h.press(key);
        let frame = terminal
            .draw(|f| ui::draw(&h.app, Theme::new(true), f.area(), f.buffer_mut()))
            .unwrap();
        let cell = frame.buffer.content.iter().map(|c| c.symbol().len());
        longest = longest.max(cell.max().unwrap_or(0));
    }
    (sent.0.get(), longest)
}

#[test]
fn one_huge_grapheme_costs_a_redraw_a_few_bytes() {
    let accent = "\u{301}";
    let (plain, plain_cell) = walk(with_text(&format!("e{accent}")));
    let (huge, huge_cell) = walk(with_text(&format!("e{}", accent.repeat(100_000))));
    assert!(plain_cell < 8, "{plain_cell}");
    assert!(huge_cell <= 64, "one cell holds {huge_cell} bytes");
    assert!(
        huge < plain + 10 * 1024,
        "the walk wrote {huge} bytes, {plain} with plain text"
    );
}
