//! The itemized appendix of an invoice (issue 24): every call the invoice
//! bills, service by service — when, the number called (masked as the
//! seller chose), how long, the seconds billed and those an allowance
//! covered, and the charge — on as many pages as it takes, the column
//! headings repeated on each. Its pages' streams are compressed, so a
//! month of heavy use (10,000 calls) stays a small file.

use super::pdf::{MARGIN, WIDTH, Writer, group_label};
use ringledger_db::entities::cdrs;
use ringledger_shared::api::my_calls::mask_number;
use ringledger_shared::format;
use ringledger_shared::i18n::{t, tf};
use rust_decimal::Decimal;

/// Height of one call's row.
const ROW: f32 = 11.5;

/// What the appendix prints: the invoice's calls (by service, then time)
/// and how many trailing digits of each number it hides.
pub struct Appendix<'a> {
    /// The calls, grouped by service (as `Usage::invoice_calls` reads them).
    pub calls: &'a [cdrs::Model],
    /// Digits hidden at the end of each number called.
    pub masked_digits: u32,
}

/// The right edges of the columns after the first two (duration, billed,
/// allowance, charge), and the x of the number's column.
const NUMBER_X: f32 = MARGIN + 118.0;
const RIGHTS: [f32; 4] = [350.0, 410.0, 470.0, WIDTH - MARGIN];

/// Draws the appendix on new pages after the invoice.
pub(super) fn draw(w: &mut Writer, a: &Appendix<'_>, invoice_number: &str, cur: &str) {
    if a.calls.is_empty() {
        return;
    }
    w.new_page();
    let l = w.locale;
    w.text(MARGIN, w.y, 14.0, true, &t(l, "invoice-appendix-title"));
    w.right(WIDTH - MARGIN, w.y, 10.0, false, invoice_number);
    w.down(24.0);
    let mut start = 0;
    while start < a.calls.len() {
        let service = a.calls[start].service_id;
        let end = a.calls[start..]
            .iter()
            .position(|c| c.service_id != service)
            .map_or(a.calls.len(), |n| start + n);
        draw_service(w, &a.calls[start..end], a.masked_digits, cur);
        start = end;
    }
}

/// The heading of one service's calls: its kind and, for a phone or a
/// caller number, the identifier its calls came from (never a card's PIN).
fn service_heading(w: &Writer, first: &cdrs::Model) -> String {
    let kind = group_label(Some(first.service_kind.as_str()), w.locale);
    match first.service_kind {
        ringledger_shared::rating::ServiceKind::CallingCard => kind,
        _ => format!("{kind} · {}", first.identifier),
    }
}

fn draw_heads(w: &mut Writer, heading: &str) {
    let l = w.locale;
    w.text(MARGIN, w.y, 10.0, true, heading);
    w.down(14.0);
    w.text(MARGIN, w.y, 8.5, true, &t(l, "invoice-appendix-time"));
    w.text(NUMBER_X, w.y, 8.5, true, &t(l, "invoice-appendix-number"));
    let heads = [
        "invoice-appendix-duration",
        "invoice-appendix-billed",
        "invoice-appendix-allowance",
        "invoice-appendix-charge",
    ];
    for (id, x) in heads.iter().zip(RIGHTS) {
        w.right(x, w.y, 8.5, true, &t(l, id));
    }
    w.rule(w.y - 4.0);
    w.down(15.0);
}

/// One service's calls, with their count and total under them.
fn draw_service(w: &mut Writer, calls: &[cdrs::Model], masked: u32, cur: &str) {
    let heading = service_heading(w, &calls[0]);
    let continued = tf(
        w.locale,
        "invoice-appendix-continued",
        &[("service", heading.as_str().into())],
    );
    draw_heads(w, &heading);
    let mut total = Decimal::ZERO;
    for c in calls {
        total += c.charge.0;
        let when = c.start_time.format("%Y-%m-%d %H:%M:%S").to_string();
        w.text(MARGIN, w.y, 8.5, false, &when);
        w.text(
            NUMBER_X,
            w.y,
            8.5,
            false,
            &mask_number(&c.destination, masked),
        );
        let cells = [
            format::duration(c.duration_secs),
            format::duration(c.billable_secs),
            format::duration(c.covered_secs),
            format::rate(round4(c.charge.0), w.locale),
        ];
        for (text, x) in cells.iter().zip(RIGHTS) {
            w.right(x, w.y, 8.5, false, text);
        }
        if w.down_paged(ROW) {
            draw_heads(w, &continued);
        }
    }
    w.rule(w.y + ROW - 3.0);
    w.down(4.0);
    let summary = tf(
        w.locale,
        "invoice-appendix-total",
        &[
            (
                "calls",
                tf(
                    w.locale,
                    "common-calls",
                    &[("count", (calls.len() as u64).into())],
                )
                .into(),
            ),
            (
                "total",
                format::rate_money(round4(total), cur, w.locale).into(),
            ),
        ],
    );
    w.right(WIDTH - MARGIN, w.y, 9.0, true, &summary);
    w.down(24.0);
}

fn round4(d: Decimal) -> Decimal {
    ringledger_shared::money::round_half_away(d, 4)
}

#[cfg(test)]
mod tests {
    use super::super::pdf::{Writer, assemble};
    use super::*;
    use ringledger_db::entities::decimal::DbDecimal;
    use ringledger_shared::locale::Locale;
    use ringledger_shared::rating::ServiceKind;

    fn call(i: usize, service: u128) -> cdrs::Model {
        let at =
            chrono::DateTime::from_timestamp(1_796_000_000 + i as i64 * 240, 0).unwrap_or_default();
        cdrs::Model {
            tenant_id: uuid::Uuid::nil(),
            id: uuid::Uuid::from_u128(i as u128 + 1),
            call_id: format!("c{i}"),
            account_id: None,
            service_id: Some(uuid::Uuid::from_u128(service).into()),
            service_kind: ServiceKind::Sip,
            identifier: "sip-user-1".into(),
            destination: format!("4479460{:05}", i % 100_000),
            start_time: at,
            duration_secs: 61 + (i % 600) as i64,
            media: "audio".into(),
            status: cdrs::CdrStatus::Rated,
            reason: None,
            prefix: Some("447".into()),
            billable_secs: 120,
            covered_secs: 60,
            charge: DbDecimal(Decimal::new(125, 4)),
            created_at: at,
            late: false,
            invoice_id: None,
            journal_id: None,
            reason_detail: None,
        }
    }

    #[test]
    fn ten_thousand_calls_paginate_into_a_small_file() {
        let mut calls: Vec<_> = (0..9_000).map(|i| call(i, 1)).collect();
        calls.extend((9_000..10_000).map(|i| call(i, 2)));
        let mut w = Writer::new((0.1, 0.3, 0.8), Locale::En);
        let appendix = Appendix {
            calls: &calls,
            masked_digits: 3,
        };
        draw(&mut w, &appendix, "INV-000001", "GBP");
        // About 60 calls a page, plus each service's headings and total.
        let pages = w.page_count();
        assert!((160..=200).contains(&pages), "{pages} pages");
        let pdf = assemble(w.into_pages(), 1);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 3_000_000, "{} bytes", pdf.len());
    }

    #[test]
    fn no_calls_draw_no_page() {
        let mut w = Writer::new((0.1, 0.3, 0.8), Locale::En);
        let appendix = Appendix {
            calls: &[],
            masked_digits: 0,
        };
        draw(&mut w, &appendix, "INV-000001", "GBP");
        assert_eq!(w.page_count(), 1);
    }
}
