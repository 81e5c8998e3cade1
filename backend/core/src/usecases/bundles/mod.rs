//! Use cases behind `routes/bundles/`.
