//! Subscriptions: the one a subscription-mode checkout creates, and the test
//! controls that fail its payment or cancel it.

use super::*;
use crate::state::{SessionExtra, new_id};

/// A new subscription of `customer` to the session's price, paid with `pm_id`;
/// trialing when the session asked for trial days.
pub(super) fn subscription_json(
    sub_id: &str,
    customer: &Value,
    pm_id: &str,
    extra: &SessionExtra,
    now: i64,
) -> Value {
    let trial_days = extra.trial_period_days.unwrap_or(0);
    let (status, period_end, trial_end) = if trial_days > 0 {
        let end = now + trial_days * DAY;
        ("trialing", end, json!(end))
    } else {
        ("active", now + 30 * DAY, Value::Null)
    };
    json!({
        "id": sub_id,
        "object": "subscription",
        "automatic_tax": { "enabled": false, "liability": null },
        "billing_cycle_anchor": period_end,
        "cancel_at": null,
        "cancel_at_period_end": false,
        "canceled_at": null,
        "collection_method": "charge_automatically",
        "created": now,
        "currency": extra.currency,
        "current_period_end": period_end,
        "current_period_start": now,
        "customer": customer,
        "default_payment_method": pm_id,
        "ended_at": null,
        "items": {
            "object": "list",
            "data": [{
                "id": new_id("si_"),
                "object": "subscription_item",
                "created": now,
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
        "start_date": now,
        "status": status,
        "trial_end": trial_end,
        "trial_start": if trial_days > 0 { json!(now) } else { Value::Null },
    })
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
