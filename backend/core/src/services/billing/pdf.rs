//! The invoice as a branded PDF (A4): the seller's colour band and name,
//! address and tax id; the customer; the lines grouped by service; totals;
//! the statement (brought forward, payments, amount due) and the pay link.
//!
//! Written with `pdf-writer` in the standard Helvetica fonts (WinAnsi
//! encoding: characters outside it print as `?`), so no font is embedded and
//! `pdftotext` reads it back.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use ringledger_db::entities::{customers, invoice_lines, invoices, sellers};
use ringledger_shared::format;
use ringledger_shared::locale::Locale;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::InvoiceStatus;

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 48.0;
const BOTTOM: f32 = 90.0;

/// Everything printed on an invoice.
pub struct InvoiceDoc<'a> {
    /// The issuer (brand, address, tax id).
    pub seller: &'a sellers::Model,
    /// The customer.
    pub customer: &'a customers::Model,
    /// The invoice.
    pub invoice: &'a invoices::Model,
    /// Its lines, in order.
    pub lines: &'a [invoice_lines::Model],
    /// Where the customer pays.
    pub pay_url: &'a str,
    /// The credit note that voided it, if any.
    pub credit_note: Option<&'a str>,
}

/// Text in the fonts' WinAnsi encoding.
fn ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '—' => 0x97,
            '–' => 0x96,
            '’' => 0x92,
            _ => b'?',
        })
        .collect()
}

/// `#rrggbb` as fractions (a dark blue when malformed).
fn rgb(hex: &str) -> (f32, f32, f32) {
    let h = hex.trim_start_matches('#');
    let part = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .map(|v| f32::from(v) / 255.0)
    };
    match (h.len(), part(0), part(2), part(4)) {
        (6, Some(r), Some(g), Some(b)) => (r, g, b),
        _ => (0.11, 0.31, 0.85),
    }
}

/// Approximate width of Helvetica text (for right alignment).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| match c {
            '0'..='9' | '.' | ',' | ' ' => 0.556,
            'i' | 'l' | 'j' | '\'' | '|' => 0.25,
            'm' | 'w' | 'M' | 'W' => 0.85,
            c if c.is_uppercase() => 0.68,
            _ => 0.52,
        })
        .sum::<f32>()
        * size
}

struct Writer {
    pages: Vec<Content>,
    y: f32,
    color: (f32, f32, f32),
}

impl Writer {
    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let font = if bold { Name(b"F2") } else { Name(b"F1") };
        let bytes = ansi(text);
        let c = self.page();
        c.begin_text();
        c.set_font(font, size);
        c.next_line(x, y);
        c.show(Str(&bytes));
        c.end_text();
    }

    fn right(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let w = text_width(text, size);
        self.text(x - w, y, size, bold, text);
    }

    /// Moves down `by`, starting a new page when the bottom is reached.
    fn down(&mut self, by: f32) {
        self.y -= by;
        if self.y < BOTTOM {
            self.pages.push(Content::new());
            self.y = HEIGHT - MARGIN;
        }
    }

    fn rule(&mut self, y: f32) {
        let (r, g, b) = self.color;
        let c = self.page();
        c.set_stroke_rgb(r, g, b);
        c.set_line_width(0.8);
        c.move_to(MARGIN, y);
        c.line_to(WIDTH - MARGIN, y);
        c.stroke();
    }
}

fn group_label(kind: Option<&str>) -> String {
    match kind {
        Some("bundle") => "Bundles".into(),
        Some(k) => ServiceKind::parse(k).map_or_else(|| k.to_owned(), |s| s.label().to_owned()),
        None => "Other charges and credits".into(),
    }
}

fn minutes(secs: i64) -> String {
    let tenths = (secs.max(0) * 10 + 30) / 60;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Renders the invoice.
pub fn render(doc: &InvoiceDoc<'_>) -> Vec<u8> {
    let (s, c, inv) = (doc.seller, doc.customer, doc.invoice);
    let color = rgb(&s.primary_color);
    let mut w = Writer {
        pages: vec![Content::new()],
        y: HEIGHT,
        color,
    };
    draw_brand(&mut w, s, inv);
    draw_addresses(&mut w, s, c);
    draw_facts(&mut w, inv);
    draw_lines(&mut w, doc.lines, &inv.currency);
    draw_totals(&mut w, inv);
    draw_footer(&mut w, doc);
    assemble(w.pages)
}

/// Draws the brand band: the seller's name, the title and the number.
fn draw_brand(w: &mut Writer, s: &sellers::Model, inv: &invoices::Model) {
    let color = w.color;
    // The brand band.
    {
        let p = w.page();
        p.set_fill_rgb(color.0, color.1, color.2);
        p.rect(0.0, HEIGHT - 96.0, WIDTH, 96.0);
        p.fill_nonzero();
        p.set_fill_rgb(1.0, 1.0, 1.0);
    }
    w.text(MARGIN, HEIGHT - 56.0, 22.0, true, &s.name);
    let title = if inv.status == InvoiceStatus::Void {
        "INVOICE (VOID)"
    } else {
        "INVOICE"
    };
    w.right(WIDTH - MARGIN, HEIGHT - 50.0, 16.0, true, title);
    w.right(WIDTH - MARGIN, HEIGHT - 70.0, 11.0, false, &inv.number);
    w.page().set_fill_rgb(0.1, 0.1, 0.12);
}

/// Draws the seller's and the customer's addresses side by side, leaving
/// `w.y` below the longer of the two.
fn draw_addresses(w: &mut Writer, s: &sellers::Model, c: &customers::Model) {
    // Seller and customer.
    w.y = HEIGHT - 120.0;
    let top = w.y;
    w.text(MARGIN, w.y, 9.0, true, "From");
    w.down(13.0);
    w.text(MARGIN, w.y, 10.0, false, &s.name);
    for line in s.address.lines().filter(|l| !l.trim().is_empty()) {
        w.down(12.0);
        w.text(MARGIN, w.y, 10.0, false, line.trim());
    }
    if !s.tax_id.is_empty() {
        w.down(12.0);
        w.text(MARGIN, w.y, 10.0, false, &format!("Tax id: {}", s.tax_id));
    }
    if let Some(support) = &s.support_email {
        w.down(12.0);
        w.text(MARGIN, w.y, 10.0, false, support);
    }
    let left_bottom = w.y;
    w.y = top;
    let x = WIDTH / 2.0;
    w.text(x, w.y, 9.0, true, "Bill to");
    w.down(13.0);
    w.text(x, w.y, 10.0, false, &c.name);
    w.down(12.0);
    w.text(x, w.y, 10.0, false, &c.email);
    for line in c.address.lines().filter(|l| !l.trim().is_empty()) {
        w.down(12.0);
        w.text(x, w.y, 10.0, false, line.trim());
    }
    w.y = w.y.min(left_bottom);
}

/// Draws the period, issue and due dates and the currency in a row.
fn draw_facts(w: &mut Writer, inv: &invoices::Model) {
    w.down(24.0);
    let last_day = inv.period_end.pred_opt().unwrap_or(inv.period_end);
    let facts = [
        ("Period", format!("{} to {}", inv.period_start, last_day)),
        ("Issued", inv.issued_on.to_string()),
        ("Due", inv.due_on.to_string()),
        ("Currency", inv.currency.clone()),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        let fx = MARGIN + i as f32 * 125.0;
        w.text(fx, w.y, 8.0, true, k);
        w.text(fx, w.y - 12.0, 10.0, false, v);
    }
    w.down(36.0);
}

/// The lines table's columns: heading and right edge.
type Columns = [(&'static str, f32); 6];

/// Draws the lines table: its heading, then the lines grouped by service.
fn draw_lines(w: &mut Writer, lines: &[invoice_lines::Model], cur: &str) {
    // The lines, grouped by service.
    let cols: Columns = [
        ("Calls", 330.0),
        ("Minutes", 380.0),
        ("Tax %", 425.0),
        ("Net", 475.0),
        ("Tax", 510.0),
        ("Amount", WIDTH - MARGIN),
    ];
    w.text(MARGIN, w.y, 9.0, true, "Description");
    for (h, cx) in cols {
        w.right(cx, w.y, 9.0, true, h);
    }
    w.rule(w.y - 5.0);
    w.down(20.0);
    let mut groups: Vec<Option<&str>> = Vec::new();
    for l in lines {
        let k = l.service_kind.as_deref();
        if !groups.contains(&k) {
            groups.push(k);
        }
    }
    if lines.is_empty() {
        w.text(MARGIN, w.y, 10.0, false, "Nothing to bill in this period.");
        w.down(16.0);
    }
    for g in groups {
        w.text(MARGIN, w.y, 10.0, true, &group_label(g));
        w.down(14.0);
        for l in lines.iter().filter(|l| l.service_kind.as_deref() == g) {
            draw_line(w, l, &cols, cur);
        }
        w.down(4.0);
    }
    w.rule(w.y + 8.0);
    w.down(10.0);
}

/// Draws one line of the table (and, under a usage line, the included
/// minutes it used).
fn draw_line(w: &mut Writer, l: &invoice_lines::Model, cols: &Columns, cur: &str) {
    let desc: String = l.description.chars().take(52).collect();
    w.text(MARGIN + 8.0, w.y, 9.5, false, &desc);
    if l.kind == ringledger_shared::billing::LineKind::Usage {
        w.right(cols[0].1, w.y, 9.5, false, &l.calls.to_string());
        w.right(cols[1].1, w.y, 9.5, false, &minutes(l.billable_secs));
        if l.allowance_secs > 0 {
            w.down(11.0);
            w.text(
                MARGIN + 16.0,
                w.y,
                8.0,
                false,
                &format!("{} included minutes used", minutes(l.allowance_secs)),
            );
            w.y += 11.0;
        }
    }
    w.right(
        cols[2].1,
        w.y,
        9.5,
        false,
        &l.tax_rate.0.normalize().to_string(),
    );
    w.right(
        cols[3].1,
        w.y,
        9.5,
        false,
        &format::amount(l.net.0, cur, Locale::En),
    );
    w.right(
        cols[4].1,
        w.y,
        9.5,
        false,
        &format::amount(l.tax.0, cur, Locale::En),
    );
    w.right(
        cols[5].1,
        w.y,
        9.5,
        false,
        &format::amount(l.gross.0, cur, Locale::En),
    );
    w.down(
        if l.kind == ringledger_shared::billing::LineKind::Usage && l.allowance_secs > 0 {
            24.0
        } else {
            14.0
        },
    );
}

/// Draws the totals and the statement (brought forward, payments, amount
/// due).
fn draw_totals(w: &mut Writer, inv: &invoices::Model) {
    // Totals and statement.
    let cur = &inv.currency;
    let money = |d: &rust_decimal::Decimal| format::money(*d, cur, Locale::En);
    let rows: Vec<(String, String, bool)> = vec![
        ("Subtotal".into(), money(&inv.subtotal.0), false),
        ("Tax".into(), money(&inv.tax_total.0), false),
        ("Total".into(), money(&inv.total.0), true),
        (String::new(), String::new(), false),
        (
            "Balance brought forward".into(),
            money(&inv.brought_forward.0),
            false,
        ),
        (
            "Payments and top-ups received".into(),
            money(&inv.payments.0),
            false,
        ),
    ];
    let mut rows = rows;
    if inv.prepaid {
        // Drawn from the balance as it was used: what the balance fell by.
        rows.push((
            "Paid from your prepaid balance".into(),
            money(&inv.amount_paid.0),
            false,
        ));
    }
    rows.push(("Amount due".into(), money(&inv.amount_due.0), true));
    for (k, v, bold) in rows {
        if !k.is_empty() {
            w.right(420.0, w.y, 10.0, bold, &k);
            w.right(WIDTH - MARGIN, w.y, 10.0, bold, &v);
        }
        w.down(15.0);
    }
    w.down(10.0);
}

/// Draws the payment note (voided, pay link or paid) and the footer line.
fn draw_footer(w: &mut Writer, doc: &InvoiceDoc<'_>) {
    let (s, inv) = (doc.seller, doc.invoice);
    if let Some(cn) = doc.credit_note {
        w.text(
            MARGIN,
            w.y,
            11.0,
            true,
            &format!("Voided by credit note {cn}."),
        );
    } else if inv.status == InvoiceStatus::Open {
        w.text(
            MARGIN,
            w.y,
            11.0,
            true,
            &format!("Pay now: {}", doc.pay_url),
        );
    } else {
        w.text(MARGIN, w.y, 11.0, true, "Paid. Thank you.");
    }
    w.down(14.0);
    w.text(
        MARGIN,
        w.y,
        8.0,
        false,
        &format!("{} — invoice {}", s.name, inv.number),
    );
}

/// Assembles the document from the pages' content streams.
fn assemble(pages: Vec<Content>) -> Vec<u8> {
    // Assemble: catalog, page tree, fonts, one content stream per page.
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let (regular, bold) = (Ref::new(3), Ref::new(4));
    let n = pages.len() as i32;
    let page_ref = |i: i32| Ref::new(10 + 2 * i);
    let content_ref = |i: i32| Ref::new(11 + 2 * i);
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids((0..n).map(page_ref)).count(n);
    for i in 0..n {
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_ref(i));
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        page.finish();
    }
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (i, content) in pages.into_iter().enumerate() {
        pdf.stream(content_ref(i as i32), &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::{ansi, rgb};

    #[test]
    fn text_is_winansi() {
        assert_eq!(ansi("A—é€✓"), vec![b'A', 0x97, 0xe9, 0x80, b'?']);
    }

    #[test]
    fn colours_parse_or_fall_back() {
        assert_eq!(rgb("#ff0000"), (1.0, 0.0, 0.0));
        assert_eq!(rgb("nope"), (0.11, 0.31, 0.85));
    }
}
