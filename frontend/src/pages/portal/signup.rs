//! `/signup` on a seller portal: one form for any mix of services (each with
//! its plan; PINless with its phone numbers), an optional bundle, and the
//! customer's name, e-mail and password. The answer shows every credential
//! once.

use super::{ServiceSummary, plan_text};
use crate::api::{self, ApiError};
use crate::components::{ChoiceField, FormAlert, FormErrors, TextField, capitalised, load_error};
use crate::contexts::use_brand;
use crate::pages::SuspendedNotice;
use crate::pages::not_found::NotFound;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use ringledger_shared::api::customers::{
    CustomerSignupRequest, CustomerView, OffersView, ServiceRequest,
};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::validate::{DisplayName, Email, NewPassword};
use uuid::Uuid;

/// One phone number of a PINless service.
#[derive(Debug, Clone, Copy)]
struct AniRow {
    key: u32,
    number: RwSignal<String>,
}

/// One service of the form. Field names are built from the stable `key`
/// (`svc-3-plan`), never from the row's position, so removing a row keeps
/// every error beside its own input.
#[derive(Debug, Clone, Copy)]
struct ServiceRow {
    key: u32,
    kind: RwSignal<String>,
    plan: RwSignal<String>,
    anis: RwSignal<Vec<AniRow>>,
}

/// The form's field for a server error field such as `services[2].anis[0]`,
/// given each service row's key and its numbers' keys, in order.
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
                    <h1>"Sign up"</h1>
                    <Suspense fallback=|| view! { <p class="loading" role="status">"Loading what is on sale…"</p> }>
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
        <h1>"Welcome, " {customer.name.clone()}</h1>
        <div class="notice notice-ok" role="status">
            <strong>"Check your e-mail to confirm your address."</strong>
            " We sent a link to " {customer.email.clone()}
            ". Confirm it, then sign in to your account."
        </div>
        <div class="notice notice-warning">
            <strong>"Write these down now:"</strong>
            " PINs and passwords are shown only once. You can reveal them again in your account."
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
                "Sign in to your account"
            </A>
        </p>
    }
}

#[component]
fn SignupForm(
    offers: OffersView,
    created: RwSignal<Option<(CustomerView, OffersView)>>,
) -> impl IntoView {
    let offers = StoredValue::new(offers);
    let next_key = StoredValue::new(0u32);
    let fresh_key = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        k
    };
    let first_kind = offers.with_value(|o| {
        o.plans.first().map_or_else(
            || "calling_card".to_owned(),
            |p| p.service_kind.as_str().to_owned(),
        )
    });
    let new_row = move |kind: String| ServiceRow {
        key: fresh_key(),
        kind: RwSignal::new(kind),
        plan: RwSignal::new(String::new()),
        anis: RwSignal::new(vec![AniRow {
            key: fresh_key(),
            number: RwSignal::new(String::new()),
        }]),
    };
    let rows = RwSignal::new(vec![new_row(first_kind.clone())]);
    let bundle = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let bundle_kinds = Signal::derive(move || {
        let id = bundle.with(|b| Uuid::parse_str(b).ok());
        offers.with_value(|o| {
            id.and_then(|id| o.bundles.iter().find(|b| b.id == id))
                .map(|b| b.service_kinds.clone())
                .unwrap_or_default()
        })
    });
    let bundle_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "No bundle".to_owned())];
        offers.with_value(|o| {
            v.extend(o.bundles.iter().map(|b| {
                (
                    b.id.to_string(),
                    format!("{} — {} {} a month", b.name, b.monthly_fee, b.currency),
                )
            }));
        });
        v
    });
    let has_bundles = offers.with_value(|o| !o.bundles.is_empty());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        let mut invalid: Vec<(String, String)> = Vec::new();
        for e in [
            DisplayName::parse("name", &name.get_untracked()).err(),
            Email::parse("email", &email.get_untracked()).err(),
            NewPassword::parse("password", &password.get_untracked()).err(),
        ]
        .into_iter()
        .flatten()
        {
            invalid.push((e.field.to_owned(), e.message));
        }
        let in_bundle = bundle_kinds.get_untracked();
        let rows_now = rows.get_untracked();
        let mut services = Vec::with_capacity(rows_now.len());
        let mut keys = Vec::with_capacity(rows_now.len());
        for row in &rows_now {
            let kind = row.kind.get_untracked();
            let parsed = ServiceKind::parse(&kind);
            let plan_id = row.plan.with_untracked(|p| Uuid::parse_str(p).ok());
            if plan_id.is_none() && !parsed.is_some_and(|k| in_bundle.contains(&k)) {
                invalid.push((
                    format!("svc-{}-plan", row.key),
                    "Choose a plan for this service.".to_owned(),
                ));
            }
            let ani_rows = row.anis.get_untracked();
            let mut anis = Vec::new();
            if parsed == Some(ServiceKind::Pinless) {
                for a in &ani_rows {
                    let n = a.number.get_untracked().trim().to_owned();
                    if n.is_empty() {
                        invalid.push((
                            format!("svc-{}-ani-{}", row.key, a.key),
                            "Enter the number you will call from, e.g. +44 20 7946 0000."
                                .to_owned(),
                        ));
                    }
                    anis.push(n);
                }
                keys.push((row.key, ani_rows.iter().map(|a| a.key).collect::<Vec<_>>()));
            } else {
                keys.push((row.key, Vec::new()));
            }
            services.push(ServiceRequest {
                kind,
                plan_id,
                anis,
            });
        }
        if services.is_empty() && in_bundle.is_empty() {
            invalid.push((
                "services".to_owned(),
                "Choose at least one service or a bundle.".to_owned(),
            ));
        }
        if !invalid.is_empty() {
            return errors.set_pairs(invalid);
        }
        errors.clear();
        let request = CustomerSignupRequest {
            name: name.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            bundle_id: bundle.with_untracked(|b| Uuid::parse_str(b).ok()),
            services,
        };
        pending.set(true);
        spawn_local(async move {
            match api::customer_signup(&request).await {
                Ok(r) => {
                    // Last: this unmounts the form (and disposes its signals).
                    pending.set(false);
                    let offers = offers.get_value();
                    created.set(Some((r.customer, offers)));
                }
                Err(e) => {
                    show_error(&e, &keys, errors, form_error);
                    pending.set(false);
                }
            }
        });
    };

    let remove_row = move |key: u32| rows.update(|r| r.retain(|x| x.key != key));
    let row_view = move |row: ServiceRow| {
        let key = row.key;
        let number =
            move || rows.with(|r| r.iter().position(|x| x.key == key).map_or(0, |i| i + 1));
        let kind_options = Signal::derive(|| {
            ServiceKind::ALL
                .iter()
                .map(|k| (k.as_str().to_owned(), k.label().to_owned()))
                .collect::<Vec<_>>()
        });
        // A new kind: the plan of the old one no longer fits.
        Effect::new(move |prev: Option<String>| {
            let k = row.kind.get();
            if prev.is_some_and(|p| p != k) {
                row.plan.set(String::new());
            }
            k
        });
        let plan_options = Signal::derive(move || {
            let kind = row.kind.get();
            let included =
                ServiceKind::parse(&kind).is_some_and(|k| bundle_kinds.get().contains(&k));
            let first = if included {
                "Included in the bundle"
            } else {
                "Choose a plan"
            };
            let mut v = vec![(String::new(), first.to_owned())];
            offers.with_value(|o| {
                v.extend(
                    o.plans
                        .iter()
                        .filter(|p| p.service_kind.as_str() == kind)
                        .map(|p| (p.id.to_string(), plan_text(p))),
                );
            });
            v
        });
        let is_pinless = move || row.kind.with(|k| k == ServiceKind::Pinless.as_str());
        let add_number = move |_| {
            let k = fresh_key();
            row.anis.update(|a| {
                a.push(AniRow {
                    key: k,
                    number: RwSignal::new(String::new()),
                });
            });
        };
        let anis_error = move || errors.get(&format!("svc-{key}-anis"));
        let ani_view = move |ani: AniRow| {
            let akey = ani.key;
            let count = move || row.anis.with(Vec::len);
            let position = move || {
                row.anis
                    .with(|a| a.iter().position(|x| x.key == akey).map_or(0, |i| i + 1))
            };
            view! {
                <div class="ani-row">
                    <TextField
                        id=format!("svc-{key}-ani-{akey}")
                        label="Phone number"
                        value=ani.number
                        errors=errors
                        input_type="tel"
                        autocomplete="tel"
                        placeholder="+44 20 7946 0000"
                        inputmode="tel"
                    />
                    <Show when=move || { count() > 1 }>
                        <button
                            type="button"
                            class="button button-secondary button-small"
                            aria-label=move || format!("Remove phone number {}", position())
                            on:click=move |_| row.anis.update(|a| a.retain(|x| x.key != akey))
                        >
                            "Remove"
                        </button>
                    </Show>
                </div>
            }
        };
        view! {
            <fieldset class="service-row">
                <legend>{move || format!("Service {}", number())}</legend>
                <div class="field-row">
                    <ChoiceField id=format!("svc-{key}-kind") label="Service" value=row.kind errors=errors options=kind_options />
                    <ChoiceField id=format!("svc-{key}-plan") label="Plan" value=row.plan errors=errors options=plan_options />
                </div>
                <Show when=is_pinless>
                    <div class="anis">
                        <p class="field-hint">"The numbers you will call from, in international format. Calls from them need no PIN."</p>
                        <For each=move || row.anis.get() key=|a| a.key children=ani_view />
                        {move || anis_error().map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
                        <button type="button" class="button button-secondary button-small" on:click=add_number>
                            "Add another number"
                        </button>
                    </div>
                </Show>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-label=move || format!("Remove service {}", number())
                    on:click=move |_| remove_row(key)
                >
                    "Remove this service"
                </button>
            </fieldset>
        }
    };

    let add_row = move |_| {
        let kind = first_kind.clone();
        rows.update(|r| r.push(new_row(kind)));
    };
    let offers_empty = offers.with_value(|o| o.plans.is_empty() && o.bundles.is_empty());

    view! {
        <p class="lead">"Pick your services, then create your account: one balance and one bill for all of them."</p>
        {offers_empty.then(|| view! {
            <div class="notice notice-warning" role="status">"Nothing is on sale yet. Please come back later."</div>
        })}
        <form class="form signup-form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <h2>"Your services"</h2>
            <For each=move || rows.get() key=|r| r.key children=row_view />
            {move || errors.get("services").map(|m| view! { <p class="field-error" role="alert">{capitalised(&m)}</p> })}
            <div>
                <button type="button" class="button button-secondary" on:click=add_row>
                    "Add another service"
                </button>
            </div>
            {has_bundles.then(|| view! {
                <ChoiceField
                    id="bundle_id"
                    label="Bundle (optional)"
                    value=bundle
                    errors=errors
                    options=bundle_options
                    hint="A bundle includes services and minutes for one monthly price."
                />
            })}
            <h2>"About you"</h2>
            <TextField id="name" label="Your name" value=name errors=errors autocomplete="name" required=true />
            <TextField id="email" label="Email" value=email errors=errors input_type="email" autocomplete="email" required=true />
            <TextField
                id="password"
                label="Password"
                value=password
                errors=errors
                input_type="password"
                autocomplete="new-password"
                required=true
                hint=|| "At least 8 characters."
            />
            <button type="submit" class="button button-wide" disabled=move || pending.get()>
                {move || if pending.get() { "Creating your account…" } else { "Create my account" }}
            </button>
            <p class="muted">
                "Already a customer? " <A href="/account/login">"Sign in to your account"</A>
            </p>
        </form>
    }
}

/// Shows a server error beside the input it names, or for the whole form.
fn show_error(
    e: &ApiError,
    keys: &[(u32, Vec<u32>)],
    errors: FormErrors,
    form_error: RwSignal<Option<String>>,
) {
    match &e.field {
        Some(field) => {
            let message = without_field(field, &e.message).to_owned();
            errors.set_pairs(vec![(local_field(field, keys), message)]);
        }
        None => form_error.set(Some(e.message.clone())),
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
