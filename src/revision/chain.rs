//! The hash chain of revisions: each revision records the number and SHA-256 of the bytes
//! of the revision before it. [`check`] walks versions of one session, oldest first, and
//! says where a link does not hold. It knows nothing of files or git: the command line
//! reads the versions (several files, or a file's committed history) and hands them over.

use std::fmt;

use crate::model::Revision;

/// Where a version of a session was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file given on the command line.
    File(String),
    /// A commit that changed the file.
    Commit {
        /// The full commit hash.
        hash: String,
        /// Its subject line.
        subject: String,
    },
    /// The file in the work tree, changed since its last commit.
    WorkingTree,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => f.write_str(path),
            Origin::Commit { hash, subject } => {
                let short: String = hash.chars().take(7).collect();
                write!(f, "commit {short} \"{subject}\"")
            }
            Origin::WorkingTree => f.write_str("the working tree (uncommitted)"),
        }
    }
}

/// One version of a session: where it was read, its revision and link, and the SHA-256 of
/// its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Where it was read.
    pub origin: Origin,
    /// Its revision number.
    pub revision: u32,
    /// The link it records to the revision before.
    pub previous: Option<Revision>,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// Where and how the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// A new revision does not record the bytes of the version before it.
    Link {
        /// The version whose link is wrong.
        at: Origin,
        /// Its revision.
        revision: u32,
        /// Where the bytes it should name were read.
        before: Origin,
        /// The link it should record.
        expected: Revision,
        /// The link it records.
        found: Option<Revision>,
    },
    /// A version changed the link its revision started with (an edit within a revision
    /// keeps it).
    Changed {
        /// The version that changed it.
        at: Origin,
        /// Its revision.
        revision: u32,
        /// The version before, with the link kept until then.
        before: Origin,
        /// The link until then.
        expected: Option<Revision>,
        /// The link now.
        found: Option<Revision>,
    },
    /// The revision number does not go up by one (or, between files, stays the same).
    Sequence {
        /// The version out of sequence.
        at: Origin,
        /// Its revision.
        revision: u32,
        /// The version before.
        before: Origin,
        /// The revision of the version before.
        after: u32,
    },
}

/// A link in words: "revision 1, SHA-256 ab12…" or "no previous revision".
fn link(revision: &Option<Revision>) -> String {
    match revision {
        Some(r) => format!("revision {}, SHA-256 {}", r.number, r.sha256),
        None => "no previous revision".to_owned(),
    }
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Break::Link {
                at,
                revision,
                before,
                expected,
                found,
            } => write!(
                f,
                "revision {revision} at {at} does not record the revision before it\n  \
                 expected: {} (the bytes at {before})\n  \
                 found:    {}",
                link(&Some(expected.clone())),
                link(found)
            ),
            Break::Changed {
                at,
                revision,
                before,
                expected,
                found,
            } => write!(
                f,
                "revision {revision} at {at} changes the link its revision started with\n  \
                 expected: {} (as at {before})\n  \
                 found:    {}",
                link(expected),
                link(found)
            ),
            Break::Sequence {
                at,
                revision,
                before,
                after,
            } => write!(
                f,
                "revision {revision} at {at} follows revision {after} at {before}: \
                 revisions go up by one"
            ),
        }
    }
}

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// How many versions were walked.
    pub versions: usize,
    /// The first version's revision.
    pub first: u32,
    /// The last version's revision.
    pub last: u32,
    /// Every break, oldest first; none when the chain is intact.
    pub breaks: Vec<Break>,
}

impl Chain {
    /// "revision 1" or "revisions 1–3".
    pub fn span(&self) -> String {
        if self.first == self.last {
            format!("revision {}", self.first)
        } else {
            format!("revisions {}–{}", self.first, self.last)
        }
    }
}

/// Walks `versions`, oldest first. A version with the revision after the one before must
/// record that one's number and the SHA-256 of its bytes. With `edits`, a version may also
/// have the same revision as the one before (an edit within a revision, as between two
/// commits), and must then keep its link; so a new revision links to the *last* version of
/// the revision before it. Without `edits` (one file per revision) every step is a revise.
/// After a break the walk goes on from the version that broke, so each break is said once.
pub fn check(versions: &[Version], edits: bool) -> Chain {
    let mut breaks = Vec::new();
    for pair in versions.windows(2) {
        let [before, at] = pair else { continue };
        if before.revision.checked_add(1) == Some(at.revision) {
            let expected = Revision {
                number: before.revision,
                sha256: before.sha256.clone(),
            };
            if at.previous.as_ref() != Some(&expected) {
                breaks.push(Break::Link {
                    at: at.origin.clone(),
                    revision: at.revision,
                    before: before.origin.clone(),
                    expected,
                    found: at.previous.clone(),
                });
            }
        } else if edits && before.revision == at.revision {
            if at.previous != before.previous {
                breaks.push(Break::Changed {
                    at: at.origin.clone(),
                    revision: at.revision,
                    before: before.origin.clone(),
                    expected: before.previous.clone(),
                    found: at.previous.clone(),
                });
            }
        } else {
            breaks.push(Break::Sequence {
                at: at.origin.clone(),
                revision: at.revision,
                before: before.origin.clone(),
                after: before.revision,
            });
        }
    }
    Chain {
        versions: versions.len(),
        first: versions.first().map_or(0, |v| v.revision),
        last: versions.last().map_or(0, |v| v.revision),
        breaks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(c: char) -> String {
        std::iter::repeat_n(c, 64).collect()
    }

    fn version(name: &str, revision: u32, previous: Option<(u32, char)>, own: char) -> Version {
        Version {
            origin: Origin::Commit {
                hash: format!("{name}000000000"),
                subject: name.to_owned(),
            },
            revision,
            previous: previous.map(|(number, c)| Revision {
                number,
                sha256: sha(c),
            }),
            sha256: sha(own),
        }
    }

    #[test]
    fn a_new_revision_links_to_the_last_version_of_the_one_before() {
        let history = [
            version("a", 1, None, 'a'),
            version("b", 1, None, 'b'),
            version("c", 2, Some((1, 'b')), 'c'),
            version("d", 2, Some((1, 'b')), 'd'),
            version("e", 3, Some((2, 'd')), 'e'),
        ];
        let chain = check(&history, true);
        assert_eq!(chain.breaks, []);
        assert_eq!(chain.span(), "revisions 1–3");
        assert_eq!(chain.versions, 5);
        // The same versions as files are not one per revision.
        assert!(matches!(
            check(&history, false).breaks[..],
            [Break::Sequence { .. }, Break::Sequence { .. }]
        ));
    }

    #[test]
    fn says_where_a_link_breaks_with_what_was_expected_and_found() {
        let history = [
            version("a", 1, None, 'a'),
            version("b", 1, None, 'b'),
            version("c", 2, Some((1, 'a')), 'c'),
            version("d", 2, Some((1, 'f')), 'd'),
            version("e", 4, Some((2, 'd')), 'e'),
        ];
        let breaks = check(&history, true).breaks;
        assert_eq!(breaks.len(), 3, "{breaks:?}");
        let text = breaks[0].to_string();
        assert!(
            text.starts_with("revision 2 at commit c000000 \"c\" does not record"),
            "{text}"
        );
        assert!(text.contains(&format!("expected: revision 1, SHA-256 {}", sha('b'))));
        assert!(text.contains("(the bytes at commit b000000 \"b\")"));
        assert!(text.contains(&format!("found:    revision 1, SHA-256 {}", sha('a'))));
        assert!(matches!(breaks[1], Break::Changed { revision: 2, .. }));
        assert_eq!(
            breaks[2].to_string(),
            "revision 4 at commit e000000 \"e\" follows revision 2 at commit d000000 \"d\": \
             revisions go up by one"
        );
        let missing = check(
            &[version("a", 1, None, 'a'), version("b", 2, None, 'b')],
            false,
        );
        assert!(
            missing.breaks[0]
                .to_string()
                .contains("found:    no previous revision")
        );
    }
}
