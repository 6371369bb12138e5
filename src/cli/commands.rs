//! The command line's own list of commands, for messages: which commands there are, and
//! which one a mistyped word probably meant.

use clap::CommandFactory;

use super::args::Cli;

/// The names of the subcommands, in the order `--help` lists them.
pub fn names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_owned())
        .collect()
}

/// Whether `word` reads like an attempt at a command rather than a file name: no folder, no
/// extension.
pub fn looks_like_a_command(word: &str) -> bool {
    !word.is_empty() && !word.contains(['/', '.'])
}

/// The command `word` is closest to, when it is close enough to be a typo: at most two
/// letters off (`lsit`, `ls`, `exprot`), or the start of exactly one command (`val`).
pub fn closest(word: &str) -> Option<String> {
    let word = word.to_lowercase();
    let names = names();
    let starting: Vec<&String> = names.iter().filter(|n| n.starts_with(&word)).collect();
    if let [only] = starting[..] {
        return Some(only.clone());
    }
    names
        .iter()
        .map(|n| (distance(&word, n), n))
        .filter(|(d, n)| *d <= 2 && *d < n.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

/// Levenshtein distance, counting a swap of two neighbours (`lsit`) as one edit.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_command_and_other_words_none() {
        assert_eq!(closest("lsit").as_deref(), Some("list"));
        assert_eq!(closest("ls").as_deref(), Some("list"));
        assert_eq!(closest("exprot").as_deref(), Some("export"));
        assert_eq!(closest("val").as_deref(), Some("validate"));
        assert_eq!(closest("frobnicate"), None);
        assert_eq!(closest("x"), None);
        assert!(names().contains(&"export".to_owned()));
        assert!(looks_like_a_command("lsit") && !looks_like_a_command("nope.ron"));
    }
}
