//! Ringledger's schema, one file per change.
//!
//! Every tenant-owned table carries `tenant_id`, and it leads every primary
//! and unique key so the schema can be distributed by tenant (Citus). On
//! PostgreSQL, tenant tables also get row-level security (see
//! [`rls`]) as a second wall behind the scoped repositories.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_foundation;
mod m20261126_000002_catalog;
mod m20261126_000003_customers;
mod m20261126_000004_usage;
mod m20261126_000005_low_balance;
mod m20261126_000006_billing;
mod m20261126_000007_payments;
mod m20261126_000008_lookup_indexes;
mod m20261127_000009_instances;
mod m20261127_000010_late_cdrs;
mod m20261127_000011_resellers;
mod m20261202_000001_ledger;
mod m20261202_000002_reservation_holds;
mod m20261202_000003_reject_details;
mod m20261203_000001_login_throttles;
mod m20261203_000002_staff_email_verification;
mod m20261203_000003_host_verification;
mod m20261204_000001_teams;
mod m20261204_000002_audit;
mod m20261204_000003_password_resets;
mod m20261204_000004_session_devices;
mod m20261204_000005_api_keys;
mod m20261204_000006_two_factor;
mod m20261204_000007_admin_two_factor;
mod m20261205_000001_webhooks;
mod m20261205_000002_platform_audit_chain;
mod m20261206_000001_sip_server;
mod m20261207_000001_languages;
mod m20261208_000001_masked_digits;
mod m20261208_000002_itemized_invoices;
mod m20261209_000001_fraud_control;
mod m20261209_000002_phone_numbers;
mod m20261210_000001_number_reservations;
mod m20261211_000001_write_generations;
mod m20261211_000002_write_generation_times;
pub mod rls;
mod util;

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_foundation::Migration),
            Box::new(m20261126_000002_catalog::Migration),
            Box::new(m20261126_000003_customers::Migration),
            Box::new(m20261126_000004_usage::Migration),
            Box::new(m20261126_000005_low_balance::Migration),
            Box::new(m20261126_000006_billing::Migration),
            Box::new(m20261126_000007_payments::Migration),
            Box::new(m20261126_000008_lookup_indexes::Migration),
            Box::new(m20261127_000009_instances::Migration),
            Box::new(m20261127_000010_late_cdrs::Migration),
            Box::new(m20261127_000011_resellers::Migration),
            Box::new(m20261202_000001_ledger::Migration),
            Box::new(m20261202_000002_reservation_holds::Migration),
            Box::new(m20261202_000003_reject_details::Migration),
            Box::new(m20261203_000001_login_throttles::Migration),
            Box::new(m20261203_000002_staff_email_verification::Migration),
            Box::new(m20261203_000003_host_verification::Migration),
            Box::new(m20261204_000001_teams::Migration),
            Box::new(m20261204_000002_audit::Migration),
            Box::new(m20261204_000003_password_resets::Migration),
            Box::new(m20261204_000004_session_devices::Migration),
            Box::new(m20261204_000005_api_keys::Migration),
            Box::new(m20261204_000006_two_factor::Migration),
            Box::new(m20261204_000007_admin_two_factor::Migration),
            Box::new(m20261205_000001_webhooks::Migration),
            Box::new(m20261205_000002_platform_audit_chain::Migration),
            Box::new(m20261206_000001_sip_server::Migration),
            Box::new(m20261207_000001_languages::Migration),
            Box::new(m20261208_000001_masked_digits::Migration),
            Box::new(m20261208_000002_itemized_invoices::Migration),
            Box::new(m20261209_000001_fraud_control::Migration),
            Box::new(m20261209_000002_phone_numbers::Migration),
            Box::new(m20261210_000001_number_reservations::Migration),
            Box::new(m20261211_000001_write_generations::Migration),
            Box::new(m20261211_000002_write_generation_times::Migration),
        ]
    }
}
