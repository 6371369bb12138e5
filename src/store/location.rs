//! Where sessions live, and how a title becomes a file name that stays inside that folder.

use std::io;
use std::path::{Path, PathBuf};

/// The environment variable that overrides the sessions folder (as `--dir` does).
pub const DIR_ENV: &str = "THREATBENCH_DIR";

/// The longest file stem a title turns into.
const MAX_SLUG_CHARS: usize = 60;

/// The default sessions folder: `./sessions/` when the current directory has one (the team's
/// repository), else `sessions/` in the user's data directory.
pub fn default_dir(cwd: &Path) -> io::Result<PathBuf> {
    if cwd.join("sessions").is_dir() {
        // Relative, so that paths printed to the user read as they would type them.
        return Ok(PathBuf::from("sessions"));
    }
    let dirs = directories::ProjectDirs::from("", "", "threatbench").ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("no home directory found; pass --dir or set {DIR_ENV}"),
        )
    })?;
    Ok(dirs.data_dir().join("sessions"))
}

/// A file stem from a title: lowercase ASCII letters and digits joined by single dashes, at
/// most 60 characters, never empty. It cannot contain a path separator or start with a dot,
/// so the file it names stays in the sessions folder.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if let Some(folded) = fold_latin(c) {
            slug.push_str(folded);
        } else if c.is_alphanumeric() {
            // Letters of other scripts have no safe ASCII form; they are left out.
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG_CHARS {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "session".to_owned()
    } else {
        slug.to_owned()
    }
}

/// The ASCII letters of a lowercase accented Latin letter: "Überprüfung" gives "uberprufung".
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'è'..='ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì'..='ï' | 'ī' => "i",
        'ð' | 'ď' => "d",
        'ñ' | 'ń' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'þ' => "th",
        'ß' => "ss",
        'ł' => "l",
        'ř' => "r",
        'ś' | 'š' => "s",
        'ť' => "t",
        'ź' | 'ż' | 'ž' => "z",
        'œ' => "oe",
        _ => return None,
    })
}

/// The `.ron` session files directly in `dir` (not hidden ones), sorted by name.
pub fn session_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".ron") && !name.starts_with('.') && path.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Candidate paths for a new session titled `title` in `dir`: `slug.ron`, then `slug-2.ron`,
/// `slug-3.ron`, ... The caller takes the first one it can claim.
pub fn candidates(dir: &Path, title: &str) -> impl Iterator<Item = PathBuf> {
    let stem = slug(title);
    let dir = dir.to_owned();
    (1..).map(move |n| {
        if n == 1 {
            dir.join(format!("{stem}.ron"))
        } else {
            dir.join(format!("{stem}-{n}.ron"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_stems() {
        assert_eq!(slug("Refund API"), "refund-api");
        assert_eq!(slug("  ../../etc/passwd  "), "etc-passwd");
        assert_eq!(
            slug("Überprüfung — Zahlungs-API"),
            "uberprufung-zahlungs-api"
        );
        assert_eq!(slug("支付 API"), "api");
        assert_eq!(slug("///"), "session");
        assert_eq!(slug(""), "session");
        assert_eq!(slug(&"a".repeat(500)).len(), 60);
        assert_eq!(slug("A  B--C"), "a-b-c");
    }

    #[test]
    fn candidates_count_up() {
        let names: Vec<_> = candidates(Path::new("/s"), "X").take(3).collect();
        assert_eq!(names[0], Path::new("/s/x.ron"));
        assert_eq!(names[2], Path::new("/s/x-3.ron"));
    }
}
