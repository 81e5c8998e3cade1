//! Seals again, bound to their rows, the secrets sealed before bindings
//! existed (`auth::secret_box::Binding`): run at start, it leaves no
//! unbound value behind, so a sealed value copied to another row or tenant
//! never opens. Idempotent: bound values are left as they are.

use crate::auth::secret_box::{Binding, SecretBox};
use ringledger_db::repo::Repos;
use ringledger_shared::ids::TenantId;

/// Re-seals every unbound SIP password and Stripe secret of every tenant;
/// answers how many values were sealed again.
pub async fn legacy_secrets(repos: &Repos, vault: &SecretBox) -> anyhow::Result<usize> {
    let tx = repos.platform_read().await?;
    let (tenants, _) = tx.list_tenants(0, u64::MAX >> 1).await?;
    tx.commit().await?;
    let mut sealed = 0;
    for tenant in tenants {
        sealed += tenant_secrets(repos, vault, TenantId(tenant.id)).await?;
    }
    Ok(sealed)
}

async fn tenant_secrets(
    repos: &Repos,
    vault: &SecretBox,
    tenant: TenantId,
) -> anyhow::Result<usize> {
    let tx = repos.tenant_quiet(tenant).await?;
    let mut sealed = 0;
    for sip in tx.customers().unbound_sips().await? {
        let row = Binding::sip(sip.tenant_id, sip.service_id.as_uuid());
        let plain = vault.open(&sip.secret_enc, &row)?;
        tx.customers()
            .set_sip_secret(sip.id, vault.seal(&plain, &row)?)
            .await?;
        sealed += 1;
    }
    for mut g in tx.payments().gateways().await? {
        let key = Binding::stripe_key(g.tenant_id, g.seller_id);
        let hook = Binding::stripe_webhook(g.tenant_id, g.seller_id);
        if SecretBox::is_bound(&g.secret_key_sealed)
            && SecretBox::is_bound(&g.webhook_secret_sealed)
        {
            continue;
        }
        g.secret_key_sealed = vault.seal(&vault.open(&g.secret_key_sealed, &key)?, &key)?;
        g.webhook_secret_sealed =
            vault.seal(&vault.open(&g.webhook_secret_sealed, &hook)?, &hook)?;
        tx.payments().save_gateway(g).await?;
        sealed += 2;
    }
    tx.commit().await?;
    Ok(sealed)
}
