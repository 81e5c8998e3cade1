//! A new operator's first hour: the dashboard's checklist.

pub mod first_steps;
