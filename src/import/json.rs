//! Reading another tool's JSON with the path of every value at hand, so that a file of the
//! wrong shape gets an error that says where: `$.detail.threats[3].title: expected text`.

use serde_json::Value;

use super::ImportError;

/// A value inside the document, with its JSON path.
#[derive(Debug, Clone)]
pub struct At<'a> {
    /// The value.
    pub value: &'a Value,
    /// Where it is: `$`, `$.components[2].name`.
    pub path: String,
}

impl<'a> At<'a> {
    /// The document's root.
    pub fn root(value: &'a Value) -> Self {
        At {
            value,
            path: "$".to_owned(),
        }
    }

    /// An error about this value.
    pub fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError::Shape {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// The member `key` of this object, when it is there and not `null`.
    pub fn get(&self, key: &str) -> Option<At<'a>> {
        let value = self.value.as_object()?.get(key)?;
        (!value.is_null()).then(|| At {
            value,
            path: member_path(&self.path, key),
        })
    }

    /// The member `key`, which must be there.
    pub fn field(&self, key: &str) -> Result<At<'a>, ImportError> {
        if !self.value.is_object() {
            return Err(self.error(format!("expected an object, found {}", kind(self.value))));
        }
        self.get(key)
            .ok_or_else(|| self.error(format!("the member \"{key}\" is missing")))
    }

    /// This value as text.
    pub fn str(&self) -> Result<&'a str, ImportError> {
        self.value
            .as_str()
            .ok_or_else(|| self.error(format!("expected text, found {}", kind(self.value))))
    }

    /// The member `key` as text, when it is there and is text (other shapes read as absent).
    pub fn text(&self, key: &str) -> Option<&'a str> {
        self.get(key)?.value.as_str()
    }

    /// The member `key` as text, which must be there.
    pub fn text_field(&self, key: &str) -> Result<&'a str, ImportError> {
        self.field(key)?.str()
    }

    /// The member `key` as a number, when it is there and is a number.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.get(key)?.value.as_f64()
    }

    /// The member `key` as a boolean, when it is there and is one.
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key)?.value.as_bool()
    }

    /// The items of this array, each with its path.
    pub fn items(&self) -> Result<Vec<At<'a>>, ImportError> {
        let array = self
            .value
            .as_array()
            .ok_or_else(|| self.error(format!("expected a list, found {}", kind(self.value))))?;
        Ok(array
            .iter()
            .enumerate()
            .map(|(i, value)| At {
                value,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    /// The items of the member `key`: none when it is absent, an error when it is not a list.
    pub fn list(&self, key: &str) -> Result<Vec<At<'a>>, ImportError> {
        match self.get(key) {
            Some(at) => at.items(),
            None => Ok(Vec::new()),
        }
    }
}

/// `$.a` then `.b`, or `["odd key"]` for keys that are not plain words.
fn member_path(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!("{parent}.{key}")
    } else {
        let quoted = serde_json::to_string(key).unwrap_or_default();
        format!("{parent}[{quoted}]")
    }
}

/// What a JSON value is, in words.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path() {
        let doc: Value = serde_json::from_str(r#"{"a": [{"b": 1}], "odd key": null}"#).unwrap();
        let root = At::root(&doc);
        let item = &root.list("a").unwrap()[0];
        let error = item.text_field("b").unwrap_err();
        assert_eq!(
            error.to_string(),
            "at $.a[0].b: expected text, found a number"
        );
        let error = item.field("c").unwrap_err();
        assert_eq!(error.to_string(), "at $.a[0]: the member \"c\" is missing");
        assert!(root.get("odd key").is_none(), "null reads as absent");
        assert_eq!(member_path("$", "odd key"), "$[\"odd key\"]");
        assert!(root.list("missing").unwrap().is_empty());
        assert!(root.field("a").unwrap().str().is_err());
    }
}
