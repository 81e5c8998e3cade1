//! `/verify-email?token=…`: the link of the verification e-mail (a
//! customer's, or with `for=staff` a console login's).

use crate::api;
use crate::components::capitalised;
use crate::contexts::t;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Posts the token once, then offers to sign in.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let staff = query.with_untracked(|q| q.get("for").as_deref() == Some("staff"));
    let (next, next_label) = if staff {
        ("/console", t("portal-verify-open-console"))
    } else {
        ("/account/login", t("common-sign-in"))
    };
    let no_token = t("portal-verify-no-token");
    let result = LocalResource::new(move || {
        let token = token.clone();
        let no_token = no_token.clone();
        async move {
            if token.trim().is_empty() {
                Err(no_token)
            } else if staff {
                api::verify_staff_email(&token).await.map_err(|e| e.message)
            } else {
                api::verify_email(&token).await.map_err(|e| e.message)
            }
        }
    });
    view! {
        <section class="page narrow">
            <div class="card">
                <h1>{t("portal-verify-heading")}</h1>
                <Suspense fallback=|| view! { <p class="loading" role="status">{t("portal-verify-confirming")}</p> }>
                    {move || {
                        let next_label = next_label.clone();
                        result.get().map(move |r| match r {
                        Ok(()) => view! {
                            <p class="notice notice-ok" role="status">{t("portal-verify-done")}</p>
                            // A full load (rel=external: the router leaves it alone): the
                            // session is read again, the e-mail now confirmed.
                            <a href=next rel="external" class="button button-wide">{next_label}</a>
                        }.into_any(),
                        Err(m) => view! {
                            <p class="form-alert" role="alert">{capitalised(&m)}</p>
                            <p>{t("portal-verify-expired")} " "
                                <A href=next>{next_label}</A> " " {t("portal-verify-if-confirmed")}</p>
                        }.into_any(),
                    })}}
                </Suspense>
            </div>
        </section>
    }
}
