//! Use cases behind `routes/reports/`.
