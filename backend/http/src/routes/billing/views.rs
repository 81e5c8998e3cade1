//! Invoice views: the builders live with the billing use cases
//! (`ringledger_core::usecases::billing::views`); re-exported for the
//! routes that still build them here.

pub use ringledger_core::usecases::billing::views::invoice_view;
