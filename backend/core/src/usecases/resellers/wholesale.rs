//! A reseller's own account with its parent: what it owes and the
//! parent's invoices to it.

use crate::auth::principal::StaffPrincipal;
use crate::services::resellers::{own_seller, wholesale_view};
use crate::urls::Urls;
use ringledger_db::entities::invoices;
use ringledger_db::repo::InvoiceFilter;
use ringledger_db::repo::Repos;
use ringledger_shared::api::resellers::WholesaleView;
use ringledger_shared::ids::SellerId;

crate::use_case_error! {
    /// Why there is no wholesale statement.
    pub enum WholesaleError {
        /// The operator has no parent.
        #[error("only a reseller has a wholesale account")]
        NotReseller,
        /// The parent, the account or the tenant is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// The reseller's wholesale account and its parent's invoices to it; the
/// edge shows each invoice (made out to `seller_name`).
#[derive(Debug)]
pub struct Wholesale {
    /// The reseller's own name (the invoices' customer).
    pub seller_name: String,
    /// The parent's name.
    pub parent_name: String,
    /// Where the reseller pays: the parent's portal's sign-in.
    pub pay_url: String,
    /// The parent's newest invoices to it (at most 100).
    pub invoices: Vec<invoices::Model>,
    /// The account.
    pub account: WholesaleView,
}

/// What the staff's seller (a reseller) owes its parent; it pays on the
/// parent's portal, signed in with its owner's e-mail, like any customer.
pub async fn wholesale(
    repos: &Repos,
    urls: &Urls,
    staff: &StaffPrincipal,
) -> Result<Wholesale, WholesaleError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let me = own_seller(&tx, staff).await?;
    let (Some(parent_id), Some(account_id)) = (me.parent_id, me.wholesale_account_id) else {
        return Err(WholesaleError::NotReseller);
    };
    let parent = tx
        .seller(SellerId(parent_id))
        .await?
        .ok_or(WholesaleError::NotFound("parent"))?;
    let account = tx
        .customers()
        .account(account_id)
        .await?
        .ok_or(WholesaleError::NotFound("wholesale account"))?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or(WholesaleError::NotFound("tenant"))?;
    let filter = InvoiceFilter {
        status: None,
        account_id: Some(account.id),
        sellers: None,
        today: None,
        sort: None,
    };
    let (invoices, _) = tx.billing().list_invoices(&filter, 0, 100).await?;
    tx.commit().await?;
    Ok(Wholesale {
        seller_name: me.name,
        parent_name: parent.name.clone(),
        pay_url: format!(
            "{}/account/login",
            urls.seller_portal_url(&tenant.slug, &parent)
        ),
        invoices,
        account: wholesale_view(account),
    })
}
