//! HTTP routes: `routes/<resource>/<action>.rs`, one handler per file.

pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod books;
pub mod bundles;
pub mod card_batches;
pub mod cdrs;
pub mod customers;
pub mod destination_groups;
pub mod fraud;
pub mod health;
pub mod me;
pub mod my;
pub mod numbers;
pub mod onboarding;
pub mod openapi;
mod openapi_webhooks;
pub mod payments;
pub mod plans;
pub mod portal;
pub mod rate_decks;
pub mod reports;
pub mod resellers;
pub mod settings;
pub mod spa;
pub mod spa_assets;
pub mod switch;
pub mod switch_keys;
pub mod team;
pub mod tenants;
pub mod webhooks;

use actix_web::web;

/// Registers every `/api/v1` route.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    // The switch-facing routes first: they are the hot path, and actix
    // tries routes in order.
    cfg.service(switch::authorize::authorize)
        .service(switch::post_cdrs::post_cdrs)
        .service(switch::lookup::lookup)
        .service(switch::inbound::inbound)
        .service(switch::lookup_by_body::lookup_by_body)
        .service(portal::get_portal::get_portal)
        .service(portal::get_logo::get_logo)
        .service(tenants::create_tenant::create_tenant)
        .service(tenants::find_console::find_console)
        .service(auth::login::login)
        .service(auth::refresh::refresh_session)
        .service(auth::logout::logout)
        .service(auth::verify_staff_email::verify_staff_email)
        .service(auth::resend_verification::resend_verification)
        .service(me::get_me::get_me)
        .service(onboarding::first_steps::first_steps)
        .service(admin::list_tenants::list_tenants)
        .service(admin::set_tenant_status::suspend_tenant)
        .service(admin::set_tenant_status::reactivate_tenant)
        .service(rate_decks::import_deck::import_deck)
        .service(rate_decks::list_decks::list_decks)
        .service(rate_decks::export_deck::export_deck)
        .service(rate_decks::search_rates::search_rates)
        .service(rate_decks::match_rates::match_rates)
        .service(rate_decks::get_deck::get_deck)
        .service(destination_groups::create_group::create_group)
        .service(destination_groups::list_groups::list_groups)
        .service(plans::create_plan::create_plan)
        .service(plans::list_plans::list_plans)
        .service(bundles::create_bundle::create_bundle)
        .service(bundles::list_bundles::list_bundles)
        .service(portal::get_offers::get_offers)
        .service(portal::rate_lookup::rate_lookup)
        .service(portal::customer_signup::customer_signup)
        .service(portal::portal_numbers::portal_numbers)
        .service(portal::portal_words::portal_words)
        .service(portal::reserve_number::reserve_number)
        .service(my::login::customer_login)
        .service(my::verify_email::verify_email)
        .service(my::get_account::get_account)
        .service(my::get_usage::get_usage)
        .service(my::set_itemized::set_itemized)
        .service(my::export_calls::export_calls)
        .service(my::list_calls::list_calls)
        .service(my::set_language::set_language)
        .service(my::set_low_balance::set_low_balance)
        .service(my::reveal_credentials::reveal_credentials)
        .service(my::add_service::add_service)
        .service(my::manage_anis::add_ani)
        .service(my::manage_anis::remove_ani)
        .service(my::numbers::take_number)
        .service(my::numbers::give_back_number)
        .service(my::reset_password::reset_password)
        .service(my::change_password::change_password)
        .service(my::register_card::register_card)
        .service(customers::list_customers::list_customers)
        .service(customers::create_customer::create_customer)
        .service(customers::adjust_balance::adjust_balance)
        .service(customers::adjust_balance::get_ledger)
        .service(customers::get_statement::get_statement)
        .service(books::check_books::check_books)
        .service(books::trial_balance::trial_balance)
        .service(books::list_journals::list_journals)
        .service(books::export_postings::export_postings)
        .service(customers::cancel_service::cancel_service)
        .service(fraud::release_service::release_service)
        .service(numbers::list_numbers::list_numbers)
        .service(numbers::export_numbers::export_numbers)
        .service(numbers::import_numbers::import_numbers)
        .service(numbers::set_number_status::set_number_status)
        .service(cdrs::list_refused::list_refused_calls)
        .service(fraud::customer_fraud::get_customer_fraud)
        .service(fraud::customer_fraud::put_customer_fraud)
        .service(fraud::list_high_risk::list_high_risk)
        .service(fraud::import_high_risk::import_high_risk)
        .service(fraud::export_high_risk::export_high_risk)
        .service(fraud::fraud_settings::get_fraud_settings)
        .service(fraud::fraud_settings::put_fraud_settings)
        .service(customers::get_customer::get_customer)
        .service(customers::set_customer_status::suspend_customer)
        .service(customers::set_customer_status::close_customer)
        .service(customers::set_customer_status::reactivate_customer)
        .service(customers::set_itemized::set_customer_itemized)
        .service(card_batches::create_batch::create_batch)
        .service(card_batches::list_batches::list_batches)
        .service(card_batches::export_batch::export_batch)
        .service(switch_keys::create_key::create_key)
        .service(switch_keys::list_keys::list_keys)
        .service(switch_keys::revoke_key::revoke_key)
        .service(audit::export_events::export_events)
        .service(audit::list_events::list_events)
        .service(auth::forgot_password::request_staff_reset)
        .service(auth::forgot_password::confirm_staff_reset)
        .service(my::forgot_password::request_customer_reset)
        .service(my::forgot_password::confirm_customer_reset)
        .service(me::sessions::my_staff_sessions)
        .service(me::sessions::revoke_staff_session)
        .service(my::sessions::my_customer_sessions)
        .service(my::sessions::revoke_customer_session)
        .service(api_keys::create_api_key::create_api_key)
        .service(api_keys::list_api_keys::list_api_keys)
        .service(api_keys::revoke_api_key::revoke_api_key)
        .service(webhooks::list_endpoints::list_webhook_endpoints)
        .service(webhooks::create_endpoint::create_webhook_endpoint)
        .service(webhooks::update_endpoint::update_webhook_endpoint)
        .service(webhooks::delete_endpoint::delete_webhook_endpoint)
        .service(webhooks::list_deliveries::list_webhook_deliveries)
        .service(webhooks::replay_delivery::replay_webhook_delivery)
        .service(me::two_factor::setup_two_factor)
        .service(me::two_factor::confirm_two_factor)
        .service(me::two_factor::disable_two_factor)
        .service(team::two_factor::require_two_factor)
        .service(admin::two_factor::setup_admin_two_factor)
        .service(admin::two_factor::confirm_admin_two_factor)
        .service(team::list_team::list_team)
        .service(team::accept_invitation::accept_invitation)
        .service(team::invite_member::invite_member)
        .service(team::invite_member::resend_invitation)
        .service(team::revoke_invitation::revoke_invitation)
        .service(team::update_member::update_member)
        .service(team::set_active::deactivate_member)
        .service(team::set_active::reactivate_member)
        .service(cdrs::export_cdrs::export_cdrs)
        .service(cdrs::list_cdrs::list_cdrs)
        .service(cdrs::rerate_cdrs::rerate_cdrs)
        .service(reports::revenue::revenue)
        .service(reports::margin::margin)
        .service(resellers::create_reseller::create_reseller)
        .service(resellers::list_resellers::list_resellers)
        .service(resellers::get_reseller::get_reseller)
        .service(resellers::update_reseller::update_reseller)
        .service(resellers::verify_domain::verify_domain)
        .service(resellers::wholesale::wholesale)
        .service(settings::reseller_settings::get_reseller_settings)
        .service(settings::reseller_settings::put_reseller_settings)
        .service(settings::pricing::get_pricing)
        .service(settings::pricing::put_pricing)
        .service(settings::on_net::get_on_net)
        .service(settings::on_net::put_on_net)
        .service(settings::brand::get_brand)
        .service(settings::brand::put_brand)
        .service(settings::logo::put_logo)
        .service(settings::logo::delete_logo)
        .service(billing::bill_runs::start_bill_run)
        .service(billing::bill_runs::list_bill_runs)
        .service(billing::bill_runs::get_bill_run)
        .service(billing::invoices::list_invoices)
        .service(billing::invoices::invoice_pdf)
        .service(billing::invoices::get_invoice)
        .service(billing::invoices::my_invoices)
        .service(billing::invoices::my_invoice_pdf)
        .service(billing::invoices::my_invoice)
        .service(billing::credit_note::credit_note)
        .service(billing::add_charge::add_charge)
        .service(billing::billing_settings::get_billing_settings)
        .service(billing::billing_settings::put_billing_settings)
        .service(settings::account_settings::get_account_settings)
        .service(settings::account_settings::put_account_settings)
        .service(payments::payment_settings::get_payment_settings)
        .service(payments::payment_settings::put_payment_settings)
        .service(payments::payment_settings::delete_payment_settings)
        .service(payments::list_payments::list_payments)
        .service(payments::export_payments::export_payments)
        .service(payments::customer_payments::list_customer_payments)
        .service(payments::customer_payments::record_payment)
        .service(payments::refund_payment::refund_payment)
        .service(payments::stripe_webhooks::platform_webhook)
        .service(payments::stripe_webhooks::seller_webhook)
        .service(payments::subscription::get_subscription)
        .service(payments::subscription::subscription_checkout)
        .service(my::pay::pay_invoice)
        .service(my::pay::top_up)
        .service(my::pay::confirm_checkout)
        .service(my::card::get_payment_profile)
        .service(my::card::save_card)
        .service(my::card::remove_card)
        .service(my::card::set_auto_top_up);
}
