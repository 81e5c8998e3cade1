//! Use cases behind `routes/admin/`.
