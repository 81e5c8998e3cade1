//! `POST /v1/webhook_endpoints`: registering webhook endpoints.

use super::*;
use crate::state::{Endpoint, new_id};

pub(super) fn create_webhook_endpoint(
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
