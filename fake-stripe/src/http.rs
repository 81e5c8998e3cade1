//! The actix-web server: `/v1/*` API, hosted checkout page, and `/_fake/*`
//! test controls (for e2e tests that run the binary).
//!
//! Test controls (all answer JSON):
//! - `GET  /_fake/requests`, `GET /_fake/events`
//! - `POST /_fake/checkout/{id}/pay?card=…` → `{"url":…}` or 402/400 `{"error":…}`
//! - `POST /_fake/events/{id}/resend` → `{"status":…}`
//! - `POST /_fake/webhooks/hold?hold=true|false`, `POST /_fake/webhooks/release?reverse=true|false`
//! - `GET  /_fake/webhook_endpoints/{id}/secret`, `POST /_fake/webhook_endpoints/{id}/rotate`
//! - `POST /_fake/subscriptions/{id}/fail_payment`, `POST /_fake/subscriptions/{id}/cancel`
//! - `POST /_fake/decline_next_charge?api_key=sk_…`

use std::collections::HashMap;
use std::net::TcpListener;

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, LOCATION};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, dev::Server, web};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::{ApiCall, FakeStripe};

/// Builds the server on an already bound listener.
pub(crate) fn server(fake: FakeStripe, listener: TcpListener) -> std::io::Result<Server> {
    listener.set_nonblocking(true)?;
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(fake.clone()))
            .route("/checkout/{id}", web::get().to(checkout_page))
            .route("/checkout/{id}/pay", web::post().to(checkout_pay))
            .service(
                web::scope("/_fake")
                    .route("/requests", web::get().to(control_requests))
                    .route("/events", web::get().to(control_events))
                    .route("/checkout/{id}/pay", web::post().to(control_pay))
                    .route("/events/{id}/resend", web::post().to(control_resend))
                    .route("/webhooks/hold", web::post().to(control_hold))
                    .route("/webhooks/release", web::post().to(control_release))
                    .route(
                        "/webhook_endpoints/{id}/secret",
                        web::get().to(control_secret),
                    )
                    .route(
                        "/webhook_endpoints/{id}/rotate",
                        web::post().to(control_rotate),
                    )
                    .route(
                        "/subscriptions/{id}/fail_payment",
                        web::post().to(control_fail_payment),
                    )
                    .route("/subscriptions/{id}/cancel", web::post().to(control_cancel))
                    .route(
                        "/decline_next_charge",
                        web::post().to(control_decline_next_charge),
                    ),
            )
            .default_service(web::to(api))
    })
    .workers(2)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run();
    Ok(server)
}

fn json_response(status: u16, body: String) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .insert_header((CONTENT_TYPE, "application/json"))
        .body(body)
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Every `/v1/*` call (and any unknown path).
async fn api(req: HttpRequest, body: web::Bytes, fake: web::Data<FakeStripe>) -> HttpResponse {
    if !req.path().starts_with("/v1/") {
        let error = ApiError::unknown_url(req.method().as_str(), req.path());
        return json_response(error.status, error.body().to_string());
    }
    let outcome = fake.handle_api(&ApiCall {
        method: req.method().as_str(),
        path: req.path(),
        query: req.query_string(),
        body: &body,
        authorization: header(&req, "authorization"),
        idempotency_key: header(&req, "idempotency-key"),
    });
    fake.deliver_all(outcome.deliveries).await;
    json_response(outcome.status, outcome.body)
}

// ---------------------------------------------------------------- hosted checkout page

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `1250, "usd"` → `12.50 USD` (zero-decimal currencies have no fraction).
pub(crate) fn format_amount(amount: i64, currency: &str) -> String {
    const ZERO_DECIMAL: &[&str] = &[
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
        "xaf", "xof", "xpf",
    ];
    let code = currency.to_uppercase();
    if ZERO_DECIMAL.contains(&currency) {
        format!("{amount} {code}")
    } else {
        let sign = if amount < 0 { "-" } else { "" };
        let abs = amount.unsigned_abs();
        format!("{sign}{}.{:02} {code}", abs / 100, abs % 100)
    }
}

fn html_response(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .body(body)
}

fn page(inner: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Fake Stripe Checkout</title>\n<link rel=\"icon\" href=\"data:,\">\n\
<style>body{{font-family:sans-serif;max-width:28rem;margin:3rem auto}}label,input,button{{display:block;margin:.5rem 0}}\
.error{{color:#b00020}}</style>\n</head>\n<body>\n<main>\n<h1>Fake Stripe Checkout</h1>\n{inner}</main>\n</body>\n</html>\n"
    )
}

/// The checkout page for `session`, optionally with an error and the card typed.
fn checkout_html(session: &Value, error: Option<&str>, card: &str) -> String {
    let id = session["id"].as_str().unwrap_or_default();
    let mode = session["mode"].as_str().unwrap_or_default();
    let cancel_url = session["cancel_url"].as_str().unwrap_or_default();
    let (headline, button) = match mode {
        "setup" => ("Save your card".to_owned(), "Save card"),
        "subscription" => ("Subscribe".to_owned(), "Subscribe"),
        _ => (
            format_amount(
                session["amount_total"].as_i64().unwrap_or_default(),
                session["currency"].as_str().unwrap_or_default(),
            ),
            "Pay",
        ),
    };
    let mut inner = format!(
        "<p class=\"amount\" id=\"amount\">{}</p>\n",
        escape(&headline)
    );
    if let Some(email) = session["customer_email"].as_str() {
        inner.push_str(&format!("<p class=\"email\">{}</p>\n", escape(email)));
    }
    if session["status"] != "open" {
        inner.push_str("<p class=\"done\">This checkout session is no longer open.</p>\n");
        return page(&inner);
    }
    if let Some(error) = error {
        inner.push_str(&format!(
            "<p class=\"error\" role=\"alert\">{}</p>\n",
            escape(error)
        ));
    }
    inner.push_str(&format!(
        "<form method=\"post\" action=\"/checkout/{id}/pay\">\n\
<label for=\"card\">Card number</label>\n\
<input type=\"text\" id=\"card\" name=\"card\" inputmode=\"numeric\" autocomplete=\"cc-number\" value=\"{card}\">\n\
<button type=\"submit\">{button}</button>\n</form>\n\
<a href=\"{cancel}\">Cancel</a>\n",
        id = escape(id),
        card = escape(card),
        cancel = escape(cancel_url),
    ));
    page(&inner)
}

async fn checkout_page(path: web::Path<String>, fake: web::Data<FakeStripe>) -> HttpResponse {
    match fake.checkout_session(&path) {
        Some(session) => html_response(
            StatusCode::OK,
            checkout_html(&session, None, "4242424242424242"),
        ),
        None => html_response(
            StatusCode::NOT_FOUND,
            page("<p class=\"error\">No such checkout session.</p>\n"),
        ),
    }
}

fn form_value(body: &[u8], key: &str) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

fn card_error_text(error: &str) -> &str {
    match error {
        "card_declined" => "Your card was declined.",
        "incorrect_number" => "Your card number is incorrect.",
        other => other,
    }
}

async fn checkout_pay(
    path: web::Path<String>,
    body: web::Bytes,
    fake: web::Data<FakeStripe>,
) -> HttpResponse {
    let card = form_value(&body, "card").unwrap_or_default();
    match fake.pay_checkout(&path, &card).await {
        Ok(url) => HttpResponse::SeeOther()
            .insert_header((LOCATION, url))
            .finish(),
        Err(error) => {
            let status = if error == "card_declined" {
                StatusCode::PAYMENT_REQUIRED
            } else {
                StatusCode::BAD_REQUEST
            };
            let html = match fake.checkout_session(&path) {
                Some(session) => checkout_html(&session, Some(card_error_text(&error)), &card),
                None => page("<p class=\"error\">No such checkout session.</p>\n"),
            };
            html_response(status, html)
        }
    }
}

// ---------------------------------------------------------------- test controls

fn query(req: &HttpRequest) -> HashMap<String, String> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

fn control_json(status: u16, value: &Value) -> HttpResponse {
    json_response(status, value.to_string())
}

fn control_error(status: u16, message: &str) -> HttpResponse {
    control_json(status, &json!({ "error": { "message": message } }))
}

async fn control_requests(fake: web::Data<FakeStripe>) -> HttpResponse {
    control_json(200, &json!(fake.requests()))
}

async fn control_events(fake: web::Data<FakeStripe>) -> HttpResponse {
    control_json(200, &json!(fake.events()))
}

async fn control_pay(
    req: HttpRequest,
    path: web::Path<String>,
    fake: web::Data<FakeStripe>,
) -> HttpResponse {
    let card = query(&req)
        .remove("card")
        .unwrap_or_else(|| "4242424242424242".to_owned());
    match fake.pay_checkout(&path, &card).await {
        Ok(url) => control_json(200, &json!({ "url": url })),
        Err(error) if error == "card_declined" => control_error(402, &error),
        Err(error) => control_error(400, &error),
    }
}

async fn control_resend(path: web::Path<String>, fake: web::Data<FakeStripe>) -> HttpResponse {
    match fake.resend(&path).await {
        Ok(status) => control_json(200, &json!({ "status": status })),
        Err(error) => control_error(404, &error),
    }
}

async fn control_hold(req: HttpRequest, fake: web::Data<FakeStripe>) -> HttpResponse {
    let hold = query(&req).get("hold").is_none_or(|v| v != "false");
    fake.hold_webhooks(hold);
    control_json(200, &json!({ "held": hold }))
}

async fn control_release(req: HttpRequest, fake: web::Data<FakeStripe>) -> HttpResponse {
    let reverse = query(&req).get("reverse").is_some_and(|v| v == "true");
    let statuses = fake.release_webhooks(reverse).await;
    control_json(200, &json!({ "statuses": statuses }))
}

async fn control_secret(path: web::Path<String>, fake: web::Data<FakeStripe>) -> HttpResponse {
    match fake.webhook_secret(&path) {
        Some(secret) => control_json(200, &json!({ "secret": secret })),
        None => control_error(404, "no such webhook endpoint"),
    }
}

async fn control_rotate(path: web::Path<String>, fake: web::Data<FakeStripe>) -> HttpResponse {
    match fake.rotate_webhook_secret(&path) {
        Some(secret) => control_json(200, &json!({ "secret": secret })),
        None => control_error(404, "no such webhook endpoint"),
    }
}

async fn control_fail_payment(
    path: web::Path<String>,
    fake: web::Data<FakeStripe>,
) -> HttpResponse {
    match fake.fail_subscription_payment(&path).await {
        Ok(()) => control_json(200, &json!({ "ok": true })),
        Err(error) => control_error(400, &error),
    }
}

async fn control_cancel(path: web::Path<String>, fake: web::Data<FakeStripe>) -> HttpResponse {
    match fake.cancel_subscription(&path).await {
        Ok(()) => control_json(200, &json!({ "ok": true })),
        Err(error) => control_error(400, &error),
    }
}

async fn control_decline_next_charge(
    req: HttpRequest,
    fake: web::Data<FakeStripe>,
) -> HttpResponse {
    match query(&req).get("api_key") {
        Some(key) if !key.is_empty() => {
            fake.decline_next_charge(key);
            control_json(200, &json!({ "ok": true }))
        }
        _ => control_error(400, "api_key is required"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(format_amount(1250, "usd"), "12.50 USD");
        assert_eq!(format_amount(5, "eur"), "0.05 EUR");
        assert_eq!(format_amount(1250, "jpy"), "1250 JPY");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
