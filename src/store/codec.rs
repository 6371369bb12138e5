//! The session's text form: pretty RON that reads and diffs well, and the parser that turns
//! untrusted bytes back into a validated session or a typed error with line and column.

use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;

use super::error::{LoadError, Position};
use crate::model::{FORMAT_VERSION, Session, ValidationError, validate};

/// Options used for every parse: ron's default recursion limit (128) stays on, and `Some`
/// may be left out, as files written by threatbench do.
fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// The session as threatbench writes it: named structs, one field per line, multi-line text
/// kept as real lines rather than `\n` escapes, so that `git diff` shows what changed.
pub fn to_ron(session: &Session) -> Result<String, ron::Error> {
    let config = PrettyConfig::new()
        .struct_names(true)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME);
    let mut text = ron::ser::to_string_pretty(session, config)?;
    text.push('\n');
    Ok(text)
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
    let path: PathBuf = path.to_owned();
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
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
        found,
    };
    let session: Session = match options().from_str(text) {
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
    validate(&session).map_err(|error| LoadError::Invalid {
        position: locate(text, &error),
        path,
        error: Box::new(error),
    })?;
    Ok(session)
}

/// Where in `text` the problem `error` is: the offending character, the second use of a
/// duplicated ID, or the item the error names.
fn locate(text: &str, error: &ValidationError) -> Option<Position> {
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
