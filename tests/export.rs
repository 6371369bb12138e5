//! Exports: goldens of every flavour on the example and on a session full of hostile text,
//! the GitHub output checked by a real CommonMark/GFM parser, and properties over random
//! sessions: no threat dropped, every part under its tracker's limit, same bytes each time.

mod common;

use std::collections::HashMap;

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use threatbench::export::{self, Context, Flavour, Source};
use threatbench::model::{
    Category, Decision, DecisionKind, DecisionStatus, Element, ElementKind, Grammar, IdKind,
    Participant, Session, Threat,
};

fn example() -> Session {
    threatbench::store::from_bytes(
        std::path::Path::new("x"),
        include_bytes!("../sessions/refund-api.ron"),
    )
    .unwrap()
}

/// The goldens judge accepted risks as of the day the session was saved: pinned, so they
/// do not change with the calendar.
fn context(session: &Session) -> Context {
    Context::of(
        session,
        Source {
            path: "sessions/refund-api.ron".into(),
            sha256: "0".repeat(64),
        },
        session.updated.date_naive(),
    )
}

fn one(session: &Session, flavour: Flavour) -> String {
    let parts = export::render(&context(session), flavour);
    assert_eq!(
        parts.len(),
        1,
        "{flavour}: a small session fits one comment"
    );
    parts.into_iter().next().unwrap()
}

#[test]
fn goldens_of_every_flavour() {
    for flavour in Flavour::ALL {
        insta::assert_snapshot!(format!("example_{flavour}"), one(&example(), flavour));
        insta::assert_snapshot!(
            format!("hostile_{flavour}"),
            one(&common::hostile(), flavour)
        );
    }
}

#[test]
fn the_same_session_gives_the_same_bytes() {
    for flavour in Flavour::ALL {
        assert_eq!(one(&example(), flavour), one(&example(), flavour));
    }
}

fn gfm() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// The characters that start a mention or reference on the tracker `flavour` is for: GitHub
/// acts on `@` `#` (and `$` delimits math); GitLab also on `!` `~` `%` `&`; a Markdown file
/// may be rendered by either.
fn reference_chars(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::Github => "@#$",
        _ => "@#!~%$&",
    }
}

/// What a GFM parser finds in `markdown` (for the tracker of `flavour`) that session text
/// could have caused.
fn check_markdown(markdown: &str, flavour: Flavour) {
    let mut header_cells = 0;
    let mut row_cells = 0;
    let mut in_code_block = false;
    let mut in_head = false;
    for event in Parser::new_ext(markdown, gfm()) {
        match event {
            Event::Start(Tag::Image { .. }) => panic!("an image in the export"),
            Event::Start(Tag::Strikethrough) => panic!("struck-through text in the export"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let id_link = dest_url.len() > 2
                    && dest_url.starts_with('#')
                    && "tdae".contains(&dest_url[1..2])
                    && dest_url[2..].bytes().all(|b| b.is_ascii_digit());
                // The only pages outside: MITRE's, built from a CWE or CAPEC number.
                let mitre = [
                    "https://cwe.mitre.org/data/definitions/",
                    "https://capec.mitre.org/data/definitions/",
                ]
                .iter()
                .any(|host| {
                    dest_url
                        .strip_prefix(host)
                        .and_then(|r| r.strip_suffix(".html"))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                });
                assert!(
                    id_link || mitre,
                    "a link that is not an ID or MITRE link: {dest_url}"
                );
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let s = html.trim();
                let ok = s.starts_with("<a name=\"") && s.ends_with("\"></a>")
                    || s == "</a>"
                    || s.starts_with("<a name=\"");
                assert!(ok, "HTML in the export that is not an anchor: {s:?}");
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::TableHead) => {
                in_head = true;
                header_cells = 0;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => row_cells = 0,
            Event::Start(Tag::TableCell) if in_head => header_cells += 1,
            Event::Start(Tag::TableCell) => row_cells += 1,
            Event::End(TagEnd::TableRow) => {
                assert_eq!(row_cells, header_cells, "a row with another column count")
            }
            Event::Text(text) if !in_code_block => {
                for (i, c) in text.char_indices() {
                    let next = text[i + c.len_utf8()..].chars().next();
                    if reference_chars(flavour).contains(c) {
                        assert!(
                            !next.is_some_and(|n| n.is_alphanumeric()),
                            "a live reference in plain text: {text:?}"
                        );
                    }
                }
                assert!(
                    !text.chars().any(threatbench::text::is_invisible_format),
                    "invisible text: {text:?}"
                );
                // What GitHub and GitLab link after parsing (pulldown-cmark does not).
                let lower = text.to_lowercase();
                for live in [
                    "www.",
                    "http://",
                    "https://",
                    "gh-12",
                    "ghsa-",
                    "a5c3785",
                    "vulnerability:7",
                    "iteration:3",
                ] {
                    assert!(
                        !lower.contains(live),
                        "{live} left live in plain text: {text:?}"
                    );
                }
            }
            _ => {}
        }
    }
    for line in markdown.lines() {
        assert!(
            !line.trim_start().starts_with('/'),
            "a line a GitLab quick action would run: {line}"
        );
    }
}

#[test]
fn hostile_markdown_parses_as_inert_text() {
    for flavour in [Flavour::Github, Flavour::Gitlab, Flavour::Markdown] {
        let out = one(&common::hostile(), flavour);
        check_markdown(&out, flavour);
        check_markdown(&one(&example(), flavour), flavour);
        // The hostile title shows as its literal text, in a code span where needed.
        assert!(
            out.contains("`@channel` \\<img src=x\\> \\| /close"),
            "{out}"
        );
    }
}

/// The text a Markdown parser leaves plain (outside code), one string per run of text;
/// what a tracker's filters see after rendering.
fn plain_text(markdown: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, gfm()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => runs.last_mut().unwrap().push_str(&text),
            _ => runs.push(String::new()),
        }
    }
    runs
}

/// Words both trackers draw as emoji or link as commits, and GitLab's inline diff and
/// commit ranges.
const DRAWN: &str = ":smile: x:tada: :big_smile: :+1: {+ added +} [- removed -] {-gone-} \
[+new+] e75e2f...3a7c41 sha:a5c3785 fix(a5c3785ed8):";

#[test]
fn emoji_inline_diff_and_commit_ranges_stay_inert() {
    let mut session = common::sample();
    session.title = DRAWN.into();
    session.threats[0].title = DRAWN.into();
    // In the review's gaps, a colon follows the name.
    session.elements[0].name = "Customer :smile".into();
    for flavour in [Flavour::Github, Flavour::Gitlab, Flavour::Markdown] {
        let out = one(&session, flavour);
        check_markdown(&out, flavour);
        let mut drawn = vec![":smile:", ":tada:", ":big_smile:", ":+1:", "a5c3785"];
        if flavour != Flavour::Github {
            drawn.extend([
                "{+",
                "+}",
                "[-",
                "-]",
                "{-",
                "-}",
                "[+",
                "+]",
                "e75e2f...3a7c41",
            ]);
        }
        for run in plain_text(&out) {
            for live in &drawn {
                assert!(
                    !run.contains(live),
                    "{flavour}: {live} left live in {run:?}"
                );
            }
        }
    }
}

/// Escape only what the target would read as markup: GitHub shows `&`, `!3`, `%m` and `~5`
/// as typed, so they stay plain text there (not code spans), and Jira shows a needless
/// backslash, so `SEC-101` and `(email)` stay as typed. Everything that is markup stays
/// inert.
#[test]
fn only_what_the_target_reads_is_escaped() {
    let typed = "Tom & Jerry R&D 50% !3 ~5 %m &amp; &copy; SEC-101 (email) snake_case";
    let mut session = common::sample();
    session.threats[0].title = typed.into();
    let github = one(&session, Flavour::Github);
    check_markdown(&github, Flavour::Github);
    assert!(
        !github.contains("`&`"),
        "a code span where plain text is safe"
    );
    assert!(
        plain_text(&github).iter().any(|run| run.contains(typed)),
        "GitHub shows the title as typed, no character reference decoded:\n{github}"
    );
    let gitlab = one(&session, Flavour::Gitlab);
    check_markdown(&gitlab, Flavour::Gitlab);
    for live in ["`R&D`", "`!3`", "`~5`", "`%m`", "`&amp;`"] {
        assert!(gitlab.contains(live), "GitLab acts on {live}");
    }
    let jira = one(&session, Flavour::Jira);
    assert!(
        jira.contains("SEC-101 (email) snake_case"),
        "no needless escape in Jira:\n{jira}"
    );
    assert!(jira.contains("PAY-150"), "tickets are written as typed");
}

#[test]
fn hostile_jira_is_inert() {
    let out = one(&common::hostile(), Flavour::Jira);
    for raw in [
        "[~bob]",
        "{noformat}",
        "{code}",
        "{html}",
        "!http://e.example/x.png!",
        "||cell||",
        "www.evil",
        "https://",
        " (y)",
        " :)",
    ] {
        assert!(!out.contains(raw), "{raw} left live in:\n{out}");
    }
    for line in out.lines() {
        // Lines that start a heading or list come from the export, never from session text.
        if line.starts_with("h1.") || line.starts_with("* item") {
            panic!("session text started a line: {line}");
        }
        assert!(!line.contains('\u{202e}'));
    }
}

#[test]
fn json_is_the_documented_context() {
    let json: serde_json::Value = serde_json::from_str(&one(&example(), Flavour::Json)).unwrap();
    assert_eq!(json["schema"], "threatbench-export/2");
    assert_eq!(json["threats"].as_array().unwrap().len(), 9);
    assert_eq!(json["unresolved"], serde_json::json!(["T3", "T8"]));
    assert_eq!(json["coverage"]["live"], 41);
    assert_eq!(json["session"]["ticket"], "PAY-142");
}

/// The diagram's edges name the flow, and say what it carries.
#[test]
fn diagram_edges_show_the_flow_name_and_data() {
    let out = one(&example(), Flavour::Github);
    assert!(
        out.contains(
            "E1 -->|\"E8 refund request: order ID, refund amount, reason, session token\"| E3"
        ),
        "{out}"
    );
    let mut session = example();
    for e in &mut session.elements {
        if let ElementKind::DataFlow { data, .. } = &mut e.kind {
            data.clear();
        }
    }
    let out = one(&session, Flavour::Github);
    assert!(out.contains("E1 -->|\"E8 refund request\"| E3"), "{out}");
}

/// Threat notes are part of the record in every format, not only in the JSON.
#[test]
fn threat_notes_are_in_every_format() {
    let notes = "nobody knew whether the API sums earlier partial refunds";
    for flavour in Flavour::ALL {
        let out = one(&example(), flavour);
        assert!(out.contains(notes), "{flavour} leaves out the notes of T3");
    }
}

/// Every string in a JSON value.
fn strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// docs/export.md: "in every format", invisible and control characters are removed, line
/// breaks become spaces and one field is cut at 1,000 characters. The JSON too.
#[test]
fn json_text_is_cleaned_and_cut_like_the_markdown() {
    let mut session = common::hostile();
    session.threats[0].notes = format!("{}\n{}", "n".repeat(1_500), common::HOSTILE);
    let out = one(&session, Flavour::Json);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut all = Vec::new();
    strings(&json, &mut all);
    assert!(all.iter().any(|s| s.ends_with('…')), "a long field is cut");
    for s in all {
        assert!(
            s.chars().count() <= 1_001,
            "a field of {}",
            s.chars().count()
        );
        assert!(
            !s.chars()
                .any(|c| c.is_control() || threatbench::text::is_invisible_format(c)),
            "{s:?}"
        );
    }
}

/// docs/export.md documents every field the JSON carries and every element kind, so that a
/// field or kind added to the model cannot be forgotten in the documentation.
#[test]
fn docs_name_every_field_and_kind() {
    let docs = std::fs::read_to_string("docs/export.md").unwrap();
    let json: serde_json::Value = serde_json::from_str(&one(&example(), Flavour::Json)).unwrap();
    let row = |name: &str| -> &str {
        docs.lines()
            .find(|l| l.starts_with(&format!("| `{name}")))
            .unwrap_or_else(|| panic!("docs/export.md has no row for {name}"))
    };
    for (list, item) in [
        ("elements", &json["elements"][0]),
        ("threats", &json["threats"][0]),
        ("decisions", &json["decisions"][0]),
    ] {
        for key in item.as_object().unwrap().keys() {
            assert!(
                row(list).contains(key.as_str()),
                "docs/export.md does not document {list}[].{key}"
            );
        }
    }
    for kind in threatbench::model::KindTag::ALL {
        assert!(
            row("elements").contains(kind.key()),
            "docs/export.md does not name the element kind {}",
            kind.key()
        );
    }
}

#[test]
fn a_user_template_sees_the_same_context_and_filters() {
    let template = "{{ session.title | md }}: {% for t in threats %}{{ t.id }} {% endfor %}| {{ '@x' | md }} {{ '[~y]' | jira }}";
    let out = export::template::render("t.j2", template, &context(&example())).unwrap();
    assert!(out.starts_with("Refund API: T2 T4 T8"), "{out}");
    assert!(out.ends_with("| `@x` \\[\\~y\\]"), "{out}");
    let error =
        export::template::render("bad.j2", "{{ nope.nothing }}", &context(&example())).unwrap_err();
    assert!(error.contains("bad.j2"), "{error}");
}

/// A session of `threats` threats with long text, decisions answering disjoint groups.
fn big(threats: usize, decided_every: usize, text_len: usize) -> Session {
    let mut s = Session::new("Big", common::agenda(), chrono::Utc::now());
    let id = s.issue_id(IdKind::Element);
    s.elements.push(Element {
        id: id.clone(),
        kind: ElementKind::Process,
        name: "service".into(),
        notes: String::new(),
    });
    let mut pending = Vec::new();
    for n in 0..threats {
        let tid = s.issue_id(IdKind::Threat);
        s.threats.push(Threat {
            id: tid.clone(),
            element: id.clone(),
            category: Category::ALL[n % 6],
            title: format!("threat {n} {}", "x".repeat(text_len)),
            grammar: Grammar {
                action: "do harm".into(),
                ..Grammar::default()
            },
            likelihood: Some((n % 5 + 1) as u8),
            impact: if n % 7 == 0 {
                None
            } else {
                Some(((n / 3) % 5 + 1) as u8)
            },
            residual_likelihood: None,
            residual_impact: None,
            references: Vec::new(),
            notes: String::new(),
        });
        pending.push(tid);
        if decided_every > 0 && pending.len() == decided_every {
            let did = s.issue_id(IdKind::Decision);
            s.decisions.push(Decision {
                id: did,
                kind: DecisionKind::ALL[n % 4],
                threats: std::mem::take(&mut pending),
                summary: "do something".into(),
                rationale: String::new(),
                owner: Some("Bo".into()),
                ticket: None,
                status: DecisionStatus::Open,
                review_by: None,
                requirements: Vec::new(),
            });
        }
    }
    s
}

fn check_every_threat_once(session: &Session, flavour: Flavour) {
    let parts = export::render(&context(session), flavour);
    let limit = flavour.limit().unwrap();
    rows_have_headers(&parts, flavour);
    for part in &parts {
        assert!(
            part.encode_utf16().count() <= limit,
            "{flavour}: a part of {} characters",
            part.chars().count()
        );
    }
    let all = parts.concat();
    for t in &session.threats {
        let id = t.id.as_str();
        let lower = id.to_ascii_lowercase();
        let (row, answer) = match flavour {
            Flavour::Jira => (
                format!("{{anchor:{lower}}}{id}|"),
                format!("[{id}|#{lower}]"),
            ),
            _ => (
                format!("<a name=\"{lower}\"></a>{id} |"),
                format!("[{id}](#{lower})"),
            ),
        };
        assert_eq!(all.matches(&row).count(), 1, "{id} in the threats table");
        assert_eq!(
            all.matches(&answer).count(),
            1,
            "{id} under a decision or unresolved"
        );
    }
}

#[test]
fn long_exports_split_into_parts_under_the_limit() {
    let session = big(600, 3, 120);
    for flavour in [Flavour::Github, Flavour::Jira] {
        let parts = export::render(&context(&session), flavour);
        assert!(parts.len() > 1, "{flavour}");
        for (i, part) in parts.iter().enumerate() {
            assert!(
                part.contains(&format!("Part {} of {}", i + 1, parts.len())),
                "{flavour} part {i}"
            );
        }
        check_every_threat_once(&session, flavour);
    }
    for part in export::render(&context(&session), Flavour::Github) {
        check_markdown(&part, Flavour::Github);
    }
}

/// A block too big for one comment (the participants line: their number is not limited) is
/// cut between tokens, never inside a code span: wherever the cut falls, every part parses
/// with no mention, link or HTML made live.
#[test]
fn cutting_a_block_never_reopens_an_escape() {
    for flavour in [Flavour::Github, Flavour::Gitlab] {
        let limit = flavour.limit().unwrap();
        for len in [300, 611, 900] {
            let mut session = common::sample();
            session.participants = (0..limit / (len + 12) + 20)
                .map(|n| Participant {
                    name: format!("@admin{n}{}", "x".repeat(len)),
                    role: Some("<b>".into()),
                })
                .collect();
            let parts = export::render(&context(&session), flavour);
            assert!(
                parts.iter().any(|p| p.contains("cut to fit one comment")),
                "{flavour}: the participants line is cut"
            );
            for part in &parts {
                assert!(part.encode_utf16().count() <= limit);
                check_markdown(part, flavour);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_threat_is_ever_dropped(threats in 0usize..400, every in 0usize..5, len in 0usize..400) {
        let session = big(threats, every, len);
        threatbench::model::validate(&session).unwrap();
        for flavour in [Flavour::Github, Flavour::Gitlab, Flavour::Jira] {
            check_every_threat_once(&session, flavour);
        }
    }
}

/// The context, every flavour and the OTM file of `session` made on one thread, and made on
/// two that share tasks of `views` threat views and of `rows` threat rows: the same.
fn check_shared(session: &Session, views: usize, rows: usize) {
    let source = || Source {
        path: "s.ron".into(),
        sha256: "0".repeat(64),
    };
    let as_of = session.updated.date_naive();
    let alone = Context::of_in(session, source(), as_of, None);
    let json = |c: &Context| serde_json::to_string(c).unwrap();
    let shared = Context::of_in(session, source(), as_of, Some(views));
    assert_eq!(json(&alone), json(&shared), "views shared {views} a task");
    assert_eq!(
        json(&alone),
        json(&Context::of(session, source(), as_of)),
        "the context as made"
    );
    for flavour in Flavour::ALL {
        let one = export::render_in(&alone, flavour, None);
        let two = export::render_in(&alone, flavour, Some(rows));
        assert_eq!(one, two, "{flavour}: rows shared {rows} a task");
        assert_eq!(
            one,
            export::render(&alone, flavour),
            "{flavour} as rendered"
        );
    }
    let otm = export::otm::render_in(session, None);
    let shared = export::otm::render_in(session, Some(rows));
    assert_eq!(otm, shared, "otm: threats shared {rows} a task");
    assert_eq!(otm, export::otm::render(session), "otm as rendered");
}

#[test]
fn work_shared_by_two_threads_gives_the_same_export() {
    for session in [example(), common::hostile()] {
        for n in 0..=session.threats.len() + 1 {
            check_shared(&session, n, session.threats.len() + 1 - n);
        }
    }
    // Large enough that `Context::of` and `render` share the work themselves.
    let session = big(700, 3, 40);
    for n in [0, 1, 7, 256, 699, 700] {
        check_shared(&session, n, n);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn however_two_threads_share_the_work_the_export_is_the_same(
        threats in 0usize..300,
        every in 0usize..5,
        len in 0usize..200,
        views in 0usize..310,
        rows in 0usize..310,
    ) {
        check_shared(&big(threats, every, len), views, rows);
    }
}

#[test]
fn the_example_links_every_threat_to_its_answer() {
    let out = one(&example(), Flavour::Github);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in &example().threats {
        *seen.entry(t.id.to_string()).or_default() += out
            .matches(&format!(
                "[{}](#{})",
                t.id,
                t.id.as_str().to_ascii_lowercase()
            ))
            .count();
    }
    // Under each decision that answers it (T1 has two), or once under Unresolved.
    let answers = example();
    let answers = answers.answers();
    for (id, n) in &seen {
        let decisions = answers
            .get(&threatbench::model::Id::from(id.as_str()))
            .map_or(0, Vec::len);
        assert_eq!(*n, decisions.max(1), "{id}: {seen:?}");
    }
    assert_eq!(seen["T1"], 2, "T1 is answered by D1 and D7");
    assert!(
        out.contains("```mermaid\nflowchart LR\n  subgraph E12[\"Payments VPC\"]"),
        "{out}"
    );
}

/// Every part that has threat rows has the table header above them.
fn rows_have_headers(parts: &[String], flavour: Flavour) {
    let (row, head) = match flavour {
        Flavour::Jira => ("|{anchor:t", "||ID||Element||STRIDE"),
        _ => ("| <a name=\"t", "| ID | Element | STRIDE"),
    };
    for (i, part) in parts.iter().enumerate() {
        if let Some(first_row) = part.find(row) {
            let header = part.find(head);
            assert!(
                header.is_some_and(|h| h < first_row),
                "{flavour} part {} has rows without a header",
                i + 1
            );
        }
    }
}

#[test]
fn oversized_pieces_still_fit_and_tables_keep_their_headers() {
    // One decision answering thousands of threats, and fields that grow when escaped.
    let mut session = big(4_200, 0, 10);
    let ids: Vec<_> = session.threats.iter().map(|t| t.id.clone()).collect();
    let did = session.issue_id(IdKind::Decision);
    session.decisions.push(Decision {
        id: did,
        kind: DecisionKind::Mitigate,
        threats: ids,
        summary: "\\".repeat(1_500),
        rationale: "\\".repeat(1_500),
        owner: Some("\\".repeat(1_500)),
        ticket: Some("\\".repeat(1_500)),
        status: DecisionStatus::Open,
        review_by: None,
        requirements: Vec::new(),
    });
    session.title = "\\".repeat(1_500);
    session.threats[0].title = "\\".repeat(1_500);
    threatbench::model::validate(&session).unwrap();
    for flavour in [Flavour::Github, Flavour::Jira] {
        let parts = export::render(&context(&session), flavour);
        rows_have_headers(&parts, flavour);
        check_every_threat_once(&session, flavour);
    }
    // A small table that splits right after its heading still starts with its header.
    let session = big(30, 0, 2_000);
    for flavour in [Flavour::Github, Flavour::Jira] {
        rows_have_headers(&export::render(&context(&session), flavour), flavour);
    }
}

#[test]
fn limits_count_utf16_units() {
    let mut session = big(300, 2, 0);
    for t in &mut session.threats {
        t.title = "😀".repeat(200);
    }
    let parts = export::render(&context(&session), Flavour::Jira);
    for part in &parts {
        assert!(
            part.encode_utf16().count() <= 32_767,
            "{}",
            part.encode_utf16().count()
        );
    }
}
