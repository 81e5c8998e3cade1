//! A new operator's first hour.

pub mod first_steps;
