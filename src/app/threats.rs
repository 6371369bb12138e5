//! Threats — what can go wrong? The STRIDE-per-element grid: a cursor over elements ×
//! categories, a walk to the next live cell nobody has considered, and the actions on the
//! cell under the cursor.

use super::action::Command;
use super::form::{Form, FormKind};
use super::{App, Confirm, Overlay, Screen, Status, Workbench};
use crate::assets;
use crate::model::{Category, CellState, Edit, Element, Phase, Target};

/// The grid's cursor and what the side pane shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatsState {
    /// Row in the (filtered) grid.
    pub row: usize,
    /// Column: index into `Category::ALL`.
    pub col: usize,
    /// Whether the prompt card shows all its questions.
    pub more: bool,
    /// Which of the cell's threats is selected.
    pub pick: usize,
}

/// The element and category under the cursor.
pub fn cursor_cell(wb: &Workbench) -> Option<(&Element, Category)> {
    let index = *wb.derived.rows.get(wb.threats.row)?;
    let element = wb.session().elements.get(index)?;
    Some((element, Category::ALL[wb.threats.col.min(5)]))
}

/// The threats of the cell under the cursor, in file order.
pub fn cell_threats(wb: &Workbench) -> Vec<usize> {
    let Some((element, category)) = cursor_cell(wb) else {
        return Vec::new();
    };
    (0..wb.session().threats.len())
        .filter(|i| {
            let t = &wb.session().threats[*i];
            t.element == element.id && t.category == category
        })
        .collect()
}

fn info(text: impl Into<String>) -> Option<Status> {
    Some(Status {
        text: text.into(),
        error: false,
    })
}

/// Moves the cursor to the next live cell nobody has considered, after the current one in
/// reading order, wrapping around. Returns whether there was one.
pub fn next_unconsidered(wb: &mut Workbench) -> bool {
    let rows = wb.derived.rows.len();
    let start = wb.threats.row * 6 + wb.threats.col;
    for step in 1..=rows * 6 {
        let pos = (start + step) % (rows * 6);
        let (row, col) = (pos / 6, pos % 6);
        let element = &wb.session().elements[wb.derived.rows[row]];
        let category = Category::ALL[col];
        if element.kind.live_categories().contains(category)
            && wb.derived.cell(&element.id, category) == CellState::NotConsidered
        {
            wb.threats.row = row;
            wb.threats.col = col;
            wb.threats.pick = 0;
            return true;
        }
    }
    false
}

/// Carries out a grid command.
pub fn command(app: &mut App, command: Command) {
    let page = usize::from(app.size.1.saturating_sub(10)).max(1);
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let rows = wb.derived.rows.len();
    let state = &mut wb.threats;
    let moved = |s: &mut ThreatsState| s.pick = 0;
    match command {
        Command::Up => {
            state.row = state.row.saturating_sub(1);
            moved(state);
        }
        Command::Down => {
            state.row = (state.row + 1).min(rows.saturating_sub(1));
            moved(state);
        }
        Command::Left => {
            state.col = state.col.saturating_sub(1);
            moved(state);
        }
        Command::Right => {
            state.col = (state.col + 1).min(5);
            moved(state);
        }
        Command::PageUp => state.row = state.row.saturating_sub(page),
        Command::PageDown => state.row = (state.row + page).min(rows.saturating_sub(1)),
        Command::Top => state.row = 0,
        Command::Bottom => state.row = rows.saturating_sub(1),
        Command::MorePrompts => state.more = !state.more,
        Command::PickNext | Command::PickPrev => {
            let n = cell_threats(wb).len();
            if n > 0 {
                let s = &mut wb.threats;
                s.pick = if command == Command::PickNext {
                    (s.pick + 1) % n
                } else {
                    (s.pick + n - 1) % n
                };
            }
        }
        Command::NextUnconsidered if !next_unconsidered(wb) => {
            app.status = info(if wb.derived.coverage.live == 0 {
                format!(
                    "no live cells yet: add elements in {}",
                    Phase::Scope.pointer()
                )
            } else {
                "every live cell has been considered".to_owned()
            });
        }
        Command::Add
        | Command::NothingFound
        | Command::Suggest
        | Command::Edit
        | Command::Delete => {
            if let Some(holder) = wb.read_only.clone() {
                app.status = Some(Status {
                    text: format!("read-only: {holder}"),
                    error: true,
                });
                return;
            }
            cell_action(app, command);
        }
        _ => {}
    }
}

fn cell_action(app: &mut App, command: Command) {
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let Some((element, category)) = cursor_cell(wb) else {
        app.status = info(format!("add elements in {} first", Phase::Scope.pointer()));
        return;
    };
    let (id, tag) = (element.id.clone(), element.kind.tag());
    let name = crate::text::one_line(&element.name).into_owned();
    let threats = cell_threats(wb);
    let picked = threats
        .get(wb.threats.pick.min(threats.len().saturating_sub(1)))
        .copied();
    let considered = wb
        .session()
        .considered
        .iter()
        .position(|c| c.element == id && c.category == category);
    let quick = wb.session().agenda.quick;
    let overlay = match command {
        Command::Add => Overlay::Form(Box::new(Form::threat(wb.session(), &id, category, None))),
        Command::Edit => match picked {
            Some(i) => Overlay::Form(Box::new(Form::threat(
                wb.session(),
                &id,
                category,
                Some(&wb.session().threats[i]),
            ))),
            None => Overlay::Form(Box::new(Form::threat(wb.session(), &id, category, None))),
        },
        Command::NothingFound => {
            // The model's rule, asked before the form opens rather than after it is filled.
            if let Err(why) = wb.session().can_mark_nothing_found(&id, category) {
                app.status = info(why.to_string());
                return;
            }
            let note = considered
                .map(|c| wb.session().considered[c].note.clone())
                .unwrap_or_default();
            Overlay::Form(Box::new(Form::line(
                FormKind::Considered(id.clone(), category),
                &format!("{id} {name} · {category}: nothing found"),
                "Why",
                &note,
                "one line: why nothing applies here (coverage evidence)",
            )))
        }
        Command::Suggest => {
            // What the cell already has is not offered again.
            let present: Vec<&str> = threats
                .iter()
                .map(|i| wb.session().threats[*i].title.as_str())
                .collect();
            let entries: Vec<_> = assets::threat_library()
                .map(|l| l.for_cell(tag, category))
                .unwrap_or_default()
                .into_iter()
                .filter(|e| !present.contains(&e.title.as_str()))
                .collect();
            if entries.is_empty() {
                let a = crate::model::indefinite_article(tag.label(), false);
                app.status = info(format!(
                    "no more suggestions for {category} on {a} {}",
                    tag.label()
                ));
                return;
            }
            let shown = if quick {
                entries.into_iter().take(3).collect()
            } else {
                entries
            };
            Overlay::Suggest {
                element: id.clone(),
                category,
                entries: shown,
                cursor: 0,
            }
        }
        Command::Delete => match (picked, considered) {
            (Some(i), _) => {
                let t = &wb.session().threats[i];
                Overlay::Confirm(Confirm {
                    question: format!(
                        "Delete {} {}? Decisions answering only it go too.",
                        t.id,
                        crate::text::one_line(&t.title)
                    ),
                    on_yes: Command::DeleteConfirmed,
                })
            }
            (None, Some(_)) => Overlay::Confirm(Confirm {
                question: format!("Mark {id} {name} · {category} as not yet considered again?"),
                on_yes: Command::DeleteConfirmed,
            }),
            (None, None) => {
                app.status = info("nothing to delete in this cell");
                return;
            }
        },
        _ => return,
    };
    app.overlays.push(overlay);
}

/// The removal a confirmed deletion in the cell under the cursor asks for: the selected
/// threat (with the decisions it leaves answering nothing), else the cell's "nothing found"
/// note. With the message to show once it is done.
pub fn deletion(wb: &Workbench) -> Option<(Edit, String)> {
    let (element, category) = cursor_cell(wb).map(|(e, c)| (e.id.clone(), c))?;
    let threats = cell_threats(wb);
    if let Some(i) = threats
        .get(wb.threats.pick.min(threats.len().saturating_sub(1)))
        .copied()
    {
        let session = wb.session();
        let id = session.threats[i].id.clone();
        // Only decisions answering this threat alone go with it.
        let also: Vec<String> = session
            .decisions
            .iter()
            .filter(|d| d.threats == [id.clone()])
            .map(|d| d.id.to_string())
            .collect();
        let message = if also.is_empty() {
            format!("deleted {id}")
        } else {
            format!("deleted {id} and {}", also.join(", "))
        };
        return Some((Edit::Remove(Target::Threat(id)), message));
    }
    let noted = wb
        .session()
        .considered
        .iter()
        .any(|c| c.element == element && c.category == category);
    noted.then(|| {
        let message = format!("{element} · {category} is not considered any more");
        (Edit::Remove(Target::Considered(element, category)), message)
    })
}
