//! Use cases behind `routes/resellers/`.
