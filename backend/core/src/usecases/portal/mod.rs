//! Use cases behind `routes/portal/`.
