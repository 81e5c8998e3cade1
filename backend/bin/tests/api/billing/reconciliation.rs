//! Generated usage reconciled line by line with the invoices.

use super::*;

/// A small deterministic generator (no test depends on the machine's luck).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn dec(v: &Value) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn generated_usage_reconciles_with_the_invoices() {
    // This test drives the bill run itself; the scheduler ticking every 60 s
    // of wall time would run one at whatever test clock it finds (seen once
    // under a loaded PostgreSQL run).
    let app = TestApp::spawn_with(|s| s.jobs = "none".into()).await;
    app.clock().set(at(2026, 10, 20, 9));
    let mut s = shop(&app).await;
    let mut rng = Lcg(42);
    let mut people = Vec::new();
    for i in 0..6 {
        let mut services = vec![json!({"kind": "sip", "plan_id": s.plans["sip"]})];
        if i % 2 == 0 {
            services.push(json!({"kind": "calling_card", "plan_id": s.plans["calling_card"]}));
        }
        let c = sign_up(&app, &s, &format!("Gen{i}"), Value::Array(services)).await;
        people.push(c);
    }
    // Calls from late October to early December, some to unpriced places.
    let mut batch = Vec::new();
    for (n, c) in people.iter().enumerate() {
        for k in 0..40 {
            let svc = &c["services"].as_array().unwrap()
                [(rng.next(10) as usize) % c["services"].as_array().unwrap().len()];
            let day = 25 + rng.next(40); // Oct 25 .. Dec 3
            let (m, d) = if day <= 31 {
                (10, day)
            } else if day <= 61 {
                (11, day - 31)
            } else {
                (12, day - 61)
            };
            let (m, d) = if m == 11 && d > 30 {
                (12, d - 30)
            } else {
                (m, d)
            };
            let dest = ["1555", "447700900", "4420", "33123"][rng.next(4) as usize];
            let mut rec = json!({"call_id": format!("g{n}-{k}"), "service": svc["kind"], "destination": format!("{dest}{}", rng.next(10_000)),
                "start_time": format!("2026-{m:02}-{d:02}T{:02}:{:02}:00Z", rng.next(24), rng.next(60)), "duration_secs": rng.next(900)});
            if svc["kind"] == "sip" {
                rec["sip_username"] = svc["username"].clone();
            } else {
                rec["pin"] = svc["pin"].clone();
            }
            batch.push(rec);
        }
    }
    app.clock().set(at(2026, 12, 3, 12));
    let posted = post_cdrs(&app, &s, Value::Array(batch)).await;
    assert!(posted["accepted"].as_u64().unwrap() > 100, "{posted}");

    travel(&app, &mut s.op, at(2026, 12, 4, 6)).await;
    bill(&app, &s.op, json!({"as_of": "2026-12-04"})).await;
    let page = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/invoices?limit=50",
        json!(null),
    )
    .await;
    assert_eq!(page["total"], 6);
    for inv in page["items"].as_array().unwrap() {
        let detail = staff(
            &app,
            &s.op,
            Method::GET,
            &format!("/api/v1/invoices/{}", inv["id"].as_str().unwrap()),
            json!(null),
        )
        .await;
        let lines = detail["lines"].as_array().unwrap();
        let sum = |f: &str| {
            lines
                .iter()
                .map(|l| dec(&l[f]))
                .sum::<rust_decimal::Decimal>()
        };
        assert_eq!(
            sum("gross"),
            dec(&inv["total"]),
            "lines add up to the total"
        );
        assert_eq!(sum("net"), dec(&inv["subtotal"]));
        assert_eq!(sum("tax"), dec(&inv["tax_total"]));
        // Usage lines = November's rated calls of the customer, per service.
        let cdrs = staff(
            &app,
            &s.op,
            Method::GET,
            &format!(
                "/api/v1/cdrs?customer_id={}&status=rated&limit=500",
                inv["customer_id"].as_str().unwrap()
            ),
            json!(null),
        )
        .await;
        for kind in ["sip", "calling_card"] {
            let calls: Vec<&Value> = cdrs["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| {
                    c["service_kind"] == kind
                        && c["start_time"].as_str().unwrap().starts_with("2026-11")
                })
                .collect();
            let raw: rust_decimal::Decimal = calls.iter().map(|c| dec(&c["charge"])).sum();
            let line = lines
                .iter()
                .find(|l| l["kind"] == "usage" && l["service_kind"] == kind);
            match line {
                Some(l) => {
                    assert_eq!(l["calls"].as_u64().unwrap() as usize, calls.len(), "{kind}");
                    assert_eq!(
                        dec(&l["net"]),
                        ringledger_shared::money::round_half_away(raw, 2),
                        "{kind}: {raw}"
                    );
                }
                None => assert!(calls.is_empty(), "{kind}: {} calls not billed", calls.len()),
            }
        }
    }
    crate::books::assert_books_balance(&app, &s.op).await;
}
