//! Three-way merges of the session's lists: items with an ID (or a key, like a cell's
//! "nothing found" note) merged item by item and field by field; plain lists (participants,
//! assets, the parking lot) as sets of values.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::fields::{Clash, merge_item};
use super::{Conflict, Log};

/// Merges two lists of keyed items against their base. An item added on one side is kept;
/// removed on one side and unchanged on the other, it goes; removed on one side and changed
/// on the other, the changed one is kept and a note says so. Ours' order first, then what
/// only theirs has.
pub(super) fn merge_keyed<T>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> String,
    log: &mut Log,
) -> Vec<T>
where
    T: Serialize + DeserializeOwned + Clone + PartialEq,
{
    let find = |list: &'_ [T], k: &str| list.iter().find(|item| key(item) == k).cloned();
    let mut out = Vec::new();
    let mut keys: Vec<String> = ours.iter().map(&key).collect();
    for k in theirs.iter().map(&key) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for k in keys {
        let (b, o, t) = (find(base, &k), find(ours, &k), find(theirs, &k));
        let kept = match (b, o, t) {
            (Some(b), Some(o), Some(t)) => {
                let mut clashes = Vec::new();
                let item = merge_item(&b, &o, &t, &mut clashes);
                log.clashes(&k, clashes);
                Some(item)
            }
            (Some(b), Some(o), None) if o == b => None,
            (Some(b), None, Some(t)) if t == b => None,
            (Some(_), Some(o), None) => {
                log.notes.push(format!(
                    "{k} was deleted on their side and changed on ours: kept, with our changes"
                ));
                Some(o)
            }
            (Some(_), None, Some(t)) => {
                log.notes.push(format!(
                    "{k} was deleted on our side and changed on theirs: kept, with their changes"
                ));
                Some(t)
            }
            (None, Some(o), Some(t)) if o != t => {
                // Added on both sides under one key (a "nothing found" note on the same
                // cell): a clash of two additions.
                let mut clashes = Vec::new();
                let item = merge_item(&o, &o, &t, &mut clashes);
                if clashes.is_empty() {
                    clashes.push(whole(&o, &t));
                }
                log.clashes(&k, clashes);
                Some(item)
            }
            (_, Some(o), _) => Some(o),
            (_, None, t) => t,
        };
        out.extend(kept);
    }
    out
}

/// Two additions under one key, as one clash of the whole item.
fn whole<T: Serialize>(ours: &T, theirs: &T) -> Clash {
    Clash {
        field: String::new(),
        base: None,
        ours: Some(super::fields::json(ours)),
        theirs: Some(super::fields::json(theirs)),
    }
}

/// Merges plain lists as sets: what either side added is kept (once), what either side
/// removed goes. Ours' order first, then theirs' additions.
pub(super) fn merge_set<T: Clone + PartialEq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let removed_by = |side: &[T], item: &T| base.contains(item) && !side.contains(item);
    for item in ours {
        if !removed_by(theirs, item) && !out.contains(item) {
            out.push(item.clone());
        }
    }
    for item in theirs {
        if !removed_by(ours, item) && !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

impl Log {
    /// Records the clashes found in the item `key` as conflicts.
    pub(super) fn clashes(&mut self, key: &str, clashes: Vec<Clash>) {
        self.conflicts
            .extend(clashes.into_iter().map(|c| Conflict::from_clash(key, c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_keep_both_additions_once_and_drop_removals() {
        let base = ["a", "b", "c"];
        let ours = ["a", "c", "d", "x"];
        let theirs = ["a", "b", "x", "e"];
        assert_eq!(merge_set(&base, &ours, &theirs), ["a", "d", "x", "e"]);
    }
}
