//! Card payments: the operator's Stripe connection, customers' saved cards
//! and auto top-up, payments and refunds, webhook events processed once,
//! what invoices have been paid, and operators' own Ringledger plan.

use crate::rls;
use crate::util::{add_column as add, index, money, money_null, parent_fk, tid_id_pk, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 5] = [
    "payment_gateways",
    "payment_profiles",
    "payments",
    "refunds",
    "stripe_events",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        add(
            m,
            "invoices",
            money(m, "amount_paid").default("0").to_owned(),
        )
        .await?;
        add(m, "invoices", timestamp_with_time_zone_null("paid_at")).await?;
        add(m, "sellers", integer("grace_days").default(14).to_owned()).await?;
        for col in [
            string_len("plan_status", 16).default("none").to_owned(),
            string_len_null("stripe_customer_id", 64),
            string_len_null("stripe_subscription_id", 64),
            timestamp_with_time_zone_null("plan_period_end"),
            timestamp_with_time_zone_null("past_due_since"),
        ] {
            add(m, "tenants", col).await?;
        }

        m.create_table(
            Table::create()
                .table("payment_gateways")
                .col(uuid("tenant_id"))
                .col(uuid("seller_id"))
                .col(string_len("provider", 16))
                .col(text("secret_key_sealed"))
                .col(string_len("key_hint", 16))
                .col(string_len("publishable_key", 255))
                .col(boolean("livemode"))
                .col(string_len("webhook_endpoint_id", 64))
                .col(text("webhook_secret_sealed"))
                .col(string_len("connected_by", 100))
                .col(timestamp_with_time_zone("connected_at"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("seller_id")),
                )
                .foreign_key(&mut parent_fk("payment_gateways", "seller_id", "sellers"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("payment_profiles")
                .col(uuid("tenant_id"))
                .col(uuid("account_id"))
                .col(string_len_null("stripe_customer_id", 64))
                .col(string_len_null("payment_method_id", 64))
                .col(string_len_null("card_brand", 32))
                .col(string_len_null("card_last4", 4))
                .col(boolean("auto_top_up").default(false))
                .col(money_null(m, "auto_top_up_below"))
                .col(money_null(m, "auto_top_up_amount"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("account_id")),
                )
                .foreign_key(&mut parent_fk("payment_profiles", "account_id", "accounts"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("payments")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("account_id"))
                .col(uuid_null("invoice_id"))
                .col(string_len("purpose", 16))
                .col(string_len("method", 16))
                .col(string_len("status", 16))
                .col(money(m, "amount"))
                .col(money(m, "refunded"))
                .col(string_len("currency", 3))
                .col(string_len_null("checkout_session_id", 128))
                .col(string_len_null("payment_intent_id", 128))
                .col(string_len("reference", 200))
                .col(string_len_null("failure", 300))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone_null("next_attempt_at"))
                .col(string_len("created_by", 100))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("settled_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("payments", "account_id", "accounts"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_payments_session",
            "payments",
            &["tenant_id", "checkout_session_id"],
        ))
        .await?;
        m.create_index(unique(
            "ux_payments_intent",
            "payments",
            &["tenant_id", "payment_intent_id"],
        ))
        .await?;
        m.create_index(index(
            "ix_payments_account",
            "payments",
            &["tenant_id", "account_id", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "ix_payments_due",
            "payments",
            &["status", "next_attempt_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("refunds")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("payment_id"))
                .col(money(m, "amount"))
                .col(string_len_null("stripe_refund_id", 128))
                .col(string_len("status", 16))
                .col(string_len("reason", 200))
                .col(string_len("created_by", 100))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("refunds", "payment_id", "payments"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_refunds_stripe",
            "refunds",
            &["tenant_id", "stripe_refund_id"],
        ))
        .await?;

        // Webhook events, stored by id: each is processed once.
        m.create_table(
            Table::create()
                .table("stripe_events")
                .col(uuid("tenant_id"))
                .col(string_len("event_id", 128))
                .col(string_len("event_type", 64))
                .col(timestamp_with_time_zone("received_at"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("event_id")),
                )
                .to_owned(),
        )
        .await?;
        // The platform's own events (operators' Ringledger plans).
        m.create_table(
            Table::create()
                .table("platform_stripe_events")
                .col(string_len("event_id", 128).primary_key())
                .col(string_len("event_type", 64))
                .col(timestamp_with_time_zone("received_at"))
                .to_owned(),
        )
        .await?;

        rls::grant_tables(m).await?;
        for t in TABLES {
            rls::protect_tenant_table(m, t).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES
            .iter()
            .rev()
            .chain(std::iter::once(&"platform_stripe_events"))
        {
            manager
                .drop_table(Table::drop().table(Alias::new(*t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
