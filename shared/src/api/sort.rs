//! The order of a list: a column, and `-` in front for descending
//! (`?sort=name`, `?sort=-created_at`). The SPA keeps it in the page
//! address; list routes that sort on the server read it the same way.

use crate::error::FieldError;

/// A parsed order: one of a list's columns, and whether it runs downward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The column (one of the list's own names).
    pub column: &'static str,
    /// Largest, latest or last-in-the-alphabet first.
    pub descending: bool,
}

impl Sort {
    /// Reads `raw` (`name`, `-name`; blank: `None`, the list's default
    /// order) against the list's `columns`; another column is a 400 on
    /// `field` naming the ones there are.
    pub fn parse(
        field: &'static str,
        raw: &str,
        columns: &[&'static str],
    ) -> Result<Option<Sort>, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let (descending, name) = match raw.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        columns
            .iter()
            .find(|c| **c == name)
            .map(|c| {
                Some(Sort {
                    column: c,
                    descending,
                })
            })
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!(
                        "must be one of {} (a leading - sorts downward)",
                        columns.join(", ")
                    ),
                )
            })
    }

    /// The address form: `name` or `-name`.
    pub fn to_param(self) -> String {
        if self.descending {
            format!("-{}", self.column)
        } else {
            self.column.to_owned()
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Sort;

    const COLUMNS: &[&str] = &["name", "created_at"];

    #[test]
    fn columns_read_with_their_direction() {
        let s = Sort::parse("sort", "-created_at", COLUMNS)
            .unwrap()
            .unwrap();
        assert_eq!((s.column, s.descending), ("created_at", true));
        assert_eq!(s.to_param(), "-created_at");
        let s = Sort::parse("sort", " name ", COLUMNS).unwrap().unwrap();
        assert!(!s.descending);
        assert_eq!(Sort::parse("sort", "", COLUMNS).unwrap(), None);
    }

    #[test]
    fn an_unknown_column_is_refused_naming_the_known_ones() {
        let e = Sort::parse("sort", "password_hash", COLUMNS).unwrap_err();
        assert_eq!(e.field, "sort");
        assert!(e.message.contains("name, created_at"), "{}", e.message);
        assert!(Sort::parse("sort", "-", COLUMNS).is_err());
    }
}
