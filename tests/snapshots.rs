//! Screen snapshots through the real keymap at 80×24 and 120×40 (and a too-small one).
//! Review changes to `tests/snapshots/` like code: a passing snapshot of an ugly screen is
//! still an ugly screen.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::harness::Harness;
use threatbench::app::{Action, SessionRow};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn check(name: &str, h: &mut Harness) {
    for (w, h_) in SIZES {
        let screen = h.screen(w, h_);
        insta::assert_snapshot!(format!("{name}_{w}x{h_}"), screen);
    }
}

fn example() -> threatbench::model::Session {
    threatbench::store::from_bytes(
        std::path::Path::new("example"),
        include_bytes!("../sessions/refund-api.ron"),
    )
    .unwrap()
}

#[test]
fn start_screen_first_run() {
    let mut h = Harness::start();
    h.apply(Action::Listed(Vec::new()));
    check("start_first_run", &mut h);
}

#[test]
fn start_screen_with_sessions() {
    let mut h = Harness::start();
    let row = |title: &str, ticket: &str, undecided, threats, coverage: &str| SessionRow {
        path: PathBuf::from(format!(
            "sessions/{}.ron",
            title.to_lowercase().replace(' ', "-")
        )),
        title: title.into(),
        ticket: ticket.into(),
        revision: 1,
        updated: "2026-11-27 10:41".into(),
        undecided,
        threats,
        coverage: coverage.into(),
        error: None,
    };
    let mut broken = row("broken.ron", "", 0, 0, "");
    broken.error = Some("broken.ron:3:11: Expected string".into());
    h.apply(Action::Listed(vec![
        row("Refund API", "PAY-142", 2, 9, "13/41 31%"),
        row("Cache rework", "", 0, 0, "0/0 0%"),
        broken,
    ]));
    h.press("j");
    check("start_with_sessions", &mut h);
}

#[test]
fn scope_with_elements() {
    let mut h = Harness::open(example());
    h.press("1");
    h.advance(Duration::from_secs(3));
    h.keys(&["j", "j", "j", "j", "j", "j", "j", "j", "j", "j"]);
    check("scope_example", &mut h);
}

#[test]
fn scope_of_a_new_session() {
    let mut h = Harness::open(common::sample());
    check("scope_sample", &mut h);
}

#[test]
fn element_forms() {
    let mut h = Harness::open(common::sample());
    h.press("a");
    h.type_text("Billing service");
    check("form_entity", &mut h);
    h.keys(&["Esc", "y"]);
    let flows = threatbench::app::scope_rows(h.session())
        .iter()
        .position(|r| format!("{r:?}").contains("DataFlow"))
        .unwrap();
    for _ in 0..flows {
        h.press("j");
    }
    h.press("a");
    h.type_text("payout call");
    h.keys(&["Tab", "Right"]);
    check("form_flow", &mut h);
    h.keys(&["Esc", "y"]);
    h.keys(&["j", "j", "j", "a", "Tab"]); // trust boundaries: the members checklist
    h.keys(&["Down", "Space"]);
    check("form_boundary", &mut h);
}

#[test]
fn new_session_form() {
    let mut h = Harness::start();
    h.apply(Action::Listed(Vec::new()));
    h.press("n");
    h.type_text("Refund API");
    h.keys(&["Tab", "Tab"]);
    check("form_new_session", &mut h);
}

#[test]
fn refused_form_says_why() {
    let mut h = Harness::open(common::sample());
    h.keys(&["a", "C-s"]);
    check("form_refused", &mut h);
}

#[test]
fn help_overlay() {
    let mut h = Harness::open(common::sample());
    h.press("?");
    check("help", &mut h);
}

#[test]
fn other_phases_and_the_big_clock() {
    let mut h = Harness::open(example());
    for (key, name) in [("2", "threats"), ("3", "decisions"), ("4", "review")] {
        h.press(key);
        check(&format!("phase_{name}"), &mut h);
    }
    h.press("F");
    check("big_clock", &mut h);
}

#[test]
fn threat_decision_and_suggestion_overlays() {
    let mut h = Harness::open(example());
    h.press("2");
    h.press("a");
    h.type_text("Refund amount altered in transit");
    h.press("Tab");
    h.type_text("network attacker");
    h.press("Tab");
    h.type_text("on the path between shop and API");
    h.press("Tab");
    h.type_text("change the amount of a refund request");
    check("form_threat", &mut h);
    h.keys(&["Esc", "y", "s"]);
    check("suggestions", &mut h);
    h.keys(&["Esc", "3", "Space", "j", "Space", "Enter"]);
    check("form_decision", &mut h);
}

/// A threat whose parts make a statement of several rows.
fn long_threat(h: &mut Harness) {
    h.keys(&["2", "a"]);
    h.type_text("Refund amount altered in transit");
    for part in [
        "network attacker who controls a hop between the shop and the refund API",
        "on the path, with a TLS-stripping proxy that the shop's egress trusts",
        "change the amount and the beneficiary account of a refund request",
        "a payout far larger than the captured amount, to the attacker's account",
        "merchant funds and the trust of the payment provider",
    ] {
        h.press("Tab");
        h.type_text(part);
    }
}

#[test]
fn long_rationale_wraps_with_the_cursor_after_it() {
    let mut h = Harness::open(example());
    h.keys(&["3", "Space", "Enter", "Tab"]); // from the summary to the rationale
    h.type_text(
        "Partial refunds are summed in the ledger before each payout, so the total can \
         never exceed the captured amount. The check runs in the same transaction as the \
         refund (and its retry), and a property test covers random sequences of refunds, \
         retries and chargebacks.",
    );
    check("form_rationale_wrapped", &mut h);
}

#[test]
fn threat_statement_preview_shows_the_whole_sentence() {
    let mut h = Harness::open(example());
    long_threat(&mut h);
    check("form_threat_long_statement", &mut h);
}

#[test]
fn tall_form_scrolls_below_the_header_and_clock() {
    let mut h = Harness::open(example());
    long_threat(&mut h);
    // likelihood, impact, residual likelihood, residual impact, references
    h.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    h.type_text("CWE-319");
    h.keys(&["Tab"]); // notes
    h.type_text("seen in the 2025 pentest");
    let screen = h.screen(80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[0].contains("threatbench"), "{screen}");
    assert!(rows[1].contains("left"), "the clock: {screen}");
    assert!(rows[22].contains("Ctrl-s save"), "the hint bar: {screen}");
    assert!(
        rows[23].contains("What can go wrong?"),
        "the question: {screen}"
    );
    insta::assert_snapshot!("form_threat_scrolled_80x24", screen);
    h.keys(&["BTab"; 11]);
    let screen = h.screen(80, 24);
    assert!(screen.contains("│Title "), "scrolled back up: {screen}");
}

#[test]
fn quick_review() {
    let mut h = Harness::start();
    h.apply(Action::Listed(Vec::new()));
    h.press("n");
    h.type_text("Cache rework");
    h.keys(&["Tab", "Tab", "Right", "Right"]); // 45 → 60 → quick
    h.press("Enter");
    h.press("Enter");
    let effects = h.take_effects();
    let [threatbench::app::Effect::Create(session)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let mut session = (**session).clone();
    let customer = common::add_element(
        &mut session,
        "Developer",
        threatbench::model::ElementKind::ExternalEntity,
    );
    let cache = common::add_element(
        &mut session,
        "Cache",
        threatbench::model::ElementKind::DataStore { holds_logs: false },
    );
    common::add_element(
        &mut session,
        "cache write",
        threatbench::model::ElementKind::DataFlow {
            from: customer,
            to: cache,
            data: "rendered pages".into(),
        },
    );
    let mut h = Harness::open(session);
    check("quick_review", &mut h);
}

#[test]
fn review_wraps_findings_under_their_text() {
    let mut h = Harness::open(common::long_findings());
    h.keys(&["4", "PgDn"]);
    insta::assert_snapshot!("review_wrapped_80x24", h.screen(80, 24));
}

#[test]
fn narrow_titles_end_with_an_ellipsis() {
    let mut h = Harness::open(example());
    h.press("4");
    let review = h.screen(60, 20);
    assert!(review.contains("┐┌ Parking lot · retrospe… ┐"), "{review}");
    insta::assert_snapshot!("review_narrow_60x20", review);
    h.press("3");
    let decisions = h.screen(60, 20);
    assert!(
        decisions.contains("┌ What are we going to do about… ─┐"),
        "{decisions}"
    );
    assert!(decisions.contains("undecided · 0 ma… "), "{decisions}");
}

#[test]
fn export_preview() {
    let mut h = Harness::open(example());
    h.keys(&["4", "x"]);
    check("export_preview_github", &mut h);
    h.keys(&["Right", "Right"]);
    check("export_preview_jira", &mut h);
}

#[test]
fn delete_confirmation() {
    let mut h = Harness::open(common::sample());
    h.keys(&["j", "d"]);
    check("confirm_delete", &mut h);
}

#[test]
fn too_small_terminal() {
    let mut h = Harness::open(common::sample());
    insta::assert_snapshot!("too_small_20x5", h.screen(20, 5));
    insta::assert_snapshot!("too_small_59x24", h.screen(59, 24));
}

#[test]
fn no_color_means_no_colour_at_all() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Color;
    let mut h = Harness::open(example());
    h.advance(Duration::from_secs(2000)); // over time: the red and amber paths too
    for keys in [&[][..], &["1"], &["2"], &["4"], &["?"], &["Esc", "1", "a"]] {
        h.keys(keys);
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        threatbench::ui::draw(&h.app, threatbench::ui::Theme::new(false), area, &mut buf);
        for cell in buf.content() {
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "after {keys:?}"
            );
        }
    }
}
