//! The session's text, written fast: a serde serializer that writes, byte for byte, what
//! ron 0.12's pretty serializer writes with threatbench's settings (struct names, implicit
//! `Some`, strings unescaped or raw, four-space indent, trailing commas), straight into one
//! `String`.
//!
//! ron's serializer is general: it checks every identifier against Unicode tables, goes
//! through `fmt::Write` a character at a time, and consults its configuration at every
//! step. Here the configuration is fixed, so each of those becomes a plain string push.
//! The model's serde attributes (`skip_serializing_if`, `rename`, `into`) stay the one
//! source of truth for what is written; the tests hold the output equal to ron's.

use std::fmt::Write as _;

use ron::Error;
use serde::ser::{self, Serialize};

/// What ron writes first with the `implicit_some` extension on.
const HEADER: &str = "#![enable(implicit_some)]\n";

/// One level of indentation.
const INDENT: &str = "    ";

/// Indentation for the usual depths, pushed at once.
const SPACES: &str = "                                                                ";

/// Names ron writes as raw identifiers (`r#true`) because they would read as a value.
const RESERVED: [&str; 10] = [
    "true", "false", "Some", "None", "inf", "inff32", "inff64", "NaN", "NaNf32", "NaNf64",
];

/// `value` as ron 0.12's `to_string_pretty` writes it with struct names, implicit `Some`
/// and `escape_strings(false)`, into a string that starts with room for `capacity` bytes.
pub fn to_string<T: ?Sized + Serialize>(value: &T, capacity: usize) -> Result<String, Error> {
    let mut writer = Writer {
        out: String::with_capacity(capacity.max(HEADER.len())),
        indent: 0,
        is_empty: None,
        implicit_some: 0,
        known: [(0, 0, false); KNOWN_NAMES],
    };
    writer.out.push_str(HEADER);
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// The serializer's state, the same as ron's pretty serializer keeps for these settings.
struct Writer {
    out: String,
    /// How many levels deep the next line is indented.
    indent: usize,
    /// Whether the compound just opened is known to be empty (ron's `is_empty`): it then
    /// opens and closes on one line, `[]`. Cleared when a compound closes.
    is_empty: Option<bool>,
    /// How many `Some`s around the value being written were left implicit: a `None` inside
    /// them must spell them out (`Some(None)`).
    implicit_some: usize,
    /// Names already judged plain or raw, by address and length, in slots by address: a
    /// session writes the same few dozen names hundreds of thousands of times.
    known: [(usize, usize, bool); KNOWN_NAMES],
}

/// How many judged names [`Writer`] keeps.
const KNOWN_NAMES: usize = 64;

impl Writer {
    /// Opens a level of indentation, with a line break unless the compound is empty.
    fn start_indent(&mut self) {
        self.indent += 1;
        if !self.is_empty.unwrap_or(false) {
            self.out.push('\n');
        }
    }

    /// Closes a level of indentation, indenting the closing bracket unless the compound
    /// was empty.
    fn end_indent(&mut self) {
        if !self.is_empty.unwrap_or(false) {
            for _ in 1..self.indent {
                self.out.push_str(INDENT);
            }
        }
        self.indent -= 1;
        self.is_empty = None;
    }

    fn write_indent(&mut self) {
        match SPACES.get(..self.indent * INDENT.len()) {
            Some(spaces) => self.out.push_str(spaces),
            None => {
                for _ in 0..self.indent {
                    self.out.push_str(INDENT);
                }
            }
        }
    }

    /// Writes a struct, field or variant name, raw (`r#name`) where ron would.
    fn write_identifier(&mut self, name: &'static str) -> Result<(), Error> {
        // serde's names are static: one name, one address. Judge each name once.
        let (address, len) = (name.as_ptr() as usize, name.len());
        let slot = (address >> 3) % KNOWN_NAMES;
        let plain = match self.known[slot] {
            (a, l, plain) if a == address && l == len => plain,
            _ => {
                let plain = plain_identifier(name)?;
                self.known[slot] = (address, len, plain);
                plain
            }
        };
        if !plain {
            self.out.push_str("r#");
        }
        self.out.push_str(name);
        Ok(())
    }

    /// Opens a struct or struct variant named `name` with `len` fields.
    fn open_struct(&mut self, name: &'static str, len: usize) -> Result<Compound<'_>, Error> {
        self.implicit_some = 0;
        self.write_identifier(name)?;
        self.out.push('(');
        self.is_empty = Some(len == 0);
        self.start_indent();
        Ok(Compound::new(self))
    }

    /// Opens a tuple, tuple struct or tuple variant: one line, `(a, b)`.
    fn open_tuple(&mut self) -> Compound<'_> {
        self.implicit_some = 0;
        self.out.push('(');
        Compound::new(self)
    }

    /// Opens a sequence or map with `open`, one item per line.
    fn open_lines(&mut self, open: char, len: Option<usize>) -> Compound<'_> {
        self.implicit_some = 0;
        self.out.push(open);
        if let Some(len) = len {
            self.is_empty = Some(len == 0);
        }
        self.start_indent();
        Compound::new(self)
    }

    fn write_uint(&mut self, value: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = value;
        loop {
            at -= 1;
            // A digit: the remainder is below 10.
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for digit in &digits[at..] {
            self.out.push(char::from(*digit));
        }
    }

    fn write_sint(&mut self, value: i64) {
        if value < 0 {
            self.out.push('-');
        }
        self.write_uint(value.unsigned_abs());
    }

    /// Writes text as ron does with `escape_strings(false)`: between quotes as it is, or as
    /// a raw string (`r#"…"#`, one `#` more than the longest run of `#` in it) when it holds
    /// a quote or a backslash. `prefix` is `b` for a byte string.
    fn write_text(&mut self, prefix: &str, text: &str) {
        self.out.push_str(prefix);
        if needs_raw(text.as_bytes()) {
            let hashes = longest_run(text.as_bytes(), b'#') + 1;
            self.out.push('r');
            self.push_hashes(hashes);
            self.out.push('"');
            self.out.push_str(text);
            self.out.push('"');
            self.push_hashes(hashes);
        } else {
            self.out.push('"');
            self.out.push_str(text);
            self.out.push('"');
        }
    }

    fn push_hashes(&mut self, count: usize) {
        for _ in 0..count {
            self.out.push('#');
        }
    }

    /// A float as ron writes it: `Debug`, the shortest text that reads back the same.
    fn write_float(&mut self, value: impl std::fmt::Debug, negative_nan: bool) {
        if negative_nan {
            self.out.push('-');
        }
        // Writing into a `String` cannot fail.
        let _ = write!(self.out, "{value:?}");
    }
}

/// Whether ron writes `name` as it is (`true`) or raw (`false`); an error for a name ron
/// refuses. The model's names are ASCII; a name outside ASCII is refused here, where ron
/// would consult the Unicode tables, rather than written differently from ron.
fn plain_identifier(name: &str) -> Result<bool, Error> {
    let refused = || Error::InvalidIdentifier(name.into());
    let bytes = name.as_bytes();
    let first = bytes.first().ok_or_else(refused)?;
    let mut plain = first.is_ascii_alphabetic() || *first == b'_';
    for b in bytes {
        if !(b.is_ascii_alphanumeric() || *b == b'_') {
            // Allowed in a name, but only raw.
            plain = false;
            if !matches!(b, b'.' | b'+' | b'-') {
                return Err(refused());
            }
        }
    }
    Ok(plain && !RESERVED.contains(&name))
}

/// Whether text holds a quote or a backslash, and so is written as a raw string. Eight bytes
/// at a time: most text has neither, and this scan runs over every byte of every string.
fn needs_raw(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    // A byte of `word` is zero exactly when this has its high bit set (the classic test,
    // exact when only asked "any?").
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(word);
        if has_zero(word ^ QUOTES) || has_zero(word ^ BACKSLASHES) {
            return true;
        }
    }
    chunks.remainder().iter().any(|b| matches!(b, b'"' | b'\\'))
}

/// The length of the longest run of `byte` in `bytes`.
fn longest_run(bytes: &[u8], byte: u8) -> usize {
    let (mut run, mut longest) = (0, 0);
    for b in bytes {
        run = if *b == byte { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// An open compound: whether an item was written yet decides the comma before the next.
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
}

impl<'a> Compound<'a> {
    fn new(writer: &'a mut Writer) -> Self {
        Compound {
            writer,
            first: true,
        }
    }

    /// Starts an item on its own line, after the comma that ends the previous one.
    fn next_line(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.writer.out.push_str(",\n");
        }
        self.writer.write_indent();
    }

    /// Closes a compound of one item per line with `close`, the last item with a comma.
    fn close_lines(self, close: char) {
        if !self.first {
            self.writer.out.push_str(",\n");
        }
        self.writer.end_indent();
        self.writer.out.push(close);
    }

    /// Writes an item of a one-line tuple.
    fn tuple_item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        if !std::mem::replace(&mut self.first, false) {
            self.writer.out.push_str(", ");
        }
        value.serialize(&mut *self.writer)
    }

    /// Writes `key: value` on its own line.
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.next_line();
        self.writer.write_identifier(key)?;
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.write_sint(v.into());
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.write_sint(v.into());
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.write_sint(v.into());
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.write_sint(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.write_uint(v.into());
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.write_uint(v.into());
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.write_uint(v.into());
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.write_uint(v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.write_float(v, v.is_nan() && v.is_sign_negative());
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.write_float(v, v.is_nan() && v.is_sign_negative());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.out.push('\'');
        if v == '\\' || v == '\'' {
            self.out.push('\\');
        }
        self.out.push(v);
        self.out.push('\'');
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.write_text("", v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        match std::str::from_utf8(v) {
            Ok(text) => self.write_text("b", text),
            Err(_) => {
                self.out.push_str("b\"");
                for byte in v.iter().flat_map(|b| std::ascii::escape_default(*b)) {
                    self.out.push(char::from(byte));
                }
                self.out.push('"');
            }
        }
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        let depth = std::mem::take(&mut self.implicit_some);
        for _ in 0..depth {
            self.out.push_str("Some(");
        }
        self.out.push_str("None");
        for _ in 0..depth {
            self.out.push(')');
        }
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        self.implicit_some += 1;
        value.serialize(&mut *self)?;
        self.implicit_some = 0;
        Ok(())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("()");
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Error> {
        self.write_identifier(name)
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        plain_identifier(name)?;
        self.write_identifier(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.write_identifier(name)?;
        self.implicit_some = 0;
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        plain_identifier(name)?;
        self.write_identifier(variant)?;
        self.out.push('(');
        self.implicit_some = 0;
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open_lines('[', len))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open_tuple())
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.write_identifier(name)?;
        Ok(self.open_tuple())
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        plain_identifier(name)?;
        self.implicit_some = 0;
        self.write_identifier(variant)?;
        Ok(self.open_tuple())
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open_lines('{', len))
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.open_struct(name, len)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        plain_identifier(name)?;
        self.open_struct(variant, len)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.next_line();
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.close_lines(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.tuple_item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.writer.out.push(')');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.tuple_item(value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeTuple::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.tuple_item(value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeTuple::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.next_line();
        key.serialize(&mut *self.writer)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Error> {
        self.close_lines('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close_lines(')');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close_lines(')');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    /// What ron writes for `value` with the session settings.
    fn by_ron<T: Serialize>(value: &T) -> String {
        ron::ser::to_string_pretty(value, super::super::pretty()).unwrap()
    }

    fn same<T: Serialize>(value: &T) {
        assert_eq!(to_string(value, 0).unwrap(), by_ron(value));
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Newtype(Option<Option<u8>>);

    #[derive(Serialize)]
    struct Pair(i32, char);

    #[derive(Serialize)]
    struct Empty {}

    #[derive(Serialize)]
    #[serde(rename = "Some")]
    struct Skipping {
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
    }

    #[derive(Serialize)]
    enum Every {
        Plain,
        Wrapped(String),
        Two(u8, Option<String>),
        Fields { r#true: bool, list: Vec<Every> },
    }

    #[derive(Serialize)]
    struct Everything {
        unit: (),
        unit_struct: Unit,
        newtypes: Vec<Newtype>,
        pair: Pair,
        empty: Empty,
        skipping: Skipping,
        kept: Skipping,
        every: Vec<Every>,
        map: BTreeMap<String, Vec<u8>>,
        empty_map: BTreeMap<u8, u8>,
        nested: Vec<Vec<Option<Vec<u8>>>>,
        numbers: (i8, i16, i64, u16, u64, f32, f64, f64, f32),
        chars: [char; 4],
        bytes: serde_bytes_like::Bytes,
    }

    /// Bytes as serde's `serialize_bytes`, without a dependency for it.
    mod serde_bytes_like {
        pub struct Bytes(pub Vec<Vec<u8>>);

        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for bytes in &self.0 {
                    seq.serialize_element(&Raw(bytes))?;
                }
                seq.end()
            }
        }

        struct Raw<'a>(&'a [u8]);

        impl serde::Serialize for Raw<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    #[test]
    fn every_serde_shape_is_written_as_ron_writes_it() {
        let value = Everything {
            unit: (),
            unit_struct: Unit,
            newtypes: vec![Newtype(None), Newtype(Some(None)), Newtype(Some(Some(7)))],
            pair: Pair(-12, '\''),
            empty: Empty {},
            skipping: Skipping { gone: None },
            kept: Skipping { gone: Some(0) },
            every: vec![
                Every::Plain,
                Every::Wrapped("a \"quoted\" ## text".into()),
                Every::Two(1, None),
                Every::Two(2, Some("x\\y".into())),
                Every::Fields {
                    r#true: true,
                    list: vec![Every::Fields {
                        r#true: false,
                        list: Vec::new(),
                    }],
                },
            ],
            map: [
                ("k\"#".to_owned(), vec![1, 2]),
                ("plain".to_owned(), Vec::new()),
            ]
            .into_iter()
            .collect(),
            empty_map: BTreeMap::new(),
            nested: vec![vec![], vec![None, Some(vec![]), Some(vec![3])]],
            numbers: (
                i8::MIN,
                -1,
                i64::MIN,
                u16::MAX,
                u64::MAX,
                1.5,
                -0.0,
                f64::NAN,
                -f32::NAN,
            ),
            chars: ['a', '\\', '\n', '😀'],
            bytes: serde_bytes_like::Bytes(vec![
                b"plain".to_vec(),
                b"q\"#".to_vec(),
                vec![0xff, 0, b'\n'],
            ]),
        };
        same(&value);
        same(&Every::Plain);
        same(&Some(Some(Unit)));
        same(&Option::<u8>::None);
        same(&"top level");
    }

    #[test]
    fn a_sequence_of_unknown_length_is_written_as_ron_writes_it() {
        struct Unknown(usize);
        impl Serialize for Unknown {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq((0..self.0).filter(|_| true))
            }
        }
        same(&(Unknown(0), Unknown(2)));
        same(&vec![Unknown(0), Unknown(1)]);
    }

    #[test]
    fn a_name_ron_refuses_is_refused() {
        #[derive(Serialize)]
        #[serde(rename = "two words")]
        struct Spaced {}
        assert!(to_string(&Spaced {}, 0).is_err());
        assert!(ron::ser::to_string_pretty(&Spaced {}, super::super::pretty()).is_err());
    }

    #[test]
    fn raw_strings_are_told_apart_at_every_offset() {
        for len in 0..40 {
            for at in 0..len {
                for special in [b'"', b'\\', b'#', b'!', b'\\' + 128, b'"' + 128] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    let naive = bytes.iter().any(|b| matches!(b, b'"' | b'\\'));
                    assert_eq!(needs_raw(&bytes), naive, "{len} {at} {special}");
                }
            }
            assert!(!needs_raw(&vec![b'a'; len]));
        }
    }

    #[test]
    fn the_longest_run_of_hashes_is_counted() {
        assert_eq!(longest_run(b"", b'#'), 0);
        assert_eq!(longest_run(b"a#b##c#", b'#'), 2);
        assert_eq!(longest_run(b"###", b'#'), 3);
    }
}
