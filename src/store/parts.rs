//! Writing an export beside the session, or where `--out` says: one file per part,
//! owner-only and atomic, and never over a session file.

use std::path::{Path, PathBuf};

use super::atomic;

/// Writes the parts to `target` (a file, or a folder to put them in), owner-only and
/// atomically. Returns the paths written.
pub fn write_parts(
    target: &Path,
    session: &Path,
    extension: &str,
    parts: &[String],
) -> Result<Vec<PathBuf>, String> {
    // `--out build/` names a folder, whether or not it exists yet.
    if target.as_os_str().to_string_lossy().ends_with('/') && !target.exists() {
        atomic::create_dir_private(target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let (dir, stem, ext) = if target.is_dir() {
        let stem = session
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        (target.to_owned(), stem, extension.to_owned())
    } else {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned();
        let name = target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match name.split_once('.') {
            Some((stem, ext)) => (dir, stem.to_owned(), ext.to_owned()),
            None => (dir, name, extension.to_owned()),
        }
    };
    let mut written = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let path = if parts.len() == 1 && !target.is_dir() {
            target.to_owned()
        } else if parts.len() == 1 {
            dir.join(format!("{stem}.{ext}"))
        } else {
            dir.join(format!("{stem}-part-{}.{ext}", i + 1))
        };
        refuse_to_clobber(&path, session)?;
        atomic::replace(&path, part.as_bytes()).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}

/// An export never replaces the session file it came from, nor any other session file.
fn refuse_to_clobber(path: &Path, session: &Path) -> Result<(), String> {
    let same = match (std::fs::canonicalize(path), std::fs::canonicalize(session)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let is_session = path.extension().is_some_and(|e| e == "ron") && path.exists();
    if same || is_session {
        return Err(format!(
            "{}: refusing to overwrite a session file with an export; choose another --out",
            path.display()
        ));
    }
    Ok(())
}
