//! "On-net calls" on the Numbers page: what a call from one of the
//! customers to a number one of them holds costs a minute (instead of the
//! price of a call to those digits). The operator's staff with the catalog
//! permission change it; everyone else, resellers' staff included, reads it.

use super::catalog::{operator_currency, token};
use crate::api::{self, ApiError};
use crate::components::{FormAlert, FormErrors, SaveButton, TextField, load_error, rate_money};
use crate::contexts::Session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ringledger_shared::api::numbers::OnNetSettings;
use rust_decimal::Decimal;

/// The most decimals the rate may have.
const RATE_SCALE: u32 = 6;

/// The card. `can_edit`: the operator's staff allowed to change the
/// catalog; `operator`: the operator's staff (not a reseller's).
#[component]
pub fn OnNetSection(session: Session, can_edit: bool, operator: bool) -> impl IntoView {
    let settings: LocalResource<Result<OnNetSettings, ApiError>> = LocalResource::new(move || {
        let token = token(session);
        async move { api::get_on_net(&token?).await }
    });
    let currency = operator_currency().unwrap_or_default();
    view! {
        <section class="catalog-form" aria-labelledby="on-net-heading">
            <h2 id="on-net-heading">"On-net calls"</h2>
            <p class="muted">"Calls from your customers to numbers your customers hold are priced at this rate per minute (billed by the second, no connect fee) instead of as calls to those digits. 0 makes them free."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the on-net rate…"</p> }>
                {move || settings.get().map(|r| match r {
                    Err(e) => load_error(&e),
                    Ok(s) if can_edit => view! { <OnNetForm session=session initial=s currency=currency.clone() /> }.into_any(),
                    Ok(s) => view! {
                        <dl class="facts">
                            <div>
                                <dt>"Rate per minute"</dt>
                                <dd class="amount">{rate_money(s.rate_per_minute, &currency)}</dd>
                            </div>
                        </dl>
                        <p class="muted">{if operator { "Owners and admins change it." } else { "Your operator sets it." }}</p>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The rate typed, checked as the server will (0 or more, at most six
/// decimals), or the error beside the input.
fn parse_rate(raw: &str) -> Result<Decimal, String> {
    match raw.trim().parse::<Decimal>() {
        Ok(d) if d.is_sign_negative() && !d.is_zero() => Err("cannot be negative".into()),
        Ok(d) if d.scale() > RATE_SCALE => Err("may have at most 6 decimals".into()),
        Ok(d) => Ok(d),
        Err(_) => Err("must be an amount like 0.01, or 0 for free calls".into()),
    }
}

/// "Rate per minute" and "Save on-net rate".
#[component]
fn OnNetForm(session: Session, initial: OnNetSettings, currency: String) -> impl IntoView {
    let rate = RwSignal::new(initial.rate_per_minute.to_string());
    let errors = FormErrors::default();
    let form_error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        form_error.set(None);
        saved.set(false);
        let rate_per_minute = match rate.with_untracked(|r| parse_rate(r)) {
            Ok(d) => d,
            Err(m) => return errors.set_pairs(vec![("rate_per_minute".into(), m)]),
        };
        let token = match token(session) {
            Ok(t) => t,
            Err(e) => return form_error.set(Some(e.message)),
        };
        busy.set(true);
        spawn_local(async move {
            match api::put_on_net(&token, &OnNetSettings { rate_per_minute }).await {
                Ok(s) => {
                    rate.set(s.rate_per_minute.to_string());
                    saved.set(true);
                }
                Err(e) => errors.show_server_unprefixed(&e, form_error),
            }
            busy.set(false);
        });
    };
    let hint = if currency.is_empty() {
        "Billed by the second; 0 makes these calls free.".to_owned()
    } else {
        format!("In {currency}, billed by the second; 0 makes these calls free.")
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert message=form_error />
            <TextField id="on-net-rate" field="rate_per_minute" label="Rate per minute" value=rate
                errors=errors inputmode="decimal" maxlength=16 hint=move || hint.clone() />
            <SaveButton label="Save on-net rate" busy=busy saved=saved done="On-net rate saved. Calls rated from now on use it." />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_rate;
    use rust_decimal::Decimal;

    #[test]
    fn the_rate_is_checked_as_the_server_does() {
        assert_eq!(parse_rate(" 0.012 "), Ok(Decimal::new(12, 3)));
        assert_eq!(parse_rate("0"), Ok(Decimal::ZERO));
        assert!(parse_rate("-0.01").is_err());
        assert!(parse_rate("0.0000001").is_err());
        assert!(parse_rate("free").is_err());
    }
}
