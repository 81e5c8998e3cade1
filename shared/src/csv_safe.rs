//! CSV cells that a spreadsheet cannot run (OWASP "CSV injection"): a cell
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read by
//! Excel, LibreOffice and Sheets as a formula, so a customer's name like
//! `=HYPERLINK(…)` would become a live link in the operator's export. Such
//! a cell gets a leading `'`, which spreadsheets show as text. A plain
//! number (`-1.50`, `+441632960000`) is left alone: it is not a formula, and
//! amounts and E.164 numbers must stay numbers.

use std::borrow::Cow;

/// `value`, neutralised if a spreadsheet would run it.
pub fn cell(value: &str) -> Cow<'_, str> {
    let risky = value
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !plain_number(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// An optional sign, digits, at most one decimal point, at least one digit.
fn plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let mut dots = 0;
    let mut any = false;
    for c in digits.chars() {
        match c {
            '0'..='9' => any = true,
            '.' => dots += 1,
            _ => return false,
        }
    }
    any && dots <= 1
}

/// Every cell of a record, neutralised, as bytes for `csv::Writer::write_record`.
pub fn record<'a, I, S>(cells: I) -> Vec<Cow<'a, [u8]>>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    cells
        .into_iter()
        .map(|c| match cell(c.as_ref()) {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for v in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "+",
        ] {
            assert_eq!(cell(v), format!("'{v}"), "{v:?}");
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_unchanged() {
        for v in [
            "-1.50",
            "+441632960000",
            "0.0123",
            "Acme Ltd",
            "",
            "a=b",
            "44",
        ] {
            assert_eq!(cell(v), v, "{v:?}");
        }
    }

    #[test]
    fn a_record_is_neutralised_cell_by_cell() {
        let r = record(["ok", "=1+1", "-3"]);
        let r: Vec<&[u8]> = r.iter().map(|c| c.as_ref()).collect();
        assert_eq!(r, [&b"ok"[..], b"'=1+1", b"-3"]);
    }
}
