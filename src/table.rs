//! Tables as data, for the register's and the report's Markdown and HTML: each table is
//! built once from what it shows ([`Table`]: its columns, its rows of [`Cell`]s, how many
//! rows were capped away), and each format only renders it ([`markdown`], [`html`]).
//! Session text stays apart from our own words until the format escapes it.

use std::borrow::Cow;
use std::fmt::Write as _;

use rayon::prelude::*;

use crate::export::escape::{Place, md};
use crate::html::escape_into;

/// What a column holds, which decides how it is aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Words, left-aligned.
    Text,
    /// Figures, right-aligned.
    Number,
    /// A risk rating, kept on one line in HTML.
    Rating,
}

/// A column: its heading and what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The heading; empty for a table of names and values.
    pub title: &'static str,
    /// What the column holds.
    pub kind: Kind,
}

impl Column {
    /// A column of words.
    pub const fn text(title: &'static str) -> Self {
        Self {
            title,
            kind: Kind::Text,
        }
    }

    /// A column of figures.
    pub const fn number(title: &'static str) -> Self {
        Self {
            title,
            kind: Kind::Number,
        }
    }

    /// A column of risk ratings.
    pub const fn rating(title: &'static str) -> Self {
        Self {
            title,
            kind: Kind::Rating,
        }
    }
}

/// How a text calls for attention: bold or not in Markdown, a class of the shared style
/// (`crate::html`) or the page's own in HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// What still wants a decision ("undecided"): bold, and red.
    Alert,
    /// What is late or still open, in a figure or a date: red, not bold.
    Warn,
    /// A failed check: bold, and red.
    Fail,
    /// A passed check: green.
    Pass,
    /// A risk band by its name ("critical"): the band's colour.
    Band(&'static str),
    /// What is secondary: dimmed.
    Dim,
    /// That there is nothing ("none"): dimmed.
    Nothing,
}

impl Mark {
    /// Whether Markdown shows it in bold.
    fn strong(self) -> bool {
        matches!(self, Self::Alert | Self::Fail)
    }

    /// Its HTML class, written to `out`.
    fn write_class(self, out: &mut String) {
        match self {
            Self::Alert | Self::Warn => out.push_str("undecided"),
            Self::Fail => out.push_str("fail"),
            Self::Pass => out.push_str("pass"),
            Self::Band(band) => {
                out.push_str("band-");
                out.push_str(band);
            }
            Self::Dim => out.push_str("dim"),
            Self::Nothing => out.push_str("none"),
        }
    }
}

/// A piece of a cell's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span<'a> {
    /// Our own words and figures (IDs, counts, dates, kinds), as they are.
    Plain(Cow<'a, str>),
    /// Text from a session, made inert by each format.
    Session(Cow<'a, str>),
    /// Our own words, marked.
    Marked(Mark, Cow<'a, str>),
    /// Session text that belongs with the text before it, secondary: a session's file
    /// after its title, in parentheses in Markdown and dimmed on a line of its own in HTML.
    Below(Cow<'a, str>),
    /// A line break.
    Break,
    /// An item's ID (session text) with its kind and maybe a tag: "D1 (accept, tagged by
    /// the team)" in Markdown, the tag as a label after the parentheses in HTML.
    Item {
        /// The ID.
        id: Cow<'a, str>,
        /// Its kind: "accept".
        kind: &'static str,
        /// Its tag: "tagged by the team".
        tag: Option<&'static str>,
    },
}

impl<'a> Span<'a> {
    /// Our own words or figures.
    pub fn plain(text: impl Into<Cow<'a, str>>) -> Self {
        Self::Plain(text.into())
    }

    /// Text from a session.
    pub fn session(text: impl Into<Cow<'a, str>>) -> Self {
        Self::Session(text.into())
    }

    /// Our own words, marked.
    pub fn marked(mark: Mark, text: impl Into<Cow<'a, str>>) -> Self {
        Self::Marked(mark, text.into())
    }
}

/// An ID, then session text: "T4 Replay of a refund".
pub fn labelled<'a>(id: &'a str, text: &'a str) -> Vec<Span<'a>> {
    vec![Span::plain(id), Span::plain(" "), Span::session(text)]
}

/// What is in a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content<'a> {
    /// One piece, as most cells are.
    One(Span<'a>),
    /// One text of pieces.
    Spans(Vec<Span<'a>>),
    /// Short lines run together: "; " in Markdown, one a line in HTML.
    Lines(Vec<Vec<Span<'a>>>),
    /// A list: one a line in Markdown, a bulleted list in HTML.
    Bullets(Vec<Vec<Span<'a>>>),
    /// The content at this index of the table's [`Table::shared`].
    Shared(usize),
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell<'a> {
    /// What is in it.
    pub content: Content<'a>,
    /// How the whole cell calls for attention, if it does.
    pub mark: Option<Mark>,
    /// How many columns it spans, at least 1.
    pub span: usize,
}

impl<'a> Cell<'a> {
    /// A cell of its pieces.
    pub fn spans(spans: Vec<Span<'a>>) -> Self {
        Self::of(Content::Spans(spans))
    }

    /// A cell of one piece.
    pub fn one(span: Span<'a>) -> Self {
        Self::of(Content::One(span))
    }

    /// A cell of our own words or figures.
    pub fn plain(text: impl Into<Cow<'a, str>>) -> Self {
        Self::one(Span::plain(text))
    }

    /// A cell of session text.
    pub fn session(text: impl Into<Cow<'a, str>>) -> Self {
        Self::one(Span::session(text))
    }

    /// A cell of short lines.
    pub fn lines(lines: Vec<Vec<Span<'a>>>) -> Self {
        Self::of(Content::Lines(lines))
    }

    /// A cell of a bulleted list.
    pub fn bullets(items: Vec<Vec<Span<'a>>>) -> Self {
        Self::of(Content::Bullets(items))
    }

    /// A cell of the table's shared content at `index`.
    pub fn shared(index: usize) -> Self {
        Self::of(Content::Shared(index))
    }

    /// The same cell, calling for attention as `mark` says.
    #[must_use]
    pub fn marked(self, mark: Mark) -> Self {
        Self {
            mark: Some(mark),
            ..self
        }
    }

    /// The same cell over `columns` columns.
    #[must_use]
    pub fn spanning(self, columns: usize) -> Self {
        Self {
            span: columns.max(1),
            ..self
        }
    }

    /// A cell of its content.
    pub fn of(content: Content<'a>) -> Self {
        Self {
            content,
            mark: None,
            span: 1,
        }
    }
}

/// A table as data: the same for every format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table<'a> {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows of cells.
    pub rows: Vec<Vec<Cell<'a>>>,
    /// A closing row of totals, if any.
    pub total: Option<Vec<Cell<'a>>>,
    /// How many rows were capped away.
    pub more: usize,
    /// Contents that repeat across rows (a session over its threats), each rendered once
    /// and named by [`Content::Shared`].
    pub shared: Vec<Content<'a>>,
    /// Whether it is as wide as its content rather than the page (HTML).
    pub narrow: bool,
}

impl<'a> Table<'a> {
    /// A table of `columns` and `rows`, nothing capped.
    pub fn new(columns: Vec<Column>, rows: Vec<Vec<Cell<'a>>>) -> Self {
        Self {
            columns,
            rows,
            total: None,
            more: 0,
            shared: Vec::new(),
            narrow: false,
        }
    }
}

/// How a table is framed: the register's tables in full, the report's compact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// Markdown's alignment row spaced (`| --- | ---: |`); HTML's heading in `<thead>`, the
    /// rows in `<tbody>`.
    Full,
    /// Markdown's alignment row tight (`|---|---:|`); HTML's heading and rows straight in the
    /// table.
    Compact,
}

/// From how many rows a table is written on every core: below, handing the rows to other
/// threads costs more than it saves.
const PARALLEL_ROWS: usize = 256;

/// Each row written by `write` to `out`, in order; a long table on every core, each row
/// into a string of its own, then joined (the same bytes).
fn write_rows<'a, F>(out: &mut String, rows: &'a [Vec<Cell<'a>>], write: F)
where
    F: Fn(&mut String, &'a [Cell<'a>]) + Sync,
{
    if rows.len() < PARALLEL_ROWS {
        for r in rows {
            write(out, r);
        }
        return;
    }
    let lines: Vec<String> = rows
        .par_iter()
        .map(|r| {
            let mut line = String::with_capacity(256);
            write(&mut line, r);
            line
        })
        .collect();
    out.extend(lines);
}

/// The table's shared contents, each rendered once by `write`.
fn render_shared<'a, F>(shared: &'a [Content<'a>], write: F) -> Vec<String>
where
    F: Fn(&mut String, &'a Content<'a>) + Sync,
{
    let one = |c: &'a Content<'a>| {
        let mut text = String::new();
        write(&mut text, c);
        text
    };
    if shared.len() < PARALLEL_ROWS {
        shared.iter().map(one).collect()
    } else {
        shared.par_iter().map(one).collect()
    }
}

/// The table in GitHub Markdown, framed as `frame` says, with "…and N more." under it when
/// rows were capped.
pub fn markdown(table: &Table, frame: Frame) -> String {
    let mut out = String::with_capacity(64 + table.rows.len() * 128);
    out.push('|');
    for c in &table.columns {
        // A table of names and values has no headings, and GFM wants a cell of them.
        if c.title.is_empty() {
            out.push_str(" |");
        } else {
            let _ = write!(out, " {} |", c.title);
        }
    }
    out.push_str("\n|");
    for c in &table.columns {
        let rule = if c.kind == Kind::Number {
            "---:"
        } else {
            "---"
        };
        match frame {
            Frame::Full => {
                let _ = write!(out, " {rule} |");
            }
            Frame::Compact => {
                let _ = write!(out, "{rule}|");
            }
        }
    }
    out.push('\n');
    let shared = render_shared(&table.shared, |text, c| md_content(text, c, &[]));
    write_rows(&mut out, &table.rows, |line, r| md_row(line, r, &shared));
    if let Some(total) = &table.total {
        md_row(&mut out, total, &shared);
    }
    if table.more > 0 {
        let _ = writeln!(out, "\n…and {} more.", table.more);
    }
    out
}

/// One Markdown row; a cell over several columns is followed by empty ones.
fn md_row(out: &mut String, cells: &[Cell], shared: &[String]) {
    out.push('|');
    for c in cells {
        let strong = if c.mark.is_some_and(Mark::strong) {
            "**"
        } else {
            ""
        };
        out.push(' ');
        out.push_str(strong);
        md_content(out, &c.content, shared);
        out.push_str(strong);
        out.push_str(" |");
        for _ in 1..c.span {
            out.push_str(" |");
        }
    }
    out.push('\n');
}

/// A cell's content in Markdown, with the table's `shared` contents as rendered.
fn md_content(out: &mut String, content: &Content, shared: &[String]) {
    match content {
        Content::Shared(i) => out.push_str(shared.get(*i).map_or("", String::as_str)),
        Content::One(span) => md_spans(out, std::slice::from_ref(span)),
        Content::Spans(spans) => md_spans(out, spans),
        Content::Lines(lines) => md_lines(out, lines, "; "),
        Content::Bullets(items) => md_lines(out, items, "<br>"),
    }
}

/// Lines in Markdown, with `between` between them.
fn md_lines(out: &mut String, lines: &[Vec<Span>], between: &str) {
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            out.push_str(between);
        }
        md_spans(out, line);
    }
}

/// Pieces of text in a Markdown cell.
fn md_spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        match s {
            Span::Plain(text) => out.push_str(text),
            Span::Session(text) => out.push_str(&md(text, Place::Cell)),
            Span::Marked(mark, text) if mark.strong() => {
                let _ = write!(out, "**{text}**");
            }
            Span::Marked(_, text) => out.push_str(text),
            Span::Below(text) => {
                let _ = write!(out, " ({})", md(text, Place::Cell));
            }
            Span::Break => out.push_str("<br>"),
            Span::Item { id, kind, tag } => {
                let _ = write!(out, "{} ({kind}", md(id, Place::Cell));
                if let Some(tag) = tag {
                    let _ = write!(out, ", {tag}");
                }
                out.push(')');
            }
        }
    }
}

/// The table in HTML, framed as `frame` says, with "… and N more." under it when rows
/// were capped. Every text is escaped.
pub fn html(table: &Table, frame: Frame) -> String {
    let mut out = String::with_capacity(128 + table.rows.len() * 256);
    out.push_str(if table.narrow {
        "<table class=\"narrow\">\n"
    } else {
        "<table>\n"
    });
    out.push_str(match frame {
        Frame::Full => "<thead><tr>",
        Frame::Compact => "<tr>",
    });
    for c in &table.columns {
        let class = if c.kind == Kind::Number {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>");
        escape_into(&mut out, c.title);
        out.push_str("</th>");
    }
    out.push_str(match frame {
        Frame::Full => "</tr></thead>\n<tbody>\n",
        Frame::Compact => "</tr>\n",
    });
    let shared = render_shared(&table.shared, |text, c| html_content(text, c, &[]));
    write_rows(&mut out, &table.rows, |line, r| {
        html_row(line, &table.columns, r, "td", &shared);
    });
    if let Some(total) = &table.total {
        html_row(&mut out, &table.columns, total, "th", &shared);
    }
    out.push_str(match frame {
        Frame::Full => "</tbody>\n</table>\n",
        Frame::Compact => "</table>\n",
    });
    if table.more > 0 {
        let _ = writeln!(out, "<p class=\"dim\">… and {} more.</p>", table.more);
    }
    out
}

/// One HTML row of `tag` cells (`td`, or `th` for totals), classed by their columns and
/// marks.
fn html_row(out: &mut String, columns: &[Column], cells: &[Cell], tag: &str, shared: &[String]) {
    out.push_str("<tr>");
    let mut column = 0;
    for c in cells {
        let kind = columns.get(column).map_or(Kind::Text, |c| c.kind);
        column += c.span;
        out.push('<');
        out.push_str(tag);
        if c.span > 1 {
            let _ = write!(out, " colspan=\"{}\"", c.span);
        }
        let by_column = match kind {
            Kind::Number => Some("num"),
            Kind::Rating => Some("rating"),
            Kind::Text => None,
        };
        if by_column.is_some() || c.mark.is_some() {
            out.push_str(" class=\"");
            if let Some(class) = by_column {
                out.push_str(class);
                if c.mark.is_some() {
                    out.push(' ');
                }
            }
            if let Some(mark) = c.mark {
                mark.write_class(out);
            }
            out.push('"');
        }
        out.push('>');
        html_content(out, &c.content, shared);
        let _ = write!(out, "</{tag}>");
    }
    out.push_str("</tr>\n");
}

/// A cell's content in HTML, with the table's `shared` contents as rendered.
fn html_content(out: &mut String, content: &Content, shared: &[String]) {
    match content {
        Content::Shared(i) => out.push_str(shared.get(*i).map_or("", String::as_str)),
        Content::One(span) => html_spans(out, std::slice::from_ref(span)),
        Content::Spans(spans) => html_spans(out, spans),
        Content::Lines(lines) => {
            for (n, line) in lines.iter().enumerate() {
                if n > 0 {
                    out.push_str("<br>");
                }
                html_spans(out, line);
            }
        }
        Content::Bullets(items) => {
            out.push_str("<ul class=\"decisions\">");
            for item in items {
                out.push_str("<li>");
                html_spans(out, item);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
    }
}

/// Pieces of text in an HTML cell, escaped.
fn html_spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        match s {
            Span::Plain(text) | Span::Session(text) => escape_into(out, text),
            Span::Marked(mark, text) => {
                out.push_str("<span class=\"");
                mark.write_class(out);
                out.push_str("\">");
                escape_into(out, text);
                out.push_str("</span>");
            }
            Span::Below(text) => {
                out.push_str("<br><span class=\"dim\">");
                escape_into(out, text);
                out.push_str("</span>");
            }
            Span::Break => out.push_str("<br>"),
            Span::Item { id, kind, tag } => {
                escape_into(out, id);
                let _ = write!(out, " ({kind})");
                if let Some(tag) = tag {
                    let _ = write!(out, " <span class=\"tag\">{tag}</span>");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with a figure, session text, a mark, lines and a capped rest.
    fn sample() -> Table<'static> {
        let mut table = Table::new(
            vec![
                Column::number("#"),
                Column::text("Session"),
                Column::text("Decisions"),
            ],
            vec![
                vec![
                    Cell::plain("1"),
                    Cell::spans(vec![
                        Span::session("<b>Pay</b>"),
                        Span::Below("a|b.ron".into()),
                    ]),
                    Cell::plain("undecided").marked(Mark::Alert),
                ],
                vec![
                    Cell::plain("2"),
                    Cell::session("Refunds"),
                    Cell::lines(vec![
                        vec![Span::session("accept D1")],
                        vec![Span::plain("and 2 more")],
                    ]),
                ],
            ],
        );
        table.more = 3;
        table
    }

    #[test]
    fn markdown_escapes_session_text_and_bolds_what_is_undecided() {
        assert_eq!(
            markdown(&sample(), Frame::Full),
            "| # | Session | Decisions |\n| ---: | --- | --- |\n\
             | 1 | \\<b\\>Pay\\</b\\> (a\\|b.ron) | **undecided** |\n\
             | 2 | Refunds | accept D1; and 2 more |\n\n…and 3 more.\n"
        );
    }

    #[test]
    fn html_escapes_every_text_and_classes_cells_by_column_and_mark() {
        let html = html(&sample(), Frame::Full);
        assert!(html.starts_with(
            "<table>\n<thead><tr><th class=\"num\">#</th><th>Session</th><th>Decisions</th>\
             </tr></thead>\n<tbody>\n"
        ));
        assert!(html.contains(
            "<tr><td class=\"num\">1</td><td>&lt;b&gt;Pay&lt;/b&gt;<br><span class=\"dim\">\
             a|b.ron</span></td><td class=\"undecided\">undecided</td></tr>\n"
        ));
        assert!(html.contains("<td>accept D1<br>and 2 more</td>"));
        assert!(html.ends_with("</tbody>\n</table>\n<p class=\"dim\">… and 3 more.</p>\n"));
    }

    #[test]
    fn a_cell_over_columns_leaves_them_empty_in_markdown_and_spans_them_in_html() {
        let table = Table::new(
            vec![
                Column::text("Requirement"),
                Column::text("Threats"),
                Column::number("Undecided"),
            ],
            vec![vec![
                Cell::plain("I(2)(a)"),
                Cell::plain("no evidence").marked(Mark::Nothing).spanning(2),
            ]],
        );
        assert!(markdown(&table, Frame::Compact).ends_with("| I(2)(a) | no evidence | |\n"));
        assert!(html(&table, Frame::Compact).contains(
            "<tr><td>I(2)(a)</td><td colspan=\"2\" class=\"none\">no evidence</td></tr>\n"
        ));
    }

    #[test]
    fn a_total_row_is_a_row_of_headings_in_html() {
        let mut table = Table::new(
            vec![Column::text("Phase"), Column::number("Spent")],
            vec![vec![Cell::plain("Scope"), Cell::plain("1:00")]],
        );
        table.total = Some(vec![Cell::plain("Total"), Cell::plain("1:00")]);
        table.narrow = true;
        assert_eq!(
            html(&table, Frame::Compact),
            "<table class=\"narrow\">\n<tr><th>Phase</th><th class=\"num\">Spent</th></tr>\n\
             <tr><td>Scope</td><td class=\"num\">1:00</td></tr>\n\
             <tr><th>Total</th><th class=\"num\">1:00</th></tr>\n</table>\n"
        );
        assert_eq!(
            markdown(&table, Frame::Compact),
            "| Phase | Spent |\n|---|---:|\n| Scope | 1:00 |\n| Total | 1:00 |\n"
        );
    }

    #[test]
    fn shared_content_is_written_where_it_is_named() {
        let mut table = Table::new(
            vec![Column::text("Session"), Column::number("#")],
            vec![
                vec![Cell::shared(1), Cell::plain("1")],
                vec![Cell::shared(0).marked(Mark::Dim), Cell::plain("2")],
            ],
        );
        table.shared = vec![
            Content::One(Span::session("a <b>")),
            Content::One(Span::session("*c*")),
        ];
        assert_eq!(
            markdown(&table, Frame::Compact),
            "| Session | # |\n|---|---:|\n| \\*c\\* | 1 |\n| a \\<b\\> | 2 |\n"
        );
        assert!(html(&table, Frame::Compact).contains(
            "<tr><td>*c*</td><td class=\"num\">1</td></tr>\n\
             <tr><td class=\"dim\">a &lt;b&gt;</td><td class=\"num\">2</td></tr>\n"
        ));
    }
}
