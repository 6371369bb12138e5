//! Scope — what are we working on? The elements grouped by kind on the left, the item under
//! the cursor on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::{ScopeGroup, ScopeRow, Workbench};
use crate::layout::{inner, list_offset, scope_panes};
use crate::model::{Element, ElementKind, Session};
use crate::text::one_line;
use crate::ui::Theme;
use crate::ui::chrome::pane_title;

/// Draws the scope phase into `area`.
pub fn render(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (list_area, details_area) = scope_panes(area);
    let rows = &wb.derived.scope;
    let cursor = wb.scope.cursor.min(rows.len().saturating_sub(1));
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(pane_title(
            "What are we working on?",
            list_area,
            theme.title(),
        ))
        .render(list_area, buf);
    let list = inner(list_area);
    let offset = list_offset(cursor, rows.len(), list.height);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(list.height))
        .map(|(i, row)| {
            let line = crate::ui::clip(row_line(wb, *row, theme), usize::from(list.width));
            if i == cursor {
                crate::ui::selected(line, theme)
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(list, buf);

    let selected = rows.get(cursor).copied();
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .render(details_area, buf);
    let details = selected
        .map(|row| details(wb, row, theme))
        .unwrap_or_default();
    Paragraph::new(details)
        .wrap(Wrap { trim: false })
        .render(inner(details_area), buf);
}

fn name_of(session: &Session, id: &crate::model::Id) -> String {
    session
        .element(id)
        .map_or_else(|| id.to_string(), |e| one_line(&e.name).into_owned())
}

fn row_line(wb: &Workbench, row: ScopeRow, theme: Theme) -> Line<'static> {
    let session = wb.session();
    match row {
        ScopeRow::Header(group, count) => Line::from(vec![
            Span::styled(group.heading().to_owned(), theme.title()),
            Span::styled(format!(" ({count})"), theme.dim()),
        ]),
        ScopeRow::Element(i) => {
            let e = &session.elements[i];
            let mut spans = vec![
                Span::raw("  "),
                Span::styled(format!("{} ", e.id), theme.dim()),
                Span::raw(one_line(&e.name).into_owned()),
            ];
            let extra = match &e.kind {
                ElementKind::DataFlow { from, to, .. } => {
                    let cross = if wb.derived.crossing.contains(&e.id) {
                        " ⇄"
                    } else {
                        ""
                    };
                    format!(
                        "  {} → {}{cross}",
                        name_of(session, from),
                        name_of(session, to)
                    )
                }
                ElementKind::DataStore { holds_logs: true } => "  (logs)".into(),
                ElementKind::TrustBoundary { members } => format!("  [{} inside]", members.len()),
                ElementKind::ThirdParty { supplier, .. } if !supplier.is_empty() => {
                    format!("  ({})", one_line(supplier))
                }
                _ => String::new(),
            };
            spans.push(Span::styled(extra, theme.dim()));
            Line::from(spans)
        }
        ScopeRow::Asset(i) => Line::from(format!("  • {}", one_line(&session.assets[i]))),
        ScopeRow::Assumption(i) => {
            let a = &session.assumptions[i];
            Line::from(vec![
                Span::raw("  "),
                Span::styled(format!("{} ", a.id), theme.dim()),
                Span::raw(one_line(&a.text).into_owned()),
            ])
        }
        ScopeRow::Participant(i) => Line::from(format!(
            "  {}",
            one_line(&session.participants[i].to_string())
        )),
        ScopeRow::Notes => Line::from(format!(
            "  {}",
            one_line(
                session
                    .notes
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
            )
        )),
    }
}

fn group_help(group: ScopeGroup) -> &'static str {
    match group {
        ScopeGroup::Kind(tag) => tag.help(),
        ScopeGroup::Assets => "What is worth protecting: data, money, reputation, availability.",
        ScopeGroup::Assumptions => {
            "What the team takes as given; each gets an ID (A1) that threats and decisions can cite."
        }
        ScopeGroup::Participants => "Who is in the room, and in which role.",
        ScopeGroup::Notes => {
            "Free notes on the whole model: what it covers, where it came from. An import puts the source's description here."
        }
    }
}

fn field(label: &str, value: String, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<10} "), theme.dim()),
        Span::raw(value),
    ])
}

fn details(wb: &Workbench, row: ScopeRow, theme: Theme) -> Vec<Line<'static>> {
    let session = wb.session();
    match row {
        ScopeRow::Header(group, _) => vec![
            Line::from(Span::styled(group.heading().to_owned(), theme.title())),
            Line::from(""),
            Line::from(group_help(group)),
            Line::from(""),
            Line::from(vec![
                Span::styled("a", theme.key()),
                Span::raw(" adds one here."),
            ]),
        ],
        ScopeRow::Element(i) => element_details(wb, &session.elements[i], theme),
        ScopeRow::Asset(i) => vec![
            Line::from(Span::styled("Asset", theme.title())),
            Line::from(""),
            Line::from(one_line(&session.assets[i]).into_owned()),
        ],
        ScopeRow::Assumption(i) => {
            let a = &session.assumptions[i];
            vec![
                Line::from(Span::styled(format!("Assumption {}", a.id), theme.title())),
                Line::from(""),
                Line::from(one_line(&a.text).into_owned()),
            ]
        }
        ScopeRow::Notes => {
            let mut lines = vec![
                Line::from(Span::styled("Session notes", theme.title())),
                Line::from(""),
            ];
            lines.extend(
                session
                    .notes
                    .lines()
                    .map(|l| Line::from(crate::text::visible(l).into_owned())),
            );
            lines
        }
        ScopeRow::Participant(i) => {
            let p = &session.participants[i];
            vec![
                Line::from(Span::styled("Participant", theme.title())),
                Line::from(""),
                field("name", one_line(&p.name).into_owned(), theme),
                field(
                    "role",
                    one_line(p.role.as_deref().unwrap_or("—")).into_owned(),
                    theme,
                ),
            ]
        }
    }
}

fn element_details(wb: &Workbench, e: &Element, theme: Theme) -> Vec<Line<'static>> {
    let session = wb.session();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", e.id), theme.dim()),
            Span::styled(one_line(&e.name).into_owned(), theme.title()),
        ]),
        Line::from(Span::styled(e.kind.tag().label().to_owned(), theme.dim())),
        Line::from(""),
    ];
    match &e.kind {
        ElementKind::DataFlow { from, to, data } => {
            lines.push(field(
                "from",
                format!("{from} {}", name_of(session, from)),
                theme,
            ));
            lines.push(field("to", format!("{to} {}", name_of(session, to)), theme));
            if !data.is_empty() {
                lines.push(field("data", one_line(data).into_owned(), theme));
            }
            if wb.derived.crossing.contains(&e.id) {
                lines.push(Line::from(Span::styled(
                    "⇄ crosses a trust boundary",
                    theme.warn(),
                )));
            }
        }
        ElementKind::DataStore { holds_logs } => {
            lines.push(field(
                "logs",
                if *holds_logs {
                    "holds logs or an audit trail".into()
                } else {
                    "no".into()
                },
                theme,
            ));
        }
        ElementKind::TrustBoundary { members } => {
            lines.push(Line::from(Span::styled("inside:", theme.dim())));
            if members.is_empty() {
                lines.push(Line::from("  nothing yet — edit to tick members"));
            }
            for m in members {
                lines.push(Line::from(format!("  {m} {}", name_of(session, m))));
            }
        }
        ElementKind::ThirdParty {
            supplier,
            version,
            purl,
        } => {
            lines.push(field("supplier", one_line(supplier).into_owned(), theme));
            lines.push(field(
                "version",
                one_line(version.as_deref().unwrap_or("—")).into_owned(),
                theme,
            ));
            lines.push(field(
                "purl",
                one_line(purl.as_deref().unwrap_or("—")).into_owned(),
                theme,
            ));
        }
        ElementKind::ExternalEntity | ElementKind::Process => {}
    }
    let live: String = e
        .kind
        .live_categories()
        .iter()
        .map(|c| c.letter())
        .collect();
    if !live.is_empty() {
        let threats = session.threats.iter().filter(|t| t.element == e.id).count();
        lines.push(field(
            "STRIDE",
            format!("{live} · {}", crate::text::count(threats, "threat")),
            theme,
        ));
    }
    if !e.notes.is_empty() {
        lines.push(Line::from(""));
        lines.extend(
            e.notes
                .lines()
                .map(|l| Line::from(one_line(l).into_owned())),
        );
    }
    lines
}
