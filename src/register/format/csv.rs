//! The CSV format (RFC 4180): one header row, then one row per threat in the register's
//! order. Several decisions of one threat are joined with "; " in each decision column. A
//! cell a spreadsheet would read as a formula gets a leading `'`. The patterns are not in
//! the CSV: they are not rows.

use rayon::prelude::*;

use crate::register::{DecisionRef, Register, Row};

/// The header row.
const HEADER: [&str; 20] = [
    "session",
    "session_title",
    "element_id",
    "element_name",
    "element_kind",
    "category",
    "threat_id",
    "threat_title",
    "likelihood",
    "impact",
    "risk_score",
    "risk_band",
    "residual_score",
    "residual_band",
    "decision_kind",
    "decision_id",
    "decision_owner",
    "decision_ticket",
    "decision_status",
    "decision_review_by",
];

/// `text` as one CSV field: a leading `'` where a spreadsheet would start a formula (`=`,
/// `+`, `-`, `@`, tab, CR), then quoted when it holds `,`, `"`, CR or LF, quotes doubled.
pub fn field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One value per decision joined with "; ".
fn joined(decisions: &[DecisionRef], value: impl Fn(&DecisionRef) -> String) -> String {
    decisions.iter().map(value).collect::<Vec<_>>().join("; ")
}

/// A number, or an empty cell.
fn number(value: Option<u8>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The raw values of one row, in [`HEADER`]'s order.
fn values(register: &Register, row: &Row) -> [String; 20] {
    let session = &register.sessions[row.session];
    let d = &row.decisions;
    [
        session.path.clone(),
        session.title.clone(),
        row.element.to_string(),
        row.element_name.clone(),
        row.kind.label().to_owned(),
        row.category.name().to_owned(),
        row.threat.to_string(),
        row.title.clone(),
        number(row.likelihood),
        number(row.impact),
        number(row.risk.map(|r| r.score)),
        row.risk
            .map(|r| r.band.name().to_owned())
            .unwrap_or_default(),
        number(row.residual.map(|r| r.score)),
        row.residual
            .map(|r| r.band.name().to_owned())
            .unwrap_or_default(),
        if d.is_empty() {
            "undecided".to_owned()
        } else {
            joined(d, |d| d.kind.name().to_owned())
        },
        joined(d, |d| d.id.to_string()),
        joined(d, |d| d.owner.clone().unwrap_or_default()),
        joined(d, |d| d.ticket.clone().unwrap_or_default()),
        joined(d, |d| d.status.name().to_owned()),
        joined(d, |d| {
            d.review_by
                .map(|r| r.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        }),
    ]
}

/// One CSV line from raw values, ended by CRLF as RFC 4180 says.
fn line(out: &mut String, values: impl IntoIterator<Item = impl AsRef<str>>) {
    let fields: Vec<String> = values.into_iter().map(|v| field(v.as_ref())).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The register's rows as CSV.
pub fn csv(register: &Register) -> String {
    let mut out = String::with_capacity(256 + register.rows.len() * 160);
    line(&mut out, HEADER);
    // Rows are written on every core, then joined in rank order: the same bytes.
    let lines: Vec<String> = register
        .rows
        .par_iter()
        .map(|row| {
            let mut text = String::with_capacity(256);
            line(&mut text, values(register, row));
            text
        })
        .collect();
    out.extend(lines);
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_guarded() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("=a,b"), "\"'=a,b\"");
        assert_eq!(field(""), "");
    }
}
