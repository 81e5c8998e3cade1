//! The language of the customer's pages, e-mails and invoices.

use crate::auth::principal::CustomerPrincipal;
use crate::error::AppError;
use crate::services::my_account::my_customer;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::LanguageRequest;
use ringledger_shared::error::FieldError;
use ringledger_shared::locale::Locale;

/// Saves the customer's language: one its seller's portal offers. Answers
/// the language saved.
pub async fn set_language(
    repos: &Repos,
    me: &CustomerPrincipal,
    request: &LanguageRequest,
) -> Result<LanguageRequest, AppError> {
    let locale = Locale::parse(&request.locale)
        .ok_or_else(|| FieldError::new("locale", "must be a language tag: en, es or fr"))?;
    let tx = repos.tenant(me.tenant_id).await?;
    let mut customer = my_customer(&tx, me).await?;
    let seller = tx
        .seller(me.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    if !Locale::list(&seller.languages).contains(&locale) {
        return Err(FieldError::new("locale", "is not a language this portal offers").into());
    }
    if customer.locale.as_deref() != Some(locale.tag()) {
        customer.locale = Some(locale.tag().to_owned());
        tx.customers().update_customer(customer).await?;
    }
    tx.commit().await?;
    Ok(LanguageRequest {
        locale: locale.tag().to_owned(),
    })
}
