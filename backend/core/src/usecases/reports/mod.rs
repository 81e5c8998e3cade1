//! Reports over rated calls: a seller's usage revenue per day and per
//! service, and what it earned and paid per day (its margin).

pub mod margin;
pub mod revenue;
