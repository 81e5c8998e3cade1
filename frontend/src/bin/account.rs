//! The account bundle's entry point: a customer's account and the portal
//! (see `lib.rs`).

fn main() {
    ringledger_frontend::start_account();
}
