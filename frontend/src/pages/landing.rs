//! `/` on the platform site: what Ringledger is, "Sign in to your
//! console" for operators who have one, and the operator sign-up.

use super::console_finder::ConsoleFinder;
use super::signup::SignupForm;
use leptos::prelude::*;

/// Ringledger's landing page.
#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <div class="landing">
            <section class="hero">
                <p class="eyebrow">"Billing for telephony operators"</p>
                <h1>"One bill for every service"</h1>
                <p class="lead">
                    "Ringledger rates every call, number, seat and bundle you sell and turns them into one clear invoice per customer — for you and for every reseller under your brand."
                </p>
                <ul class="features">
                    <li>
                        <strong>"Exact rating"</strong>
                        " — per-minute rates to four decimal places, in your currency."
                    </li>
                    <li>
                        <strong>"Your brand"</strong>
                        " — a portal at your own address for staff, resellers and customers."
                    </li>
                    <li>
                        <strong>"Monthly bill runs"</strong>
                        " — usage, recurring fees and payments on one invoice."
                    </li>
                </ul>
                <ConsoleFinder />
            </section>
            <section class="card signup" aria-labelledby="signup-heading">
                <h2 id="signup-heading">"Create your operator account"</h2>
                <p class="muted">"Free to start. Your portal is ready in seconds."</p>
                <SignupForm />
            </section>
        </div>
    }
}
