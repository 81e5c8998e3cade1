//! "What does a call cost?": the public rate lookup on the portal home
//! (`GET /portal/rates?number=…`), one row per priced offer.

use super::with_plus;
use crate::api::{self, ApiError};
use crate::components::{FormAlert, FormErrors, TextField, rate_money};
use crate::contexts::{t, tf};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::catalog::RateView;
use ringledger_shared::api::customers::{OfferRate, RateLookupView};
use ringledger_shared::rating::ServiceKind;

/// Billing increments as the trade writes them: "30/6".
pub fn increments_text(r: &RateView) -> String {
    format!("{}/{}", r.initial_increment, r.subsequent_increment)
}

/// The same, spelled out (the `title` of the short form).
fn increments_title(r: &RateView) -> String {
    tf(
        "portal-increments-title",
        &[
            ("first", r.initial_increment.into()),
            ("next", r.subsequent_increment.into()),
        ],
    )
}

/// A service kind as a customer reads it, in the visitor's language.
pub fn kind_label(k: ServiceKind) -> String {
    match k {
        ServiceKind::CallingCard => t("common-service-card"),
        ServiceKind::Pinless => t("common-service-pinless"),
        ServiceKind::Sip => t("portal-service-sip"),
        ServiceKind::Video => t("common-service-video"),
    }
}

/// The offer as a customer reads it: the plan's service kind, or "Bundle".
fn offer_kind(o: &OfferRate) -> String {
    o.service_kind
        .map_or_else(|| t("portal-bundle"), kind_label)
}

/// Shows a lookup error beside the input when it names `number`.
fn show_error(e: ApiError, errors: FormErrors, alert: RwSignal<Option<String>>) {
    if e.field.as_deref() == Some("number") {
        let message = e
            .message
            .strip_prefix("number: ")
            .unwrap_or(&e.message)
            .to_owned();
        errors.set_pairs(vec![("number".to_owned(), message)]);
    } else {
        alert.set(Some(e.message));
    }
}

/// The form and its answer.
#[component]
pub fn RateLookup() -> impl IntoView {
    let number = RwSignal::new(String::new());
    let errors = FormErrors::default();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let answer = RwSignal::new(None::<RateLookupView>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        alert.set(None);
        let n = number.get_untracked().trim().to_owned();
        if n.is_empty() {
            answer.set(None);
            return errors.set_pairs(vec![("number".to_owned(), t("portal-rates-enter-number"))]);
        }
        busy.set(true);
        spawn_local(async move {
            match api::lookup_rates(&n).await {
                Ok(v) => answer.set(Some(v)),
                Err(e) => {
                    answer.set(None);
                    show_error(e, errors, alert);
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="rate-lookup catalog-form" aria-labelledby="rate-lookup-heading">
            <h2 id="rate-lookup-heading">{t("portal-rates-heading")}</h2>
            <form class="inline-form" on:submit=on_submit novalidate>
                <TextField
                    id="rate-number"
                    field="number"
                    label=t("portal-phone-number")
                    value=number
                    errors=errors
                    input_type="tel"
                    inputmode="tel"
                    placeholder="+44 20 7946 0000"
                />
                <button type="submit" class="button" disabled=move || busy.get()>
                    {t("portal-rates-check")}
                </button>
            </form>
            <FormAlert message=alert />
            <div aria-live="polite">{move || answer.get().map(answer_view)}</div>
        </section>
    }
}

fn answer_view(v: RateLookupView) -> AnyView {
    let number = with_plus(&v.number);
    if v.offers.is_empty() {
        return view! { <p class="muted">{t("portal-rates-none")}</p> }.into_any();
    }
    let currency = v.currency;
    let rows = v
        .offers
        .into_iter()
        .map(|o| {
            let kind = offer_kind(&o);
            let offer = view! {
                <th scope="row">{o.offer.clone()} " " <span class="muted">"(" {kind} ")"</span></th>
            };
            match o.rate {
                Some(r) => view! {
                    <tr>
                        {offer}
                        <td>{r.destination.clone()}</td>
                        <td class="num">{rate_money(r.rate_per_minute, &currency)}</td>
                        <td class="num">{rate_money(r.connect_fee, &currency)}</td>
                        <td class="num"><abbr title=increments_title(&r)>{increments_text(&r)}</abbr></td>
                    </tr>
                }
                .into_any(),
                None => view! {
                    <tr>
                        {offer}
                        <td colspan="4" class="muted">{t("portal-rates-no-rate")}</td>
                    </tr>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption>{tf("portal-rates-caption", &[("number", number.into())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("portal-rates-offer")}</th>
                        <th scope="col">{t("portal-rates-destination")}</th>
                        <th scope="col">{t("portal-rates-per-minute")}</th>
                        <th scope="col">{t("portal-rates-connect-fee")}</th>
                        <th scope="col">{t("portal-rates-increments")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn rate() -> RateView {
        RateView {
            prefix: "447".to_owned(),
            destination: "UK Mobile".to_owned(),
            rate_per_minute: Decimal::new(500, 4),
            connect_fee: Decimal::ZERO,
            initial_increment: 30,
            subsequent_increment: 6,
        }
    }

    #[test]
    fn increments_are_written_first_slash_next() {
        assert_eq!(increments_text(&rate()), "30/6");
        assert_eq!(
            increments_title(&rate()),
            "Billed for the first 30 seconds, then per 6 seconds"
        );
    }

    #[test]
    fn a_bundle_has_no_service_kind() {
        let bundle = OfferRate {
            offer: "Talk More".to_owned(),
            service_kind: None,
            rate: None,
        };
        assert_eq!(offer_kind(&bundle), "Bundle");
    }
}
