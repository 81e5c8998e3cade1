//! Use cases behind `routes/payments/`.
