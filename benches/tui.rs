//! The workbench on a large session (300 elements, 3,000 threats, 1,000 decisions): the
//! cost of one key press (update, including any refresh of the derived figures) and of
//! drawing a frame, per phase. Targets: both well under a frame at 60 Hz (16 ms).
//!
//! Run with `cargo bench --bench tui`.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use threatbench::app::{Action, App, Now, OpenedSession, input, update};
use threatbench::ui::{self, Theme};

fn app_in(phase: &str) -> (App, Now) {
    let now = Now {
        mono: Duration::from_secs(1),
        wall: Utc::now(),
    };
    let mut app = App::new(PathBuf::from("sessions"), (120, 40));
    let opened = OpenedSession {
        thresholds: Default::default(),
        session: common::large_session(300, 3_000, 1_000),
        path: PathBuf::from("large.ron"),
        read_only: None,
        recoveries: Vec::new(),
    };
    update(&mut app, Action::Opened(Box::new(opened)), now);
    press(&mut app, now, phase);
    (app, now)
}

fn press(app: &mut App, now: Now, key: &str) {
    let code = match key {
        "Down" => KeyCode::Down,
        "Up" => KeyCode::Up,
        "Tab" => KeyCode::Tab,
        c => KeyCode::Char(c.chars().next().unwrap_or(' ')),
    };
    if let Some(action) = input::resolve(app, KeyEvent::new(code, KeyModifiers::NONE)) {
        update(app, action, now);
    }
}

fn draw(app: &App) -> Buffer {
    let area = Rect::new(0, 0, 120, 40);
    let mut buf = Buffer::empty(area);
    ui::draw(app, Theme::new(true), area, &mut buf);
    buf
}

fn bench(c: &mut Criterion) {
    for (phase, name) in [
        ("1", "scope"),
        ("2", "threats"),
        ("3", "decisions"),
        ("4", "review"),
    ] {
        let (mut app, now) = app_in(phase);
        c.bench_function(&format!("{name}: key press (move down)"), |b| {
            b.iter(|| {
                press(&mut app, now, "Down");
                press(&mut app, now, "Up");
            })
        });
        c.bench_function(&format!("{name}: draw 120x40"), |b| {
            b.iter(|| black_box(draw(&app)))
        });
    }
    let (mut app, now) = app_in("2");
    c.bench_function("threats: Tab to the next unconsidered cell", |b| {
        b.iter(|| press(&mut app, now, "Tab"))
    });
    let (mut app, now) = app_in("4");
    c.bench_function(
        "edit (park a point) with the derived refresh and undo snapshot",
        |b| {
            b.iter(|| {
                press(&mut app, now, "P");
                press(&mut app, now, "x");
                update(
                    &mut app,
                    Action::Command(threatbench::app::Command::Submit),
                    now,
                );
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
