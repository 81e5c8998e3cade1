//! sea-orm entities, one per table. Only the repo layer (`crate::repo`) uses
//! them; handlers never see an entity or a raw connection.

pub mod admin_refresh_tokens;
pub mod hosts;
pub mod platform_admins;
pub mod refresh_tokens;
pub mod sellers;
pub mod tenants;
pub mod users;
