//! Payments: the seller's Stripe connection, payments and refunds in the
//! console, Stripe's webhooks, and operators' own Ringledger plan.

pub mod customer_payments;
pub mod export_payments;
pub mod list_payments;
pub mod payment_settings;
pub mod refund_payment;
pub mod stripe_webhooks;
pub mod subscription;
