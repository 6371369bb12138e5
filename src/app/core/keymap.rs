//! The keymap as data: one table of (mode, keys, command, description). Key routing, the
//! hint bar, the help overlay and every key named in a message ([`keys_for`]) are read from
//! it, so the help can never lie.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Command;
use crate::model::Phase;

/// Where a binding applies: a screen, an overlay, or a kind of form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Anywhere in an open session, under the screen's own keys.
    Session,
    /// The start screen.
    Start,
    /// The scope phase's list.
    Scope,
    /// The threats phase's grid.
    Threats,
    /// The decisions phase's ranked threats.
    Decisions,
    /// The review phase.
    Review,
    /// Suggestions from the threat library.
    Suggest,
    /// The export preview.
    Export,
    /// Any form.
    Form,
    /// A focused choice field in a form.
    FormChoice,
    /// A focused checklist or switch in a form.
    FormCheck,
    /// A yes/no question.
    Confirm,
    /// The `/` filter being typed.
    Filter,
    /// The help overlay.
    Help,
}

impl Mode {
    /// The heading of this mode in the help overlay.
    pub fn heading(self) -> &'static str {
        match self {
            Mode::Session => "Everywhere in a session",
            Mode::Start => "Start screen",
            Mode::Scope => "Scope: what are we working on?",
            Mode::Threats => "Threats: what can go wrong?",
            Mode::Decisions => "Decisions: what are we going to do about it?",
            Mode::Review => "Review: did we do a good job?",
            Mode::Suggest => "Suggestions",
            Mode::Export => "Export preview",
            Mode::Form => "Forms",
            Mode::FormChoice => "Forms: a choice",
            Mode::FormCheck => "Forms: a checklist or switch",
            Mode::Confirm => "Questions",
            Mode::Filter => "Filter",
            Mode::Help => "This help",
        }
    }

    /// Whether the mode is an overlay's (or a form field's in one), which must always have a
    /// key that closes it.
    pub fn is_overlay(self) -> bool {
        match self {
            Mode::Suggest
            | Mode::Export
            | Mode::Form
            | Mode::FormChoice
            | Mode::FormCheck
            | Mode::Confirm
            | Mode::Filter
            | Mode::Help => true,
            Mode::Session
            | Mode::Start
            | Mode::Scope
            | Mode::Threats
            | Mode::Decisions
            | Mode::Review => false,
        }
    }

    /// Every mode, in the order the help overlay lists them.
    pub const ALL: [Mode; 14] = [
        Mode::Session,
        Mode::Start,
        Mode::Scope,
        Mode::Threats,
        Mode::Decisions,
        Mode::Review,
        Mode::Suggest,
        Mode::Export,
        Mode::Form,
        Mode::FormChoice,
        Mode::FormCheck,
        Mode::Confirm,
        Mode::Filter,
        Mode::Help,
    ];
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord(pub KeyCode, pub KeyModifiers);

const fn key(code: KeyCode) -> Chord {
    Chord(code, KeyModifiers::NONE)
}

const fn ch(c: char) -> Chord {
    Chord(KeyCode::Char(c), KeyModifiers::NONE)
}

const fn ctrl(c: char) -> Chord {
    Chord(KeyCode::Char(c), KeyModifiers::CONTROL)
}

impl Chord {
    /// Whether `event` is this chord. Shift is part of the character for letters and
    /// symbols (`P`, `?`), so it is ignored there.
    pub fn matches(self, event: &KeyEvent) -> bool {
        let mut mods = event.modifiers;
        if matches!(event.code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        if event.code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        self.0 == event.code && self.1 == mods
    }

    /// How the chord is written in the help: `q`, `Ctrl-s`, `↑`, `Tab`.
    pub fn label(self) -> String {
        let base = match self.0 {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.1.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One entry of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys; the first is the one shown in the hint bar.
    pub keys: &'static [Chord],
    /// What it does.
    pub command: Command,
    /// The description in the help overlay.
    pub help: &'static str,
    /// The short label in the hint bar, if it is shown there.
    pub hint: Option<&'static str>,
}

const fn bind(
    mode: Mode,
    keys: &'static [Chord],
    command: Command,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        mode,
        keys,
        command,
        help,
        hint,
    }
}

use Mode::*;

/// The keymap. Order matters twice: the first match wins, and the hint bar lists hints in
/// this order.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Start screen
    bind(Start, &[key(KeyCode::Enter)], Command::Edit, "open the selected session", Some("open")),
    bind(Start, &[ch('n')], Command::NewSession, "start a new session", Some("new")),
    bind(Start, &[ch('e')], Command::OpenExample, "open the bundled example session", Some("example")),
    bind(Start, &[key(KeyCode::Up), ch('k')], Command::Up, "previous session", None),
    bind(Start, &[key(KeyCode::Down), ch('j')], Command::Down, "next session", Some("move")),
    bind(Start, &[ch('r')], Command::Refresh, "reread the sessions folder", None),
    bind(Start, &[ch('R')], Command::Revise, "start the next revision of the selected session", Some("revise")),
    bind(Start, &[ch('?')], Command::Help, "show this help", Some("help")),
    bind(Start, &[ch('q'), ctrl('c')], Command::Quit, "quit", Some("quit")),
    bind(Start, &[ctrl('z')], Command::Suspend, "suspend to the shell (fg brings it back)", None),
    // Scope
    bind(Scope, &[ch('a')], Command::Add, "add an item to the group under the cursor", Some("add")),
    bind(Scope, &[key(KeyCode::Enter), ch('e')], Command::Edit, "edit the item under the cursor", Some("edit")),
    bind(Scope, &[ch('d'), key(KeyCode::Delete)], Command::Delete, "delete the item under the cursor (asks first)", Some("delete")),
    bind(Scope, &[key(KeyCode::Up), ch('k')], Command::Up, "move up", None),
    bind(Scope, &[key(KeyCode::Down), ch('j')], Command::Down, "move down", Some("move")),
    bind(Scope, &[key(KeyCode::PageUp)], Command::PageUp, "a page up", None),
    bind(Scope, &[key(KeyCode::PageDown)], Command::PageDown, "a page down", None),
    bind(Scope, &[key(KeyCode::Home), ch('g')], Command::Top, "first row", None),
    bind(Scope, &[key(KeyCode::End), ch('G')], Command::Bottom, "last row", None),
    // Threats
    bind(Threats, &[ch('a')], Command::Add, "add a threat to the cell", Some("add threat")),
    bind(Threats, &[ch('n')], Command::NothingFound, "considered, nothing found (with a reason)", Some("nothing found")),
    bind(Threats, &[key(KeyCode::Tab)], Command::NextUnconsidered, "walk to the next cell not yet considered", Some("next unconsidered")),
    bind(Threats, &[ch('s')], Command::Suggest, "suggest common threats for the cell", Some("suggest")),
    bind(Threats, &[ch('m')], Command::MorePrompts, "more (or fewer) prompt questions", None),
    bind(Threats, &[key(KeyCode::Enter), ch('e')], Command::Edit, "edit the selected threat of the cell", None),
    bind(Threats, &[ch('d'), key(KeyCode::Delete)], Command::Delete, "delete the selected threat, or the \"nothing found\" mark", None),
    bind(Threats, &[ch('J')], Command::PickNext, "select the next threat of the cell", None),
    bind(Threats, &[ch('K')], Command::PickPrev, "select the previous threat of the cell", None),
    bind(Threats, &[key(KeyCode::Left), ch('h')], Command::Left, "previous category", None),
    bind(Threats, &[key(KeyCode::Right), ch('l')], Command::Right, "next category", None),
    bind(Threats, &[key(KeyCode::Up), ch('k')], Command::Up, "previous element", None),
    bind(Threats, &[key(KeyCode::Down), ch('j')], Command::Down, "next element", None),
    bind(Threats, &[key(KeyCode::PageUp)], Command::PageUp, "a page up", None),
    bind(Threats, &[key(KeyCode::PageDown)], Command::PageDown, "a page down", None),
    bind(Threats, &[key(KeyCode::Home), ch('g')], Command::Top, "first element", None),
    bind(Threats, &[key(KeyCode::End), ch('G')], Command::Bottom, "last element", None),
    // Decisions
    bind(Decisions, &[key(KeyCode::Enter), ch('e')], Command::Edit, "decide: a new decision, or edit the selected one", Some("decide")),
    bind(Decisions, &[ch('a')], Command::Add, "another decision for this threat (defence in depth)", None),
    bind(Decisions, &[ch('J')], Command::PickNext, "select the threat's next decision", None),
    bind(Decisions, &[ch('K')], Command::PickPrev, "select the threat's previous decision", None),
    bind(Decisions, &[ch(' ')], Command::Mark, "mark or unmark a threat: one decision answers all marked", Some("mark")),
    bind(Decisions, &[ch('A')], Command::AcceptShortcut, "accept the risk (owner and review date required)", Some("accept")),
    bind(Decisions, &[ch('d'), key(KeyCode::Delete)], Command::Delete, "delete the selected decision (asks first)", None),
    bind(Decisions, &[key(KeyCode::Up), ch('k')], Command::Up, "move up", None),
    bind(Decisions, &[key(KeyCode::Down), ch('j')], Command::Down, "move down", None),
    bind(Decisions, &[key(KeyCode::PageUp)], Command::PageUp, "a page up", None),
    bind(Decisions, &[key(KeyCode::PageDown)], Command::PageDown, "a page down", None),
    bind(Decisions, &[key(KeyCode::Home), ch('g')], Command::Top, "first threat", None),
    bind(Decisions, &[key(KeyCode::End), ch('G')], Command::Bottom, "last threat", None),
    // Review
    bind(Review, &[ch('f'), key(KeyCode::Enter)], Command::FollowUp, "turn the parking-lot item into a follow-up, or back", Some("follow-up")),
    bind(Review, &[ch('r')], Command::Retrospective, "write the retrospective", Some("retrospective")),
    bind(Review, &[ch('x')], Command::ExportPreview, "preview the ticket-ready export", Some("export")),
    bind(Review, &[ch('d'), key(KeyCode::Delete)], Command::Delete, "remove the parking-lot item (asks first)", None),
    bind(Review, &[key(KeyCode::Up), ch('k')], Command::Up, "previous parking-lot item", None),
    bind(Review, &[key(KeyCode::Down), ch('j')], Command::Down, "next parking-lot item", None),
    bind(Review, &[key(KeyCode::PageUp)], Command::PageUp, "scroll the review up", None),
    bind(Review, &[key(KeyCode::PageDown)], Command::PageDown, "scroll the review down", None),
    // Export preview
    bind(Export, &[key(KeyCode::Right), ch('l')], Command::Right, "next format", Some("format")),
    bind(Export, &[key(KeyCode::Left), ch('h')], Command::Left, "previous format", None),
    bind(Export, &[ch('w')], Command::ExportWrite, "write it beside the session file", Some("write")),
    bind(Export, &[ch('c')], Command::ExportCopy, "copy it to the clipboard (OSC 52)", Some("copy")),
    bind(Export, &[key(KeyCode::Up), ch('k')], Command::Up, "scroll up", None),
    bind(Export, &[key(KeyCode::Down), ch('j')], Command::Down, "scroll down", Some("scroll")),
    bind(Export, &[key(KeyCode::PageUp)], Command::PageUp, "a page up", None),
    bind(Export, &[key(KeyCode::PageDown), ch(' ')], Command::PageDown, "a page down", None),
    bind(Export, &[key(KeyCode::Esc), ch('q')], Command::Cancel, "close", Some("close")),
    // Suggestions
    bind(Suggest, &[key(KeyCode::Enter), ch('a')], Command::Add, "add the suggestion as a threat", Some("add")),
    bind(Suggest, &[key(KeyCode::Up), ch('k')], Command::Up, "previous suggestion", None),
    bind(Suggest, &[key(KeyCode::Down), ch('j')], Command::Down, "next suggestion", Some("move")),
    bind(Suggest, &[key(KeyCode::Esc), ch('q')], Command::Cancel, "close", Some("close")),
    // Anywhere in a session
    bind(Session, &[ch(']')], Command::NextPhase, "next phase", Some("next phase")),
    bind(Session, &[ch('[')], Command::PrevPhase, "previous phase", None),
    bind(Session, &[ch('1')], Command::GoPhase(Phase::Scope), "phase 1: Scope", None),
    bind(Session, &[ch('2')], Command::GoPhase(Phase::Threats), "phase 2: Threats", None),
    bind(Session, &[ch('3')], Command::GoPhase(Phase::Decisions), "phase 3: Decisions", None),
    bind(Session, &[ch('4')], Command::GoPhase(Phase::Review), "phase 4: Review", None),
    bind(Session, &[ch('u')], Command::Undo, "undo the last change", None),
    bind(Session, &[ctrl('r')], Command::Redo, "redo", None),
    bind(Session, &[ch('/')], Command::Filter, "filter elements and threats by text", None),
    bind(Session, &[key(KeyCode::Esc)], Command::Cancel, "clear the filter", None),
    bind(Session, &[ch('p')], Command::TogglePause, "pause or resume the clock", Some("pause")),
    bind(Session, &[ch('P')], Command::Park, "park a point in the parking lot", Some("park")),
    bind(Session, &[ch('F')], Command::BigClock, "big clock for the projector", None),
    bind(Session, &[ch('o')], Command::Close, "back to the list of sessions (saves first)", None),
    bind(Session, &[ch('?')], Command::Help, "show this help", Some("help")),
    bind(Session, &[ch('q'), ctrl('c')], Command::Quit, "save and quit", Some("quit")),
    bind(Session, &[ctrl('z')], Command::Suspend, "save and suspend to the shell (fg brings it back)", None),
    bind(Session, &[ch('Q')], Command::QuitWithoutSaving, "quit without saving (only after a save failed)", None),
    // Forms
    bind(Form, &[key(KeyCode::Tab)], Command::NextField, "next field", Some("next field")),
    bind(Form, &[key(KeyCode::BackTab)], Command::PrevField, "previous field", None),
    bind(Form, &[key(KeyCode::Enter)], Command::Enter, "next field; on the last field, save (multi-line fields: new line)", None),
    bind(Form, &[ctrl('s')], Command::Submit, "save the form", Some("save")),
    bind(Form, &[key(KeyCode::Esc), ctrl('c')], Command::Cancel, "cancel (asks if anything changed)", Some("cancel")),
    bind(FormChoice, &[key(KeyCode::Left)], Command::ChoicePrev, "previous option (ratings: or type 0-5)", None),
    bind(FormChoice, &[key(KeyCode::Right)], Command::ChoiceNext, "next option", Some("choose")),
    bind(FormChoice, &[key(KeyCode::Up)], Command::PrevField, "previous field", None),
    bind(FormChoice, &[key(KeyCode::Down)], Command::NextField, "next field", None),
    bind(FormCheck, &[key(KeyCode::Up)], Command::ChoicePrev, "previous item", None),
    bind(FormCheck, &[key(KeyCode::Down)], Command::ChoiceNext, "next item", None),
    bind(FormCheck, &[ch(' ')], Command::Toggle, "tick or untick", Some("tick")),
    // Questions and help
    bind(Confirm, &[ch('y')], Command::Yes, "yes", Some("yes")),
    bind(Confirm, &[ch('n'), key(KeyCode::Esc)], Command::Cancel, "no", Some("no")),
    bind(Filter, &[key(KeyCode::Enter), ctrl('s')], Command::Enter, "keep the filter", Some("keep")),
    bind(Filter, &[key(KeyCode::Esc), ctrl('c')], Command::Cancel, "clear the filter", Some("clear")),
    bind(Help, &[key(KeyCode::Esc), ch('?'), ch('q')], Command::Cancel, "close the help", Some("close")),
    bind(Help, &[key(KeyCode::Up), ch('k')], Command::Up, "scroll up", None),
    bind(Help, &[key(KeyCode::Down), ch('j')], Command::Down, "scroll down", Some("scroll")),
    bind(Help, &[key(KeyCode::PageUp)], Command::PageUp, "a page up", None),
    bind(Help, &[key(KeyCode::PageDown), ch(' ')], Command::PageDown, "a page down", None),
    bind(Help, &[key(KeyCode::Home), ch('g')], Command::Top, "top", None),
    bind(Help, &[key(KeyCode::End), ch('G')], Command::Bottom, "bottom", None),
];

/// The keys bound to `command` in `mode`, as the help writes them (`q`, `Ctrl-s`, `Enter`):
/// every key a message, a hint or a prompt names comes from here. A pair that always goes
/// together reads as one (`↑↓`, `←→`). Unbound, it says so rather than invent a key.
pub fn keys_for(mode: Mode, command: &Command) -> String {
    let Some(binding) = BINDINGS
        .iter()
        .find(|b| b.mode == mode && b.command == *command)
    else {
        return format!("(no key for {command:?})");
    };
    binding.keys.first().map(|k| k.label()).unwrap_or_default()
}

/// Whether `command` has a key in `mode`.
pub fn is_bound(mode: Mode, command: &Command) -> bool {
    BINDINGS
        .iter()
        .any(|b| b.mode == mode && b.command == *command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chords_match_letters_with_or_without_shift() {
        let shifted = KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT);
        assert!(ch('P').matches(&shifted));
        assert!(!ch('p').matches(&shifted));
        assert!(ctrl('s').matches(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
        assert!(!ch('s').matches(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
        assert_eq!(ctrl('s').label(), "Ctrl-s");
    }

    /// Where each mode stands in [`Mode::ALL`]: a new mode does not compile until it is
    /// placed here, and the test then holds `ALL` to it, so the help cannot leave it out.
    fn position(mode: Mode) -> usize {
        match mode {
            Mode::Session => 0,
            Mode::Start => 1,
            Mode::Scope => 2,
            Mode::Threats => 3,
            Mode::Decisions => 4,
            Mode::Review => 5,
            Mode::Suggest => 6,
            Mode::Export => 7,
            Mode::Form => 8,
            Mode::FormChoice => 9,
            Mode::FormCheck => 10,
            Mode::Confirm => 11,
            Mode::Filter => 12,
            Mode::Help => 13,
        }
    }

    #[test]
    fn every_mode_is_listed_once_in_the_help() {
        for (i, mode) in Mode::ALL.into_iter().enumerate() {
            assert_eq!(position(mode), i, "{mode:?} is out of place in Mode::ALL");
        }
    }

    #[test]
    fn every_overlay_can_be_closed_and_every_mode_has_keys() {
        for mode in Mode::ALL {
            assert!(
                BINDINGS.iter().any(|b| b.mode == mode),
                "{mode:?} has no keys"
            );
            // A form field's mode sits on top of the form's, which has Cancel.
            let closes = match mode {
                Mode::FormChoice | Mode::FormCheck => Mode::Form,
                other => other,
            };
            if mode.is_overlay() {
                assert!(
                    is_bound(closes, &Command::Cancel),
                    "{mode:?} has no key that closes it"
                );
            }
        }
    }

    #[test]
    fn no_two_bindings_of_one_mode_share_a_key() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.mode == b.mode {
                    for chord in a.keys {
                        assert!(
                            !b.keys.contains(chord),
                            "{:?} {} is bound twice",
                            a.mode,
                            chord.label()
                        );
                    }
                }
            }
        }
    }
}
