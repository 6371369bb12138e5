//! Which words of session text a Markdown tracker would act on: a mention, a reference, a
//! link, an emoji, GitLab's inline diff. The Markdown escaper puts such a word in a code
//! span, where neither GitHub nor GitLab acts on anything. The trackers' filters run on the
//! rendered text, after Markdown's backslash escapes are gone, so escaping is no help here.

use std::borrow::Cow;

/// The tracker that renders the Markdown: what it acts on differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracker {
    /// GitHub issues and pull requests.
    Github,
    /// GitLab issues and merge requests.
    Gitlab,
    /// Either, as for a file in a repository or a user's template: whatever one of them acts
    /// on.
    Any,
}

impl Tracker {
    /// Whether the tracker would act on `token`, a word of session text (no spaces). `last`
    /// when it ends the text, where the export may write a colon right after it.
    pub fn is_live(self, token: &str, last: bool) -> bool {
        // Most words are letters only (in any script), which nothing below acts on: every
        // live form needs a digit or one of `@ # $ : . / ! ~ % & { } [ ] + - *`.
        if token.chars().all(plain) {
            return false;
        }
        // Letters and digits alone can only be a commit SHA.
        if token.chars().all(|c| plain(c) || c.is_ascii_digit()) {
            return has_sha(token);
        }
        // Words with a full stop (a sentence's end, an abbreviation) can only be a `www.`
        // address or, with two dots, a commit range.
        if token.chars().all(|c| plain(c) || c == '.')
            && !token.contains("..")
            && !token
                .as_bytes()
                .windows(4)
                .any(|w| w.eq_ignore_ascii_case(b"www."))
        {
            return false;
        }
        // Most words have no capital to lower (and the checks below never need one).
        let lower = if token.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(token.to_ascii_lowercase())
        } else {
            Cow::Borrowed(token)
        };
        let lower = lower.as_ref();
        match self {
            Tracker::Github => on_github(token, lower, last),
            Tracker::Gitlab => on_gitlab(token, lower, last),
            Tracker::Any => on_github(token, lower, last) || on_gitlab(token, lower, last),
        }
    }
}

/// A character no live form is made of: a letter, or punctuation that only surrounds words.
fn plain(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\'' | '"' | ',' | ';' | '?' | '(' | ')')
}

/// Characters that start a mention or reference on both trackers when a word follows: `@user`,
/// `#12`.
const REFERENCE: &[char] = &['@', '#'];

/// Characters that start a reference on GitLab only: `!3`, `~label`, `%milestone`, `&epic`.
/// GitHub shows them as they are (the Markdown escaper still stops `~` striking through and
/// `&` naming a character). GitLab's forms are many (`~"two words"`, `group&12`), so any
/// word holding one of them counts.
const GITLAB_REFERENCE: &[char] = &['!', '~', '%', '&'];

/// Whether a mention or issue character in `token` has something after it (other than
/// another of them), as a reference needs: `C#` and a lone `@` start nothing.
fn starts_reference(token: &str) -> bool {
    if !token.contains(REFERENCE) {
        return false;
    }
    let all: Vec<char> = token.chars().collect();
    all.windows(2)
        .any(|pair| REFERENCE.contains(&pair[0]) && !REFERENCE.contains(&pair[1]))
}

/// What both trackers act on (or one of them, where leaving it plain would gain little):
/// `@user`, `#12`, `$` (GitLab snippets, math on both), URLs and e-mail addresses, commit SHAs anywhere in the word, emoji
/// shortcodes, `GH-12` and `GHSA-…` advisories, `name:12` references.
/// `lower` is `token` in ASCII lowercase.
fn on_both(token: &str, lower: &str, last: bool) -> bool {
    // What the tracker sees once Markdown is parsed: the word without its punctuation.
    let word = lower.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let numbered = word
        .strip_prefix("gh-")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
    starts_reference(token)
        // `$` also delimits math, with or without a word after it.
        || token.contains('$')
        || lower.contains("://")
        || lower.contains("www.")
        || lower.contains("mailto:")
        || lower.contains("xmpp:")
        || numbered
        || word.starts_with("ghsa-")
        || is_colon_reference(lower)
        || has_sha(lower)
        || has_shortcode(token, last)
}

/// GitHub acts on nothing more.
fn on_github(token: &str, lower: &str, last: bool) -> bool {
    on_both(token, lower, last)
}

/// GitLab, besides: `!3`, `~label`, `%milestone`, `&epic`, commit ranges, inline diff.
fn on_gitlab(token: &str, lower: &str, last: bool) -> bool {
    on_both(token, lower, last)
        || token.contains(GITLAB_REFERENCE)
        || has_commit_range(lower)
        || has_inline_diff(token)
}

/// A commit SHA somewhere in the word: 7 to 40 hex digits, at least one a digit (so that
/// words such as "deadbeef" and "cafe" stay plain), between characters that are not
/// letters or digits (`sha:a5c3785`, `(a5c3785)`). Either case.
fn has_sha(token: &str) -> bool {
    token
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|run| {
            (7..=40).contains(&run.len())
                && run.bytes().all(|b| b.is_ascii_hexdigit())
                && run.bytes().any(|b| b.is_ascii_digit())
        })
}

/// A GitLab commit range: 6 to 40 hex digits, two or three dots, 6 to 40 hex digits
/// (`e75e2f...3a7c41`), anywhere in the word.
fn has_commit_range(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    let hex = |b: &&u8| b.is_ascii_hexdigit();
    (1..bytes.len()).any(|at| {
        let dots = bytes[at..].iter().take_while(|b| **b == b'.').count();
        bytes[at - 1] != b'.'
            && (2..=3).contains(&dots)
            && bytes[..at].iter().rev().take_while(hex).count() >= 6
            && bytes[at + dots..].iter().take_while(hex).count() >= 6
    })
}

/// GitLab's inline diff: `{+ added +}`, `[+ added +]`, `{- removed -}`, `[- removed -]`.
/// Both the word that opens and the word that closes are live, so that neither half is
/// left in the text.
fn has_inline_diff(token: &str) -> bool {
    ["{+", "+}", "[+", "+]", "{-", "-}", "[-", "-]"]
        .iter()
        .any(|marker| token.contains(marker))
}

/// GitLab references written `name:number` (`[vulnerability:7]`, `*iteration:3`).
fn is_colon_reference(token: &str) -> bool {
    token.contains(':')
        && token.split(':').collect::<Vec<_>>().windows(2).any(|pair| {
            let name = pair[0].trim_start_matches(|c: char| !c.is_ascii_alphabetic());
            let number = pair[1].trim_end_matches(|c: char| !c.is_ascii_digit());
            !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphabetic())
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        })
}

/// An emoji shortcode, `:smile:`, drawn by both trackers. The word that ends the text also
/// counts when it ends with `:name`, because the export may write a colon after it.
fn has_shortcode(token: &str, last: bool) -> bool {
    if !token.contains(':') {
        return false;
    }
    let parts: Vec<&str> = token.split(':').collect();
    let inner = parts.len() >= 3 && parts[1..parts.len() - 1].iter().any(|p| is_emoji_name(p));
    let open_end = last && parts.len() >= 2 && parts.last().is_some_and(|p| is_emoji_name(p));
    inner || open_end
}

/// Whether `name` could name an emoji: letters, digits, `_`, `+`, `-`, with a letter in it
/// (`:100:`, `:1234:`, `:+1:` and `:-1:` are the exceptions), so that times such as
/// `10:30:00` stay plain.
fn is_emoji_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
        && (name.bytes().any(|b| b.is_ascii_alphabetic())
            || matches!(name, "100" | "1234" | "+1" | "-1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut for plain words agrees with the full checks on every tracker.
        #[test]
        fn plain_words_are_never_live(token in "[a-zA-Zäßéж'\",;?()]{1,24}", last: bool) {
            let lower = token.to_ascii_lowercase();
            proptest::prop_assert!(!on_github(&token, &lower, last) && !on_gitlab(&token, &lower, last));
            proptest::prop_assert!(!Tracker::Any.is_live(&token, last));
        }

        /// The shortcut for words with full stops agrees with the full checks.
        #[test]
        fn words_with_full_stops_agree(token in "[a-fwxWé.,;'()]{1,20}", last: bool) {
            let lower = token.to_ascii_lowercase();
            proptest::prop_assert_eq!(Tracker::Github.is_live(&token, last), on_github(&token, &lower, last));
            proptest::prop_assert_eq!(Tracker::Gitlab.is_live(&token, last), on_gitlab(&token, &lower, last));
        }

        /// The shortcut for words of letters and digits agrees with the full checks.
        #[test]
        fn words_and_digits_are_live_only_as_shas(token in "[a-fA-F0-9g-zä',;?()]{1,48}", last: bool) {
            let lower = token.to_ascii_lowercase();
            proptest::prop_assert_eq!(Tracker::Github.is_live(&token, last), on_github(&token, &lower, last));
            proptest::prop_assert_eq!(Tracker::Gitlab.is_live(&token, last), on_gitlab(&token, &lower, last));
        }
    }

    #[test]
    fn shas_anywhere_in_a_word_but_not_words() {
        for live in ["a5c3785", "sha:a5c3785", "(a5c3785ed8d6)", "v2-1234567"] {
            assert!(has_sha(live), "{live}");
        }
        for plain in ["deadbeef", "cafe", "2024", "a5c378", "refund-42"] {
            assert!(!has_sha(plain), "{plain}");
        }
    }

    #[test]
    fn commit_ranges() {
        for live in ["e75e2f...3a7c41", "deadbe..efcafe", "x:abcdef0..1234567)"] {
            assert!(has_commit_range(live), "{live}");
        }
        for plain in ["abcde..123456", "abcdef....123456", "1.2..3", "..", "a..b"] {
            assert!(!has_commit_range(plain), "{plain}");
        }
    }

    #[test]
    fn emoji_shortcodes() {
        for live in [":smile:", "a:+1:b", ":100:", "x:big_smile::"] {
            assert!(has_shortcode(live, false), "{live}");
        }
        for plain in ["10:30:00", "smile", ":smile", "a::b", "http://x"] {
            assert!(!has_shortcode(plain, false), "{plain}");
        }
        assert!(
            has_shortcode("note:smile", true),
            "a colon may follow the text"
        );
        assert!(!has_shortcode("12:30", true));
    }

    #[test]
    fn each_tracker_acts_on_its_own() {
        assert!(Tracker::Gitlab.is_live("{+added", false));
        assert!(Tracker::Gitlab.is_live("removed-]", false));
        assert!(!Tracker::Github.is_live("{+added", false));
        assert!(Tracker::Any.is_live("[-x", false));
        assert!(Tracker::Gitlab.is_live("abcdef0..1234567", false));
        assert!(Tracker::Gitlab.is_live("deadbe..efcafe.", false));
        for tracker in [Tracker::Github, Tracker::Gitlab, Tracker::Any] {
            assert!(tracker.is_live(":tada:", false));
            assert!(tracker.is_live("@admin", false));
            assert!(tracker.is_live("x#12", false));
            assert!(tracker.is_live("$", false));
            assert!(!tracker.is_live("plain", true));
            assert!(!tracker.is_live("payout.", true));
            assert!(tracker.is_live("(WwW.evil.example).", false));
            // A mention or issue character with nothing after it starts nothing.
            for plain in ["C#", "@", "#"] {
                assert!(!tracker.is_live(plain, false), "{tracker:?}: {plain}");
            }
        }
        for gitlab_only in ["!3", "~label", "%milestone", "&epic", "R&D", "&", "50%"] {
            assert!(Tracker::Gitlab.is_live(gitlab_only, false), "{gitlab_only}");
            assert!(Tracker::Any.is_live(gitlab_only, false), "{gitlab_only}");
            assert!(
                !Tracker::Github.is_live(gitlab_only, false),
                "{gitlab_only}"
            );
        }
    }
}
