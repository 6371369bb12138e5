//! Shared test fixtures: a small, valid session built in code, and the app harness.

#![allow(dead_code)]

pub mod harness;
pub mod run;

use chrono::{TimeZone, Utc};
use threatbench::model::{
    Agenda, Category, Decision, DecisionKind, DecisionStatus, Element, ElementKind, Grammar, Id,
    IdKind, NothingFound, Phase, Session, Threat,
};

/// The 45-minute agenda.
pub fn agenda() -> Agenda {
    Agenda {
        quick: false,
        phases: vec![
            (Phase::Scope, 10),
            (Phase::Threats, 20),
            (Phase::Decisions, 10),
            (Phase::Review, 5),
        ],
    }
}

/// Adds an element and returns its ID.
pub fn add_element(session: &mut Session, name: &str, kind: ElementKind) -> Id {
    let id = session.issue_id(IdKind::Element);
    session.elements.push(Element {
        id: id.clone(),
        kind,
        name: name.into(),
        notes: String::new(),
    });
    id
}

/// Adds a threat and returns its ID.
pub fn add_threat(session: &mut Session, element: &Id, category: Category, title: &str) -> Id {
    let id = session.issue_id(IdKind::Threat);
    session.threats.push(Threat {
        id: id.clone(),
        element: element.clone(),
        category,
        title: title.into(),
        grammar: Grammar::default(),
        likelihood: Some(2),
        impact: Some(4),
        residual_likelihood: None,
        residual_impact: None,
        references: Vec::new(),
        notes: String::new(),
    });
    id
}

/// A small session: customer → API → DB, a boundary, two threats, one decision.
pub fn sample() -> Session {
    let created = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap();
    let mut s = Session::new("Refund API", agenda(), created);
    s.ticket = Some("PAY-142".into());
    let customer = add_element(&mut s, "Customer", ElementKind::ExternalEntity);
    let api = add_element(&mut s, "Refund API", ElementKind::Process);
    let db = add_element(
        &mut s,
        "refunds DB",
        ElementKind::DataStore { holds_logs: true },
    );
    let flow = add_element(
        &mut s,
        "refund request",
        ElementKind::DataFlow {
            from: customer.clone(),
            to: api.clone(),
            data: "order id, amount".into(),
        },
    );
    add_element(
        &mut s,
        "backend",
        ElementKind::TrustBoundary {
            members: vec![api.clone(), db.clone()],
        },
    );
    let t1 = add_threat(
        &mut s,
        &flow,
        Category::Tampering,
        "Amount altered in transit",
    );
    add_threat(&mut s, &db, Category::Repudiation, "Audit rows deleted");
    s.considered.push(NothingFound {
        element: customer,
        category: Category::Spoofing,
        note: "customers sign in through the shop's SSO".into(),
    });
    let d1 = s.issue_id(IdKind::Decision);
    s.decisions.push(Decision {
        id: d1,
        kind: DecisionKind::Mitigate,
        threats: vec![t1],
        summary: "Sign requests; server recomputes amount".into(),
        rationale: String::new(),
        owner: Some("Bo".into()),
        ticket: Some("PAY-150".into()),
        status: DecisionStatus::Open,
        review_by: None,
        requirements: Vec::new(),
    });
    s
}

/// Text that tries everything a tracker could act on.
pub const HOSTILE: &str = "@channel <img src=x> | /close #12 !3 ~label %milestone $snippet &epic \
![i](https://e.example/p.png) [ok](javascript:alert(1)) <!-- hidden --> ``` ~~~ [~bob] \
!http://e.example/x.png! {noformat} {code} {html} h1. heading * item ||cell|| \u{202e}evil\u{200b} \
https://evil.example www.evil.example mail@evil.example &#64;all \\ *bold* _it_ `tick` \
GH-12 (www.evil.example) _www.evil.example_ a5c3785ed8d6a35868bc169f07e40e889087fd2e \
[vulnerability:7] *iteration:3 GHSA-abcd-1234-efgh :) (y) \u{00ad}\u{3164}\u{2028}\u{e0041}";

/// The sample session with hostile text in every free-text field.
pub fn hostile() -> Session {
    let mut s = sample();
    s.title = format!("Hostile {HOSTILE}");
    s.ticket = Some("/close @all".into());
    s.participants.push(threatbench::model::Participant {
        name: "@admin".into(),
        role: Some("| owner |".into()),
    });
    for e in &mut s.elements {
        e.name = format!("{} {HOSTILE}", e.name);
        e.notes = format!("line one\n/close\n{HOSTILE}");
    }
    for t in &mut s.threats {
        t.title = format!("{} {HOSTILE}", t.title);
        t.grammar.source = "attacker @channel".into();
        t.grammar.action = format!("inject {HOSTILE}");
        t.notes = HOSTILE.into();
    }
    for d in &mut s.decisions {
        d.summary = format!("{HOSTILE}\n/label ~bug");
        d.rationale = HOSTILE.into();
        d.owner = Some("@everyone".into());
        d.ticket = Some("#1 !2".into());
    }
    s.assets.push(HOSTILE.into());
    s.assets.push("1986. A good year".into());
    s.parking_lot.push(threatbench::model::ParkingItem {
        text: format!("/close {HOSTILE}"),
        follow_up: true,
    });
    s.retrospective.worked = HOSTILE.into();
    s.retrospective.change = "/assign @me".into();
    s.considered[0].note = HOSTILE.into();
    s
}

/// The bundled example with two more undecided threats, whose titles wrap at any width.
pub fn long_findings() -> Session {
    let mut session = threatbench::store::from_bytes(
        std::path::Path::new("example"),
        include_bytes!("../../sessions/refund-api.ron"),
    )
    .unwrap();
    let api = session.elements[2].id.clone();
    for title in [
        "A replayed refund request is paid twice because the idempotency key is checked after the payout is queued",
        "Support agents approve their own refund requests through the admin console without a second pair of eyes",
    ] {
        add_threat(&mut session, &api, Category::Tampering, title);
    }
    session
}
