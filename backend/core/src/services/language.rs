//! Which language a customer's e-mails and invoices are written in.

use ringledger_db::entities::{customers, sellers};
use ringledger_shared::locale::Locale;

/// The customer's own choice when its seller still offers it, else the
/// seller's default language.
pub fn of_customer(seller: &sellers::Model, customer: &customers::Model) -> Locale {
    Locale::for_customer(customer.locale.as_deref(), &Locale::list(&seller.languages))
}
