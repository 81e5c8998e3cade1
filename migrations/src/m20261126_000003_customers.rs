//! End customers: their account (prepaid or postpaid), the services on it and
//! their identifiers (calling cards, ANIs, SIP/video logins), card batches,
//! e-mail tokens, switch API keys and the outbound e-mail queue. Sellers get
//! their sign-up settings.

use crate::rls;
use crate::util::{money, parent_fk, tenant_fk, tid_id_pk, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 11] = [
    "customers",
    "accounts",
    "bundle_subscriptions",
    "account_services",
    "card_batches",
    "calling_cards",
    "anis",
    "sip_accounts",
    "customer_tokens",
    "switch_keys",
    "outbound_emails",
];

fn table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(uuid("tenant_id"))
        .col(uuid("id"))
        .primary_key(&mut tid_id_pk())
        .foreign_key(&mut tenant_fk(name))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        // SQLite alters one column per statement.
        for col in [
            integer("pin_length").default(10).to_owned(),
            string_len("account_kind", 16).default("prepaid").to_owned(),
            money(m, "default_credit_limit").default("0").to_owned(),
            integer("billing_day").default(1).to_owned(),
        ] {
            m.alter_table(Table::alter().table("sellers").add_column(col).to_owned())
                .await?;
        }

        m.create_table(
            table("customers")
                .col(uuid("seller_id"))
                .col(string_len("email", 254))
                .col(string_len("name", 100))
                .col(string_len("password_hash", 255))
                .col(string_len("status", 24))
                .col(timestamp_with_time_zone_null("email_verified_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut parent_fk("customers", "seller_id", "sellers"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_customers_email",
            "customers",
            &["tenant_id", "seller_id", "email"],
        ))
        .await?;

        m.create_table(
            table("accounts")
                .col(uuid("customer_id"))
                .col(uuid("seller_id"))
                .col(string_len("kind", 16))
                .col(string_len("currency", 3))
                .col(money(m, "balance"))
                .col(money(m, "credit_limit"))
                .col(integer("billing_day"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut parent_fk("accounts", "customer_id", "customers"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_accounts_customer",
            "accounts",
            &["tenant_id", "customer_id"],
        ))
        .await?;

        m.create_table(
            table("bundle_subscriptions")
                .col(uuid("account_id"))
                .col(uuid("bundle_id"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("started_at"))
                .col(timestamp_with_time_zone_null("ended_at"))
                .foreign_key(&mut parent_fk(
                    "bundle_subscriptions",
                    "account_id",
                    "accounts",
                ))
                .foreign_key(&mut parent_fk(
                    "bundle_subscriptions",
                    "bundle_id",
                    "bundles",
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("account_services")
                .col(uuid("account_id"))
                .col(string_len("kind", 16))
                .col(uuid_null("plan_id"))
                .col(uuid_null("bundle_subscription_id"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut parent_fk("account_services", "account_id", "accounts"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("card_batches")
                .col(uuid("seller_id"))
                .col(string_len("name", 100))
                .col(integer("quantity"))
                .col(money(m, "initial_balance"))
                .col(date_null("expires_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut parent_fk("card_batches", "seller_id", "sellers"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("calling_cards")
                .col(uuid("seller_id"))
                .col(string_len("pin", 32))
                .col(string_len("serial", 32))
                .col(uuid_null("batch_id"))
                .col(uuid_null("account_id"))
                .col(uuid_null("service_id"))
                .col(money(m, "initial_balance"))
                .col(date_null("expires_on"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_calling_cards_pin",
            "calling_cards",
            &["tenant_id", "pin"],
        ))
        .await?;
        m.create_index(unique(
            "ux_calling_cards_serial",
            "calling_cards",
            &["tenant_id", "serial"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("anis")
                .col(uuid("tenant_id"))
                .col(string_len("number", 16))
                .col(uuid("account_id"))
                .col(uuid("service_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("number")),
                )
                .foreign_key(&mut tenant_fk("anis"))
                .foreign_key(&mut parent_fk("anis", "service_id", "account_services"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("sip_accounts")
                .col(uuid("account_id"))
                .col(uuid("service_id"))
                .col(string_len("username", 64))
                .col(text("secret_enc"))
                .col(string_len("media", 8))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut parent_fk(
                    "sip_accounts",
                    "service_id",
                    "account_services",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_sip_accounts_username",
            "sip_accounts",
            &["tenant_id", "username"],
        ))
        .await?;

        m.create_table(
            table("customer_tokens")
                .col(uuid("customer_id"))
                .col(string_len("purpose", 24))
                .col(string_len("token_hash", 64))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut parent_fk(
                    "customer_tokens",
                    "customer_id",
                    "customers",
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("switch_keys")
                .col(string_len("name", 100))
                .col(string_len("key_hash", 64))
                .col(string_len("last4", 4))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("outbound_emails")
                .col(string_len("idempotency_key", 200))
                .col(string_len("to_address", 254))
                .col(string_len("subject", 200))
                .col(text("body_text"))
                .col(string_len("status", 16))
                .col(integer("attempts"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_outbound_emails_key",
            "outbound_emails",
            &["tenant_id", "idempotency_key"],
        ))
        .await?;

        rls::grant_tables(m).await?;
        for t in TABLES {
            rls::protect_tenant_table(m, t).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(Alias::new(*t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
