//! A seller's outbound webhooks: endpoints, their deliveries, replays.

pub mod create_endpoint;
pub mod delete_endpoint;
pub mod list_deliveries;
pub mod list_endpoints;
pub mod replay_delivery;
pub mod update_endpoint;
