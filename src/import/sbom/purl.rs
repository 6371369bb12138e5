//! Package URLs (`pkg:npm/%40types/node@20.1.0?arch=x64#lib`) taken apart as far as an SBOM
//! import needs: the namespace (a supplier of last resort) and the identity without the
//! version, which tells the same package in two versions of a BOM.

/// The parts of a package URL an import reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Purl {
    /// The package type: `npm`, `maven`, `golang`.
    pub kind: String,
    /// The namespace, decoded: `@types`, `org.apache.logging.log4j`, `github.com/ProtonMail`.
    pub namespace: Option<String>,
    /// The name, decoded.
    pub name: String,
}

impl Purl {
    /// Reads `text`; `None` when it is not a package URL.
    pub(crate) fn parse(text: &str) -> Option<Purl> {
        let (scheme, rest) = text.trim().split_once(':')?;
        if !scheme.eq_ignore_ascii_case("pkg") {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let rest = rest.split('?').next().unwrap_or_default();
        let rest = rest.trim_matches('/');
        let (kind, path) = rest.split_once('/')?;
        // The version follows the last `@` of the last segment; an `@` in the namespace
        // (`@types` written unencoded) is not one.
        let last_slash = path.rfind('/').map_or(0, |i| i + 1);
        let path = match path[last_slash..].rfind('@') {
            Some(at) => &path[..last_slash + at],
            None => path,
        };
        let (namespace, name) = match path.rsplit_once('/') {
            Some((namespace, name)) => (Some(namespace), name),
            None => (None, path),
        };
        let name = decode(name);
        if kind.is_empty() || name.is_empty() {
            return None;
        }
        Some(Purl {
            kind: kind.to_ascii_lowercase(),
            namespace: namespace.map(decode).filter(|n| !n.is_empty()),
            name,
        })
    }

    /// What the package is, whatever its version: `npm/@types/node`, in lower case.
    pub(crate) fn key(&self) -> String {
        let mut key = self.kind.clone();
        if let Some(namespace) = &self.namespace {
            key.push('/');
            key.push_str(namespace);
        }
        key.push('/');
        key.push_str(&self.name);
        key.to_lowercase()
    }
}

/// Percent-decodes a purl segment; a `%` not followed by two hex digits stays as it is.
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Option<(String, Option<String>, String)> {
        Purl::parse(text).map(|p| (p.kind, p.namespace, p.name))
    }

    #[test]
    fn purls_come_apart_into_type_namespace_and_name() {
        let p = |k: &str, n: Option<&str>, name: &str| {
            Some((k.to_owned(), n.map(str::to_owned), name.to_owned()))
        };
        assert_eq!(parts("pkg:npm/debug@4.1.1"), p("npm", None, "debug"));
        assert_eq!(
            parts("pkg:npm/%40types/color-name@1.1.1"),
            p("npm", Some("@types"), "color-name")
        );
        assert_eq!(
            parts("pkg:npm/@types/node@20.1.0?arch=x64#lib/x"),
            p("npm", Some("@types"), "node")
        );
        assert_eq!(
            parts("pkg:golang/github.com/ProtonMail/go-imap@v1.0.0"),
            p("golang", Some("github.com/ProtonMail"), "go-imap")
        );
        assert_eq!(
            parts("pkg:Maven/org.apache.logging.log4j/log4j-core"),
            p("maven", Some("org.apache.logging.log4j"), "log4j-core")
        );
        assert_eq!(parts("pkg:cargo/na%ZZme@1"), p("cargo", None, "na%ZZme"));
        assert_eq!(parts("https://example.com/x"), None);
        assert_eq!(parts("pkg:npm"), None);
        assert_eq!(parts("pkg:npm/@1.0"), None);
        assert_eq!(parts("pkg:npm/%E2%9C%93@1"), p("npm", None, "✓"));
    }

    #[test]
    fn the_key_ignores_version_qualifiers_and_case() {
        let key = |t: &str| Purl::parse(t).map(|p| p.key());
        assert_eq!(
            key("pkg:npm/%40types/Node@20?x=1"),
            key("pkg:NPM/@types/node@21")
        );
        assert_eq!(key("pkg:npm/debug@4.1.1").as_deref(), Some("npm/debug"));
        assert_ne!(key("pkg:npm/debug@1"), key("pkg:pypi/debug@1"));
    }
}
