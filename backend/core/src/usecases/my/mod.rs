//! Use cases behind `routes/my/`.
