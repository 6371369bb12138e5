//! A fast reader for session text: a `serde` deserializer over the bytes of the RON that
//! session files use, about ten times faster than ron's own. It reads only what it is sure
//! ron reads the same way, and refuses everything else; ron stays the authority and reads
//! again whatever this reader refuses, so every error keeps ron's message, line and column.
//!
//! What it reads: named structs (with or without their name), unnamed tuples, `[…]` lists,
//! `{…}` maps with identifier keys (a key written twice is refused), `"…"` strings with
//! the common escapes, raw strings `r#"…"#`, unsigned decimal integers, `true` and `false`,
//! `Some(…)`, `None` and an implicit `Some`, unit and struct enum variants, ASCII
//! identifiers, line and (nested) block comments, trailing commas, and whitespace as ron
//! defines it. The model's types nest only a few levels deep, so ron's recursion limit
//! (128) is never reached by a text this reader accepts.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Visitor};

/// Why the fast reader gave up on a text. Never shown to a user: ron reads the text again
/// and reports what is wrong in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    /// What the reader did not accept.
    pub why: String,
    /// The byte offset where it stopped.
    pub at: usize,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.why, self.at)
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        // The offset is filled in by `from_str`, where the reading stopped.
        Refused {
            why: msg.to_string(),
            at: usize::MAX,
        }
    }
}

type Read<T> = Result<T, Refused>;

/// Reads a whole document, `#![enable(implicit_some)]` attributes and one value, as ron
/// does with `Some` implicit; refuses any text it is not sure ron reads the same way.
pub(super) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Read<T> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = reader
        .document()
        .and_then(|()| T::deserialize(&mut reader))
        .and_then(|value| reader.ws().map(|()| value));
    let value = value.map_err(|mut refused| {
        if refused.at == usize::MAX {
            refused.at = reader.pos;
        }
        refused
    })?;
    if reader.pos < reader.bytes.len() {
        return Err(reader.refuse("something after the value"));
    }
    Ok(value)
}

/// The session in `text` as the fast reader alone reads it: not validated, not upgraded,
/// and with no ron to fall back on. For the tests that hold it equal to ron.
#[doc(hidden)]
pub fn fast_read(text: &str) -> Result<crate::model::Session, String> {
    from_str(text).map_err(|refused| refused.to_string())
}

/// The reading position in one text.
struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
}

/// Which bytes can continue an ASCII identifier: a table, as the test is made for every
/// byte of every field name and variant.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Whether `b` can continue an ASCII identifier.
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// Eight spaces, read as one word.
const SPACES: u64 = u64::from_le_bytes([b' '; 8]);

/// How many of the eight bytes `chunk` starts with are spaces.
fn leading_spaces(chunk: &[u8; 8]) -> usize {
    // A space is a zero byte after the `^`; the first other byte is the lowest set bit.
    (u64::from_le_bytes(*chunk) ^ SPACES).trailing_zeros() as usize / 8
}

/// The value of an ASCII hex digit.
fn hex(b: u8) -> Option<u32> {
    char::from(b).to_digit(16)
}

impl<'de> Reader<'de> {
    fn refuse(&self, why: &str) -> Refused {
        Refused {
            why: why.to_owned(),
            at: self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, b: u8, why: &str) -> Read<()> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(self.refuse(why))
        }
    }

    /// Skips whitespace, `//` comments (to the end of the line) and nested `/* */` ones.
    /// Called before and after every token, mostly where there is nothing to skip: one byte
    /// that starts neither (an ASCII letter, digit, quote or bracket) settles it inline.
    #[inline]
    fn ws(&mut self) -> Read<()> {
        match self.peek() {
            Some(b) if b > b' ' && b != b'/' && b.is_ascii() => Ok(()),
            _ => self.skip_ws(),
        }
    }

    /// [`Reader::ws`] where something may be skipped.
    fn skip_ws(&mut self) -> Read<()> {
        loop {
            self.blanks();
            let rest = &self.bytes[self.pos..];
            match rest {
                // The rest of what ron takes for whitespace: U+000B, U+000C, U+0085, U+200E,
                // U+200F, U+2028 and U+2029.
                [0x0B | 0x0C, ..] => self.pos += 1,
                [0xC2, 0x85, ..] => self.pos += 2,
                [0xE2, 0x80, 0x8E | 0x8F | 0xA8 | 0xA9, ..] => self.pos += 3,
                [b'/', b'/', ..] => {
                    self.pos += rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
                }
                [b'/', b'*', ..] => self.block_comment()?,
                [b'/', ..] => return Err(self.refuse("a lone `/`")),
                _ => return Ok(()),
            }
        }
    }

    /// Skips indentation and line breaks, most of what [`Reader::ws`] skips: spaces eight
    /// at a time (a pretty file indents by four a level), the rest a byte at a time.
    fn blanks(&mut self) {
        loop {
            if let Some(chunk) = self.bytes[self.pos..].first_chunk::<8>() {
                let spaces = leading_spaces(chunk);
                self.pos += spaces;
                if spaces == 8 {
                    continue;
                }
            }
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.pos += 1,
                _ => return,
            }
        }
    }

    /// A block comment from its `/*`, with the comments nested in it.
    fn block_comment(&mut self) -> Read<()> {
        let mut level = 0usize;
        let mut i = self.pos;
        loop {
            match self.bytes.get(i..i + 2) {
                Some(b"/*") => {
                    level += 1;
                    i += 2;
                }
                Some(b"*/") => {
                    level -= 1;
                    i += 2;
                    if level == 0 {
                        self.pos = i;
                        return Ok(());
                    }
                }
                Some(_) => i += 1,
                None => return Err(self.refuse("an unclosed block comment")),
            }
        }
    }

    /// The attributes before the value. Only `#![enable(implicit_some)]` is read: it is
    /// on for every parse already, and any other one could change how ron reads the rest.
    fn document(&mut self) -> Read<()> {
        self.ws()?;
        while self.eat(b'#') {
            for (b, why) in [(b'!', "`#!`"), (b'[', "`#![`")] {
                self.ws()?;
                self.expect(b, why)?;
            }
            self.ws()?;
            if self.ident()? != "enable" {
                return Err(self.refuse("an attribute other than `enable`"));
            }
            self.ws()?;
            self.expect(b'(', "`enable(`")?;
            loop {
                self.ws()?;
                if self.ident()? != "implicit_some" {
                    return Err(self.refuse("an extension other than `implicit_some`"));
                }
                self.ws()?;
                if !self.eat(b',') {
                    break;
                }
                self.ws()?;
                if !self.peek().is_some_and(is_word_byte) {
                    break;
                }
            }
            for b in [b')', b']'] {
                self.ws()?;
                self.expect(b, "the end of the attribute")?;
            }
            self.ws()?;
        }
        Ok(())
    }

    /// The ASCII word at the reading position, without reading it: empty when none starts
    /// there.
    fn word(&self) -> &'de str {
        let rest = &self.bytes[self.pos..];
        if !rest
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return "";
        }
        let len = rest
            .iter()
            .position(|b| !is_word_byte(*b))
            .unwrap_or(rest.len());
        &self.text[self.pos..self.pos + len]
    }

    /// An identifier of ASCII letters, digits and `_`. Refused when what follows could make
    /// ron read it otherwise: a non-ASCII letter, the `.+-` of a raw identifier, or the
    /// quote or `#` of a (raw, byte) string or character.
    fn ident(&mut self) -> Read<&'de str> {
        let word = self.word();
        if word.is_empty() {
            return Err(self.refuse("an identifier"));
        }
        let next = self.bytes.get(self.pos + word.len()).copied();
        if next.is_some_and(|b| !b.is_ascii() || b".+-\"'#".contains(&b)) {
            return Err(self.refuse("an identifier ron may read otherwise"));
        }
        self.pos += word.len();
        Ok(word)
    }

    /// An unsigned decimal integer without sign, underscore or suffix.
    fn unsigned(&mut self) -> Read<u64> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(digit) = self.peek().filter(u8::is_ascii_digit) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(digit - b'0')))
                .ok_or_else(|| self.refuse("an integer too large"))?;
            self.pos += 1;
        }
        let next = self.peek();
        if self.pos == start || next.is_some_and(|b| is_word_byte(b) || b == b'.' || !b.is_ascii())
        {
            return Err(self.refuse("a plain decimal integer"));
        }
        Ok(value)
    }

    /// An unsigned integer that fits `T`.
    fn integer<T: TryFrom<u64>>(&mut self) -> Read<T> {
        let value = self.unsigned()?;
        T::try_from(value).map_err(|_| self.refuse("an integer out of range"))
    }

    /// A `"…"` or raw string, borrowed from the text unless it has escapes.
    fn string(&mut self) -> Read<Cow<'de, str>> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.quoted()
            }
            Some(b'r') => self.raw_string().map(Cow::Borrowed),
            _ => Err(self.refuse("a string")),
        }
    }

    /// The rest of a `"…"` string after its opening quote.
    fn quoted(&mut self) -> Read<Cow<'de, str>> {
        let start = self.pos;
        let stop = self.to_quote_or_backslash()?;
        if self.bytes[stop] == b'"' {
            self.pos = stop + 1;
            return Ok(Cow::Borrowed(&self.text[start..stop]));
        }
        let mut text = String::from(&self.text[start..stop]);
        self.pos = stop;
        loop {
            // At a backslash.
            self.pos += 1;
            self.escape(&mut text)?;
            let stop = self.to_quote_or_backslash()?;
            text.push_str(&self.text[self.pos..stop]);
            self.pos = stop;
            if self.bytes[stop] == b'"' {
                self.pos += 1;
                return Ok(Cow::Owned(text));
            }
        }
    }

    /// The offset of the next `"` or `\` from the reading position.
    fn to_quote_or_backslash(&self) -> Read<usize> {
        self.bytes[self.pos..]
            .iter()
            .position(|b| matches!(b, b'"' | b'\\'))
            .map(|i| self.pos + i)
            .ok_or_else(|| self.refuse("an unclosed string"))
    }

    /// One escape after its backslash, pushed onto `text`: the escapes ron reads as one
    /// character each, and a line continuation (the break and the blanks after it are no
    /// text). Byte escapes above `\x7F` are left to ron.
    fn escape(&mut self, text: &mut String) -> Read<()> {
        let Some(b) = self.peek() else {
            return Err(self.refuse("an escape"));
        };
        self.pos += 1;
        let c = match b {
            b'\'' => '\'',
            b'"' => '"',
            b'\\' => '\\',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'\n' | b'\r' => {
                if b == b'\r' && !self.eat(b'\n') {
                    return Err(self.refuse("a carriage return alone after `\\`"));
                }
                while self
                    .peek()
                    .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.pos += 1;
                }
                return Ok(());
            }
            b'x' => {
                let digits = self.bytes.get(self.pos..self.pos + 2);
                let code = digits
                    .and_then(|d| Some(hex(d[0])? * 16 + hex(d[1])?))
                    .filter(|code| *code < 0x80)
                    .ok_or_else(|| self.refuse("a byte escape"))?;
                self.pos += 2;
                char::from_u32(code).ok_or_else(|| self.refuse("a byte escape"))?
            }
            b'u' => self.unicode_escape()?,
            _ => return Err(self.refuse("an unknown escape")),
        };
        text.push(c);
        Ok(())
    }

    /// `{…}` of a `\u{…}` escape: one to six hex digits naming a character.
    fn unicode_escape(&mut self) -> Read<char> {
        self.expect(b'{', "`\\u{`")?;
        let mut code = 0u32;
        let mut digits = 0;
        while let Some(digit) = self.peek().and_then(hex) {
            if digits == 6 {
                return Err(self.refuse("more than six digits in `\\u{…}`"));
            }
            code = code * 16 + digit;
            digits += 1;
            self.pos += 1;
        }
        if digits == 0 {
            return Err(self.refuse("no digits in `\\u{…}`"));
        }
        self.expect(b'}', "`}` after `\\u{…`")?;
        char::from_u32(code).ok_or_else(|| self.refuse("`\\u{…}` that names no character"))
    }

    /// A raw string `r#"…"#`, from its `r`: the text up to the first quote followed by as
    /// many `#` as opened it.
    fn raw_string(&mut self) -> Read<&'de str> {
        self.expect(b'r', "a raw string")?;
        let hashes = self.bytes[self.pos..]
            .iter()
            .take_while(|b| **b == b'#')
            .count();
        self.pos += hashes;
        self.expect(b'"', "`\"` opening a raw string")?;
        let start = self.pos;
        let mut i = start;
        loop {
            let quote = self.bytes[i..]
                .iter()
                .position(|b| *b == b'"')
                .map(|q| i + q)
                .ok_or_else(|| self.refuse("an unclosed raw string"))?;
            let end = quote + 1 + hashes;
            if self
                .bytes
                .get(quote + 1..end)
                .is_some_and(|after| after.iter().all(|b| *b == b'#'))
            {
                self.pos = end;
                return Ok(&self.text[start..quote]);
            }
            i = quote + 1;
        }
    }

    /// The elements of a list, tuple, struct or map up to `close`, which the caller eats.
    fn items(&mut self, close: u8) -> Items<'_, 'de> {
        Items {
            reader: self,
            close,
            had_comma: true,
            keys: Vec::new(),
        }
    }

    /// `(…)` after the opening parenthesis is due: the fields of a struct or struct variant.
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Read<V::Value> {
        self.expect(b'(', "`(`")?;
        let value = visitor.visit_map(self.items(b')'))?;
        self.ws()?;
        self.expect(b')', "`)`")?;
        Ok(value)
    }
}

/// A comma-separated run of elements, as ron reads it: a comma after each, the last one
/// optional.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
    /// In a map: the keys read so far, as written.
    keys: Vec<&'de str>,
}

impl Items<'_, '_> {
    /// Whether another element follows (the closing bracket does not).
    fn next(&mut self) -> Read<bool> {
        self.reader.ws()?;
        let at_close = self.reader.peek() == Some(self.close);
        if !self.had_comma && !at_close {
            return Err(self.reader.refuse("a comma"));
        }
        Ok(!at_close)
    }

    /// The comma after an element, if there is one.
    fn comma(&mut self) -> Read<()> {
        self.reader.ws()?;
        self.had_comma = self.reader.eat(b',');
        self.reader.ws()
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Read<Option<T::Value>> {
        if !self.next()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.comma()?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Read<Option<K::Value>> {
        if !self.next()? {
            return Ok(None);
        }
        if self.close != b'}' {
            return seed.deserialize(&mut *self.reader).map(Some);
        }
        // ron keeps the last of two equal keys; such a file is refused instead, with the
        // message the scan for repeated keys builds after ron has read it. Keys are
        // identifiers (the model's maps are keyed by enums), so equal keys are written alike.
        if self.reader.word().is_empty() {
            return Err(self.reader.refuse("a map key other than an identifier"));
        }
        let start = self.reader.pos;
        let key = seed.deserialize(&mut *self.reader)?;
        let written = &self.reader.text[start..self.reader.pos];
        if self.keys.contains(&written) {
            return Err(self.reader.refuse("a key written twice"));
        }
        self.keys.push(written);
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Read<V::Value> {
        self.reader.ws()?;
        self.reader.expect(b':', "`:`")?;
        self.reader.ws()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.comma()?;
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Refused;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Read<(V::Value, Self)> {
        self.ws()?;
        let variant = seed.deserialize(&mut *self)?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Refused;

    fn unit_variant(self) -> Read<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Read<T::Value> {
        Err(self.refuse("a newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Read<V::Value> {
        Err(self.refuse("a tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Read<V::Value> {
        self.ws()?;
        self.fields(visitor)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Refused;

    /// Session files hold no value whose type is not known in advance.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Read<V::Value> {
        Err(self.refuse("a value of a type the model does not use"))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.word() {
            "true" | "false" => {
                let word = self.ident()?;
                visitor.visit_bool(word == "true")
            }
            _ => Err(self.refuse("`true` or `false`")),
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_u8(self.integer()?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_u16(self.integer()?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_u32(self.integer()?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_u64(self.integer()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.string()? {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `None`, `Some(x)`, or `x` alone (ron's implicit `Some`, on for every parse).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.word() {
            "None" => {
                self.ident()?;
                visitor.visit_none()
            }
            "Some" => {
                self.ident()?;
                self.ws()?;
                self.expect(b'(', "`Some(`")?;
                self.ws()?;
                let value = visitor.visit_some(&mut *self)?;
                self.ws()?;
                if self.eat(b',') {
                    self.ws()?;
                }
                self.expect(b')', "`)` closing `Some(`")?;
                Ok(value)
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.expect(b'[', "`[`")?;
        let value = visitor.visit_seq(self.items(b']'))?;
        self.ws()?;
        self.expect(b']', "`]`")?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Read<V::Value> {
        self.expect(b'(', "`(`")?;
        let value = visitor.visit_seq(self.items(b')'))?;
        self.ws()?;
        self.expect(b')', "`)`")?;
        Ok(value)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.expect(b'{', "`{`")?;
        let value = visitor.visit_map(self.items(b'}'))?;
        self.ws()?;
        self.expect(b'}', "`}`")?;
        Ok(value)
    }

    /// A struct, its name written or not. ron reads structs named `Range…` as ranges.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Read<V::Value> {
        if name.starts_with("Range") {
            return Err(self.refuse("a struct ron may read as a range"));
        }
        if !self.word().is_empty() && self.ident()? != name {
            return Err(self.refuse("another struct's name"));
        }
        self.ws()?;
        self.fields(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Read<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple_struct ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Probe {
        text: String,
        #[serde(default)]
        maybe: Option<u8>,
        #[serde(default)]
        list: Vec<(bool, u32)>,
    }

    fn both(text: &str) -> (Read<Probe>, Result<Probe, ron::error::SpannedError>) {
        let ron = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text);
        (from_str(text), ron)
    }

    #[test]
    fn reads_what_ron_reads() {
        for text in [
            "Probe(text: \"a\")",
            "#![enable(implicit_some)]\n(text: r##\"a\"#b\"##, maybe: 3)",
            "/* x /* y */ */ Probe ( text : \"\\u{e9}\\x41\\n\\\n   b\" , maybe: Some( 7 , ) , )",
            "Probe(text: \"\", maybe: None, list: [(true, 1), (false, 007),],) // end",
            "\u{2028}Probe(\u{85}text:\"é😀\"\u{200E})\u{2029}",
        ] {
            let (fast, ron) = both(text);
            assert_eq!(
                fast.as_ref().ok(),
                ron.as_ref().ok(),
                "{text}: {fast:?} {ron:?}"
            );
            assert!(fast.is_ok(), "{text}: {fast:?}");
        }
    }

    #[test]
    fn refuses_what_it_is_not_sure_of() {
        for text in [
            "Probe(text: \"a\", text: \"b\")",
            "Probe(text: \"\\xC3\\xA9\")",
            "Probe(text: \"a\") x",
            "Probe(text: \"a\"",
            "Other(text: \"a\")",
            "Probe(text: \"a\" maybe: 1)",
            "Probe(text: \"a\", maybe: 256)",
            "Probe(text: \"a\", maybe: 0x1)",
            "Probe(text: \"a\", maybe: 1u8)",
            "Probe(text: \"a\", maybe: Some 1)",
            "Probe(r#text: \"a\")",
            "#![enable(unwrap_newtypes)] Probe(text: \"a\")",
            "Probe(text: \"a\", list: [(true, 1, 2)])",
            "Probe(text: \"a\") /* open",
            "Probe(text: \"a\") /",
        ] {
            let (fast, _) = both(text);
            assert!(fast.is_err(), "{text}: {fast:?}");
        }
    }

    proptest::proptest! {
        /// Spaces skipped eight at a time end where a byte at a time ends: at the first
        /// byte that is not a space, tab or line break, whatever the run lengths.
        #[test]
        fn blanks_stop_at_the_first_other_byte(
            text in "[ ]{0,20}[ \t\r\n]{0,3}[ ]{0,20}[ \t\r\nx/é]{0,12}",
            start in 0usize..4,
        ) {
            let start = start.min(text.len());
            let mut reader = Reader { text: &text, bytes: text.as_bytes(), pos: start };
            reader.blanks();
            let blank = |b: &u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
            let end = start + text.as_bytes()[start..].iter().take_while(|b| blank(b)).count();
            proptest::prop_assert_eq!(reader.pos, end);
        }
    }

    #[test]
    fn word_bytes_are_ascii_letters_digits_and_underscore() {
        for b in 0..=u8::MAX {
            assert_eq!(
                is_word_byte(b),
                b.is_ascii_alphanumeric() || b == b'_',
                "{b}"
            );
        }
    }

    #[test]
    fn refuses_a_key_written_twice_in_a_map() {
        use std::collections::BTreeMap;
        let once: Read<BTreeMap<crate::model::Phase, u64>> = from_str("{Scope: 1, Review: 2}");
        assert_eq!(once.map(|m| m.len()), Ok(2));
        let twice: Read<BTreeMap<crate::model::Phase, u64>> = from_str("{Scope: 1, Scope: 2}");
        assert_eq!(twice.map_err(|e| e.why), Err("a key written twice".into()));
    }
}
