//! The portal bundle's entry point: the portal's visitor pages only (see
//! `lib.rs`).

fn main() {
    ringledger_frontend::start_portal();
}
