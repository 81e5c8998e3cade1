//! "Refused by fraud control" on the Calls page: the latest calls fraud
//! control refused (one per service and reason a minute), of one customer
//! or of all.

use crate::api::{self, ApiError};
use crate::contexts::Session;
use crate::pages::console::catalog::token;
use leptos::prelude::*;
use leptos_router::components::A;
use ringledger_shared::api::fraud::{RefusedCall, RefusedCallList};
use uuid::Uuid;

/// A reason code for people.
fn reason_text(code: &str) -> &'static str {
    match code {
        "concurrent_limit" => "Too many calls at once",
        "rate_limit" => "Too many calls in a minute",
        "spend_limit" => "Spend limit reached",
        "destination_blocked" => "Destination not allowed",
        "fraud_suspended" => "Service suspended for unusual spend",
        _ => "Refused",
    }
}

fn row(r: RefusedCall) -> impl IntoView {
    let customer = r.customer_id.map(|c| {
        view! { <A href=format!("/console/customers/{c}")>"Customer"</A> }
    });
    let more = (r.refused_before > 0).then(|| format!(" (and {} more before)", r.refused_before));
    view! {
        <tr>
            <td>{r.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
            <td>{reason_text(&r.reason)} " " <code>{r.reason.clone()}</code>{more}</td>
            <td>{r.destination}</td>
            <td>{customer}</td>
        </tr>
    }
}

/// The panel (nothing while no call was refused).
#[component]
pub fn RefusedCalls(session: Session, customer: Memo<Option<Uuid>>) -> impl IntoView {
    let list: LocalResource<Result<RefusedCallList, ApiError>> = LocalResource::new(move || {
        let customer = customer.get();
        let token = token(session);
        async move { api::list_refused_calls(&token?, customer).await }
    });
    view! {
        <Transition fallback=|| ()>
            {move || list.get().and_then(|r| r.ok()).filter(|l| !l.items.is_empty()).map(|l| view! {
                <section aria-labelledby="refused-heading">
                    <h2 id="refused-heading">"Refused by fraud control"</h2>
                    <p class="muted">"The first refusal of a service for each reason in a minute; the audit log (Activity) has them too."</p>
                    <div class="table-wrap">
                        <table class="table">
                            <caption class="visually-hidden">"Refused calls"</caption>
                            <thead><tr>
                                <th scope="col">"When (UTC)"</th><th scope="col">"Why"</th>
                                <th scope="col">"Number"</th><th scope="col"><span class="visually-hidden">"Customer"</span></th>
                            </tr></thead>
                            <tbody>{l.items.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                </section>
            })}
        </Transition>
    }
}
