//! `/v1/customers`: creating and updating customers.

use serde_json::Map;

use super::*;
use crate::state::new_id;

pub(super) fn customer_json(
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

pub(super) fn create_customer(
    account: &mut Account,
    ctx: &Ctx,
    params: &Params,
) -> Result<Value, ApiError> {
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

pub(super) fn update_customer(
    account: &mut Account,
    id: &str,
    params: &Params,
) -> Result<Value, ApiError> {
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
