//! Use cases behind `routes/destination_groups/`.
