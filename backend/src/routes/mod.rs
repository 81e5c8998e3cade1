//! HTTP routes: `routes/<resource>/<action>.rs`, one handler per file.

pub mod admin;
pub mod auth;
pub mod health;
pub mod me;
pub mod openapi;
pub mod portal;
pub mod spa;
pub mod tenants;

use actix_web::web;

/// Registers every `/api/v1` route.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    cfg.service(portal::get_portal::get_portal)
        .service(tenants::create_tenant::create_tenant)
        .service(auth::login::login)
        .service(auth::refresh::refresh_session)
        .service(auth::logout::logout)
        .service(me::get_me::get_me)
        .service(admin::list_tenants::list_tenants)
        .service(admin::set_tenant_status::suspend_tenant)
        .service(admin::set_tenant_status::reactivate_tenant);
}
