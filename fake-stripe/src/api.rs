//! The `/v1/*` endpoints and the operations behind the checkout page and the
//! test controls. Everything here is synchronous and runs under the state lock;
//! webhook deliveries happen afterwards (see `lib.rs`).

use serde_json::{Map, Value, json};

use crate::error::ApiError;
use crate::params::Params;
use crate::state::{Account, Ctx, Endpoint, SessionExtra, new_id};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Card that the checkout page declines.
pub(crate) const DECLINED_CARD: &str = "4000000000000002";

/// Routes one authenticated API call. Returns the status and JSON body.
pub(crate) fn dispatch(
    account: &mut Account,
    ctx: &mut Ctx,
    method: &str,
    path: &str,
    params: &Params,
) -> Result<(u16, Value), ApiError> {
    let rest = path
        .strip_prefix("/v1/")
        .ok_or_else(|| ApiError::unknown_url(method, path))?
        .trim_end_matches('/');
    let segments: Vec<&str> = rest.split('/').collect();
    let ok = |value: Value| Ok((200, value));
    match (method, segments.as_slice()) {
        ("GET", ["balance"]) => ok(json!({
            "object": "balance",
            "available": [{ "amount": 0, "currency": "usd" }],
            "pending": [],
            "livemode": false,
        })),
        ("POST", ["webhook_endpoints"]) => {
            create_webhook_endpoint(account, ctx, params).map(ok_200)
        }
        ("GET", ["webhook_endpoints", id]) => account
            .endpoints
            .iter()
            .find(|e| e.id == *id)
            .map(|e| (200, e.to_json(false)))
            .ok_or_else(|| ApiError::not_found("webhook_endpoint", id)),
        ("DELETE", ["webhook_endpoints", id]) => {
            let before = account.endpoints.len();
            account.endpoints.retain(|e| e.id != *id);
            if account.endpoints.len() == before {
                return Err(ApiError::not_found("webhook_endpoint", id));
            }
            ok(json!({ "id": id, "object": "webhook_endpoint", "deleted": true }))
        }
        ("POST", ["customers"]) => create_customer(account, ctx, params).map(ok_200),
        ("POST", ["customers", id]) => update_customer(account, id, params).map(ok_200),
        ("POST", ["checkout", "sessions"]) => create_session(account, ctx, params).map(ok_200),
        ("POST", ["checkout", "sessions", id, "expire"]) => {
            params.check_known(&["expand"])?;
            expire_session(account, ctx, id).map(ok_200)
        }
        ("POST", ["payment_intents"]) => create_payment_intent(account, ctx, params),
        ("POST", ["refunds"]) => create_refund(account, ctx, params).map(ok_200),
        ("DELETE", ["subscriptions", id]) => cancel_subscription(account, ctx, id)
            .map(ok_200)
            .map_err(|e| match e {
                OpError::NotFound => ApiError::not_found("subscription", id),
                OpError::Invalid(message) => ApiError::invalid(message),
            }),
        ("GET", [collection, id]) => match object_for_collection(collection) {
            Some(object) => account
                .get(object, id)
                .cloned()
                .map(|v| (200, v))
                .ok_or_else(|| ApiError::not_found(object, id)),
            None => Err(ApiError::unknown_url(method, path)),
        },
        ("GET", ["checkout", "sessions", id]) => account
            .get("checkout.session", id)
            .cloned()
            .map(|v| (200, v))
            .ok_or_else(|| ApiError::not_found("checkout.session", id)),
        _ => Err(ApiError::unknown_url(method, path)),
    }
}

fn ok_200(value: Value) -> (u16, Value) {
    (200, value)
}

/// The object type served by `GET /v1/{collection}/{id}`.
fn object_for_collection(collection: &str) -> Option<&'static str> {
    Some(match collection {
        "customers" => "customer",
        "payment_intents" => "payment_intent",
        "setup_intents" => "setup_intent",
        "payment_methods" => "payment_method",
        "subscriptions" => "subscription",
        "charges" => "charge",
        "refunds" => "refund",
        "invoices" => "invoice",
        _ => return None,
    })
}

/// Replaces expandable ids named by `paths` (`a` or `a.b`) with the objects.
pub(crate) fn expand(account: &Account, value: &mut Value, paths: &[String]) {
    for path in paths {
        expand_path(account, value, path);
    }
}

fn expand_path(account: &Account, value: &mut Value, path: &str) {
    let (head, tail) = match path.split_once('.') {
        Some((head, tail)) => (head, Some(tail)),
        None => (path, None),
    };
    let Some(field) = value.get_mut(head) else {
        return;
    };
    if let Some(id) = field.as_str()
        && let Some(object) = account.objects.get(id)
    {
        *field = object.clone();
    }
    if let Some(tail) = tail {
        expand_path(account, field, tail);
    }
}

fn validate_http_url(param: &str, raw: &str) -> Result<(), ApiError> {
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
        _ => Err(
            ApiError::invalid_param(param, format!("Not a valid URL: {raw}")).code("url_invalid"),
        ),
    }
}

fn optional_string(params: &Params, key: &str) -> Value {
    params.get(key).map_or(Value::Null, |v| json!(v))
}

// ---------------------------------------------------------------- webhook endpoints

fn create_webhook_endpoint(
    account: &mut Account,
    ctx: &Ctx,
    params: &Params,
) -> Result<Value, ApiError> {
    params.check_known(&[
        "url",
        "enabled_events",
        "description",
        "metadata",
        "api_version",
        "connect",
        "expand",
    ])?;
    let url = params.required("url")?;
    validate_http_url("url", url)?;
    let enabled_events = params.list("enabled_events");
    if enabled_events.is_empty() {
        return Err(ApiError::missing("enabled_events"));
    }
    if let Some(bad) = enabled_events.iter().find(|e| e.is_empty()) {
        return Err(ApiError::invalid_param(
            "enabled_events",
            format!("Invalid event type: '{bad}'"),
        ));
    }
    let endpoint = Endpoint {
        id: new_id("we_"),
        url: url.to_owned(),
        enabled_events,
        secret: new_id("whsec_"),
        previous_secret: None,
        created: ctx.now,
        description: params.get("description").map(str::to_owned),
        metadata: params.map("metadata"),
        api_version: params.get("api_version").map(str::to_owned),
    };
    let json = endpoint.to_json(true);
    account.endpoints.push(endpoint);
    Ok(json)
}

// ---------------------------------------------------------------- customers

fn customer_json(
    id: &str,
    email: Value,
    name: Value,
    metadata: Map<String, Value>,
    created: i64,
) -> Value {
    json!({
        "id": id,
        "object": "customer",
        "balance": 0,
        "created": created,
        "currency": null,
        "default_source": null,
        "delinquent": false,
        "description": null,
        "email": email,
        "invoice_settings": {
            "custom_fields": null,
            "default_payment_method": null,
            "footer": null,
            "rendering_options": null,
        },
        "livemode": false,
        "metadata": metadata,
        "name": name,
        "phone": null,
    })
}

const CUSTOMER_PARAMS: &[&str] = &[
    "email",
    "name",
    "metadata",
    "description",
    "phone",
    "address",
    "preferred_locales",
    "expand",
];

fn create_customer(account: &mut Account, ctx: &Ctx, params: &Params) -> Result<Value, ApiError> {
    params.check_known(CUSTOMER_PARAMS)?;
    let mut customer = customer_json(
        &new_id("cus_"),
        optional_string(params, "email"),
        optional_string(params, "name"),
        params.map("metadata"),
        ctx.now,
    );
    customer["description"] = optional_string(params, "description");
    customer["phone"] = optional_string(params, "phone");
    account.put(customer.clone());
    Ok(customer)
}

fn update_customer(account: &mut Account, id: &str, params: &Params) -> Result<Value, ApiError> {
    let mut allowed = CUSTOMER_PARAMS.to_vec();
    allowed.push("invoice_settings");
    params.check_known(&allowed)?;
    params.check_known_nested("invoice_settings", &["default_payment_method"])?;
    if let Some(pm) = params.get("invoice_settings[default_payment_method]") {
        let owner = account
            .get("payment_method", pm)
            .ok_or_else(|| {
                ApiError::missing_reference(
                    "payment_method",
                    pm,
                    "invoice_settings[default_payment_method]",
                )
            })?
            .get("customer")
            .and_then(Value::as_str);
        if owner != Some(id) {
            return Err(ApiError::invalid_param(
                "invoice_settings[default_payment_method]",
                format!("The customer does not have a payment method with the ID {pm}."),
            ));
        }
    }
    let customer = account
        .get_mut("customer", id)
        .ok_or_else(|| ApiError::not_found("customer", id))?;
    for key in ["email", "name", "description", "phone"] {
        if let Some(value) = params.raw(key) {
            customer[key] = if value.is_empty() {
                Value::Null
            } else {
                json!(value)
            };
        }
    }
    for (key, value) in params.map("metadata") {
        if let Some(metadata) = customer["metadata"].as_object_mut() {
            if value.as_str() == Some("") {
                metadata.remove(&key);
            } else {
                metadata.insert(key, value);
            }
        }
    }
    if let Some(pm) = params.raw("invoice_settings[default_payment_method]") {
        customer["invoice_settings"]["default_payment_method"] = if pm.is_empty() {
            Value::Null
        } else {
            json!(pm)
        };
    }
    Ok(customer.clone())
}

// ---------------------------------------------------------------- checkout sessions

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

fn create_session(account: &mut Account, ctx: &Ctx, params: &Params) -> Result<Value, ApiError> {
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

    let mut extra = SessionExtra {
        quantity: 1,
        ..SessionExtra::default()
    };
    match mode {
        "payment" => {
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
            let unit_amount =
                params.required_positive_int("line_items[0][price_data][unit_amount]")?;
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
                        format!(
                            "Invalid setup_future_usage: {usage}. Must be off_session or on_session."
                        ),
                    ));
                }
                extra.setup_future_usage = Some(usage.to_owned());
            }
            extra.payment_intent_metadata = params.map("payment_intent_data[metadata]");
            extra.payment_intent_description = params
                .get("payment_intent_data[description]")
                .map(str::to_owned);
        }
        "setup" => {
            no_param_in_mode(params, "line_items", mode)?;
            no_param_in_mode(params, "payment_intent_data", mode)?;
            no_param_in_mode(params, "subscription_data", mode)?;
            params.check_known_nested(
                "setup_intent_data",
                &["metadata", "description", "on_behalf_of"],
            )?;
            extra.currency = params.currency("currency")?;
            extra.setup_intent_metadata = params.map("setup_intent_data[metadata]");
        }
        _ => {
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
            extra.trial_period_days =
                params.non_negative_int("subscription_data[trial_period_days]")?;
            extra.subscription_metadata = params.map("subscription_data[metadata]");
            extra.currency = if params.get("currency").is_some() {
                params.currency("currency")?
            } else {
                "usd".to_owned()
            };
        }
    }

    let id = new_id("cs_test_");
    let session = json!({
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
    });
    account.sessions.insert(id, extra);
    account.put(session.clone());
    Ok(session)
}

/// `POST /v1/checkout/sessions/{id}/expire`: open → expired, with
/// `checkout.session.expired`.
fn expire_session(account: &mut Account, ctx: &mut Ctx, id: &str) -> Result<Value, ApiError> {
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

// ---------------------------------------------------------------- payment intents

struct CardInfo {
    brand: &'static str,
    last4: String,
}

fn card_info(number: &str) -> CardInfo {
    let brand = match number.as_bytes().first() {
        Some(b'4') => "visa",
        Some(b'5') => "mastercard",
        _ => "unknown",
    };
    let last4 = number
        .get(number.len().saturating_sub(4)..)
        .unwrap_or(number)
        .to_owned();
    CardInfo { brand, last4 }
}

fn payment_method_json(id: &str, card: &CardInfo, customer: Value, created: i64) -> Value {
    json!({
        "id": id,
        "object": "payment_method",
        "billing_details": { "address": null, "email": null, "name": null, "phone": null },
        "card": {
            "brand": card.brand,
            "checks": null,
            "country": "US",
            "exp_month": 12,
            "exp_year": 2030,
            "funding": "credit",
            "last4": card.last4,
            "networks": null,
            "three_d_secure_usage": null,
            "wallet": null,
        },
        "created": created,
        "customer": customer,
        "livemode": false,
        "metadata": {},
        "type": "card",
    })
}

struct NewPaymentIntent<'a> {
    amount: i64,
    currency: &'a str,
    customer: Value,
    payment_method: &'a str,
    metadata: Map<String, Value>,
    description: Value,
    setup_future_usage: Value,
}

fn payment_intent_json(id: &str, pi: &NewPaymentIntent<'_>, created: i64) -> Value {
    json!({
        "id": id,
        "object": "payment_intent",
        "amount": pi.amount,
        "amount_capturable": 0,
        "amount_received": 0,
        "capture_method": "automatic",
        "client_secret": format!("{id}_secret_{}", new_id("")),
        "confirmation_method": "automatic",
        "created": created,
        "currency": pi.currency,
        "customer": pi.customer,
        "description": pi.description,
        "last_payment_error": null,
        "latest_charge": null,
        "livemode": false,
        "metadata": pi.metadata,
        "payment_method": pi.payment_method,
        "payment_method_types": ["card"],
        "setup_future_usage": pi.setup_future_usage,
        "status": "requires_payment_method",
    })
}

/// Creates a succeeded PaymentIntent with its charge; returns the PI.
fn succeed_payment_intent(account: &mut Account, pi: &NewPaymentIntent<'_>, now: i64) -> Value {
    let pi_id = new_id("pi_");
    let charge_id = new_id("ch_");
    let mut intent = payment_intent_json(&pi_id, pi, now);
    intent["status"] = json!("succeeded");
    intent["amount_received"] = json!(pi.amount);
    intent["latest_charge"] = json!(charge_id);
    let charge = json!({
        "id": charge_id,
        "object": "charge",
        "amount": pi.amount,
        "amount_captured": pi.amount,
        "amount_refunded": 0,
        "billing_details": { "address": null, "email": null, "name": null, "phone": null },
        "captured": true,
        "created": now,
        "currency": pi.currency,
        "customer": pi.customer,
        "description": pi.description,
        "disputed": false,
        "livemode": false,
        "metadata": pi.metadata,
        "paid": true,
        "payment_intent": pi_id,
        "payment_method": pi.payment_method,
        "refunded": false,
        "status": "succeeded",
    });
    account.put(charge);
    account.put(intent.clone());
    intent
}

fn create_payment_intent(
    account: &mut Account,
    ctx: &mut Ctx,
    params: &Params,
) -> Result<(u16, Value), ApiError> {
    params.check_known(&[
        "amount",
        "currency",
        "customer",
        "payment_method",
        "confirm",
        "off_session",
        "metadata",
        "description",
        "expand",
        "payment_method_types",
        "statement_descriptor",
        "statement_descriptor_suffix",
        "receipt_email",
        "error_on_requires_action",
    ])?;
    let amount = params.required_positive_int("amount")?;
    let currency = params.currency("currency")?;
    let customer = params.required("customer")?;
    if account.get("customer", customer).is_none() {
        return Err(ApiError::missing_reference(
            "customer", customer, "customer",
        ));
    }
    let payment_method = params.required("payment_method")?;
    let pm = account
        .get("payment_method", payment_method)
        .ok_or_else(|| {
            ApiError::missing_reference("payment_method", payment_method, "payment_method")
        })?;
    if pm.get("customer").and_then(Value::as_str) != Some(customer) {
        return Err(ApiError::invalid_param(
            "payment_method",
            format!(
                "The provided PaymentMethod {payment_method} does not belong to customer {customer}: save it with the customer first (setup mode or setup_future_usage)."
            ),
        ));
    }
    let last4 = pm["card"]["last4"].as_str().unwrap_or_default().to_owned();
    params.require_true("confirm")?;
    params.require_true("off_session")?;

    let new = NewPaymentIntent {
        amount,
        currency: &currency,
        customer: json!(customer),
        payment_method,
        metadata: params.map("metadata"),
        description: optional_string(params, "description"),
        setup_future_usage: Value::Null,
    };
    let declined = last4 == "0002" || std::mem::take(&mut account.decline_next_charge);
    if declined {
        let id = new_id("pi_");
        let mut intent = payment_intent_json(&id, &new, ctx.now);
        intent["last_payment_error"] = json!({
            "type": "card_error",
            "code": "card_declined",
            "decline_code": "insufficient_funds",
            "message": "Your card was declined.",
        });
        account.put(intent.clone());
        ctx.emit("payment_intent.payment_failed", &intent);
        return Err(ApiError::card_declined()
            .with("decline_code", json!("insufficient_funds"))
            .with("payment_intent", intent));
    }
    let intent = succeed_payment_intent(account, &new, ctx.now);
    ctx.emit("payment_intent.succeeded", &intent);
    Ok((200, intent))
}

// ---------------------------------------------------------------- refunds

fn create_refund(account: &mut Account, ctx: &mut Ctx, params: &Params) -> Result<Value, ApiError> {
    params.check_known(&[
        "payment_intent",
        "amount",
        "metadata",
        "reason",
        "expand",
        "charge",
    ])?;
    if params.has("charge") {
        return Err(ApiError::invalid_param(
            "charge",
            "fake-stripe supports refunds by payment_intent only.",
        ));
    }
    let pi_id = params.required("payment_intent")?;
    let intent = account
        .get("payment_intent", pi_id)
        .ok_or_else(|| ApiError::missing_reference("payment_intent", pi_id, "payment_intent"))?;
    if intent["status"] != "succeeded" {
        return Err(ApiError::invalid_param(
            "payment_intent",
            format!("PaymentIntent {pi_id} has not succeeded, so it cannot be refunded."),
        )
        .code("payment_intent_unexpected_state"));
    }
    let charge_id = intent["latest_charge"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let currency = intent["currency"].clone();
    let received = intent["amount_received"].as_i64().unwrap_or_default();
    let already = account
        .get("charge", &charge_id)
        .and_then(|c| c["amount_refunded"].as_i64())
        .unwrap_or_default();
    let remaining = received - already;
    if remaining <= 0 {
        return Err(ApiError::invalid_param(
            "payment_intent",
            format!("Charge {charge_id} has already been refunded."),
        )
        .code("charge_already_refunded"));
    }
    let amount = match params.positive_int("amount")? {
        Some(amount) if amount > remaining => {
            return Err(ApiError::invalid_param(
                "amount",
                format!(
                    "Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})"
                ),
            )
            .code("amount_too_large"));
        }
        Some(amount) => amount,
        None => remaining,
    };
    let reason = params.get("reason");
    if let Some(reason) = reason
        && !matches!(reason, "duplicate" | "fraudulent" | "requested_by_customer")
    {
        return Err(ApiError::invalid_param(
            "reason",
            format!(
                "Invalid reason: {reason}. Must be duplicate, fraudulent or requested_by_customer."
            ),
        ));
    }
    let refund = json!({
        "id": new_id("re_"),
        "object": "refund",
        "amount": amount,
        "charge": charge_id,
        "created": ctx.now,
        "currency": currency,
        "metadata": params.map("metadata"),
        "payment_intent": pi_id,
        "reason": reason,
        "status": "succeeded",
    });
    account.put(refund.clone());
    if let Some(charge) = account.get_mut("charge", &charge_id) {
        let total = already + amount;
        charge["amount_refunded"] = json!(total);
        charge["refunded"] = json!(total >= received);
        let charge = charge.clone();
        ctx.emit("charge.refunded", &charge);
    }
    Ok(refund)
}

// ---------------------------------------------------------------- operations (test controls)

/// Why an operation outside the HTTP API failed.
#[derive(Debug, Clone)]
pub(crate) enum OpError {
    NotFound,
    Invalid(String),
}

impl OpError {
    pub fn message(self, what: &str) -> String {
        match self {
            OpError::NotFound => format!("no such {what}"),
            OpError::Invalid(message) => message,
        }
    }
}

/// Digits of a card number typed on the checkout page (spaces removed).
pub(crate) fn normalize_card(card: &str) -> Result<String, String> {
    let digits: String = card
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("incorrect_number".to_owned());
    }
    Ok(digits)
}

/// What the checkout page's Pay button does. Returns the success redirect URL.
pub(crate) fn pay_checkout(
    account: &mut Account,
    ctx: &mut Ctx,
    session_id: &str,
    card: &str,
) -> Result<String, String> {
    let session = account
        .get("checkout.session", session_id)
        .ok_or_else(|| format!("no such checkout session: {session_id}"))?
        .clone();
    if session["status"] != "open" {
        return Err(format!(
            "checkout session {session_id} is not open (status: {})",
            session["status"].as_str().unwrap_or("unknown")
        ));
    }
    let digits = normalize_card(card)?;
    if digits == DECLINED_CARD {
        return Err("card_declined".to_owned());
    }
    let extra = account
        .sessions
        .get(session_id)
        .cloned()
        .ok_or_else(|| format!("no such checkout session: {session_id}"))?;
    let mode = session["mode"].as_str().unwrap_or_default().to_owned();
    let mut customer = session["customer"].clone();
    let info = card_info(&digits);
    let pm_id = new_id("pm_");
    let mut session = session;

    match mode.as_str() {
        "payment" => {
            let pm_customer = if extra.setup_future_usage.is_some() {
                customer.clone()
            } else {
                Value::Null
            };
            account.put(payment_method_json(&pm_id, &info, pm_customer, ctx.now));
            let new = NewPaymentIntent {
                amount: extra.amount.unwrap_or_default(),
                currency: &extra.currency,
                customer: customer.clone(),
                payment_method: &pm_id,
                metadata: extra.payment_intent_metadata.clone(),
                description: extra
                    .payment_intent_description
                    .as_ref()
                    .map_or(Value::Null, |d| json!(d)),
                setup_future_usage: extra
                    .setup_future_usage
                    .as_ref()
                    .map_or(Value::Null, |u| json!(u)),
            };
            let intent = succeed_payment_intent(account, &new, ctx.now);
            session["payment_intent"] = intent["id"].clone();
            session["payment_status"] = json!("paid");
            ctx.emit("payment_intent.succeeded", &intent);
        }
        "setup" => {
            account.put(payment_method_json(
                &pm_id,
                &info,
                customer.clone(),
                ctx.now,
            ));
            let seti = json!({
                "id": new_id("seti_"),
                "object": "setup_intent",
                "cancellation_reason": null,
                "client_secret": null,
                "created": ctx.now,
                "customer": customer,
                "description": null,
                "last_setup_error": null,
                "livemode": false,
                "metadata": extra.setup_intent_metadata,
                "payment_method": pm_id,
                "payment_method_types": ["card"],
                "status": "succeeded",
                "usage": "off_session",
            });
            account.put(seti.clone());
            session["setup_intent"] = seti["id"].clone();
            ctx.emit("setup_intent.succeeded", &seti);
        }
        _ => {
            if customer.is_null() {
                let id = new_id("cus_");
                account.put(customer_json(
                    &id,
                    session["customer_email"].clone(),
                    Value::Null,
                    Map::new(),
                    ctx.now,
                ));
                customer = json!(id);
            }
            account.put(payment_method_json(
                &pm_id,
                &info,
                customer.clone(),
                ctx.now,
            ));
            let trial_days = extra.trial_period_days.unwrap_or(0);
            let (status, period_end, trial_end) = if trial_days > 0 {
                let end = ctx.now + trial_days * DAY;
                ("trialing", end, json!(end))
            } else {
                ("active", ctx.now + 30 * DAY, Value::Null)
            };
            let sub_id = new_id("sub_");
            let subscription = json!({
                "id": sub_id,
                "object": "subscription",
                "automatic_tax": { "enabled": false, "liability": null },
                "billing_cycle_anchor": period_end,
                "cancel_at": null,
                "cancel_at_period_end": false,
                "canceled_at": null,
                "collection_method": "charge_automatically",
                "created": ctx.now,
                "currency": extra.currency,
                "current_period_end": period_end,
                "current_period_start": ctx.now,
                "customer": customer,
                "default_payment_method": pm_id,
                "ended_at": null,
                "items": {
                    "object": "list",
                    "data": [{
                        "id": new_id("si_"),
                        "object": "subscription_item",
                        "created": ctx.now,
                        "metadata": {},
                        "price": { "id": extra.price, "object": "price" },
                        "quantity": extra.quantity,
                        "subscription": sub_id,
                    }],
                    "has_more": false,
                    "total_count": 1,
                    "url": format!("/v1/subscription_items?subscription={sub_id}"),
                },
                "latest_invoice": null,
                "livemode": false,
                "metadata": extra.subscription_metadata,
                "start_date": ctx.now,
                "status": status,
                "trial_end": trial_end,
                "trial_start": if trial_days > 0 { json!(ctx.now) } else { Value::Null },
            });
            account.put(subscription.clone());
            session["subscription"] = json!(sub_id);
            session["customer"] = customer.clone();
            session["payment_status"] = json!("paid");
            ctx.emit("customer.subscription.created", &subscription);
        }
    }
    session["status"] = json!("complete");
    account.put(session.clone());
    ctx.emit("checkout.session.completed", &session);
    let success_url = session["success_url"].as_str().unwrap_or_default();
    Ok(success_url.replace("{CHECKOUT_SESSION_ID}", session_id))
}

/// Subscription → `past_due`, with an open invoice; sends
/// `invoice.payment_failed` then `customer.subscription.updated`.
pub(crate) fn fail_subscription_payment(
    account: &mut Account,
    ctx: &mut Ctx,
    id: &str,
) -> Result<(), OpError> {
    let subscription = account
        .get_mut("subscription", id)
        .ok_or(OpError::NotFound)?;
    let previous = subscription["status"].clone();
    if previous == "canceled" {
        return Err(OpError::Invalid(format!("subscription {id} is canceled")));
    }
    subscription["status"] = json!("past_due");
    let invoice_id = new_id("in_");
    subscription["latest_invoice"] = json!(invoice_id);
    let subscription = subscription.clone();
    let invoice = json!({
        "id": invoice_id,
        "object": "invoice",
        "amount_due": 0,
        "amount_paid": 0,
        "amount_remaining": 0,
        "attempt_count": 1,
        "attempted": true,
        "billing_reason": "subscription_cycle",
        "collection_method": "charge_automatically",
        "created": ctx.now,
        "currency": subscription["currency"],
        "customer": subscription["customer"],
        "livemode": false,
        "metadata": {},
        "next_payment_attempt": ctx.now + 3 * DAY,
        "paid": false,
        "status": "open",
        "subscription": id,
    });
    account.put(invoice.clone());
    ctx.emit("invoice.payment_failed", &invoice);
    ctx.emit_data(
        "customer.subscription.updated",
        json!({
            "object": subscription,
            "previous_attributes": { "status": previous, "latest_invoice": null },
        }),
    );
    Ok(())
}

/// Subscription → `canceled`; sends `customer.subscription.deleted`.
pub(crate) fn cancel_subscription(
    account: &mut Account,
    ctx: &mut Ctx,
    id: &str,
) -> Result<Value, OpError> {
    let subscription = account
        .get_mut("subscription", id)
        .ok_or(OpError::NotFound)?;
    if subscription["status"] == "canceled" {
        return Err(OpError::Invalid(format!(
            "subscription {id} is already canceled"
        )));
    }
    subscription["status"] = json!("canceled");
    subscription["canceled_at"] = json!(ctx.now);
    subscription["ended_at"] = json!(ctx.now);
    subscription["cancel_at_period_end"] = json!(false);
    let subscription = subscription.clone();
    ctx.emit("customer.subscription.deleted", &subscription);
    Ok(subscription)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_brands() {
        let visa = card_info("4242424242424242");
        assert_eq!((visa.brand, visa.last4.as_str()), ("visa", "4242"));
        assert_eq!(card_info("5555555555554444").brand, "mastercard");
        assert_eq!(card_info("378282246310005").brand, "unknown");
        assert!(normalize_card("4242 4242 4242 4242").is_ok());
        assert!(normalize_card("abc").is_err());
    }
}
