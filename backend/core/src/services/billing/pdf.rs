//! The invoice as a branded PDF (A4): the seller's colour band and name,
//! address and tax id; the customer; the lines grouped by service; totals;
//! the statement (brought forward, payments, amount due) and the pay link.
//!
//! Written with `pdf-writer` in the standard Helvetica fonts (WinAnsi
//! encoding: characters outside it print as `?`), so no font is embedded and
//! `pdftotext` reads it back. Its words, dates and amounts are in the
//! customer's language; line descriptions print as stored.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use ringledger_db::entities::{customers, invoice_lines, invoices, sellers};
use ringledger_shared::format;
use ringledger_shared::i18n::{t, tf};
use ringledger_shared::locale::Locale;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::InvoiceStatus;

pub(super) const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
pub(super) const MARGIN: f32 = 48.0;
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
    /// The language it is written in (the customer's).
    pub locale: Locale,
    /// Every call it bills, when the seller or the customer asked for them.
    pub appendix: Option<super::appendix::Appendix<'a>>,
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

/// The width of Helvetica text from the font's metrics (ASCII; other
/// characters as a digit), to fit a value in its column.
fn helvetica_width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            ' ' | '/' | '.' | ',' | ':' | ';' | '!' | 'f' | 't' | 'I' => 278,
            'i' | 'j' | 'l' | '\'' | '|' => 222,
            '-' | '(' | ')' | 'r' => 333,
            'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
            'w' => 722,
            'm' | 'M' => 833,
            'W' => 944,
            'F' | 'T' | 'Z' => 611,
            'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
            'G' | 'O' | 'Q' => 778,
            'L' => 556,
            'A'..='Z' => 667,
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// How much wider Helvetica-Bold sets than Helvetica, at most.
const BOLD_WIDER: f32 = 1.08;

/// The pages drawn so far and where the next line goes.
pub(super) struct Writer {
    pages: Vec<Content>,
    pub(super) y: f32,
    color: (f32, f32, f32),
    pub(super) locale: Locale,
}

impl Writer {
    /// A document of one empty page, drawn in `color`, written in `locale`.
    pub(super) fn new(color: (f32, f32, f32), locale: Locale) -> Self {
        Self {
            pages: vec![Content::new()],
            y: HEIGHT,
            color,
            locale,
        }
    }

    /// The pages drawn so far.
    pub(super) fn into_pages(self) -> Vec<Content> {
        self.pages
    }

    /// How many pages there are so far.
    pub(super) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Starts a new page, at its top.
    pub(super) fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.y = HEIGHT - MARGIN;
    }

    /// [`Writer::down`], answering whether a new page was started.
    pub(super) fn down_paged(&mut self, by: f32) -> bool {
        let pages = self.pages.len();
        self.down(by);
        self.pages.len() > pages
    }

    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let font = if bold { Name(b"F2") } else { Name(b"F1") };
        let bytes = super::winansi::encode(text);
        let c = self.page();
        c.begin_text();
        c.set_font(font, size);
        c.next_line(x, y);
        c.show(Str(&bytes));
        c.end_text();
    }

    pub(super) fn right(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let w = text_width(text, size) * if bold { BOLD_WIDER } else { 1.0 };
        self.text(x - w, y, size, bold, text);
    }

    /// Moves down `by`, starting a new page when the bottom is reached.
    pub(super) fn down(&mut self, by: f32) {
        self.y -= by;
        if self.y < BOTTOM {
            self.new_page();
        }
    }

    pub(super) fn rule(&mut self, y: f32) {
        let (r, g, b) = self.color;
        let c = self.page();
        c.set_stroke_rgb(r, g, b);
        c.set_line_width(0.8);
        c.move_to(MARGIN, y);
        c.line_to(WIDTH - MARGIN, y);
        c.stroke();
    }
}

/// The heading of a group of lines: a service kind's name, bundles, or
/// the other charges and credits.
pub(super) fn group_label(kind: Option<&str>, locale: Locale) -> String {
    let id = match kind.map(|k| (k, ServiceKind::parse(k))) {
        Some(("bundle", _)) => "invoice-group-bundles",
        Some((_, Some(ServiceKind::CallingCard))) => "invoice-group-calling-card",
        Some((_, Some(ServiceKind::Pinless))) => "invoice-group-pinless",
        Some((_, Some(ServiceKind::Sip))) => "invoice-group-sip",
        Some((_, Some(ServiceKind::Video))) => "invoice-group-video",
        Some((k, None)) => return k.to_owned(),
        None => "invoice-group-other",
    };
    t(locale, id)
}

/// `secs` as minutes with one decimal, in `locale`'s decimal mark.
fn minutes(secs: i64, locale: Locale) -> String {
    let tenths = (secs.max(0) * 10 + 30) / 60;
    format!("{}{}{}", tenths / 10, decimal_mark(locale), tenths % 10)
}

/// A tax rate as written in `locale` (`20`, `7.5` / `7,5`).
fn percent(rate: rust_decimal::Decimal, locale: Locale) -> String {
    rate.normalize()
        .to_string()
        .replace('.', &decimal_mark(locale).to_string())
}

fn decimal_mark(locale: Locale) -> char {
    match locale {
        Locale::En => '.',
        Locale::Es | Locale::Fr => ',',
    }
}

/// Renders the invoice.
pub fn render(doc: &InvoiceDoc<'_>) -> Vec<u8> {
    let (s, c, inv) = (doc.seller, doc.customer, doc.invoice);
    let mut w = Writer::new(rgb(&s.primary_color), doc.locale);
    draw_brand(&mut w, s, inv);
    draw_addresses(&mut w, s, c);
    draw_facts(&mut w, inv);
    draw_lines(&mut w, doc.lines, &inv.currency);
    draw_totals(&mut w, inv);
    draw_footer(&mut w, doc);
    let invoice_pages = w.page_count();
    if let Some(a) = &doc.appendix {
        super::appendix::draw(&mut w, a, &inv.number, &inv.currency);
    }
    assemble(w.into_pages(), invoice_pages)
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
        t(w.locale, "invoice-title-void")
    } else {
        t(w.locale, "invoice-title")
    };
    w.right(WIDTH - MARGIN, HEIGHT - 50.0, 16.0, true, &title);
    w.right(WIDTH - MARGIN, HEIGHT - 70.0, 11.0, false, &inv.number);
    w.page().set_fill_rgb(0.1, 0.1, 0.12);
}

/// Draws the seller's and the customer's addresses side by side, leaving
/// `w.y` below the longer of the two.
fn draw_addresses(w: &mut Writer, s: &sellers::Model, c: &customers::Model) {
    // Seller and customer.
    w.y = HEIGHT - 120.0;
    let top = w.y;
    let l = w.locale;
    w.text(MARGIN, w.y, 9.0, true, &t(l, "invoice-from"));
    w.down(13.0);
    w.text(MARGIN, w.y, 10.0, false, &s.name);
    for line in s.address.lines().filter(|l| !l.trim().is_empty()) {
        w.down(12.0);
        w.text(MARGIN, w.y, 10.0, false, line.trim());
    }
    if !s.tax_id.is_empty() {
        w.down(12.0);
        w.text(
            MARGIN,
            w.y,
            10.0,
            false,
            &tf(l, "invoice-tax-id", &[("id", s.tax_id.as_str().into())]),
        );
    }
    if let Some(support) = &s.support_email {
        w.down(12.0);
        w.text(MARGIN, w.y, 10.0, false, support);
    }
    let left_bottom = w.y;
    w.y = top;
    let x = WIDTH / 2.0;
    w.text(x, w.y, 9.0, true, &t(l, "invoice-bill-to"));
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
    let l = w.locale;
    let last_day = inv.period_end.pred_opt().unwrap_or(inv.period_end);
    let range = tf(
        l,
        "invoice-period-range",
        &[
            ("start", format::date(inv.period_start, l).into()),
            ("end", format::date(last_day, l).into()),
        ],
    );
    let facts = [
        (t(l, "invoice-period"), range),
        (t(l, "invoice-issued"), format::date(inv.issued_on, l)),
        (t(l, "invoice-due"), format::date(inv.due_on, l)),
        (t(l, "invoice-currency"), inv.currency.clone()),
    ];
    // A period longer than its column (`del 01/11/2026 al 30/11/2026`)
    // moves the other facts right.
    let wider = (helvetica_width(&facts[0].1, 10.0) + 8.0 - 125.0).max(0.0);
    for (i, (k, v)) in facts.iter().enumerate() {
        let fx = MARGIN + i as f32 * 125.0 + if i > 0 { wider } else { 0.0 };
        w.text(fx, w.y, 8.0, true, k);
        w.text(fx, w.y - 12.0, 10.0, false, v);
    }
    w.down(36.0);
}

/// The lines table's columns: heading and right edge.
type Columns = [(String, f32); 6];

/// Draws the lines table: its heading, then the lines grouped by service.
fn draw_lines(w: &mut Writer, lines: &[invoice_lines::Model], cur: &str) {
    // The lines, grouped by service.
    let l = w.locale;
    let cols: Columns = [
        (t(l, "invoice-calls"), 330.0),
        (t(l, "invoice-minutes"), 380.0),
        (t(l, "invoice-tax-rate"), 425.0),
        (t(l, "invoice-net"), 475.0),
        (t(l, "invoice-tax"), 510.0),
        (t(l, "invoice-amount"), WIDTH - MARGIN),
    ];
    w.text(MARGIN, w.y, 9.0, true, &t(l, "invoice-description"));
    for (h, cx) in &cols {
        w.right(*cx, w.y, 9.0, true, h);
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
        w.text(MARGIN, w.y, 10.0, false, &t(l, "invoice-nothing"));
        w.down(16.0);
    }
    for g in groups {
        w.text(MARGIN, w.y, 10.0, true, &group_label(g, l));
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
    let loc = w.locale;
    let desc: String = l.description.chars().take(52).collect();
    w.text(MARGIN + 8.0, w.y, 9.5, false, &desc);
    if l.kind == ringledger_shared::billing::LineKind::Usage {
        w.right(cols[0].1, w.y, 9.5, false, &l.calls.to_string());
        w.right(cols[1].1, w.y, 9.5, false, &minutes(l.billable_secs, loc));
        if l.allowance_secs > 0 {
            w.down(11.0);
            w.text(
                MARGIN + 16.0,
                w.y,
                8.0,
                false,
                &tf(
                    loc,
                    "invoice-included-minutes",
                    &[("minutes", minutes(l.allowance_secs, loc).into())],
                ),
            );
            w.y += 11.0;
        }
    }
    w.right(cols[2].1, w.y, 9.5, false, &percent(l.tax_rate.0, loc));
    w.right(
        cols[3].1,
        w.y,
        9.5,
        false,
        &format::amount(l.net.0, cur, loc),
    );
    w.right(
        cols[4].1,
        w.y,
        9.5,
        false,
        &format::amount(l.tax.0, cur, loc),
    );
    w.right(
        cols[5].1,
        w.y,
        9.5,
        false,
        &format::amount(l.gross.0, cur, loc),
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
    let l = w.locale;
    let money = |d: &rust_decimal::Decimal| format::money(*d, cur, l);
    let mut rows: Vec<(String, String, bool)> = vec![
        (t(l, "invoice-subtotal"), money(&inv.subtotal.0), false),
        (t(l, "invoice-tax-total"), money(&inv.tax_total.0), false),
        (t(l, "invoice-total"), money(&inv.total.0), true),
        (String::new(), String::new(), false),
        (
            t(l, "invoice-brought-forward"),
            money(&inv.brought_forward.0),
            false,
        ),
        (t(l, "invoice-payments"), money(&inv.payments.0), false),
    ];
    if inv.prepaid {
        // Drawn from the balance as it was used: what the balance fell by.
        rows.push((
            t(l, "invoice-paid-from-balance"),
            money(&inv.amount_paid.0),
            false,
        ));
    }
    rows.push((t(l, "invoice-amount-due"), money(&inv.amount_due.0), true));
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
    let (s, inv, l) = (doc.seller, doc.invoice, doc.locale);
    let note = if let Some(cn) = doc.credit_note {
        tf(l, "invoice-voided", &[("number", cn.into())])
    } else if inv.status == InvoiceStatus::Open {
        tf(l, "invoice-pay-now", &[("link", doc.pay_url.into())])
    } else {
        t(l, "invoice-paid")
    };
    // A long pay link is set smaller rather than run off the page.
    let room = WIDTH - 2.0 * MARGIN;
    let wide = helvetica_width(&note, 11.0) * BOLD_WIDER;
    let size = if wide > room {
        (11.0 * room / wide).max(7.0)
    } else {
        11.0
    };
    w.text(MARGIN, w.y, size, true, &note);
    w.down(14.0);
    let footer = tf(
        l,
        "invoice-footer",
        &[
            ("seller", s.name.as_str().into()),
            ("number", inv.number.as_str().into()),
        ],
    );
    w.text(MARGIN, w.y, 8.0, false, &footer);
}

/// Assembles the document from the pages' content streams; those from
/// `compress_from` on (the appendix's) are deflated.
pub(super) fn assemble(pages: Vec<Content>, compress_from: usize) -> Vec<u8> {
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
        let data = content.finish();
        if i >= compress_from {
            let packed = deflate(&data);
            pdf.stream(content_ref(i as i32), &packed)
                .filter(pdf_writer::Filter::FlateDecode);
        } else {
            pdf.stream(content_ref(i as i32), &data);
        }
    }
    pdf.finish()
}

/// `data` deflated (zlib), as a `FlateDecode` stream holds it.
fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

#[cfg(test)]
mod tests {
    use super::{Locale, group_label, helvetica_width, minutes, percent, rgb};
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_and_groups_read_in_the_language() {
        assert_eq!(minutes(750, Locale::En), "12.5");
        assert_eq!(minutes(750, Locale::Fr), "12,5");
        assert_eq!(percent(dec!(7.50), Locale::Es), "7,5");
        assert_eq!(percent(dec!(20.000000), Locale::En), "20");
        assert_eq!(group_label(Some("sip"), Locale::En), "IP phone (SIP)");
        assert_eq!(group_label(Some("sip"), Locale::Es), "Teléfono IP (SIP)");
        assert_eq!(group_label(None, Locale::En), "Other charges and credits");
        assert_eq!(group_label(Some("bundle"), Locale::Fr), "Forfaits");
        assert_eq!(group_label(Some("fax"), Locale::Fr), "fax");
    }

    #[test]
    fn a_long_period_is_measured_wider_than_its_column() {
        // English dates fit the 125-point column as they always have.
        assert!(helvetica_width("2026-11-01 to 2026-11-30", 10.0) + 8.0 <= 125.0);
        assert!(helvetica_width("du 01/11/2026 au 30/11/2026", 10.0) + 8.0 > 125.0);
    }

    #[test]
    fn colours_parse_or_fall_back() {
        assert_eq!(rgb("#ff0000"), (1.0, 0.0, 0.0));
        assert_eq!(rgb("nope"), (0.11, 0.31, 0.85));
    }
}
