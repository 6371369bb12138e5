//! Checks a parsed session for what the type system cannot: unique IDs, references that
//! resolve, values in range, a known format version, and text free of control characters.
//! Each problem comes with the path of the value at fault, so that a loader can point at it.

mod references;
mod texts;

use super::hasher::set_with_capacity;

#[cfg(test)]
pub(crate) use texts::{TextField, fields as text_fields};

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::element::KindTag;
use super::id::{Id, IdKind};
use super::path::FieldPath;
use super::session::{FORMAT_VERSION, OLDEST_FORMAT, Phase, Session};
use super::stride::{Category, CategorySet};
use super::threat::indefinite_article;

/// The most minutes one phase may be planned for (a full working day).
pub const MAX_PHASE_MINUTES: u32 = 8 * 60;
/// The highest number an ID counter may reach: far beyond any session, far from overflow.
pub const MAX_COUNTER: u32 = 9_999_999;
/// The most seconds a phase can have run: a year. Keeps sums far from overflow.
pub const MAX_ELAPSED_SECS: u64 = 366 * 24 * 60 * 60;

/// Why a parsed session is not a valid one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    /// The format number is not one this build knows.
    #[error(
        "unknown format version {found} (this threatbench reads formats {OLDEST_FORMAT} to \
         {FORMAT_VERSION})"
    )]
    UnknownFormat {
        /// The number found in the file.
        found: u32,
    },
    /// The title is empty.
    #[error("the session has no title")]
    EmptyTitle,
    /// A name, title or summary that must say something is empty.
    #[error("{place} is empty")]
    Empty {
        /// Which text, e.g. "the name of E3".
        place: String,
        /// The item holding it, when it has an ID.
        owner: Option<Id>,
    },
    /// A data flow starts and ends at the same element.
    #[error("flow `{flow}` starts and ends at the same element")]
    FlowLoop {
        /// The flow.
        flow: Id,
    },
    /// An ID does not have the shape its place asks for.
    #[error("`{id}` is not a valid {} ID (expected {}1, {}2, ...)", .kind.noun(), .kind.prefix(), .kind.prefix())]
    MalformedId {
        /// The ID as written.
        id: Id,
        /// The kind the place asks for.
        kind: IdKind,
    },
    /// Two items share an ID.
    #[error("the ID `{id}` is used twice")]
    DuplicateId {
        /// The repeated ID.
        id: Id,
    },
    /// An ID is above the counter that should have issued it, so it could be issued again.
    #[error("`{id}` is above the last {} number issued ({last}); `counters` is behind", .kind.noun())]
    CounterBehind {
        /// The ID.
        id: Id,
        /// Its kind.
        kind: IdKind,
        /// The counter's value.
        last: u32,
    },
    /// A reference names nothing, or something of the wrong kind.
    #[error("`{owner}` refers in `{field}` to `{target}`, {problem}")]
    BadReference {
        /// The item holding the reference.
        owner: Id,
        /// The field holding it.
        field: &'static str,
        /// The ID it names.
        target: Id,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A number is outside the range its field allows.
    #[error("`{owner}` has {field} {value}, outside {range}")]
    OutOfRange {
        /// The item holding the value (or a name for session-level fields).
        owner: String,
        /// The field.
        field: &'static str,
        /// The value found.
        value: u64,
        /// The allowed range, in words.
        range: String,
    },
    /// A "considered, nothing found" note names an element that does not exist.
    #[error("a cell marked considered names the element `{element}`, which does not exist")]
    UnknownConsideredElement {
        /// The missing element.
        element: Id,
    },
    /// The same cell is marked "considered, nothing found" twice.
    #[error("the cell {element} {category:?} is marked considered twice")]
    DuplicateNothingFound {
        /// The element.
        element: Id,
        /// The category.
        category: Category,
    },
    /// A mark to review a cell again that names a cell that does not apply, or one marked
    /// before.
    #[error("the review mark on {element} {category:?} is {problem}")]
    BadReviewMark {
        /// The element.
        element: Id,
        /// The category.
        category: Category,
        /// What is wrong: "on a cell that does not apply", "there twice".
        problem: &'static str,
    },
    /// A decision answers no threat.
    #[error("decision `{id}` answers no threat")]
    EmptyDecision {
        /// The decision.
        id: Id,
    },
    /// The agenda does not list each phase once, in order.
    #[error("the agenda must list Scope, Threats, Decisions and Review once each, in that order")]
    BadAgenda,
    /// Text holds a control character, which could drive a terminal or hide content.
    #[error("{place} contains the control character U+{code:04X}")]
    ControlCharacter {
        /// Where the text is, e.g. "T3 title".
        place: String,
        /// The offending code point.
        code: u32,
        /// The item holding it, when it has an ID.
        owner: Option<Id>,
    },
    /// A threat, or a "considered, nothing found" note, on a cell the element's kind does
    /// not have (a `·` in the grid): never shown in the grid, yet listed by the exports.
    #[error("{}", not_live(.threat.as_ref(), .element, *.category, *.kind, *.live))]
    NotLive {
        /// The threat, or `None` for a "nothing found" note.
        threat: Option<Id>,
        /// The element.
        element: Id,
        /// The category that does not apply.
        category: Category,
        /// The element's kind.
        kind: KindTag,
        /// The categories that do apply to the element.
        live: CategorySet,
    },
    /// The session was last saved before it was created.
    #[error("`updated` ({updated}) is earlier than `created` ({created})")]
    UpdatedBeforeCreated {
        /// When the session was created.
        created: DateTime<Utc>,
        /// When it was last saved.
        updated: DateTime<Utc>,
    },
    /// The previous revision link is broken.
    #[error("`previous` must name a revision below {revision} and a 64-digit hex SHA-256")]
    BadPrevious {
        /// This session's revision.
        revision: u32,
    },
}

/// What [`ValidationError::NotLive`] says.
fn not_live(
    threat: Option<&Id>,
    element: &Id,
    category: Category,
    kind: KindTag,
    live: CategorySet,
) -> String {
    let what = match threat {
        Some(id) => format!("threat `{id}`"),
        None => "a \"nothing found\" note".to_owned(),
    };
    if kind == KindTag::TrustBoundary {
        return format!(
            "{what} is on the trust boundary `{element}`, which has no STRIDE cells of its own; \
             threats and notes go on the flows that cross it"
        );
    }
    let label = kind.label();
    let article = indefinite_article(label, false);
    let cells: Vec<&str> = live.iter().map(Category::name).collect();
    format!(
        "{what} is on `{element}` under {category}, which does not apply to {article} {label} \
         (its cells: {})",
        cells.join(", ")
    )
}

impl ValidationError {
    /// The ID the error is about, so that a loader can point at its line.
    pub fn subject(&self) -> Option<&Id> {
        match self {
            ValidationError::MalformedId { id, .. }
            | ValidationError::DuplicateId { id }
            | ValidationError::CounterBehind { id, .. }
            | ValidationError::EmptyDecision { id } => Some(id),
            ValidationError::BadReference { owner, .. }
            | ValidationError::FlowLoop { flow: owner } => Some(owner),
            ValidationError::Empty { owner, .. } => owner.as_ref(),
            ValidationError::DuplicateNothingFound { element, .. }
            | ValidationError::UnknownConsideredElement { element }
            | ValidationError::BadReviewMark { element, .. } => Some(element),
            ValidationError::ControlCharacter { owner, .. } => owner.as_ref(),
            ValidationError::NotLive {
                threat, element, ..
            } => Some(threat.as_ref().unwrap_or(element)),
            _ => None,
        }
    }
}

/// Checks `session`, returning the first problem found.
pub fn validate(session: &Session) -> Result<(), ValidationError> {
    validate_at(session).map_err(|(error, _)| error)
}

/// Checks `session` like [`validate`], and says where the first problem is: the path of the
/// value at fault (the second of two equal IDs, the threat's category, the escaped control
/// character's string), so that a loader can point at its line and column.
pub fn validate_at(session: &Session) -> Result<(), (ValidationError, FieldPath)> {
    if session.format != FORMAT_VERSION {
        return Err((
            ValidationError::UnknownFormat {
                found: session.format,
            },
            FieldPath::field("format"),
        ));
    }
    if is_blank(&session.title) {
        return Err((ValidationError::EmptyTitle, FieldPath::field("title")));
    }
    check_header(session)?;
    check_ids(session)?;
    references::check(session)?;
    texts::check(session)
}

/// A problem found at a path.
type Found = (ValidationError, FieldPath);

fn range_error(
    owner: impl Into<String>,
    field: &'static str,
    value: u64,
    range: String,
) -> ValidationError {
    ValidationError::OutOfRange {
        owner: owner.into(),
        field,
        value,
        range,
    }
}

fn check_header(session: &Session) -> Result<(), Found> {
    if session.updated < session.created {
        return Err((
            ValidationError::UpdatedBeforeCreated {
                created: session.created,
                updated: session.updated,
            },
            FieldPath::field("updated"),
        ));
    }
    if session.revision == 0 {
        return Err((
            range_error("session", "revision", 0, "1 and above".into()),
            FieldPath::field("revision"),
        ));
    }
    if let Some(previous) = &session.previous {
        let hex =
            previous.sha256.len() == 64 && previous.sha256.bytes().all(|b| b.is_ascii_hexdigit());
        let at = FieldPath::field("previous");
        let error = ValidationError::BadPrevious {
            revision: session.revision,
        };
        if previous.number >= session.revision {
            return Err((error, at.then("number")));
        }
        if !hex {
            return Err((error, at.then("sha256")));
        }
    }
    let agenda = FieldPath::field("agenda").then("phases");
    let phases: Vec<Phase> = session.agenda.phases.iter().map(|(p, _)| *p).collect();
    if phases != Phase::ALL {
        // The first phase out of place, or the list itself when it is short.
        let at = match phases.iter().zip(Phase::ALL).position(|(a, b)| *a != b) {
            Some(i) => agenda.at(i).at(0),
            None if phases.len() > Phase::ALL.len() => agenda.at(Phase::ALL.len()),
            None => agenda,
        };
        return Err((ValidationError::BadAgenda, at));
    }
    for (i, (phase, minutes)) in session.agenda.phases.iter().enumerate() {
        if *minutes > MAX_PHASE_MINUTES {
            return Err((
                range_error(
                    format!("agenda {}", phase.name()),
                    "minutes",
                    u64::from(*minutes),
                    format!("0..={MAX_PHASE_MINUTES}"),
                ),
                agenda.at(i).at(1),
            ));
        }
    }
    if session.agenda.minutes() == 0 {
        return Err((
            range_error("agenda", "minutes", 0, "at least 1 in all".into()),
            agenda,
        ));
    }
    for (phase, secs) in &session.clock.elapsed_secs {
        if *secs > MAX_ELAPSED_SECS {
            return Err((
                range_error(
                    format!("clock {}", phase.name()),
                    "elapsed_secs",
                    *secs,
                    format!("0..={MAX_ELAPSED_SECS}"),
                ),
                // Map keys are written as the variant's name.
                FieldPath::field("clock")
                    .then("elapsed_secs")
                    .key(format!("{phase:?}")),
            ));
        }
    }
    Ok(())
}

fn check_ids(session: &Session) -> Result<(), Found> {
    // The list and the counter of each kind share a name in the file.
    let groups: [(IdKind, &'static str, Vec<&Id>); 4] = [
        (
            IdKind::Element,
            "elements",
            session.elements.iter().map(|e| &e.id).collect(),
        ),
        (
            IdKind::Threat,
            "threats",
            session.threats.iter().map(|t| &t.id).collect(),
        ),
        (
            IdKind::Decision,
            "decisions",
            session.decisions.iter().map(|d| &d.id).collect(),
        ),
        (
            IdKind::Assumption,
            "assumptions",
            session.assumptions.iter().map(|a| &a.id).collect(),
        ),
    ];
    for (kind, name, ids) in groups {
        let last = session.counters.last(kind);
        if last > MAX_COUNTER {
            return Err((
                range_error(
                    "counters",
                    "last issued",
                    u64::from(last),
                    format!("0..={MAX_COUNTER}"),
                ),
                FieldPath::field("counters").then(name),
            ));
        }
        let mut seen = set_with_capacity(ids.len());
        for (i, id) in ids.into_iter().enumerate() {
            // Built only for a problem: most IDs have none.
            let at = || FieldPath::field(name).at(i).then("id");
            match id.parse() {
                Some((found, number)) if found == kind => {
                    if number > last {
                        let error = ValidationError::CounterBehind {
                            id: id.clone(),
                            kind,
                            last,
                        };
                        return Err((error, at()));
                    }
                }
                _ => {
                    let error = ValidationError::MalformedId {
                        id: id.clone(),
                        kind,
                    };
                    return Err((error, at()));
                }
            }
            if !seen.insert(id) {
                return Err((ValidationError::DuplicateId { id: id.clone() }, at()));
            }
        }
    }
    Ok(())
}

/// Whether `text` says nothing: only whitespace, invisible characters, and characters that
/// show as an empty space although they are not whitespace (the Braille blank U+2800, the
/// Hangul fillers, variation selectors). A name, title or summary made of these looks empty
/// in the grid and the exports.
pub fn is_blank(text: &str) -> bool {
    // An ASCII letter, digit or sign is none of those, and most texts start with one: no
    // need to decode a character. (No byte of a longer UTF-8 sequence is ASCII.)
    if text.bytes().any(|b| b.is_ascii_graphic()) {
        return false;
    }
    text.chars().all(says_nothing)
}

/// Whether `c` is whitespace, invisible, or shows as an empty space.
fn says_nothing(c: char) -> bool {
    c.is_whitespace() || crate::text::is_invisible_format(c) || looks_blank(c)
}

/// Characters that are neither whitespace nor control or format characters, yet show as
/// nothing or as an empty cell.
fn looks_blank(c: char) -> bool {
    matches!(
        c,
        // BRAILLE PATTERN BLANK
        '\u{2800}'
            // Hangul choseong, jungseong, compatibility and halfwidth fillers
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
            // Mongolian free variation selectors and vowel separator
            | '\u{180B}'..='\u{180F}'
            // variation selectors, which only change the glyph before them
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
            // shorthand format controls
            | '\u{1BCA0}'..='\u{1BCA3}'
            // MUSICAL SYMBOL NULL NOTEHEAD, and the musical beam and phrase controls
            | '\u{1D159}'
            | '\u{1D173}'..='\u{1D17A}'
    )
}

/// Whether `c` may appear in session text: anything but control characters, except line
/// breaks and tabs in multi-line notes.
pub fn is_allowed_char(c: char) -> bool {
    !c.is_control() || c == '\n' || c == '\t'
}

/// The first character of `text` that [`is_allowed_char`] refuses, found a block of bytes
/// at a time rather than a character at a time: the control characters are U+0000–U+001F
/// and U+007F, one byte each, and U+0080–U+009F, `C2 80`–`C2 9F` in UTF-8, and no other
/// character's encoding holds such a byte there. A block with none of those bytes, nor a
/// `C2`, is passed over whole.
pub(crate) fn first_forbidden(text: &str) -> Option<char> {
    /// Bytes looked at together: enough for the compiler to test them side by side.
    const BLOCK: usize = 16;
    let bytes = text.as_bytes();
    let suspect = |b: u8| b < 0x20 || b == 0x7F || b == 0xC2;
    let forbidden = |i: usize| match bytes[i] {
        b'\n' | b'\t' => false,
        0xC2 => bytes
            .get(i + 1)
            .is_some_and(|next| (0x80..=0x9F).contains(next)),
        b => b < 0x20 || b == 0x7F,
    };
    let mut start = 0;
    for block in bytes.chunks(BLOCK) {
        // `fold`, not `any`: no early exit, so the block's bytes are tested at once.
        if block.iter().fold(false, |hit, b| hit | suspect(*b))
            && let Some(i) = (start..start + block.len()).find(|i| forbidden(*i))
        {
            return text[i..].chars().next();
        }
        start += block.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters at every edge the fast paths draw: ASCII controls and line breaks, the C1
    /// controls and their neighbours (`C2 xx` in UTF-8), blank-looking and invisible ones,
    /// letters of two, three and four bytes, and any character at all.
    fn edge_char() -> impl Strategy<Value = char> {
        prop_oneof![
            prop::sample::select(vec![
                'a',
                '~',
                ' ',
                '\n',
                '\t',
                '\r',
                '\0',
                '\u{1b}',
                '\u{1f}',
                '\u{7f}',
                '\u{80}',
                '\u{85}',
                '\u{9f}',
                '\u{a0}',
                '\u{ad}',
                '\u{bf}',
                'Â',
                'é',
                '\u{115f}',
                '\u{200b}',
                '\u{2028}',
                '\u{2800}',
                '\u{3164}',
                '\u{fe0f}',
                '元',
                '😀',
                '\u{e0100}',
                '\u{1d159}',
            ]),
            any::<char>(),
        ]
    }

    /// Texts long enough to cross the blocks `first_forbidden` reads.
    fn edge_text() -> impl Strategy<Value = String> {
        prop::collection::vec(edge_char(), 0..48).prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        /// The block-wise search finds what a search character by character finds.
        #[test]
        fn first_forbidden_agrees_with_each_character(text in edge_text()) {
            prop_assert_eq!(
                first_forbidden(&text),
                text.chars().find(|c| !is_allowed_char(*c))
            );
        }

        /// The ASCII shortcut of `is_blank` never changes its answer.
        #[test]
        fn is_blank_agrees_with_each_character(text in edge_text()) {
            prop_assert_eq!(is_blank(&text), text.chars().all(says_nothing));
        }
    }

    #[test]
    fn forbidden_characters_are_found_across_blocks() {
        let long = "x".repeat(15);
        for (text, found) in [
            (format!("{long}\u{85}"), Some('\u{85}')),
            (format!("{long}\u{a0}\u{9f}"), Some('\u{9f}')),
            (format!("{long}é\n\ttab"), None),
            (format!("{long}{long}\u{7f}"), Some('\u{7f}')),
            ("Grüße — 元帳 😀".to_owned(), None),
        ] {
            assert_eq!(first_forbidden(&text), found, "{text:?}");
        }
        assert!(is_blank(" \u{2800}\u{3164}\u{fe0f}\n"));
        assert!(!is_blank(" \u{2800}.\u{3164}"));
    }
}
