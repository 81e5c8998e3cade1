//! `POST /v1/refunds`: refunds of succeeded PaymentIntents.

use super::*;
use crate::state::new_id;

pub(super) fn create_refund(
    account: &mut Account,
    ctx: &mut Ctx,
    params: &Params,
) -> Result<Value, ApiError> {
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
