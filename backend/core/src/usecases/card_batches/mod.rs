//! Use cases behind `routes/card_batches/`.
