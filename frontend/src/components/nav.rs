//! The console's section navigation.

use crate::contexts::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use ringledger_shared::access::Permission;

/// Console sections: `(path segment, link text, what is coming)`. The
/// dashboard is the console's root.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "catalog",
        "Catalog",
        "The services you sell, with their rates and bundles.",
    ),
    (
        "customers",
        "Customers",
        "Your customers, their numbers, balances and invoices.",
    ),
    (
        "calls",
        "Calls",
        "Call detail records from your switches, rated or kept for re-rating.",
    ),
    (
        "cards",
        "Cards",
        "Prepaid calling cards, generated in batches.",
    ),
    (
        "numbers",
        "Numbers",
        "Phone numbers for your customers' IP phones.",
    ),
    (
        "resellers",
        "Resellers",
        "Resellers who sell your services under their own brand.",
    ),
    (
        "bill-runs",
        "Bill runs",
        "Monthly bill runs that turn usage into one invoice per customer.",
    ),
    (
        "payments",
        "Payments",
        "Every payment of your customers: received, pending, failed and refunded.",
    ),
    (
        "books",
        "Books",
        "Your books: the trial balance, the journal and every posting as CSV.",
    ),
    (
        "brand",
        "Brand",
        "Your portal's name, colours and logo, and what your invoices print.",
    ),
    (
        "team",
        "Team",
        "The people who work in this console, their roles and invitations.",
    ),
    (
        "activity",
        "Activity",
        "Who changed what, when and from where: the audit log.",
    ),
    (
        "webhooks",
        "Webhooks",
        "Events posted to your own systems as they happen.",
    ),
    (
        "settings",
        "Settings",
        "How new accounts are set up, card payments and switch keys.",
    ),
    ("profile", "Your login", "Your e-mail, role and sessions."),
];

/// The permission a section needs to be shown (the rest need `read`).
fn needs(path: &str) -> Permission {
    match path {
        "team" => Permission::Team,
        "activity" => Permission::Audit,
        "webhooks" => Permission::Integrations,
        "profile" => Permission::Own,
        "books" => Permission::ReadFinance,
        _ => Permission::Read,
    }
}

/// Sections only a reseller's staff have: `(path segment, link text)`,
/// listed after the catalog.
const RESELLER_SECTIONS: &[(&str, &str)] = &[("pricing", "Pricing"), ("wholesale", "Wholesale")];

/// `<nav aria-label="Console">` with a link per section the member's role
/// may open (a reseller's staff also get [`RESELLER_SECTIONS`]); the
/// current one gets `aria-current="page"`. On a phone the list folds
/// behind a "Menu" button, and closes again once a section is chosen.
#[component]
pub fn ConsoleNav() -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let reseller = untrack(move || session.is_reseller());
    let link = |path: &str, text: &'static str| {
        view! {
            <li>
                <A href=format!("/console/{path}")>{text}</A>
            </li>
        }
    };
    view! {
        <nav class="console-nav" class:open=move || open.get() aria-label="Console">
            <button
                type="button"
                class="nav-toggle button button-secondary"
                aria-controls="console-nav-list"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Menu"
            </button>
            // Choosing a section closes the folded menu.
            <ul id="console-nav-list" on:click=move |_| open.set(false)>
                <li>
                    <A href="/console" exact=true>
                        "Dashboard"
                    </A>
                </li>
                {SECTIONS
                    .iter()
                    .filter(|(path, _, _)| untrack(move || session.can(needs(path))))
                    .map(|(path, text, _)| {
                        let extra = (reseller && *path == "catalog").then(|| {
                            RESELLER_SECTIONS
                                .iter()
                                .map(|(path, text)| link(path, text))
                                .collect_view()
                        });
                        view! {
                            {link(path, text)}
                            {extra}
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
