//! Text from session files shown in a terminal: nothing in it may drive the terminal.

use std::borrow::Cow;

/// Whether `c` is a bidirectional-override, zero-width, invisible or line-separator
/// character: bytes that can make displayed text read differently from what is stored, or
/// hide text from a reader (tag characters, fillers, soft hyphens).
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Whether `text` says nothing: only whitespace and invisible characters.
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || is_invisible_format(c))
}

/// One line of text safe to print to a terminal: control characters (including line
/// breaks) become spaces, bidi/zero-width characters are dropped and so are the combining
/// marks past [`MARKS_SHOWN`] on one character, so that text loaded from a file never sends
/// escape sequences, rearranges the screen or makes one cell kilobytes long.
pub fn one_line(text: &str) -> Cow<'_, str> {
    let shown = || {
        few_marks(
            text.chars()
                .take(SHOWN_CHARS)
                .filter(|c| !is_invisible_format(*c))
                .map(|c| if c.is_control() { ' ' } else { c }),
        )
    };
    // The length check first: a 10 MB name is never scanned whole, on any frame.
    if text.len() <= SHOWN_CHARS && shown().eq(text.chars()) {
        return Cow::Borrowed(text);
    }
    let mut out: String = shown().collect();
    if text.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// The most characters of one text that are ever shown on one line: more than any terminal
/// is wide, so that the work of a frame never grows with a field's length.
pub const SHOWN_CHARS: usize = 4096;

/// The most zero-width characters (combining marks, variation selectors) shown in a row
/// after one character. No script stacks more than a few (Unicode's stream-safe format
/// allows 30 in a row); a terminal cell holds a character with all of its marks, so "e"
/// followed by a hundred thousand accents would otherwise be one cell of kilobytes, sent
/// again on every redraw.
pub const MARKS_SHOWN: usize = 16;

/// `chars` without the zero-width characters past the [`MARKS_SHOWN`]th in a row.
fn few_marks(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    use unicode_width::UnicodeWidthChar;
    let mut run = 0;
    chars.filter(move |c| {
        if c.width() == Some(0) {
            run += 1;
            run <= MARKS_SHOWN
        } else {
            run = 0;
            true
        }
    })
}

/// Cuts `text` to at most `width` terminal columns, ending with `…` when it was cut. Counts
/// display width (a CJK character or an emoji takes two columns, a combining mark none)
/// and keeps at most [`MARKS_SHOWN`] marks on one character. Reads no further than the cut,
/// nor than [`SHOWN_CHARS`] characters: what lies past them is cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    let mut chars = text.chars();
    let mut cut = false;
    for c in few_marks(chars.by_ref().take(SHOWN_CHARS)) {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            cut = true;
            break;
        }
        used += w;
        out.push(c);
    }
    if !cut && chars.next().is_none() {
        return out;
    }
    // Make room for the ellipsis.
    while used + 1 > width {
        match out.pop() {
            Some(c) => used -= c.width().unwrap_or(0),
            None => return out,
        }
    }
    out.push('…');
    out
}

/// `text` cut to `width` columns (with `…`) and padded with spaces to exactly `width`
/// columns, by display width: what lines up columns of names in any script.
pub fn pad(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = fit(text, width);
    let used = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// Text for a message on stderr: control, bidi and zero-width characters are written as
/// visible escapes (`\u{1b}`), so that a hostile name in a file shows up in the message
/// instead of acting on the terminal. Line breaks are kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| (c.is_control() && c != '\n') || is_invisible_format(c);
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A moment as the session lists show it, in the user's time zone to the minute:
/// "2026-11-27 10:41". `list` and the start screen both use it, so they agree.
pub fn local_minute(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `n` and the noun, singular for one: "1 decision", "0 decisions", "6 threats", "2
/// processes", "3 trust boundaries" (the regular English plurals of the nouns threatbench
/// counts).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    let consonant_y = noun.strip_suffix('y').filter(|stem| {
        stem.chars()
            .last()
            .is_some_and(|c| c.is_alphabetic() && !"aeiou".contains(c))
    });
    match consonant_y {
        Some(stem) => format!("{n} {stem}ies"),
        None if noun.ends_with('s') || noun.ends_with('x') => format!("{n} {noun}es"),
        None => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "threat"), "1 threat");
        assert_eq!(count(0, "threat"), "0 threats");
        assert_eq!(count(2, "decision"), "2 decisions");
        assert_eq!(count(2, "process"), "2 processes");
        assert_eq!(count(3, "trust boundary"), "3 trust boundaries");
        assert_eq!(count(2, "external entity"), "2 external entities");
        assert_eq!(count(2, "key"), "2 keys");
        assert_eq!(count(1, "process"), "1 process");
    }

    #[test]
    fn escapes_and_overrides_never_pass() {
        let hostile = "a\u{1b}]52;c;SGk=\u{7}b\u{202e}c\u{9b}d\ne";
        let safe = one_line(hostile);
        assert!(
            safe.chars()
                .all(|c| !c.is_control() && !is_invisible_format(c)),
            "{safe:?}"
        );
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
        let huge = "x".repeat(10_000_000);
        assert_eq!(
            one_line(&huge).chars().count(),
            SHOWN_CHARS + 1,
            "cut, with …"
        );
        assert_eq!(
            visible("a\u{1b}]0;x\u{7}\nb\u{202e}"),
            "a\\u{1b}]0;x\\u{7}\nb\\u{202e}"
        );
    }

    #[test]
    fn one_character_keeps_only_a_few_marks() {
        let accent = "\u{301}";
        let huge = format!("e{}x", accent.repeat(100_000));
        let shown = one_line(&huge);
        assert_eq!(shown, format!("e{}…", accent.repeat(MARKS_SHOWN)));
        assert!(shown.len() < 64, "{} bytes", shown.len());
        let fitted = fit(&huge, 10);
        assert_eq!(fitted, format!("e{}…", accent.repeat(MARKS_SHOWN)));
        let two = format!("e{}a{}", accent.repeat(40), accent.repeat(40));
        assert_eq!(
            one_line(&two),
            format!(
                "e{}a{}",
                accent.repeat(MARKS_SHOWN),
                accent.repeat(MARKS_SHOWN)
            ),
            "each character keeps its own"
        );
        // Real text passes untouched: Vietnamese stacks two marks, Devanagari a few.
        for real in ["Nguyễn Thị Ngọc", "e\u{302}\u{301}", "क्षत्रिय", "👍🏽 ok"]
        {
            assert!(matches!(one_line(real), Cow::Borrowed(_)), "{real}");
            assert_eq!(fit(real, 40), real);
        }
    }

    #[test]
    fn fitting_and_padding_count_columns_not_characters() {
        use unicode_width::UnicodeWidthStr;
        assert_eq!(fit("refunds", 10), "refunds");
        assert_eq!(fit("refunds DB", 6), "refun…");
        assert_eq!(fit("払い戻しAPI", 6), "払い…");
        assert_eq!(fit("払い戻しAPI", 6).width(), 5, "a wide char never splits");
        assert_eq!(pad("払い", 6), "払い  ");
        assert_eq!(
            pad("e\u{301}te\u{301}", 6).width(),
            6,
            "combining marks take no column"
        );
        assert_eq!(pad("🔐 vault", 6).width(), 6);
        assert_eq!(fit("abc", 0), "");
    }
}
