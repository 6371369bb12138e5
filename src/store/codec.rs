//! The session's text form: pretty RON that reads and diffs well, and the parser that turns
//! untrusted bytes back into a validated session or a typed error with line and column.

mod reader;
mod spans;
mod writer;

pub use reader::fast_read;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;

use super::error::{LoadError, Position};
use crate::model::{FORMAT_VERSION, FieldPath, Session, ValidationError, validate_at};

/// Options used for every parse: ron's default recursion limit (128) stays on, and `Some`
/// may be left out, as files written by threatbench do.
fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// The session as threatbench writes it: named structs, one field per line, multi-line text
/// kept as real lines rather than `\n` escapes, so that `git diff` shows what changed.
///
/// Written by this module's own serializer (`writer.rs`): byte for byte what
/// [`to_ron_by_ron`] writes, in about a quarter of the time.
pub fn to_ron(session: &Session) -> Result<String, ron::Error> {
    let mut text = writer::to_string(session, 0)?;
    text.push('\n');
    Ok(text)
}

/// The session as ron's own pretty serializer writes it with threatbench's settings: the
/// text [`to_ron`] is held equal to (by the tests) and measured against (by the benchmarks).
#[doc(hidden)]
pub fn to_ron_by_ron(session: &Session) -> Result<String, ron::Error> {
    let mut text = ron::ser::to_string_pretty(session, pretty())?;
    text.push('\n');
    Ok(text)
}

/// ron's pretty settings for session files: named structs, `Some` left out, strings
/// unescaped (raw where they hold a quote or a backslash).
fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .struct_names(true)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME)
}

/// Only the format number, read before the rest so that a newer file is refused with a
/// clear message instead of a confusing "unknown field" one.
#[derive(Deserialize)]
#[serde(rename = "Session")]
struct FormatProbe {
    format: u32,
}

/// Parses and validates session text. `path` only names the file in errors.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Session, LoadError> {
    decode(path, bytes, false).map(|(session, _)| session)
}

/// [`from_bytes`], and the line and column of every list item's `id` (the first, if one is
/// written twice), found in the same reading of the text that looks for repeated keys.
pub fn from_bytes_located(
    path: &Path,
    bytes: &[u8],
) -> Result<(Session, HashMap<String, Position>), LoadError> {
    decode(path, bytes, true)
}

fn decode(
    path: &Path,
    bytes: &[u8],
    want_ids: bool,
) -> Result<(Session, HashMap<String, Position>), LoadError> {
    let path: PathBuf = path.to_owned();
    // `contains` looks a word at a time; a byte loop was a tenth of a load.
    if bytes.contains(&0)
        && let Some(offset) = bytes.iter().position(|b| *b == 0)
    {
        let position = Position::at_offset(bytes, offset);
        return Err(LoadError::NulByte { path, position });
    }
    // Some editors start UTF-8 files with a byte-order mark; it carries no meaning here.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        position: Position::at_offset(bytes, e.valid_up_to()),
        path: path.clone(),
    })?;
    let newer = |found| LoadError::NewerFormat {
        path: path.clone(),
        position: spans::find(text, &FieldPath::field("format"))
            .filter(|(_, exact)| *exact)
            .map(|(span, _)| Position::at_offset(text.as_bytes(), span.start)),
        found,
    };
    // The fast reader first. It refuses whatever it is not sure ron reads the same way, and
    // ron, the authority, reads that again: every error stays ron's, with line and column.
    let fast = reader::from_str::<Session>(text).ok();
    let read_by_ron = fast.is_none();
    let mut session: Session = match fast.map_or_else(|| options().from_str(text), Ok) {
        Ok(session) => session,
        Err(e) => {
            // Only when the full parse fails is it worth a second pass for the format
            // number: a newer file deserves "upgrade", not "unknown field".
            if let Ok(probe) = options().from_str::<FormatProbe>(text)
                && probe.format > FORMAT_VERSION
            {
                return Err(newer(probe.format));
            }
            return Err(LoadError::Syntax {
                path: path.clone(),
                position: Position {
                    line: e.span.start.line,
                    col: e.span.start.col,
                },
                message: e.code.to_string(),
            });
        }
    };
    if session.format > FORMAT_VERSION {
        return Err(newer(session.format));
    }
    // An older file is read as this build's format, and written so on the next save.
    session.upgrade();
    // ron keeps the last of two equal keys without a word: a file that says two things about
    // one key is refused rather than half read. The fast reader refuses such a file itself,
    // so the scan runs only after ron has read the file, or for the IDs' positions.
    let scan = if read_by_ron || want_ids {
        spans::scan(text, want_ids)
    } else {
        spans::Scan::default()
    };
    if let Some(twice) = scan.duplicate {
        let at = |offset| Position::at_offset(text.as_bytes(), offset);
        return Err(LoadError::Syntax {
            position: at(twice.second),
            message: format!(
                "the key `{}` is written twice in this map (first at {}); keep one",
                crate::text::fit(&crate::text::one_line(&twice.key), 40),
                at(twice.first)
            ),
            path,
        });
    }
    validate_at(&session).map_err(|(error, at)| LoadError::Invalid {
        position: locate(text, &error, &at),
        path,
        error: Box::new(error),
    })?;
    Ok((session, positions(text, scan.ids)))
}

/// The line and column of every list item's `id` value in `text` (the first, if one is
/// written twice), in one pass over the text.
pub fn id_positions(text: &str) -> HashMap<String, Position> {
    positions(text, spans::scan(text, true).ids)
}

/// Each ID with the line and column of its offset, counted in one pass.
fn positions(text: &str, ids: Vec<(String, usize)>) -> HashMap<String, Position> {
    let offsets: Vec<usize> = ids.iter().map(|(_, offset)| *offset).collect();
    let positions = Position::at_offsets(text, &offsets);
    let mut out = HashMap::with_capacity(ids.len());
    for ((id, _), position) in ids.into_iter().zip(positions) {
        out.entry(id).or_insert(position);
    }
    out
}

/// Where in `text` the value at `at` is, for the problem `error`: the offending character
/// itself for a control character, else the start of the value (or of the nearest value
/// around it that the file writes out).
fn locate(text: &str, error: &ValidationError, at: &FieldPath) -> Option<Position> {
    let position = |offset| Some(Position::at_offset(text.as_bytes(), offset));
    let Some((span, exact)) = spans::find(text, at) else {
        return locate_by_search(text, error);
    };
    if let ValidationError::ControlCharacter { code, .. } = error
        && exact
        && let Some(chars) = spans::decode(&text[span.start..span.end])
        && let Some((offset, _)) = chars.iter().find(|(_, c)| u32::from(*c) == *code)
    {
        return position(span.start + offset);
    }
    position(span.start)
}

/// The old way, for text the span reading does not follow: search the text for the
/// offending character or the ID the error names.
fn locate_by_search(text: &str, error: &ValidationError) -> Option<Position> {
    match error {
        ValidationError::ControlCharacter { code, owner, .. } => {
            let raw = char::from_u32(*code).and_then(|c| text.find(c));
            raw.map(|offset| Position::at_offset(text.as_bytes(), offset))
                .or_else(|| {
                    owner
                        .as_ref()
                        .and_then(|id| Position::of_id(text, id.as_str()))
                })
        }
        ValidationError::DuplicateId { id } => {
            let needle = format!("id: \"{id}\"");
            let first = text.find(&needle)?;
            let second = text[first + needle.len()..].find(&needle)? + first + needle.len();
            Some(Position::at_offset(text.as_bytes(), second))
        }
        ValidationError::BadAgenda => text
            .find("agenda:")
            .map(|o| Position::at_offset(text.as_bytes(), o)),
        other => other
            .subject()
            .and_then(|id| Position::of_id(text, id.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agenda, Phase};

    fn sample() -> Session {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 5)).collect(),
        };
        let mut s = Session::new("Refund API", agenda, chrono::Utc::now());
        s.ticket = Some("PAY-142".into());
        s.retrospective.worked = "two lines\nof \"notes\"".into();
        s
    }

    #[test]
    fn text_reads_well() {
        let text = to_ron(&sample()).unwrap();
        assert!(text.contains("Session("), "{text}");
        assert!(
            text.contains("ticket: \"PAY-142\""),
            "implicit Some: {text}"
        );
        assert!(text.contains("two lines\nof"), "real line breaks: {text}");
        assert_eq!(
            from_bytes(Path::new("x.ron"), text.as_bytes()).unwrap(),
            sample_like(&text)
        );
    }

    fn sample_like(text: &str) -> Session {
        options().from_str(text).unwrap()
    }

    /// A session with something in every text field, every kind of element among them.
    fn full() -> Session {
        use crate::model::{
            Assumption, Category, Decision, DecisionKind, DecisionStatus, Element, ElementKind,
            Grammar, Id, NothingFound, ParkingItem, Participant, Threat,
        };
        let mut s = sample();
        s.notes = "session notes\nsecond line".into();
        s.participants.push(Participant {
            name: "Ana".into(),
            role: Some("scribe \"quoted\"".into()),
        });
        let kinds = [
            ElementKind::ExternalEntity,
            ElementKind::Process,
            ElementKind::DataFlow {
                from: "E1".into(),
                to: "E2".into(),
                data: "order\nid".into(),
            },
            ElementKind::ThirdParty {
                supplier: "Stripe".into(),
                version: Some("1.0".into()),
                purl: Some("pkg:cargo/x@1".into()),
            },
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            s.elements.push(Element {
                id: Id::from(format!("E{}", i + 1).as_str()),
                kind,
                name: format!("name {i} é😀"),
                notes: format!("notes {i}\n\ttabbed \\ back"),
            });
        }
        s.counters.elements = 4;
        s.assets.push("refund balances".into());
        s.assumptions.push(Assumption {
            id: "A1".into(),
            text: "TLS ends at the balancer".into(),
        });
        s.counters.assumptions = 1;
        s.threats.push(Threat {
            id: "T1".into(),
            element: "E2".into(),
            category: Category::Spoofing,
            title: "title".into(),
            grammar: Grammar {
                source: "source".into(),
                prerequisites: "prerequisites".into(),
                action: "action".into(),
                impact: "impact".into(),
                assets: "assets".into(),
            },
            likelihood: Some(2),
            impact: None,
            residual_likelihood: Some(2),
            residual_impact: Some(3),
            references: vec!["CWE-79".parse().unwrap(), "CAPEC-63".parse().unwrap()],
            notes: "threat notes".into(),
        });
        s.counters.threats = 1;
        s.considered.push(NothingFound {
            element: "E2".into(),
            category: Category::Tampering,
            note: "signed builds".into(),
        });
        s.decisions.push(Decision {
            id: "D1".into(),
            kind: DecisionKind::Mitigate,
            threats: vec!["T1".into()],
            summary: "summary".into(),
            rationale: "rationale".into(),
            owner: Some("Bo".into()),
            ticket: Some("PAY-1".into()),
            status: DecisionStatus::Open,
            review_by: None,
            requirements: Vec::new(),
        });
        s.counters.decisions = 1;
        s.parking_lot.push(ParkingItem {
            text: "later".into(),
            follow_up: true,
        });
        s.retrospective.change = "less".into();
        s
    }

    #[test]
    fn every_text_field_is_found_where_the_file_writes_it() {
        let session = full();
        assert_eq!(crate::model::validate(&session), Ok(()));
        let text = to_ron(&session).unwrap();
        let fields = crate::model::text_fields(&session);
        assert!(fields.len() > 30, "{}", fields.len());
        for crate::model::TextField {
            path, text: value, ..
        } in fields
        {
            let (span, exact) = spans::find(&text, &path).unwrap_or_else(|| panic!("{path}"));
            assert!(exact, "{path} is not in\n{text}");
            let literal = &text[span.start..span.end];
            let read: String = spans::decode(literal)
                .unwrap_or_else(|| panic!("{path}: {literal}"))
                .into_iter()
                .map(|(_, c)| c)
                .collect();
            assert_eq!(read, value, "{path}");
        }
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err =
            from_bytes(Path::new("s.ron"), b"Session(\n  format: 1,\n  title: ]\n)").unwrap_err();
        match err {
            LoadError::Syntax { position, .. } => assert_eq!(position.line, 3),
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(test)]
mod id_tests {
    use super::*;

    #[test]
    fn every_id_is_found_on_its_own_line_in_one_pass() {
        let text = std::fs::read_to_string("sessions/refund-api.ron").unwrap();
        let ids = id_positions(&text);
        let session = from_bytes(Path::new("x.ron"), text.as_bytes()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let all = session
            .elements
            .iter()
            .map(|e| &e.id)
            .chain(session.threats.iter().map(|t| &t.id))
            .chain(session.decisions.iter().map(|d| &d.id));
        for id in all {
            let at = ids[id.as_str()];
            let line = lines[at.line - 1];
            assert_eq!(
                &line[at.col - 1..],
                format!("\"{id}\","),
                "{id} at {at}: {line}"
            );
        }
        // An `id:` inside a text or a reference elsewhere is not an item's ID.
        let tricky =
            "Session(notes: \"id: \\\"T9\\\"\", threats: [Threat(id: \"T1\", element: \"E1\")])";
        let ids = id_positions(tricky);
        assert_eq!(ids.len(), 1, "{ids:?}");
        assert_eq!(ids["T1"], Position { line: 1, col: 51 });
    }
}
