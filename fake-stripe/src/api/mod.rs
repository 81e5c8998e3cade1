//! The `/v1/*` endpoints and the operations behind the checkout page and the
//! test controls. Everything here is synchronous and runs under the state lock;
//! webhook deliveries happen afterwards (see `lib.rs`).
//!
//! This module routes the calls ([`dispatch`]) and holds the shared helpers;
//! the handlers live in one child module per resource.

mod checkout;
mod checkout_pay;
mod customers;
mod payment_intents;
mod refunds;
mod subscriptions;
mod webhook_endpoints;

use serde_json::{Value, json};

use crate::error::ApiError;
use crate::params::Params;
use crate::state::{Account, Ctx};

use checkout::{create_session, expire_session};
pub(crate) use checkout_pay::pay_checkout;
use customers::{create_customer, update_customer};
use payment_intents::create_payment_intent;
use refunds::create_refund;
pub(crate) use subscriptions::{cancel_subscription, fail_subscription_payment};
use webhook_endpoints::create_webhook_endpoint;

/// Seconds in a day.
const DAY: i64 = 86_400;

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

// ---------------------------------------------------------------- operations (test controls)
// The operations themselves live in `checkout_pay` and `subscriptions`.

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

#[cfg(test)]
mod tests {
    use super::checkout_pay::normalize_card;
    use super::payment_intents::card_info;

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
