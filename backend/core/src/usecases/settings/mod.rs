//! Use cases behind `routes/settings/`.
