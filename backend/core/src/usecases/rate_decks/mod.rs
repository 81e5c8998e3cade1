//! Use cases behind `routes/rate_decks/`.
