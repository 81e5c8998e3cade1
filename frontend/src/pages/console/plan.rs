//! "Ringledger plan" on `/console/settings` (also `/console/subscription`,
//! where Stripe Checkout sends the operator back): what the operator pays
//! Ringledger, and "Pay by card".

use super::catalog::token;
use crate::api::{self, ApiError};
use crate::components::{FormAlert, capitalised, day_text, go_to, load_error};
use crate::contexts::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use ringledger_shared::api::payments::SubscriptionView;

/// A plan status as the operator reads it (`none` → `Not billed`).
pub fn plan_status_text(status: &str) -> String {
    match status {
        "" | "none" => "Not billed".to_owned(),
        "trialing" => "Trial".to_owned(),
        "active" => "Active".to_owned(),
        "past_due" => "Payment overdue".to_owned(),
        "canceled" => "Cancelled".to_owned(),
        other => capitalised(&other.replace('_', " "))
            .trim_end_matches('.')
            .to_owned(),
    }
}

/// What the end of the period means in `status`.
fn period_label(status: &str) -> &'static str {
    if status == "trialing" {
        "Trial ends"
    } else {
        "Current period ends"
    }
}

/// The plan card.
#[component]
pub fn PlanSection(session: Session) -> impl IntoView {
    let plan: LocalResource<Result<SubscriptionView, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::get_subscription(&token?).await }
    });
    let back = use_query_map().with_untracked(|q| q.get("checkout"));
    let returned = back.map(|b| {
        if b == "canceled" {
            "Payment cancelled."
        } else {
            "Thank you. Your plan is updated as soon as Stripe confirms the payment."
        }
    });
    view! {
        <section class="catalog-form" aria-labelledby="plan-heading">
            <h2 id="plan-heading">"Ringledger plan"</h2>
            {returned.map(|m| view! { <div class="notice notice-ok" role="status">{m}</div> })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your plan…"</p> }>
                {move || plan.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(p) => plan_view(session, p),
                })}
            </Transition>
        </section>
    }
}

fn plan_view(session: Session, p: SubscriptionView) -> AnyView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let pay = move |_| {
        let t = match token(session) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e.message)),
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::subscription_checkout(&t).await {
                Ok(c) if go_to(&c.url) => {}
                Ok(_) => {
                    error.set(Some("The browser could not open the payment page.".into()));
                    busy.set(false);
                }
                Err(e) => {
                    error.set(Some(e.message));
                    busy.set(false);
                }
            }
        });
    };
    let can_pay = p.billing_enabled && p.status != "active";
    let period = p.period_end.map(|end| {
        view! { <div><dt>{period_label(&p.status)}</dt><dd>{day_text(&end)}</dd></div> }
    });
    let overdue = p.past_due_since.map(|since| {
        view! { <div><dt>"Unpaid since"</dt><dd>{day_text(&since)}</dd></div> }
    });
    let suspends = p.suspends_at.map(|at| {
        view! { <div><dt>"Suspended if still unpaid on"</dt><dd>{day_text(&at)}</dd></div> }
    });
    let not_billed = (!p.billing_enabled).then(|| {
        view! { <p class="muted">"This Ringledger installation does not bill you."</p> }
    });
    view! {
        <dl class="facts">
            <div><dt>"Status"</dt><dd>{plan_status_text(&p.status)}</dd></div>
            {period}
            {overdue}
            {suspends}
        </dl>
        {not_billed}
        <FormAlert message=error />
        {can_pay.then(|| view! {
            <div>
                <button type="button" class="button" disabled=move || busy.get() on:click=pay>"Pay by card"</button>
            </div>
        })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::plan_status_text;

    #[test]
    fn statuses() {
        assert_eq!(plan_status_text("none"), "Not billed");
        assert_eq!(plan_status_text(""), "Not billed");
        assert_eq!(plan_status_text("past_due"), "Payment overdue");
        assert_eq!(plan_status_text("unpaid"), "Unpaid");
    }
}
