//! Use cases behind `routes/plans/`.
