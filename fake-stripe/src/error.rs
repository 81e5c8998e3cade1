//! Stripe-shaped API errors: `{"error":{"type":…,"code":…,"message":…,"param":…}}`.
//!
//! Only codes that `async-stripe` 0.41's `ErrorCode` enum knows are used, so the
//! client can always parse our error bodies.

use serde_json::{Map, Value, json};

/// An API error response (HTTP status plus Stripe's error object).
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: u16,
    kind: &'static str,
    code: Option<&'static str>,
    message: String,
    param: Option<String>,
    extra: Map<String, Value>,
}

impl ApiError {
    fn new(status: u16, kind: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            kind,
            code: None,
            message: message.into(),
            param: None,
            extra: Map::new(),
        }
    }

    /// Sets `code`.
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets `param`.
    pub fn param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    /// Adds another field to the error object.
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.extra.insert(key.to_owned(), value);
        self
    }

    /// 400 `invalid_request_error`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, "invalid_request_error", message)
    }

    /// 400 `invalid_request_error` about one parameter.
    pub fn invalid_param(param: &str, message: impl Into<String>) -> Self {
        Self::invalid(message).param(param)
    }

    /// 400 `parameter_missing`.
    pub fn missing(param: &str) -> Self {
        Self::invalid(format!("Missing required param: {param}."))
            .code("parameter_missing")
            .param(param)
    }

    /// 400 `parameter_unknown`.
    pub fn unknown_param(param: &str) -> Self {
        Self::invalid(format!(
            "Received unknown parameter: {param}. (fake-stripe accepts only the parameters listed in fake-stripe/src/api.rs)"
        ))
        .code("parameter_unknown")
        .param(param)
    }

    /// 400 `parameter_invalid_integer`.
    pub fn invalid_integer(param: &str, value: &str) -> Self {
        Self::invalid(format!("Invalid integer: {value}"))
            .code("parameter_invalid_integer")
            .param(param)
    }

    /// 404 `resource_missing` for an object named in the URL.
    pub fn not_found(object: &str, id: &str) -> Self {
        Self::new(
            404,
            "invalid_request_error",
            format!("No such {object}: '{id}'"),
        )
        .code("resource_missing")
        .param("id")
    }

    /// 400 `resource_missing` for an object named by a parameter (as Stripe does).
    pub fn missing_reference(object: &str, id: &str, param: &str) -> Self {
        Self::invalid(format!("No such {object}: '{id}'"))
            .code("resource_missing")
            .param(param)
    }

    /// 401 for a missing, malformed or rejected API key.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, "invalid_request_error", message)
    }

    /// 404 for a path this fake does not serve.
    pub fn unknown_url(method: &str, path: &str) -> Self {
        Self::new(
            404,
            "invalid_request_error",
            format!(
                "Unrecognized request URL ({method}: {path}). fake-stripe does not implement this endpoint."
            ),
        )
    }

    /// 400 `idempotency_error`.
    pub fn idempotency(message: impl Into<String>) -> Self {
        Self::new(400, "idempotency_error", message)
    }

    /// 402 `card_error` with code `card_declined`.
    pub fn card_declined() -> Self {
        Self::new(402, "card_error", "Your card was declined.").code("card_declined")
    }

    /// The JSON response body.
    pub fn body(&self) -> Value {
        let mut error = Map::new();
        error.insert("type".into(), json!(self.kind));
        if let Some(code) = self.code {
            error.insert("code".into(), json!(code));
        }
        error.insert("message".into(), json!(self.message));
        if let Some(param) = &self.param {
            error.insert("param".into(), json!(param));
        }
        for (key, value) in &self.extra {
            error.insert(key.clone(), value.clone());
        }
        json!({ "error": Value::Object(error) })
    }
}
