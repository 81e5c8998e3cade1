//! The API test suite: one binary, run once on SQLite and once on PostgreSQL
//! (`RINGLEDGER_TEST_DB=postgres`), each test on a fresh database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod audit;
mod authorize;
mod bill_run_restart;
mod billing;
mod books;
mod catalog;
mod cdrs;
mod cli;
mod concurrency;
mod customers;
mod find_console;
mod fraud;
mod helpers;
mod holds;
mod instances;
mod isolation;
mod login;
mod numbers;
mod numbers_sale;
mod on_net;
mod onboarding;
mod operations;
mod payments;
mod platform;
mod resellers;
mod resets;
mod schema_keys;
mod security;
mod sessions;
mod signup;
mod team;
mod webhooks;
