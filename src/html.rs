//! Self-contained HTML pages (the register and the report): text escaped for HTML, and one
//! page shell with its style inline. Nothing is loaded from anywhere: no script, no font,
//! no image but inline SVG, so the page opens offline and prints the same everywhere.

use std::fmt::Write as _;

/// `text` safe between tags and inside a quoted attribute: `& < > " '` as entities, control
/// characters (escape sequences, NUL) dropped, line breaks kept.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`]d `text` written to the end of `out`, for pages written piece by piece.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            // Bidirectional overrides could make a line read differently from what it says.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
}

/// The style every page shares: readable on screen, and on paper without the colours of the
/// screen (tables do not break inside a row, sections start where they fit).
const BASE_STYLE: &str = "\
:root{--ink:#1b1f24;--dim:#57606a;--line:#d0d7de;--accent:#0b5cad;--low:#2da44e;\
--medium:#bf8700;--high:#d1242f;--critical:#82071e;--paper:#fff}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;\
color:var(--ink);background:var(--paper);margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:18px 0 6px}
p.meta,.dim{color:var(--dim)}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
tr{page-break-inside:avoid;break-inside:avoid}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.band-low{color:var(--low)}.band-medium{color:var(--medium)}.band-high{color:var(--high)}\
.band-critical{color:var(--critical);font-weight:600}
.undecided{color:var(--high);font-weight:600}
section{break-inside:auto}
.page{break-after:page}
@media print{body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}\
a{color:inherit;text-decoration:none}}
";

/// One complete page: `title` (escaped here) in the head and as the first heading,
/// `extra_style` after the shared style, and `body` as it is (already HTML).
pub fn page(title: &str, extra_style: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + BASE_STYLE.len() + 512);
    let title = escape(title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"threatbench {}\">\n\
         <title>{title}</title>\n<style>\n{BASE_STYLE}{extra_style}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_escape_sequences_do_not_survive() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\x1b[31m\u{202e}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;[31m"
        );
        assert_eq!(escape("two\nlines"), "two\nlines");
    }

    #[test]
    fn a_page_is_whole_and_loads_nothing() {
        let html = page("R&D <review>", "td{color:red}", "<p>hi</p>\n");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>R&amp;D &lt;review&gt;</title>"));
        assert!(html.ends_with("</html>\n"));
        for remote in ["http://", "https://", "<script", "<link", "@import", "url("] {
            assert!(!html.contains(remote), "{remote}");
        }
    }
}
