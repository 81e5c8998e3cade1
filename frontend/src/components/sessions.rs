//! "Your sessions": the signed-in login's live sessions (device, address,
//! when signed in and last used) with a "Sign out" for each other one.
//! Staff see it on their login's page, customers on their account.

use crate::api::{self, ApiError};
use crate::components::{FormAlert, load_error};
use crate::contexts::language::current as locale;
use crate::contexts::{t, tf, use_session};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::team::SessionInfoView;
use ringledger_shared::format;

/// "Your session has ended", in the visitor's language.
fn signed_out() -> ApiError {
    let mut e = ApiError::signed_out();
    e.message = t("account-session-ended");
    e
}

/// `2026-11-26 14:05` (the day as the visitor's language writes it).
fn when_text(at: &DateTime<Utc>) -> String {
    format!(
        "{} {}",
        format::date(at.date_naive(), locale()),
        at.format("%H:%M")
    )
}

/// The section; `customer` picks the customers' routes.
#[component]
pub fn SessionsSection(customer: bool) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let list: LocalResource<Result<Vec<SessionInfoView>, ApiError>> =
        LocalResource::new(move || {
            let token = session.token().ok_or_else(signed_out);
            async move { api::list_sessions(&token?, customer).await }
        });
    let revoke = move |id: uuid::Uuid| {
        let Some(token) = session.token() else {
            return error.set(Some(signed_out().message));
        };
        spawn_local(async move {
            match api::revoke_session(&token, customer, id).await {
                Ok(()) => list.refetch(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t("account-sessions")}</h2>
            <p class="muted">{t("account-sessions-note")}</p>
            <FormAlert message=error />
            <Transition fallback=|| view! { <p class="loading" role="status">{t("account-sessions-loading")}</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(items) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th scope="col">{t("account-col-device")}</th>
                                        <th scope="col">{t("account-col-address")}</th>
                                        <th scope="col">{t("account-col-signed-in")}</th>
                                        <th scope="col">{t("account-col-last-used")}</th>
                                        <th scope="col"><span class="visually-hidden">{t("account-col-actions")}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {items.into_iter().map(|s| {
                                        let id = s.id;
                                        view! {
                                            <tr>
                                                <th scope="row">{s.device.clone()}
                                                    {s.current.then(|| view! { " " <span class="badge badge-ok">{t("account-this-session")}</span> })}</th>
                                                <td class="mono">{s.ip.clone().unwrap_or_default()}</td>
                                                <td>{when_text(&s.started_at)}</td>
                                                <td>{when_text(&s.last_used_at)}</td>
                                                <td>{(!s.current).then(|| view! {
                                                    <button type="button" class="button button-secondary button-small"
                                                        aria-label=tf("account-sign-out-device", &[("device", s.device.as_str().into())])
                                                        on:click=move |_| revoke(id)>{t("common-sign-out")}</button>
                                                })}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
