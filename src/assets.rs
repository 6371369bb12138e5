//! Content shipped inside the binary: the STRIDE prompt cards, the agenda presets, the
//! threat library and the example session. The RON sources live in `assets/` (the example
//! in `sessions/`, where a clone of the repository shows it); tests parse them, so a broken
//! asset fails the build's tests rather than a session.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{Agenda, Category, KindTag, Phase, Reference, ThreatDraft};

const PROMPTS: &str = include_str!("../assets/prompts.ron");
const AGENDAS: &str = include_str!("../assets/agendas.ron");
const THREATS: &str = include_str!("../assets/threats.ron");

/// The example session offered on a first run, as its file reads.
pub const EXAMPLE_SESSION: &str = include_str!("../sessions/refund-api.ron");

/// Questions for one cell of the grid (element kind × STRIDE category).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// The element kind the card is for.
    pub kind: KindTag,
    /// The category.
    pub category: Category,
    /// Three to five questions, the most useful first.
    pub questions: Vec<String>,
}

/// All prompt cards.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptDeck {
    /// One card per live cell kind.
    pub cards: Vec<Card>,
}

impl PromptDeck {
    /// The card for `kind` × `category`, if that cell is live for the kind.
    pub fn card(&self, kind: KindTag, category: Category) -> Option<&Card> {
        self.cards
            .iter()
            .find(|c| c.kind == kind && c.category == category)
    }
}

/// A common threat for one cell of the grid, offered as a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryThreat {
    /// The element kind it applies to.
    pub kind: KindTag,
    /// The category.
    pub category: Category,
    /// A short title.
    pub title: String,
    /// Threat source (without an article).
    pub source: String,
    /// Prerequisites.
    pub prerequisites: String,
    /// The action.
    pub action: String,
    /// The direct impact.
    pub impact: String,
    /// The assets affected.
    pub assets: String,
    /// The CWE and CAPEC entries that fit it; none where no entry clearly does.
    #[serde(default)]
    pub references: Vec<Reference>,
}

impl LibraryThreat {
    /// The grammar parts as the session stores them.
    pub fn grammar(&self) -> crate::model::Grammar {
        crate::model::Grammar {
            source: self.source.clone(),
            prerequisites: self.prerequisites.clone(),
            action: self.action.clone(),
            impact: self.impact.clone(),
            assets: self.assets.clone(),
        }
    }

    /// The threat a taken suggestion becomes, unrated: title, grammar and references.
    pub fn draft(&self) -> ThreatDraft {
        ThreatDraft {
            title: self.title.clone(),
            grammar: self.grammar(),
            references: self.references.clone(),
            ..ThreatDraft::default()
        }
    }
}

/// The threat library.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatLibrary {
    /// All entries.
    pub entries: Vec<LibraryThreat>,
}

impl ThreatLibrary {
    /// The entries for `kind` × `category`.
    pub fn for_cell(&self, kind: KindTag, category: Category) -> Vec<LibraryThreat> {
        self.entries
            .iter()
            .filter(|e| e.kind == kind && e.category == category)
            .cloned()
            .collect()
    }
}

/// The threat library shipped with threatbench.
pub fn threat_library() -> Result<&'static ThreatLibrary, String> {
    static LIBRARY: OnceLock<Result<ThreatLibrary, String>> = OnceLock::new();
    parsed(&LIBRARY, THREATS)
}

/// An embedded asset, parsed on first use and kept: the render asks for the prompt cards
/// on every frame of the threat grid.
fn parsed<T: serde::de::DeserializeOwned>(
    cell: &'static OnceLock<Result<T, String>>,
    source: &str,
) -> Result<&'static T, String> {
    cell.get_or_init(|| ron::from_str(source).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// A named agenda preset, as offered by `--agenda`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// What the user types: "30", "45", "60" or "quick".
    pub name: String,
    /// Whether this is the solo quick review.
    pub quick: bool,
    /// Minutes per phase.
    pub phases: Vec<(Phase, u32)>,
}

impl Preset {
    /// The agenda a new session with this preset gets.
    pub fn agenda(&self) -> Agenda {
        Agenda {
            quick: self.quick,
            phases: self.phases.clone(),
        }
    }
}

/// The prompt cards shipped with threatbench.
pub fn prompt_deck() -> Result<&'static PromptDeck, String> {
    static DECK: OnceLock<Result<PromptDeck, String>> = OnceLock::new();
    parsed(&DECK, PROMPTS)
}

/// The agenda presets shipped with threatbench.
pub fn presets() -> Result<&'static Vec<Preset>, String> {
    static PRESETS: OnceLock<Result<Vec<Preset>, String>> = OnceLock::new();
    parsed(&PRESETS, AGENDAS)
}

/// The preset called `name`, if there is one.
pub fn preset(name: &str) -> Option<Preset> {
    presets().ok()?.iter().find(|p| p.name == name).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ElementKind, Id};

    fn kind_of(tag: KindTag) -> ElementKind {
        match tag {
            KindTag::ExternalEntity => ElementKind::ExternalEntity,
            KindTag::Process => ElementKind::Process,
            KindTag::DataStore => ElementKind::DataStore { holds_logs: true },
            KindTag::DataFlow => ElementKind::DataFlow {
                from: Id::from("E1"),
                to: Id::from("E2"),
                data: String::new(),
            },
            KindTag::TrustBoundary => ElementKind::TrustBoundary { members: vec![] },
            KindTag::ThirdParty => ElementKind::ThirdParty {
                supplier: String::new(),
                version: None,
                purl: None,
            },
        }
    }

    #[test]
    fn every_live_cell_has_one_card_of_three_to_five_questions() {
        let deck = prompt_deck().expect("assets/prompts.ron parses");
        let mut expected = 0;
        for tag in KindTag::ALL {
            for category in kind_of(tag).live_categories().iter() {
                expected += 1;
                let matching = deck
                    .cards
                    .iter()
                    .filter(|c| c.kind == tag && c.category == category)
                    .count();
                assert_eq!(matching, 1, "{tag:?} × {category:?}");
                let card = deck.card(tag, category).unwrap();
                assert!(
                    (3..=5).contains(&card.questions.len()),
                    "{tag:?} × {category:?}"
                );
                for q in &card.questions {
                    assert!(q.ends_with('?') && q.chars().count() <= 90, "{q:?}");
                }
            }
        }
        assert_eq!(
            deck.cards.len(),
            expected,
            "no cards for cells that are not live"
        );
    }

    #[test]
    fn library_references_parse_and_stay_few_and_distinct() {
        let library = threat_library().expect("assets/threats.ron parses, references included");
        for entry in &library.entries {
            let mut distinct = entry.references.clone();
            distinct.sort();
            distinct.dedup();
            assert!(
                entry.references.len() <= 3 && distinct.len() == entry.references.len(),
                "{}: {:?}",
                entry.title,
                entry.references
            );
        }
        let with = library.entries.iter().filter(|e| !e.references.is_empty());
        assert!(
            with.count() * 2 > library.entries.len(),
            "most entries have some"
        );
        let sql = library
            .entries
            .iter()
            .find(|e| e.title == "Unvalidated input changes a database query")
            .unwrap();
        assert_eq!(Reference::join(&sql.references), "CWE-89, CAPEC-66");
    }

    #[test]
    fn a_library_reference_that_is_not_cwe_or_capec_is_refused() {
        let entry = |references: &str| {
            format!(
                "ThreatLibrary(entries: [LibraryThreat(kind: Process, category: Tampering, \
                 title: \"t\", source: \"s\", prerequisites: \"p\", action: \"a\", \
                 impact: \"i\", assets: \"x\"{references})])"
            )
        };
        let read = |text: String| ron::from_str::<ThreatLibrary>(&text);
        assert!(read(entry("")).unwrap().entries[0].references.is_empty());
        let good = read(entry(", references: [\"cwe-89\"]")).unwrap();
        assert_eq!(
            good.entries[0].draft().references,
            good.entries[0].references
        );
        let error = read(entry(", references: [\"CVE-2024-1\"]")).unwrap_err();
        assert!(error.to_string().contains("CWE-79"), "{error}");
    }

    #[test]
    fn the_example_session_is_a_valid_session() {
        let session = crate::store::from_bytes(
            std::path::Path::new("sessions/refund-api.ron"),
            EXAMPLE_SESSION.as_bytes(),
        )
        .expect("the bundled example loads");
        assert!(!session.threats.is_empty() && !session.decisions.is_empty());
    }

    #[test]
    fn presets_cover_the_four_phases_with_the_advertised_minutes() {
        let presets = presets().expect("assets/agendas.ron parses");
        let names: Vec<_> = presets.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["30", "45", "60", "quick"]);
        for preset in presets {
            let agenda = preset.agenda();
            let phases: Vec<_> = agenda.phases.iter().map(|(p, _)| *p).collect();
            assert_eq!(phases, Phase::ALL);
            let minutes = if preset.quick {
                15
            } else {
                preset.name.parse().unwrap()
            };
            assert_eq!(agenda.minutes(), minutes, "{}", preset.name);
        }
        assert!(preset("quick").unwrap().quick);
        assert!(preset("90").is_none());
    }
}
