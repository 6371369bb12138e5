//! Splitting an export into numbered parts that each fit a tracker's comment limit, at
//! section or table-row boundaries, never inside a row. A table continued in the next part
//! repeats its header there.

/// An indivisible piece of an export: a heading, a paragraph, a list item, a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, ending with a line break.
    pub text: String,
    /// For a table row: the table's header (and delimiter) lines, repeated when the table
    /// continues in a new part.
    pub table: Option<String>,
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

    /// A table row under `header`.
    pub fn row(text: impl Into<String>, header: &str) -> Self {
        Block {
            text: text.into(),
            table: Some(header.to_owned()),
            fallback: None,
        }
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Splits `blocks` into parts of at most `limit` characters, each (when there are several)
/// starting with `header(index, count)`. With no limit, or when everything fits, there is
/// one part and no header.
pub fn split(
    blocks: &[Block],
    limit: Option<usize>,
    header: &dyn Fn(usize, usize) -> String,
) -> Vec<String> {
    let whole: String = blocks.iter().map(|b| b.text.as_str()).collect();
    let Some(limit) = limit else {
        return vec![whole];
    };
    if chars(&whole) <= limit {
        return vec![whole];
    }
    // Room for the largest header any part could get.
    let budget = limit.saturating_sub(chars(&header(9_999, 9_999)) + 1);
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_table: Option<&str> = None;
    for block in blocks {
        let mut text = block.text.as_str();
        if chars(text) > budget {
            text = block.fallback.as_deref().unwrap_or(text);
        }
        let continuing = block.table.is_some() && block.table.as_deref() == current_table;
        if !current.is_empty() && chars(&current) + chars(text) > budget {
            parts.push(std::mem::take(&mut current));
            if let Some(table) = &block.table
                && continuing
            {
                current.push_str(table);
            }
        }
        current.push_str(text);
        current_table = block.table.as_deref();
    }
    if !current.is_empty() {
        parts.push(current);
    }
    let count = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| format!("{}{part}", header(i + 1, count)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_stay_whole_and_tables_repeat_their_header() {
        let head = "| a |\n|---|\n";
        let mut blocks = vec![Block::text("# title\n\n"), Block::text(head)];
        for n in 0..50 {
            blocks.push(Block::row(format!("| row {n:02} |\n"), head));
        }
        let parts = split(&blocks, Some(120), &|i, n| format!("part {i} of {n}\n\n"));
        assert!(parts.len() > 1);
        for (i, part) in parts.iter().enumerate() {
            assert!(part.chars().count() <= 120, "{part}");
            assert!(part.starts_with(&format!("part {} of {}", i + 1, parts.len())));
            if i > 0 {
                assert!(
                    part.contains(head),
                    "continued table repeats its header: {part}"
                );
            }
        }
        let rows: usize = parts.iter().map(|p| p.matches("| row ").count()).sum();
        assert_eq!(rows, 50);
    }

    #[test]
    fn no_limit_means_one_part() {
        let blocks = vec![Block::text("x".repeat(100_000))];
        assert_eq!(split(&blocks, None, &|_, _| String::new()).len(), 1);
    }
}
