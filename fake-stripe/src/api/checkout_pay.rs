//! Completing a Checkout Session: what the hosted checkout page's Pay button
//! does, for each mode.

use serde_json::Map;

use super::customers::customer_json;
use super::payment_intents::{
    CardInfo, NewPaymentIntent, card_info, payment_method_json, succeed_payment_intent,
};
use super::subscriptions::subscription_json;
use super::*;
use crate::state::{SessionExtra, new_id};

/// Card that the checkout page declines.
pub(crate) const DECLINED_CARD: &str = "4000000000000002";

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
    let (mut session, extra, digits) = payable_session(account, session_id, card)?;
    let mode = session["mode"].as_str().unwrap_or_default().to_owned();
    let info = card_info(&digits);
    let pm_id = new_id("pm_");
    match mode.as_str() {
        "payment" => complete_payment(account, ctx, &mut session, &extra, &pm_id, &info),
        "setup" => complete_setup(account, ctx, &mut session, &extra, &pm_id, &info),
        _ => complete_subscription(account, ctx, &mut session, &extra, &pm_id, &info),
    }
    session["status"] = json!("complete");
    account.put(session.clone());
    ctx.emit("checkout.session.completed", &session);
    let success_url = session["success_url"].as_str().unwrap_or_default();
    Ok(success_url.replace("{CHECKOUT_SESSION_ID}", session_id))
}

/// Checks that `session_id` is an open session and that `card` is accepted;
/// returns the session's JSON, what it was created with, and the card's digits.
fn payable_session(
    account: &Account,
    session_id: &str,
    card: &str,
) -> Result<(Value, SessionExtra, String), String> {
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
    Ok((session, extra, digits))
}

/// `mode=payment`: a succeeded PaymentIntent (the card is saved to the customer
/// only with `setup_future_usage`); sends `payment_intent.succeeded`.
fn complete_payment(
    account: &mut Account,
    ctx: &mut Ctx,
    session: &mut Value,
    extra: &SessionExtra,
    pm_id: &str,
    info: &CardInfo,
) {
    let customer = session["customer"].clone();
    let pm_customer = if extra.setup_future_usage.is_some() {
        customer.clone()
    } else {
        Value::Null
    };
    account.put(payment_method_json(pm_id, info, pm_customer, ctx.now));
    let new = NewPaymentIntent {
        amount: extra.amount.unwrap_or_default(),
        currency: &extra.currency,
        customer,
        payment_method: pm_id,
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

/// `mode=setup`: the card saved to the customer through a succeeded
/// SetupIntent; sends `setup_intent.succeeded`.
fn complete_setup(
    account: &mut Account,
    ctx: &mut Ctx,
    session: &mut Value,
    extra: &SessionExtra,
    pm_id: &str,
    info: &CardInfo,
) {
    let customer = session["customer"].clone();
    account.put(payment_method_json(pm_id, info, customer.clone(), ctx.now));
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

/// `mode=subscription`: a subscription (and a customer from the session's
/// email when it has none); sends `customer.subscription.created`.
fn complete_subscription(
    account: &mut Account,
    ctx: &mut Ctx,
    session: &mut Value,
    extra: &SessionExtra,
    pm_id: &str,
    info: &CardInfo,
) {
    let mut customer = session["customer"].clone();
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
    account.put(payment_method_json(pm_id, info, customer.clone(), ctx.now));
    let sub_id = new_id("sub_");
    let subscription = subscription_json(&sub_id, &customer, pm_id, extra, ctx.now);
    account.put(subscription.clone());
    session["subscription"] = json!(sub_id);
    session["customer"] = customer;
    session["payment_status"] = json!("paid");
    ctx.emit("customer.subscription.created", &subscription);
}
