//! The console bundle's entry point: every page (see `lib.rs`). The home,
//! the staff's sign-in pages and the console's frame are drawn at once (a
//! sign-in form waits for no chunk); the console's pages load by group (an
//! area of the console) on first visit.

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{ParentRoute, Route, Routes};
use leptos_router::path;
use ringledger_frontend::lazy_group;
use ringledger_frontend::routed::*;

ringledger_frontend::visitor_pages!();
ringledger_frontend::account_pages!();

// The platform's administration.
lazy_group!(admin_page, AdminPages {
    AdminRoute => AdminTenants,
});
// The console, by area.
lazy_group!(console_home_page, ConsoleHomePages {
    DashboardRoute => Dashboard,
    SectionRoute => ConsoleSection,
});
lazy_group!(catalog_page, CatalogPages {
    DecksRoute => DecksPage,
    DeckRoute => DeckDetail,
    PlansRoute => PlansPage,
    PricingRoute => PricingPage,
});
lazy_group!(customers_page, CustomersPages {
    CustomersRoute => CustomersPage,
    CustomerRoute => CustomerDetail,
    CallsRoute => CallsPage,
    CardsRoute => CardsPage,
    NumbersRoute => NumbersPage,
});
lazy_group!(money_page, MoneyPages {
    BillRunsRoute => BillingPage,
    BooksRoute => BooksPage,
    PaymentsRoute => PaymentsPage,
});
lazy_group!(resellers_page, ResellersPages {
    ResellersRoute => ResellersPage,
    ResellerRoute => ResellerDetail,
    WholesaleRoute => WholesalePage,
});
lazy_group!(settings_page, SettingsPages {
    BrandRoute => BrandPage,
    SettingsRoute => SettingsPage,
    TeamRoute => TeamPage,
    ActivityRoute => ActivityPage,
    WebhooksRoute => WebhooksPage,
    ProfileRoute => ProfilePage,
});

/// Every page.
fn routes() -> AnyView {
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <VisitorRoutes />
            <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} />
            <Route path=path!("/account/invoices/:id") view={Lazy::<AccountRoute>::new()} />
            <Route path=path!("/login") view=LoginPage />
            <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} />
            <Route path=path!("/auth/handoff") view=Handoff />
            <Route path=path!("/accept-invite") view=AcceptInvitePage />
            <Route path=path!("/forgot-password") view=ForgotPasswordPage />
            <ParentRoute path=path!("/console") view=ConsoleShell>
                <Route path=path!("") view={Lazy::<DashboardRoute>::new()} />
                <Route path=path!("catalog") view={Lazy::<DecksRoute>::new()} />
                <Route path=path!("catalog/decks") view={Lazy::<DecksRoute>::new()} />
                <Route path=path!("catalog/decks/:id") view={Lazy::<DeckRoute>::new()} />
                <Route path=path!("catalog/plans") view={Lazy::<PlansRoute>::new()} />
                <Route path=path!("customers") view={Lazy::<CustomersRoute>::new()} />
                <Route path=path!("customers/:id") view={Lazy::<CustomerRoute>::new()} />
                <Route path=path!("calls") view={Lazy::<CallsRoute>::new()} />
                <Route path=path!("bill-runs") view={Lazy::<BillRunsRoute>::new()} />
                <Route path=path!("cards") view={Lazy::<CardsRoute>::new()} />
                <Route path=path!("numbers") view={Lazy::<NumbersRoute>::new()} />
                <Route path=path!("books") view={Lazy::<BooksRoute>::new()} />
                <Route path=path!("resellers") view={Lazy::<ResellersRoute>::new()} />
                <Route path=path!("resellers/:id") view={Lazy::<ResellerRoute>::new()} />
                <Route path=path!("pricing") view={Lazy::<PricingRoute>::new()} />
                <Route path=path!("wholesale") view={Lazy::<WholesaleRoute>::new()} />
                <Route path=path!("brand") view={Lazy::<BrandRoute>::new()} />
                <Route path=path!("settings") view={Lazy::<SettingsRoute>::new()} />
                <Route path=path!("team") view={Lazy::<TeamRoute>::new()} />
                <Route path=path!("activity") view={Lazy::<ActivityRoute>::new()} />
                <Route path=path!("webhooks") view={Lazy::<WebhooksRoute>::new()} />
                <Route path=path!("payments") view={Lazy::<PaymentsRoute>::new()} />
                <Route path=path!("profile") view={Lazy::<ProfileRoute>::new()} />
                // Where Stripe Checkout sends the operator back after paying its plan.
                <Route path=path!("subscription") view={Lazy::<SettingsRoute>::new()} />
                <Route path=path!(":section") view={Lazy::<SectionRoute>::new()} />
            </ParentRoute>
        </Routes>
    }
    .into_any()
}

fn main() {
    ringledger_frontend::start(routes);
}
