//! The workbench in a real pseudo-terminal: keys go in as bytes, the screen comes back as
//! bytes and is read through a terminal emulator (vt100), and the session file on disk is
//! checked afterwards. Covers the paths that only show up with a real terminal: quitting,
//! SIGTERM in the middle of an edit, bracketed paste, and the terminal going away.
//!
//! If the machine has no pseudo-terminals, each test prints why and passes.

#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 24;
const COLS: u16 = 80;
/// How long any one thing may take before the test gives up. Generous: debug build, busy CI.
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(25);

const CTRL_S: &[u8] = b"\x13";
const DOWN: &[u8] = b"j";

/// The sequences that give the terminal back: leave the alternate screen, show the cursor,
/// bracketed paste off, mouse reports off.
const RESTORE: [(&str, &[u8]); 4] = [
    ("leave alternate screen", b"\x1b[?1049l"),
    ("show cursor", b"\x1b[?25h"),
    ("bracketed paste off", b"\x1b[?2004l"),
    ("mouse reports off", b"\x1b[?1000l"),
];
const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";

/// The binary running in a pseudo-terminal, with everything it writes collected and fed to
/// a terminal emulator by a reader thread (so the child never blocks on a full pty buffer).
struct Pty {
    /// The master side; `None` once the terminal has been closed on purpose.
    master: Option<Box<dyn MasterPty + Send>>,
    /// A plain duplicate of the master fd. Not portable-pty's writer: that one types a
    /// newline and Ctrl-D into the app when dropped.
    writer: Option<File>,
    child: Box<dyn Child + Send + Sync>,
    pid: i32,
    status: Option<ExitStatus>,
    output: Arc<Mutex<Vec<u8>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    /// HOME for the child, so it never touches the real one.
    _home: tempfile::TempDir,
}

impl Pty {
    /// Runs `threatbench ARGS` in an 80×24 pty. `None` (after saying why) if this machine
    /// cannot open a pty.
    fn spawn(args: &[&str]) -> Option<Pty> {
        Pty::spawn_sized(args, ROWS, COLS)
    }

    /// Runs `threatbench ARGS` in a pty of `rows`×`cols`.
    fn spawn_sized(args: &[&str], rows: u16, cols: u16) -> Option<Pty> {
        let pair = match native_pty_system().openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        }) {
            Ok(pair) => pair,
            Err(e) => {
                eprintln!("skipping: cannot open a pseudo-terminal here: {e}");
                return None;
            }
        };
        let home = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_threatbench"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("HOME", home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.cwd(home.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn threatbench");
        // Only the child holds the slave now, so reads on the master end when it exits.
        drop(pair.slave);
        let pid = child.process_id().expect("child pid") as i32;

        let master = pair.master;
        let fd = master.as_raw_fd().expect("master fd");
        let reader_file = dup(fd);
        let writer = dup(fd);

        let output = Arc::new(Mutex::new(Vec::new()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let (output, parser, stop) = (output.clone(), parser.clone(), stop.clone());
            std::thread::spawn(move || read_loop(reader_file, &output, &parser, &stop))
        };
        Some(Pty {
            master: Some(master),
            writer: Some(writer),
            child,
            pid,
            status: None,
            output,
            parser,
            stop,
            reader: Some(reader),
            _home: home,
        })
    }

    fn pid(&self) -> i32 {
        self.pid
    }

    /// Types bytes into the terminal.
    fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is still open");
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().unwrap();
    }

    /// What the screen shows now, as text.
    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Everything the child wrote so far.
    fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Waits until the screen satisfies `ready`; panics with the screen after `TIMEOUT`.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                let status = self.try_wait();
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; child {}; screen:\n{screen}",
                    match status {
                        Some(s) => format!("exited: {s}"),
                        None => "still running".into(),
                    }
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen contains `text`.
    fn wait_for_text(&mut self, text: &str) -> String {
        self.wait_for(&format!("{text:?} on screen"), |s| s.contains(text))
    }

    fn try_wait(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("try_wait");
        }
        self.status.clone()
    }

    /// Waits up to `timeout` for the child to exit; then lets the reader drain what the
    /// child wrote last.
    fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_wait() {
                self.finish_reading();
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    /// After the child exited: the reader sees EIO once the pty is drained. Give it a
    /// moment, then stop it in any case.
    fn finish_reading(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.reader.as_ref().is_some_and(|r| !r.is_finished()) && Instant::now() < deadline {
            std::thread::sleep(POLL);
        }
        self.stop_reader();
    }

    fn stop_reader(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
    }

    /// Closes every descriptor of the master side, as when a terminal window is closed:
    /// the child gets SIGHUP and its terminal reads and writes fail.
    fn hang_up(&mut self) {
        self.stop_reader();
        self.writer = None;
        self.master = None;
    }

    /// The pty's current termios local flags (shared by master and slave).
    fn local_flags(&self) -> Option<libc::tcflag_t> {
        let fd = self.master.as_ref()?.as_raw_fd()?;
        // SAFETY: tcgetattr fills a plain C struct; fd is open for the life of `master`.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            (libc::tcgetattr(fd, &mut t) == 0).then_some(t.c_lflag)
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.try_wait().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop_reader();
    }
}

fn dup(fd: i32) -> File {
    // SAFETY: dup of a descriptor we hold; the new one is owned by the File.
    let new = unsafe { libc::dup(fd) };
    assert!(new >= 0, "dup: {}", std::io::Error::last_os_error());
    unsafe { File::from_raw_fd(new) }
}

/// Reads the master side until the child is gone (EIO) or `stop` is set, polling so that
/// `stop` is noticed even when nothing arrives.
fn read_loop(
    mut file: File,
    output: &Mutex<Vec<u8>>,
    parser: &Mutex<vt100::Parser>,
    stop: &AtomicBool,
) {
    let mut buf = [0u8; 8192];
    while !stop.load(Ordering::SeqCst) {
        let mut pfd = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut pfd, 1, 25) };
        if ready <= 0 {
            continue; // timeout or EINTR
        }
        match file.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                output.lock().unwrap().extend_from_slice(&buf[..n]);
                parser.lock().unwrap().process(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return, // EIO: the slave side is closed
        }
    }
}

/// A fresh session made with `new --no-open`; returns its path.
fn new_session(dir: &Path, title: &str) -> PathBuf {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_threatbench"))
        .args(["new", title, "--dir"])
        .arg(dir)
        .arg("--no-open")
        .env("HOME", dir)
        .output()
        .expect("run threatbench new --no-open");
    assert!(out.status.success(), "new --no-open failed: {out:?}");
    let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(path.is_file(), "new printed {path:?}, which is not a file");
    path
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Waits until everything the child wrote is read and shows the terminal restored; asserts
/// it (with the last bytes) after the timeout.
fn wait_until_restored(pty: &Pty) {
    let deadline = Instant::now() + TIMEOUT;
    let restored = |output: &[u8]| {
        rfind(output, ENTER_ALTERNATE_SCREEN).is_some_and(|start| {
            RESTORE
                .iter()
                .all(|(_, seq)| find(&output[start..], seq).is_some())
        })
    };
    while !restored(&pty.output()) && Instant::now() < deadline {
        std::thread::sleep(POLL);
    }
    assert_terminal_restored(&pty.output());
}

/// Asserts that, after the last time the child entered the alternate screen (that is, after
/// the last frame), it wrote every restore sequence.
fn assert_terminal_restored(output: &[u8]) {
    let start = rfind(output, ENTER_ALTERNATE_SCREEN)
        .expect("the child never entered the alternate screen");
    let tail = &output[start..];
    for (what, seq) in RESTORE {
        assert!(
            find(tail, seq).is_some(),
            "no {what} ({:?}) after the last frame; the last 400 bytes were:\n{:?}",
            String::from_utf8_lossy(seq),
            String::from_utf8_lossy(&output[output.len().saturating_sub(400)..]),
        );
    }
}

/// Asserts that raw mode was left: canonical input and echo are back on the pty.
fn assert_cooked(pty: &Pty) {
    if let Some(lflag) = pty.local_flags() {
        assert!(
            lflag & libc::ICANON != 0 && lflag & libc::ECHO != 0,
            "the pty was left in raw mode (c_lflag = {lflag:#o})"
        );
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The RON of one element, as the store writes it.
fn element(id: &str, kind: &str, name: &str) -> String {
    format!(
        "        Element(\n            id: \"{id}\",\n            kind: {kind},\n            name: \"{name}\","
    )
}

/// From the "External entities" heading of a new session: adds Customer (E1), Refund API
/// (E2) and the flow "refund request" between them (E3), checking each step on screen.
fn capture_small_scope(pty: &mut Pty) {
    wait_for_cursor_on(pty, "External entities");
    pty.send(b"a");
    wait_for_form(pty, "Add external entity");
    pty.send(b"Customer");
    wait_for_typed(pty, "Customer");
    pty.send(CTRL_S);
    pty.wait_for_text("External entities (1)");
    wait_for_cursor_on(pty, "E1 Customer");

    // Rows: 0 External entities, 1 E1 Customer (cursor), 2 Processes.
    pty.send(DOWN);
    wait_for_cursor_on(pty, "Processes");
    pty.send(b"a");
    wait_for_form(pty, "Add process");
    pty.send(b"Refund API");
    wait_for_typed(pty, "Refund API");
    pty.send(CTRL_S);
    pty.wait_for_text("Processes (1)");
    wait_for_cursor_on(pty, "E2 Refund API");

    // Rows: 2 Processes, 3 E2 Refund API (cursor), 4 Data stores, 5 Data flows.
    pty.send(DOWN);
    wait_for_cursor_on(pty, "Data stores");
    pty.send(DOWN);
    wait_for_cursor_on(pty, "Data flows");
    pty.send(b"a");
    let form = wait_for_form(pty, "Add data flow");
    assert!(
        form.contains("‹ E1 Customer ›") && form.contains("‹ E2 Refund API ›"),
        "From/To should default to the first two elements:\n{form}"
    );
    pty.send(b"refund request");
    wait_for_typed(pty, "refund request");
    pty.send(CTRL_S);
    pty.wait_for_text("Data flows (1)");
}

/// Waits until the form titled `title` is drawn down to its bottom line of hints, and
/// returns the screen.
fn wait_for_form(pty: &mut Pty, title: &str) -> String {
    pty.wait_for(&format!("the form {title:?}"), |s| {
        s.contains(title) && s.contains("Ctrl-s save · Esc cancel")
    })
}

/// The screen row (0-based) showing the cursor's detail pane title.
const DETAIL_TITLE_ROW: usize = 3;

/// Waits until the detail pane (right half) is about `title`, i.e. the list cursor is on
/// the header or item named `title`.
fn wait_for_cursor_on(pty: &mut Pty, title: &str) {
    pty.wait_for(&format!("the cursor on {title:?}"), |s| {
        s.lines()
            .nth(DETAIL_TITLE_ROW)
            .is_some_and(|row| row.contains(&format!("││{title} ")))
    });
}

#[test]
fn create_a_session_add_two_elements_and_a_flow_then_quit() {
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let Some(mut pty) = Pty::spawn(&["new", "Pty Demo", "--dir", dir_arg, "--agenda", "45"]) else {
        return;
    };
    let path = dir.path().join("pty-demo.ron");

    // The list, top to bottom, and the cursor on the first row. (Wait for the whole list:
    // a frame may arrive in more than one read.)
    let order = [
        "External entities (0)",
        "Processes (0)",
        "Data stores (0)",
        "Data flows (0)",
        "Trust boundaries (0)",
        "Third-party components (0)",
        "Assets",
        "Assumptions",
        "Participants",
    ];
    let screen = pty.wait_for("the title and the whole list", |s| {
        s.contains("Pty Demo") && order.iter().all(|h| s.contains(h))
    });
    let rows: Vec<usize> = order
        .iter()
        .map(|h| {
            screen
                .lines()
                .position(|l| l.contains(h))
                .unwrap_or_else(|| panic!("no {h:?} in the list:\n{screen}"))
        })
        .collect();
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "groups out of order {rows:?}:\n{screen}"
    );
    capture_small_scope(&mut pty);
    // The list row says where the flow goes. At 80 columns the left pane is 38 wide and
    // cuts the row short (with an ellipsis), so only the part that fits is checked there;
    // the detail pane names both ends in full.
    pty.wait_for("the flow row with its ends in the list", |s| {
        s.lines()
            .any(|l| l.starts_with("│  E3 refund request  Customer → Refun"))
    });
    pty.wait_for("the flow's ends in the detail pane", |s| {
        s.contains("from       E1 Customer") && s.contains("to         E2 Refund API")
    });

    pty.send(b"q");
    let status = pty.wait_exit(TIMEOUT).expect("q did not end the program");
    assert!(status.success(), "q exited with {status}");

    let text = read(&path);
    for (id, kind, name) in [
        ("E1", "ExternalEntity", "Customer"),
        ("E2", "Process", "Refund API"),
    ] {
        assert!(
            text.contains(&element(id, kind, name)),
            "no {kind} {id} {name:?} in the file:\n{text}"
        );
    }
    assert!(
        text.contains(
            "            id: \"E3\",\n            kind: DataFlow(\n                from: \"E1\",\n                to: \"E2\","
        ),
        "no data flow E3 from E1 to E2 in the file:\n{text}"
    );
    assert!(
        text.contains("name: \"refund request\""),
        "no flow name:\n{text}"
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "session file mode is {mode:o}");

    let output = pty.output();
    assert_terminal_restored(&output);
    assert_cooked(&pty);
    // `new` prints the path of the file it made.
    assert!(
        find(&output, path.to_str().unwrap().as_bytes()).is_some(),
        "new did not print {}",
        path.display()
    );
}

#[test]
fn sigterm_in_the_middle_of_an_edit_saves_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "Signals");
    let Some(mut pty) = Pty::spawn(&[path.to_str().unwrap()]) else {
        return;
    };
    pty.wait_for_text("External entities (0)");
    pty.send(b"a");
    wait_for_form(&mut pty, "Add external entity");
    pty.send(b"Half typed");
    pty.wait_for_text("Half typed");

    // SAFETY: kill(2) on our own child, which has not been reaped yet.
    assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGTERM) }, 0);
    let status = pty
        .wait_exit(TIMEOUT)
        .expect("SIGTERM did not end the program");
    assert_eq!(
        (status.exit_code(), status.signal()),
        (143, None),
        "SIGTERM should exit with status 128+15 after saving, got {status}"
    );

    let text = read(&path);
    assert!(
        text.contains(&element("E1", "ExternalEntity", "Half typed")),
        "the open form was not saved on SIGTERM:\n{text}"
    );
    assert_terminal_restored(&pty.output());
    assert_cooked(&pty);
}

#[test]
fn pasted_text_lands_in_the_field_and_never_runs_as_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "Paste");
    let Some(mut pty) = Pty::spawn(&[path.to_str().unwrap()]) else {
        return;
    };
    pty.wait_for_text("External entities (0)");

    // A paste on the list, not in a form: ignored. As keys, `q` would quit, `a` would open
    // a form and `]` would move to the next phase.
    pty.send(b"\x1b[200~q]a\x1b[201~");
    // A key after it, to know the paste was handled: `a` opens an empty form.
    pty.send(b"a");
    let form = wait_for_form(&mut pty, "Add external entity");
    assert!(
        form.contains("a short name, e.g. Customer"),
        "the name field should be empty (showing its hint):\n{form}"
    );
    assert!(
        form.contains("─ Scope ") && pty.try_wait().is_none(),
        "the paste on the list ran as keys:\n{form}"
    );

    // A paste in the name field is text, quit and phase keys included.
    let pasted = "quit: q ] 1";
    pty.send(format!("\x1b[200~{pasted}\x1b[201~").as_bytes());
    pty.wait_for("the pasted text in the name field", |s| {
        s.contains("Add external entity") && s.contains(pasted)
    });
    assert!(pty.try_wait().is_none(), "the paste ended the program");
    pty.send(CTRL_S);
    pty.wait_for_text(&format!("E1 {pasted}"));
    pty.wait_for_text("External entities (1)");

    pty.send(b"q");
    let status = pty.wait_exit(TIMEOUT).expect("q did not end the program");
    assert!(status.success(), "q exited with {status}");
    let text = read(&path);
    assert!(
        text.contains(&element("E1", "ExternalEntity", pasted)),
        "the element named by the paste is not in the file:\n{text}"
    );
    assert!(
        !text.contains("id: \"E2\""),
        "the paste created more than one element:\n{text}"
    );
    assert_terminal_restored(&pty.output());
}

/// utime + stime of a process, in seconds, and whether it has exited (is a zombie). `None`
/// once it is gone or where /proc is not there.
fn cpu_and_zombie(pid: i32) -> Option<(f64, bool)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields from `state` (3rd in proc(5)) on: utime is the 14th, stime the 15th.
    let zombie = fields.first()? == &"Z";
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some(((utime + stime) as f64 / ticks, zombie))
}

/// Opens a fresh session in a pty and adds the external entity `name` through the form,
/// ending on the list (where the cursor is hidden). `None` if there is no pty.
fn session_with_one_element(dir: &Path, name: &str) -> Option<(Pty, PathBuf)> {
    let path = new_session(dir, "Hang up");
    let mut pty = Pty::spawn(&[path.to_str().unwrap()])?;
    pty.wait_for_text("External entities (0)");
    pty.send(b"a");
    wait_for_form(&mut pty, "Add external entity");
    pty.send(name.as_bytes());
    pty.wait_for_text(name);
    pty.send(CTRL_S);
    pty.wait_for_text(&format!("E1 {name}"));
    pty.wait_for_text("External entities (1)");
    Some((pty, path))
}

/// How a hang-up ended.
struct HangUp {
    /// The exit status, if the child exited within the limit.
    status: Option<ExitStatus>,
    /// How long after the hang-up it had exited.
    exited_after: Option<Duration>,
    /// CPU seconds the child used between the hang-up and its exit (or the limit).
    cpu: Option<f64>,
}

/// Closes the terminal and waits up to `limit` for the child to exit, without reaping it
/// early, so that its CPU time can still be read from /proc while it is a zombie.
fn hang_up_and_watch(pty: &mut Pty, limit: Duration) -> HangUp {
    let pid = pty.pid();
    let cpu_before = cpu_and_zombie(pid).map(|(cpu, _)| cpu);
    let closed = Instant::now();
    pty.hang_up();
    let mut cpu_after = None;
    let mut exited_after = None;
    while closed.elapsed() < limit {
        match cpu_and_zombie(pid) {
            Some((cpu, zombie)) => {
                cpu_after = Some(cpu);
                if zombie {
                    exited_after = Some(closed.elapsed());
                    break;
                }
            }
            None => {
                // No /proc here: fall back to waiting (which reaps).
                if pty.try_wait().is_some() {
                    exited_after = Some(closed.elapsed());
                    break;
                }
            }
        }
        std::thread::sleep(POLL);
    }
    let status = match exited_after {
        Some(_) => pty.wait_exit(TIMEOUT),
        None => pty.try_wait(),
    };
    HangUp {
        status,
        exited_after,
        cpu: cpu_before.zip(cpu_after).map(|(b, a)| a - b),
    }
}

#[test]
fn closing_the_terminal_saves_and_exits_without_spinning() {
    let dir = tempfile::tempdir().unwrap();
    let name = "Hangup Item";
    let Some((mut pty, path)) = session_with_one_element(dir.path(), name) else {
        return;
    };
    // Hang up at once, usually before the 1-second autosave has run.
    let saved_before = read(&path).contains(name);

    let limit = Duration::from_secs(3);
    let end = hang_up_and_watch(&mut pty, limit);
    eprintln!(
        "hang-up: exited after {:?} with {:?}, using {:?} s CPU (element on disk before: {saved_before})",
        end.exited_after, end.status, end.cpu
    );
    assert!(
        end.exited_after.is_some() && end.status.is_some(),
        "the program kept running {limit:?} after its terminal was closed \
         (CPU used meanwhile: {:?} s)",
        end.cpu
    );
    if let Some(cpu) = end.cpu {
        assert!(
            cpu < 0.5,
            "the program used {cpu:.2} s of CPU in the {:?} between the hang-up and its exit",
            end.exited_after.unwrap()
        );
    }
    let status = end.status.unwrap();
    assert!(
        status.signal().is_none(),
        "a signal killed the program instead of its handler saving: {status}"
    );

    let text = read(&path);
    assert!(
        text.contains(&element("E1", "ExternalEntity", name)),
        "the element is not in the file after the hang-up (it was {}there before):\n{text}",
        if saved_before { "" } else { "not " }
    );
}

/// A hang-up exits with status 129 (128 + SIGHUP), not a panic: ratatui's own clean-up,
/// which reports a failure to show the cursor with `eprintln!` and so panicked on the dead
/// terminal, is no longer run (the workbench's guard restores the terminal itself).
#[test]
fn closing_the_terminal_exits_with_status_129_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let Some((mut pty, _path)) = session_with_one_element(dir.path(), "Hangup Item") else {
        return;
    };
    let end = hang_up_and_watch(&mut pty, Duration::from_secs(3));
    let status = end
        .status
        .expect("the program did not exit after the hang-up");
    assert_eq!(
        (status.exit_code(), status.signal()),
        (129, None),
        "a hang-up should save and exit with 128+SIGHUP, got {status}"
    );
}

/// Waits until the side pane's title (in its top border) is `title`: in the threat grid,
/// "E2 Refund API · Repudiation" says which cell the cursor is on.
fn wait_for_pane(pty: &mut Pty, title: &str) -> String {
    pty.wait_for(&format!("the side pane titled {title:?}"), |s| {
        s.lines().any(|l| l.contains(&format!("┌ {title} ─")))
    })
}

/// Counts the non-overlapping occurrences of `needle` in `text`.
fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

/// Waits until `text`, typed into a form field, is on screen as typed text, not as part of
/// a field's example hint ("e.g. Amount altered in transit").
fn wait_for_typed(pty: &mut Pty, text: &str) {
    pty.wait_for(&format!("{text:?} typed into the form"), |s| {
        s.lines()
            .any(|l| l.contains(text) && !l.contains(&format!("e.g. {text}")))
    });
}

#[test]
fn walk_all_four_phases_with_the_keyboard_alone() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let Some(mut pty) = Pty::spawn_sized(
        &["new", "Walk", "--dir", dir_arg, "--agenda", "45"],
        30,
        100,
    ) else {
        return;
    };
    let path = dir.path().join("walk.ron");

    // 1 Scope: Customer (E1), Refund API (E2), and the flow between them (E3).
    pty.wait_for("the scope list", |s| {
        s.contains("Walk") && s.contains("Participants (0)")
    });
    capture_small_scope(&mut pty);
    wait_for_cursor_on(&mut pty, "E3 refund request");

    // 2 Threats: the cursor starts on the first live cell not yet considered.
    pty.send(b"2");
    pty.wait_for_text("What can go wrong?");
    wait_for_pane(&mut pty, "E1 Customer · Spoofing");

    // E1 · Spoofing: considered, nothing found.
    let reason = "SSO handles customer identity";
    pty.send(b"n");
    wait_for_form(&mut pty, "E1 Customer · Spoofing: nothing found");
    pty.send(reason.as_bytes());
    wait_for_typed(&mut pty, reason);
    pty.send(b"\r");
    pty.wait_for("the cell marked considered", |s| {
        s.contains("✓ considered, nothing found") && s.contains("coverage 1/11")
    });

    // Tab walks on to E1 · Repudiation (E1's next live cell); `j` goes down to E2 in the
    // same column. A threat there (T1).
    pty.send(b"\t");
    wait_for_pane(&mut pty, "E1 Customer · Repudiation");
    pty.send(DOWN);
    wait_for_pane(&mut pty, "E2 Refund API · Repudiation");
    let t1 = "Forged refund approval";
    pty.send(b"a");
    wait_for_form(&mut pty, "New threat · E2 Refund API · Repudiation");
    pty.send(t1.as_bytes());
    wait_for_typed(&mut pty, t1);
    pty.send(CTRL_S);
    pty.wait_for_text(&format!("T1 {t1}"));
    pty.wait_for_text("coverage 2/11");

    // Down to the flow (Repudiation does not apply to it), left to Tampering: T2.
    pty.send(DOWN);
    wait_for_pane(&mut pty, "E3 refund request · Repudiation");
    pty.send(b"h");
    wait_for_pane(&mut pty, "E3 refund request · Tampering");
    let t2 = "Amount altered in transit";
    pty.send(b"a");
    wait_for_form(&mut pty, "New threat · E3 refund request · Tampering");
    pty.send(t2.as_bytes());
    wait_for_typed(&mut pty, t2);
    pty.send(CTRL_S);
    pty.wait_for_text(&format!("T2 {t2}"));
    pty.wait_for_text("coverage 3/11");

    // 3 Decisions: mark both threats, one decision for the two.
    pty.send(b"3");
    pty.wait_for("both threats undecided", |s| {
        s.contains("What are we going to do about it?")
            && s.contains("2 threats · 2 undecided · 0 marked")
    });
    pty.send(b" ");
    pty.wait_for_text("1 marked");
    pty.send(b"j "); // Space marks the threat under the cursor; j moves on
    pty.wait_for_text("2 marked");
    pty.send(b"\r");
    let form = wait_for_form(&mut pty, "New decision");
    assert!(
        form.contains(&format!("[x] T1 {t1}")) && form.contains(&format!("[x] T2 {t2}")),
        "the new decision should answer both marked threats:\n{form}"
    );
    let summary = "Sign refund requests";
    pty.send(summary.as_bytes());
    wait_for_typed(&mut pty, summary);
    pty.send(CTRL_S);
    pty.wait_for("the decision saved", |s| {
        s.contains("2 threats · 0 undecided") && s.contains("D1 mitigate")
    });

    // Park a point (from the Decisions phase).
    let point = "Who rotates the webhook secret?";
    pty.send(b"P");
    wait_for_form(&mut pty, "Parking lot");
    pty.send(point.as_bytes());
    wait_for_typed(&mut pty, point);
    pty.send(b"\r");
    pty.wait_for_text("parked (1 in the parking lot)");

    // 4 Review.
    pty.send(b"4");
    let review = pty.wait_for("the review", |s| {
        s.contains("Did we do a good job?")
            && s.contains("Parking lot (1)")
            && s.contains("Undecided threats")
    });
    assert!(
        review.contains("Undecided threats: 0"),
        "the review should count no undecided threats:\n{review}"
    );
    assert!(
        review.contains(&format!("• {point}")),
        "the review should list the parked point:\n{review}"
    );

    pty.send(b"q");
    let status = pty.wait_exit(TIMEOUT).expect("q did not end the program");
    assert!(status.success(), "q exited with {status}");

    let text = read(&path);
    assert_eq!(count(&text, "Threat("), 2, "expected two threats:\n{text}");
    for (id, element, category, title) in [
        ("T1", "E2", "Repudiation", t1),
        ("T2", "E3", "Tampering", t2),
    ] {
        let threat = format!(
            "        Threat(\n            id: \"{id}\",\n            element: \"{element}\",\n            \
             category: {category},\n            title: \"{title}\","
        );
        assert!(
            text.contains(&threat),
            "no threat {id} {title:?} on {element} · {category} in the file:\n{text}"
        );
    }
    assert!(
        text.contains(&format!(
            "        Considered(\n            element: \"E1\",\n            category: Spoofing,\n            \
             note: \"{reason}\","
        )),
        "no E1 · Spoofing considered with the reason in the file:\n{text}"
    );
    assert_eq!(
        count(&text, "Decision("),
        1,
        "expected one decision:\n{text}"
    );
    assert!(
        text.contains(
            "            threats: [\n                \"T1\",\n                \"T2\",\n            ],"
        ),
        "the decision should answer T1 and T2:\n{text}"
    );
    assert!(
        text.contains(&format!("summary: \"{summary}\"")),
        "no decision summary in the file:\n{text}"
    );
    assert!(
        text.contains(&format!(
            "        ParkingItem(\n            text: \"{point}\","
        )),
        "no parked point in the file:\n{text}"
    );

    assert_terminal_restored(&pty.output());
    assert_cooked(&pty);
    eprintln!("walked all four phases in {:?}", started.elapsed());
}

/// The state letter of a process in /proc (`T` when stopped); `None` off Linux.
fn process_state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: the state follows the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

fn wait_for_state(pid: i32, want: char) -> bool {
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        match process_state(pid) {
            Some(state) if state == want => return true,
            None => return false,
            Some(_) => std::thread::sleep(POLL),
        }
    }
    false
}

#[test]
fn sigusr1_saves_and_restores_the_terminal_instead_of_killing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), "Usr1");
    let Some(mut pty) = Pty::spawn(&[path.to_str().unwrap()]) else {
        return;
    };
    pty.wait_for_text("External entities (0)");
    pty.send(b"a");
    wait_for_form(&mut pty, "Add external entity");
    pty.send(b"Kept");
    pty.wait_for_text("Kept");
    // SAFETY: kill(2) on our own child, which has not been reaped yet.
    assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGUSR1) }, 0);
    let status = pty.wait_exit(TIMEOUT).expect("SIGUSR1 did not end it");
    assert_eq!(status.exit_code(), 128 + 10, "{status}");
    assert!(read(&path).contains(&element("E1", "ExternalEntity", "Kept")));
    assert_terminal_restored(&pty.output());
    assert_cooked(&pty);
}

/// Stops the workbench with `stop`, checks the terminal was given back, continues it as
/// `fg` does and checks it drew its whole screen again; then quits.
fn suspend_and_resume(title: &str, stop: impl Fn(&mut Pty)) {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path(), title);
    let Some(mut pty) = Pty::spawn(&[path.to_str().unwrap()]) else {
        return;
    };
    pty.wait_for_text("External entities (0)");
    let before = pty.output().len();
    stop(&mut pty);
    if !wait_for_state(pty.pid(), 'T') {
        if process_state(pty.pid()).is_none() {
            eprintln!("skipping: no /proc to watch the process state");
            return;
        }
        panic!("the workbench did not stop");
    }
    // Stopped with the terminal given back: usable by the shell. The child wrote the
    // restore sequences before it stopped; our reader thread may not have read them yet
    // on a busy machine, so give it until the timeout.
    wait_until_restored(&pty);
    assert_cooked(&pty);
    // fg: SIGCONT. The workbench enters its screen again and draws all of it.
    // SAFETY: kill(2) on our own child, which has not been reaped yet.
    assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGCONT) }, 0);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let output = pty.output();
        let entered = rfind(&output, ENTER_ALTERNATE_SCREEN).is_some_and(|at| at > before);
        let redrawn = String::from_utf8_lossy(&output[before..]).contains("External entities");
        if entered && redrawn {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "fg did not bring the screen back: state {:?}, {:?}",
            process_state(pty.pid()),
            String::from_utf8_lossy(&output[before..(before + 700).min(output.len())])
        );
        std::thread::sleep(POLL);
    }
    pty.send(b"q");
    let status = pty.wait_exit(TIMEOUT).expect("q after fg did not quit");
    assert_eq!(status.exit_code(), 0, "{status}");
    assert_terminal_restored(&pty.output());
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_brings_the_workbench_back() {
    // Ctrl-z is a key in raw mode.
    suspend_and_resume("Ctrl-z", |pty| pty.send(b"\x1a"));
}

#[test]
fn sigtstp_gives_the_terminal_back_and_fg_brings_the_workbench_back() {
    suspend_and_resume("Tstp", |pty| {
        // SAFETY: kill(2) on our own child, which has not been reaped yet.
        assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGTSTP) }, 0);
    });
}

/// A session whose saves fail (a file where its folder was), with one unsaved edit; then
/// `end` ends the workbench. Returns the exit code, what it said, and the recovery files'
/// text.
fn end_while_saves_fail(end: impl Fn(&mut Pty)) -> Option<(Option<i32>, String, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sub");
    std::fs::create_dir(&folder).unwrap();
    let path = new_session(&folder, "Disk full");
    let mut pty = Pty::spawn(&[path.to_str().unwrap()])?;
    pty.wait_for_text("External entities (0)");
    // Every save fails from now on, for root too.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "not a folder").unwrap();
    pty.send(b"P");
    wait_for_form(&mut pty, "Parking lot");
    pty.send(b"rotate the webhook secret\r");
    pty.wait_for_text("NOT SAVED");
    end(&mut pty);
    let status = pty.wait_exit(TIMEOUT).expect("it did not end");
    let said = String::from_utf8_lossy(&pty.output()).into_owned();
    assert_terminal_restored(&pty.output());
    let recovery = pty._home.path().join(".local/share/threatbench/recovery");
    // Read here: the child's HOME goes with `pty`.
    let files = std::fs::read_dir(&recovery)
        .map(|dir| dir.map(|e| read(&e.unwrap().path())).collect())
        .unwrap_or_default();
    Some((Some(status.exit_code() as i32), said, files))
}

#[test]
fn a_signal_while_saves_fail_keeps_the_edit_in_a_recovery_file() {
    let Some((code, said, files)) = end_while_saves_fail(|pty| {
        // SAFETY: kill(2) on our own child, which has not been reaped yet.
        assert_eq!(unsafe { libc::kill(pty.pid(), libc::SIGTERM) }, 0);
    }) else {
        return;
    };
    assert_eq!(code, Some(143));
    assert!(
        said.contains("they are kept in"),
        "nothing said on stderr:\n{said}"
    );
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].contains("rotate the webhook secret"));
}

#[test]
fn quitting_without_saving_keeps_the_edit_and_does_not_claim_success() {
    let Some((code, said, files)) = end_while_saves_fail(|pty| pty.send(b"Q")) else {
        return;
    };
    assert_eq!(code, Some(1), "Q after a failed save is no success");
    assert!(
        said.contains("they are kept in"),
        "nothing said on stderr:\n{said}"
    );
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].contains("rotate the webhook secret"));
}
