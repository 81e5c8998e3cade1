//! The OpenAPI 3 document (`/api/openapi.json`) and the browsable API page
//! (`/api/docs/`).

use super::openapi_webhooks::Webhooks;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Every route of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ringledger API",
        description = "One bill for every telephony service. Errors always come as \
            `{\"error\": {\"code\", \"message\", \"field\"}}`. Portal-specific calls \
            (login, refresh, portal) are answered for the site named by the `Host` header.",
    ),
    paths(
        super::health::healthz::healthz,
        super::health::readyz::readyz,
        super::health::metrics::metrics,
        super::portal::get_portal::get_portal,
        super::tenants::create_tenant::create_tenant,
        super::tenants::find_console::find_console,
        super::onboarding::first_steps::first_steps,
        super::auth::login::login,
        super::auth::refresh::refresh_session,
        super::auth::logout::logout,
        super::auth::verify_staff_email::verify_staff_email,
        super::auth::resend_verification::resend_verification,
        super::me::get_me::get_me,
        super::admin::list_tenants::list_tenants,
        super::admin::set_tenant_status::suspend_tenant,
        super::admin::set_tenant_status::reactivate_tenant,
        super::rate_decks::import_deck::import_deck,
        super::rate_decks::list_decks::list_decks,
        super::rate_decks::get_deck::get_deck,
        super::rate_decks::search_rates::search_rates,
        super::rate_decks::match_rates::match_rates,
        super::rate_decks::export_deck::export_deck,
        super::destination_groups::create_group::create_group,
        super::destination_groups::list_groups::list_groups,
        super::plans::create_plan::create_plan,
        super::plans::list_plans::list_plans,
        super::bundles::create_bundle::create_bundle,
        super::bundles::list_bundles::list_bundles,
        super::portal::get_offers::get_offers,
        super::portal::rate_lookup::rate_lookup,
        super::portal::customer_signup::customer_signup,
        super::portal::portal_numbers::portal_numbers,
        super::portal::portal_words::portal_words,
        super::portal::reserve_number::reserve_number,
        super::my::login::customer_login,
        super::my::verify_email::verify_email,
        super::my::get_account::get_account,
        super::my::get_usage::get_usage,
        super::my::set_itemized::set_itemized,
        super::my::list_calls::list_calls,
        super::my::export_calls::export_calls,
        super::my::set_language::set_language,
        super::my::set_low_balance::set_low_balance,
        super::my::reveal_credentials::reveal_credentials,
        super::my::add_service::add_service,
        super::my::manage_anis::add_ani,
        super::my::manage_anis::remove_ani,
        super::my::numbers::take_number,
        super::my::numbers::give_back_number,
        super::my::reset_password::reset_password,
        super::my::change_password::change_password,
        super::my::register_card::register_card,
        super::customers::list_customers::list_customers,
        super::customers::create_customer::create_customer,
        super::customers::adjust_balance::adjust_balance,
        super::customers::adjust_balance::get_ledger,
        super::customers::get_statement::get_statement,
        super::books::check_books::check_books,
        super::books::trial_balance::trial_balance,
        super::books::list_journals::list_journals,
        super::books::export_postings::export_postings,
        super::customers::get_customer::get_customer,
        super::customers::cancel_service::cancel_service,
        super::customers::set_customer_status::suspend_customer,
        super::customers::set_customer_status::close_customer,
        super::customers::set_customer_status::reactivate_customer,
        super::customers::set_itemized::set_customer_itemized,
        super::fraud::release_service::release_service,
        super::numbers::list_numbers::list_numbers,
        super::numbers::export_numbers::export_numbers,
        super::numbers::import_numbers::import_numbers,
        super::numbers::set_number_status::set_number_status,
        super::cdrs::list_refused::list_refused_calls,
        super::fraud::customer_fraud::get_customer_fraud,
        super::fraud::customer_fraud::put_customer_fraud,
        super::fraud::list_high_risk::list_high_risk,
        super::fraud::import_high_risk::import_high_risk,
        super::fraud::export_high_risk::export_high_risk,
        super::fraud::fraud_settings::get_fraud_settings,
        super::fraud::fraud_settings::put_fraud_settings,
        super::card_batches::create_batch::create_batch,
        super::card_batches::list_batches::list_batches,
        super::card_batches::export_batch::export_batch,
        super::switch_keys::create_key::create_key,
        super::switch_keys::list_keys::list_keys,
        super::switch_keys::revoke_key::revoke_key,
        super::auth::forgot_password::request_staff_reset,
        super::auth::forgot_password::confirm_staff_reset,
        super::my::forgot_password::request_customer_reset,
        super::my::forgot_password::confirm_customer_reset,
        super::me::sessions::my_staff_sessions,
        super::me::sessions::revoke_staff_session,
        super::my::sessions::my_customer_sessions,
        super::my::sessions::revoke_customer_session,
        super::api_keys::create_api_key::create_api_key,
        super::api_keys::list_api_keys::list_api_keys,
        super::api_keys::revoke_api_key::revoke_api_key,
        super::webhooks::list_endpoints::list_webhook_endpoints,
        super::webhooks::create_endpoint::create_webhook_endpoint,
        super::webhooks::update_endpoint::update_webhook_endpoint,
        super::webhooks::delete_endpoint::delete_webhook_endpoint,
        super::webhooks::list_deliveries::list_webhook_deliveries,
        super::webhooks::replay_delivery::replay_webhook_delivery,
        super::me::two_factor::setup_two_factor,
        super::me::two_factor::confirm_two_factor,
        super::me::two_factor::disable_two_factor,
        super::team::two_factor::require_two_factor,
        super::admin::two_factor::setup_admin_two_factor,
        super::admin::two_factor::confirm_admin_two_factor,
        super::team::list_team::list_team,
        super::audit::list_events::list_events,
        super::audit::export_events::export_events,
        super::team::accept_invitation::accept_invitation,
        super::team::invite_member::invite_member,
        super::team::invite_member::resend_invitation,
        super::team::revoke_invitation::revoke_invitation,
        super::team::update_member::update_member,
        super::team::set_active::deactivate_member,
        super::team::set_active::reactivate_member,
        super::switch::lookup::lookup,
        super::switch::inbound::inbound,
        super::switch::lookup_by_body::lookup_by_body,
        super::switch::authorize::authorize,
        super::switch::post_cdrs::post_cdrs,
        super::cdrs::list_cdrs::list_cdrs,
        super::cdrs::export_cdrs::export_cdrs,
        super::cdrs::rerate_cdrs::rerate_cdrs,
        super::reports::revenue::revenue,
        super::reports::margin::margin,
        super::resellers::create_reseller::create_reseller,
        super::resellers::list_resellers::list_resellers,
        super::resellers::get_reseller::get_reseller,
        super::resellers::update_reseller::update_reseller,
        super::resellers::verify_domain::verify_domain,
        super::resellers::wholesale::wholesale,
        super::settings::reseller_settings::get_reseller_settings,
        super::settings::reseller_settings::put_reseller_settings,
        super::settings::pricing::get_pricing,
        super::settings::pricing::put_pricing,
        super::settings::on_net::get_on_net,
        super::settings::on_net::put_on_net,
        super::settings::brand::get_brand,
        super::settings::brand::put_brand,
        super::settings::logo::put_logo,
        super::settings::logo::delete_logo,
        super::portal::get_logo::get_logo,
        super::settings::account_settings::get_account_settings,
        super::settings::account_settings::put_account_settings,
        super::billing::bill_runs::start_bill_run,
        super::billing::bill_runs::list_bill_runs,
        super::billing::bill_runs::get_bill_run,
        super::billing::invoices::list_invoices,
        super::billing::invoices::get_invoice,
        super::billing::invoices::invoice_pdf,
        super::billing::invoices::my_invoices,
        super::billing::invoices::my_invoice,
        super::billing::invoices::my_invoice_pdf,
        super::billing::credit_note::credit_note,
        super::billing::add_charge::add_charge,
        super::billing::billing_settings::get_billing_settings,
        super::billing::billing_settings::put_billing_settings,
        super::payments::payment_settings::get_payment_settings,
        super::payments::payment_settings::put_payment_settings,
        super::payments::payment_settings::delete_payment_settings,
        super::payments::list_payments::list_payments,
        super::payments::export_payments::export_payments,
        super::payments::customer_payments::list_customer_payments,
        super::payments::customer_payments::record_payment,
        super::payments::refund_payment::refund_payment,
        super::payments::stripe_webhooks::seller_webhook,
        super::payments::stripe_webhooks::platform_webhook,
        super::payments::subscription::get_subscription,
        super::payments::subscription::subscription_checkout,
        super::my::pay::pay_invoice,
        super::my::pay::top_up,
        super::my::pay::confirm_checkout,
        super::my::card::get_payment_profile,
        super::my::card::save_card,
        super::my::card::remove_card,
        super::my::card::set_auto_top_up,
    ),
    components(schemas(
        ringledger_shared::ErrorCode,
        ringledger_shared::error::ErrorBody,
        ringledger_shared::api::webhooks::WebhookEvent,
    )),
    modifiers(&BearerAuth, &ErrorResponses, &Permissions, &Webhooks),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
            components.add_security_scheme(
                "switch_key",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("rlk_ switch API key")
                        .build(),
                ),
            );
        }
    }
}

/// Each staff operation says which permission of the role matrix it needs
/// (`docs/ROLES.md`), from the route table the server enforces.
struct Permissions;

impl Modify for Permissions {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use ringledger_shared::access::Access;
        use ringledger_shared::api::routes::{self, Method};
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                (Method::Get, &mut item.get),
                (Method::Put, &mut item.put),
                (Method::Post, &mut item.post),
                (Method::Delete, &mut item.delete),
                (Method::Patch, &mut item.patch),
            ];
            for (method, op) in operations {
                let (Some(op), Some(route)) = (op.as_mut(), routes::find(method, path)) else {
                    continue;
                };
                if let Access::Staff(p) = route.access {
                    let note = format!(
                        "Needs the `{}` permission ({}); see docs/ROLES.md. Staff tokens and API keys (`rlak_…`) whose role or scope holds it are accepted.",
                        p.as_str(),
                        p.label().to_lowercase()
                    );
                    op.description = Some(match op.description.take() {
                        Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
                        _ => note,
                    });
                }
            }
        }
    }
}

/// The error answers any operation may give, documented on every one that
/// does not say otherwise (all in the one envelope): `400` (a query,
/// header or body that does not parse), `404` (no such object, or no portal
/// at this host), `503` (past the request time limit, or the database is
/// away); and on operations behind a credential, `401` (none, or not valid
/// on this site) and `403` (not this principal's to do).
struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in operations.into_iter().flatten() {
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let mut codes = vec![
                    ("400", "the request does not parse"),
                    ("404", "no such object, or no portal at this host"),
                    ("503", "past the time limit, or the database is away"),
                ];
                if secured {
                    codes.push(("401", "no valid credential for this site"));
                    codes.push(("403", "not yours to do"));
                }
                for (code, description) in codes {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error(description).into());
                }
            }
        }
    }
}
