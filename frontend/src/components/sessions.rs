//! "Your sessions": the signed-in login's live sessions (device, address,
//! when signed in and last used) with a "Sign out" for each other one.
//! Staff see it on their login's page, customers on their account.

use crate::api::{self, ApiError};
use crate::components::{FormAlert, load_error};
use crate::contexts::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::team::SessionInfoView;

/// The section; `customer` picks the customers' routes.
#[component]
pub fn SessionsSection(customer: bool) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let list: LocalResource<Result<Vec<SessionInfoView>, ApiError>> =
        LocalResource::new(move || {
            let token = session.token().ok_or_else(ApiError::signed_out);
            async move { api::list_sessions(&token?, customer).await }
        });
    let revoke = move |id: uuid::Uuid| {
        let Some(token) = session.token() else {
            return error.set(Some(ApiError::signed_out().message));
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
            <h2 id="sessions-heading">"Your sessions"</h2>
            <p class="muted">"Where you are signed in. Sign out any you do not recognise, then change your password."</p>
            <FormAlert message=error />
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading sessions…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(items) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Device"</th>
                                        <th scope="col">"Address"</th>
                                        <th scope="col">"Signed in"</th>
                                        <th scope="col">"Last used"</th>
                                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {items.into_iter().map(|s| {
                                        let id = s.id;
                                        view! {
                                            <tr>
                                                <th scope="row">{s.device.clone()}
                                                    {s.current.then(|| view! { " " <span class="badge badge-ok">"this one"</span> })}</th>
                                                <td class="mono">{s.ip.clone().unwrap_or_default()}</td>
                                                <td>{s.started_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                                <td>{s.last_used_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                                <td>{(!s.current).then(|| view! {
                                                    <button type="button" class="button button-secondary button-small"
                                                        aria-label=format!("Sign out {}", s.device)
                                                        on:click=move |_| revoke(id)>"Sign out"</button>
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
