//! The parent bills each reseller wholesale; resellers bill their customers in their brand.

use super::*;
use crate::helpers::pdf_text;

#[tokio::test]
async fn the_parent_bills_each_reseller_wholesale_and_resellers_bill_in_their_brand() {
    let app = TestApp::spawn().await;
    app.clock().set(at(2026, 11, 1, 9));
    let mut s = shop(&app, "postpaid").await;
    let (mut blue, blue_v) = reseller(
        &app,
        &s.op,
        "blue",
        ("percent", "20"),
        ("postpaid", Some("100")),
        "25",
    )
    .await;
    let (cust, sip) = customer(&app, &blue, &s.plans["sip"], "Cleo").await;
    post_cdrs(
        &app,
        &s,
        json!([
            call("w1", &sip, "+1 555 0100", 60, "2026-11-10T10:00:00Z"),
            call("w2", &sip, "+44 20 7946 0000", 61, "2026-11-11T10:00:00Z"),
        ]),
    )
    .await;
    // Cleo: 0.06 + 0.24 (two minutes at 0.12); Blue owes 0.05 + 0.20.
    travel(&app, &mut s.op, at(2026, 12, 1, 6)).await;
    login(&app, &mut blue).await;
    let run = bill(&app, &blue, json!({})).await;
    assert_eq!(run["invoices"], 1, "Blue bills Cleo");
    let mine = staff(&app, &blue, Method::GET, "/api/v1/invoices", json!(null)).await;
    let inv = &mine["items"][0];
    assert_eq!(inv["number"], "BLUE-000001");
    assert_eq!(inv["customer_id"], cust);
    let detail = staff(
        &app,
        &blue,
        Method::GET,
        &format!("/api/v1/invoices/{}", inv["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    let lines: Vec<(String, Decimal)> = detail["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["description"].as_str().unwrap().to_owned(),
                money(&l["net"]),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("SIP — IP phone (SIP)".to_owned(), dec!(12.00)),
            ("Calls — IP phone (SIP)".to_owned(), dec!(0.30)),
        ],
        "the plan's fee with Blue's 20 %, the calls at Blue's prices"
    );
    let pdf = app
        .send(
            Method::GET,
            &blue.host(),
            &format!("/api/v1/invoices/{}/pdf", inv["id"].as_str().unwrap()),
            None,
            Some(&blue.access_token),
        )
        .await
        .bytes()
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("Blue Calls"), "{text}");
    // The operator's own run bills Blue's wholesale account.
    let run = bill(&app, &s.op, json!({})).await;
    assert_eq!(run["invoices"], 1, "only Blue's wholesale account is due");
    let ops = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let w = ops["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["customer_id"] == blue_v["wholesale"]["customer_id"])
        .expect("a wholesale invoice")
        .clone();
    assert!(w["number"].as_str().unwrap().starts_with("INV-"));
    let wd = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices/{}", w["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    let wl: Vec<(String, Decimal, i64)> = wd["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["description"].as_str().unwrap().to_owned(),
                money(&l["net"]),
                l["calls"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        wl,
        vec![
            ("Reseller fee — Blue Calls".to_owned(), dec!(25.00), 0),
            ("Wholesale calls — IP phone (SIP)".to_owned(), dec!(0.25), 2),
        ]
    );
    assert_eq!(money(&wd["invoice"]["total"]), dec!(25.25));
    // Blue sees neither the operator's invoices nor its own wholesale one
    // in its console; it pays that on the operator's portal as a customer.
    let blue_sees = staff(&app, &blue, Method::GET, "/api/v1/invoices", json!(null)).await;
    assert_eq!(blue_sees["total"], 1);
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            "/api/v1/my/login",
            Some(&json!({"email": blue.email, "password": blue.password})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let session: Value = res.json().await.unwrap();
    let my: Value = app
        .send(
            Method::GET,
            &s.op.host(),
            "/api/v1/my/invoices",
            None,
            session["access_token"].as_str(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(my["items"][0]["id"], w["id"]);
    // Blue's console shows the same statement, and where to pay it.
    let statement = staff(&app, &blue, Method::GET, "/api/v1/wholesale", json!(null)).await;
    assert_eq!(statement["invoices"][0]["id"], w["id"]);
    assert_eq!(money(&statement["account"]["credit_limit"]), dec!(100));
    assert!(
        statement["pay_url"]
            .as_str()
            .unwrap()
            .contains("acme.localhost"),
        "{statement}"
    );
    assert_eq!(get(&app, &s.op, "/api/v1/wholesale").await.status(), 403);
    // Asking again is the same run; nothing is billed twice.
    let again = bill(&app, &s.op, json!({})).await;
    assert_eq!(again["id"], run["id"]);
    let after = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    assert_eq!(after["total"], ops["total"]);

    // A November call posted after both runs goes on the next invoices, once.
    post_cdrs(
        &app,
        &s,
        json!([call("w3", &sip, "+1 555 0100", 60, "2026-11-12T10:00:00Z")]),
    )
    .await;
    travel(&app, &mut s.op, at(2027, 1, 1, 6)).await;
    login(&app, &mut blue).await;
    bill(&app, &blue, json!({})).await;
    bill(&app, &s.op, json!({})).await;
    let wholesale_customer = blue_v["wholesale"]["customer_id"].as_str().unwrap();
    let theirs = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/invoices?customer_id={wholesale_customer}"),
        json!(null),
    )
    .await;
    assert_eq!(theirs["total"], 2);
    let jan = staff(
        &app,
        &s.op,
        Method::GET,
        &format!(
            "/api/v1/invoices/{}",
            theirs["items"][0]["id"].as_str().unwrap()
        ),
        json!(null),
    )
    .await;
    let calls: Vec<(String, Decimal, i64)> = jan["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["description"].as_str().unwrap().starts_with("Wholesale"))
        .map(|l| {
            (
                l["description"].as_str().unwrap().to_owned(),
                money(&l["net"]),
                l["calls"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        calls,
        vec![("Wholesale calls — IP phone (SIP)".to_owned(), dec!(0.05), 1)]
    );
    let cleo = staff(
        &app,
        &blue,
        Method::GET,
        &format!("/api/v1/invoices?customer_id={cust}"),
        json!(null),
    )
    .await;
    let cleo_jan = staff(
        &app,
        &blue,
        Method::GET,
        &format!(
            "/api/v1/invoices/{}",
            cleo["items"][0]["id"].as_str().unwrap()
        ),
        json!(null),
    )
    .await;
    assert!(
        cleo_jan["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["description"] == "Calls — IP phone (SIP)" && money(&l["net"]) == dec!(0.06)),
        "{cleo_jan}"
    );
}
