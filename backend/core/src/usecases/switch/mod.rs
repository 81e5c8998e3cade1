//! Use cases behind `routes/switch/`.
