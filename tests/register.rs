//! `threatbench register` run as a user runs it: goldens of every format on a small corpus
//! of teams (a shared package and supplier, an overdue and a due-soon acceptance, a stale
//! session, sessions below the policy's coverage, a broken file), exit codes, CSV that parses
//! back, hostile text made inert in every format, and a session made by `new`.

use std::path::{Path, PathBuf};

mod common;

use chrono::NaiveDate;
use threatbench::model::{Category, Edit, ElementDraft, ElementKind, ThreatDraft};
use threatbench::store;

use common::run::threatbench;

/// The day the goldens are judged as of.
const AS_OF: &str = "2027-02-01";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/register")
        .join(path)
}

/// Copies `from` into `to`, folders and all.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A repository (a folder with `.git`) holding the fixture corpus: `threatbench.ron` and
/// `teams/…`.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    copy_tree(&fixture(""), dir.path());
    dir
}

/// `register teams --as-of AS_OF` plus `args` in `dir`.
fn register(dir: &Path, args: &[&str]) -> std::process::Output {
    threatbench(dir)
        .args(["register", "teams", "--as-of", AS_OF])
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The HTML page without the generator line, whose version changes with every release.
fn without_version(html: &str) -> String {
    html.lines()
        .filter(|l| !l.starts_with("<meta name=\"generator\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn markdown_golden() {
    let dir = corpus();
    let output = register(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    insta::assert_snapshot!("markdown", stdout(&output));
}

#[test]
fn csv_golden() {
    let dir = corpus();
    let output = register(dir.path(), &["--format", "csv"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = stdout(&output);
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'));
    // Lines end in CRLF (RFC 4180); the golden keeps LF so that git leaves it alone.
    insta::assert_snapshot!("csv", text.replace("\r\n", "\n"));
}

#[test]
fn json_golden() {
    let dir = corpus();
    let output = register(dir.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = stdout(&output);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema"], "threatbench-register/1");
    assert_eq!(doc["as_of"], AS_OF);
    insta::assert_snapshot!("json", text);
}

#[test]
fn html_golden() {
    let dir = corpus();
    let output = register(dir.path(), &["--format", "html"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let html = stdout(&output);
    for remote in ["http://", "https://", "<script", "<link", "@import", "url("] {
        assert!(!html.contains(remote), "{remote}");
    }
    insta::assert_snapshot!("html", without_version(&html));
}

#[test]
fn the_same_files_give_the_same_bytes() {
    let dir = corpus();
    for format in ["markdown", "csv", "json", "html"] {
        let first = register(dir.path(), &["--format", format]);
        let second = register(dir.path(), &["--format", format]);
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}

#[test]
fn an_unreadable_file_is_listed_reported_and_fails_at_the_end() {
    let dir = corpus();
    let output = register(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains("## Unreadable files"), "{out}");
    assert!(
        out.contains("| teams/broken.ron | line 4, column 14: Expected integer |"),
        "{out}"
    );
    // The register went on: every readable session is in it.
    assert!(
        out.starts_with(
            "# Risk register\n\n3 sessions, 16 threats, 5 undecided, 1 unreadable file;"
        )
    );
    let err = stderr(&output);
    assert!(err.contains("teams/broken.ron: line 4, column 14"), "{err}");
}

#[test]
fn exit_codes() {
    let dir = corpus();
    std::fs::remove_file(dir.path().join("teams/broken.ron")).unwrap();
    let output = register(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(stderr(&output).is_empty(), "{output:?}");

    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let output = threatbench(dir.path())
        .args(["register", "empty"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(stderr(&output).contains("no session files"));

    let output = threatbench(dir.path())
        .args(["register", "teams", "--format", "pdf"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

#[test]
fn stale_days_overrides_the_policy() {
    let dir = corpus();
    let out = stdout(&register(dir.path(), &["--stale-days", "30"]));
    assert!(
        out.contains("### Sessions not updated for more than 30 days"),
        "{out}"
    );
    // Checkout (48 days) and the refund API (73 days) are now stale too.
    let stale = out.split("### Sessions not updated").nth(1).unwrap();
    let stale = stale.split("###").next().unwrap();
    for title in ["Search", "Refund API", "Checkout"] {
        assert!(stale.contains(&format!("| {title} (")), "{title}: {stale}");
    }
}

/// Splits CSV text into records of fields, honouring quotes (RFC 4180).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && record.is_empty(), "no CRLF at the end");
    records
}

#[test]
fn csv_parses_back_to_one_record_per_threat() {
    let dir = corpus();
    let records = parse_csv(&stdout(&register(dir.path(), &["--format", "csv"])));
    assert_eq!(records.len(), 17);
    assert!(records.iter().all(|r| r.len() == 20));
    assert_eq!(records[0][0], "session");
    let first = &records[1];
    assert_eq!(first[0], "teams/checkout/checkout.ron");
    assert_eq!(first[6], "T3");
    assert_eq!(first[14], "undecided");
    let two = records
        .iter()
        .find(|r| r[6] == "T2" && r[1] == "Checkout")
        .unwrap();
    assert_eq!(two[14], "transfer; mitigate");
    assert_eq!(two[15], "D2; D3");
    assert_eq!(two[16], "Ana Lopez; ");
}

/// A repository holding one session with hostile text where the register shows it.
fn hostile_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    let mut s = common::hostile();
    s.title = "=cmd|' /C calc'!A0 <script>alert(1)</script>".into();
    s.threats[0].title = "<script>alert(1)</script> | pipe\nsecond line".into();
    s.threats[1].title = "=HYPERLINK(\"http://evil.example\")".into();
    let threatened = s.threats[0].element.clone();
    for e in s.elements.iter_mut().filter(|e| e.id == threatened) {
        e.name = "+SUM(A1) | cell".into();
    }
    for d in &mut s.decisions {
        d.owner = Some("@owner <b>x</b>\nnext".into());
        d.ticket = Some("-1+1".into());
    }
    std::fs::write(
        dir.path().join("teams/hostile.ron"),
        store::to_ron(&s).unwrap(),
    )
    .unwrap();
    dir
}

#[test]
fn hostile_text_is_inert_in_every_format() {
    let dir = hostile_repo();
    let run = |format: &str| {
        let output = register(dir.path(), &["--format", format]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        stdout(&output)
    };

    let md = run("markdown");
    assert!(!md.contains("<script>"), "{md}");
    assert!(!md.contains("<b>"), "{md}");
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        // Every table row has as many unescaped pipes as its header: no cell broke out.
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 12 || cells <= 7, "{cells}: {line}");
    }
    assert!(
        md.contains("\\<script\\>alert(1)\\</script\\> \\| pipe second line"),
        "{md}"
    );

    let html = run("html");
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | pipe\nsecond line"));
    assert!(html.contains("@owner &lt;b&gt;x&lt;/b&gt;"));

    let json = run("json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let titles: Vec<&str> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"<script>alert(1)</script> | pipe\nsecond line"));

    let records = parse_csv(&run("csv"));
    let cells: Vec<&String> = records.iter().skip(1).flatten().collect();
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "formula: {cell:?}"
        );
    }
    assert!(
        cells
            .iter()
            .any(|c| *c == "'=cmd|' /C calc'!A0 <script>alert(1)</script>")
    );
    assert!(
        cells
            .iter()
            .any(|c| *c == "'=HYPERLINK(\"http://evil.example\")")
    );
    assert!(cells.iter().any(|c| c.starts_with("'+SUM(A1)")));
    assert!(cells.iter().any(|c| c.starts_with("'-1+1")));
    assert!(
        cells
            .iter()
            .any(|c| *c == "<script>alert(1)</script> | pipe\nsecond line")
    );
}

#[test]
fn a_session_made_by_new_and_edited_through_the_model_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let output = threatbench(dir.path())
        .args(["new", "Made here", "--no-open", "--dir", "sessions"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let path = PathBuf::from(stdout(&output).trim());
    let path = if path.is_absolute() {
        path
    } else {
        dir.path().join(path)
    };
    let mut session = store::load(&path).unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    session
        .apply(
            Edit::AddElement(ElementDraft {
                name: "Ledger".into(),
                kind: ElementKind::ThirdParty {
                    supplier: "Acme".into(),
                    version: Some("2.0".into()),
                    purl: Some("pkg:cargo/ledger@2.0".into()),
                },
                notes: String::new(),
            }),
            today,
        )
        .unwrap();
    let element = session.elements[0].id.clone();
    session
        .apply(
            Edit::AddThreat {
                element,
                category: Category::Tampering,
                draft: ThreatDraft {
                    title: "Ledger entries rewritten".into(),
                    likelihood: Some(3),
                    impact: Some(5),
                    ..ThreatDraft::default()
                },
            },
            today,
        )
        .unwrap();
    std::fs::write(&path, store::to_ron(&session).unwrap()).unwrap();

    let output = threatbench(dir.path())
        .args(["register", "sessions", "--format", "json", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let row = &doc["rows"][0];
    assert_eq!(row["session_title"], "Made here");
    assert_eq!(row["title"], "Ledger entries rewritten");
    assert_eq!(row["element"]["kind"], "third_party");
    assert_eq!(row["risk"]["score"], 15);
    assert_eq!(row["undecided"], true);
}
