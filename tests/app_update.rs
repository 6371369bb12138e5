//! Pure update tests: keys through the real keymap, a fake clock, and the effects `update`
//! asks for. No terminal, no sleeps.

mod common;

use std::time::Duration;

use common::harness::Harness;
use threatbench::app::pointer::Pointer;
use threatbench::app::{Action, Effect, Overlay, Urgency, reading};
use threatbench::model::{ElementKind, Phase};

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn saves(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Save { .. }))
        .count()
}

#[test]
fn the_clock_counts_per_phase_and_warns_at_80_and_100_percent() {
    let mut h = Harness::open(common::sample());
    // Scope is 10 minutes in the 45-minute agenda.
    h.advance(secs(7 * 60 + 59));
    assert_eq!(reading(h.session()).urgency, Urgency::Calm);
    h.advance(secs(1)); // 8:00 = 80 %
    assert_eq!(reading(h.session()).urgency, Urgency::Soon);
    assert!(h.screen(100, 30).contains("Scope 2:00 left"));
    h.advance(secs(2 * 60)); // 10:00, still on time
    assert_eq!(reading(h.session()).urgency, Urgency::Soon);
    h.advance(secs(1));
    assert_eq!(reading(h.session()).urgency, Urgency::Over);
    let screen = h.screen(100, 30);
    assert!(
        screen.contains("Scope over by 0:01 — time to move on"),
        "{screen}"
    );
    // It never forces the move.
    assert_eq!(h.session().clock.phase, Phase::Scope);
    h.press("]");
    h.advance(secs(30));
    assert_eq!(h.session().clock.elapsed(Phase::Scope), 601);
    assert_eq!(h.session().clock.elapsed(Phase::Threats), 30);
}

#[test]
fn sub_second_ticks_add_up_exactly() {
    let mut h = Harness::open(common::sample());
    for _ in 0..25 {
        h.advance(Duration::from_millis(400));
    }
    assert_eq!(h.session().clock.elapsed(Phase::Scope), 10);
}

#[test]
fn a_paused_clock_stands_still_and_says_so() {
    let mut h = Harness::open(common::sample());
    h.advance(secs(5));
    h.press("p");
    assert!(h.session().clock.paused);
    h.advance(secs(600));
    assert_eq!(h.session().clock.elapsed(Phase::Scope), 5);
    assert!(h.screen(100, 30).contains("PAUSED"));
    h.press("p");
    h.advance(secs(2));
    assert_eq!(h.session().clock.elapsed(Phase::Scope), 7);
}

#[test]
fn autosave_comes_one_second_after_the_last_edit() {
    let mut h = Harness::open(common::sample());
    h.keys(&["a"]);
    h.type_text("Billing");
    h.press("C-s");
    assert_eq!(saves(&h.take_effects()), 0, "not at once");
    h.advance(Duration::from_millis(900));
    assert_eq!(saves(&h.take_effects()), 0);
    h.advance(Duration::from_millis(100));
    let effects = h.take_effects();
    assert_eq!(saves(&effects), 1);
    let Some(Effect::Save { session, .. }) = effects
        .into_iter()
        .find(|e| matches!(e, Effect::Save { .. }))
    else {
        unreachable!()
    };
    assert!(session.elements.iter().any(|e| e.name == "Billing"));
    assert_eq!(session.updated, h.now.wall.with_nanosecond_zero());
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for chrono::DateTime<chrono::Utc> {
    fn with_nanosecond_zero(self) -> Self {
        chrono::SubsecRound::trunc_subsecs(self, 0)
    }
}

#[test]
fn autosave_runs_at_least_every_five_seconds_while_edits_continue() {
    let mut h = Harness::open(common::sample());
    let mut saved_at = Vec::new();
    for step in 0..20 {
        // An edit every half second: add a parking-lot item.
        h.press("P");
        h.type_text(&format!("point {step}"));
        h.press("Enter");
        h.advance(Duration::from_millis(500));
        if h.complete_saves() > 0 {
            saved_at.push(step);
        }
    }
    assert!(!saved_at.is_empty(), "edits every 0.5 s still get saved");
    assert!(saved_at[0] <= 9, "first save within 5 s: {saved_at:?}");
    for pair in saved_at.windows(2) {
        assert!(
            pair[1] - pair[0] <= 10,
            "saves at most 5 s apart: {saved_at:?}"
        );
    }
    assert_eq!(h.session().parking_lot.len(), 20);
}

#[test]
fn a_failed_save_keeps_everything_and_retries() {
    let mut h = Harness::open(common::sample());
    h.press("P");
    h.type_text("who rotates the webhook secret?");
    h.press("Enter");
    h.advance(secs(1));
    assert_eq!(saves(&h.take_effects()), 1);
    h.apply(Action::SaveFailed("disk full".into()));
    assert!(h.screen(100, 30).contains("NOT SAVED"));
    // What to know comes first; the reason, last, is what a narrow line cuts.
    let screen = h.screen(120, 30);
    assert!(
        screen.contains("Not saved. Everything is still here; retrying in 5 s"),
        "{screen}"
    );
    assert!(screen.contains("disk full"), "{screen}");
    h.advance(secs(4));
    assert_eq!(saves(&h.take_effects()), 0, "backs off");
    h.advance(secs(1));
    assert_eq!(saves(&h.take_effects()), 1, "retries");
    assert_eq!(h.session().parking_lot.len(), 1);
}

#[test]
fn quit_saves_then_quits_and_a_phase_change_saves_at_once() {
    let mut h = Harness::open(common::sample());
    h.press("2");
    assert_eq!(h.complete_saves(), 1, "a phase change saves at once");
    assert_eq!(h.session().clock.phase, Phase::Threats);
    // Nothing unsaved: quitting does not rewrite the file.
    h.press("q");
    assert_eq!(h.take_effects(), vec![Effect::Quit]);
    // An edit not yet saved is saved before quitting.
    h.press("P");
    h.type_text("one more point");
    h.press("Enter");
    h.press("q");
    let effects = h.take_effects();
    assert!(
        matches!(effects.as_slice(), [Effect::Save { .. }, Effect::Quit]),
        "{effects:?}"
    );
    // So is time on the clock.
    let mut h = Harness::open(common::sample());
    h.advance(Duration::from_secs(3));
    h.press("q");
    assert!(matches!(
        h.take_effects().as_slice(),
        [Effect::Save { .. }, Effect::Quit]
    ));
}

#[test]
fn quit_without_saving_only_after_a_failure() {
    let mut h = Harness::open(common::sample());
    h.press("Q");
    assert!(h.take_effects().is_empty());
    h.apply(Action::SaveFailed("read-only file system".into()));
    h.press("Q");
    assert_eq!(h.take_effects(), vec![Effect::Quit]);
}

#[test]
fn a_terminate_signal_keeps_a_half_typed_form() {
    let mut h = Harness::open(common::sample());
    h.press("a");
    h.type_text("Half typed");
    h.apply(Action::Terminate);
    let effects = h.take_effects();
    assert!(matches!(effects.last(), Some(Effect::Quit)));
    let Some(Effect::Save { session, .. }) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(session.elements.iter().any(|e| e.name == "Half typed"));
}

#[test]
fn adding_a_flow_picks_its_ends_among_existing_elements() {
    let mut h = Harness::open(common::sample());
    // Move to the "Data flows" heading.
    let rows = threatbench::app::scope_rows(h.session());
    let flows = rows
        .iter()
        .position(|r| {
            matches!(
                r,
                threatbench::app::ScopeRow::Header(
                    threatbench::app::ScopeGroup::Kind(threatbench::model::KindTag::DataFlow),
                    _
                )
            )
        })
        .unwrap();
    for _ in 0..flows {
        h.press("j");
    }
    h.press("a");
    h.type_text("payout call");
    h.keys(&["Tab", "Right", "Tab", "Right"]); // from: 1st → 2nd node, to: 2nd → 3rd node
    h.press("C-s");
    let flow = h.session().elements.last().unwrap();
    assert_eq!(flow.name, "payout call");
    match &flow.kind {
        ElementKind::DataFlow { from, to, .. } => {
            assert_eq!((from.as_str(), to.as_str()), ("E2", "E3"));
        }
        other => panic!("{other:?}"),
    }
    assert!(h.app.overlays.is_empty());
}

#[test]
fn a_flow_with_the_same_two_ends_is_refused_in_the_form() {
    let mut h = Harness::open(common::sample());
    let rows = threatbench::app::scope_rows(h.session());
    let flows = rows
        .iter()
        .position(|r| format!("{r:?}").contains("DataFlow"))
        .unwrap();
    for _ in 0..flows {
        h.press("Down");
    }
    h.press("a");
    h.type_text("loop");
    h.keys(&["Tab", "Tab", "Left"]); // to: back to the first node = from
    h.press("C-s");
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!("the form stays open")
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("two different ends")
    );
}

#[test]
fn deleting_an_element_asks_first_and_takes_its_flows_and_threats() {
    let mut h = Harness::open(common::sample());
    h.keys(&["j", "d"]); // E1 Customer: the refund-request flow and its threat depend on it
    let Some(Overlay::Confirm(confirm)) = h.app.overlays.last() else {
        panic!("asks first")
    };
    assert!(
        confirm
            .question
            .contains("1 flow (E4), 1 threat (T1), 1 decision (D1)"),
        "{}",
        confirm.question
    );
    h.press("n");
    assert_eq!(h.session().elements.len(), 5);
    h.keys(&["d", "y"]);
    let s = h.session();
    assert!(
        s.elements
            .iter()
            .all(|e| e.id.as_str() != "E1" && e.id.as_str() != "E4")
    );
    assert_eq!(s.threats.len(), 1);
    assert!(s.decisions.is_empty());
    assert_eq!(s.counters.elements, 5, "IDs are not reused");
    threatbench::model::validate(s).unwrap();
}

#[test]
fn escape_on_a_changed_form_asks_before_discarding() {
    let mut h = Harness::open(common::sample());
    h.press("a");
    h.type_text("x");
    h.press("Esc");
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Confirm(_))));
    h.press("y");
    assert!(h.app.overlays.is_empty());
    assert_eq!(h.session().elements.len(), 5);
}

#[test]
fn pasted_text_goes_into_the_field_cleaned_and_never_runs_as_keys() {
    let mut h = Harness::open(common::sample());
    h.apply(Action::Paste("q ] 2 \u{1b}[2J".into()));
    assert_eq!(
        h.session().clock.phase,
        Phase::Scope,
        "a paste outside a field does nothing"
    );
    assert!(h.take_effects().is_empty());
    h.press("a");
    h.apply(Action::Paste("Pay\u{1b}]52;c;x\u{7}out\nservice".into()));
    h.press("C-s");
    assert_eq!(
        h.session().elements.last().unwrap().name,
        "Pay]52;c;xout service"
    );
}

#[test]
fn read_only_sessions_refuse_edits_and_never_save() {
    let mut h = Harness::start();
    h.apply(Action::Opened(Box::new(threatbench::app::OpenedSession {
        thresholds: Default::default(),
        session: common::sample(),
        path: "sessions/x.ron".into(),
        read_only: Some("held by pid 42 on host since 2026-11-27T10:00:00Z".into()),
        recoveries: Vec::new(),
    })));
    h.keys(&["a", "p", "P"]);
    assert!(h.app.overlays.is_empty());
    h.advance(secs(120));
    assert_eq!(saves(&h.take_effects()), 0);
    assert!(h.screen(100, 30).contains("read-only"));
    h.press("q");
    assert_eq!(h.take_effects(), vec![Effect::Quit]);
}

#[test]
fn the_start_screen_opens_creates_and_offers_the_example() {
    let mut h = Harness::start();
    h.apply(Action::Listed(Vec::new()));
    assert!(h.screen(80, 24).contains("No sessions here yet"));
    h.press("e");
    assert_eq!(h.take_effects(), vec![Effect::OpenExample]);
    h.press("n");
    h.type_text("Cache rework");
    h.keys(&["Tab", "Tab", "Right", "Right"]); // agenda 45 → 60 → quick
    h.keys(&["Tab"]);
    h.type_text("Ana:facilitator, Bo");
    h.press("Enter");
    let effects = h.take_effects();
    let [Effect::Create(session)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(session.title, "Cache rework");
    assert!(session.agenda.quick);
    assert_eq!(session.agenda.minutes(), 15);
    assert_eq!(
        session.clock.phase,
        Phase::Threats,
        "a quick review starts in the threat walk"
    );
    assert_eq!(session.participants.len(), 2);
}

#[test]
fn mouse_clicks_pick_tabs_and_rows() {
    let mut h = Harness::open(common::sample());
    h.screen(100, 30);
    let geometry = threatbench::layout::Geometry::of((100, 30));
    let frame = geometry.frame;
    h.mouse(Pointer::Click {
        column: frame.tabs[2].x + 1,
        row: 0,
    });
    assert_eq!(h.session().clock.phase, Phase::Decisions);
    h.mouse(Pointer::Click {
        column: frame.tabs[0].x + 1,
        row: 0,
    });
    let list = geometry.scope_rows();
    h.mouse(Pointer::Click {
        column: list.x + 2,
        row: list.y + 3,
    });
    assert_eq!(h.app.workbench().unwrap().scope.cursor, 3);
    h.mouse(Pointer::Scroll { down: true });
    assert_eq!(h.app.workbench().unwrap().scope.cursor, 4);
}
