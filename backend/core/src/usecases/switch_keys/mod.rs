//! Use cases behind `routes/switch_keys/`.
