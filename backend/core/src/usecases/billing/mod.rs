//! Use cases behind `routes/billing/`.
