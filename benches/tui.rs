//! The workbench at 100, 1,000 and 10,000 threats (`common::large_session(n/10, n, n*3/10)`)
//! and on the flows shape of issue 14 (40,000 flows crossing one boundary of 40,000
//! members): per phase, one key and a full render into a 200×50 buffer; a phase switch and
//! a filter keystroke, each with its frame; an edit of each
//! kind (add, change, delete a threat, a decision, an element) with its undo step and the
//! derived figures, then its undo; and the memory the undo history holds per edit.
//! Targets at 10,000 threats: key + render ≤ 0.5 ms median, an edit ≤ 1 ms; on the flows
//! shape ≤ 2 s to open and ≤ 50 ms per key.
//!
//! Run with `cargo bench --bench tui` (or `-- 10000` for one size, `-- flows` for the
//! flows shape). The undo memory is printed, not timed.

#[path = "common.rs"]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use threatbench::app::{Action, App, Now, OpenedSession, Screen, Workbench, input, update};
use threatbench::model::{
    Category, DecisionDraft, DecisionKind, Edit, ElementDraft, Id, Phase, Session, Target,
    ThreatDraft,
};
use threatbench::ui::{self, Theme};

/// Counts the bytes live on the heap, to weigh the undo history.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract for `dealloc` is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: the caller's contract for `realloc` is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The size every frame is drawn at, as the issue measures.
const SIZE: (u16, u16) = (200, 50);

/// The session sizes measured, in threats.
const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn now() -> Now {
    Now {
        mono: Duration::from_secs(1),
        wall: Utc::now(),
    }
}

fn open(session: Session) -> App {
    let mut app = App::new(PathBuf::from("sessions"), SIZE);
    let opened = OpenedSession {
        thresholds: Default::default(),
        session,
        path: PathBuf::from("large.ron"),
        read_only: None,
        recoveries: Vec::new(),
    };
    update(&mut app, Action::Opened(Box::new(opened)), now());
    app
}

fn sized(threats: usize) -> Session {
    common::large_session(threats / 10, threats, threats * 3 / 10)
}

fn press(app: &mut App, key: &str) {
    let code = match key {
        "Down" => KeyCode::Down,
        "Up" => KeyCode::Up,
        "Tab" => KeyCode::Tab,
        "Esc" => KeyCode::Esc,
        "Backspace" => KeyCode::Backspace,
        c => KeyCode::Char(c.chars().next().unwrap_or(' ')),
    };
    if let Some(action) = input::resolve(app, KeyEvent::new(code, KeyModifiers::NONE)) {
        update(app, action, now());
    }
}

fn draw(app: &App) -> Buffer {
    let area = Rect::new(0, 0, SIZE.0, SIZE.1);
    let mut buf = Buffer::empty(area);
    ui::draw(app, Theme::new(true), area, &mut buf);
    buf
}

fn workbench(app: &mut App) -> &mut Workbench {
    match &mut app.screen {
        Screen::Workbench(wb) => wb,
        Screen::Start(_) => panic!("no session open"),
    }
}

/// Benches `name`: the key `one`, then `other` on the next call, each with a full frame.
fn alternating(c: &mut Criterion, name: &str, app: &mut App, one: &str, other: &str) {
    let mut first = true;
    c.bench_function(name, |b| {
        b.iter(|| {
            press(app, if first { one } else { other });
            first = !first;
            black_box(draw(app))
        })
    });
}

/// One key (down, then up on the next call) and a full frame, in each phase.
fn keys(c: &mut Criterion, label: &str, app: &mut App) {
    for (phase, name) in [
        ("1", "scope"),
        ("2", "threats"),
        ("3", "decisions"),
        ("4", "review"),
    ] {
        press(app, phase);
        let name = format!("{label}: {name}: key + render 200x50");
        alternating(c, &name, app, "Down", "Up");
    }
}

/// Keys that change what is shown without an edit, each with a full frame: a phase switch
/// (decisions, then threats on the next call), and one keystroke typed into the filter (a
/// backspace, then the letter again), in the threats phase.
fn view_keys(c: &mut Criterion, label: &str, app: &mut App) {
    press(app, "2");
    let name = format!("{label}: phase switch + render 200x50");
    alternating(c, &name, app, "3", "2");
    press(app, "2");
    press(app, "/");
    press(app, "t");
    let name = format!("{label}: filter keystroke + render 200x50");
    alternating(c, &name, app, "Backspace", "t");
    press(app, "Esc");
}

/// The edits of each kind on `session`: (name, edit), each undone after it is measured.
fn edits(session: &Session) -> Vec<(&'static str, Edit)> {
    let threat = &session.threats[session.threats.len() / 2];
    let decision = &session.decisions[session.decisions.len() / 2];
    let element = &session.elements[session.elements.len() / 2];
    let mut changed_threat = ThreatDraft::from(threat);
    changed_threat.title.push_str(" (changed)");
    let mut changed_decision = DecisionDraft::from(decision);
    changed_decision.summary.push_str(" (changed)");
    let element_draft = |name: String| ElementDraft {
        name,
        kind: element.kind.clone(),
        notes: element.notes.clone(),
    };
    vec![
        (
            "add a threat",
            Edit::AddThreat {
                element: element.id.clone(),
                category: Category::Tampering,
                draft: ThreatDraft {
                    title: "a new threat".into(),
                    ..ThreatDraft::default()
                },
            },
        ),
        (
            "change a threat",
            Edit::UpdateThreat(threat.id.clone(), changed_threat),
        ),
        (
            "delete a threat",
            Edit::Remove(Target::Threat(threat.id.clone())),
        ),
        (
            "add a decision",
            Edit::AddDecision(DecisionDraft {
                threats: vec![threat.id.clone()],
                summary: "a new decision".into(),
                ..DecisionDraft::new(DecisionKind::Mitigate)
            }),
        ),
        (
            "change a decision",
            Edit::UpdateDecision(decision.id.clone(), changed_decision),
        ),
        (
            "delete a decision",
            Edit::Remove(Target::Decision(decision.id.clone())),
        ),
        (
            "add an element",
            Edit::AddElement(element_draft("a new element".into())),
        ),
        (
            "change an element",
            Edit::UpdateElement(element.id.clone(), element_draft("renamed".into())),
        ),
        (
            "delete an element",
            Edit::Remove(Target::Element(element.id.clone())),
        ),
    ]
}

/// The phase an edit is made in: threats in the threats phase, decisions in the decisions
/// phase, elements in scope.
fn phase_of(edit: &Edit) -> Phase {
    match edit {
        Edit::AddThreat { .. } | Edit::UpdateThreat(..) | Edit::Remove(Target::Threat(_)) => {
            Phase::Threats
        }
        Edit::AddDecision(_) | Edit::UpdateDecision(..) | Edit::Remove(Target::Decision(_)) => {
            Phase::Decisions
        }
        _ => Phase::Scope,
    }
}

/// An edit with its undo step and the derived figures, then its undo (so that the session
/// stays the same size): the pair is measured, in the phase the edit is made in, and a
/// change of a decision also in the review (which judges its checklist again).
fn edit_and_undo(c: &mut Criterion, label: &str, app: &mut App) {
    let mut list: Vec<(String, Phase, Edit)> = edits(workbench(app).session())
        .into_iter()
        .map(|(name, edit)| (name.to_owned(), phase_of(&edit), edit))
        .collect();
    if let Some((_, _, edit)) = list.iter().find(|(name, ..)| name == "change a decision") {
        let edit = edit.clone();
        list.push((
            "in the review: change a decision".into(),
            Phase::Review,
            edit,
        ));
    }
    for (name, phase, edit) in list {
        let wb = workbench(app);
        let _ = wb.apply(Edit::SetPhase(phase), now());
        wb.refresh_derived();
        c.bench_function(&format!("{label}: {name}, then undo"), |b| {
            b.iter(|| {
                let wb = workbench(app);
                let done = wb.apply(edit.clone(), now());
                wb.refresh_derived();
                let undone = wb.step_history(false, now());
                wb.refresh_derived();
                black_box((done.is_ok(), undone.ok()))
            })
        });
    }
}

/// Prints the bytes the undo history holds after 120 added threats (100 steps kept).
fn undo_memory(label: &str, app: &mut App) {
    let wb = workbench(app);
    let element: Id = wb.session().elements[0].id.clone();
    // One edit first, not counted: it drops what the benches before left behind (redo
    // steps, the filter's texts), which would otherwise be taken off the figure.
    let _ = wb.apply(
        Edit::AddThreat {
            element: element.clone(),
            category: Category::Tampering,
            draft: ThreatDraft {
                title: "added threat".into(),
                ..ThreatDraft::default()
            },
        },
        now(),
    );
    wb.refresh_derived();
    let before = LIVE.load(Ordering::Relaxed);
    for n in 0..120 {
        let edit = Edit::AddThreat {
            element: element.clone(),
            category: Category::Tampering,
            draft: ThreatDraft {
                title: format!("added threat {n}"),
                ..ThreatDraft::default()
            },
        };
        let _ = wb.apply(edit, now());
    }
    let held = LIVE.load(Ordering::Relaxed) - before;
    println!(
        "{label}: undo memory after 120 added threats: {held} bytes ({} per edit)",
        held / 120
    );
}

fn bench(c: &mut Criterion) {
    for threats in SIZES {
        let label = format!("{threats} threats");
        let mut app = open(sized(threats));
        keys(c, &label, &mut app);
        view_keys(c, &label, &mut app);
        edit_and_undo(c, &label, &mut app);
        undo_memory(&label, &mut app);
    }
}

/// The flows shape: opening it, then keys in every phase, with few samples.
fn flows(c: &mut Criterion) {
    let label = "flows 40000";
    let session = common::flows_shape(40_000, 40_000, 10_000);
    c.bench_function(&format!("{label}: open"), |b| {
        b.iter(|| black_box(open(session.clone())))
    });
    let mut app = open(session);
    keys(c, label, &mut app);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_group! {
    name = large;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5));
    targets = flows
}
criterion_main!(benches, large);
