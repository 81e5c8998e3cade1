//! sea-orm entities, one per table. Only the repo layer (`crate::repo`) uses
//! them; handlers never see an entity or a raw connection.

pub mod account_services;
pub mod accounts;
pub mod admin_refresh_tokens;
pub mod allowance_usage;
pub mod anis;
pub mod bundle_allowances;
pub mod bundle_services;
pub mod bundle_subscriptions;
pub mod bundles;
pub mod calling_cards;
pub mod card_batches;
pub mod cdrs;
pub mod customer_tokens;
pub mod customers;
pub mod decimal;
pub mod destination_group_prefixes;
pub mod destination_groups;
pub mod hosts;
pub mod ledger_entries;
pub mod outbound_emails;
pub mod plans;
pub mod platform_admins;
pub mod rate_deck_rates;
pub mod rate_deck_versions;
pub mod rate_decks;
pub mod refresh_tokens;
pub mod sellers;
pub mod sip_accounts;
pub mod switch_keys;
pub mod tenants;
pub mod users;
