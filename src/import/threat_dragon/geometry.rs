//! Where things are on a Threat Dragon diagram, and what that says about trust boundaries:
//! a box holds the shapes whose centre lies inside it; a curve has no inside, so it holds
//! the shapes at one end of the flows drawn across it (see [`members`]). Flows and curves
//! are taken as straight lines through their bends (Threat Dragon draws them smoothed).

/// A point on the diagram, in Threat Dragon's pixels (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Point {
    /// Across.
    pub x: f64,
    /// Down.
    pub y: f64,
}

/// A shape's box on the diagram: its top-left corner and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    /// The top-left corner.
    pub corner: Point,
    /// Across.
    pub width: f64,
    /// Down.
    pub height: f64,
}

impl Rect {
    /// The middle of the box.
    pub fn centre(&self) -> Point {
        Point {
            x: self.corner.x + self.width / 2.0,
            y: self.corner.y + self.height / 2.0,
        }
    }

    /// Whether `p` lies inside the box or on its edge.
    pub fn contains(&self, p: Point) -> bool {
        let (left, right) = span(self.corner.x, self.width);
        let (top, bottom) = span(self.corner.y, self.height);
        (left..=right).contains(&p.x) && (top..=bottom).contains(&p.y)
    }
}

/// The ends of a side that may have been drawn with a negative size.
fn span(start: f64, size: f64) -> (f64, f64) {
    if size < 0.0 {
        (start + size, start)
    } else {
        (start, start + size)
    }
}

/// Which way `c` turns from the line `a`→`b`: positive left, negative right, zero on it.
fn turn(a: Point, b: Point, c: Point) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// Whether the flow's segment `a`–`b` crosses the curve's segment `c`–`d`. A flow that only
/// touches the curve or runs along it does not. The curve's points count as lying on one
/// side of the flow (the right), so a flow through a bend between two segments crosses
/// exactly one of them, and one that only grazes a bend crosses none or both.
fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let opposite = |p: f64, q: f64| (p > 0.0 && q < 0.0) || (p < 0.0 && q > 0.0);
    opposite(turn(c, d, a), turn(c, d, b)) && ((turn(a, b, c) > 0.0) != (turn(a, b, d) > 0.0))
}

/// Whether a flow drawn as `flow` (from its start, through its bends, to its end) crosses
/// the curve `curve`, and if so on which side its start lies: `Some(true)` when left of the
/// curve's direction (counted with y upwards), `Some(false)` when right, `None` when the flow does not cross it or
/// crosses it an even number of times (and so ends on the side it started).
pub(super) fn crossing(flow: &[Point], curve: &[Point]) -> Option<bool> {
    let mut first = None;
    let mut times = 0;
    for s in flow.windows(2) {
        for t in curve.windows(2) {
            if segments_cross(s[0], s[1], t[0], t[1]) {
                times += 1;
                first.get_or_insert(turn(t[0], t[1], s[0]) > 0.0);
            }
        }
    }
    first.filter(|_| times % 2 == 1)
}

/// A flow between two shapes, by their index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Link {
    /// The shape it starts at.
    pub from: usize,
    /// The shape it ends at.
    pub to: usize,
}

/// A flow drawn across a curve: the link, and whether its start lies left of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Crossing {
    /// The flow.
    pub link: Link,
    /// Whether its start lies left of the curve (its end then lies right).
    pub start_left: bool,
}

/// The members of a curve boundary: the shapes at the ends of the flows drawn across it, on
/// one side of it. The side is the one that makes fewest of the other `flows` cross (those
/// `drawn` across no curve at all but joining a member to a shape that is not one); on a tie
/// the side with fewer shapes, then the left. Ascending, without repeats.
pub(super) fn members(crossings: &[Crossing], flows: &[Link], drawn: &[bool]) -> Vec<usize> {
    let side = |left: bool| -> Vec<usize> {
        let mut shapes: Vec<usize> = crossings
            .iter()
            .map(|c| {
                if c.start_left == left {
                    c.link.from
                } else {
                    c.link.to
                }
            })
            .collect();
        shapes.sort_unstable();
        shapes.dedup();
        shapes
    };
    let stray = |shapes: &[usize]| {
        flows
            .iter()
            .zip(drawn)
            .filter(|(f, drawn)| {
                !**drawn
                    && shapes.binary_search(&f.from).is_ok() != shapes.binary_search(&f.to).is_ok()
            })
            .count()
    };
    let (left, right) = (side(true), side(false));
    let cost = |shapes: &Vec<usize>| (stray(shapes), shapes.len());
    if cost(&right) < cost(&left) {
        right
    } else {
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn a_box_holds_what_lies_inside_it() {
        let r = Rect {
            corner: p(10.0, 20.0),
            width: 100.0,
            height: 50.0,
        };
        assert_eq!(r.centre(), p(60.0, 45.0));
        assert!(r.contains(p(10.0, 20.0)) && r.contains(p(110.0, 70.0)));
        assert!(!r.contains(p(9.9, 30.0)) && !r.contains(p(50.0, 71.0)));
        let flipped = Rect {
            corner: p(110.0, 70.0),
            width: -100.0,
            height: -50.0,
        };
        assert!(flipped.contains(p(60.0, 45.0)));
    }

    #[test]
    fn a_flow_crosses_a_curve_an_odd_number_of_times() {
        // The curve runs along y = 10 towards growing x; its left, counted with y upwards,
        // is y > 10 (only that both sides are told apart matters).
        let curve = [p(0.0, 10.0), p(10.0, 10.0), p(20.0, 10.0)];
        assert_eq!(crossing(&[p(5.0, 20.0), p(5.0, 0.0)], &curve), Some(true));
        assert_eq!(crossing(&[p(5.0, 0.0), p(5.0, 20.0)], &curve), Some(false));
        assert_eq!(crossing(&[p(30.0, 0.0), p(30.0, 20.0)], &curve), None);
        assert_eq!(
            crossing(&[p(5.0, 0.0), p(7.0, 20.0), p(9.0, 0.0)], &curve),
            None,
            "there and back"
        );
        assert_eq!(
            crossing(&[p(10.0, 0.0), p(10.0, 20.0)], &curve),
            Some(false),
            "through a bend"
        );
        let vee = [p(0.0, 0.0), p(10.0, 10.0), p(20.0, 0.0)];
        assert_eq!(
            crossing(&[p(0.0, 10.0), p(20.0, 10.0)], &vee),
            None,
            "grazing a bend"
        );
        assert_eq!(
            crossing(&[p(5.0, 0.0), p(5.0, 10.0)], &curve),
            None,
            "ending on it"
        );
        assert_eq!(
            crossing(&[p(0.0, 10.0), p(5.0, 10.0)], &curve),
            None,
            "along it"
        );
        assert_eq!(crossing(&[p(1.0, 1.0)], &curve), None, "a single point");
    }

    #[test]
    fn a_curve_holds_the_side_that_marks_fewest_other_flows() {
        let link = |from, to| Link { from, to };
        // Web app (0) → queue (1) is drawn across; config (2) → web app is drawn across
        // nothing; queue → worker (3) across another curve.
        let flows = [link(0, 1), link(2, 0), link(1, 3)];
        let drawn = [true, false, true];
        let across = |start_left| Crossing {
            link: link(0, 1),
            start_left,
        };
        assert_eq!(members(&[across(true)], &flows, &drawn), vec![1]);
        assert_eq!(members(&[across(false)], &flows, &drawn), vec![1]);
        // With no stray flow either way, the smaller side.
        let flows = [link(0, 1), link(2, 1)];
        let crossings = [
            Crossing {
                link: link(0, 1),
                start_left: true,
            },
            Crossing {
                link: link(2, 1),
                start_left: true,
            },
        ];
        assert_eq!(members(&crossings, &flows, &[true, true]), vec![1]);
        assert!(members(&[], &flows, &[false, false]).is_empty());
    }
}
