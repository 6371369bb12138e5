//! Keys named in text come from the keymap. Every hint, prompt, status message and help
//! line that names a key builds it with `keymap::keys_for(mode, command)`, so the text can
//! never name a key the table does not bind there. This test reads the source of `src/app`
//! and `src/ui`: a string literal that names a key by hand fails it, and so does a
//! `keys_for` call whose command has no key in its mode.

use std::path::{Path, PathBuf};

use threatbench::app::keymap::BINDINGS;

/// Keys with names, as the help writes them.
const NAMED: [&str; 12] = [
    "Enter",
    "Esc",
    "Tab",
    "Shift-Tab",
    "Space",
    "Backspace",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Delete",
    "Ctrl-",
];

/// What a key does, as a message says it after naming the key ("p resumes", "Esc clears").
const VERBS: [&str; 31] = [
    "adds", "opens", "starts", "quits", "resumes", "parks", "edits", "closes", "saves", "clears",
    "keeps", "marks", "deletes", "decides", "accepts", "changes", "selects", "undoes", "redoes",
    "pauses", "shows", "goes", "writes", "copies", "moves", "walks", "suggests", "turns",
    "scrolls", "select", "says",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of Rust source, with their line numbers: plain strings with their
/// escapes kept as written, raw strings, no comments, no char literals.
fn literals(source: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\'' => {
                // A char literal ('x', '\n', '"'), or a lifetime ('a): skip the literal only.
                if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
                if chars.get(i + 1) == Some(&'\\') {
                    while i + 1 < chars.len() && chars[i + 1] != '\'' {
                        i += 1;
                    }
                    i += 2;
                    continue;
                }
            }
            'r' if chars.get(i + 1) == Some(&'#') || chars.get(i + 1) == Some(&'"') => {
                let start = i;
                let mut j = i + 1;
                while chars.get(j) == Some(&'#') {
                    j += 1;
                }
                let hashes = j - i - 1;
                let ident_before =
                    start > 0 && (chars[start - 1].is_alphanumeric() || chars[start - 1] == '_');
                if chars.get(j) == Some(&'"') && !ident_before {
                    let closing: String = std::iter::once('"')
                        .chain("#".repeat(hashes).chars())
                        .collect();
                    let rest: String = chars[j + 1..].iter().collect();
                    if let Some(end) = rest.find(&closing) {
                        let text: String = rest[..end].to_owned();
                        out.push((line, text.clone()));
                        line += text.matches('\n').count();
                        i = j + 1 + rest[..end].chars().count() + closing.chars().count();
                        continue;
                    }
                }
            }
            '"' => {
                let start_line = line;
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        text.push(chars[i]);
                        i += 1;
                    }
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    text.push(chars[i]);
                    i += 1;
                }
                out.push((start_line, text));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The keys `text` names by hand, if any.
fn named_keys(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | '·' | '"'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let bare = word.trim_end_matches(':');
        if NAMED
            .iter()
            .any(|n| bare == *n || (n.ends_with('-') && bare.starts_with(n)))
        {
            // "Delete" and "End" are words as well as keys: only a key when it does something.
            let word_too = matches!(bare, "Delete" | "End" | "Home");
            if !word_too || VERBS.contains(&next) {
                found.push(bare.to_owned());
            }
        }
        // One character, or two joined by a slash ("J/K"), followed by what it does.
        let short =
            bare.is_ascii() && (bare.len() == 1 || (bare.len() == 3 && bare.as_bytes()[1] == b'/'));
        if short && !bare.starts_with('{') && VERBS.contains(&next) {
            found.push(format!("{bare} {next}"));
        }
        // Arrow pairs are keys; a lone arrow is a flow ("A → B") or a hint of more below.
        if ["↑↓", "←→"].iter().any(|pair| bare.contains(pair)) {
            found.push(bare.to_owned());
        }
    }
    found
}

fn src_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root.join("app"), &mut files);
    sources(&root.join("ui"), &mut files);
    files.retain(|f| !f.ends_with("app/core/keymap.rs"));
    files.sort();
    files
}

#[test]
fn no_string_names_a_key_by_hand() {
    let mut problems = Vec::new();
    for file in src_files() {
        let source = std::fs::read_to_string(&file).unwrap();
        for (line, text) in literals(&source) {
            for key in named_keys(&text) {
                problems.push(format!(
                    "{}:{line}: {key:?} in {text:?}",
                    file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                        .unwrap()
                        .display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "name keys with keymap::keys_for(mode, command), not by hand:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_detector_finds_hand_named_keys() {
    assert_eq!(named_keys("clock paused (p resumes)"), ["p resumes"]);
    assert_eq!(
        named_keys("Enter decides; A accepts"),
        ["Enter", "A accepts"]
    );
    assert_eq!(
        named_keys("J/K select · Ctrl-s save"),
        ["J/K select", "Ctrl-s"]
    );
    assert_eq!(named_keys("←→ choose"), ["←→"]);
    assert!(named_keys("a title is required").is_empty());
    assert!(named_keys("flow: {} → {}").is_empty());
    assert!(named_keys("Delete decision {} ({} {})?").is_empty());
    assert!(named_keys("{p} resumes").is_empty());
    let source =
        "let a = 'x'; let s = \"Esc clears\"; // \"Tab walks\"\nlet r = r#\"Space marks\"#;";
    let texts: Vec<String> = literals(source).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["Esc clears", "Space marks"]);
}

/// `keys_for(Mode::M, &Command::C)` calls in the source, as (file, mode, command).
fn keys_for_calls() -> Vec<(String, String, String)> {
    let mut calls = Vec::new();
    for file in src_files() {
        let source = std::fs::read_to_string(&file).unwrap();
        let flat: String = source.split_whitespace().collect::<Vec<_>>().join("");
        for (at, _) in flat.match_indices("keys_for(Mode::") {
            let rest = &flat[at + "keys_for(Mode::".len()..];
            let Some((mode, rest)) = rest.split_once(",&Command::") else {
                continue;
            };
            let command: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '(' | ')' | ':' | '_'))
                .collect();
            let command = command.trim_end_matches(')').to_owned();
            calls.push((file.display().to_string(), mode.to_owned(), command));
        }
    }
    calls
}

#[test]
fn every_key_named_through_the_keymap_is_bound_there() {
    let calls = keys_for_calls();
    assert!(
        calls.len() >= 20,
        "found only {} keys_for calls",
        calls.len()
    );
    for (file, mode, command) in calls {
        let bound = BINDINGS.iter().any(|b| {
            format!("{:?}", b.mode) == mode
                && format!("{:?}", b.command).replace("::", "") == command.replace("Phase::", "")
        });
        assert!(
            bound,
            "{file}: keys_for(Mode::{mode}, &Command::{command}) has no key"
        );
    }
}
