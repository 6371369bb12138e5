//! Splitting an export into numbered parts that each fit a tracker's comment limit, at
//! section or table-row boundaries, never inside a row. A table continued in the next part
//! repeats its header there. A block too big for any part is cut only where its markup
//! allows (between tokens, never inside a code span or an escape), so that cutting cannot
//! make a neutralized mention or link live again.

use std::borrow::Cow;
use std::sync::Arc;

/// An indivisible piece of an export: a heading, a paragraph, a list item, a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, ending with a line break.
    pub text: String,
    /// For a table row: the table's header (and delimiter) lines, repeated when the table
    /// continues in a new part; shared by every row of the table.
    pub table: Option<Arc<str>>,
    /// What to put instead when the block alone is too big for a part (a diagram).
    pub fallback: Option<String>,
}

impl Block {
    /// A plain block.
    pub fn text(text: impl Into<String>) -> Self {
        Block {
            text: text.into(),
            table: None,
            fallback: None,
        }
    }

    /// A table row under `header`, with a shorter row to use when it alone is too big for
    /// a part.
    pub fn row(text: impl Into<String>, header: &Arc<str>, fallback: impl Into<String>) -> Self {
        Block {
            text: text.into(),
            table: Some(Arc::clone(header)),
            fallback: Some(fallback.into()),
        }
    }
}

/// A part's size as trackers count it: UTF-16 code units (Jira counts Java chars; for text
/// outside the Basic Multilingual Plane that is more than the number of characters, so it
/// is the safe measure for every tracker).
pub fn size(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    // Counted on the bytes: every character starts with one byte that is not a
    // continuation byte (`10xxxxxx`) and is one unit, but those outside the Basic
    // Multilingual Plane (lead byte `11110xxx`) are two. In runs of 127 bytes, whose count
    // (at most 254) fits a byte: a count a byte wide is many bytes at a time in the
    // compiled loop, where one as wide as `usize` was a quarter as fast.
    s.as_bytes()
        .chunks(127)
        .map(|run| {
            let units: u8 = run
                .iter()
                .map(|&b| u8::from(b & 0xC0 != 0x80) + u8::from(b >= 0xF0))
                .sum();
            usize::from(units)
        })
        .sum()
}

/// Where a block's text may be cut: the byte offsets, in order, at which its markup is
/// complete (no code span, escape, tag or link left open before them).
pub type Breaks<'a> = &'a dyn Fn(&str) -> Vec<usize>;

/// The note that ends a block cut to fit.
const NOTE: &str = "… (cut to fit one comment; the session file has it all)\n";

/// `text` cut at its last break that leaves room for the note within `max` UTF-16 units,
/// with the note; only the note when no break leaves room.
fn cut(text: &str, max: usize, breaks: Breaks<'_>) -> String {
    // The note follows a space, so that it never runs into the last token.
    let room = max.saturating_sub(size(NOTE) + 1);
    let mut end = 0;
    let mut used = 0;
    for at in breaks(text) {
        used += size(&text[end..at]);
        if used > room {
            break;
        }
        end = at;
    }
    if end == 0 {
        return NOTE.to_owned();
    }
    format!("{} {NOTE}", &text[..end])
}

/// Splits `blocks` into parts of at most `limit` UTF-16 units, each (when there are
/// several) starting with `header(index, count)`. With no limit, or when everything fits,
/// there is one part and no header. A table row never breaks: a row too big for a part is
/// replaced by its fallback; other blocks too big for a part are cut with a note, at one of
/// their `breaks`.
pub fn split(
    blocks: &[Block],
    limit: Option<usize>,
    header: &(dyn Fn(usize, usize) -> String + Sync),
    breaks: Breaks<'_>,
) -> Vec<String> {
    let Some(limit) = limit else {
        return vec![whole(blocks)];
    };
    // Each block's size, counted once.
    let sizes: Vec<usize> = blocks.iter().map(|b| size(&b.text)).collect();
    if sizes.iter().sum::<usize>() <= limit {
        return vec![whole(blocks)];
    }
    // Room for the largest header any part could get.
    let budget = limit.saturating_sub(size(&header(9_999, 9_999)) + 1);
    // The pieces of each part (texts, fallbacks, cuts, repeated table headers), decided
    // first, so that each part is written once, its header (which names the count of parts)
    // first.
    let mut parts: Vec<Vec<Cow<'_, str>>> = Vec::new();
    let mut current: Vec<Cow<'_, str>> = Vec::new();
    let mut used = 0;
    let mut current_table: Option<&str> = None;
    // The size of the last table header seen: every row of a table carries the same one.
    let mut header_size: Option<(&str, usize)> = None;
    for (block, &block_size) in blocks.iter().zip(&sizes) {
        let repeat = match (block.table.as_deref(), header_size) {
            (None, _) => 0,
            (Some(table), Some((seen, n))) if seen == table => n,
            (Some(table), _) => {
                let n = size(table);
                header_size = Some((table, n));
                n
            }
        };
        let mut text = Cow::Borrowed(block.text.as_str());
        let mut needed = block_size;
        if needed + repeat > budget
            && let Some(fallback) = &block.fallback
        {
            text = Cow::Borrowed(fallback.as_str());
            needed = size(&text);
        }
        if needed + repeat > budget {
            text = Cow::Owned(cut(&text, budget.saturating_sub(repeat), breaks));
            needed = size(&text);
        }
        let continuing = block.table.is_some() && block.table.as_deref() == current_table;
        if !current.is_empty() && used + needed > budget {
            parts.push(std::mem::take(&mut current));
            used = 0;
            if let Some(table) = block.table.as_deref()
                && continuing
            {
                current.push(Cow::Borrowed(table));
                used += repeat;
            }
        }
        current.push(text);
        used += needed;
        current_table = block.table.as_deref();
    }
    if !current.is_empty() {
        parts.push(current);
    }
    let count = parts.len();
    let part = |i: usize| {
        let pieces = &parts[i];
        let header = header(i + 1, count);
        let len: usize = pieces.iter().map(|p| p.len()).sum();
        let mut part = String::with_capacity(header.len() + len);
        part.push_str(&header);
        pieces.iter().for_each(|p| part.push_str(p));
        part
    };
    // Each part is written apart from the others: two threads share them.
    crate::alongside::shared("threatbench-export", || (), count, part).1
}

/// Every block's text, in one string.
fn whole(blocks: &[Block]) -> String {
    let mut whole = String::with_capacity(blocks.iter().map(|b| b.text.len()).sum());
    for block in blocks {
        whole.push_str(&block.text);
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_stay_whole_and_tables_repeat_their_header() {
        let head: Arc<str> = Arc::from("| a |\n|---|\n");
        let mut blocks = vec![Block::text("# title\n\n"), Block::text(&*head)];
        for n in 0..50 {
            blocks.push(Block::row(format!("| row {n:02} |\n"), &head, "| row |\n"));
        }
        let parts = split(
            &blocks,
            Some(120),
            &|i, n| format!("part {i} of {n}\n\n"),
            &spaces,
        );
        assert!(parts.len() > 1);
        for (i, part) in parts.iter().enumerate() {
            assert!(size(part) <= 120, "{part}");
            assert!(part.starts_with(&format!("part {} of {}", i + 1, parts.len())));
            if i > 0 {
                assert!(
                    part.contains(&*head),
                    "continued table repeats its header: {part}"
                );
            }
        }
        let rows: usize = parts.iter().map(|p| p.matches("| row ").count()).sum();
        assert_eq!(rows, 50);
    }

    proptest::proptest! {
        /// The count on bytes is the count of UTF-16 units.
        #[test]
        fn size_counts_utf16_units(text in "[a\\n é元😀\u{10ffff}]{0,12}") {
            proptest::prop_assert_eq!(size(&text), text.encode_utf16().count());
        }

        /// Also over the runs the count is made in, and for text mostly ASCII.
        #[test]
        fn size_counts_utf16_units_of_long_text(text in "[a-z \\n]{0,300}[é元😀\u{10ffff}]{0,200}[a ]{0,200}") {
            proptest::prop_assert_eq!(size(&text), text.encode_utf16().count());
        }
    }

    #[test]
    fn no_limit_means_one_part() {
        let blocks = vec![Block::text("x".repeat(100_000))];
        assert_eq!(
            split(&blocks, None, &|_, _| String::new(), &spaces).len(),
            1
        );
    }

    fn spaces(text: &str) -> Vec<usize> {
        text.match_indices(' ').map(|(at, _)| at).collect()
    }

    #[test]
    fn a_block_too_big_is_cut_only_at_a_break() {
        let word = "abcdefghi";
        let text = vec![word; 40].join(" ");
        // Breaks only before every fourth word.
        let every_fourth =
            |t: &str| -> Vec<usize> { spaces(t).into_iter().skip(3).step_by(4).collect() };
        let parts = split(
            &[Block::text(text.clone()), Block::text("x".repeat(150))],
            Some(200),
            &|i, n| format!("{i}/{n}\n"),
            &every_fourth,
        );
        let first = parts[0].split_once('\n').map(|(_, rest)| rest).unwrap();
        let kept = first.strip_suffix(&format!(" {NOTE}")).unwrap();
        assert!(size(&parts[0]) <= 200, "{}", parts[0]);
        assert_eq!(kept.split(' ').count() % 4, 0, "cut at a break: {kept}");
        assert!(text.starts_with(kept));
        // Without a break that fits, only the note is left.
        assert_eq!(cut(&"x".repeat(300), 100, &every_fourth), NOTE);
    }
}
