//! Bills: sellers' invoicing settings and tax rates, one-off charges, bill
//! runs, invoices (one per account and period, numbered per seller without
//! gaps) with their lines, credit notes, and e-mails that carry an invoice.

use crate::rls;
use crate::util::{add_column as add, index, money, parent_fk, tenant_fk, tid_id_pk, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 6] = [
    "tax_rates",
    "one_off_charges",
    "bill_runs",
    "invoices",
    "invoice_lines",
    "credit_notes",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let m = manager;
        add(
            m,
            "sellers",
            string_len("invoice_prefix", 16).default("INV-").to_owned(),
        )
        .await?;
        add(
            m,
            "sellers",
            big_integer("next_invoice_number").default(1).to_owned(),
        )
        .await?;
        add(
            m,
            "sellers",
            big_integer("next_credit_note_number").default(1).to_owned(),
        )
        .await?;
        add(
            m,
            "sellers",
            string_len("address", 500).default("").to_owned(),
        )
        .await?;
        add(
            m,
            "sellers",
            string_len("tax_id", 64).default("").to_owned(),
        )
        .await?;
        add(
            m,
            "sellers",
            string_len("tax_mode", 16).default("exclusive").to_owned(),
        )
        .await?;
        add(
            m,
            "sellers",
            integer("payment_terms_days").default(14).to_owned(),
        )
        .await?;
        add(
            m,
            "customers",
            string_len("country", 2).default("").to_owned(),
        )
        .await?;
        add(
            m,
            "customers",
            string_len("address", 500).default("").to_owned(),
        )
        .await?;
        add(
            m,
            "account_services",
            timestamp_with_time_zone_null("ended_at"),
        )
        .await?;
        add(m, "outbound_emails", uuid_null("invoice_id")).await?;
        add(
            m,
            "outbound_emails",
            timestamp_with_time_zone_null("next_attempt_at"),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("tax_rates")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("seller_id"))
                .col(string_len("country", 2))
                .col(string_len("name", 40))
                .col(money(m, "rate"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("tax_rates", "seller_id", "sellers"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_tax_rates_country",
            "tax_rates",
            &["tenant_id", "seller_id", "country"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("one_off_charges")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("account_id"))
                .col(string_len("description", 200))
                .col(money(m, "amount"))
                .col(uuid_null("invoice_id"))
                .col(string_len("created_by", 100))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("one_off_charges", "account_id", "accounts"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_one_off_account",
            "one_off_charges",
            &["tenant_id", "account_id", "invoice_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("bill_runs")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("seller_id"))
                .col(date("as_of"))
                .col(string_len("status", 16))
                .col(big_integer("total_accounts"))
                .col(big_integer("done_accounts"))
                .col(big_integer("invoices"))
                .col(money(m, "invoiced"))
                .col(string_len("started_by", 100))
                .col(timestamp_with_time_zone("started_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("bill_runs", "seller_id", "sellers"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_bill_runs_day",
            "bill_runs",
            &["tenant_id", "seller_id", "as_of"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("invoices")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("seller_id"))
                .col(uuid("account_id"))
                .col(uuid("customer_id"))
                .col(uuid_null("bill_run_id"))
                .col(big_integer("sequence"))
                .col(string_len("number", 40))
                .col(date("period_start"))
                .col(date("period_end"))
                .col(date("issued_on"))
                .col(date("due_on"))
                .col(string_len("currency", 3))
                .col(string_len("tax_mode", 16))
                .col(boolean("prepaid"))
                .col(money(m, "subtotal"))
                .col(money(m, "tax_total"))
                .col(money(m, "total"))
                .col(money(m, "brought_forward"))
                .col(money(m, "payments"))
                .col(money(m, "amount_due"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("invoices", "account_id", "accounts"))
                .to_owned(),
        )
        .await?;
        // Exactly one invoice per account and period, whatever retries.
        m.create_index(unique(
            "ux_invoices_period",
            "invoices",
            &["tenant_id", "account_id", "period_start"],
        ))
        .await?;
        m.create_index(unique(
            "ux_invoices_sequence",
            "invoices",
            &["tenant_id", "seller_id", "sequence"],
        ))
        .await?;
        m.create_index(index(
            "ix_invoices_status",
            "invoices",
            &["tenant_id", "status", "issued_on"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("invoice_lines")
                .col(uuid("tenant_id"))
                .col(uuid("invoice_id"))
                .col(integer("position"))
                .col(string_len("kind", 16))
                .col(string_len_null("service_kind", 16))
                .col(string_len("description", 200))
                .col(big_integer("calls"))
                .col(big_integer("billable_secs"))
                .col(big_integer("allowance_secs"))
                .col(money(m, "net"))
                .col(money(m, "tax_rate"))
                .col(money(m, "tax"))
                .col(money(m, "gross"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("invoice_id"))
                        .col(Alias::new("position")),
                )
                .foreign_key(&mut parent_fk("invoice_lines", "invoice_id", "invoices"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("credit_notes")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("invoice_id"))
                .col(uuid("seller_id"))
                .col(big_integer("sequence"))
                .col(string_len("number", 40))
                .col(money(m, "amount"))
                .col(string_len("reason", 200))
                .col(string_len("created_by", 100))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tid_id_pk())
                .foreign_key(&mut parent_fk("credit_notes", "invoice_id", "invoices"))
                .foreign_key(&mut tenant_fk("credit_notes"))
                .to_owned(),
        )
        .await?;
        // An invoice is voided by one credit note for its whole amount.
        m.create_index(unique(
            "ux_credit_notes_invoice",
            "credit_notes",
            &["tenant_id", "invoice_id"],
        ))
        .await?;
        m.create_index(unique(
            "ux_credit_notes_sequence",
            "credit_notes",
            &["tenant_id", "seller_id", "sequence"],
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
