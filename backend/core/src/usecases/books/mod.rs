//! Use cases behind `routes/books/`.
