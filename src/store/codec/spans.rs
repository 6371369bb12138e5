//! Where values are in session text. ron keeps no position for a value it accepted, so a
//! second, lenient reading of the same text finds the span of the value at a path
//! (`threats[2].likelihood`) and the keys a map holds twice. It gives up, rather than
//! guesses, on anything it does not understand.

use std::collections::HashMap;

use crate::model::{FieldPath, Step};

/// Deeper than this, the reading gives up (ron stops at 128 levels).
const MAX_DEPTH: usize = 256;

/// A byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A key written twice in one map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Duplicate {
    /// The key, as written (a string key decoded).
    pub key: String,
    /// Where it is first written.
    pub first: usize,
    /// Where it is written again.
    pub second: usize,
}

/// What one lenient reading of a whole text finds.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// The first key written twice in a map, if any.
    pub duplicate: Option<Duplicate>,
    /// When asked for: the `id` of every item in the session's lists (elements, threats,
    /// decisions, assumptions), as written, with the byte offset of its value, in text
    /// order; as much as was read when the text is not one this reading follows.
    pub ids: Vec<(String, usize)>,
}

/// Reads `text` once for a key written twice and, when `ids` is set, every item's ID.
pub(super) fn scan(text: &str, ids: bool) -> Scan {
    let mut reader = Reader::new(text, None);
    reader.ids = ids.then(Vec::new);
    // A text this reading does not follow has no duplicate it can name.
    let _ = reader.document();
    Scan {
        duplicate: reader.duplicate,
        ids: reader.ids.unwrap_or_default(),
    }
}

/// The span of the value at `path` in `text`, or of the nearest value above it that is
/// there (the threat, when its `likelihood` is left out), with whether it is the value itself.
pub(super) fn find(text: &str, path: &FieldPath) -> Option<(Span, bool)> {
    let mut reader = Reader::new(text, Some(path.steps()));
    let _ = reader.document();
    reader
        .best
        .map(|(depth, span)| (span, depth == path.steps().len()))
}

/// One step of the reading's own path: field names point into the text.
#[derive(Debug)]
enum Seg<'t> {
    Field(&'t str),
    Index(usize),
    Key(String),
}

impl Seg<'_> {
    fn is(&self, step: &Step) -> bool {
        match (self, step) {
            (Seg::Field(a), Step::Field(b)) => a == b,
            (Seg::Index(a), Step::Index(b)) => a == b,
            (Seg::Key(a), Step::Key(b)) => a == b,
            _ => false,
        }
    }
}

/// Why a reading stopped early.
enum Stop {
    /// The value looked for is found.
    Found,
    /// The text is not something this reading follows.
    Lost,
}

type Read<T = ()> = Result<T, Stop>;

struct Reader<'t, 'p> {
    text: &'t str,
    pos: usize,
    path: Vec<Seg<'t>>,
    /// How many values are open around the one being read.
    depth: usize,
    /// Inside a map key or an attribute: not where anything is looked for.
    quiet: usize,
    target: Option<&'p [Step]>,
    best: Option<(usize, Span)>,
    duplicate: Option<Duplicate>,
    /// When asked for: the `id` of every item of a top-level list, as written, with where
    /// its value starts.
    ids: Option<Vec<(String, usize)>>,
}

/// Whitespace as ron reads it.
fn is_ws(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl<'t, 'p> Reader<'t, 'p> {
    fn new(text: &'t str, target: Option<&'p [Step]>) -> Self {
        Reader {
            text,
            pos: 0,
            path: Vec::new(),
            depth: 0,
            quiet: 0,
            target,
            best: None,
            duplicate: None,
            ids: None,
        }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Read {
        if self.eat(c) { Ok(()) } else { Err(Stop::Lost) }
    }

    /// Skips whitespace and comments (`//` to the end of the line, nested `/* */`).
    fn ws(&mut self) -> Read {
        loop {
            let skip = self.rest().len() - self.rest().trim_start_matches(is_ws).len();
            self.pos += skip;
            let rest = self.rest();
            if rest.starts_with("//") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                let mut level = 0usize;
                let mut i = 0;
                let bytes = rest.as_bytes();
                loop {
                    match bytes.get(i..i + 2) {
                        Some(b"/*") => {
                            level += 1;
                            i += 2;
                        }
                        Some(b"*/") => {
                            level -= 1;
                            i += 2;
                            if level == 0 {
                                break;
                            }
                        }
                        Some(_) => i += 1,
                        None => return Err(Stop::Lost),
                    }
                }
                self.pos += i;
            } else {
                return Ok(());
            }
        }
    }

    /// The whole text: `#![enable(...)]` attributes, then one value.
    fn document(&mut self) -> Read {
        self.ws()?;
        while self.rest().starts_with("#!") {
            self.pos += 2;
            self.ws()?;
            self.quiet += 1;
            self.value()?;
            self.quiet -= 1;
            self.ws()?;
        }
        self.value()?;
        self.ws()
    }

    /// Notes that the value at the current path spans `span`.
    fn reached(&mut self, span: Span) -> Read {
        if let Some(ids) = &mut self.ids
            && self.quiet == 0
            && let [Seg::Field(_), Seg::Index(_), Seg::Field("id")] = self.path[..]
        {
            ids.push((key_text(&self.text[span.start..span.end]), span.start));
        }
        let Some(target) = self.target else {
            return Ok(());
        };
        if self.quiet > 0 || self.path.len() > target.len() {
            return Ok(());
        }
        if !self.path.iter().zip(target).all(|(seg, step)| seg.is(step)) {
            return Ok(());
        }
        // Inner values end first: a deeper match is never replaced by the value around it,
        // and `Some(x)` keeps the span of `x`.
        if self.best.is_none_or(|(depth, _)| self.path.len() > depth) {
            self.best = Some((self.path.len(), span));
        }
        if self.path.len() == target.len() {
            return Err(Stop::Found);
        }
        Ok(())
    }

    fn value(&mut self) -> Read {
        // Map keys and `Some` add no step to the path: depth is counted apart.
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop::Lost);
        }
        let start = self.pos;
        let rest = self.rest();
        let c = rest.chars().next().ok_or(Stop::Lost)?;
        match c {
            '"' => self.string()?,
            '\'' => self.character()?,
            '(' => self.parens(None)?,
            '[' => self.list()?,
            '{' => self.map()?,
            'b' if ["b\"", "b'", "br\"", "br#"]
                .iter()
                .any(|p| rest.starts_with(p)) =>
            {
                self.pos += 1;
                match self.peek() {
                    Some('\'') => self.character()?,
                    Some('"') => self.string()?,
                    _ => self.raw_string()?,
                }
            }
            'r' if ["r\"", "r#\"", "r##"].iter().any(|p| rest.starts_with(p)) => {
                self.raw_string()?
            }
            c if is_ident_start(c) || rest.starts_with("r#") => {
                let name = self.ident()?;
                let before = self.pos;
                self.ws()?;
                if self.peek() == Some('(') {
                    self.parens(Some(name))?;
                } else {
                    self.pos = before;
                }
            }
            c if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') => {
                let len = rest
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-'))
                    })
                    .unwrap_or(rest.len());
                self.pos += len;
            }
            _ => return Err(Stop::Lost),
        }
        self.depth -= 1;
        self.reached(Span {
            start,
            end: self.pos,
        })
    }

    /// An identifier, `r#` and all; returns it without the `r#`.
    fn ident(&mut self) -> Read<&'t str> {
        let rest = self.rest();
        let (skip, raw) = match rest.strip_prefix("r#") {
            Some(_) => (2, true),
            None => (0, false),
        };
        let body = &rest[skip..];
        let ok = |c: char| is_ident_char(c) || (raw && matches!(c, '.' | '+' | '-'));
        if !body.starts_with(|c: char| is_ident_start(c) || (raw && ok(c))) {
            return Err(Stop::Lost);
        }
        let len = body.find(|c: char| !ok(c)).unwrap_or(body.len());
        self.pos += skip + len;
        Ok(&body[..len])
    }

    /// A `"…"` string, escapes and all.
    fn string(&mut self) -> Read {
        self.quoted('"')
    }

    /// Text between two `quote`s, from the first; a backslash escapes the next byte.
    fn quoted(&mut self, quote: char) -> Read {
        self.expect(quote)?;
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\\' => i += 2,
                b if char::from(b) == quote => {
                    self.pos = i + 1;
                    return Ok(());
                }
                _ => i += 1,
            }
        }
        Err(Stop::Lost)
    }

    /// A raw string `r#"…"#`, from its `r`.
    fn raw_string(&mut self) -> Read {
        self.expect('r')?;
        let hashes = self.rest().len() - self.rest().trim_start_matches('#').len();
        self.pos += hashes;
        self.expect('"')?;
        let end = format!("\"{}", "#".repeat(hashes));
        let len = self.rest().find(&end).ok_or(Stop::Lost)?;
        self.pos += len + end.len();
        Ok(())
    }

    /// A character literal `'x'`, `'\''`.
    fn character(&mut self) -> Read {
        self.quoted('\'')
    }

    /// `( … )` after an optional name: named fields, or a tuple (`Some(x)` reads as `x`).
    fn parens(&mut self, name: Option<&str>) -> Read {
        self.expect('(')?;
        self.ws()?;
        let named = {
            let save = self.pos;
            let named = self.ident().is_ok() && self.ws().is_ok() && self.peek() == Some(':');
            self.pos = save;
            named
        };
        let mut index = 0;
        loop {
            self.ws()?;
            if self.eat(')') {
                return Ok(());
            }
            if named {
                let field = self.ident()?;
                self.ws()?;
                self.expect(':')?;
                self.ws()?;
                self.path.push(Seg::Field(field));
            } else if name != Some("Some") {
                self.path.push(Seg::Index(index));
            }
            let pushed = named || name != Some("Some");
            let read = self.value();
            if pushed {
                self.path.pop();
            }
            read?;
            index += 1;
            self.ws()?;
            if !self.eat(',') {
                self.ws()?;
                return self.expect(')');
            }
        }
    }

    fn list(&mut self) -> Read {
        self.expect('[')?;
        let mut index = 0;
        loop {
            self.ws()?;
            if self.eat(']') {
                return Ok(());
            }
            self.path.push(Seg::Index(index));
            let read = self.value();
            self.path.pop();
            read?;
            index += 1;
            self.ws()?;
            if !self.eat(',') {
                self.ws()?;
                return self.expect(']');
            }
        }
    }

    fn map(&mut self) -> Read {
        self.expect('{')?;
        let mut keys: HashMap<String, usize> = HashMap::new();
        loop {
            self.ws()?;
            if self.eat('}') {
                return Ok(());
            }
            let start = self.pos;
            self.quiet += 1;
            let read = self.value();
            self.quiet -= 1;
            read?;
            let key = key_text(&self.text[start..self.pos]);
            if let Some(&first) = keys.get(&key) {
                if self.duplicate.is_none() {
                    self.duplicate = Some(Duplicate {
                        key: key.clone(),
                        first,
                        second: start,
                    });
                }
            } else {
                keys.insert(key.clone(), start);
            }
            self.ws()?;
            self.expect(':')?;
            self.ws()?;
            self.path.push(Seg::Key(key));
            let read = self.value();
            self.path.pop();
            read?;
            self.ws()?;
            if !self.eat(',') {
                self.ws()?;
                return self.expect('}');
            }
        }
    }
}

/// A map key as compared: a string's decoded text, an identifier without `r#`, anything
/// else as written.
fn key_text(written: &str) -> String {
    match decode(written) {
        Some(chars) => chars.into_iter().map(|(_, c)| c).collect(),
        None => written.strip_prefix("r#").unwrap_or(written).to_owned(),
    }
}

/// The characters of a string literal (`"…"` or `r#"…"#`), each with the byte offset in
/// `literal` where it is written (for an escape, its backslash). `None` when the literal
/// is not one this reading understands.
pub(super) fn decode(literal: &str) -> Option<Vec<(usize, char)>> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let quoted = &raw[hashes..];
        let closing = format!("\"{}", "#".repeat(hashes));
        if !quoted.starts_with('"') || !quoted[1..].ends_with(&closing) {
            return None;
        }
        let open = 1 + hashes + 1;
        let body = literal.get(open..literal.len() - closing.len())?;
        return Some(body.char_indices().map(|(i, c)| (open + i, c)).collect());
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    while let Some((i, c)) = chars.next() {
        let at = i + 1;
        if c != '\\' {
            out.push((at, c));
            continue;
        }
        let (_, e) = chars.next()?;
        let decoded = match e {
            '\'' => '\'',
            '"' => '"',
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            // A line continuation: the break and the indentation after it are no text.
            '\n' | '\r' => {
                while chars
                    .next_if(|(_, c)| matches!(c, ' ' | '\t' | '\n' | '\r'))
                    .is_some()
                {}
                continue;
            }
            'u' => {
                let (open, _) = chars.next().filter(|(_, c)| *c == '{')?;
                let close = body[open..].find('}')? + open;
                let code = hex(&body[open + 1..close])?;
                while chars.next_if(|(j, _)| *j <= close).is_some() {}
                char::from_u32(code)?
            }
            'x' => {
                // One to four `\xHH` bytes make one UTF-8 character.
                let mut bytes = Vec::new();
                let mut from = i;
                loop {
                    let digits = body.get(from + 2..from + 4)?;
                    bytes.push(u8::try_from(hex(digits)?).ok()?);
                    while chars.next_if(|(j, _)| *j < from + 4).is_some() {}
                    if let Ok(s) = std::str::from_utf8(&bytes) {
                        break s.chars().next()?;
                    }
                    if bytes.len() == 4 || !body[from + 4..].starts_with("\\x") {
                        return None;
                    }
                    from += 4;
                    chars.next();
                }
            }
            _ => return None,
        };
        out.push((at, decoded));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'t>(text: &'t str, path: &FieldPath) -> Option<(&'t str, bool)> {
        find(text, path).map(|(span, exact)| (&text[span.start..span.end], exact))
    }

    #[test]
    fn finds_values_by_path() {
        let text = "#![enable(implicit_some)]\n// a comment\nSession(\n  title: \"a, b\", /* x /* y */ */\n  \
                    ticket: Some(\"T-1\"),\n  phases: [(Scope, 10), (Threats, 20),],\n  \
                    kind: DataFlow(from: \"E1\", to: r#\"E\"2\"#),\n  secs: {Scope: 5, r#Review: 7},\n)";
        let field = FieldPath::field;
        assert_eq!(at(text, &field("title")), Some(("\"a, b\"", true)));
        assert_eq!(at(text, &field("ticket")), Some(("\"T-1\"", true)));
        assert_eq!(at(text, &field("phases").at(1).at(1)), Some(("20", true)));
        assert_eq!(
            at(text, &field("kind").then("to")),
            Some(("r#\"E\"2\"#", true))
        );
        assert_eq!(at(text, &field("secs").key("Review")), Some(("7", true)));
        let missing = field("phases").at(7).then("minutes");
        assert_eq!(
            at(text, &missing),
            Some(("[(Scope, 10), (Threats, 20),]", false))
        );
        assert_eq!(
            find(text, &field("nothing")).map(|(s, _)| s.start),
            Some(39)
        );
        assert_eq!(scan(text, false).duplicate, None);
    }

    #[test]
    fn finds_a_key_written_twice() {
        let text = "S(a: {Scope: 5, Threats: 1, Scope: 7}, b: {\"x\": 1, \"\\x78\": 2})";
        let dup = scan(text, false).duplicate.unwrap();
        assert_eq!(dup.key, "Scope");
        assert_eq!(&text[dup.second..dup.second + 5], "Scope");
        assert_eq!(dup.first, 6);
        let strings = "S(b: {\"x\": 1, \"\\x78\": 2})";
        assert_eq!(
            scan(strings, false).duplicate.map(|d| d.key),
            Some("x".into())
        );
    }

    #[test]
    fn decodes_literals_with_offsets() {
        let chars = decode("\"a\\u{1b}b\\x41\\xC3\\xA9\\\n    c\\\"\"").unwrap();
        let text: String = chars.iter().map(|(_, c)| *c).collect();
        assert_eq!(text, "a\u{1b}bAéc\"");
        let offsets: Vec<usize> = chars.iter().map(|(i, _)| *i).collect();
        assert_eq!(offsets, vec![1, 2, 8, 9, 13, 27, 28]);
        assert_eq!(
            decode("r##\"a\"#b\"##").unwrap(),
            vec![(4, 'a'), (5, '"'), (6, '#'), (7, 'b')]
        );
        assert_eq!(decode("\"\\q\""), None);
    }

    #[test]
    fn gives_up_on_what_it_does_not_follow() {
        let deep = ["[".repeat(1000), "{".repeat(1000), "Some(".repeat(1000)];
        for text in ["", "S(", "S(a: \"open", "S(a: /* open", "S(a: ?)"]
            .into_iter()
            .chain(deep.iter().map(String::as_str))
        {
            assert_eq!(scan(text, false).duplicate, None, "{text}");
            let _ = find(text, &FieldPath::field("a"));
        }
    }
}
