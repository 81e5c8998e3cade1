//! The words of the portal's phone numbers (the sign-up's "Phone number"
//! and the account's numbers of an IP phone), from the message catalogue
//! (`shared/locales/*/portal.ftl` and `account.ftl`).

use crate::components::money;
use crate::contexts::language::{t, tf};
use ringledger_shared::api::numbers::{OfferedNumber, RESERVATION_MINUTES};

/// The country input's label.
pub fn country() -> String {
    t("portal-numbers-country")
}

/// The digits input's label.
pub fn digits() -> String {
    t("portal-numbers-digits")
}

/// The search button.
pub fn find() -> String {
    t("portal-numbers-find")
}

/// While the search is under way.
pub fn finding() -> String {
    t("portal-numbers-finding")
}

/// A country that is no two-letter code.
pub fn country_invalid() -> String {
    t("portal-numbers-country-invalid")
}

/// The search found nothing.
pub fn none_match() -> String {
    t("portal-numbers-none")
}

/// "5.00 GBP setup, 2.00 GBP a month".
pub fn fees(n: &OfferedNumber, currency: &str) -> String {
    let setup = money(n.setup_fee, currency);
    let monthly = money(n.monthly_fee, currency);
    tf(
        "portal-numbers-fees",
        &[
            ("setup", setup.as_str().into()),
            ("monthly", monthly.as_str().into()),
        ],
    )
}

/// The number went to someone else meanwhile.
pub fn taken() -> String {
    t("portal-numbers-taken")
}

/// The sign-up's button of a number.
pub fn choose() -> String {
    t("portal-numbers-choose")
}

/// Its accessible name ("Choose +442071234567").
pub fn choose_number(shown: &str) -> String {
    tf("portal-numbers-choose-n", &[("number", shown.into())])
}

/// What the sign-up's "Phone number" is for.
pub fn signup_hint() -> String {
    t("portal-numbers-signup-hint")
}

/// "+442071234567 held for you for 15 minutes".
pub fn held_for_you(shown: &str) -> String {
    let minutes = RESERVATION_MINUTES.to_string();
    tf(
        "portal-numbers-held",
        &[
            ("number", shown.into()),
            ("minutes", minutes.as_str().into()),
        ],
    )
}

/// The accessible name of "Remove" beside the number held on the sign-up.
pub fn remove_number(shown: &str) -> String {
    tf("portal-numbers-remove-n", &[("number", shown.into())])
}

/// An IP phone without a number.
pub fn no_numbers() -> String {
    t("account-numbers-none")
}

/// A number leaving for another operator.
pub fn porting_out() -> String {
    t("account-numbers-porting-out")
}

/// The button beside a held number.
pub fn give_back() -> String {
    t("account-numbers-give-back")
}

/// Its accessible name.
pub fn give_back_number(shown: &str) -> String {
    tf("account-numbers-give-back-n", &[("number", shown.into())])
}

/// The question before giving back.
pub fn give_back_confirm(shown: &str) -> String {
    tf(
        "account-numbers-give-back-confirm",
        &[("number", shown.into())],
    )
}

/// The heading of the search on the account.
pub fn add_heading() -> String {
    t("account-numbers-add")
}

/// The account's button of a number (its text and accessible name).
pub fn take_number(shown: &str) -> String {
    tf("account-numbers-take-n", &[("number", shown.into())])
}
