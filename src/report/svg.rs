//! The report's two pictures as inline SVG, for the HTML page: the risk heat map
//! (likelihood × impact, with the count of threats in each cell) and the coverage bars (live
//! STRIDE cells considered, per session). Text in them is escaped; nothing is loaded.

use std::fmt::Write as _;

use crate::html::escape;
use crate::model::RiskBand;

/// The side of one heat-map cell, in pixels.
const CELL: usize = 56;
/// Room for the likelihood axis on the left and the impact axis below.
const LEFT: usize = 64;
/// Room below the grid.
const BOTTOM: usize = 44;

/// The fill of a heat-map cell by the band of its score: light, so that counts read and it
/// prints on any printer.
fn fill(band: RiskBand) -> &'static str {
    match band {
        RiskBand::Low => "#dafbe1",
        RiskBand::Medium => "#fff1b3",
        RiskBand::High => "#ffd8b5",
        RiskBand::Critical => "#ffc1c0",
    }
}

/// The heat map: likelihood up the side (5 at the top), impact along the bottom, a count in
/// each cell (blank for none).
pub fn heat_map(grid: &[[usize; 5]; 5]) -> String {
    let width = LEFT + 5 * CELL + 8;
    let height = 5 * CELL + BOTTOM;
    let mut out = format!(
        "<svg class=\"heat\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Risk heat map: threats by \
         likelihood and impact\">\n"
    );
    for (row, likelihood) in (1..=5u8).rev().enumerate() {
        let y = row * CELL;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"end\">{likelihood}</text>",
            LEFT - 8,
            y + CELL / 2 + 5
        );
        for impact in 1..=5u8 {
            let x = LEFT + usize::from(impact - 1) * CELL;
            let n = grid[usize::from(likelihood - 1)][usize::from(impact - 1)];
            let band = RiskBand::of(likelihood * impact);
            let _ = writeln!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" fill=\"{}\" \
                 stroke=\"#8c959f\"/>",
                fill(band)
            );
            if n > 0 {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" class=\"count\" text-anchor=\"middle\">{n}</text>",
                    x + CELL / 2,
                    y + CELL / 2 + 7
                );
            }
        }
    }
    for impact in 1..=5usize {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{impact}</text>",
            LEFT + (impact - 1) * CELL + CELL / 2,
            5 * CELL + 18
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">impact</text>",
        LEFT + 5 * CELL / 2,
        5 * CELL + 38
    );
    let _ = writeln!(
        out,
        "<text x=\"14\" y=\"{}\" class=\"label\" text-anchor=\"middle\" \
         transform=\"rotate(-90 14 {})\">likelihood</text>",
        5 * CELL / 2,
        5 * CELL / 2
    );
    out.push_str("</svg>\n");
    out
}

/// One bar of the coverage chart: a label and live cells considered of all.
pub struct Bar<'a> {
    /// What the bar is for (session text; escaped here).
    pub label: &'a str,
    /// Live cells considered.
    pub considered: usize,
    /// All live cells.
    pub live: usize,
    /// The percent as the report writes it.
    pub percent: u32,
}

/// Where the bars start and how long a full one is.
const BAR_X: usize = 280;
const BAR_W: usize = 360;
const ROW: usize = 28;

/// Coverage bars, one per session, each with its figure.
pub fn coverage_bars(bars: &[Bar]) -> String {
    let width = BAR_X + BAR_W + 140;
    let height = bars.len().max(1) * ROW + 8;
    let mut out = format!(
        "<svg class=\"bars\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Coverage of live STRIDE cells \
         per session\">\n"
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let filled = (BAR_W * bar.considered).checked_div(bar.live).unwrap_or(0);
        let colour = if bar.live > 0 && bar.considered == bar.live {
            "#2da44e"
        } else {
            "#0b5cad"
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"end\">{}</text>",
            BAR_X - 10,
            y + 16,
            escape(&crate::text::fit(&crate::text::one_line(bar.label), 34))
        );
        let _ = writeln!(
            out,
            "<rect x=\"{BAR_X}\" y=\"{y}\" width=\"{BAR_W}\" height=\"20\" fill=\"#eaeef2\"/>\n\
             <rect x=\"{BAR_X}\" y=\"{y}\" width=\"{filled}\" height=\"20\" fill=\"{colour}\"/>"
        );
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" class=\"axis\">{}/{} ({} %)</text>",
            BAR_X + BAR_W + 8,
            y + 15,
            bar.considered,
            bar.live,
            bar.percent
        );
    }
    out.push_str("</svg>\n");
    out
}
