//! `/v1/checkout/sessions`: creating Checkout Sessions (with the per-mode
//! parameter checks) and expiring them.

use super::*;
use crate::state::{SessionExtra, new_id};

const SESSION_PARAMS: &[&str] = &[
    "mode",
    "success_url",
    "cancel_url",
    "customer",
    "customer_email",
    "client_reference_id",
    "metadata",
    "expand",
    "line_items",
    "payment_intent_data",
    "setup_intent_data",
    "subscription_data",
    "currency",
    "payment_method_types",
    "locale",
    "billing_address_collection",
    "allow_promotion_codes",
    "submit_type",
    "expires_at",
    "customer_creation",
    "payment_method_collection",
    "phone_number_collection",
    "tax_id_collection",
    "automatic_tax",
    "customer_update",
    "consent_collection",
    "invoice_creation",
    "custom_text",
];

const PAYMENT_INTENT_DATA_PARAMS: &[&str] = &[
    "setup_future_usage",
    "metadata",
    "description",
    "receipt_email",
    "statement_descriptor",
    "statement_descriptor_suffix",
];

fn no_param_in_mode(params: &Params, param: &str, mode: &str) -> Result<(), ApiError> {
    if params.has(param) {
        return Err(ApiError::invalid_param(
            param,
            format!("You can not pass `{param}` in `{mode}` mode."),
        ));
    }
    Ok(())
}

/// The mode, URLs and customer of a new Checkout Session, already validated.
#[derive(Clone, Copy)]
struct SessionBasics<'a> {
    mode: &'a str,
    success_url: &'a str,
    cancel_url: &'a str,
    customer: Option<&'a str>,
    customer_email: Option<&'a str>,
}

pub(super) fn create_session(
    account: &mut Account,
    ctx: &Ctx,
    params: &Params,
) -> Result<Value, ApiError> {
    let basics = session_basics(account, params)?;
    let extra = session_extra(params, basics.mode)?;
    let id = new_id("cs_test_");
    let session = session_json(&id, &basics, &extra, ctx, params);
    account.sessions.insert(id, extra);
    account.put(session.clone());
    Ok(session)
}

/// Checks what every mode shares: the known parameters, `mode`, the URLs, the
/// customer and the single line item.
fn session_basics<'a>(
    account: &Account,
    params: &'a Params,
) -> Result<SessionBasics<'a>, ApiError> {
    params.check_known(SESSION_PARAMS)?;
    let mode = params.required("mode")?;
    if !matches!(mode, "payment" | "setup" | "subscription") {
        return Err(ApiError::invalid_param(
            "mode",
            format!("Invalid mode: {mode}. Must be one of payment, setup, or subscription."),
        ));
    }
    let success_url = params.required("success_url")?;
    validate_http_url("success_url", success_url)?;
    if !success_url.contains("{CHECKOUT_SESSION_ID}") {
        return Err(ApiError::invalid_param(
            "success_url",
            "fake-stripe requires success_url to contain the literal {CHECKOUT_SESSION_ID} template so the app can look the session up on return.",
        ));
    }
    let cancel_url = params.required("cancel_url")?;
    validate_http_url("cancel_url", cancel_url)?;
    let customer = params.get("customer");
    if let Some(customer) = customer
        && account.get("customer", customer).is_none()
    {
        return Err(ApiError::missing_reference(
            "customer", customer, "customer",
        ));
    }
    let customer_email = params.get("customer_email");
    if customer.is_some() && customer_email.is_some() {
        return Err(ApiError::invalid_param(
            "customer_email",
            "You may only specify one of these parameters: customer, customer_email.",
        ));
    }
    for (key, _) in params.pairs() {
        if key.starts_with("line_items[") && !key.starts_with("line_items[0]") {
            return Err(ApiError::invalid_param(
                key,
                "fake-stripe supports exactly one line item (line_items[0]).",
            ));
        }
    }
    params.check_known_nested(
        "line_items[0]",
        &[
            "price",
            "price_data",
            "quantity",
            "tax_rates",
            "adjustable_quantity",
        ],
    )?;
    Ok(SessionBasics {
        mode,
        success_url,
        cancel_url,
        customer,
        customer_email,
    })
}

/// Checks the parameters of `mode`; returns what the session keeps beyond its JSON.
fn session_extra(params: &Params, mode: &str) -> Result<SessionExtra, ApiError> {
    let mut extra = SessionExtra {
        quantity: 1,
        ..SessionExtra::default()
    };
    match mode {
        "payment" => payment_mode_extra(params, mode, &mut extra)?,
        "setup" => setup_mode_extra(params, mode, &mut extra)?,
        _ => subscription_mode_extra(params, mode, &mut extra)?,
    }
    Ok(extra)
}

/// `mode=payment`: one `price_data` line item, optional `payment_intent_data`.
fn payment_mode_extra(
    params: &Params,
    mode: &str,
    extra: &mut SessionExtra,
) -> Result<(), ApiError> {
    no_param_in_mode(params, "setup_intent_data", mode)?;
    no_param_in_mode(params, "subscription_data", mode)?;
    params.check_known_nested(
        "line_items[0][price_data]",
        &["currency", "unit_amount", "product_data", "tax_behavior"],
    )?;
    params.check_known_nested(
        "line_items[0][price_data][product_data]",
        &["name", "description", "metadata", "images", "tax_code"],
    )?;
    params.check_known_nested("payment_intent_data", PAYMENT_INTENT_DATA_PARAMS)?;
    if params.has("line_items[0][price]") {
        return Err(ApiError::invalid_param(
            "line_items[0][price]",
            "fake-stripe supports only line_items[0][price_data] in payment mode.",
        ));
    }
    extra.currency = params.currency("line_items[0][price_data][currency]")?;
    let unit_amount = params.required_positive_int("line_items[0][price_data][unit_amount]")?;
    params.required("line_items[0][price_data][product_data][name]")?;
    extra.quantity = params.required_positive_int("line_items[0][quantity]")?;
    extra.amount = Some(unit_amount.checked_mul(extra.quantity).ok_or_else(|| {
        ApiError::invalid_param("line_items[0][quantity]", "Amount too large.")
            .code("amount_too_large")
    })?);
    if let Some(usage) = params.get("payment_intent_data[setup_future_usage]") {
        if !matches!(usage, "off_session" | "on_session") {
            return Err(ApiError::invalid_param(
                "payment_intent_data[setup_future_usage]",
                format!("Invalid setup_future_usage: {usage}. Must be off_session or on_session."),
            ));
        }
        extra.setup_future_usage = Some(usage.to_owned());
    }
    extra.payment_intent_metadata = params.map("payment_intent_data[metadata]");
    extra.payment_intent_description = params
        .get("payment_intent_data[description]")
        .map(str::to_owned);
    Ok(())
}

/// `mode=setup`: no line items, optional `setup_intent_data`.
fn setup_mode_extra(params: &Params, mode: &str, extra: &mut SessionExtra) -> Result<(), ApiError> {
    no_param_in_mode(params, "line_items", mode)?;
    no_param_in_mode(params, "payment_intent_data", mode)?;
    no_param_in_mode(params, "subscription_data", mode)?;
    params.check_known_nested(
        "setup_intent_data",
        &["metadata", "description", "on_behalf_of"],
    )?;
    extra.currency = params.currency("currency")?;
    extra.setup_intent_metadata = params.map("setup_intent_data[metadata]");
    Ok(())
}

/// `mode=subscription`: one `price` line item, optional `subscription_data`.
fn subscription_mode_extra(
    params: &Params,
    mode: &str,
    extra: &mut SessionExtra,
) -> Result<(), ApiError> {
    no_param_in_mode(params, "payment_intent_data", mode)?;
    no_param_in_mode(params, "setup_intent_data", mode)?;
    if params.has("line_items[0][price_data]") {
        return Err(ApiError::invalid_param(
            "line_items[0][price_data]",
            "fake-stripe supports only line_items[0][price] in subscription mode.",
        ));
    }
    params.check_known_nested(
        "subscription_data",
        &[
            "trial_period_days",
            "metadata",
            "description",
            "default_tax_rates",
            "trial_end",
        ],
    )?;
    extra.price = Some(params.required("line_items[0][price]")?.to_owned());
    extra.quantity = params.required_positive_int("line_items[0][quantity]")?;
    extra.trial_period_days = params.non_negative_int("subscription_data[trial_period_days]")?;
    extra.subscription_metadata = params.map("subscription_data[metadata]");
    extra.currency = if params.get("currency").is_some() {
        params.currency("currency")?
    } else {
        "usd".to_owned()
    };
    Ok(())
}

/// The new session's public JSON.
fn session_json(
    id: &str,
    basics: &SessionBasics<'_>,
    extra: &SessionExtra,
    ctx: &Ctx,
    params: &Params,
) -> Value {
    let SessionBasics {
        mode,
        success_url,
        cancel_url,
        customer,
        customer_email,
    } = *basics;
    json!({
        "id": id,
        "object": "checkout.session",
        "amount_subtotal": extra.amount,
        "amount_total": extra.amount,
        "automatic_tax": { "enabled": false, "liability": null, "status": null },
        "cancel_url": cancel_url,
        "client_reference_id": optional_string(params, "client_reference_id"),
        "created": ctx.now,
        "currency": extra.currency,
        "custom_fields": [],
        "custom_text": {
            "after_submit": null,
            "shipping_address": null,
            "submit": null,
            "terms_of_service_acceptance": null,
        },
        "customer": customer,
        "customer_email": customer_email,
        "expires_at": ctx.now + DAY,
        "livemode": false,
        "locale": optional_string(params, "locale"),
        "metadata": params.map("metadata"),
        "mode": mode,
        "payment_intent": null,
        "payment_method_types": ["card"],
        "payment_status": if mode == "setup" { "no_payment_required" } else { "unpaid" },
        "setup_intent": null,
        "shipping_options": [],
        "status": "open",
        "subscription": null,
        "success_url": success_url,
        "url": format!("{}/checkout/{id}", ctx.base_url),
    })
}

/// `POST /v1/checkout/sessions/{id}/expire`: open → expired, with
/// `checkout.session.expired`.
pub(super) fn expire_session(
    account: &mut Account,
    ctx: &mut Ctx,
    id: &str,
) -> Result<Value, ApiError> {
    let session = account
        .get_mut("checkout.session", id)
        .ok_or_else(|| ApiError::not_found("checkout.session", id))?;
    if session["status"] != "open" {
        return Err(ApiError::invalid(format!(
            "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of \"{}\".",
            session["status"].as_str().unwrap_or_default()
        )));
    }
    session["status"] = json!("expired");
    session["url"] = Value::Null;
    let session = session.clone();
    ctx.emit("checkout.session.expired", &session);
    Ok(session)
}
