//! Three-way merge of one value, field by field: each item is seen as its JSON form, so a
//! field added to the model is merged without a line here. A change on one side is taken;
//! the same change on both sides is one change; two different changes to one field keep
//! ours and are reported.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// One field changed differently on both sides: ours is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Clash {
    /// The dotted path of the field inside its item, e.g. `grammar.action`.
    pub field: String,
    /// The value before either side changed it; `None` when it was not there.
    pub base: Option<Value>,
    /// Our value, which the merge keeps.
    pub ours: Option<Value>,
    /// Their value.
    pub theirs: Option<Value>,
}

/// The merged value (`None`: absent), with the fields both sides changed differently.
pub(super) fn merge_value(
    path: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    clashes: &mut Vec<Clash>,
) -> Option<Value> {
    if ours == theirs || base == theirs {
        return ours.cloned();
    }
    if base == ours {
        return theirs.cloned();
    }
    // Both changed an object (a struct, or the same enum variant): field by field.
    if let (Some(Value::Object(o)), Some(Value::Object(t))) = (ours, theirs) {
        let b = match base {
            Some(Value::Object(b)) => Some(b),
            _ => None,
        };
        let mut keys: Vec<&String> = o.keys().collect();
        for key in t.keys().chain(b.into_iter().flat_map(Map::keys)) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let mut out = Map::new();
        for key in keys {
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            let merged = merge_value(
                &child,
                b.and_then(|b| b.get(key)),
                o.get(key),
                t.get(key),
                clashes,
            );
            if let Some(value) = merged {
                out.insert(key.clone(), value);
            }
        }
        return Some(Value::Object(out));
    }
    clashes.push(Clash {
        field: path.to_owned(),
        base: base.cloned(),
        ours: ours.cloned(),
        theirs: theirs.cloned(),
    });
    ours.cloned()
}

/// The JSON form of a model value. The model's types hold only strings, numbers, dates and
/// plain enums, which always serialize; `Null` stands in should one ever not.
pub(super) fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Merges one item field by field. When the merged fields do not make an item again (a
/// combination the type cannot hold), ours is kept whole and the item reported as a clash.
pub(super) fn merge_item<T: Serialize + DeserializeOwned + Clone>(
    base: &T,
    ours: &T,
    theirs: &T,
    clashes: &mut Vec<Clash>,
) -> T {
    let (b, o, t) = (json(base), json(ours), json(theirs));
    let mut found = Vec::new();
    let merged = merge_value("", Some(&b), Some(&o), Some(&t), &mut found);
    match merged.map(serde_json::from_value::<T>) {
        Some(Ok(item)) => {
            clashes.extend(found);
            item
        }
        _ => {
            clashes.push(Clash {
                field: String::new(),
                base: Some(b),
                ours: Some(o),
                theirs: Some(t),
            });
            ours.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(b: Value, o: Value, t: Value) -> (Option<Value>, Vec<Clash>) {
        let mut clashes = Vec::new();
        let v = merge_value("", Some(&b), Some(&o), Some(&t), &mut clashes);
        (v, clashes)
    }

    #[test]
    fn different_fields_are_both_kept_and_the_same_change_is_no_clash() {
        let (v, clashes) = merged(
            json!({"a": 1, "b": 1, "g": {"x": "", "y": ""}}),
            json!({"a": 2, "b": 1, "g": {"x": "ours", "y": ""}}),
            json!({"a": 2, "b": 3, "g": {"x": "", "y": "theirs"}}),
        );
        assert_eq!(
            v,
            Some(json!({"a": 2, "b": 3, "g": {"x": "ours", "y": "theirs"}}))
        );
        assert!(clashes.is_empty());
    }

    #[test]
    fn the_same_field_changed_differently_keeps_ours_and_says_so() {
        let (v, clashes) = merged(
            json!({"g": {"x": "base"}}),
            json!({"g": {"x": "ours"}}),
            json!({"g": {"x": "theirs"}}),
        );
        assert_eq!(v, Some(json!({"g": {"x": "ours"}})));
        assert_eq!(clashes.len(), 1);
        assert_eq!(clashes[0].field, "g.x");
        assert_eq!(clashes[0].theirs, Some(json!("theirs")));
    }

    #[test]
    fn a_field_added_on_one_side_and_removed_on_the_other_follows_the_change() {
        let (v, clashes) = merged(
            json!({"a": 1, "b": 1}),
            json!({"a": 1}),
            json!({"a": 1, "b": 1, "c": 5}),
        );
        assert_eq!(v, Some(json!({"a": 1, "c": 5})));
        assert!(clashes.is_empty());
    }
}
