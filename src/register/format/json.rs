//! The JSON format: everything, for scripts, with a schema name that changes only when a
//! field's meaning does. Sessions are named by path everywhere; no list is capped.

use serde::Serialize;

use crate::model::{Due, Id, Risk};
use crate::register::digest::Outcome;
use crate::register::patterns::{NO_OWNER, Shared};
use crate::register::{DecisionRef, Register, Row};

/// The schema this format writes.
pub const SCHEMA: &str = "threatbench-register/1";

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    as_of: String,
    summary: Summary,
    thresholds: ThresholdsDoc,
    sessions: Vec<SessionDoc<'a>>,
    rows: Vec<RowDoc<'a>>,
    patterns: PatternsDoc<'a>,
    unreadable: Vec<UnreadableDoc<'a>>,
}

#[derive(Serialize)]
struct Summary {
    sessions: usize,
    threats: usize,
    undecided: usize,
    unreadable: usize,
    exit_code: u8,
}

#[derive(Serialize)]
struct ThresholdsDoc {
    coverage_min: u8,
    due_soon_days: u32,
    stale_days: u32,
}

#[derive(Serialize)]
struct SessionDoc<'a> {
    path: &'a str,
    title: &'a str,
    revision: u32,
    updated: String,
    threats: usize,
    undecided: usize,
    coverage: CoverageDoc,
}

#[derive(Serialize)]
struct CoverageDoc {
    considered: usize,
    live: usize,
    percent: u32,
}

#[derive(Serialize)]
struct RiskDoc {
    score: u8,
    band: &'static str,
}

#[derive(Serialize)]
struct RowDoc<'a> {
    rank: usize,
    session: &'a str,
    session_title: &'a str,
    element: ElementDoc<'a>,
    category: &'static str,
    threat: &'a str,
    title: &'a str,
    likelihood: Option<u8>,
    impact: Option<u8>,
    risk: Option<RiskDoc>,
    residual: Option<RiskDoc>,
    undecided: bool,
    decisions: Vec<DecisionDoc<'a>>,
}

#[derive(Serialize)]
struct ElementDoc<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct DecisionDoc<'a> {
    kind: &'static str,
    id: &'a str,
    owner: Option<&'a str>,
    ticket: Option<&'a str>,
    status: &'static str,
    review_by: Option<String>,
}

#[derive(Serialize)]
struct PatternsDoc<'a> {
    recurring: Vec<RecurringDoc<'a>>,
    packages: Vec<SharedDoc<'a>>,
    suppliers: Vec<SharedDoc<'a>>,
    acceptances: Vec<AcceptanceDoc<'a>>,
    owners: Vec<OwnerDoc<'a>>,
    stale: Vec<StaleDoc<'a>>,
    below_coverage: Vec<BelowDoc<'a>>,
}

#[derive(Serialize)]
struct RecurringDoc<'a> {
    kind: &'static str,
    category: &'static str,
    sessions: usize,
    threats: usize,
    undecided: usize,
    r#where: Vec<WhereDoc<'a>>,
}

#[derive(Serialize)]
struct WhereDoc<'a> {
    session: &'a str,
    threats: Vec<&'a str>,
}

#[derive(Serialize)]
struct SharedDoc<'a> {
    key: &'a str,
    sessions: usize,
    uses: Vec<UseDoc<'a>>,
}

#[derive(Serialize)]
struct UseDoc<'a> {
    session: &'a str,
    element: &'a str,
    name: &'a str,
    supplier: &'a str,
    version: Option<&'a str>,
    threats: Vec<OutcomeDoc<'a>>,
}

#[derive(Serialize)]
struct OutcomeDoc<'a> {
    threat: &'a str,
    decisions: Vec<OutcomeDecisionDoc<'a>>,
}

#[derive(Serialize)]
struct OutcomeDecisionDoc<'a> {
    kind: &'static str,
    id: &'a str,
}

#[derive(Serialize)]
struct AcceptanceDoc<'a> {
    session: &'a str,
    decision: &'a str,
    owner: Option<&'a str>,
    threats: Vec<&'a str>,
    review_by: String,
    /// Negative when overdue.
    days_left: i64,
}

#[derive(Serialize)]
struct OwnerDoc<'a> {
    /// None for decisions without an owner.
    owner: Option<&'a str>,
    open: usize,
    sessions: usize,
    items: Vec<ItemDoc<'a>>,
}

#[derive(Serialize)]
struct ItemDoc<'a> {
    session: &'a str,
    decision: &'a str,
}

#[derive(Serialize)]
struct StaleDoc<'a> {
    session: &'a str,
    updated: String,
    days: i64,
    revision: u32,
}

#[derive(Serialize)]
struct BelowDoc<'a> {
    session: &'a str,
    coverage: CoverageDoc,
}

fn risk(r: Option<Risk>) -> Option<RiskDoc> {
    r.map(|r| RiskDoc {
        score: r.score,
        band: r.band.name(),
    })
}

fn coverage(c: crate::model::Coverage) -> CoverageDoc {
    CoverageDoc {
        considered: c.considered,
        live: c.live,
        percent: c.percent(),
    }
}

fn strs(ids: &[Id]) -> Vec<&str> {
    ids.iter().map(Id::as_str).collect()
}

fn decision(d: &DecisionRef) -> DecisionDoc<'_> {
    DecisionDoc {
        kind: d.kind.name(),
        id: d.id.as_str(),
        owner: d.owner.as_deref(),
        ticket: d.ticket.as_deref(),
        status: d.status.name(),
        review_by: d.review_by.map(|r| r.format("%Y-%m-%d").to_string()),
    }
}

fn row<'a>(register: &'a Register, rank: usize, row: &'a Row) -> RowDoc<'a> {
    let session = &register.sessions[row.session];
    RowDoc {
        rank,
        session: &session.path,
        session_title: &session.title,
        element: ElementDoc {
            id: row.element.as_str(),
            name: &row.element_name,
            kind: row.kind.key(),
        },
        category: row.category.name(),
        threat: row.threat.as_str(),
        title: &row.title,
        likelihood: row.likelihood,
        impact: row.impact,
        risk: risk(row.risk),
        residual: risk(row.residual),
        undecided: row.undecided(),
        decisions: row.decisions.iter().map(decision).collect(),
    }
}

fn outcome(o: &Outcome) -> OutcomeDoc<'_> {
    OutcomeDoc {
        threat: o.threat.as_str(),
        decisions: o
            .decisions
            .iter()
            .map(|(kind, id)| OutcomeDecisionDoc {
                kind: kind.name(),
                id: id.as_str(),
            })
            .collect(),
    }
}

fn shared<'a>(register: &'a Register, found: &'a [Shared]) -> Vec<SharedDoc<'a>> {
    found
        .iter()
        .map(|s| SharedDoc {
            key: &s.key,
            sessions: s.sessions(),
            uses: s
                .uses
                .iter()
                .map(|u| UseDoc {
                    session: &register.sessions[u.session].path,
                    element: u.element.as_str(),
                    name: &u.name,
                    supplier: &u.supplier,
                    version: u.version.as_deref(),
                    threats: u.threats.iter().map(outcome).collect(),
                })
                .collect(),
        })
        .collect()
}

fn patterns(register: &Register) -> PatternsDoc<'_> {
    let p = &register.patterns;
    let path = |s: usize| register.sessions[s].path.as_str();
    PatternsDoc {
        recurring: p
            .recurring
            .iter()
            .map(|r| RecurringDoc {
                kind: r.kind.key(),
                category: r.category.name(),
                sessions: r.sessions.len(),
                threats: r.threats,
                undecided: r.undecided,
                r#where: r
                    .sessions
                    .iter()
                    .map(|(s, ids)| WhereDoc {
                        session: path(*s),
                        threats: strs(ids),
                    })
                    .collect(),
            })
            .collect(),
        packages: shared(register, &p.packages),
        suppliers: shared(register, &p.suppliers),
        acceptances: p
            .acceptances
            .iter()
            .map(|a| AcceptanceDoc {
                session: path(a.session),
                decision: a.decision.as_str(),
                owner: a.owner.as_deref(),
                threats: strs(&a.threats),
                review_by: a.review_by.format("%Y-%m-%d").to_string(),
                days_left: match a.due {
                    Due::Overdue(d) => -d,
                    Due::Soon(d) | Due::Later(d) => d,
                    Due::NoDate => 0,
                },
            })
            .collect(),
        owners: p
            .owners
            .iter()
            .map(|o| OwnerDoc {
                owner: (o.owner != NO_OWNER).then_some(o.owner.as_str()),
                open: o.items.len(),
                sessions: o.sessions(),
                items: o
                    .items
                    .iter()
                    .map(|(s, id)| ItemDoc {
                        session: path(*s),
                        decision: id.as_str(),
                    })
                    .collect(),
            })
            .collect(),
        stale: p
            .stale
            .iter()
            .map(|s| {
                let session = &register.sessions[s.session];
                StaleDoc {
                    session: &session.path,
                    updated: session.updated.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    days: s.days,
                    revision: session.revision,
                }
            })
            .collect(),
        below_coverage: p
            .below_coverage
            .iter()
            .map(|b| BelowDoc {
                session: path(b.session),
                coverage: coverage(b.coverage),
            })
            .collect(),
    }
}

/// The register as pretty JSON, one document.
pub fn json(register: &Register) -> String {
    let t = &register.thresholds;
    let doc = Doc {
        schema: SCHEMA,
        as_of: register.as_of.format("%Y-%m-%d").to_string(),
        summary: Summary {
            sessions: register.sessions.len(),
            threats: register.rows.len(),
            undecided: register.undecided(),
            unreadable: register.unreadable.len(),
            exit_code: register.exit_code(),
        },
        thresholds: ThresholdsDoc {
            coverage_min: t.coverage_min,
            due_soon_days: t.due_soon_days,
            stale_days: t.stale_days,
        },
        sessions: register
            .sessions
            .iter()
            .map(|s| SessionDoc {
                path: &s.path,
                title: &s.title,
                revision: s.revision,
                updated: s.updated.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                threats: s.threats,
                undecided: s.undecided,
                coverage: coverage(s.coverage),
            })
            .collect(),
        rows: register
            .rows
            .iter()
            .enumerate()
            .map(|(n, r)| row(register, n + 1, r))
            .collect(),
        patterns: patterns(register),
        unreadable: register
            .unreadable
            .iter()
            .map(|u| UnreadableDoc {
                path: &u.path,
                message: &u.message,
            })
            .collect(),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
struct UnreadableDoc<'a> {
    path: &'a str,
    message: &'a str,
}
