//! Git, as a subprocess: the bytes of a file at a revision and a file's committed history.
//! threatbench reads what git already keeps instead of keeping a history of its own; `git`
//! on the PATH is the one every user of these commands has, and it reads every repository
//! format, hook and configuration the user's own git does. Nothing here writes to a
//! repository but [`set_config`].

use std::path::{Path, PathBuf};
use std::process::Command;

/// Why git could not answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// `git` could not be started.
    #[error("cannot run git: {0}")]
    Spawn(#[source] std::io::Error),
    /// git ran and refused; its own message.
    #[error("git {command}: {message}")]
    Failed {
        /// The git subcommand, e.g. `show main:sessions/x.ron`.
        command: String,
        /// What git said on stderr, on one line.
        message: String,
    },
    /// The path is not inside a git work tree.
    #[error("{}: not inside a git repository", .0.display())]
    NotARepository(PathBuf),
}

/// Runs `git -C dir args...` and returns its stdout.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // A pager or a prompt would wait for a person who is not there.
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(GitError::Spawn)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let message = String::from_utf8_lossy(&output.stderr);
        Err(GitError::Failed {
            command: args.join(" "),
            message: crate::text::one_line(message.trim()).into_owned(),
        })
    }
}

/// The folder a path's git operations run in: the path's own folder.
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The root of the work tree that holds `path`.
pub fn toplevel(path: &Path) -> Result<PathBuf, GitError> {
    let dir = if path.is_dir() {
        path.to_owned()
    } else {
        folder(path)
    };
    let out = git(&dir, &["rev-parse", "--show-toplevel"])
        .map_err(|_| GitError::NotARepository(path.to_owned()))?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim_end()))
}

/// `path` relative to the root of its work tree, with `/`, as git names it in `REV:PATH`.
pub fn repo_path(path: &Path) -> Result<String, GitError> {
    let root = toplevel(path)?;
    let absolute = std::fs::canonicalize(path)
        .or_else(|_| {
            // A file deleted in the work tree may still be read at a revision.
            std::fs::canonicalize(folder(path))
                .map(|dir| dir.join(path.file_name().unwrap_or_default()))
        })
        .map_err(|_| GitError::NotARepository(path.to_owned()))?;
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let relative = absolute
        .strip_prefix(&root)
        .map_err(|_| GitError::NotARepository(path.to_owned()))?;
    Ok(relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/"))
}

/// The bytes of `path` as committed at `rev` (a commit, branch, tag or `HEAD~1`).
pub fn show(path: &Path, rev: &str) -> Result<Vec<u8>, GitError> {
    if rev.starts_with('-') {
        return Err(GitError::Failed {
            command: format!("show {rev}"),
            message: "a revision cannot start with '-'".into(),
        });
    }
    let root = toplevel(path)?;
    let name = repo_path(path)?;
    git(&root, &["show", &format!("{rev}:{name}")])
}

/// One commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full commit hash.
    pub hash: String,
    /// Its subject line.
    pub subject: String,
    /// When it was committed (the committer's date), when git gave one that reads.
    pub date: Option<chrono::DateTime<chrono::Utc>>,
}

/// The commits that changed `path`, oldest first, following renames.
pub fn history(path: &Path) -> Result<Vec<Commit>, GitError> {
    let root = toplevel(path)?;
    let name = repo_path(path)?;
    let out = git(
        &root,
        &["log", "--follow", "--format=%H%x09%cI%x09%s", "--", &name],
    )?;
    // Newest first: `--reverse` would stop `--follow` at the rename.
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .rev()
        .filter_map(|line| {
            let (hash, rest) = line.split_once('\t')?;
            let (date, subject) = rest.split_once('\t')?;
            Some(Commit {
                hash: hash.to_owned(),
                subject: subject.to_owned(),
                date: chrono::DateTime::parse_from_rfc3339(date)
                    .ok()
                    .map(|d| d.with_timezone(&chrono::Utc)),
            })
        })
        .collect())
}

/// The bytes of the file at `path` in `commit`, where the file may have had another name
/// (`git log --follow`): the name it had in that commit.
pub fn show_in_commit(path: &Path, commit: &str) -> Result<Vec<u8>, GitError> {
    let root = toplevel(path)?;
    let name = repo_path(path)?;
    // The names the file had, newest first, with the commit that gave it each.
    let out = git(
        &root,
        &[
            "log",
            "--follow",
            "--name-only",
            "--format=%x00%H",
            "--",
            &name,
        ],
    )?;
    let text = String::from_utf8_lossy(&out);
    let named = text
        .split('\0')
        .filter(|s| !s.is_empty())
        .find_map(|entry| {
            let mut lines = entry.lines().filter(|l| !l.is_empty());
            let hash = lines.next()?;
            (hash == commit).then(|| lines.next().map(str::to_owned))?
        });
    let name = named.unwrap_or(name);
    git(&root, &["show", &format!("{commit}:{name}")])
}

/// One file a commit changed, as `git log --name-status` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touched {
    /// The file's path in the commit, from the root, with `/`.
    pub path: String,
    /// For a rename or copy, the path it had before.
    pub from: Option<String>,
    /// Whether the commit deleted it.
    pub deleted: bool,
}

/// One commit of [`log_touched`]: when, and which files it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touching {
    /// The full commit hash.
    pub hash: String,
    /// When it was committed, when git gave a date that reads.
    pub date: Option<chrono::DateTime<chrono::Utc>>,
    /// The files under the pathspecs it changed.
    pub files: Vec<Touched>,
}

/// Every commit that changed a file under `folders` (paths from `root`), newest first, with
/// the files each changed and renames found: one `git log` for many session files, where
/// [`history`] runs one per file.
pub fn log_touched(root: &Path, folders: &[String]) -> Result<Vec<Touching>, GitError> {
    let mut args = vec![
        "-c",
        "core.quotePath=false",
        "log",
        "-M",
        "--name-status",
        "--format=%x01%H%x09%cI",
        "--",
    ];
    args.extend(folders.iter().map(String::as_str));
    let out = git(root, &args)?;
    let text = String::from_utf8_lossy(&out);
    Ok(text
        .split('\u{1}')
        .filter_map(|entry| {
            let mut lines = entry.lines();
            let (hash, date) = lines.next()?.split_once('\t')?;
            let files = lines
                .filter_map(|line| {
                    let mut fields = line.split('\t');
                    let status = fields.next()?;
                    let first = fields.next()?.to_owned();
                    let second = fields.next().map(str::to_owned);
                    Some(match second {
                        Some(to) => Touched {
                            path: to,
                            from: status.starts_with('R').then_some(first),
                            deleted: false,
                        },
                        None => Touched {
                            path: first,
                            from: None,
                            deleted: status.starts_with('D'),
                        },
                    })
                })
                .collect();
            Some(Touching {
                hash: hash.to_owned(),
                date: chrono::DateTime::parse_from_rfc3339(date)
                    .ok()
                    .map(|d| d.with_timezone(&chrono::Utc)),
                files,
            })
        })
        .collect())
}

/// Many files at many commits through one `git cat-file --batch`: the report reads every
/// committed version of every session without starting git for each.
pub struct Blobs {
    child: std::process::Child,
    input: std::process::ChildStdin,
    output: std::io::BufReader<std::process::ChildStdout>,
}

impl Blobs {
    /// Starts the reader in the repository at `root`.
    pub fn open(root: &Path) -> Result<Self, GitError> {
        use std::process::Stdio;
        let mut child = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["cat-file", "--batch"])
            .env("GIT_PAGER", "cat")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(GitError::Spawn)?;
        let broken = || GitError::Failed {
            command: "cat-file --batch".into(),
            message: "no pipe to git".into(),
        };
        let input = child.stdin.take().ok_or_else(broken)?;
        let output = child.stdout.take().ok_or_else(broken)?;
        Ok(Blobs {
            child,
            input,
            output: std::io::BufReader::new(output),
        })
    }

    /// The bytes of `path` (from the root) in `commit`; `None` when it is not there or is
    /// larger than `limit` bytes (then read past, not kept).
    pub fn read(
        &mut self,
        commit: &str,
        path: &str,
        limit: u64,
    ) -> Result<Option<Vec<u8>>, GitError> {
        use std::io::{BufRead, Read, Write};
        let failed = |e: std::io::Error| GitError::Failed {
            command: "cat-file --batch".into(),
            message: e.to_string(),
        };
        // A name with a line break cannot be asked for on one line.
        if path.contains(['\n', '\r']) {
            return Ok(None);
        }
        writeln!(self.input, "{commit}:{path}").map_err(failed)?;
        self.input.flush().map_err(failed)?;
        let mut header = String::new();
        self.output.read_line(&mut header).map_err(failed)?;
        // "<oid> blob <size>", or "<what> missing" / "ambiguous".
        let mut words = header.split_whitespace();
        let (Some(_), Some("blob"), Some(size)) = (words.next(), words.next(), words.next()) else {
            return Ok(None);
        };
        let size: u64 = size.parse().map_err(|_| GitError::Failed {
            command: "cat-file --batch".into(),
            message: format!("unreadable header {:?}", header.trim_end()),
        })?;
        // The content, then a line feed.
        let mut body = (&mut self.output).take(size + 1);
        if size > limit {
            std::io::copy(&mut body, &mut std::io::sink()).map_err(failed)?;
            return Ok(None);
        }
        let mut content = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
        body.read_to_end(&mut content).map_err(failed)?;
        content.pop();
        Ok(Some(content))
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        // Closing its input ends git; wait so that no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The line diff of two files as `git diff --no-index` writes it, for a file that cannot be
/// read as a session: what the diff driver shows instead of nothing. External diff drivers
/// and text conversions are off, so that a driver calling this never calls itself.
pub fn diff_files(old: &Path, new: &Path) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .args([
            "diff",
            "--no-index",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            "--",
        ])
        .arg(old)
        .arg(new)
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(GitError::Spawn)?;
    // 1 is "the files differ", which is the point.
    match output.status.code() {
        Some(0 | 1) => Ok(output.stdout),
        _ => Err(GitError::Failed {
            command: "diff --no-index".into(),
            message: crate::text::one_line(String::from_utf8_lossy(&output.stderr).trim())
                .into_owned(),
        }),
    }
}

/// Sets `key` to `value` in the configuration of the repository at `root` (its
/// `.git/config`, not the user's): what `threatbench init-git` uses to name the merge and
/// diff drivers. The one function here that writes to a repository.
pub fn set_config(root: &Path, key: &str, value: &str) -> Result<(), GitError> {
    git(root, &["config", "--local", key, value]).map(|_| ())
}

/// Git for the crate's tests: a command that must succeed, as a fixed author.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;
    use std::process::Command;

    /// Runs `git -C dir args...` and fails the test when git does.
    pub fn run(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::testing::run;
    use super::*;

    #[test]
    fn reads_a_file_at_a_revision_and_its_history_across_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        run(root, &["init", "-q", "-b", "main"]);
        std::fs::create_dir(root.join("s")).unwrap();
        let text = |n: &str| {
            format!("Session(\n    title: \"x\",\n    revision: {n},\n    a: 1,\n    b: 2,\n)\n")
        };
        std::fs::write(root.join("s/a.ron"), text("1")).unwrap();
        run(root, &["add", "."]);
        run(root, &["commit", "-q", "-m", "first"]);
        run(root, &["mv", "s/a.ron", "s/b.ron"]);
        std::fs::write(root.join("s/b.ron"), text("2")).unwrap();
        run(root, &["commit", "-qam", "second"]);
        let file = root.join("s/b.ron");
        assert_eq!(repo_path(&file).unwrap(), "s/b.ron");
        assert_eq!(show(&file, "HEAD").unwrap(), text("2").as_bytes());
        let commits = history(&file).unwrap();
        let subjects: Vec<&str> = commits.iter().map(|c| c.subject.as_str()).collect();
        assert_eq!(subjects, ["first", "second"]);
        assert!(commits.iter().all(|c| c.date.is_some()));
        assert_eq!(
            show_in_commit(&file, &commits[0].hash).unwrap(),
            text("1").as_bytes()
        );
        assert!(matches!(
            show(&file, "HEAD~5"),
            Err(GitError::Failed { .. })
        ));
        let outside = tempfile::tempdir().unwrap();
        assert!(matches!(
            toplevel(outside.path()),
            Err(GitError::NotARepository(_))
        ));
    }
}
