//! An invoice with everything printed on it, read in one transaction.

use super::pdf::{InvoiceDoc, render};
use crate::error::AppResult;
use crate::services::language;
use crate::urls::Urls;
use ringledger_db::entities::{customers, invoice_lines, invoices, sellers};
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
    }))
}

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
        })
    }
}
