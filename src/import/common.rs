//! What more than one importer reads the same way: a STRIDE category that does not apply to
//! an element moved to the nearest one that does (Threat Dragon, OTM), and the name of a risk
//! band ("High") as a rating (Threat Dragon's severity, threat-composer's priority).

use crate::model::{Category, CategorySet, RiskBand};

/// The nearest of the `live` categories to `category`: itself when it applies, else the
/// first that applies in its row of this table, which follows what the threat would do to
/// such an element (spoofed messages on a flow tamper with it; a threat to an external
/// entity is about who it claims to be). On threatbench's element kinds: authenticity,
/// non-repudiation and authorization fall back to integrity (Tampering) on flows and stores;
/// on an external entity, which has only Spoofing and Repudiation, everything but
/// Repudiation becomes Spoofing. `None` only when nothing is live (a trust boundary).
pub fn nearest(category: Category, live: CategorySet) -> Option<Category> {
    use Category::*;
    let order: [Category; 6] = match category {
        Spoofing => [
            Spoofing,
            ElevationOfPrivilege,
            Tampering,
            Repudiation,
            InformationDisclosure,
            DenialOfService,
        ],
        Tampering => [
            Tampering,
            ElevationOfPrivilege,
            Spoofing,
            Repudiation,
            InformationDisclosure,
            DenialOfService,
        ],
        Repudiation => [
            Repudiation,
            Tampering,
            Spoofing,
            InformationDisclosure,
            DenialOfService,
            ElevationOfPrivilege,
        ],
        InformationDisclosure => [
            InformationDisclosure,
            Tampering,
            Spoofing,
            Repudiation,
            DenialOfService,
            ElevationOfPrivilege,
        ],
        DenialOfService => [
            DenialOfService,
            Tampering,
            Spoofing,
            Repudiation,
            InformationDisclosure,
            ElevationOfPrivilege,
        ],
        ElevationOfPrivilege => [
            ElevationOfPrivilege,
            Spoofing,
            Tampering,
            InformationDisclosure,
            Repudiation,
            DenialOfService,
        ],
    };
    order.into_iter().find(|c| live.contains(*c))
}

/// The risk band `word` names ("High", " low"), in any case.
pub fn band(word: &str) -> Option<RiskBand> {
    let word = word.trim();
    [
        RiskBand::Low,
        RiskBand::Medium,
        RiskBand::High,
        RiskBand::Critical,
    ]
    .into_iter()
    .find(|b| word.eq_ignore_ascii_case(b.name()))
}

/// The likelihood and the impact that put a threat in `band`: the same number for both, so
/// that the risk lands in the band of the same name (Low 2 × 2 = 4, Medium 3 × 3 = 9,
/// High 4 × 4 = 16, Critical 5 × 5 = 25).
pub fn band_rating(band: RiskBand) -> u8 {
    match band {
        RiskBand::Low => 2,
        RiskBand::Medium => 3,
        RiskBand::High => 4,
        RiskBand::Critical => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ElementKind;
    use Category::*;

    #[test]
    fn a_category_that_does_not_apply_goes_to_the_nearest_that_does() {
        let flow = CategorySet::of(&[Tampering, InformationDisclosure, DenialOfService]);
        let entity = CategorySet::of(&[Spoofing, Repudiation]);
        let logs = CategorySet::of(&[
            Tampering,
            Repudiation,
            InformationDisclosure,
            DenialOfService,
        ]);
        assert_eq!(nearest(Spoofing, flow), Some(Tampering));
        assert_eq!(nearest(Repudiation, flow), Some(Tampering));
        assert_eq!(nearest(Repudiation, logs), Some(Repudiation));
        assert_eq!(nearest(ElevationOfPrivilege, flow), Some(Tampering));
        assert_eq!(nearest(InformationDisclosure, entity), Some(Spoofing));
        assert_eq!(nearest(DenialOfService, flow), Some(DenialOfService));
        assert_eq!(nearest(Tampering, CategorySet::default()), None);
        for c in Category::ALL {
            for live in [flow, entity, logs] {
                assert!(live.contains(nearest(c, live).unwrap()));
            }
        }
    }

    /// What the OTM import's summary promises, on every kind of element there is.
    #[test]
    fn on_every_element_kind_the_table_does_what_the_summaries_say() {
        let flow = ElementKind::DataFlow {
            from: "E1".into(),
            to: "E2".into(),
            data: String::new(),
        };
        let stores = [
            flow,
            ElementKind::DataStore { holds_logs: false },
            ElementKind::DataStore { holds_logs: true },
        ];
        for kind in &stores {
            let live = kind.live_categories();
            for c in [Spoofing, Repudiation, ElevationOfPrivilege] {
                let expected = if live.contains(c) { c } else { Tampering };
                assert_eq!(nearest(c, live), Some(expected), "{c} on {kind:?}");
            }
        }
        let entity = ElementKind::ExternalEntity.live_categories();
        for c in Category::ALL {
            let expected = if c == Repudiation { c } else { Spoofing };
            assert_eq!(
                nearest(c, entity),
                Some(expected),
                "{c} on an external entity"
            );
        }
        for kind in [
            ElementKind::Process,
            ElementKind::ThirdParty {
                supplier: String::new(),
                version: None,
                purl: None,
            },
        ] {
            for c in Category::ALL {
                assert_eq!(nearest(c, kind.live_categories()), Some(c));
            }
        }
    }

    #[test]
    fn a_band_name_rates_into_its_own_band() {
        for word in ["low", "Medium", " HIGH ", "critical"] {
            let band = band(word).unwrap();
            let n = band_rating(band);
            assert_eq!(RiskBand::of(n * n), band, "{word}");
            assert!(crate::model::RATING_RANGE.contains(&n));
        }
        assert_eq!(band(""), None);
        assert_eq!(band("TBD"), None);
        assert_eq!(band("Sev 1"), None);
    }
}
