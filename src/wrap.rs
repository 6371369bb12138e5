//! Word wrapping by display width, with a hanging indent: the rows one line of a pane takes.
//! The drawing lays text out with it and the app pages with it, so that what is paged is
//! what is drawn.

use unicode_width::UnicodeWidthChar;

/// A run of text in one style; `S` is whatever the caller styles with.
pub type Piece<S> = (String, S);

/// The rows `lead` and `text` take in `width` columns. The lead (a bullet, a mark, an ID)
/// starts the first row and the text follows, wrapped at spaces by display width; every
/// further row starts under the text, not under the lead, with an indent of the default
/// style. A word longer than a row is broken where the row ends. A lead wider than half the
/// row is not hung but wrapped with the text. There is always at least one row.
pub fn hanging<S: Clone + Default>(
    lead: &[Piece<S>],
    text: &[Piece<S>],
    width: usize,
) -> Vec<Vec<Piece<S>>> {
    let width = width.max(1);
    let lead_width: usize = lead.iter().map(|(t, _)| columns(t)).sum();
    let hang = lead_width * 2 <= width;
    let mut rows = Rows {
        width,
        indent: if hang { lead_width } else { 0 },
        done: Vec::new(),
        row: Vec::new(),
        col: 0,
        fresh: false,
        gap: Vec::new(),
    };
    let mut all = Vec::new();
    if hang {
        for (t, s) in lead {
            rows.push(t, s);
        }
    } else {
        all.extend_from_slice(lead);
    }
    all.extend_from_slice(text);
    for token in tokens(&all) {
        match token {
            Token::Gap(pieces) => rows.gap = pieces,
            Token::Word(pieces) => rows.word(&pieces),
        }
    }
    rows.done.push(rows.row);
    rows.done
}

/// The display width of `text` in terminal columns.
fn columns(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The display width of a run of pieces.
fn pieces_width<S>(pieces: &[Piece<S>]) -> usize {
    pieces.iter().map(|(t, _)| columns(t)).sum()
}

/// Spaces between words, or a word: either may run over several pieces.
enum Token<S> {
    Gap(Vec<Piece<S>>),
    Word(Vec<Piece<S>>),
}

/// `pieces` cut into words and the spaces between them, each part keeping its style.
fn tokens<S: Clone>(pieces: &[Piece<S>]) -> Vec<Token<S>> {
    let mut out: Vec<Token<S>> = Vec::new();
    for (text, style) in pieces {
        let mut rest = text.as_str();
        while let Some(first) = rest.chars().next() {
            let space = first == ' ';
            let end = rest
                .find(|c: char| (c == ' ') != space)
                .unwrap_or(rest.len());
            let part = (rest[..end].to_owned(), style.clone());
            match (out.last_mut(), space) {
                (Some(Token::Gap(p)), true) | (Some(Token::Word(p)), false) => p.push(part),
                (_, true) => out.push(Token::Gap(vec![part])),
                (_, false) => out.push(Token::Word(vec![part])),
            }
            rest = &rest[end..];
        }
    }
    out
}

/// The rows being filled, and the spaces waiting to go before the next word.
struct Rows<S> {
    width: usize,
    indent: usize,
    done: Vec<Vec<Piece<S>>>,
    row: Vec<Piece<S>>,
    col: usize,
    /// Whether the row is a further one with no word on it yet: spaces are dropped there.
    fresh: bool,
    gap: Vec<Piece<S>>,
}

impl<S: Clone + Default> Rows<S> {
    fn append(&mut self, text: String, style: &S) {
        if !text.is_empty() {
            self.row.push((text, style.clone()));
        }
    }

    fn push(&mut self, text: &str, style: &S) {
        self.col += columns(text);
        self.append(text.to_owned(), style);
    }

    fn break_row(&mut self) {
        self.done.push(std::mem::take(&mut self.row));
        self.col = 0;
        self.push(&" ".repeat(self.indent), &S::default());
        self.fresh = true;
    }

    /// Places the waiting spaces and then `word`, or `word` alone on a new row when they do
    /// not fit on this one (unless nothing but the lead is on it: a new row has no more room).
    fn word(&mut self, word: &[Piece<S>]) {
        let gap = std::mem::take(&mut self.gap);
        if !self.fresh {
            let gap_width = pieces_width(&gap);
            let word_width = pieces_width(word);
            if self.col + gap_width + word_width > self.width && self.col > self.indent {
                self.break_row();
            } else {
                for (t, s) in &gap {
                    self.push(t, s);
                }
            }
        }
        for (text, style) in word {
            self.place(text, style);
        }
        self.fresh = false;
    }

    /// Places `text` character by character, breaking the row where it ends: only a word
    /// longer than a row has anything to break.
    fn place(&mut self, text: &str, style: &S) {
        let mut part = String::new();
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if self.col + w > self.width && self.col > self.indent {
                self.append(std::mem::take(&mut part), style);
                self.break_row();
            }
            part.push(c);
            self.col += w;
        }
        self.append(part, style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows as plain strings.
    fn show(lead: &str, text: &str, width: usize) -> Vec<String> {
        let lead = [(lead.to_owned(), ())];
        let text = [(text.to_owned(), ())];
        hanging(&lead, &text, width)
            .iter()
            .map(|row| row.iter().map(|(t, _)| t.as_str()).collect())
            .collect()
    }

    #[test]
    fn further_rows_start_under_the_text() {
        assert_eq!(
            show(
                "  T3 ",
                "Partial refunds add up to more than the captured amount",
                30
            ),
            [
                "  T3 Partial refunds add up to",
                "     more than the captured",
                "     amount",
            ]
        );
        assert_eq!(show("• ", "short", 30), ["• short"]);
        assert_eq!(show("", "", 30), [""], "an empty line is one row");
    }

    #[test]
    fn widths_are_columns_and_long_words_break() {
        // Two columns a character: four fit in a row of ten after a two-column lead.
        assert_eq!(
            show("• ", "払い戻し払い戻し", 10),
            ["• 払い戻し", "  払い戻し"]
        );
        assert_eq!(show("", "abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            show("- ", "ab abcdefghij", 6),
            ["- ab", "  abcd", "  efgh", "  ij"]
        );
        for row in show("  E10 ", &"x".repeat(50), 7) {
            assert!(row.chars().count() <= 7, "{row:?}");
        }
    }

    #[test]
    fn a_wide_lead_is_not_hung() {
        assert_eq!(show("abcdef ", "gh ij", 8), ["abcdef", "gh ij"]);
    }

    #[test]
    fn styles_stay_with_their_text() {
        let rows = hanging(
            &[("• ".to_owned(), 1)],
            &[("aa ".into(), 2), ("bb".into(), 3)],
            5,
        );
        assert_eq!(
            rows,
            [
                vec![("• ".to_owned(), 1), ("aa".into(), 2)],
                vec![("  ".to_owned(), 0), ("bb".into(), 3)],
            ]
        );
    }
}
