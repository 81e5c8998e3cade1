//! Bills on the wire: bill runs, invoices with their lines, credit notes,
//! one-off charges, and the seller's invoicing settings.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /api/v1/bill-runs`: bill every account whose period ended by `as_of`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BillRunRequest {
    /// `YYYY-MM-DD`; today when absent.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// A bill run and its progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BillRunView {
    /// Id.
    pub id: Uuid,
    /// Periods that ended by this day are billed.
    pub as_of: NaiveDate,
    /// `running` or `done`.
    pub status: String,
    /// Accounts due when the run started.
    pub total_accounts: u64,
    /// Accounts done so far.
    pub done_accounts: u64,
    /// Invoices issued.
    pub invoices: u64,
    /// Sum of their totals.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub invoiced: Decimal,
    /// Who started it (`scheduler` for the automatic runs).
    pub started_by: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
}

/// An invoice in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvoiceView {
    /// Id.
    pub id: Uuid,
    /// Number, sequential per seller (e.g. `INV-000042`).
    pub number: String,
    /// The customer billed.
    pub customer_id: Uuid,
    /// The customer's name.
    pub customer_name: String,
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Last day of the period.
    pub period_end: NaiveDate,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// Due date.
    pub due_on: NaiveDate,
    /// Currency.
    pub currency: String,
    /// Sum of the nets.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub subtotal: Decimal,
    /// Sum of the taxes.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tax_total: Decimal,
    /// Sum of the lines.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total: Decimal,
    /// What earlier invoices still owed when it was issued.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub brought_forward: Decimal,
    /// Payments and top-ups received in the period.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub payments: Decimal,
    /// What this invoice asks for (0 for prepaid statements).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount_due: Decimal,
    /// `open`, `overdue`, `paid` or `void`.
    pub status: String,
    /// A prepaid statement (paid from the balance).
    pub prepaid: bool,
    /// Paid against the amount due so far (payments less refunds).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[serde(default)]
    pub amount_paid: Decimal,
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvoiceLineView {
    /// `recurring`, `usage`, `one_off` or `credit`.
    pub kind: String,
    /// The service kind it belongs to, `bundle`, or none.
    pub service_kind: Option<String>,
    /// Text.
    pub description: String,
    /// Calls (usage).
    pub calls: u64,
    /// Billable seconds (usage).
    pub billable_secs: u64,
    /// Seconds from allowances (usage).
    pub allowance_secs: u64,
    /// Net.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub net: Decimal,
    /// Tax rate, percent.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tax_rate: Decimal,
    /// Tax.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tax: Decimal,
    /// Net plus tax.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub gross: Decimal,
}

/// An invoice with its lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvoiceDetail {
    /// The invoice.
    pub invoice: InvoiceView,
    /// Its lines, in order.
    pub lines: Vec<InvoiceLineView>,
    /// The credit note that voided it.
    pub credit_note: Option<String>,
    /// Payments, attempts and refunds against this invoice.
    #[serde(default)]
    pub payments: Vec<crate::api::payments::PaymentView>,
}

/// `POST /api/v1/invoices/{id}/credit-note`: void an invoice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreditNoteRequest {
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// A credit note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreditNoteView {
    /// Id.
    pub id: Uuid,
    /// Number, sequential per seller (e.g. `CN-000003`).
    pub number: String,
    /// The invoice voided.
    pub invoice_id: Uuid,
    /// Its total.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: Decimal,
    /// Why.
    pub reason: String,
}

/// `POST /api/v1/customers/{id}/charges`: a one-off charge (or, negative,
/// a credit) for the next invoice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChargeRequest {
    /// Text on the invoice.
    #[serde(default)]
    pub description: String,
    /// Amount, e.g. `"25.00"` or `"-5"`.
    #[serde(default)]
    pub amount: String,
}

/// A one-off charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChargeView {
    /// Id.
    pub id: Uuid,
    /// Text.
    pub description: String,
    /// Amount.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: Decimal,
    /// The invoice that billed it.
    pub invoice_id: Option<Uuid>,
}

/// A tax rate for customers of a country (`""`: every other country).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TaxRateView {
    /// ISO 3166 code, or `""` for the default.
    #[serde(default)]
    pub country: String,
    /// Name on the invoice, e.g. `VAT`.
    #[serde(default)]
    pub name: String,
    /// Percent, e.g. `"20"`.
    #[serde(default)]
    pub rate: String,
}

/// `GET`/`PUT /api/v1/settings/billing`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BillingSettings {
    /// Prefix of invoice numbers (1–10 letters, digits, `-`, `/`).
    #[serde(default)]
    pub invoice_prefix: String,
    /// Postal address on invoices (lines).
    #[serde(default)]
    pub address: String,
    /// Tax id on invoices.
    #[serde(default)]
    pub tax_id: String,
    /// `exclusive` (prices are net) or `inclusive`.
    #[serde(default)]
    pub tax_mode: String,
    /// Days from issue to due date (0–120).
    #[serde(default)]
    pub payment_terms_days: u32,
    /// Tax rates by customer country.
    #[serde(default)]
    pub tax_rates: Vec<TaxRateView>,
    /// How many trailing digits of the numbers called are hidden in the
    /// customers' call history and its export (0–6; 0 shows them whole).
    #[serde(default)]
    pub mask_called_digits: u32,
    /// Every invoice lists its calls, service by service, in an appendix
    /// (a customer may also ask for it on its own invoices).
    #[serde(default)]
    pub itemized_invoices: bool,
}
