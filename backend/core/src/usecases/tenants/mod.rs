//! Use cases behind `routes/tenants/`.
