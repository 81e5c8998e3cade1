//! `/v1/payment_intents`: payment methods, PaymentIntents and their charges,
//! and off-session charges of saved cards.

use serde_json::Map;

use super::*;
use crate::state::new_id;

pub(super) struct CardInfo {
    pub(super) brand: &'static str,
    pub(super) last4: String,
}

pub(super) fn card_info(number: &str) -> CardInfo {
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

pub(super) fn payment_method_json(
    id: &str,
    card: &CardInfo,
    customer: Value,
    created: i64,
) -> Value {
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

pub(super) struct NewPaymentIntent<'a> {
    pub(super) amount: i64,
    pub(super) currency: &'a str,
    pub(super) customer: Value,
    pub(super) payment_method: &'a str,
    pub(super) metadata: Map<String, Value>,
    pub(super) description: Value,
    pub(super) setup_future_usage: Value,
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
pub(super) fn succeed_payment_intent(
    account: &mut Account,
    pi: &NewPaymentIntent<'_>,
    now: i64,
) -> Value {
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

pub(super) fn create_payment_intent(
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
