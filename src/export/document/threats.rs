//! The threats table of an export: a row per threat, highest risk first.

use std::sync::Arc;

use super::{Block, Markup, Row, TOO_LONG, row};
use crate::export::context::Context;
use crate::text::is_blank;

/// The threats table's heading, or the words saying there are no threats.
pub(super) fn threats_start(m: &dyn Markup, c: &Context, b: &mut Vec<Block>) {
    b.push(Block::text(m.heading(3, "2. What can go wrong?")));
    if c.threats.is_empty() {
        b.push(Block::text("No threats were recorded.\n\n"));
    }
}

/// The header (and delimiter) of the threats table.
pub(super) fn threats_head(m: &dyn Markup) -> Arc<str> {
    m.table_head(&["ID", "Element", "STRIDE", "Threat", "Risk", "Decision"])
        .into()
}

/// The rows of the threats in `rows` (indices into the context's threats), under `head`.
pub(super) fn threat_rows(
    m: &dyn Markup,
    c: &Context,
    head: &Arc<str>,
    rows: std::ops::Range<usize>,
    b: &mut Vec<Block>,
) {
    let bold = m.bold_mark();
    // The same for every row: made once.
    let notes = m.italic("Notes:");
    for i in rows {
        let t = &c.threats[i];
        // `L3×I4 high → L1×I2 low`, `unrated → …`, or only the inherent rating.
        let mut risk = String::with_capacity(48);
        if !push_rating(&mut risk, t.likelihood, t.impact, t.risk_band) {
            risk.push_str("unrated");
        }
        let inherent = risk.len();
        risk.push_str(" → ");
        if !push_rating(
            &mut risk,
            t.residual_likelihood,
            t.residual_impact,
            t.residual_band,
        ) {
            risk.truncate(inherent);
        }
        let mut decision = String::new();
        if t.decisions.is_empty() {
            decision.push_str(bold);
            decision.push_str("unresolved");
            decision.push_str(bold);
        }
        for (n, d) in t.decisions.iter().enumerate() {
            if n > 0 {
                decision.push_str(", ");
            }
            m.push_link(&mut decision, &d.id);
            decision.push(' ');
            decision.push_str(d.kind);
        }
        let mut id = String::with_capacity(40);
        m.push_anchor(&mut id, &t.id);
        id.push_str(&t.id);
        let mut stride = String::with_capacity(t.category.len() + 2);
        stride.push(t.letter);
        stride.push(' ');
        stride.push_str(t.category);

        let lead = if i == 0 { &**head } else { "" };
        let mut cells = Row::new(m.row_marks(), lead);
        cells.cell().push_str(&id);
        let element = cells.cell();
        element.push_str(&t.element);
        element.push(' ');
        m.push_cell(element, &t.element_name);
        cells.cell().push_str(&stride);
        let threat = cells.cell();
        threat.push_str(bold);
        m.push_cell(threat, &t.title);
        threat.push_str(bold);
        if let Some(statement) = &t.statement {
            threat.push_str(" — ");
            m.push_cell(threat, statement);
        }
        for (n, r) in t.references.iter().enumerate() {
            threat.push_str(if n == 0 { " · " } else { ", " });
            threat.push_str(&m.external(&r.id, &r.url));
        }
        if !is_blank(&t.notes) {
            threat.push_str(" · ");
            threat.push_str(&notes);
            threat.push(' ');
            m.push_cell(threat, &t.notes);
        }
        cells.cell().push_str(&risk);
        cells.cell().push_str(&decision);
        let short = [&*id, &t.element, &stride, TOO_LONG, &risk, &decision];
        b.push(row(m, head, i == 0, cells, &short));
    }
}

/// The blank line that closes the threats table.
pub(super) fn threats_end(c: &Context, b: &mut Vec<Block>) {
    if !c.threats.is_empty() {
        b.push(Block::text("\n"));
    }
}

/// Writes a rating, `L3×I4 high`, to `out` when it has all three parts; says whether it did.
fn push_rating(out: &mut String, l: Option<u8>, i: Option<u8>, band: Option<&str>) -> bool {
    let (Some(l), Some(i), Some(band)) = (l, i, band) else {
        return false;
    };
    out.push('L');
    push_number(out, l);
    out.push_str("×I");
    push_number(out, i);
    out.push(' ');
    out.push_str(band);
    true
}

/// Writes `n` in decimal digits to `out`, without the formatting machinery (a row has two).
fn push_number(out: &mut String, n: u8) {
    if n >= 100 {
        out.push(char::from(b'0' + n / 100));
    }
    if n >= 10 {
        out.push(char::from(b'0' + n / 10 % 10));
    }
    out.push(char::from(b'0' + n % 10));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ratings_are_written_as_format_writes_them() {
        for n in 0..=u8::MAX {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        let mut out = String::new();
        assert!(push_rating(&mut out, Some(3), Some(14), Some("high")));
        assert_eq!(out, "L3×I14 high");
        assert!(!push_rating(&mut out, Some(3), None, Some("high")));
        assert_eq!(out, "L3×I14 high", "nothing written without all three");
    }
}
