//! Use cases behind `routes/auth/`.
