//! The threats, decisions and review phases, and undo/redo and the filter, driven through
//! the real keymap with a fake clock.

mod common;

use common::harness::Harness;
use proptest::prelude::*;
use threatbench::app::overlays::{ExportState, SuggestState};
use threatbench::app::{Overlay, core::cursors::cursor_cell};
use threatbench::model::{Category, CellState, DecisionKind, Phase, Session};

fn in_threats() -> Harness {
    let mut h = Harness::open(common::sample());
    h.press("2");
    h.complete_saves();
    h
}

fn cursor(h: &Harness) -> (String, Category) {
    let wb = h.app.workbench().unwrap();
    let (e, c) = cursor_cell(wb).unwrap();
    (e.id.to_string(), c)
}

fn without_clock(s: &Session) -> Session {
    let mut s = s.clone();
    s.clock = common::sample().clock;
    s.updated = common::sample().updated;
    s
}

#[test]
fn tab_walks_every_unconsidered_cell_and_coverage_follows() {
    let mut h = in_threats();
    let live = h.session().coverage().live;
    let mut visited = std::collections::HashSet::new();
    // The walk starts on an unconsidered cell; Tab then "n" with a reason considers it.
    loop {
        let (element, category) = cursor(&h);
        let state = h.session().cell_state(&element.as_str().into(), category);
        if state != CellState::NotConsidered {
            break;
        }
        assert!(
            visited.insert((element.clone(), category)),
            "visited twice: {element} {category:?}"
        );
        h.press("n");
        h.type_text("not applicable here");
        h.press("Enter");
        let wb = h.app.workbench().unwrap();
        assert_eq!(
            wb.derived.coverage,
            wb.session().coverage(),
            "the cache tells the truth"
        );
        h.press("Tab");
    }
    let coverage = h.session().coverage();
    assert_eq!(coverage.considered, live);
    assert!(coverage.is_complete());
    assert!(
        h.app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("every live cell has been considered")
    );
    // Flows crossing a boundary come first in the grid.
    let wb = h.app.workbench().unwrap();
    let first = &wb.session().elements[wb.derived.rows[0]];
    assert!(wb.session().crosses_boundary(first), "{}", first.id);
}

#[test]
fn a_title_is_enough_and_ratings_take_digits() {
    let mut h = in_threats();
    let (element, category) = cursor(&h);
    h.press("a");
    h.type_text("Replay of a refund request");
    h.press("C-s");
    let t = h.session().threats.last().unwrap().clone();
    assert_eq!(
        (t.title.as_str(), t.element.as_str(), t.category),
        ("Replay of a refund request", element.as_str(), category)
    );
    assert_eq!((t.likelihood, t.impact), (None, None), "unrated is allowed");
    // Edit it: grammar parts and ratings typed as digits; the preview makes the sentence.
    h.press("Enter");
    h.keys(&["Tab"]);
    h.type_text("external attacker");
    h.keys(&["Tab", "Tab"]);
    h.type_text("replay a captured request");
    h.keys(&["Tab", "Tab", "Tab"]);
    h.press("4");
    h.press("Tab");
    h.press("5");
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("An external attacker can replay a captured request."),
        "{screen}"
    );
    h.press("C-s");
    let t = h.session().threat(&t.id).unwrap();
    assert_eq!((t.likelihood, t.impact), (Some(4), Some(5)));
    assert_eq!(t.risk().unwrap().score, 20);
}

#[test]
fn nothing_found_needs_a_reason_and_not_where_threats_are() {
    let mut h = in_threats();
    h.press("n");
    h.press("Enter");
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!()
    };
    assert!(form.error.as_deref().unwrap().contains("reason"));
    h.press("Esc");
    h.press("a");
    h.type_text("Something");
    h.press("C-s");
    h.press("n");
    assert!(h.app.overlays.is_empty());
    assert!(
        h.app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("already has threats")
    );
}

#[test]
fn a_suggestion_becomes_an_ordinary_threat() {
    let mut h = in_threats();
    let (element, category) = cursor(&h);
    let before = h.session().threats.len();
    h.press("s");
    let Some(Overlay::Suggest(SuggestState { entries, .. })) = h.app.overlays.last() else {
        panic!("suggestions open")
    };
    assert!(!entries.is_empty());
    let second = entries[1].clone();
    h.keys(&["Down", "Enter"]);
    let t = h.session().threats.last().unwrap();
    assert_eq!(h.session().threats.len(), before + 1);
    assert_eq!(
        (t.title.as_str(), t.element.as_str(), t.category),
        (second.title.as_str(), element.as_str(), category)
    );
    assert_eq!(t.grammar, second.grammar());
    assert!(!second.references.is_empty(), "{}", second.title);
    assert_eq!(t.references, second.references, "CWE and CAPEC come along");
}

#[test]
fn third_party_components_get_supply_chain_suggestions() {
    let library = threatbench::assets::threat_library().unwrap();
    let titles: String = Category::ALL
        .iter()
        .flat_map(|c| library.for_cell(threatbench::model::KindTag::ThirdParty, *c))
        .map(|e| e.title.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in ["typosquat", "abandon", "breach", "breaking", "malicious"] {
        assert!(
            titles.contains(needle),
            "no {needle} threat for third parties:\n{titles}"
        );
    }
}

#[test]
fn one_decision_answers_several_marked_threats() {
    let mut session = common::sample();
    session.decisions.clear();
    let mut h = Harness::open(session);
    h.press("3");
    // The ranking: undecided first, then by risk; equal risks keep file order.
    let wb = h.app.workbench().unwrap();
    let first = &wb.session().threats[wb.derived.ranking[0]];
    assert_eq!(first.id.as_str(), "T1");
    h.keys(&["Space", "j", "Space"]); // mark T1, move down, mark T2 (Space does not move)
    h.press("Enter");
    h.type_text("Sign requests and keep an append-only audit log");
    h.press("C-s");
    let d = h.session().decisions.last().unwrap();
    assert_eq!(
        d.threats.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        ["T1", "T2"]
    );
    assert!(
        h.app.workbench().unwrap().decisions.marked.is_empty(),
        "marks are used up"
    );
    assert!(h.session().undecided_threats().is_empty());
    // Links can be edited later: untick T1.
    let d_id = d.id.clone();
    let wb = h.app.workbench().unwrap();
    let row = wb
        .derived
        .ranking
        .iter()
        .position(|i| wb.session().threats[*i].id.as_str() == "T2")
        .unwrap();
    h.keys(&["g"]);
    for _ in 0..row {
        h.press("j");
    }
    h.press("Enter");
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!()
    };
    assert!(form.title.contains(d_id.as_str()), "{}", form.title);
    h.keys(&["BTab"]); // to the threats checklist
    h.keys(&["Up", "Up", "Space"]); // the first threat, T1
    h.press("C-s");
    let d = h.session().decisions.iter().find(|d| d.id == d_id).unwrap();
    assert_eq!(
        d.threats.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        ["T2"]
    );
}

#[test]
fn accepting_a_risk_needs_an_owner_and_a_review_date() {
    let mut h = Harness::open(common::sample());
    h.press("3");
    h.press("A");
    h.type_text("Audit rows are rarely deleted; we watch for it");
    h.press("C-s");
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!("refused")
    };
    assert!(
        form.error.as_deref().unwrap().contains("owner"),
        "{:?}",
        form.error
    );
    assert_eq!(
        form.focused().map(|f| f.label),
        Some("Owner"),
        "the field at fault has the cursor"
    );
    h.type_text("Julia");
    h.press("C-s");
    let d = h.session().decisions.last().unwrap();
    assert_eq!(d.kind, DecisionKind::Accept);
    assert_eq!(d.owner.as_deref(), Some("Julia"));
    let expected = h.now.wall.date_naive() + chrono::Days::new(90);
    assert_eq!(d.review_by, Some(expected), "90 days ahead by default");
    // A review date that is not a date is refused.
    h.press("Enter");
    for _ in 0..4 {
        h.press("Tab");
    }
    h.press("Tab");
    for _ in 0..12 {
        h.press("Backspace");
    }
    h.type_text("next spring");
    h.press("C-s");
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!("refused")
    };
    assert!(
        form.error.as_deref().unwrap().contains("not a date"),
        "{:?}",
        form.error
    );
}

#[test]
fn undo_and_redo_cover_deletions() {
    let mut h = Harness::open(common::sample());
    let start = without_clock(h.session());
    h.keys(&["j", "d", "y"]); // delete E1 with its flow, threat and decision
    assert_eq!(h.session().elements.len(), 3);
    h.press("2");
    h.press("a");
    h.type_text("New one");
    h.press("C-s");
    let after = without_clock(h.session());
    h.keys(&["u", "u"]);
    assert_eq!(
        without_clock(h.session()),
        Session {
            counters: after.counters.clone(),
            ..start.clone()
        }
    );
    h.keys(&["C-r", "C-r"]);
    assert_eq!(without_clock(h.session()), after);
    h.press("C-r");
    assert!(
        h.app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to redo")
    );
    // IDs stay unique: an undone add does not free its number.
    h.keys(&["u", "a"]);
    h.type_text("Another");
    h.press("C-s");
    let ids: Vec<_> = h
        .session()
        .threats
        .iter()
        .map(|t| t.id.to_string())
        .collect();
    assert!(
        !ids.contains(&"T3".to_owned()) || h.session().counters.threats >= 4,
        "{ids:?}"
    );
    threatbench::model::validate(h.session()).unwrap();
}

#[test]
fn undo_reaches_a_hundred_steps_back() {
    let mut h = Harness::open(common::sample());
    let start = without_clock(h.session());
    for n in 0..100 {
        h.press("P");
        h.type_text(&format!("point {n}"));
        h.press("Enter");
    }
    for _ in 0..100 {
        h.press("u");
    }
    assert_eq!(without_clock(h.session()).parking_lot, start.parking_lot);
}

#[test]
fn the_filter_narrows_the_grid_and_the_ranking() {
    let mut h = in_threats();
    h.press("/");
    h.type_text("refunds");
    let wb = h.app.workbench().unwrap();
    let names: Vec<_> = wb
        .derived
        .rows
        .iter()
        .map(|i| wb.session().elements[*i].name.clone())
        .collect();
    assert_eq!(names, ["refunds DB"]);
    h.press("Enter");
    assert!(h.screen(100, 30).contains("filter: refunds"));
    h.press("3");
    let wb = h.app.workbench().unwrap();
    let shown: Vec<_> = wb
        .derived
        .ranking
        .iter()
        .map(|i| wb.session().threats[*i].id.to_string())
        .collect();
    assert_eq!(
        shown,
        ["T2"],
        "the threat on the refunds DB, matched by its element's name"
    );
    assert!(
        h.screen(100, 30)
            .contains("filter: refunds — 1 of 2 threats shown")
    );
    h.press("Esc"); // Esc in the phase clears the filter
    assert_eq!(h.app.workbench().unwrap().derived.ranking.len(), 2);
    assert!(h.app.filter().is_none());
}

#[test]
fn the_review_tells_the_truth_and_takes_follow_ups() {
    let mut h = Harness::open(common::sample());
    h.press("P");
    h.type_text("Who rotates the webhook secret?");
    h.press("Enter");
    h.press("4");
    let screen = h.screen(120, 40);
    assert!(screen.contains("Undecided threats: 1"), "{screen}");
    assert!(screen.contains("T2 Audit rows deleted"), "{screen}");
    assert!(screen.contains("✗ every threat has a decision"), "{screen}");
    assert!(
        screen.contains("✗ every mitigation has a ticket")
            || screen.contains("✓ every mitigation has a ticket")
    );
    let coverage = h.session().coverage();
    assert!(
        screen.contains(&format!(
            "Coverage {}/{}",
            coverage.considered, coverage.live
        )),
        "{screen}"
    );
    h.press("f");
    assert!(h.session().parking_lot[0].follow_up);
    h.press("r");
    h.type_text("The grid walk kept us honest");
    h.press("Tab");
    h.type_text("Send the diagram ahead");
    h.press("C-s");
    assert_eq!(
        h.session().retrospective.worked,
        "The grid walk kept us honest"
    );
    assert!(h.screen(120, 40).contains("[follow-up] Who rotates"));
}

#[test]
fn page_down_stops_with_the_last_row_of_the_review_at_the_bottom() {
    use threatbench::app::screens::review::finding_rows;
    use threatbench::layout::{Geometry, inner, review_panes};
    for (width, height) in [(80, 24), (60, 20), (120, 40)] {
        let mut h = Harness::open(common::long_findings());
        h.press("4");
        h.screen(width, height);
        let pane = inner(review_panes(Geometry::of((width, height)).frame.body).0);
        let wb = h.app.workbench().unwrap();
        let rows = finding_rows(wb, pane.width);
        let bottom = rows.len() - usize::from(pane.height);
        let last: String = rows
            .last()
            .unwrap()
            .iter()
            .map(|(t, _)| t.as_str())
            .collect();
        for _ in 0..rows.len() {
            h.press("PgDn");
        }
        assert_eq!(
            usize::from(h.app.workbench().unwrap().review.scroll),
            bottom,
            "{width}×{height}: no further than the last row at the bottom"
        );
        let screen = h.screen(width, height);
        let pane_bottom: &str = screen.lines().nth(usize::from(pane.bottom()) - 1).unwrap();
        assert!(
            pane_bottom.contains(last.trim_end()),
            "{width}×{height}: the last row {last:?} at the bottom of the pane:\n{screen}"
        );
        // One page back moves at once.
        h.press("PgUp");
        assert_eq!(
            usize::from(h.app.workbench().unwrap().review.scroll),
            bottom.saturating_sub(usize::from(pane.height))
        );
    }
}

#[test]
fn a_quick_review_starts_in_the_walk_with_fewer_prompts() {
    let mut session = common::sample();
    session.agenda = threatbench::assets::preset("quick").unwrap().agenda();
    session.clock.phase = Phase::Threats;
    let mut h = Harness::open(session);
    let screen = h.screen(80, 24);
    let bullets = screen
        .lines()
        .filter(|l| l.contains("│• ") || l.contains("• "))
        .count();
    assert!(bullets <= 3, "{screen}");
    assert!(screen.contains("more: m"), "{screen}");
    assert!(
        screen.contains("quick"),
        "the header says it is a quick review:\n{screen}"
    );
}

#[derive(Debug, Clone)]
enum Edit {
    Park(String),
    AddThreat(String),
    NothingFound(String),
    DeleteElement(usize),
    Decide(String),
    Move(&'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        "[a-z ]{1,12}".prop_map(Edit::Park),
        "[a-z ]{1,12}".prop_map(Edit::AddThreat),
        "[a-z ]{1,12}".prop_map(Edit::NothingFound),
        (0usize..4).prop_map(Edit::DeleteElement),
        "[a-z ]{1,12}".prop_map(Edit::Decide),
        proptest::sample::select(&["Tab", "j", "k", "h", "l"][..]).prop_map(Edit::Move),
    ]
}

fn apply(h: &mut Harness, e: &Edit) {
    match e {
        Edit::Park(text) => {
            h.press("P");
            h.type_text(text);
            h.press("Enter");
            h.keys(&["Esc", "y"]); // a blank point is refused: leave the form
        }
        Edit::AddThreat(text) | Edit::NothingFound(text) => {
            h.press("2");
            h.press(if matches!(e, Edit::AddThreat(_)) {
                "a"
            } else {
                "n"
            });
            h.type_text(text);
            h.press("C-s");
            h.press("Esc");
            h.press("y");
        }
        Edit::DeleteElement(n) => {
            h.press("1");
            h.press("g");
            for _ in 0..=*n {
                h.press("j");
            }
            h.keys(&["d", "y"]);
        }
        Edit::Decide(text) => {
            h.press("3");
            h.press("Enter");
            h.type_text(text);
            h.press("C-s");
            h.press("Esc");
            h.press("y");
        }
        Edit::Move(key) => {
            h.press("2");
            h.press(key);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Undoing every edit and redoing them all returns the identical session.
    #[test]
    fn undo_then_redo_returns_the_identical_session(edits in proptest::collection::vec(edit(), 1..12)) {
        let mut h = Harness::open(common::sample());
        let before = without_clock(h.session());
        for e in &edits {
            apply(&mut h, e);
        }
        let after = without_clock(h.session());
        let (steps, _) = h.app.workbench().unwrap().history.depth();
        for _ in 0..steps {
            h.press("u");
        }
        prop_assert_eq!(Session { counters: after.counters.clone(), ..before.clone() }, without_clock(h.session()));
        for _ in 0..steps {
            h.press("C-r");
        }
        prop_assert_eq!(&after, &without_clock(h.session()));
        prop_assert_eq!(threatbench::model::validate(h.session()), Ok(()));
    }
}

#[test]
fn the_review_previews_and_exports() {
    let mut h = Harness::open(common::sample());
    h.press("4");
    h.complete_saves();
    h.press("x");
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::Export(ExportState { flavour: 0, .. }))
    ));
    let screen = h.screen(120, 40);
    assert!(screen.contains("## Threat model: Refund API"), "{screen}");
    h.keys(&["Right", "Right"]);
    assert!(h.screen(120, 40).contains("h2. Threat model: Refund API"));
    h.press("w");
    // The clock was running: it is paused and the session saved first, so that the export
    // names the bytes that stay on disk.
    let effects = h.take_effects();
    assert!(
        matches!(
            effects.as_slice(),
            [
                threatbench::app::Effect::Save { .. },
                threatbench::app::Effect::Export {
                    flavour: threatbench::export::Flavour::Jira,
                    write: true,
                    copy: false
                }
            ]
        ),
        "{effects:?}"
    );
    assert!(h.session().clock.paused);
    for effect in effects {
        if let threatbench::app::Effect::Save { seq, .. } = effect {
            h.apply(threatbench::app::Action::Saved {
                seq,
                at: common::harness::saved_at(),
            });
        }
    }
    // Time passing and quitting do not rewrite the exported file.
    h.advance(std::time::Duration::from_secs(120));
    assert!(h.take_effects().is_empty(), "nothing to save while paused");
    h.press("q");
    h.press("q");
    assert_eq!(h.take_effects(), vec![threatbench::app::Effect::Quit]);
    h.press("4");
    h.press("x");
    h.keys(&["Right", "Right"]);
    h.press("c");
    assert!(matches!(
        h.take_effects().as_slice(),
        [threatbench::app::Effect::Export {
            copy: true,
            write: false,
            ..
        }]
    ));
    h.apply(threatbench::app::Action::Exported(
        "wrote sessions/refund-api.export.jira.txt".into(),
    ));
    assert!(
        h.screen(120, 40)
            .contains("wrote sessions/refund-api.export.jira.txt")
    );
    h.press("Esc");
    assert!(h.app.overlays.is_empty());
}

#[test]
fn the_review_judges_overdue_acceptances_as_of_today_not_the_last_save() {
    let mut session = common::sample();
    // Accepted, review due the day after the last save.
    let due = session.updated.date_naive() + chrono::Days::new(1);
    session.decisions[0].kind = DecisionKind::Accept;
    session.decisions[0].review_by = Some(due);
    // Paused and untouched: nothing saves, so `updated` stays where it was.
    session.clock.paused = true;
    let mut h = Harness::open(session);
    h.press("4");
    h.complete_saves(); // the phase change is saved: `updated` is today
    let today = h.screen(120, 40);
    assert!(today.contains("none overdue"), "{today}");
    // Three days later, nothing saved since: the review date has passed.
    h.advance(std::time::Duration::from_secs(3 * 24 * 3600));
    assert!(h.take_effects().is_empty(), "nothing was saved");
    let later = h.screen(120, 40);
    assert!(
        later.contains("no accepted risk is past its review date — D1"),
        "{later}"
    );
}

#[test]
fn wide_names_keep_the_stride_columns_in_line() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let mut session = common::sample();
    session.elements[0].name = "払い戻し顧客 🔐".into();
    session.elements[1].name = "Cafe\u{301} API".into();
    let mut h = Harness::open(session);
    h.press("2");
    h.apply(threatbench::app::Action::Resize(100, 30));
    let area = Rect::new(0, 0, 100, 30);
    let mut buf = Buffer::empty(area);
    threatbench::ui::draw(&h.app, threatbench::ui::Theme::new(true), area, &mut buf);
    let row_text = |y: u16| -> String { (0..100).map(|x| buf[(x, y)].symbol()).collect() };
    let header = (0..30).find(|y| row_text(*y).contains("Element")).unwrap();
    // The column of each STRIDE letter in the heading.
    let columns: Vec<u16> = ["S", "T", "R", "I", "D", "E"]
        .iter()
        .map(|letter| {
            (10..60)
                .find(|x| buf[(*x, header)].symbol() == *letter)
                .unwrap_or_else(|| panic!("no {letter} in the heading"))
        })
        .collect();
    let marks = ["?", "·", "✓", "1", "2", "3", "["];
    for y in header + 1..header + 5 {
        for x in &columns {
            let symbol = buf[(*x, y)].symbol();
            assert!(
                marks.contains(&symbol) || buf[(*x - 1, y)].symbol() == "[",
                "row {y} ({}) has {symbol:?} under a heading letter at column {x}",
                row_text(y).trim_end()
            );
        }
    }
}

#[test]
fn a_huge_paste_is_cut_to_what_the_field_takes_and_says_so() {
    let mut h = Harness::open(common::sample());
    h.press("P");
    h.apply(threatbench::app::Action::Paste("x".repeat(5_000_000)));
    let form = h.app.form().expect("the form is open");
    let text = match &form.fields[0].value {
        threatbench::app::FieldValue::Text { area, .. } => area.lines().join(""),
        other => panic!("{other:?}"),
    };
    assert_eq!(text.chars().count(), threatbench::app::forms::LINE_MAX);
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("the field is full"),
        "{:?}",
        form.error
    );
    h.type_text("more");
    let form = h.app.form().unwrap();
    let len = match &form.fields[0].value {
        threatbench::app::FieldValue::Text { area, .. } => area.lines().join("").chars().count(),
        _ => 0,
    };
    assert_eq!(
        len,
        threatbench::app::forms::LINE_MAX,
        "typing adds nothing to a full field"
    );
}

#[test]
fn paging_down_the_review_never_scrolls_it_blank() {
    let mut h = Harness::open(common::sample());
    h.press("4");
    for size in [(120, 40), (80, 24)] {
        h.screen(size.0, size.1); // paged at this size, as a terminal of it would
        h.keys(&["PgDn", "PgDn", "PgDn", "PgDn"]);
        let screen = h.screen(size.0, size.1);
        assert!(screen.contains("every decision has an owner"), "{screen}");
        h.press("PgUp");
        h.press("PgUp");
        h.press("PgUp");
        h.press("PgUp");
        assert!(
            h.screen(size.0, size.1).contains("Coverage"),
            "PgUp goes back to the top"
        );
    }
}

#[test]
fn the_filter_keeps_the_cursor_on_the_same_element_and_cell() {
    let mut h = in_threats();
    // Onto the refunds DB (E3), second row or later.
    while cursor(&h).0 != "E3" {
        h.press("j");
    }
    h.press("l");
    let before = cursor(&h);
    h.press("/");
    h.type_text("refunds");
    assert_eq!(
        cursor(&h),
        before,
        "still on E3 while the filter narrows the grid"
    );
    h.press("Esc");
    assert_eq!(cursor(&h), before, "and when the filter is cleared");
}

#[test]
fn after_deciding_the_cursor_stays_on_the_decided_threat() {
    let mut session = common::sample();
    session.decisions.clear();
    let mut h = Harness::open(session);
    h.press("3");
    let under = |h: &Harness| {
        let wb = h.app.workbench().unwrap();
        let i = wb.derived.ranking[wb.decisions.cursor];
        wb.session().threats[i].id.to_string()
    };
    let first = under(&h);
    h.press("Enter");
    h.type_text("Sign requests");
    h.press("C-s");
    assert_eq!(
        under(&h),
        first,
        "the decided threat moved down; the cursor went with it"
    );
}

#[test]
fn a_filter_matching_nothing_says_so_and_matches_decisions_too() {
    let mut h = Harness::open(common::sample());
    h.press("3");
    h.press("/");
    h.type_text("zzz-nothing");
    h.press("Enter");
    let screen = h.screen(120, 40);
    assert!(screen.contains("nothing matches the filter"), "{screen}");
    assert!(!screen.contains("no threats yet"), "{screen}");
    h.press("Esc");
    h.press("/");
    h.type_text("D1");
    h.press("Enter");
    let wb = h.app.workbench().unwrap();
    let shown: Vec<&str> = wb
        .derived
        .ranking
        .iter()
        .map(|i| wb.session().threats[*i].id.as_str())
        .collect();
    assert_eq!(shown, ["T1"], "the threat D1 answers");
}

#[test]
fn a_quick_review_with_nothing_to_walk_starts_where_elements_are_added() {
    let mut session = common::sample();
    session.elements.clear();
    session.threats.clear();
    session.considered.clear();
    session.decisions.clear();
    session.agenda.quick = true;
    session.clock.phase = Phase::Threats;
    let h = Harness::open(session);
    assert_eq!(h.session().clock.phase, Phase::Scope);
    assert!(
        h.app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("goes to the threats"),
        "{:?}",
        h.app.status
    );
}

#[test]
fn a_cell_that_does_not_apply_takes_no_threat_and_says_why_before_any_form() {
    let mut h = in_threats();
    h.press("g");
    while cursor(&h).0 != "E4" {
        h.press("j");
    }
    for _ in 0..6 {
        h.press("h");
    }
    assert_eq!(
        cursor(&h),
        ("E4".to_owned(), Category::Spoofing),
        "a flow's S is ·"
    );
    for key in ["a", "s"] {
        h.press(key);
        assert!(
            h.app.overlays.is_empty(),
            "{key} opened something on a · cell"
        );
        let status = h.app.status.as_ref().unwrap().text.clone();
        assert!(status.contains("does not apply"), "{status}");
    }
}

#[test]
fn the_decisions_pane_counts_one_threat_in_the_singular() {
    let mut session = common::sample();
    session.threats.truncate(1);
    session.decisions.clear();
    let mut h = Harness::open(session);
    h.press("3");
    let screen = h.screen(100, 30);
    assert!(screen.contains(" 1 threat · 1 undecided"), "{screen}");
}

#[test]
fn a_threat_takes_several_decisions_and_each_can_be_selected_edited_and_deleted() {
    let mut session = common::sample();
    session.decisions.clear();
    let mut h = Harness::open(session);
    h.press("3");
    let under = |h: &Harness| {
        let wb = h.app.workbench().unwrap();
        let i = wb.derived.ranking[wb.decisions.cursor];
        wb.session().threats[i].id.clone()
    };
    let threat = under(&h);
    h.press("Enter");
    h.type_text("Sign requests");
    h.press("C-s");
    assert_eq!(under(&h), threat);
    // A second control for the same threat: `a` opens a new decision even though it has one.
    h.press("a");
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!("a opens the decision form")
    };
    assert!(form.title.contains("New"), "{}", form.title);
    h.type_text("Rate-limit refunds per merchant");
    h.press("C-s");
    if let Some(Overlay::Form(form)) = h.app.overlays.last() {
        panic!("not saved: {:?}", form.error);
    }
    let answering: Vec<(String, String)> = h
        .session()
        .decisions
        .iter()
        .filter(|d| d.threats.contains(&threat))
        .map(|d| (d.id.to_string(), d.summary.clone()))
        .collect();
    let summaries: Vec<&str> = answering.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(
        summaries,
        ["Sign requests", "Rate-limit refunds per merchant"]
    );
    let (first, second) = (&answering[0].0, &answering[1].0);
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("+1"),
        "the ranking shows there is more: {screen}"
    );
    assert!(screen.contains("decision 1 of 2"), "{screen}");
    // J selects the second; Enter edits it, not the first.
    h.press("J");
    h.press("Enter");
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!()
    };
    assert!(form.title.contains(second.as_str()), "{}", form.title);
    h.press("Esc");
    // d deletes the selected decision only; the threat stays decided by the other.
    h.keys(&["d", "y"]);
    let left: Vec<&str> = h
        .session()
        .decisions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(left, [first.as_str()]);
    assert!(
        !h.session()
            .undecided_threats()
            .iter()
            .any(|t| t.id == threat)
    );
}

#[test]
fn session_notes_are_shown_edited_and_cleared_in_the_scope_list() {
    let mut h = Harness::open(common::sample());
    h.press("1");
    h.press("G"); // the last row: the "Session notes" heading, empty
    h.press("a");
    h.type_text("Imported from the payments team's model");
    h.press("C-s");
    assert_eq!(h.session().notes, "Imported from the payments team's model");
    let screen = h.screen(120, 40);
    assert!(screen.contains("Session notes (1)"), "{screen}");
    h.press("G"); // the notes row
    let screen = h.screen(120, 40);
    assert!(
        screen
            .matches("Imported from the payments team's model")
            .count()
            >= 2,
        "the row and the side pane show them: {screen}"
    );
    h.keys(&["d", "y"]);
    assert!(h.session().notes.is_empty());
}
