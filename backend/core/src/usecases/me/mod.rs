//! Use cases behind `routes/me/`.
