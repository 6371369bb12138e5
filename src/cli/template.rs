//! `--template` in a child process: the one bound that holds for everything a template can
//! do. minijinja's fuel and the output cap stop long loops and long output, but not a
//! string that doubles in a loop, a huge `indent` or `format` width, or a filter that scans
//! a 100 MB string at every step; minijinja has no memory limit and its operators cannot be
//! replaced. So the workbench runs itself again with a hidden command ([`COMMAND`]) under
//! operating-system limits on address space ([`memory_limit`]) and processor time
//! ([`MAX_CPU_SECONDS`]): when the template passes one, the child ends, not the user's
//! machine, and the export says which limit it was, writing nothing.
//!
//! The job (template and context, as JSON) goes to the child on stdin; the output comes back
//! on stdout, read no further than [`MAX_OUTPUT_BYTES`]; a refusal comes back on stderr with
//! exit status [`REFUSED`].

use std::io::{self, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, ExitCode, ExitStatus, Stdio};

use serde::{Deserialize, Serialize};

use crate::export::Context;
use crate::export::template::{self, MAX_OUTPUT_BYTES};
use crate::text::visible;

/// The hidden command that renders the job on stdin; only [`render`] runs it.
pub const COMMAND: &str = "__render-template";

/// The address space a render may use besides its job: room for the program, the 16 MB of
/// output twice over and the work of any real template, while a doubling string is stopped
/// within a fraction of a second.
pub const MAX_MEMORY_BYTES: u64 = 128 * MB;

/// The address space a render may use per byte of job. The job is held as JSON, parsed, and
/// as minijinja values; a session of a million short texts takes about 14 bytes per byte
/// of JSON, one of long texts about 3.
const MEMORY_PER_JOB_BYTE: u64 = 16;

/// The processor time a render may take: ten times what [`template::FUEL`] allows a plain
/// loop, for a loop whose every step works on a long string.
pub const MAX_CPU_SECONDS: u64 = 10;

/// The longest template file read: templates are pages, not data.
pub const MAX_TEMPLATE_BYTES: u64 = MB;

/// The exit status of a child that refused the template; the reason is on its stderr.
pub const REFUSED: u8 = 1;

const MB: u64 = 1024 * 1024;

/// The most bytes of the child's stderr read back: a message, not a dump.
const MAX_MESSAGE_BYTES: u64 = 64 * 1024;

/// What the child is sent.
#[derive(Serialize)]
struct Job<'a> {
    name: &'a str,
    source: &'a str,
    context: &'a Context,
}

/// What the child reads: the same, with the context as plain JSON values.
#[derive(Deserialize)]
struct Received {
    name: String,
    source: String,
    context: serde_json::Value,
}

/// The address-space limit of a child sent `job_bytes` of job: [`MAX_MEMORY_BYTES`] for a
/// session of ordinary size.
pub fn memory_limit(job_bytes: usize) -> u64 {
    MAX_MEMORY_BYTES + MEMORY_PER_JOB_BYTE * job_bytes as u64
}

/// The text of the template file at `path`, refused past [`MAX_TEMPLATE_BYTES`].
pub fn read(path: &Path) -> Result<String, String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TEMPLATE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| fail(&e))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(fail(&format_args!(
            "the template is over {} MB, the most a template may be",
            MAX_TEMPLATE_BYTES / MB
        )));
    }
    String::from_utf8(bytes).map_err(|e| fail(&format_args!("the template is not UTF-8: {e}")))
}

/// Renders the template `source` (named `name` in errors) over `context` in a child process
/// under the limits above. The error says what went wrong, naming the template.
pub fn render(name: &str, source: &str, context: &Context) -> Result<String, String> {
    let job = serde_json::to_vec(&Job {
        name,
        source,
        context,
    })
    .map_err(|e| format!("{name}: cannot prepare the template's context: {e}"))?;
    let memory = memory_limit(job.len());
    let exe = std::env::current_exe()
        .map_err(|e| format!("{name}: cannot find this program to run the template: {e}"))?;
    let mut command = Command::new(exe);
    command
        .arg(COMMAND)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: the closure runs between fork and exec and calls only setrlimit, which is
    // async-signal-safe, on values computed before the fork.
    unsafe {
        command.pre_exec(move || {
            limit(libc::RLIMIT_AS as _, memory, memory)?;
            limit(libc::RLIMIT_CPU as _, MAX_CPU_SECONDS, MAX_CPU_SECONDS + 1)
        });
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("{name}: cannot start the template's renderer: {e}"))?;
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || send(stdin, &job));
    let mut out = Vec::new();
    let mut message = Vec::new();
    let read = child
        .stdout
        .take()
        .map(|s| s.take(MAX_OUTPUT_BYTES as u64 + 1).read_to_end(&mut out));
    if out.len() > MAX_OUTPUT_BYTES {
        // The child caps its own output; this is the same bound, kept by the reader too.
        let _ = child.kill();
    }
    if let Some(stderr) = child.stderr.take() {
        let _ = stderr.take(MAX_MESSAGE_BYTES).read_to_end(&mut message);
    }
    let status = child
        .wait()
        .map_err(|e| format!("{name}: the template's renderer was lost: {e}"))?;
    let _ = writer.join();
    if out.len() > MAX_OUTPUT_BYTES {
        return Err(template::too_long(name));
    }
    if let Some(Err(e)) = read {
        return Err(format!("{name}: cannot read the template's output: {e}"));
    }
    outcome(
        name,
        status,
        out,
        &String::from_utf8_lossy(&message),
        memory,
    )
}

/// The result of a render from how the child ended and what it wrote.
fn outcome(
    name: &str,
    status: ExitStatus,
    out: Vec<u8>,
    message: &str,
    memory: u64,
) -> Result<String, String> {
    if status.success() {
        return String::from_utf8(out).map_err(|e| format!("{name}: the output is not UTF-8: {e}"));
    }
    if status.code() == Some(i32::from(REFUSED)) {
        return Err(message.trim_end().to_owned());
    }
    if matches!(status.signal(), Some(libc::SIGXCPU | libc::SIGKILL)) {
        return Err(format!(
            "{name}: the template was stopped after {MAX_CPU_SECONDS} seconds of work (a loop \
             over a long text or list); a template may take at most that long"
        ));
    }
    if message.contains("memory allocation") {
        return Err(format!(
            "{name}: the template was stopped when it needed more than {} MB of memory (a \
             string or list that keeps growing, such as `s ~ s` in a loop, or a huge width); \
             a template may use at most that much",
            memory / MB
        ));
    }
    let reason = message.lines().next().unwrap_or_default();
    Err(format!(
        "{name}: the template's renderer failed ({status}): {}",
        visible(reason)
    ))
}

/// Sets the soft and hard limits of `resource` in the calling process.
fn limit(resource: i32, soft: u64, hard: u64) -> io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct it is given and nothing else.
    if unsafe { libc::setrlimit(resource as _, &limit) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Writes the job to the child's stdin and closes it. A child that ends before reading it
/// all must not end us: SIGPIPE is blocked on this thread, and one left pending goes with
/// the thread.
fn send(stdin: Option<std::process::ChildStdin>, job: &[u8]) {
    // SAFETY: sigset_t is plain data initialised by sigemptyset before use; the mask
    // changes only for this thread, which ends after the write.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
    if let Some(mut stdin) = stdin {
        let _ = stdin.write_all(job);
    }
}

/// The child's side, run by the hidden [`COMMAND`]: reads the job on stdin, renders it,
/// writes the output on stdout, or the reason on stderr with exit status [`REFUSED`].
pub fn serve() -> ExitCode {
    let mut bytes = Vec::new();
    let job = io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())
        .and_then(|_| serde_json::from_slice::<Received>(&bytes).map_err(|e| e.to_string()));
    drop(bytes);
    let job = match job {
        Ok(job) => job,
        Err(e) => {
            eprintln!("{COMMAND}: cannot read the job: {e}");
            return ExitCode::from(2);
        }
    };
    match template::render(&job.name, &job.source, &job.context) {
        Ok(out) => {
            let mut stdout = io::stdout().lock();
            match stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(2),
            }
        }
        Err(message) => {
            eprint!("{message}");
            ExitCode::from(REFUSED)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ended(raw: i32, message: &str) -> Result<String, String> {
        outcome(
            "t.j2",
            ExitStatus::from_raw(raw),
            b"out".to_vec(),
            message,
            memory_limit(0),
        )
    }

    #[test]
    fn how_the_child_ended_says_which_limit_stopped_it() {
        assert_eq!(ended(0, ""), Ok("out".to_owned()));
        let refused = i32::from(REFUSED) << 8;
        assert_eq!(
            ended(refused, "t.j2:3: undefined value\n"),
            Err("t.j2:3: undefined value".to_owned())
        );
        let memory = ended(
            libc::SIGABRT,
            "memory allocation of 268435456 bytes failed\n",
        );
        assert!(memory.is_err_and(|e| e.starts_with("t.j2: ") && e.contains("more than 128 MB")));
        for signal in [libc::SIGXCPU, libc::SIGKILL] {
            assert!(ended(signal, "").is_err_and(|e| e.contains("10 seconds of work")));
        }
        let other = ended(
            libc::SIGSEGV,
            "\u{1b}[2Jthread main has overflowed its stack\n",
        );
        assert!(
            other.is_err_and(|e| e.contains("renderer failed") && !e.contains('\u{1b}')),
            "escapes are shown, not sent"
        );
    }

    #[test]
    fn the_memory_limit_grows_with_the_session() {
        assert_eq!(memory_limit(0), MAX_MEMORY_BYTES);
        assert!(memory_limit(20 * 1024 * 1024) > 4 * 20 * 1024 * 1024);
    }
}
