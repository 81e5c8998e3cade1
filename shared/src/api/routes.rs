//! Every route of the HTTP API in one table: its method, its path (with
//! `{…}` parameters named as in the OpenAPI document) and the operation id of
//! the handler that answers it.
//!
//! The server's routes and its OpenAPI document are checked against this
//! table by `backend/http/tests/routes.rs`, and the SPA's client builds its
//! paths from it ([`Route::rel`], [`Route::fill`]), so a path cannot drift
//! between the three.

use crate::access::{Access, Permission::*};
use std::fmt::{Display, Write};

/// Where the versioned API is mounted.
pub const BASE: &str = "/api/v1";

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name in lower case, as the OpenAPI document spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

/// One route of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    /// Its method.
    pub method: Method,
    /// Its full path template, e.g. `/api/v1/customers/{id}`.
    pub path: &'static str,
    /// The operation id of its handler in the OpenAPI document.
    pub operation: &'static str,
    /// Who may call it (for staff: the permission it needs).
    pub access: Access,
}

impl Route {
    /// The path template below [`BASE`] (the SPA's client prefixes it).
    pub fn rel(&self) -> &'static str {
        self.path.strip_prefix(BASE).unwrap_or(self.path)
    }

    /// The path below [`BASE`] with its `{…}` parameters replaced, in
    /// order, by `args` (a missing argument leaves its placeholder).
    pub fn fill(&self, args: &[&dyn Display]) -> String {
        let mut out = String::with_capacity(self.rel().len() + 40);
        let mut args = args.iter();
        let mut rest = self.rel();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            match args.next() {
                Some(a) => {
                    let _ = write!(out, "{a}");
                }
                None => out.push_str(&rest[open..close]),
            }
            rest = &rest[close..];
        }
        out.push_str(rest);
        out
    }
}

/// Declares the route constants and [`ALL`].
macro_rules! routes {
    ($( $(#[$doc:meta])* $name:ident = $method:ident $path:literal $op:literal $access:ident $(($perm:ident))?; )+) => {
        $(
            $(#[$doc])*
            pub const $name: Route = Route {
                method: Method::$method,
                path: $path,
                operation: $op,
                access: Access::$access $(($perm))?,
            };
        )+
        /// Every route, in path order.
        pub const ALL: &[Route] = &[$($name),+];
    };
}

routes! {
    /// `GET /api/v1/admin/tenants`: Every tenant with its status, newest first.
    LIST_TENANTS = Get "/api/v1/admin/tenants" "list_tenants" Admin;
    /// `POST /api/v1/admin/tenants/{id}/reactivate`: Lifts a suspension. Idempotent.
    REACTIVATE_TENANT = Post "/api/v1/admin/tenants/{id}/reactivate" "reactivate_tenant" Admin;
    /// `POST /api/v1/admin/tenants/{id}/suspend`: Suspends a tenant: its users can no longer log in or call the API.
    SUSPEND_TENANT = Post "/api/v1/admin/tenants/{id}/suspend" "suspend_tenant" Admin;
    /// `GET /api/v1/api-keys`: The seller's API keys (never the secret), newest first.
    LIST_API_KEYS = Get "/api/v1/api-keys" "list_api_keys" Staff(ApiKeys);
    /// `POST /api/v1/api-keys`: Creates an API key; the answer is the only time the whole key is shown.
    CREATE_API_KEY = Post "/api/v1/api-keys" "create_api_key" Staff(ApiKeys);
    /// `POST /api/v1/api-keys/{id}/revoke`: Revokes an API key at once.
    REVOKE_API_KEY = Post "/api/v1/api-keys/{id}/revoke" "revoke_api_key" Staff(ApiKeys);
    /// `GET /api/v1/audit-events`: Who changed what, when and from where, newest first.
    LIST_AUDIT_EVENTS = Get "/api/v1/audit-events" "list_events" Staff(Audit);
    /// `GET /api/v1/audit-events/export.csv`: The matching events as CSV.
    EXPORT_AUDIT_EVENTS = Get "/api/v1/audit-events/export.csv" "export_events" Staff(Audit);
    /// `POST /api/v1/admin/two-factor/confirm`: Confirms a platform admin's enrolment; answers the recovery codes.
    CONFIRM_ADMIN_TWO_FACTOR = Post "/api/v1/admin/two-factor/confirm" "confirm_admin_two_factor" Admin;
    /// `POST /api/v1/admin/two-factor/setup`: Starts a platform admin's enrolment: a secret, its URL and QR code.
    SETUP_ADMIN_TWO_FACTOR = Post "/api/v1/admin/two-factor/setup" "setup_admin_two_factor" Admin;
    /// `POST /api/v1/auth/login`: Logs a user in: staff on a seller portal, platform admins on the bare host.
    LOGIN = Post "/api/v1/auth/login" "login" Public;
    /// `POST /api/v1/auth/logout`: Revokes the session's whole refresh family and clears the cookie.
    LOGOUT = Post "/api/v1/auth/logout" "logout" Public;
    /// `POST /api/v1/auth/password-reset`: E-mails a reset link to the login with this address, if there is one.
    REQUEST_STAFF_RESET = Post "/api/v1/auth/password-reset" "request_staff_reset" Public;
    /// `POST /api/v1/auth/password-reset/confirm`: Sets the new password with the link's token.
    CONFIRM_STAFF_RESET = Post "/api/v1/auth/password-reset/confirm" "confirm_staff_reset" Public;
    /// `POST /api/v1/auth/refresh`: Rotates the refresh token: the presented one is revoked and a new session
    REFRESH_SESSION = Post "/api/v1/auth/refresh" "refresh_session" Public;
    /// `POST /api/v1/auth/verify-email`: Confirms a staff member's e-mail with the link's token. Using the same link twice is harmless.
    VERIFY_STAFF_EMAIL = Post "/api/v1/auth/verify-email" "verify_staff_email" Public;
    /// `POST /api/v1/auth/verify-email/resend`: E-mails the signed-in staff member a new verification link.
    RESEND_VERIFICATION = Post "/api/v1/auth/verify-email/resend" "resend_verification" Staff(Own);
    /// `POST /api/v1/authorize`: Answers `authorized` with the longest call the account can pay for
    AUTHORIZE = Post "/api/v1/authorize" "authorize" Switch;
    /// `GET /api/v1/bill-runs`: The latest bill runs, newest first.
    LIST_BILL_RUNS = Get "/api/v1/bill-runs" "list_bill_runs" Staff(Read);
    /// `POST /api/v1/bill-runs`: Starts the bill run of the seller for `as_of` (default today): every
    START_BILL_RUN = Post "/api/v1/bill-runs" "start_bill_run" Staff(BillRuns);
    /// `GET /api/v1/bill-runs/{id}`: A bill run's progress (accounts done of total) and totals.
    GET_BILL_RUN = Get "/api/v1/bill-runs/{id}" "get_bill_run" Staff(Read);
    /// `GET /api/v1/books/check`: Checks the tenant's books: every journal sums to zero, every stored
    CHECK_BOOKS = Get "/api/v1/books/check" "check_books" Staff(ReadFinance);
    /// `GET /api/v1/books/journals`: The seller's journals in the period, newest first (at most 500).
    LIST_JOURNALS = Get "/api/v1/books/journals" "list_journals" Staff(ReadFinance);
    /// `GET /api/v1/books/postings.csv`: The period's postings, oldest first, as CSV.
    EXPORT_POSTINGS = Get "/api/v1/books/postings.csv" "export_postings" Staff(ReadFinance);
    /// `GET /api/v1/books/trial-balance`: Per book: balance at the start of the period, its debits and credits,
    TRIAL_BALANCE = Get "/api/v1/books/trial-balance" "trial_balance" Staff(ReadFinance);
    /// `GET /api/v1/bundles`: Every bundle with its allowances, by name.
    LIST_BUNDLES = Get "/api/v1/bundles" "list_bundles" Staff(Read);
    /// `POST /api/v1/bundles`: Creates a bundle with its allowances.
    CREATE_BUNDLE = Post "/api/v1/bundles" "create_bundle" Staff(Catalog);
    /// `GET /api/v1/card-batches`: The seller's card batches, newest first.
    LIST_BATCHES = Get "/api/v1/card-batches" "list_batches" Staff(Read);
    /// `POST /api/v1/card-batches`: Generates `quantity` cards (PIN of the seller's length, 12-digit serial,
    CREATE_BATCH = Post "/api/v1/card-batches" "create_batch" Staff(Cards);
    /// `GET /api/v1/card-batches/{id}/cards.csv`: The batch's cards as CSV: `serial,pin,initial_balance,currency,expires_on,status`.
    EXPORT_BATCH = Get "/api/v1/card-batches/{id}/cards.csv" "export_batch" Staff(Cards);
    /// `GET /api/v1/cdrs`: CDRs by customer, number, date and status, newest first.
    LIST_CDRS = Get "/api/v1/cdrs" "list_cdrs" Staff(Read);
    /// `POST /api/v1/cdrs`: Rates and bills a batch in one transaction. A record seen before (same
    POST_CDRS = Post "/api/v1/cdrs" "post_cdrs" Switch;
    /// `GET /api/v1/cdrs/export.csv`: Up to 100,000 matching CDRs as CSV, newest first.
    EXPORT_CDRS = Get "/api/v1/cdrs/export.csv" "export_cdrs" Staff(Read);
    /// `POST /api/v1/cdrs/rerate`: Re-rates every kept record; those that still cannot be rated stay kept.
    RERATE_CDRS = Post "/api/v1/cdrs/rerate" "rerate_cdrs" Staff(BillRuns);
    /// `GET /api/v1/cdrs/refused`: Calls fraud control refused, newest first (one per service and reason a minute).
    LIST_REFUSED_CALLS = Get "/api/v1/cdrs/refused" "list_refused_calls" Staff(Read);
    /// `GET /api/v1/customers`: The customers of the seller and of every reseller below it, newest first.
    LIST_CUSTOMERS = Get "/api/v1/customers" "list_customers" Staff(Read);
    /// `POST /api/v1/customers`: Same rules and answer as the portal sign-up, but the staff vouch for the
    CREATE_CUSTOMER = Post "/api/v1/customers" "create_customer" Staff(ManageCustomers);
    /// `GET /api/v1/customers/{id}`: One customer with the account and services.
    GET_CUSTOMER = Get "/api/v1/customers/{id}" "get_customer" Staff(Read);
    /// `POST /api/v1/customers/{id}/adjustments`: Credits (positive) or debits (negative) the account by hand; the ledger
    ADJUST_BALANCE = Post "/api/v1/customers/{id}/adjustments" "adjust_balance" Staff(Money);
    /// `POST /api/v1/customers/{id}/charges`: Adds a one-off charge or credit for the next invoice.
    ADD_CHARGE = Post "/api/v1/customers/{id}/charges" "add_charge" Staff(Money);
    /// `POST /api/v1/customers/{id}/close`: Closes the account for good.
    CLOSE_CUSTOMER = Post "/api/v1/customers/{id}/close" "close_customer" Staff(ManageCustomers);
    /// `GET /api/v1/customers/{id}/ledger`: The account's ledger, newest first (at most 500 entries).
    GET_LEDGER = Get "/api/v1/customers/{id}/ledger" "get_ledger" Staff(Read);
    /// `GET /api/v1/customers/{id}/payments`: The customer's payments and attempts, newest first (at most 200).
    LIST_CUSTOMER_PAYMENTS = Get "/api/v1/customers/{id}/payments" "list_customer_payments" Staff(Read);
    /// `POST /api/v1/customers/{id}/payments`: Records a payment received by hand; it credits the balance and, if
    RECORD_PAYMENT = Post "/api/v1/customers/{id}/payments" "record_payment" Staff(Money);
    /// `POST /api/v1/customers/{id}/reactivate`: Lifts a suspension.
    REACTIVATE_CUSTOMER = Post "/api/v1/customers/{id}/reactivate" "reactivate_customer" Staff(ManageCustomers);
    /// `GET /api/v1/customers/{id}/fraud`: The customer's fraud control: its own limits, the limits in force, its suspended services.
    GET_CUSTOMER_FRAUD = Get "/api/v1/customers/{id}/fraud" "get_customer_fraud" Staff(Read);
    /// `PUT /api/v1/customers/{id}/fraud`: Sets the customer's own limits, high-risk permission and allowed countries.
    PUT_CUSTOMER_FRAUD = Put "/api/v1/customers/{id}/fraud" "put_customer_fraud" Staff(ManageCustomers);
    /// `PUT /api/v1/customers/{id}/itemized-invoices`: Turns the itemized call appendix of the customer's invoices on or off.
    SET_CUSTOMER_ITEMIZED = Put "/api/v1/customers/{id}/itemized-invoices" "set_customer_itemized" Staff(ManageCustomers);
    /// `POST /api/v1/customers/{id}/services/{service_id}/cancel`: Cancels one service of the customer.
    CANCEL_SERVICE = Post "/api/v1/customers/{id}/services/{service_id}/cancel" "cancel_service" Staff(ManageCustomers);
    /// `POST /api/v1/customers/{id}/services/{service_id}/release`: Lifts a fraud suspension of the service.
    RELEASE_SERVICE = Post "/api/v1/customers/{id}/services/{service_id}/release" "release_service" Staff(ManageCustomers);
    /// `GET /api/v1/customers/{id}/statement`: Reconciles the period: `opening` (the sum of every posting before it)
    GET_STATEMENT = Get "/api/v1/customers/{id}/statement" "get_statement" Staff(Read);
    /// `POST /api/v1/customers/{id}/suspend`: Suspends the account: its services stop being authorised.
    SUSPEND_CUSTOMER = Post "/api/v1/customers/{id}/suspend" "suspend_customer" Staff(ManageCustomers);
    /// `GET /api/v1/destination-groups`: Every destination group, by name.
    LIST_GROUPS = Get "/api/v1/destination-groups" "list_groups" Staff(Read);
    /// `GET /api/v1/fraud/high-risk-prefixes`: The operator's high-risk prefixes, in digit order.
    LIST_HIGH_RISK = Get "/api/v1/fraud/high-risk-prefixes" "list_high_risk" Staff(Read);
    /// `PUT /api/v1/fraud/high-risk-prefixes`: Replaces the high-risk prefixes with a CSV (`prefix,description`).
    IMPORT_HIGH_RISK = Put "/api/v1/fraud/high-risk-prefixes" "import_high_risk" Staff(Settings);
    /// `GET /api/v1/fraud/high-risk-prefixes/export.csv`: The high-risk prefixes in the import format.
    EXPORT_HIGH_RISK = Get "/api/v1/fraud/high-risk-prefixes/export.csv" "export_high_risk" Staff(Read);
    /// `POST /api/v1/destination-groups`: Creates a destination group (e.g. "North America" = `1`).
    CREATE_GROUP = Post "/api/v1/destination-groups" "create_group" Staff(Catalog);
    /// `GET /api/v1/invoices`: The seller's invoices, newest first; `status=overdue` lists open
    LIST_INVOICES = Get "/api/v1/invoices" "list_invoices" Staff(Read);
    /// `GET /api/v1/invoices/{id}`: An invoice with its lines.
    GET_INVOICE = Get "/api/v1/invoices/{id}" "get_invoice" Staff(Read);
    /// `POST /api/v1/invoices/{id}/credit-note`: Voids the invoice with a credit note; what the invoice debited from
    CREDIT_NOTE = Post "/api/v1/invoices/{id}/credit-note" "credit_note" Staff(Money);
    /// `GET /api/v1/invoices/{id}/pdf`: The invoice as a branded PDF.
    INVOICE_PDF = Get "/api/v1/invoices/{id}/pdf" "invoice_pdf" Staff(Read);
    /// `GET /api/v1/me`: Who the bearer token belongs to (staff or platform admin).
    GET_ME = Get "/api/v1/me" "get_me" SignedIn;
    /// `GET /api/v1/me/sessions`: The signed-in member's live sessions.
    MY_STAFF_SESSIONS = Get "/api/v1/me/sessions" "my_staff_sessions" Staff(Own);
    /// `DELETE /api/v1/me/sessions/{id}`: Signs one of the member's sessions out at once.
    REVOKE_STAFF_SESSION = Delete "/api/v1/me/sessions/{id}" "revoke_staff_session" Staff(Own);
    /// `POST /api/v1/me/two-factor/confirm`: Confirms enrolment with the app's code; answers the recovery codes.
    CONFIRM_TWO_FACTOR = Post "/api/v1/me/two-factor/confirm" "confirm_two_factor" Staff(Own);
    /// `POST /api/v1/me/two-factor/disable`: Turns two-factor sign-in off with a code.
    DISABLE_TWO_FACTOR = Post "/api/v1/me/two-factor/disable" "disable_two_factor" Staff(Own);
    /// `POST /api/v1/me/two-factor/setup`: Starts enrolment: a secret, its URL and QR code.
    SETUP_TWO_FACTOR = Post "/api/v1/me/two-factor/setup" "setup_two_factor" Staff(Own);
    /// `GET /api/v1/my/account`: The account, balance or credit limit, and the services with their
    GET_ACCOUNT = Get "/api/v1/my/account" "get_account" Customer;
    /// `PUT /api/v1/my/auto-top-up`: Turns auto top-up on (needs a saved card) or off.
    SET_AUTO_TOP_UP = Put "/api/v1/my/auto-top-up" "set_auto_top_up" Customer;
    /// `DELETE /api/v1/my/card`: Forgets the saved card (auto top-up goes off with it).
    REMOVE_CARD = Delete "/api/v1/my/card" "remove_card" Customer;
    /// `POST /api/v1/my/card`: Saves a card on Stripe Checkout (no payment now).
    SAVE_CARD = Post "/api/v1/my/card" "save_card" Customer;
    /// `POST /api/v1/my/cards/register`: Registers a prepaid card to the account (rate-limited per client IP).
    REGISTER_CARD = Post "/api/v1/my/cards/register" "register_card" Customer;
    /// `POST /api/v1/my/checkout/{session}/confirm`: The customer is back from Checkout: the payment is credited now if
    CONFIRM_CHECKOUT = Post "/api/v1/my/checkout/{session}/confirm" "confirm_checkout" Customer;
    /// `GET /api/v1/my/invoices`: The signed-in customer's invoices.
    MY_INVOICES = Get "/api/v1/my/invoices" "my_invoices" Customer;
    /// `GET /api/v1/my/invoices/{id}`: One of the customer's invoices with its lines.
    MY_INVOICE = Get "/api/v1/my/invoices/{id}" "my_invoice" Customer;
    /// `POST /api/v1/my/invoices/{id}/checkout`: Starts paying one of the customer's open invoices; answers the
    PAY_INVOICE = Post "/api/v1/my/invoices/{id}/checkout" "pay_invoice" Customer;
    /// `GET /api/v1/my/invoices/{id}/pdf`: One of the customer's invoices as a PDF.
    MY_INVOICE_PDF = Get "/api/v1/my/invoices/{id}/pdf" "my_invoice_pdf" Customer;
    /// `POST /api/v1/my/login`: Signs a customer in. Unverified e-mail answers `403 email_not_verified`
    CUSTOMER_LOGIN = Post "/api/v1/my/login" "customer_login" Public;
    /// `POST /api/v1/my/password-reset`: E-mails a reset link to the customer with this address, if there is one.
    REQUEST_CUSTOMER_RESET = Post "/api/v1/my/password-reset" "request_customer_reset" Public;
    /// `POST /api/v1/my/password-reset/confirm`: Sets the customer's new password with the link's token.
    CONFIRM_CUSTOMER_RESET = Post "/api/v1/my/password-reset/confirm" "confirm_customer_reset" Public;
    /// `PUT /api/v1/my/language`: Saves the language of the customer's pages, e-mails and invoices (one
    SET_LANGUAGE = Put "/api/v1/my/language" "set_language" Customer;
    /// `PUT /api/v1/my/itemized-invoices`: Turns the itemized call appendix of the customer's invoices on or off.
    SET_ITEMIZED = Put "/api/v1/my/itemized-invoices" "set_itemized" Customer;
    /// `PUT /api/v1/my/low-balance`: Sets (or clears, with `null`) the threshold under which a call's debit
    SET_LOW_BALANCE = Put "/api/v1/my/low-balance" "set_low_balance" Customer;
    /// `POST /api/v1/my/password`: Checks the current password, then stores the new one.
    CHANGE_PASSWORD = Post "/api/v1/my/password" "change_password" Customer;
    /// `GET /api/v1/my/payment-profile`: The saved card, auto top-up and payments of the calling customer.
    GET_PAYMENT_PROFILE = Get "/api/v1/my/payment-profile" "get_payment_profile" Customer;
    /// `POST /api/v1/my/services`: Adds a service (with its new credentials, shown once).
    ADD_SERVICE = Post "/api/v1/my/services" "add_service" Customer;
    /// `POST /api/v1/my/services/{id}/anis`: Registers one more caller number on a PINless service.
    ADD_ANI = Post "/api/v1/my/services/{id}/anis" "add_ani" Customer;
    /// `DELETE /api/v1/my/services/{id}/anis/{number}`: Removes a caller number (digits or any usual format, URL-encoded). The
    REMOVE_ANI = Delete "/api/v1/my/services/{id}/anis/{number}" "remove_ani" Customer;
    /// `POST /api/v1/my/services/{id}/numbers`: A SIP or video service takes a free (or reserved) phone number; its setup fee goes on the next invoice.
    TAKE_NUMBER = Post "/api/v1/my/services/{id}/numbers" "take_number" Customer;
    /// `DELETE /api/v1/my/services/{id}/numbers/{number_id}`: Gives a number back: billed until today, then quarantined.
    GIVE_BACK_NUMBER = Delete "/api/v1/my/services/{id}/numbers/{number_id}" "give_back_number" Customer;
    /// `GET /api/v1/my/services/{id}/credentials`: The service with its secret (PIN for a calling card, password for SIP or
    REVEAL_CREDENTIALS = Get "/api/v1/my/services/{id}/credentials" "reveal_credentials" Customer;
    /// `POST /api/v1/my/services/{id}/reset-password`: Replaces the device password; the answer shows the new one.
    RESET_PASSWORD = Post "/api/v1/my/services/{id}/reset-password" "reset_password" Customer;
    /// `POST /api/v1/my/top-ups`: Starts a top-up of the balance by card.
    TOP_UP = Post "/api/v1/my/top-ups" "top_up" Customer;
    /// `GET /api/v1/my/calls`: The customer's rated calls, newest first (numbers masked per the seller's setting).
    MY_CALLS = Get "/api/v1/my/calls" "list_calls" Customer;
    /// `GET /api/v1/my/calls/export.csv`: Up to 100,000 of the customer's calls as CSV, newest first.
    EXPORT_MY_CALLS = Get "/api/v1/my/calls/export.csv" "export_calls" Customer;
    /// `GET /api/v1/my/usage`: The customer's usage over a period.
    GET_USAGE = Get "/api/v1/my/usage" "get_usage" Customer;
    /// `GET /api/v1/my/sessions`: The customer's live sessions.
    MY_CUSTOMER_SESSIONS = Get "/api/v1/my/sessions" "my_customer_sessions" Customer;
    /// `DELETE /api/v1/my/sessions/{id}`: Signs one of the customer's sessions out at once.
    REVOKE_CUSTOMER_SESSION = Delete "/api/v1/my/sessions/{id}" "revoke_customer_session" Customer;
    /// `POST /api/v1/my/verify-email`: Confirms the e-mail and activates the customer. Using the same link twice
    VERIFY_EMAIL = Post "/api/v1/my/verify-email" "verify_email" Public;
    /// `GET /api/v1/numbers`: The operator's phone numbers by status, country and digits, in number order.
    LIST_NUMBERS = Get "/api/v1/numbers" "list_numbers" Staff(Read);
    /// `GET /api/v1/numbers/export.csv`: The phone numbers found, as CSV.
    EXPORT_NUMBERS = Get "/api/v1/numbers/export.csv" "export_numbers" Staff(Read);
    /// `POST /api/v1/numbers/import`: Adds phone numbers from a CSV (`number,country,monthly_fee,setup_fee`), updating known ones.
    IMPORT_NUMBERS = Post "/api/v1/numbers/import" "import_numbers" Staff(Catalog);
    /// `POST /api/v1/numbers/{id}/status`: Assigns a number to a service, ports it out, quarantines it or frees it.
    SET_NUMBER_STATUS = Post "/api/v1/numbers/{id}/status" "set_number_status" Staff(ManageCustomers);
    /// `GET /api/v1/onboarding`: Which first steps the operator has taken: a rate deck, a plan, a switch
    ONBOARDING = Get "/api/v1/onboarding" "first_steps" Staff(Read);
    /// `GET /api/v1/payments`: Every payment of the seller and the resellers below it, newest first, filtered.
    LIST_PAYMENTS = Get "/api/v1/payments" "list_payments" Staff(Read);
    /// `GET /api/v1/payments/export.csv`: The matching payments as CSV.
    EXPORT_PAYMENTS = Get "/api/v1/payments/export.csv" "export_payments" Staff(Read);
    /// `POST /api/v1/payments/{id}/refunds`: Refunds a payment, fully or partly.
    REFUND_PAYMENT = Post "/api/v1/payments/{id}/refunds" "refund_payment" Staff(Money);
    /// `GET /api/v1/plans`: Every plan, by name.
    LIST_PLANS = Get "/api/v1/plans" "list_plans" Staff(Read);
    /// `POST /api/v1/plans`: Creates a plan for one service kind.
    CREATE_PLAN = Post "/api/v1/plans" "create_plan" Staff(Catalog);
    /// `GET /api/v1/portal`: The portal of the request's host: the platform site or a seller's brand.
    GET_PORTAL = Get "/api/v1/portal" "get_portal" Public;
    /// `GET /api/v1/portal/logo`: The seller's uploaded logo (404 when it has none). Served with its
    GET_LOGO = Get "/api/v1/portal/logo" "get_logo" Public;
    /// `GET /api/v1/portal/offers`: The plans and bundles on sale on this portal, with prices.
    GET_OFFERS = Get "/api/v1/portal/offers" "get_offers" Public;
    /// `GET /api/v1/portal/rates`:
    RATE_LOOKUP = Get "/api/v1/portal/rates" "rate_lookup" Public;
    /// `POST /api/v1/portal/signup`: Creates the customer, the account and every service with its
    CUSTOMER_SIGNUP = Post "/api/v1/portal/signup" "customer_signup" Public;
    /// `GET /api/v1/portal/numbers`: Free phone numbers a SIP or video service can take, by country and digits, priced as this portal sells them.
    PORTAL_NUMBERS = Get "/api/v1/portal/numbers" "portal_numbers" Public;
    /// `POST /api/v1/portal/numbers/{id}/reserve`: Holds a free number for 15 minutes for whoever presents the secret it answers (rate-limited per client IP).
    RESERVE_NUMBER = Post "/api/v1/portal/numbers/{id}/reserve" "reserve_number" Public;
    /// `GET /api/v1/portal/words/{language}`: The portal's and the account pages' words in one language, as one Fluent source (the SPA compiles in English only).
    PORTAL_WORDS = Get "/api/v1/portal/words/{language}" "portal_words" Public;
    /// `GET /api/v1/rate-decks`: The operator's decks (and, for a reseller, its own) with their versions, by name.
    LIST_DECKS = Get "/api/v1/rate-decks" "list_decks" Staff(Read);
    /// `POST /api/v1/rate-decks/import`: Uploads a rate deck (the CSV is the request body). Every problem is
    IMPORT_DECK = Post "/api/v1/rate-decks/import" "import_deck" Staff(Catalog);
    /// `GET /api/v1/rate-decks/{id}`: A deck with its versions.
    GET_DECK = Get "/api/v1/rate-decks/{id}" "get_deck" Staff(Read);
    /// `GET /api/v1/rate-decks/{id}/export.csv`: The version's rows in the upload format, by prefix.
    EXPORT_DECK = Get "/api/v1/rate-decks/{id}/export.csv" "export_deck" Staff(Read);
    /// `GET /api/v1/rate-decks/{id}/match`: Every row whose prefix starts the normalised number.
    MATCH_RATES = Get "/api/v1/rate-decks/{id}/match" "match_rates" Staff(Read);
    /// `GET /api/v1/rate-decks/{id}/rates`: Rates of a deck version, by prefix.
    SEARCH_RATES = Get "/api/v1/rate-decks/{id}/rates" "search_rates" Staff(Read);
    /// `GET /api/v1/reports/margin`: Per day: revenue (the seller's own customers' calls plus what its
    MARGIN = Get "/api/v1/reports/margin" "margin" Staff(ReadFinance);
    /// `GET /api/v1/reports/revenue`: Usage charges of the seller's customers (the operator: of every customer
    REVENUE = Get "/api/v1/reports/revenue" "revenue" Staff(ReadFinance);
    /// `GET /api/v1/resellers`: Every reseller below the caller's seller, at any depth, parents before
    LIST_RESELLERS = Get "/api/v1/resellers" "list_resellers" Staff(Read);
    /// `POST /api/v1/resellers`: Creates a reseller directly under the caller's seller, with its owner's
    CREATE_RESELLER = Post "/api/v1/resellers" "create_reseller" Staff(Resellers);
    /// `GET /api/v1/resellers/{id}`: One reseller below the caller's seller (404 for any other).
    GET_RESELLER = Get "/api/v1/resellers/{id}" "get_reseller" Staff(Read);
    /// `PATCH /api/v1/resellers/{id}`: Changes a direct reseller's terms (markup, fee, custom domain). New
    UPDATE_RESELLER = Patch "/api/v1/resellers/{id}" "update_reseller" Staff(Resellers);
    /// `POST /api/v1/resellers/{id}/domain/verify`: Looks the custom domain's TXT record up and, when it holds the challenge, maps the domain to the reseller's portal.
    VERIFY_DOMAIN = Post "/api/v1/resellers/{id}/domain/verify" "verify_domain" Staff(Resellers);
    /// `GET /api/v1/settings/accounts`: The current settings.
    GET_ACCOUNT_SETTINGS = Get "/api/v1/settings/accounts" "get_account_settings" Staff(Read);
    /// `PUT /api/v1/settings/accounts`: Replaces the settings (they apply to accounts created from now on).
    PUT_ACCOUNT_SETTINGS = Put "/api/v1/settings/accounts" "put_account_settings" Staff(Settings);
    /// `GET /api/v1/settings/billing`: The seller's invoicing settings.
    GET_BILLING_SETTINGS = Get "/api/v1/settings/billing" "get_billing_settings" Staff(Read);
    /// `PUT /api/v1/settings/billing`: Saves the seller's invoicing settings (the first problem is named).
    PUT_BILLING_SETTINGS = Put "/api/v1/settings/billing" "put_billing_settings" Staff(Settings);
    /// `GET /api/v1/settings/on-net`: What a call to one of the tenant's own numbers costs a minute.
    GET_ON_NET = Get "/api/v1/settings/on-net" "get_on_net" Staff(Read);
    /// `PUT /api/v1/settings/on-net`: Sets the on-net rate (the operator's).
    PUT_ON_NET = Put "/api/v1/settings/on-net" "put_on_net" Staff(Catalog);
    /// `GET /api/v1/settings/brand`: The current brand.
    GET_BRAND = Get "/api/v1/settings/brand" "get_brand" Staff(Read);
    /// `PUT /api/v1/settings/brand`: Replaces the brand (`has_logo` is ignored: the logo has its own route).
    PUT_BRAND = Put "/api/v1/settings/brand" "put_brand" Staff(Settings);
    /// `DELETE /api/v1/settings/brand/logo`: Removes the logo.
    DELETE_LOGO = Delete "/api/v1/settings/brand/logo" "delete_logo" Staff(Settings);
    /// `PUT /api/v1/settings/brand/logo`: Uploads (replaces) the logo.
    PUT_LOGO = Put "/api/v1/settings/brand/logo" "put_logo" Staff(Settings);
    /// `DELETE /api/v1/settings/payments`: Disconnects the seller's Stripe account (card payments stop).
    DELETE_PAYMENT_SETTINGS = Delete "/api/v1/settings/payments" "delete_payment_settings" Staff(PaymentSettings);
    /// `GET /api/v1/settings/fraud`: The seller's fraud control defaults.
    GET_FRAUD_SETTINGS = Get "/api/v1/settings/fraud" "get_fraud_settings" Staff(Read);
    /// `PUT /api/v1/settings/fraud`: Replaces the seller's fraud control defaults.
    PUT_FRAUD_SETTINGS = Put "/api/v1/settings/fraud" "put_fraud_settings" Staff(Settings);
    /// `GET /api/v1/settings/payments`: Whether card payments are configured, and how.
    GET_PAYMENT_SETTINGS = Get "/api/v1/settings/payments" "get_payment_settings" Staff(Read);
    /// `PUT /api/v1/settings/payments`: Connects the seller's own Stripe account: the key is checked with
    PUT_PAYMENT_SETTINGS = Put "/api/v1/settings/payments" "put_payment_settings" Staff(PaymentSettings);
    /// `GET /api/v1/settings/pricing`: The reseller's pricing.
    GET_PRICING = Get "/api/v1/settings/pricing" "get_pricing" Staff(Read);
    /// `PUT /api/v1/settings/pricing`: Sets the reseller's pricing: a markup, or its own deck (rows below the
    PUT_PRICING = Put "/api/v1/settings/pricing" "put_pricing" Staff(Catalog);
    /// `GET /api/v1/settings/resellers`: The current rules.
    GET_RESELLER_SETTINGS = Get "/api/v1/settings/resellers" "get_reseller_settings" Staff(Read);
    /// `PUT /api/v1/settings/resellers`: Replaces the rules (resellers already deeper stay; new ones obey).
    PUT_RESELLER_SETTINGS = Put "/api/v1/settings/resellers" "put_reseller_settings" Staff(Resellers);
    /// `GET /api/v1/subscription`: The operator's plan: status, period, when an unpaid tenant is suspended.
    GET_SUBSCRIPTION = Get "/api/v1/subscription" "get_subscription" Staff(Read);
    /// `POST /api/v1/subscription/checkout`: Starts paying for Ringledger with a card (Stripe Checkout).
    SUBSCRIPTION_CHECKOUT = Post "/api/v1/subscription/checkout" "subscription_checkout" Staff(PaymentSettings);
    /// `GET /api/v1/switch-keys`: Every key (without secrets), newest first.
    LIST_KEYS = Get "/api/v1/switch-keys" "list_keys" Staff(Integrations);
    /// `POST /api/v1/switch-keys`: Creates a key; the answer is the only time the whole key is shown.
    CREATE_KEY = Post "/api/v1/switch-keys" "create_key" Staff(Integrations);
    /// `POST /api/v1/switch-keys/{id}/revoke`: Revokes a key at once. Revoking it again is harmless.
    REVOKE_KEY = Post "/api/v1/switch-keys/{id}/revoke" "revoke_key" Staff(Integrations);
    /// `GET /api/v1/webhook-endpoints`: The seller's webhook endpoints (never their secrets), newest first.
    LIST_WEBHOOK_ENDPOINTS = Get "/api/v1/webhook-endpoints" "list_webhook_endpoints" Staff(Integrations);
    /// `POST /api/v1/webhook-endpoints`: Registers a webhook endpoint; the answer is the only time its signing secret is shown.
    CREATE_WEBHOOK_ENDPOINT = Post "/api/v1/webhook-endpoints" "create_webhook_endpoint" Staff(Integrations);
    /// `PATCH /api/v1/webhook-endpoints/{id}`: Changes an endpoint's address, description or events, or pauses and resumes it.
    UPDATE_WEBHOOK_ENDPOINT = Patch "/api/v1/webhook-endpoints/{id}" "update_webhook_endpoint" Staff(Integrations);
    /// `DELETE /api/v1/webhook-endpoints/{id}`: Removes an endpoint; nothing more is sent to it.
    DELETE_WEBHOOK_ENDPOINT = Delete "/api/v1/webhook-endpoints/{id}" "delete_webhook_endpoint" Staff(Integrations);
    /// `GET /api/v1/webhook-endpoints/{id}/deliveries`: An endpoint's deliveries, newest first, with status, response code and latency.
    LIST_WEBHOOK_DELIVERIES = Get "/api/v1/webhook-endpoints/{id}/deliveries" "list_webhook_deliveries" Staff(Integrations);
    /// `POST /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay`: Sends a delivery's event again (same event id).
    REPLAY_WEBHOOK_DELIVERY = Post "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay" "replay_webhook_delivery" Staff(Integrations);
    /// `GET /api/v1/switch/inbound`: The phone a call to one of the operator's numbers rings (its SIP username).
    INBOUND = Get "/api/v1/switch/inbound" "inbound" Switch;
    /// `GET /api/v1/switch/lookup`: The account and service an identifier belongs to (and, for SIP/video,
    LOOKUP = Get "/api/v1/switch/lookup" "lookup" Switch;
    /// `POST /api/v1/switch/lookup`: The same lookup with the identifier in the body: the only way to look a PIN up.
    LOOKUP_BY_BODY = Post "/api/v1/switch/lookup" "lookup_by_body" Switch;
    /// `GET /api/v1/team`: The members of the caller's seller and its open invitations.
    LIST_TEAM = Get "/api/v1/team" "list_team" Staff(Team);
    /// `POST /api/v1/team/invitations`: Invites someone by e-mail with a role.
    INVITE_MEMBER = Post "/api/v1/team/invitations" "invite_member" Staff(Team);
    /// `POST /api/v1/team/invitations/accept`: The invitee chooses a password with the link's token.
    ACCEPT_INVITATION = Post "/api/v1/team/invitations/accept" "accept_invitation" Public;
    /// `DELETE /api/v1/team/invitations/{id}`: Withdraws an invitation.
    REVOKE_INVITATION = Delete "/api/v1/team/invitations/{id}" "revoke_invitation" Staff(Team);
    /// `POST /api/v1/team/invitations/{id}/resend`: Sends an open invitation again with a new link.
    RESEND_INVITATION = Post "/api/v1/team/invitations/{id}/resend" "resend_invitation" Staff(Team);
    /// `PATCH /api/v1/team/members/{id}`: Changes a member's role.
    UPDATE_MEMBER = Patch "/api/v1/team/members/{id}" "update_member" Staff(Team);
    /// `POST /api/v1/team/members/{id}/deactivate`: Deactivates a member: signed out at once.
    DEACTIVATE_MEMBER = Post "/api/v1/team/members/{id}/deactivate" "deactivate_member" Staff(Team);
    /// `POST /api/v1/team/members/{id}/reactivate`: Lets a deactivated member sign in again.
    REACTIVATE_MEMBER = Post "/api/v1/team/members/{id}/reactivate" "reactivate_member" Staff(Team);
    /// `PUT /api/v1/team/two-factor`: Requires (or not) two-factor sign-in of the whole team (owners).
    REQUIRE_TWO_FACTOR = Put "/api/v1/team/two-factor" "require_two_factor" Staff(TeamSecurity);
    /// `POST /api/v1/tenants`: Creates the tenant, its operator seller (with a default brand) and the
    CREATE_TENANT = Post "/api/v1/tenants" "create_tenant" Public;
    /// `POST /api/v1/tenants/find-console`: Finds a company's console by its portal address, or e-mails an address its consoles.
    FIND_CONSOLE = Post "/api/v1/tenants/find-console" "find_console" Public;
    /// `POST /api/v1/webhooks/stripe`: Events of the platform's Stripe account (operators' plans).
    PLATFORM_WEBHOOK = Post "/api/v1/webhooks/stripe" "platform_webhook" Public;
    /// `POST /api/v1/webhooks/stripe/{tenant}/{seller}`: Events of a seller's own Stripe account.
    SELLER_WEBHOOK = Post "/api/v1/webhooks/stripe/{tenant}/{seller}" "seller_webhook" Public;
    /// `GET /api/v1/wholesale`: What the reseller owes its parent and the parent's invoices to it; it
    WHOLESALE = Get "/api/v1/wholesale" "wholesale" Staff(ReadFinance);
    /// `GET /healthz`: Liveness: always 200 while the process serves requests.
    HEALTHZ = Get "/healthz" "healthz" Public;
    /// `GET /metrics`: Request rates and latencies per route, rated CDRs, authorizations, bill-run progress and outbox depth.
    METRICS = Get "/metrics" "metrics" Public;
    /// `GET /readyz`: Readiness: 200 only when the database answers, else 503.
    READYZ = Get "/readyz" "readyz" Public;
}

/// The route answering `method` on the path template `path` (as the
/// server's router spells it, e.g. `/api/v1/customers/{id}`).
pub fn find(method: Method, path: &str) -> Option<&'static Route> {
    ALL.iter().find(|r| r.method == method && r.path == path)
}

/// The routes without `{…}` parameters, by (method, path).
static LITERAL: std::sync::LazyLock<
    std::collections::HashMap<(Method, &'static str), &'static Route>,
> = std::sync::LazyLock::new(|| {
    ALL.iter()
        .filter(|r| !r.path.contains('{'))
        .map(|r| ((r.method, r.path), r))
        .collect()
});

/// The route a request for `method` on the concrete `path` (e.g.
/// `/api/v1/customers/0190…`) is answered by: its segments equal the
/// template's, a `{…}` segment standing for any one non-empty segment; of
/// several, the one with the most literal segments (`/rate-decks/import`
/// before `/rate-decks/{id}`).
pub fn matching(method: Method, path: &str) -> Option<&'static Route> {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    // Every request to the API passes here (the switches' hot routes too):
    // a path without parameters is one hash lookup.
    if let Some(r) = LITERAL.get(&(method, path)) {
        return Some(r);
    }
    let mut best: Option<(&'static Route, usize)> = None;
    for r in ALL.iter().filter(|r| r.method == method) {
        let mut literal = 0;
        let mut t = r.path.split('/');
        let mut p = path.split('/');
        let fits = loop {
            match (t.next(), p.next()) {
                (None, None) => break true,
                (Some(ts), Some(ps)) if ts.starts_with('{') && !ps.is_empty() => {}
                (Some(ts), Some(ps)) if ts == ps => literal += 1,
                _ => break false,
            }
        };
        if fits && best.is_none_or(|(_, l)| literal > l) {
            best = Some((r, literal));
        }
    }
    best.map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fill_in_order_and_are_unique() {
        assert_eq!(LIST_CUSTOMER_PAYMENTS.rel(), "/customers/{id}/payments");
        assert_eq!(
            LIST_CUSTOMER_PAYMENTS.fill(&[&"c1"]),
            "/customers/c1/payments".to_owned()
        );
        let mut seen = std::collections::HashSet::new();
        for r in ALL {
            assert!(
                seen.insert((r.method, r.path)),
                "{} {} twice",
                r.method.as_str(),
                r.path
            );
        }
        let ops: std::collections::HashSet<_> = ALL.iter().map(|r| r.operation).collect();
        assert_eq!(ops.len(), ALL.len(), "operation ids are unique");
    }

    #[test]
    fn a_concrete_path_matches_its_route_literals_first() {
        let id = "0190aa00-0000-7000-8000-000000000001";
        let found = |m, p: &str| matching(m, p).map(|r| r.operation);
        assert_eq!(
            found(Method::Post, "/api/v1/rate-decks/import"),
            Some("import_deck")
        );
        assert_eq!(
            found(Method::Get, &format!("/api/v1/rate-decks/{id}")),
            Some("get_deck")
        );
        assert_eq!(
            found(Method::Post, "/api/v1/team/invitations/accept"),
            Some("accept_invitation")
        );
        assert_eq!(
            found(Method::Delete, &format!("/api/v1/team/invitations/{id}")),
            Some("revoke_invitation")
        );
        assert_eq!(
            found(Method::Post, &format!("/api/v1/customers/{id}/adjustments")),
            Some("adjust_balance")
        );
        assert_eq!(
            found(Method::Get, "/api/v1/customers/"),
            Some("list_customers")
        );
        assert_eq!(found(Method::Get, "/api/v1/customers//ledger"), None);
        assert_eq!(found(Method::Delete, "/api/v1/customers"), None);
        // Every route matches itself (its template as a path).
        for r in ALL {
            assert_eq!(matching(r.method, r.path).map(|m| m.path), Some(r.path));
        }
    }
}
