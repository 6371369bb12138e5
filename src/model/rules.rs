//! The rules a finished threat model is held to, each with a stable ID, a name, a default
//! level and a line of help. [`Session::findings`] judges one session by them as of a given
//! day; `threatbench check` (CI), the review's readiness checklist and the register all
//! read the same findings, so the screen and the build never disagree.

use super::hasher::Map;
use std::cell::OnceCell;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decision::DecisionKind;
use super::figures::{CellStates, Due};
use super::id::Id;
use super::session::Session;
use super::stride::Coverage;

/// How much a finding matters. `Off` turns a rule off (in a policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the check.
    Error,
    /// Shown, does not fail.
    Warning,
    /// Shown, for information.
    Note,
    /// Not reported.
    Off,
}

impl Level {
    /// `error`, `warning`, `note`, `off`: as policies, SARIF and the text output write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
            Level::Off => "off",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule a session is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A threat no decision answers.
    UndecidedThreat,
    /// An element with live STRIDE cells nobody considered, while coverage is below the
    /// threshold.
    CellNotConsidered,
    /// An accepted risk whose review date has passed.
    AcceptanceOverdue,
    /// An accepted risk due for review within the window.
    AcceptanceDueSoon,
    /// An accepted risk with no review date.
    AcceptanceOpenEnded,
    /// A decision nobody owns.
    DecisionWithoutOwner,
    /// A mitigation with no ticket to track the work.
    MitigationWithoutTicket,
    /// A threat with no likelihood or impact.
    UnratedThreat,
    /// A session file that cannot be read or does not load.
    UnreadableFile,
    /// A policy exemption past its expiry date, which no longer applies.
    ExemptionExpired,
    /// A considered cell marked to be looked at again (its component changed version).
    CellNeedsReview,
}

/// What a rule is: its ID, its name, its default level and a line of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable ID: `TB001`.
    pub id: &'static str,
    /// Stable name: `undecided-threat`.
    pub name: &'static str,
    /// The level unless a policy says otherwise.
    pub level: Level,
    /// One line: what it means and what to do.
    pub help: &'static str,
}

impl Rule {
    /// Every rule, in ID order.
    pub const ALL: [Rule; 11] = [
        Rule::UndecidedThreat,
        Rule::CellNotConsidered,
        Rule::AcceptanceOverdue,
        Rule::AcceptanceDueSoon,
        Rule::AcceptanceOpenEnded,
        Rule::DecisionWithoutOwner,
        Rule::MitigationWithoutTicket,
        Rule::UnratedThreat,
        Rule::UnreadableFile,
        Rule::ExemptionExpired,
        Rule::CellNeedsReview,
    ];

    /// The rule's ID, name, default level and help.
    pub fn info(self) -> RuleInfo {
        let (id, name, level, help) = match self {
            Rule::UndecidedThreat => (
                "TB001",
                "undecided-threat",
                Level::Error,
                "Every threat needs a decision: mitigate, avoid, transfer or accept it.",
            ),
            Rule::CellNotConsidered => (
                "TB002",
                "cell-not-considered",
                Level::Error,
                "Consider every live STRIDE cell: capture a threat or note why nothing applies.",
            ),
            Rule::AcceptanceOverdue => (
                "TB003",
                "acceptance-overdue",
                Level::Error,
                "An accepted risk is past its review date: review it and set the next date.",
            ),
            Rule::AcceptanceDueSoon => (
                "TB004",
                "acceptance-due-soon",
                Level::Warning,
                "An accepted risk is due for review soon: plan the review.",
            ),
            Rule::AcceptanceOpenEnded => (
                "TB005",
                "acceptance-open-ended",
                Level::Warning,
                "An accepted risk needs a review date, so that someone looks at it again.",
            ),
            Rule::DecisionWithoutOwner => (
                "TB006",
                "decision-without-owner",
                Level::Error,
                "Every decision needs an owner who carries it out or owns the risk.",
            ),
            Rule::MitigationWithoutTicket => (
                "TB007",
                "mitigation-without-ticket",
                Level::Warning,
                "A mitigation needs a ticket, so that the work is tracked and can be shown done.",
            ),
            Rule::UnratedThreat => (
                "TB008",
                "unrated-threat",
                Level::Note,
                "Rate likelihood and impact (1-5) so that threats can be ranked by risk.",
            ),
            Rule::UnreadableFile => (
                "TB009",
                "unreadable-file",
                Level::Error,
                "The session file cannot be read or is not a valid session: fix it.",
            ),
            Rule::ExemptionExpired => (
                "TB010",
                "exemption-expired",
                Level::Warning,
                "A policy exemption has expired and no longer applies: renew it or fix the finding.",
            ),
            Rule::CellNeedsReview => (
                "TB011",
                "cell-needs-review",
                Level::Warning,
                "A considered cell changed under it (a new component version): review its threats \
                 or its \"nothing found\" note again.",
            ),
        };
        RuleInfo {
            id,
            name,
            level,
            help,
        }
    }

    /// The rule with this ID (`TB001`) or name (`undecided-threat`), in any case.
    pub fn named(word: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| {
            let info = r.info();
            info.id.eq_ignore_ascii_case(word) || info.name.eq_ignore_ascii_case(word)
        })
    }
}

impl fmt::Display for Rule {
    /// `TB001 undecided-threat`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.info();
        write!(f, "{} {}", info.id, info.name)
    }
}

/// The numbers the rules are judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Coverage below this percent makes every unconsidered cell a finding.
    pub coverage_min: u8,
    /// An accepted risk due within this many days (today included) is due soon.
    pub due_soon_days: u32,
    /// A session not updated for longer than this many days is stale (the register's
    /// patterns; no rule of `check` uses it).
    pub stale_days: u32,
}

/// Days without an update after which the register calls a session stale.
pub const STALE_DAYS: u32 = 180;

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            coverage_min: 100,
            due_soon_days: super::figures::DUE_SOON_DAYS,
            stale_days: STALE_DAYS,
        }
    }
}

/// One rule broken by one thing in a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// The element, threat or decision at fault; none for the file as a whole.
    pub subject: Option<Id>,
    /// What is wrong, for a person: names the ID and what it is.
    pub message: String,
}

/// What [`Session::find`] tells of each rule broken: the rule, its subject, and how to
/// word it (called only by whoever wants the words).
pub(super) type Sink<'a, 'f> = dyn FnMut(Rule, &'a Id, &dyn Fn() -> String) + 'f;

/// What the rules read of a session that its caller may have worked out already: the
/// workbench keeps all of it up to date edit by edit, so that judging a session again does
/// not count its cells or gather its decisions' links again.
#[derive(Clone, Copy)]
pub struct Counted<'a> {
    /// The state of every cell.
    pub cells: &'a CellStates,
    /// The coverage those cells make.
    pub coverage: Coverage,
    /// Whether some decision answers the threat at this index of `threats`.
    pub answered: &'a dyn Fn(usize) -> bool,
}

impl Session {
    /// Every rule this session breaks as of `as_of`, by rule then in file order. Levels
    /// are not applied here: a rule a policy turns off is still found, and dropped later.
    pub fn findings(&self, as_of: NaiveDate, thresholds: &Thresholds) -> Vec<Finding> {
        self.findings_with(as_of, thresholds, &self.cell_states())
    }

    /// [`Session::findings`] from cell states already counted.
    pub fn findings_with(
        &self,
        as_of: NaiveDate,
        thresholds: &Thresholds,
        cells: &CellStates,
    ) -> Vec<Finding> {
        let decided = self.decided_ids();
        let answered = |i: usize| decided.contains(&self.threats[i].id);
        let counted = Counted {
            cells,
            coverage: self.coverage_of(cells),
            answered: &answered,
        };
        let mut out = Vec::new();
        self.find(as_of, thresholds, counted, &mut |rule, subject, message| {
            out.push(Finding {
                rule,
                subject: Some(subject.clone()),
                message: message(),
            });
        });
        out
    }

    /// What [`Session::findings_with`] finds, without the messages: each rule broken and
    /// its subject, in the same order, from figures already `counted`.
    pub fn rule_subjects(
        &self,
        as_of: NaiveDate,
        thresholds: &Thresholds,
        counted: Counted<'_>,
    ) -> Vec<(Rule, &Id)> {
        let mut out = Vec::new();
        self.find(as_of, thresholds, counted, &mut |rule, subject, _| {
            out.push((rule, subject));
        });
        out
    }

    /// Finds every rule this session breaks, calling `push` with the rule, its subject and
    /// how to word it: the one place the findings, [`Session::rule_subjects`] and the
    /// readiness checklist judge by, so that they cannot disagree.
    pub(super) fn find<'a>(
        &'a self,
        as_of: NaiveDate,
        thresholds: &Thresholds,
        counted: Counted<'_>,
        push: &mut Sink<'a, '_>,
    ) {
        let Counted {
            cells,
            coverage,
            answered,
        } = counted;
        // Element names by ID, gathered once and only for a message that names one: a
        // lookup per gap would scan every element.
        let names: OnceCell<Map<&Id, &str>> = OnceCell::new();
        let name_of = |id: &Id| {
            names
                .get_or_init(|| {
                    self.elements
                        .iter()
                        .map(|e| (&e.id, e.name.as_str()))
                        .collect()
                })
                .get(id)
                .map_or(String::new(), |n| short(n))
        };
        let undecided = self
            .threats
            .iter()
            .enumerate()
            .filter(|(i, _)| !answered(*i));
        for (_, t) in undecided {
            push(Rule::UndecidedThreat, &t.id, &|| {
                format!("{} \"{}\" has no decision", t.id, short(&t.title))
            });
        }
        let below =
            coverage.considered * 100 < coverage.live * usize::from(thresholds.coverage_min);
        if below {
            // The gaps, as `never_considered_of` finds them, borrowed from the session.
            for e in &self.elements {
                let categories = cells.unconsidered(e);
                if categories.is_empty() {
                    continue;
                }
                push(Rule::CellNotConsidered, &e.id, &|| {
                    let names: Vec<&str> = categories.iter().map(|c| c.name()).collect();
                    format!(
                        "{} \"{}\": {} never considered (coverage {}%, below {}%)",
                        e.id,
                        name_of(&e.id),
                        names.join(", "),
                        coverage.percent(),
                        thresholds.coverage_min
                    )
                });
            }
        }
        let acceptances = self.acceptances(as_of, thresholds.due_soon_days);
        for a in &acceptances {
            let d = a.decision;
            match a.due {
                Due::Overdue(days) => push(Rule::AcceptanceOverdue, &d.id, &|| {
                    format!(
                        "{} accepts a risk that was due for review on {} ({} ago)",
                        d.id,
                        review_date(d.review_by),
                        days_text(days)
                    )
                }),
                Due::Soon(days) => push(Rule::AcceptanceDueSoon, &d.id, &|| {
                    format!(
                        "{} accepts a risk due for review on {} ({})",
                        d.id,
                        review_date(d.review_by),
                        match days {
                            0 => "today".to_owned(),
                            n => format!("in {}", days_text(n)),
                        }
                    )
                }),
                Due::Later(_) => {}
                Due::NoDate => push(Rule::AcceptanceOpenEnded, &d.id, &|| {
                    format!("{} accepts a risk with no review date", d.id)
                }),
            }
        }
        for d in &self.decisions {
            if d.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
                push(Rule::DecisionWithoutOwner, &d.id, &|| {
                    format!("{} ({}) has no owner", d.id, d.kind.name())
                });
            }
        }
        for d in &self.decisions {
            if d.kind == DecisionKind::Mitigate
                && d.ticket.as_deref().is_none_or(|t| t.trim().is_empty())
            {
                push(Rule::MitigationWithoutTicket, &d.id, &|| {
                    format!("{} mitigates {} with no ticket", d.id, ids(&d.threats))
                });
            }
        }
        for t in &self.threats {
            if t.risk().is_none() {
                push(Rule::UnratedThreat, &t.id, &|| {
                    format!(
                        "{} \"{}\" has no likelihood and impact",
                        t.id,
                        short(&t.title)
                    )
                });
            }
        }
        for m in &self.needs_review {
            let name = name_of(&m.element);
            push(Rule::CellNeedsReview, &m.element, &|| {
                format!(
                    "{} \"{name}\" · {}: review again ({})",
                    m.element,
                    m.category,
                    short(&m.reason)
                )
            });
        }
    }
}

/// A title or name as a message quotes it: one line, at most 60 columns.
fn short(text: &str) -> String {
    crate::text::fit(&crate::text::one_line(text), 60)
}

fn review_date(date: Option<NaiveDate>) -> String {
    date.map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
}

fn days_text(days: i64) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

fn ids(ids: &[Id]) -> String {
    ids.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{
        Agenda, Category, Decision, DecisionStatus, Element, ElementKind, IdKind, NothingFound,
        Phase, Threat,
    };

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// One process (6 live cells, 2 considered), threats T1 (rated, accepted until
    /// 2026-12-10 by nobody), T2 (unrated, mitigated without a ticket) and T3 (undecided).
    fn session() -> Session {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
        };
        let mut s = Session::new("t", agenda, chrono::Utc::now());
        let e = s.issue_id(IdKind::Element);
        s.elements.push(Element {
            id: e.clone(),
            kind: ElementKind::Process,
            name: "API".into(),
            notes: String::new(),
        });
        for (category, rating) in [
            (Category::Spoofing, Some(3)),
            (Category::Tampering, None),
            (Category::Tampering, Some(2)),
        ] {
            let id = s.issue_id(IdKind::Threat);
            s.threats.push(Threat {
                id,
                element: e.clone(),
                category,
                title: "t".into(),
                grammar: Default::default(),
                likelihood: rating,
                impact: rating,
                residual_likelihood: None,
                residual_impact: None,
                references: Vec::new(),
                notes: String::new(),
            });
        }
        for (kind, threat, owner, review_by) in [
            (DecisionKind::Accept, "T1", None, Some(day("2026-12-10"))),
            (DecisionKind::Mitigate, "T2", Some("Bo"), None),
        ] {
            let id = s.issue_id(IdKind::Decision);
            s.decisions.push(Decision {
                id,
                kind,
                threats: vec![threat.into()],
                summary: "s".into(),
                rationale: String::new(),
                owner: owner.map(Into::into),
                ticket: None,
                status: DecisionStatus::Open,
                review_by,
                requirements: Vec::new(),
            });
        }
        s.considered.push(NothingFound {
            element: e,
            category: Category::Repudiation,
            note: "n/a".into(),
        });
        s
    }

    fn found(s: &Session, as_of: &str, thresholds: &Thresholds) -> Vec<(Rule, String)> {
        s.findings(day(as_of), thresholds)
            .into_iter()
            .map(|f| {
                (
                    f.rule,
                    f.subject.map(|id| id.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn each_rule_finds_what_it_names_as_of_the_day_given() {
        let s = session();
        let pair = |rule, id: &str| (rule, id.to_owned());
        assert_eq!(
            found(&s, "2026-12-03", &Thresholds::default()),
            [
                pair(Rule::UndecidedThreat, "T3"),
                pair(Rule::CellNotConsidered, "E1"),
                pair(Rule::AcceptanceDueSoon, "D1"),
                pair(Rule::DecisionWithoutOwner, "D1"),
                pair(Rule::MitigationWithoutTicket, "D2"),
                pair(Rule::UnratedThreat, "T2"),
            ]
        );
        // The same file a week later: the acceptance is overdue, whatever its last save.
        let later = found(&s, "2026-12-11", &Thresholds::default());
        assert!(
            later.contains(&pair(Rule::AcceptanceOverdue, "D1")),
            "{later:?}"
        );
        // 3 of 6 cells is 50 %: enough for a policy asking for half, and the checklist agrees.
        let half = Thresholds {
            coverage_min: 50,
            due_soon_days: 5,
            ..Thresholds::default()
        };
        let relaxed = found(&s, "2026-12-03", &half);
        assert!(!relaxed.iter().any(|(r, _)| *r == Rule::CellNotConsidered));
        assert!(!relaxed.iter().any(|(r, _)| *r == Rule::AcceptanceDueSoon));
        let cells = |t: &Thresholds| {
            s.readiness(day("2026-12-03"), t)
                .into_iter()
                .find(|c| c.label == "every live cell was considered")
                .unwrap()
        };
        assert!(!cells(&Thresholds::default()).ok);
        let check = cells(&half);
        assert!(check.ok, "{check:?}");
        assert_eq!(check.detail, "3 not considered; the policy asks for 50%");
    }

    #[test]
    fn the_subjects_alone_are_the_findings_without_their_words() {
        let s = session();
        for as_of in ["2026-12-03", "2026-12-11"] {
            let cells = s.cell_states();
            let t = Thresholds::default();
            let subjects: Vec<(Rule, String)> = s
                .rule_subjects(
                    day(as_of),
                    &t,
                    Counted {
                        cells: &cells,
                        coverage: s.coverage_of(&cells),
                        answered: &|i| s.decided_ids().contains(&s.threats[i].id),
                    },
                )
                .into_iter()
                .map(|(rule, id)| (rule, id.to_string()))
                .collect();
            assert_eq!(subjects, found(&s, as_of, &t));
        }
    }

    #[test]
    fn ids_and_names_are_unique_and_found_either_way() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let info = rule.info();
            assert!(seen.insert(info.id) && seen.insert(info.name), "{rule}");
            assert_eq!(Rule::named(info.id), Some(rule));
            assert_eq!(Rule::named(&info.name.to_uppercase()), Some(rule));
            assert!(!info.help.is_empty() && info.help.ends_with('.'));
        }
        assert_eq!(Rule::named("nope"), None);
    }
}
