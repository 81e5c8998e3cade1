//! The OpenAPI document's `webhooks`: one entry per event type a seller's
//! endpoint can receive, each a `POST` of a `WebhookEvent` signed in the
//! `Ringledger-Signature` header (see `docs/WEBHOOKS.md`).

use ringledger_shared::api::webhooks::{EVENT_ID_HEADER, SIGNATURE_HEADER, WebhookEventType};
use utoipa::Modify;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::{ContentBuilder, PathsBuilder, Ref, Required, ResponseBuilder};

/// Adds the `webhooks` section.
pub struct Webhooks;

impl Modify for Webhooks {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let header = |name: &str, description: &str| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(description))
                .schema(Some(Object::with_type(Type::String)))
                .build()
        };
        let mut paths = PathsBuilder::new();
        for kind in WebhookEventType::ALL {
            let operation = OperationBuilder::new()
                .summary(Some(kind.label()))
                .description(Some(format!(
                    "Posted to every endpoint subscribed to `{kind}`. Verify the signature \
                     before trusting the body, then answer any 2xx within 10 s; anything \
                     else is retried with exponential back-off for three days. Deliveries \
                     of one object arrive in the order their events happened; a retry or \
                     a replay repeats the event `id`."
                )))
                .operation_id(Some(format!("webhook_{}", kind.as_str().replace('.', "_"))))
                .tag("webhooks")
                .parameter(header(
                    SIGNATURE_HEADER,
                    "`t={unix seconds},v1={hex}`: HMAC-SHA256 of `\"{t}.{raw body}\"` under \
                     the endpoint's secret (Stripe's scheme)",
                ))
                .parameter(header(EVENT_ID_HEADER, "the event's `id` (`evt_…`)"))
                .request_body(Some(
                    RequestBodyBuilder::new()
                        .required(Some(Required::True))
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("WebhookEvent")))
                                .build(),
                        )
                        .build(),
                ))
                .response(
                    "2XX",
                    ResponseBuilder::new()
                        .description("received: the delivery is done")
                        .build(),
                );
            paths = paths.path(kind.as_str(), PathItem::new(HttpMethod::Post, operation));
        }
        openapi.webhooks = Some(paths.build());
    }
}
