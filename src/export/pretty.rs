//! Pretty-printed JSON of a document with one long array at its top level (the threats),
//! written on two threads: the array's items in tasks that both threads share, the rest
//! of the document first on this one, then the items put in the rest's empty array. Byte
//! for byte what serde_json's pretty printer writes of the whole document.

use std::ops::Range;

use serde::Serialize;

/// The document `rest()` makes, pretty-printed, with the items `items(range)` makes for
/// `0..count` in its top-level array `key` (which `rest()` leaves empty). The items are
/// made and written in tasks of `per_task` that two threads share.
pub fn pretty<D, T>(
    key: &str,
    rest: impl FnOnce() -> D,
    count: usize,
    items: impl Fn(Range<usize>) -> Vec<T> + Sync,
    per_task: usize,
) -> serde_json::Result<String>
where
    D: Serialize,
    T: Serialize,
{
    let per_task = per_task.max(1);
    let (rest, written) = crate::alongside::shared(
        "threatbench-export",
        || serde_json::to_string_pretty(&rest()),
        count.div_ceil(per_task),
        |n| written_items(&items(n * per_task..count.min((n + 1) * per_task))),
    );
    let rest = rest?;
    let written = written
        .into_iter()
        .collect::<serde_json::Result<Vec<_>>>()?;
    // A string is written with its line breaks escaped: a line break followed by two
    // spaces and a quote starts a key of the top-level object, and keys are unique.
    let empty = format!("\n  {}: []", serde_json::to_string(key)?);
    if count == 0 {
        return Ok(rest);
    }
    let Some(at) = rest.find(&empty) else {
        return Err(serde::ser::Error::custom(format!(
            "no empty array {key} at the top level to put the items in"
        )));
    };
    let len = written.iter().map(String::len).sum::<usize>() + written.len();
    let mut out = String::with_capacity(rest.len() + len + key.len() + 8);
    out.push_str(&rest[..at]);
    out.push_str(&empty[..empty.len() - 1]);
    for (n, items) in written.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(items);
    }
    out.push_str("\n  ]");
    out.push_str(&rest[at + empty.len()..]);
    Ok(out)
}

/// The items as the pretty printer writes them inside a top-level array: each on its own
/// lines, indented by four spaces, the first after a line break and the others after a
/// comma and a line break. Written inside a document of the same shape, so that the
/// printer itself indents them, and cut out of it.
fn written_items<T: Serialize>(items: &[T]) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Shape<'a, T> {
        k: &'a [T],
    }
    let mut text = serde_json::to_string_pretty(&Shape { k: items })?;
    // `{\n  "k": [` … `\n  ]\n}`; with no items `{\n  "k": []\n}`, and nothing is cut out.
    const HEAD: &str = "{\n  \"k\": [";
    const TAIL: &str = "\n  ]\n}";
    if items.is_empty() {
        return Ok(String::new());
    }
    if !text.starts_with(HEAD) || !text.ends_with(TAIL) {
        return Err(serde::ser::Error::custom("items written in another shape"));
    }
    text.truncate(text.len() - TAIL.len());
    text.drain(..HEAD.len());
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Clone)]
    struct Doc {
        title: String,
        threats: Vec<Item>,
        after: Vec<u8>,
    }

    #[derive(Serialize, Clone)]
    struct Item {
        id: usize,
        text: String,
        threats: Vec<String>,
    }

    #[test]
    fn items_put_in_place_are_the_whole_document() {
        for count in [0, 1, 2, 5, 17] {
            let items: Vec<Item> = (0..count)
                .map(|id| Item {
                    id,
                    text: format!("line\n  \"threats\": [] {id}"),
                    threats: Vec::new(),
                })
                .collect();
            let doc = Doc {
                title: "t".into(),
                threats: items.clone(),
                after: vec![1, 2],
            };
            let whole = serde_json::to_string_pretty(&doc).unwrap();
            for per_task in [1, 2, 3, 100] {
                let rest = || Doc {
                    threats: Vec::new(),
                    ..doc.clone()
                };
                let made = pretty("threats", rest, count, |r| items[r].to_vec(), per_task);
                assert_eq!(made.unwrap(), whole, "{count} items, {per_task} a task");
            }
        }
    }
}
