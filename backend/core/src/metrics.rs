//! Prometheus metrics (`GET /metrics`): request rates and latencies per
//! route, rated CDRs, authorizations, hold renewals, bill-run progress and
//! outbox depth.
//!
//! Each server has its own registry (tests start several in one process).
//! Counters are bumped where things happen; the gauges that describe the
//! database (bill runs, outbox) are read when Prometheus scrapes, so every
//! instance behind a load balancer reports the same, true values.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    cdrs: IntCounterVec,
    /// `authorizations` for `allowed` and `refused`, looked up once.
    authorized: [IntCounter; 2],
    bill_run_accounts: IntGaugeVec,
    outbox_pending: IntGauge,
    hold_renewals: crate::services::reservations::Renewals,
}

/// Request latency buckets, in seconds (1 ms … 10 s).
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

impl Metrics {
    /// Registers every metric.
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new();
        let http_requests = IntCounterVec::new(
            Opts::new(
                "ringledger_http_requests_total",
                "HTTP requests answered, per route pattern and status.",
            ),
            &["method", "route", "status"],
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "ringledger_http_request_duration_seconds",
                "Time to answer an HTTP request, per route pattern.",
            )
            .buckets(BUCKETS.to_vec()),
            &["method", "route"],
        )?;
        let cdrs = IntCounterVec::new(
            Opts::new(
                "ringledger_cdrs_total",
                "Call detail records received, by result (rated, duplicate, rejected).",
            ),
            &["result"],
        )?;
        let authorizations = IntCounterVec::new(
            Opts::new(
                "ringledger_authorizations_total",
                "Call authorizations answered, by result (allowed, refused).",
            ),
            &["result"],
        )?;
        let bill_run_accounts = IntGaugeVec::new(
            Opts::new(
                "ringledger_bill_run_accounts",
                "Accounts of the running bill runs: total and done.",
            ),
            &["state"],
        )?;
        let outbox_pending = IntGauge::new(
            "ringledger_outbox_pending",
            "E-mails waiting in the outbox (pending, not given up).",
        )?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(cdrs.clone()))?;
        registry.register(Box::new(authorizations.clone()))?;
        registry.register(Box::new(bill_run_accounts.clone()))?;
        registry.register(Box::new(outbox_pending.clone()))?;
        let renewals = IntCounterVec::new(
            Opts::new(
                "ringledger_hold_renewals_total",
                "Prepaid holds read again from the balance: for a call that \
                 waits (waited) or ahead of their lease in the background (ahead).",
            ),
            &["how"],
        )?;
        registry.register(Box::new(renewals.clone()))?;
        let hold_renewals = crate::services::reservations::Renewals {
            waited: renewals.with_label_values(&["waited"]),
            ahead: renewals.with_label_values(&["ahead"]),
        };
        // Rows exist from the start, so rates are defined before the first event.
        for r in ["rated", "duplicate", "rejected"] {
            cdrs.with_label_values(&[r]);
        }
        let authorized = [
            authorizations.with_label_values(&["allowed"]),
            authorizations.with_label_values(&["refused"]),
        ];
        Ok(Self {
            registry,
            http_requests,
            http_duration,
            cdrs,
            authorized,
            bill_run_accounts,
            outbox_pending,
            hold_renewals,
        })
    }

    /// Records one answered request. `route` is the matched pattern (never
    /// the raw path, which would make a series per id).
    pub fn request(&self, method: &str, route: &str, status: u16, secs: f64) {
        self.http_requests
            .with_label_values(&[method, route, status_label(status)])
            .inc();
        self.http_duration
            .with_label_values(&[method, route])
            .observe(secs);
    }

    /// Counts the records of one CDR batch.
    pub fn cdrs(&self, rated: u64, duplicates: u64, rejected: u64) {
        self.cdrs.with_label_values(&["rated"]).inc_by(rated);
        self.cdrs
            .with_label_values(&["duplicate"])
            .inc_by(duplicates);
        self.cdrs.with_label_values(&["rejected"]).inc_by(rejected);
    }

    /// Counts one authorization.
    pub fn authorization(&self, allowed: bool) {
        self.authorized[usize::from(!allowed)].inc();
    }

    /// The counters of hold renewals (see `services::reservations`).
    pub fn hold_renewals(&self) -> crate::services::reservations::Renewals {
        self.hold_renewals.clone()
    }

    /// The text exposition, after setting the database gauges.
    pub fn render(&self, gauges: &DbGauges) -> anyhow::Result<String> {
        self.bill_run_accounts
            .with_label_values(&["total"])
            .set(gauges.bill_run_total);
        self.bill_run_accounts
            .with_label_values(&["done"])
            .set(gauges.bill_run_done);
        self.outbox_pending.set(gauges.outbox_pending);
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        Ok(String::from_utf8(out)?)
    }
}

pub use ringledger_db::repo::DbGauges;

/// Status codes as labels without allocating.
fn status_label(status: u16) -> &'static str {
    match status {
        200 => "200",
        201 => "201",
        202 => "202",
        204 => "204",
        301 => "301",
        302 => "302",
        303 => "303",
        304 => "304",
        400 => "400",
        401 => "401",
        402 => "402",
        403 => "403",
        404 => "404",
        405 => "405",
        409 => "409",
        413 => "413",
        415 => "415",
        422 => "422",
        429 => "429",
        500 => "500",
        502 => "502",
        503 => "503",
        s if s < 200 => "1xx",
        s if s < 300 => "2xx",
        s if s < 400 => "3xx",
        s if s < 500 => "4xx",
        _ => "5xx",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_gauges() -> anyhow::Result<()> {
        let m = Metrics::new()?;
        m.request("GET", "/api/v1/customers/{id}", 404, 0.003);
        m.cdrs(3, 1, 2);
        m.authorization(false);
        let text = m.render(&DbGauges {
            bill_run_total: 10,
            bill_run_done: 4,
            outbox_pending: 7,
        })?;
        assert!(text.contains(
            "ringledger_http_requests_total{method=\"GET\",route=\"/api/v1/customers/{id}\",status=\"404\"} 1"
        ));
        assert!(text.contains("ringledger_cdrs_total{result=\"rated\"} 3"));
        assert!(text.contains("ringledger_cdrs_total{result=\"rejected\"} 2"));
        assert!(text.contains("ringledger_authorizations_total{result=\"refused\"} 1"));
        assert!(text.contains("ringledger_authorizations_total{result=\"allowed\"} 0"));
        assert!(text.contains("ringledger_bill_run_accounts{state=\"done\"} 4"));
        assert!(text.contains("ringledger_outbox_pending 7"));
        assert!(text.contains("ringledger_http_request_duration_seconds_bucket"));
        Ok(())
    }

    #[test]
    fn odd_statuses_fall_into_classes() {
        assert_eq!(status_label(418), "4xx");
        assert_eq!(status_label(599), "5xx");
        assert_eq!(status_label(201), "201");
    }
}
