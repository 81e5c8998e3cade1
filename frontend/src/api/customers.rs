//! Customers: the public portal (offers, sign-up, e-mail verification), the
//! customer's own account, and the operator's customers, card batches and
//! switch keys.

use super::catalog::{get_csv, query};
use super::{ApiError, get_json, post, post_json};
use ringledger_shared::api::customers::{
    AddAniRequest, CardBatchView, ChangePasswordRequest, CreateCardBatchRequest,
    CreateSwitchKeyRequest, CustomerSignupRequest, CustomerSignupResponse, CustomerView,
    OffersView, RateLookupView, RegisterCardRequest, ServiceRequest, ServiceView, SwitchKeyView,
    VerifyEmailRequest,
};
use ringledger_shared::api::routes;
use ringledger_shared::api::{LoginRequest, Page, SessionView};
use uuid::Uuid;

/// `GET /api/v1/portal/offers`: what the portal sells.
pub async fn get_offers() -> Result<OffersView, ApiError> {
    get_json(routes::GET_OFFERS.rel(), None).await
}

/// `GET /api/v1/portal/rates?number=…`: what a call to `number` costs on
/// each offer (public).
pub async fn lookup_rates(number: &str) -> Result<RateLookupView, ApiError> {
    let qs = query(&[("number", Some(number.trim().to_owned()))]);
    get_json(&format!("{}{qs}", routes::RATE_LOOKUP.rel()), None).await
}

/// `POST /api/v1/portal/signup`.
pub async fn customer_signup(
    request: &CustomerSignupRequest,
) -> Result<CustomerSignupResponse, ApiError> {
    post_json(routes::CUSTOMER_SIGNUP.rel(), None, request).await
}

/// `POST /api/v1/my/verify-email`.
pub async fn verify_email(token: &str) -> Result<(), ApiError> {
    let body = VerifyEmailRequest {
        token: token.to_owned(),
    };
    post(routes::VERIFY_EMAIL.rel(), None, &body)
        .await
        .map(|_| ())
}

/// `POST /api/v1/my/login`: a customer signs in.
pub async fn customer_login(request: &LoginRequest) -> Result<SessionView, ApiError> {
    post_json(routes::CUSTOMER_LOGIN.rel(), None, request).await
}

/// `GET /api/v1/my/account`.
pub async fn my_account(token: &str) -> Result<CustomerView, ApiError> {
    get_json(routes::GET_ACCOUNT.rel(), Some(token)).await
}

/// `GET /api/v1/my/services/{id}/credentials`: the PIN or SIP password.
pub async fn reveal_credentials(token: &str, id: Uuid) -> Result<ServiceView, ApiError> {
    get_json(&routes::REVEAL_CREDENTIALS.fill(&[&id]), Some(token)).await
}

/// `GET /api/v1/customers?q=&service=&offset=&limit=`.
pub async fn list_customers(
    token: &str,
    (q, service, sort): (&str, &str, &str),
    offset: u64,
    limit: u64,
) -> Result<Page<CustomerView>, ApiError> {
    let qs = query(&[
        ("q", (!q.trim().is_empty()).then(|| q.trim().to_owned())),
        ("service", (!service.is_empty()).then(|| service.to_owned())),
        ("sort", (!sort.is_empty()).then(|| sort.to_owned())),
        ("offset", Some(offset.to_string())),
        ("limit", Some(limit.to_string())),
    ]);
    get_json(
        &format!("{}{qs}", routes::LIST_CUSTOMERS.rel()),
        Some(token),
    )
    .await
}

/// `GET /api/v1/customers/{id}`.
pub async fn get_customer(token: &str, id: Uuid) -> Result<CustomerView, ApiError> {
    get_json(&routes::GET_CUSTOMER.fill(&[&id]), Some(token)).await
}

/// Suspends, closes or reactivates customer `id`: `route` is
/// `SUSPEND_CUSTOMER`, `CLOSE_CUSTOMER` or `REACTIVATE_CUSTOMER`.
pub async fn set_customer_status(
    token: &str,
    id: Uuid,
    route: routes::Route,
) -> Result<CustomerView, ApiError> {
    post_json(&route.fill(&[&id]), Some(token), &serde_json::json!({})).await
}

/// `GET /api/v1/card-batches`.
pub async fn list_batches(token: &str) -> Result<Page<CardBatchView>, ApiError> {
    get_json(
        &format!("{}?limit=500", routes::LIST_BATCHES.rel()),
        Some(token),
    )
    .await
}

/// `POST /api/v1/card-batches`.
pub async fn create_batch(
    token: &str,
    request: &CreateCardBatchRequest,
) -> Result<CardBatchView, ApiError> {
    post_json(routes::CREATE_BATCH.rel(), Some(token), request).await
}

/// `GET /api/v1/card-batches/{id}/cards.csv`: the file's name and text.
pub async fn export_batch_csv(token: &str, id: Uuid) -> Result<(Option<String>, String), ApiError> {
    get_csv(&routes::EXPORT_BATCH.fill(&[&id]), token).await
}

/// `GET /api/v1/switch-keys`.
pub async fn list_switch_keys(token: &str) -> Result<Page<SwitchKeyView>, ApiError> {
    get_json(routes::LIST_KEYS.rel(), Some(token)).await
}

/// `GET /api/v1/onboarding`: which first steps the operator has taken.
pub async fn first_steps(
    token: &str,
) -> Result<ringledger_shared::api::onboarding::FirstStepsView, ApiError> {
    get_json(routes::ONBOARDING.rel(), Some(token)).await
}

/// `POST /api/v1/switch-keys`: the answer holds the key, once.
pub async fn create_switch_key(
    token: &str,
    request: &CreateSwitchKeyRequest,
) -> Result<SwitchKeyView, ApiError> {
    post_json(routes::CREATE_KEY.rel(), Some(token), request).await
}

/// `POST /api/v1/switch-keys/{id}/revoke`.
pub async fn revoke_switch_key(token: &str, id: Uuid) -> Result<(), ApiError> {
    post(
        &routes::REVOKE_KEY.fill(&[&id]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
    .map(|_| ())
}

/// `POST /api/v1/my/services`: the customer adds a service.
pub async fn add_my_service(
    token: &str,
    request: &ServiceRequest,
) -> Result<ServiceView, ApiError> {
    post_json(routes::ADD_SERVICE.rel(), Some(token), request).await
}

/// `POST /api/v1/my/services/{id}/anis`.
pub async fn add_my_number(token: &str, id: Uuid, number: &str) -> Result<ServiceView, ApiError> {
    let body = AddAniRequest {
        number: number.to_owned(),
    };
    post_json(&routes::ADD_ANI.fill(&[&id]), Some(token), &body).await
}

/// `DELETE /api/v1/my/services/{id}/anis/{digits}`.
pub async fn remove_my_number(token: &str, id: Uuid, digits: &str) -> Result<(), ApiError> {
    let digits: String = digits.chars().filter(char::is_ascii_digit).collect();
    let path = super::url(&routes::REMOVE_ANI.fill(&[&id, &digits]));
    super::send(super::with_token(gloo_net::http::Request::delete(&path), Some(token)).build())
        .await
        .map(|_| ())
}

/// `POST /api/v1/my/services/{id}/reset-password`: a new SIP password.
pub async fn reset_my_password(token: &str, id: Uuid) -> Result<ServiceView, ApiError> {
    post_json(
        &routes::RESET_PASSWORD.fill(&[&id]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}

/// `POST /api/v1/my/password`.
pub async fn change_my_password(
    token: &str,
    request: &ChangePasswordRequest,
) -> Result<(), ApiError> {
    post(routes::CHANGE_PASSWORD.rel(), Some(token), request)
        .await
        .map(|_| ())
}

/// `POST /api/v1/my/cards/register`: "I have a card".
pub async fn register_my_card(token: &str, pin: &str) -> Result<ServiceView, ApiError> {
    let body = RegisterCardRequest {
        pin: pin.to_owned(),
    };
    post_json(routes::REGISTER_CARD.rel(), Some(token), &body).await
}

/// `POST /api/v1/customers`: the operator creates a customer by hand (same
/// body and answer as the portal sign-up; credentials shown once).
pub async fn create_customer(
    token: &str,
    request: &CustomerSignupRequest,
) -> Result<CustomerSignupResponse, ApiError> {
    post_json(routes::CREATE_CUSTOMER.rel(), Some(token), request).await
}

/// `GET /api/v1/settings/accounts`: how new customer accounts are set up.
pub async fn get_account_settings(
    token: &str,
) -> Result<ringledger_shared::api::customers::AccountSettings, ApiError> {
    get_json(routes::GET_ACCOUNT_SETTINGS.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/accounts`: the saved settings.
pub async fn put_account_settings(
    token: &str,
    settings: &ringledger_shared::api::customers::AccountSettings,
) -> Result<ringledger_shared::api::customers::AccountSettings, ApiError> {
    let path = super::url(routes::PUT_ACCOUNT_SETTINGS.rel());
    let response = super::send(
        super::with_token(gloo_net::http::Request::put(&path), Some(token)).json(settings),
    )
    .await?;
    super::read_json(response).await
}

/// `PUT /api/v1/my/language`: the language of the customer's pages,
/// e-mails and invoices.
pub async fn set_my_language(
    token: &str,
    locale: ringledger_shared::locale::Locale,
) -> Result<ringledger_shared::api::customers::LanguageRequest, ApiError> {
    let body = ringledger_shared::api::customers::LanguageRequest {
        locale: locale.tag().to_owned(),
    };
    super::put_json(routes::SET_LANGUAGE.rel(), Some(token), &body).await
}

/// `PUT /api/v1/my/itemized-invoices`: every call listed on the customer's
/// invoices, or not.
pub async fn set_my_itemized(
    token: &str,
    itemized: bool,
) -> Result<ringledger_shared::api::customers::AccountView, ApiError> {
    let body = ringledger_shared::api::customers::ItemizedRequest { itemized };
    super::put_json(routes::SET_ITEMIZED.rel(), Some(token), &body).await
}

/// `PUT /api/v1/customers/{id}/itemized-invoices`: staff turn the itemized
/// call appendix of one customer's invoices on or off.
pub async fn set_customer_itemized(
    token: &str,
    id: Uuid,
    itemized: bool,
) -> Result<CustomerView, ApiError> {
    let body = ringledger_shared::api::customers::ItemizedRequest { itemized };
    super::put_json(
        &routes::SET_CUSTOMER_ITEMIZED.fill(&[&id]),
        Some(token),
        &body,
    )
    .await
}
