//! An invoice with everything printed on it, read in one transaction.

use super::appendix::Appendix;
use super::pdf::{InvoiceDoc, render};
use crate::error::AppResult;
use crate::services::language;
use crate::urls::Urls;
use ringledger_db::entities::{cdrs, customers, invoice_lines, invoices, sellers};
use ringledger_db::repo::Repos;
use ringledger_shared::ids::{InvoiceId, SellerId, TenantId};
use ringledger_shared::locale::Locale;

/// An invoice, its lines, issuer and customer.
pub struct Document {
    /// The invoice.
    pub invoice: invoices::Model,
    /// Its lines, in order.
    pub lines: Vec<invoice_lines::Model>,
    /// The issuer.
    pub seller: sellers::Model,
    /// The customer.
    pub customer: customers::Model,
    /// The voiding credit note's number.
    pub credit_note: Option<String>,
    /// Where the customer pays it.
    pub pay_url: String,
    /// Payments, attempts and refunds against it.
    pub payments: Vec<ringledger_shared::api::payments::PaymentView>,
    /// The language it is printed in: the customer's (see
    /// [`language::of_customer`]).
    pub locale: Locale,
    /// Every call it bills, by service, when the seller itemizes its
    /// invoices or the customer asked for it (its appendix).
    pub calls: Option<Vec<cdrs::Model>>,
}

/// Reads invoice `id` of `tenant` (`None` if it is not there).
pub async fn load(
    repos: &Repos,
    urls: &Urls,
    tenant: TenantId,
    id: InvoiceId,
) -> AppResult<Option<Document>> {
    let tx = repos.tenant_read(tenant).await?;
    let Some(invoice) = tx.billing().invoice(id).await? else {
        return Ok(None);
    };
    let lines = tx.billing().invoice_lines(id.into()).await?;
    let seller = tx.seller(SellerId(invoice.seller_id)).await?;
    let customer = tx.customers().customer(invoice.customer_id).await?;
    let credit_note = tx
        .billing()
        .credit_note_of(id.into())
        .await?
        .map(|c| c.number);
    let slug = tx.tenant().await?.map(|t| t.slug).unwrap_or_default();
    let calls = itemized_calls(&tx, &invoice, seller.as_ref()).await?;
    let paid = tx.payments().payments_of_invoice(id.into()).await?;
    let ids: Vec<_> = paid.iter().map(|p| p.id).collect();
    let refunds = tx.payments().refunds_of(&ids).await?;
    tx.commit().await?;
    let payments = paid
        .iter()
        .map(|p| {
            crate::services::payments::views::payment_view(
                p,
                &refunds,
                Some(invoice.customer_id.into()),
            )
        })
        .collect();
    let (Some(seller), Some(customer)) = (seller, customer) else {
        return Ok(None);
    };
    Ok(Some(Document {
        locale: language::of_customer(&seller, &customer),
        pay_url: format!("{}/account/invoices/{id}", urls.portal_url(&slug)),
        invoice,
        lines,
        seller,
        customer,
        credit_note,
        payments,
        calls,
    }))
}

/// The calls of `invoice`'s appendix, when its seller itemizes every
/// invoice or its account asked for it.
async fn itemized_calls(
    tx: &ringledger_db::repo::TenantTx,
    invoice: &invoices::Model,
    seller: Option<&sellers::Model>,
) -> AppResult<Option<Vec<cdrs::Model>>> {
    let wanted = seller.is_some_and(|s| s.itemized_invoices)
        || tx
            .customers()
            .account(invoice.account_id)
            .await?
            .is_some_and(|a| a.itemized_invoices);
    if !wanted {
        return Ok(None);
    }
    let day = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let calls = tx
        .usage()
        .invoice_calls(
            invoice.account_id,
            day(invoice.period_start),
            day(invoice.period_end),
            invoice.id,
            MAX_ITEMIZED,
        )
        .await?;
    Ok(Some(calls))
}

/// The most calls one appendix lists (a month of very heavy use).
pub const MAX_ITEMIZED: u64 = 50_000;

impl Document {
    /// The PDF.
    pub fn render(&self) -> Vec<u8> {
        render(&InvoiceDoc {
            seller: &self.seller,
            customer: &self.customer,
            invoice: &self.invoice,
            lines: &self.lines,
            pay_url: &self.pay_url,
            credit_note: self.credit_note.as_deref(),
            locale: self.locale,
            appendix: self.calls.as_ref().map(|calls| Appendix {
                calls,
                masked_digits: self.seller.mask_called_digits.max(0) as u32,
            }),
        })
    }
}
