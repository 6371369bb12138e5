//! Making session text inert for its target. A threat titled `@channel <img src=x> | /close`
//! must show as exactly that and do nothing else: no ping, no reference, no image, no HTML,
//! no broken table, no quick action, no hidden bidi trick.
//!
//! Only what the target would read as markup is escaped: a needless escape shows as typed.
//!
//! Markdown (GitHub, GitLab): tokens that the tracker turns into mentions, references, links
//! or emoji (`@user`, `#12`, GitLab's `!3` `~label` `%milestone` `&epic`, URLs, e-mail
//! addresses, SHAs, `:smile:`, GitLab's `{+ +}`; see [`Tracker`]) go into code spans, where
//! it acts on nothing; everything else has its Markdown punctuation backslash-escaped (`\@`
//! alone does not stop a GitHub mention, so escaping is not used for those). Jira: macro,
//! link, image and cell characters are backslash-escaped, which breaks `[~user]`, `!image!`
//! and `{macro}` alike; phrase delimiters only where they could format.

use std::borrow::Cow;

use super::live::Tracker;
use crate::text::is_invisible_format;

/// The most characters of one text field an export carries; longer text is cut (the
/// session file keeps it whole). Keeps every table row far below a comment's size limit.
pub const MAX_FIELD_CHARS: usize = 1_000;

/// Where escaped Markdown text goes: table cells also need their pipes escaped inside code
/// spans, which elsewhere would show the backslash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A GFM table cell.
    Cell,
    /// Running text, a list item, a heading.
    Text,
}

/// One line of plain text: control, bidi and zero-width characters removed, line breaks
/// and tabs turned into spaces, runs of spaces kept, cut at [`MAX_FIELD_CHARS`].
pub fn normalize(text: &str) -> String {
    normalized(text).into_owned()
}

/// [`normalize`], borrowing `text` when it is already one clean line (most text is).
pub fn normalized(text: &str) -> Cow<'_, str> {
    if is_clean_line(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(MAX_FIELD_CHARS * 4));
    let mut count = 0;
    for c in text.chars() {
        if is_invisible_format(c) {
            continue;
        }
        let c = if c == '\n' || c == '\t' || c == '\r' {
            ' '
        } else {
            c
        };
        if c.is_control() {
            continue;
        }
        if count == MAX_FIELD_CHARS {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    Cow::Owned(out.trim().to_owned())
}

/// Whether `text` is already one clean line, as [`normalize`] leaves it: short enough, no
/// control or invisible character, nothing to trim.
fn is_clean_line(text: &str) -> bool {
    // Printable ASCII (most text) is one character a byte, with no control, invisible
    // character or whitespace but the space.
    let bytes = text.as_bytes();
    let printable = |b: &u8| (b' '..=b'~').contains(b);
    if bytes.len() <= MAX_FIELD_CHARS
        && bytes.iter().all(printable)
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
    {
        return true;
    }
    is_clean_unicode_line(text)
}

/// [`is_clean_line`] for any text, character by character.
fn is_clean_unicode_line(text: &str) -> bool {
    let short = text.len() <= MAX_FIELD_CHARS || text.chars().nth(MAX_FIELD_CHARS).is_none();
    short
        && !text
            .chars()
            .any(|c| c.is_control() || is_invisible_format(c))
        && text.trim().len() == text.len()
}

/// Whether the text starts like an ordered list item (`1.`, `1986)`): returns the index of
/// the punctuation to escape.
fn ordered_marker(token: &str) -> Option<usize> {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && matches!(token.as_bytes().get(digits), Some(b'.' | b')'))).then_some(digits)
}

/// The ASCII punctuation Markdown reads as syntax inside a line: emphasis, strikethrough,
/// code, links, HTML and autolinks, table cells. (Where a tracker reads a reference
/// character, its token is a code span and never gets here.)
fn md_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '|'
    )
}

/// Whether the `&` before `next` could start a character reference (`&amp;`, `&#64;`),
/// which Markdown would show as the character it names.
fn starts_entity(next: Option<char>) -> bool {
    next.is_some_and(|n| n == '#' || n.is_ascii_alphanumeric())
}

/// Punctuation that means something at the start of a line (lists, headings, quotes,
/// thematic breaks): escaped when session text starts with it.
fn md_leading(c: char) -> bool {
    matches!(c, '-' | '+' | '=' | '#' | '.' | ')' | ':')
}

/// Writes a code span holding `token` literally to `out`: a backtick fence longer than any
/// run inside, padded when the token starts or ends with a backtick, and (in table cells)
/// pipes escaped as GFM requires even inside code.
fn push_code_span(out: &mut String, token: &str, place: Place) {
    let mut run = 0;
    let mut max_run = 0;
    for c in token.chars() {
        if c == '`' {
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
    }
    // Escaping pipes changes neither end of the token.
    let pad = if token.starts_with('`') || token.ends_with('`') {
        " "
    } else {
        ""
    };
    let fence = |out: &mut String| out.extend(std::iter::repeat_n('`', max_run + 1));
    fence(out);
    out.push_str(pad);
    if place == Place::Cell {
        for (i, part) in token.split('|').enumerate() {
            if i > 0 {
                out.push_str("\\|");
            }
            out.push_str(part);
        }
    } else {
        out.push_str(token);
    }
    out.push_str(pad);
    fence(out);
}

/// Session text as inert Markdown for `place`, whichever tracker renders it (a file in a
/// repository, a user's template).
pub fn md(text: &str, place: Place) -> String {
    md_for(text, place, Tracker::Any)
}

/// Session text as inert Markdown for `place`, rendered by `tracker`.
pub fn md_for(text: &str, place: Place, tracker: Tracker) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_md_for(&mut out, text, place, tracker);
    out
}

/// Writes [`md_for`] of `text` to `out`.
pub fn push_md_for(out: &mut String, text: &str, place: Place, tracker: Tracker) {
    let text = normalized(text);
    for (i, token, last) in words(&text) {
        if i > 0 {
            // Keep runs of spaces visible and prevent a line from starting with a marker.
            out.push(' ');
        }
        if token.is_empty() {
            continue;
        }
        if tracker.is_live(token, last) {
            // A list's comma stays outside the span (`8a766d8`, not `8a766d8,`) when what
            // it follows is live by itself.
            let core = token.trim_end_matches(',');
            if core.len() < token.len() && tracker.is_live(core, last) {
                push_code_span(out, core, place);
                out.push_str(&token[core.len()..]);
            } else {
                push_code_span(out, token, place);
            }
            continue;
        }
        push_md_word(out, token, i == 0);
    }
}

/// The words of `text` between single spaces, as `text.split(' ')` gives them (an empty
/// one between two spaces), each with its index and whether it is the last. Words are short:
/// looking for the space a byte at a time beats a search call per word.
fn words(text: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let bytes = text.as_bytes();
    let mut start = Some(0);
    (0..).map_while(move |i| {
        let from = start?;
        // A space is one byte, so both ends are character boundaries.
        let end = bytes[from..]
            .iter()
            .position(|b| *b == b' ')
            .map_or(bytes.len(), |at| from + at);
        let last = end == bytes.len();
        start = (!last).then_some(end + 1);
        Some((i, &text[from..end], last))
    })
}

/// Writes a word that no tracker acts on to `out`, its Markdown punctuation escaped (and,
/// for the `first` word of the text, what would start a block).
fn push_md_word(out: &mut String, token: &str, first: bool) {
    // Most words need no escape at all.
    if !first
        && !token
            .bytes()
            .any(|b| b == b'&' || md_special(char::from(b)))
    {
        out.push_str(token);
        return;
    }
    let ordered = if first { ordered_marker(token) } else { None };
    let mut chars = token.char_indices().peekable();
    let mut j = 0;
    while let Some((_, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if md_special(c)
            || (first && j == 0 && md_leading(c))
            || ordered == Some(j)
            || (c == '&' && starts_entity(next))
        {
            out.push('\\');
        }
        out.push(c);
        j += 1;
    }
}

/// The characters of Jira wiki markup that always mean something: macros, links, mentions,
/// images, table cells.
fn jira_special(c: char) -> bool {
    matches!(c, '[' | ']' | '{' | '}' | '!' | '|')
}

/// The phrase delimiters of Jira wiki markup: `*strong*`, `_emphasis_`, `-deleted-`,
/// `+inserted+`, `^superscript^`, `~subscript~`.
fn jira_phrase(c: char) -> bool {
    matches!(c, '*' | '_' | '-' | '+' | '^' | '~')
}

/// Whether a phrase delimiter between `prev` and `next` could open or close a phrase. Jira
/// opens one after anything but a letter or digit and before a non-space, and closes one
/// after a non-space and before anything but a letter or digit: inside a word (`SEC-101`,
/// `snake_case`) it is only a character. The ends of the text (`None`) may touch anything,
/// as the export writes its own markup there.
fn jira_could_format(prev: Option<char>, next: Option<char>) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit());
    let space = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let opens = !word(prev) && !space(next);
    let closes = !space(prev) && !word(next);
    opens || closes
}

/// Jira's emoticons in parentheses: `(y)`, `(/)`, `(on)`, `(*r)`, `(flag)`, …
const JIRA_EMOTICONS: &[&str] = &[
    "y", "n", "i", "/", "x", "!", "+", "-", "?", "on", "off", "*", "*r", "*g", "*b", "*y", "flag",
    "flagoff",
];

/// Whether `rest` (the characters after a `(`) completes a Jira emoticon.
fn jira_emoticon(rest: &[char]) -> bool {
    let Some(end) = rest.iter().take(8).position(|c| *c == ')') else {
        return false;
    };
    let body: String = rest[..end].iter().collect::<String>().to_ascii_lowercase();
    JIRA_EMOTICONS.contains(&body.as_str())
}

/// Session text as inert Jira wiki markup: a character is escaped only where Jira would read
/// it as markup, because Jira shows a needless escape (`SEC\-101`, `\(email)`) as typed.
/// Macros, links, images and cell separators are backslash-escaped; phrase delimiters where
/// they could open or close a phrase; `#` where it could start a list. Emoticons and URLs
/// are broken with character references (`&#40;y)`, `&#58;)`, `https&#58;//`), shown the
/// same and never drawn or linked. A backslash becomes `&#92;`: in Jira two backslashes are
/// a line break.
pub fn jira(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_jira(&mut out, text);
    out
}

/// Writes [`jira`] of `text` to `out`.
pub fn push_jira(out: &mut String, text: &str) {
    let text = normalized(text);
    // Most text holds none of the characters Jira could read as markup: it is written as
    // it is.
    if !text.bytes().any(jira_may_escape) {
        out.push_str(&text);
        return;
    }
    push_jira_escaped(out, &text);
}

/// Whether [`jira`] could write something else for this byte: every character its escaping
/// looks at is ASCII.
fn jira_may_escape(b: u8) -> bool {
    matches!(
        b,
        b':' | b'.' | b'(' | b';' | b'\\' | b'&' | b'<' | b'>' | b'?' | b'#'
    ) || jira_special(char::from(b))
        || jira_phrase(char::from(b))
}

/// Writes normalized `text` to `out` as inert Jira wiki markup, character by character.
fn push_jira_escaped(out: &mut String, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    // Whether each character is in a URL-like token.
    let mut url = Vec::with_capacity(chars.len());
    for (i, token) in text.split(' ').enumerate() {
        let is_url = token.contains("://")
            || contains_ignoring_case(token, "mailto:")
            || contains_ignoring_case(token, "www.");
        if i > 0 {
            url.push(false);
        }
        url.extend(std::iter::repeat_n(is_url, token.chars().count()));
    }
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            ':' if url[i] => out.push_str("&#58;"),
            '.' if url[i] => out.push_str("&#46;"),
            '(' if jira_emoticon(&chars[i + 1..]) => out.push_str("&#40;"),
            // :) :( :P :D ;) draw faces.
            ':' | ';' if matches!(next, Some(')' | '(' | 'P' | 'D' | 'p' | '-')) => {
                out.push_str(if c == ':' { "&#58;" } else { "&#59;" });
            }
            '\\' => out.push_str("&#92;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if jira_special(c)
                || (jira_phrase(c) && jira_could_format(prev, next))
                // ??citation??
                || (c == '?' && (prev == Some('?') || next == Some('?')))
                // # starts a numbered list at the start of a line.
                || (c == '#' && i == 0) =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Whether `text` contains `needle` (ASCII, lowercase) in any ASCII case.
fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Text for a Mermaid label inside double quotes: anything but letters, digits, spaces
/// and harmless punctuation becomes a `#code;` entity, so no label can close its quotes,
/// end the code fence, start a directive (`%%`) or carry HTML.
pub fn mermaid(text: &str) -> String {
    let text = normalized(text);
    let mut out = String::with_capacity(text.len() + 8);
    let cut = text.chars().count() > 80;
    for c in text.chars().take(if cut { 79 } else { 80 }) {
        if c.is_alphanumeric()
            || matches!(
                c,
                ' ' | ',' | '.' | '-' | '_' | '/' | '(' | ')' | '\'' | '?'
            )
        {
            out.push(c);
        } else {
            out.push_str(&format!("#{};", u32::from(c)));
        }
    }
    if cut {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_markdown_is_inert() {
        let hostile = "@channel <img src=x> | /close";
        let cell = md(hostile, Place::Cell);
        assert_eq!(cell, "`@channel` \\<img src=x\\> \\| /close");
        assert!(!md("see #12 and !3 and ~bug", Place::Text).contains(" #12 "));
        assert_eq!(md("a`b@c", Place::Text), "``a`b@c``");
        assert_eq!(md("`@x`", Place::Text), "`` `@x` ``");
        assert_eq!(md("a|b@c", Place::Cell), "`a\\|b@c`");
        assert_eq!(
            md("line\nbreak\u{202e}x\u{200b}", Place::Text),
            "line breakx"
        );
    }

    #[test]
    fn hostile_jira_is_inert() {
        assert_eq!(
            jira("[~bob] !http://e/x.png! {noformat}"),
            "\\[\\~bob\\] \\!http&#58;//e/x&#46;png\\! \\{noformat\\}"
        );
        assert_eq!(jira("see www.evil.example"), "see www&#46;evil&#46;example");
        assert_eq!(md("- item", Place::Text), "\\- item");
        assert_eq!(md("1986. A good year", Place::Text), "1986\\. A good year");
        for live in [
            "GH-12",
            "(www.evil.example)",
            "_www.x.y_",
            "a5c3785ed8d6a35868bc169f07e40e889087fd2e",
            "[vulnerability:7]",
            "*iteration:3",
            "GHSA-abcd-1234",
        ] {
            assert!(
                md(live, Place::Text).starts_with('`'),
                "{live}: {}",
                md(live, Place::Text)
            );
        }
        assert_eq!(
            md("deadbeef cafe 2024", Place::Text),
            "deadbeef cafe 2024",
            "words and years stay plain"
        );
        assert_eq!(jira("a|b\\c"), "a\\|b&#92;c");
        // A list of commits keeps its commas outside the spans.
        assert_eq!(
            md("10e4f1a, 8f1ca37, @bob,", Place::Text),
            "`10e4f1a`, `8f1ca37`, `@bob`,"
        );
    }

    #[test]
    fn jira_escapes_only_what_jira_reads() {
        let typed = "SEC-101 (email) snake_case a*b x^2 open-ended #2 what?";
        assert_eq!(jira(typed), typed);
        assert_eq!(
            jira("-gone- *bold* _it_ +u+ ^s^ ~t~ ??c??"),
            "\\-gone\\- \\*bold\\* \\_it\\_ \\+u\\+ \\^s\\^ \\~t\\~ \\?\\?c\\?\\?"
        );
        assert_eq!(
            jira("(y) (/) (FLAG) (*r) :) ;) :D"),
            "&#40;y) &#40;/) &#40;FLAG) &#40;\\*r) &#58;) &#59;) &#58;D"
        );
        assert_eq!(jira("# 1 a -- b C++"), "\\# 1 a \\-\\- b C\\+\\+");
    }

    #[test]
    fn github_shows_what_it_does_not_act_on() {
        assert_eq!(
            md_for(
                "Tom & Jerry R&D 50% !3 ~5 &amp;",
                Place::Text,
                Tracker::Github
            ),
            "Tom & Jerry R\\&D 50% !3 \\~5 \\&amp;"
        );
        assert_eq!(
            md_for("R&D !3 & 50%", Place::Text, Tracker::Gitlab),
            "`R&D` `!3` `&` `50%`"
        );
    }

    #[test]
    fn mermaid_labels_cannot_break_out() {
        assert_eq!(mermaid("a\"] --> X[\"b"), "a#34;#93; --#62; X#91;#34;b");
        assert!(!mermaid("```%%{init}%%").contains('`'));
        assert!(!mermaid("```%%{init}%%").contains('%'));
    }

    proptest::proptest! {
        /// Words are what splitting at every space gives.
        #[test]
        fn words_are_split_at_spaces(text in "[a é元]{0,12}") {
            let split: Vec<&str> = words(&text).map(|(_, w, _)| w).collect();
            proptest::prop_assert_eq!(split, text.split(' ').collect::<Vec<_>>());
            let lasts: Vec<bool> = words(&text).map(|(_, _, last)| last).collect();
            proptest::prop_assert_eq!(lasts.iter().filter(|l| **l).count(), 1);
            proptest::prop_assert_eq!(lasts.last(), Some(&true));
        }

        /// Text the shortcut writes as it is comes out the same from the full escaping.
        #[test]
        fn jira_shortcut_agrees(text in "[a-z :.(;\\\\&<>?#\\[\\]{}!|*_+^~/yé元-]{0,16}") {
            let mut slow = String::new();
            push_jira_escaped(&mut slow, &normalized(&text));
            proptest::prop_assert_eq!(jira(&text), slow);
        }

        /// The shortcut for printable ASCII never calls a line clean that is not.
        #[test]
        fn clean_lines_agree(text in "[ -~\t\n\u{7f}\u{a0}\u{200b}é]{0,12}", long: bool) {
            let text = if long { text.repeat(MAX_FIELD_CHARS / 4) } else { text };
            proptest::prop_assert_eq!(is_clean_line(&text), is_clean_unicode_line(&text));
        }
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x".repeat(MAX_FIELD_CHARS * 2);
        assert_eq!(normalize(&long).chars().count(), MAX_FIELD_CHARS + 1);
    }
}
