//! How threat-composer's values become threatbench's: STRIDE letters to categories,
//! priorities to ratings, statuses to decision statuses, long statements to short titles.
//! Pure functions of the values, so that each rule is tested on its own.

use crate::import::common::{band, band_rating};
use crate::model::{Category, DecisionStatus, Grammar, RiskBand};

/// Titles longer than this many characters are shortened; the full statement goes into the
/// threat's notes.
pub(super) const TITLE_MAX: usize = 80;

/// Decision summaries longer than this many characters are shortened; the full text goes
/// into the rationale.
pub(super) const SUMMARY_MAX: usize = 100;

/// Where a threat without STRIDE metadata goes: the grid's first column. threat-composer
/// leaves the category optional; guessing one from the statement would read as a judgement
/// nobody made, so the threat's notes say it still needs one.
pub(super) const DEFAULT_CATEGORY: Category = Category::Spoofing;

/// The STRIDE category a letter of threat-composer's `STRIDE` metadata names (`"I"`); the
/// category's full name is read too, in any case.
pub(super) fn category(value: &str) -> Option<Category> {
    let value = value.trim();
    Category::ALL.into_iter().find(|c| {
        value.eq_ignore_ascii_case(&c.letter().to_string()) || value.eq_ignore_ascii_case(c.name())
    })
}

/// The categories `values` name, in their order and without repeats, and the values that
/// name none.
pub(super) fn categories<'a>(values: &[&'a str]) -> (Vec<Category>, Vec<&'a str>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for value in values {
        match category(value) {
            Some(c) if !known.contains(&c) => known.push(c),
            Some(_) => {}
            None => unknown.push(*value),
        }
    }
    (known, unknown)
}

/// The likelihood and the impact a threat-composer priority stands for, in the band of the
/// same name ([`band_rating`]: High 4 × 4, Medium 3 × 3, Low 2 × 2). `None` for any other
/// value: threat-composer's priorities are High, Medium and Low, and "Critical" is not one.
pub(super) fn rating(priority: &str) -> Option<u8> {
    band(priority)
        .filter(|b| *b != RiskBand::Critical)
        .map(band_rating)
}

/// A threat's status in words: `threatResolved` → "resolved". An unknown status is shown as
/// it is written.
pub(super) fn threat_status(raw: &str) -> &str {
    match raw {
        "threatIdentified" => "identified",
        "threatResolved" => "resolved",
        "threatResolvedNotUseful" => "resolved, not useful",
        other => other,
    }
}

/// What a mitigation's status makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Plan {
    /// A mitigate decision with this status.
    Decide(DecisionStatus),
    /// A mitigate decision, open, for a mitigation without a status (older exports).
    Unstated,
    /// A mitigate decision, open, for a status threat-composer does not write; the status
    /// is kept in the rationale.
    Unknown,
    /// "Resolved, will not action": the team chose not to build it, which is living with
    /// the risk. threatbench records that as an accepted risk, which needs an owner and a
    /// review date the file does not give: no decision, a note on each of its threats.
    WillNotAction,
}

/// The plan for a mitigation with `status`.
pub(super) fn plan(status: Option<&str>) -> Plan {
    match status {
        None => Plan::Unstated,
        Some("mitigationIdentified") => Plan::Decide(DecisionStatus::Open),
        Some("mitigationInProgress") => Plan::Decide(DecisionStatus::InProgress),
        Some("mitigationResolved") => Plan::Decide(DecisionStatus::Done),
        Some("mitigationResolvedWillNotAction") => Plan::WillNotAction,
        Some(_) => Plan::Unknown,
    }
}

/// A mitigation's status in words: `mitigationInProgress` → "in progress".
pub(super) fn mitigation_status(raw: &str) -> &str {
    match raw {
        "mitigationIdentified" => "identified",
        "mitigationInProgress" => "in progress",
        "mitigationResolved" => "resolved",
        "mitigationResolvedWillNotAction" => "resolved, will not action",
        other => other,
    }
}

/// Items as threat-composer's statements list them: "a", "a and b", "a, b and c".
pub(super) fn and_list(items: &[&str]) -> String {
    let items: Vec<&str> = items
        .iter()
        .map(|i| i.trim())
        .filter(|i| !i.is_empty())
        .collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The grammar's impact part: threat-composer's impact, then its impacted goals as its
/// statement says them ("…, resulting in reduced confidentiality and integrity").
/// threatbench's grammar has no part for goals; here they stay in the sentence.
pub(super) fn impact(threat_impact: &str, goals: &[&str]) -> String {
    let threat_impact = threat_impact.trim();
    let goals = and_list(goals);
    match (threat_impact.is_empty(), goals.is_empty()) {
        (_, true) => threat_impact.to_owned(),
        (true, false) => format!("reduced {goals}"),
        (false, false) => format!("{threat_impact}, resulting in reduced {goals}"),
    }
}

/// The grammar's action part without a leading "can": threat-composer's template already
/// says "can", and actions typed with it read "can can" in its own statements.
pub(super) fn action(raw: &str) -> &str {
    let trimmed = raw.trim_start();
    match trimmed.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("can ") => trimmed[4..].trim_start(),
        _ => raw,
    }
}

/// `text` cut to at most `max` characters at a word boundary, ending with `…`; the text
/// itself when it fits. Whether it was cut comes second.
pub(super) fn shorten(text: &str, max: usize) -> (String, bool) {
    let text = text.trim();
    if text.chars().count() <= max {
        return (text.to_owned(), false);
    }
    let head: String = text.chars().take(max.saturating_sub(1)).collect();
    // Cut at the last blank when that keeps at least half; a single long word is cut inside.
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if head[..i].chars().count() >= max / 2 => &head[..i],
        _ => head.as_str(),
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—(".contains(c));
    (format!("{cut}…"), true)
}

/// A threat's title from its statement: the statement itself when it is short, else who
/// can do what ("A threat actor can read the contents of local browser storage"), cut at a
/// word when even that is long; the statement cut at a word when there is no action.
pub(super) fn title(statement: &str, grammar: &Grammar) -> String {
    let statement = statement.trim().trim_end_matches('.');
    if statement.chars().count() <= TITLE_MAX {
        return statement.to_owned();
    }
    let who_what = Grammar {
        source: grammar.source.clone(),
        action: grammar.action.clone(),
        ..Grammar::default()
    }
    .statement();
    match who_what {
        Some(short) => shorten(short.trim_end_matches('.'), TITLE_MAX).0,
        None => shorten(statement, TITLE_MAX).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    #[test]
    fn stride_letters_and_names_map_to_categories() {
        assert_eq!(category("I"), Some(InformationDisclosure));
        assert_eq!(category(" e "), Some(ElevationOfPrivilege));
        assert_eq!(category("Denial of service"), Some(DenialOfService));
        assert_eq!(category("X"), None);
        assert_eq!(category(""), None);
        let (known, unknown) = categories(&["T", "I", "t", "L"]);
        assert_eq!(known, vec![Tampering, InformationDisclosure], "order kept");
        assert_eq!(unknown, vec!["L"]);
    }

    #[test]
    fn priorities_land_in_the_band_of_their_name() {
        use crate::model::RiskBand;
        for (priority, band) in [
            ("High", RiskBand::High),
            ("medium", RiskBand::Medium),
            ("Low", RiskBand::Low),
        ] {
            let n = rating(priority).unwrap();
            assert_eq!(RiskBand::of(n * n), band, "{priority}");
        }
        assert_eq!(rating("Critical"), None);
        assert_eq!(rating(""), None);
    }

    #[test]
    fn mitigation_statuses_become_plans() {
        assert_eq!(
            plan(Some("mitigationIdentified")),
            Plan::Decide(DecisionStatus::Open)
        );
        assert_eq!(
            plan(Some("mitigationInProgress")),
            Plan::Decide(DecisionStatus::InProgress)
        );
        assert_eq!(
            plan(Some("mitigationResolved")),
            Plan::Decide(DecisionStatus::Done)
        );
        assert_eq!(
            plan(Some("mitigationResolvedWillNotAction")),
            Plan::WillNotAction
        );
        assert_eq!(plan(None), Plan::Unstated);
        assert_eq!(plan(Some("done")), Plan::Unknown);
        assert_eq!(mitigation_status("mitigationInProgress"), "in progress");
        assert_eq!(mitigation_status("odd"), "odd");
        assert_eq!(
            threat_status("threatResolvedNotUseful"),
            "resolved, not useful"
        );
    }

    #[test]
    fn goals_join_the_impact_as_threat_composer_says_them() {
        assert_eq!(and_list(&["a", " ", "b", "c"]), "a, b and c");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&[]), "");
        assert_eq!(
            impact("data loss", &["confidentiality", "integrity"]),
            "data loss, resulting in reduced confidentiality and integrity"
        );
        assert_eq!(impact("", &["availability"]), "reduced availability");
        assert_eq!(impact("data loss", &[]), "data loss");
    }

    #[test]
    fn a_doubled_can_is_dropped_from_the_action() {
        assert_eq!(action("can input a datatype"), "input a datatype");
        assert_eq!(action("Can  read it"), "read it");
        assert_eq!(action("canvass voters"), "canvass voters");
        assert_eq!(action("ca"), "ca");
        assert_eq!(action("çan read"), "çan read");
    }

    #[test]
    fn shortening_cuts_at_a_word_and_says_so() {
        assert_eq!(shorten("short", 10), ("short".to_owned(), false));
        let (cut, was_cut) = shorten("one two three, four five", 16);
        assert!(was_cut);
        assert_eq!(cut, "one two three…");
        assert!(cut.chars().count() <= 16);
        let (cut, _) = shorten(&"x".repeat(50), 10);
        assert_eq!(cut, format!("{}…", "x".repeat(9)));
        let (cut, _) = shorten("ünïcödé wörds ärë fïnë hérè", 12);
        assert_eq!(cut, "ünïcödé…");
        assert_eq!(shorten("", 0), (String::new(), false));
        let (cut, _) = shorten("ab", 0);
        assert_eq!(cut, "…");
    }

    #[test]
    fn long_statements_get_a_who_can_do_what_title() {
        let grammar = Grammar {
            source: "threat actor".into(),
            prerequisites: "that is able to trick a user into installing a userscript".into(),
            action: "read the contents of local browser storage".into(),
            impact: "the exfiltration of the contents of browser storage".into(),
            assets: "threats".into(),
        };
        let statement = format!(
            "A threat actor {} can {}, which leads to {}.",
            grammar.prerequisites, grammar.action, grammar.impact
        );
        assert_eq!(
            title(&statement, &grammar),
            "A threat actor can read the contents of local browser storage"
        );
        assert_eq!(title("A short statement.", &grammar), "A short statement");
        let long_action = Grammar {
            action: "do ".repeat(40),
            ..Grammar::default()
        };
        let t = title(&"word ".repeat(40), &long_action);
        assert!(
            t.starts_with("Someone can do do") && t.ends_with('…'),
            "{t}"
        );
        assert!(t.chars().count() <= TITLE_MAX, "{t}");
        let t = title(&"word ".repeat(40), &Grammar::default());
        assert!(t.starts_with("word word") && t.ends_with('…'), "{t}");
    }
}
