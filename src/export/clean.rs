//! The context as the JSON export writes it: every text field cleaned and cut as the
//! Markdown and Jira exports clean theirs ([`normalized`]: no control, bidi, zero-width or
//! tag characters, line breaks as spaces, at most 1,000 characters). Templates keep the raw
//! context; they escape with their own filters.
//!
//! Each view is taken apart field by field, so that a field added to the context does not
//! compile until it is cleaned here too.

use super::context::{
    AssumptionView, CheckView, ConsideredView, Context, CoverageView, DecisionRef, DecisionView,
    ElementView, Gap, Generator, Header, Parked, Person, PhaseTime, ReferenceView, Retro, Source,
    ThreatView,
};
use std::borrow::Cow;

use super::escape::normalized;
use crate::model::KindTag;

/// Something whose text can be cleaned in place.
trait Clean {
    /// Cleans every text it holds.
    fn clean(&mut self);
}

impl Clean for String {
    /// Most text is already one clean line: it stays as it is, without a copy.
    fn clean(&mut self) {
        if let Cow::Owned(clean) = normalized(self) {
            *self = clean;
        }
    }
}

impl<T: Clean> Clean for Option<T> {
    fn clean(&mut self) {
        if let Some(value) = self {
            value.clean();
        }
    }
}

impl<T: Clean> Clean for Vec<T> {
    fn clean(&mut self) {
        self.iter_mut().for_each(Clean::clean);
    }
}

impl<A: Clean, B: Clean> Clean for (A, B) {
    fn clean(&mut self) {
        self.0.clean();
        self.1.clean();
    }
}

/// Values that hold no session text: the program's own words, numbers, flags.
macro_rules! nothing_to_clean {
    ($($ty:ty),*) => {
        $(impl Clean for $ty {
            fn clean(&mut self) {}
        })*
    };
}

nothing_to_clean!(&'static str, bool, char, u8, u32, u64, usize, KindTag);

/// Cleans a struct field by field; the pattern names every field, so a new one must be
/// listed.
macro_rules! clean_fields {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Clean for $ty {
            fn clean(&mut self) {
                let $ty { $($field),* } = self;
                $($field.clean();)*
            }
        }
    };
}

clean_fields!(Context {
    schema,
    generator,
    session,
    time,
    participants,
    elements,
    assets,
    assumptions,
    threats,
    decisions,
    unresolved,
    coverage,
    never_considered,
    considered,
    parking_lot,
    retrospective,
    readiness,
    source,
});
clean_fields!(Generator { name, version });
clean_fields!(Header {
    title,
    ticket,
    notes,
    revision,
    previous,
    created,
    updated,
    date,
    agenda_minutes,
    quick,
    spent_seconds,
});
clean_fields!(PhaseTime {
    phase,
    question,
    planned_minutes,
    spent_seconds,
});
clean_fields!(Person { name, role });
clean_fields!(ElementView {
    id,
    kind,
    kind_label,
    tag,
    name,
    details,
    notes,
    from,
    to,
    data,
    holds_logs,
    members,
    supplier,
    version,
    purl,
    crosses_boundary,
});
clean_fields!(AssumptionView { id, text });
clean_fields!(ThreatView {
    id,
    element,
    element_name,
    category,
    letter,
    title,
    statement,
    likelihood,
    impact,
    risk_score,
    risk_band,
    residual_likelihood,
    residual_impact,
    residual_score,
    residual_band,
    references,
    decisions,
    notes,
});
clean_fields!(ReferenceView { id, url });
clean_fields!(DecisionRef { id, kind });
clean_fields!(DecisionView {
    id,
    kind,
    threats,
    summary,
    rationale,
    owner,
    ticket,
    status,
    done,
    review_by,
    requirements,
});
clean_fields!(CoverageView {
    considered,
    live,
    percent
});
clean_fields!(Gap {
    element,
    element_name,
    categories,
    letters,
});
clean_fields!(ConsideredView {
    element,
    category,
    note
});
clean_fields!(Parked { text, follow_up });
clean_fields!(Retro { worked, change });
clean_fields!(CheckView { label, ok, detail });
clean_fields!(Source { path, sha256 });

/// A copy of `context` with every text field cleaned and cut.
pub fn cleaned(context: &Context) -> Context {
    let mut copy = context.clone();
    copy.clean();
    copy
}

/// [`cleaned`], but with no threats: their views are cleaned apart ([`cleaned_threats`]),
/// on two threads. Taken apart field by field, so that a new field is copied here too.
pub fn cleaned_but_threats(context: &Context) -> Context {
    let Context {
        schema,
        generator,
        session,
        time,
        participants,
        elements,
        assets,
        assumptions,
        threats: _,
        decisions,
        unresolved,
        coverage,
        never_considered,
        considered,
        parking_lot,
        retrospective,
        readiness,
        source,
    } = context;
    let mut copy = Context {
        schema,
        generator: generator.clone(),
        session: session.clone(),
        time: time.clone(),
        participants: participants.clone(),
        elements: elements.clone(),
        assets: assets.clone(),
        assumptions: assumptions.clone(),
        threats: Vec::new(),
        decisions: decisions.clone(),
        unresolved: unresolved.clone(),
        coverage: coverage.clone(),
        never_considered: never_considered.clone(),
        considered: considered.clone(),
        parking_lot: parking_lot.clone(),
        retrospective: retrospective.clone(),
        readiness: readiness.clone(),
        source: source.clone(),
    };
    copy.clean();
    copy
}

/// Copies of `threats` with every text field cleaned and cut.
pub fn cleaned_threats(threats: &[ThreatView]) -> Vec<ThreatView> {
    let mut copy = threats.to_vec();
    copy.clean();
    copy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::escape::MAX_FIELD_CHARS;

    #[test]
    fn text_is_cleaned_and_cut_and_the_rest_kept() {
        let mut parked = vec![Parked {
            text: format!("a\u{202e}b\u{200b}\nc{}", "x".repeat(2 * MAX_FIELD_CHARS)),
            follow_up: true,
        }];
        parked.clean();
        assert!(parked[0].text.starts_with("ab c"));
        assert_eq!(parked[0].text.chars().count(), MAX_FIELD_CHARS + 1);
        assert!(parked[0].follow_up);
        let mut previous = Some((3_u32, " \u{2066}sha ".to_owned()));
        previous.clean();
        assert_eq!(previous, Some((3, "sha".to_owned())));
    }
}
