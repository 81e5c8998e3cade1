//! Use cases behind `routes/cdrs/`.
