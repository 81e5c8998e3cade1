//! The console bundle's entry point: every page (see `lib.rs`).

fn main() {
    ringledger_frontend::start_console();
}
