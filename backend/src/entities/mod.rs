//! sea-orm entities, one per table. Only the repo layer (`crate::repo`) uses
//! them; handlers never see an entity or a raw connection.

pub mod admin_refresh_tokens;
pub mod bundle_allowances;
pub mod bundle_services;
pub mod bundles;
pub mod decimal;
pub mod destination_group_prefixes;
pub mod destination_groups;
pub mod hosts;
pub mod plans;
pub mod platform_admins;
pub mod rate_deck_rates;
pub mod rate_deck_versions;
pub mod rate_decks;
pub mod refresh_tokens;
pub mod sellers;
pub mod tenants;
pub mod users;
