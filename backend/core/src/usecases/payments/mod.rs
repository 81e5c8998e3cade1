//! Use cases behind `routes/payments/`: a customer's payments and those
//! received by hand, refunds, the seller's Stripe connection, and the
//! operator's own Ringledger plan. (Stripe's webhooks call their services
//! directly.)

pub mod customer_payments;
pub mod list_payments;
pub mod payment_settings;
pub mod refund_payment;
pub mod subscription;
