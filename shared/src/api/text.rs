//! [`Text`]: a string field of a request body, borrowed from the body.

use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

/// A string field of a request body, borrowed from the body when its JSON
/// holds no escape (the usual case: no allocation on a hot route), and
/// owned when it does (`"a\/b"` reads as `a/b`). Serde borrows a `Cow`
/// field only when the field's type is the `Cow` itself, not an
/// `Option<Cow>`; this type borrows wherever it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Text<'_> {
    /// Whether the text was read from the body in place (no escape in it).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }
}

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn plain_text_is_borrowed_and_escaped_text_is_read() {
        let plain: Text = serde_json::from_str(r#""alice""#).unwrap_or_default();
        assert_eq!((&*plain, plain.is_borrowed()), ("alice", true));
        let escaped: Text = serde_json::from_str(r#""a\/b\u00e9""#).unwrap_or_default();
        assert_eq!((&*escaped, escaped.is_borrowed()), ("a/bé", false));
        use serde::Deserialize;
        let owned = Text::deserialize(serde_json::json!("x")).unwrap_or_default();
        assert_eq!(&*owned, "x");
        assert!(
            serde_json::from_str::<Text>("12").is_err(),
            "a number is no text"
        );
    }
}
