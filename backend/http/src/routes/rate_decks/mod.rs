//! Rate decks: upload (versions), list, detail, search, price lookup, export.

pub mod export_deck;
pub mod get_deck;
pub mod import_deck;
pub mod list_decks;
pub mod match_rates;
pub mod search_rates;
