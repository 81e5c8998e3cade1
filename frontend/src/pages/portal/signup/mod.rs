//! `/signup` on a seller portal: one form for any mix of services (each with
//! its plan; PINless with its phone numbers; SIP and video with a number
//! reserved from the free ones), an optional bundle, and the
//! customer's name, e-mail and password. The answer shows every credential
//! once.

mod form;
mod number;
mod price;

use super::ServiceSummary;
use crate::api;
use crate::components::load_error;
use crate::contexts::{t, tf, use_brand};
use crate::pages::SuspendedNotice;
use crate::pages::not_found::NotFound;
use form::SignupForm;
use leptos::prelude::*;
use leptos_router::components::A;
use ringledger_shared::api::customers::{CustomerView, OffersView};
use uuid::Uuid;

/// The form's field for a server error field such as `services[2].anis[0]`
/// or `services[1].numbers[0]`, given each service row's key and its
/// caller numbers' keys, in order.
pub(crate) fn local_field(server: &str, rows: &[(u32, Vec<u32>)]) -> String {
    let Some(rest) = server.strip_prefix("services[") else {
        return server.to_owned();
    };
    let Some((index, rest)) = rest.split_once(']') else {
        return "services".to_owned();
    };
    let Some((key, ani_keys)) = index.parse::<usize>().ok().and_then(|i| rows.get(i)) else {
        return "services".to_owned();
    };
    match rest.strip_prefix('.').unwrap_or(rest) {
        "" | "kind" => format!("svc-{key}-kind"),
        "plan_id" => format!("svc-{key}-plan"),
        "anis" => format!("svc-{key}-anis"),
        // One number per row: any of its numbers' errors sits beside it.
        other if other == "numbers" || other.starts_with("numbers[") => number::number_field(*key),
        other => other
            .strip_prefix("anis[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|j| j.parse::<usize>().ok())
            .and_then(|j| ani_keys.get(j))
            .map_or_else(
                || format!("svc-{key}-anis"),
                |a| format!("svc-{key}-ani-{a}"),
            ),
    }
}

/// A server message without the `field: ` the server puts in front.
pub(crate) fn without_field<'a>(field: &str, message: &'a str) -> &'a str {
    message
        .strip_prefix(field)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(message)
}

/// The sign-up page.
#[component]
pub fn CustomerSignupPage() -> impl IntoView {
    if !use_brand().is_seller() {
        return view! { <NotFound /> }.into_any();
    }
    let offers = LocalResource::new(api::get_offers);
    let created = RwSignal::new(None::<(CustomerView, OffersView)>);
    view! {
        <section class="page">
            <SuspendedNotice />
            {move || match created.get() {
                Some((customer, offers)) => view! { <Welcome customer=customer offers=offers /> }.into_any(),
                None => view! {
                    <h1>{t("portal-sign-up")}</h1>
                    <Suspense fallback=|| view! { <p class="loading" role="status">{t("portal-loading-offers")}</p> }>
                        {move || offers.get().map(|r| match r {
                            Ok(o) => view! { <SignupForm offers=o created=created /> }.into_any(),
                            Err(e) => load_error(&e),
                        })}
                    </Suspense>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// The answer: every credential, shown once.
#[component]
fn Welcome(customer: CustomerView, offers: OffersView) -> impl IntoView {
    let plan_name = move |id: Option<Uuid>| {
        id.and_then(|id| offers.plans.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
    };
    view! {
        <h1>{tf("portal-signup-welcome", &[("name", customer.name.as_str().into())])}</h1>
        <div class="notice notice-ok" role="status">
            <strong>{t("portal-signup-check-email")}</strong>
            " " {tf("portal-signup-link-sent", &[("email", customer.email.as_str().into())])}
        </div>
        <div class="notice notice-warning">
            <strong>{t("portal-signup-credentials")}</strong>
            " " {t("portal-signup-credentials-shown")}
        </div>
        <div class="service-grid">
            {customer
                .services
                .into_iter()
                .map(|s| {
                    let plan = plan_name(s.plan_id);
                    match plan {
                        Some(p) => view! { <ServiceSummary service=s plan=p /> }.into_any(),
                        None => view! { <ServiceSummary service=s /> }.into_any(),
                    }
                })
                .collect_view()}
        </div>
        <p>
            <A href="/account/login" attr:class="button">
                {t("portal-sign-in-to-account")}
            </A>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::{local_field, without_field};

    #[test]
    fn server_fields_map_to_rows() {
        let rows = vec![(0, vec![]), (4, vec![5, 9]), (7, vec![])];
        assert_eq!(local_field("email", &rows), "email");
        assert_eq!(local_field("services", &rows), "services");
        assert_eq!(local_field("services[0].kind", &rows), "svc-0-kind");
        assert_eq!(local_field("services[2].plan_id", &rows), "svc-7-plan");
        assert_eq!(local_field("services[1].anis", &rows), "svc-4-anis");
        assert_eq!(local_field("services[1].anis[1]", &rows), "svc-4-ani-9");
        assert_eq!(local_field("services[1].anis[5]", &rows), "svc-4-anis");
        assert_eq!(local_field("services[9].kind", &rows), "services");
        assert_eq!(local_field("services[2].numbers[0]", &rows), "svc-7-number");
        assert_eq!(local_field("services[0].numbers", &rows), "svc-0-number");
    }

    #[test]
    fn field_prefix_is_dropped() {
        assert_eq!(
            without_field("services[0].plan_id", "services[0].plan_id: choose a plan"),
            "choose a plan"
        );
        assert_eq!(without_field("email", "taken"), "taken");
    }
}
