//! The dashboard's checklist for a new operator's first hour: rate deck →
//! plans → switch key → portal → first customer → first bill run. Each
//! step links to its page and ticks itself once done; the list goes away
//! when every step is.

use crate::api;
use crate::components::SwitchSamples;
use crate::contexts::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// One step: done, title, where, what it is.
struct Step {
    done: bool,
    title: &'static str,
    href: String,
    what: &'static str,
}

/// `localStorage` key of "this operator opened its portal".
fn opened_key(tenant: &str) -> String {
    format!("rl-portal-opened:{tenant}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The checklist; `portal` is the operator's portal address.
#[component]
pub fn FirstSteps(portal: String) -> impl IntoView {
    let session = use_session();
    let tenant = untrack(move || {
        session
            .me()
            .and_then(|m| m.tenant)
            .map(|t| t.id.to_string())
    })
    .unwrap_or_default();
    let key = opened_key(&tenant);
    let opened = RwSignal::new(
        storage()
            .and_then(|s| s.get_item(&key).ok().flatten())
            .is_some(),
    );
    let key = StoredValue::new(key);
    let mark_opened = move |_| {
        if let Some(s) = storage() {
            let _ = key.with_value(|k| s.set_item(k, "1"));
        }
        opened.set(true);
    };
    let steps = LocalResource::new(move || {
        let token = session.token();
        async move { api::first_steps(&token?).await.ok() }
    });
    let portal = StoredValue::new(portal);
    move || {
        let s = steps.get().flatten()?;
        let list = [
            Step {
                done: s.rate_deck,
                title: "Import a rate deck",
                href: "/console/catalog".into(),
                what: "Your rates per destination prefix, from a CSV file.",
            },
            Step {
                done: s.plan,
                title: "Make a plan",
                href: "/console/catalog/plans".into(),
                what: "What a customer buys: a service on a rate deck, with its monthly fee.",
            },
            Step {
                done: s.switch_key,
                title: "Connect your switch",
                href: "/console/settings".into(),
                what: "Create a switch key in Settings: your switch authorizes each call and sends its record with it.",
            },
            Step {
                done: opened.get(),
                title: "Open your portal",
                href: portal.get_value(),
                what: "Where your customers sign up, see their bills and pay.",
            },
            Step {
                done: s.customer,
                title: "Add your first customer",
                href: "/console/customers".into(),
                what: "Or let one sign up on your portal.",
            },
            Step {
                done: s.bill_run,
                title: "Run your first bill run",
                href: "/console/bill-runs".into(),
                what: "One invoice per customer: usage, monthly fees and payments together.",
            },
        ];
        let total = list.len();
        let done = list.iter().filter(|s| s.done).count();
        if done == total {
            return None;
        }
        let items = list
            .into_iter()
            .map(|step| {
                let external = step.href.starts_with("http");
                let link = if external {
                    view! { <a href=step.href.clone() target="_blank" rel="noopener" on:click=mark_opened>{step.title}</a> }.into_any()
                } else {
                    view! { <A href=step.href.clone()>{step.title}</A> }.into_any()
                };
                let samples = (step.title == "Connect your switch").then(|| view! {
                    <details class="samples-details">
                        <summary>"Sample requests for your switch"</summary>
                        <SwitchSamples base=portal.get_value() key="$RINGLEDGER_SWITCH_KEY" />
                    </details>
                });
                view! {
                    <li class=if step.done { "step step-done" } else { "step" }>
                        <span class="step-mark" aria-hidden="true">{if step.done { "✓" } else { "" }}</span>
                        <div>
                            {link}
                            {step.done.then(|| view! { <span class="visually-hidden">" (done)"</span> })}
                            <p class="muted small">{step.what}</p>
                            {samples}
                        </div>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card checklist" aria-labelledby="first-steps-heading">
                <h2 id="first-steps-heading">"Your first hour"</h2>
                <p class="muted">{format!("{done} of {total} done")}</p>
                <progress max=total value=done aria-label="First steps done"></progress>
                <ol class="steps">{items}</ol>
            </section>
        })
    }
}
