//! Phone numbers (issue 24): the operator's inventory from CSV, its
//! states, and a number's fees on the consolidated bill.

use crate::authorize::staff;
use crate::billing::{Shop, bill, shop, sign_up, travel};
use crate::helpers::{TestApp, error_of};
use chrono::{TimeZone, Utc};
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

const INVENTORY: &str = "number,country,monthly_fee,setup_fee\n\
                         +442071234567,GB,1.50,5.00\n\
                         442071234568,gb,1.50,0\n\
                         33170000001,FR,2.00,0\n";

async fn import(app: &TestApp, host: &str, token: &str, csv: &str) -> reqwest::Response {
    app.send_csv(Method::POST, host, "/api/v1/numbers/import", csv, token)
        .await
}

async fn numbers(app: &TestApp, s: &Shop, query: &str) -> Value {
    staff(
        app,
        &s.op,
        Method::GET,
        &format!("/api/v1/numbers{query}"),
        json!(null),
    )
    .await
}

async fn move_number(app: &TestApp, s: &Shop, id: &str, body: Value) -> (u16, Value) {
    let res = app
        .send(
            Method::POST,
            &s.op.host(),
            &format!("/api/v1/numbers/{id}/status"),
            Some(&body),
            Some(&s.op.access_token),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn id_of(page: &Value, number: &str) -> String {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["number"] == number)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn sip_of(customer: &Value) -> String {
    customer["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "sip")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_inventory_is_imported_searched_and_exported() {
    let app = TestApp::spawn().await;
    let s = shop(&app).await;
    let (host, token) = (s.op.host(), s.op.access_token.clone());
    let res = import(
        &app,
        &host,
        &token,
        "number,country,monthly_fee,setup_fee\n4420,GB,1,0\n",
    )
    .await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("file".into()))
    );
    let res = import(&app, &host, &token, INVENTORY).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"added": 3, "updated": 0, "unchanged": 0})
    );
    // The same file again changes nothing; a new fee updates one number.
    let v: Value = import(&app, &host, &token, INVENTORY)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v, json!({"added": 0, "updated": 0, "unchanged": 3}));
    let v: Value = import(
        &app,
        &host,
        &token,
        "number,country,monthly_fee,setup_fee\n33170000001,FR,2.50,0\n",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(v, json!({"added": 0, "updated": 1, "unchanged": 0}));

    let all = numbers(&app, &s, "").await;
    assert_eq!(all["total"], 3);
    assert_eq!(all["items"][0]["number"], "33170000001", "in number order");
    assert_eq!(all["items"][0]["monthly_fee"], "2.50");
    assert_eq!(all["items"][1]["status"], "free");
    assert_eq!(numbers(&app, &s, "?country=gb").await["total"], 2);
    assert_eq!(
        numbers(&app, &s, "?country=GB&digits=4568").await["total"],
        1
    );
    assert_eq!(numbers(&app, &s, "?status=assigned").await["total"], 0);
    let res = app
        .send(
            Method::GET,
            &host,
            "/api/v1/numbers?status=gone",
            None,
            Some(&token),
        )
        .await;
    assert_eq!(error_of(res).await.2.as_deref(), Some("status"));
    let csv = app
        .send(
            Method::GET,
            &host,
            "/api/v1/numbers/export.csv?country=FR",
            None,
            Some(&token),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv,
        "number,country,monthly_fee,setup_fee,status,service_id\n33170000001,FR,2.50,0.00,free,\n"
    );

    // Another tenant sees none of them; a reseller looks but cannot import.
    let other = app.operator("other").await;
    let res = app
        .send(
            Method::GET,
            &other.host(),
            "/api/v1/numbers",
            None,
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["total"], 0);
    let id = id_of(&all, "442071234567");
    let res = app
        .send(
            Method::POST,
            &other.host(),
            &format!("/api/v1/numbers/{id}/status"),
            Some(&json!({"status": "free"})),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let (r, _) = crate::resellers::reseller(
        &app,
        &s.op,
        "tel",
        ("percent", "10"),
        ("prepaid", None),
        "0",
    )
    .await;
    let res = import(&app, &r.host(), &r.access_token, INVENTORY).await;
    assert_eq!(error_of(res).await.0, 403);
    let res = app
        .send(
            Method::GET,
            &r.host(),
            "/api/v1/numbers",
            None,
            Some(&r.access_token),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["total"], 3);
}

/// A number assigned on the 16th is billed 15 of November's 30 days and its
/// setup fee once; released, it waits in quarantine; two staff taking one
/// number at once: one gets it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_number_is_assigned_billed_released_and_taken_once() {
    let app = TestApp::spawn().await;
    app.clock()
        .set(Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap());
    let mut s = shop(&app).await;
    import(&app, &s.op.host(), &s.op.access_token, INVENTORY).await;
    let al = sign_up(
        &app,
        &s,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]},
        {"kind": "pinless", "plan_id": s.plans["pinless"], "anis": ["+15550100002"]}]),
    )
    .await;
    let bo = sign_up(
        &app,
        &s,
        "Bo",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    let all = numbers(&app, &s, "").await;
    let london = id_of(&all, "442071234567");
    let paris = id_of(&all, "33170000001");

    // Not a PINless service, and a service is named.
    let pinless = al["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "pinless")
        .unwrap()["id"]
        .clone();
    let (status, v) = move_number(
        &app,
        &s,
        &london,
        json!({"status": "assigned", "service_id": pinless}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("service_id"))
    );
    let (status, _) = move_number(&app, &s, &london, json!({"status": "assigned"})).await;
    assert_eq!(status, 400);

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 16, 9, 0, 0).unwrap(),
    )
    .await;
    // Two staff give London to Al and to Bo at the same moment: one wins.
    let tries = [sip_of(&al), sip_of(&bo)].map(|service| {
        let (app, s, london) = (&app, &s, london.clone());
        async move {
            move_number(
                app,
                s,
                &london,
                json!({"status": "assigned", "service_id": service}),
            )
            .await
        }
    });
    let answers = join_all(tries).await;
    let won: Vec<_> = answers.iter().filter(|(st, _)| *st == 200).collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    assert!(
        answers.iter().all(|(st, _)| *st == 200 || *st == 409),
        "{answers:?}"
    );
    let holder = won[0].1["service_id"].as_str().unwrap().to_owned();
    let (winner, loser) = if holder == sip_of(&al) {
        (&al, &bo)
    } else {
        (&bo, &al)
    };
    assert_eq!(numbers(&app, &s, "?status=assigned").await["total"], 1);
    let mine = numbers(&app, &s, &format!("?service_id={holder}")).await;
    assert_eq!(mine["items"][0]["number"], "442071234567");

    // A call to the number rings the winner's phone; a free number rings none.
    let inbound = |number: &str| {
        let (app, s) = (&app, &s);
        let path = format!(
            "/api/v1/switch/inbound?number={}",
            number.replace('+', "%2B").replace(' ', "%20")
        );
        async move {
            let res = app
                .send(Method::GET, &s.op.host(), &path, None, Some(&s.key))
                .await;
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, v) = inbound("+44 20 7123 4567").await;
    let username = winner["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "sip")
        .unwrap()["username"]
        .clone();
    assert_eq!((status, &v["sip_username"]), (200, &username), "{v}");
    assert_eq!(inbound("442071234568").await.0, 404);
    assert_eq!(inbound("not a number").await.0, 400);

    // Paris goes to the other customer and is released on the 21st: 5 days.
    let (status, _) = move_number(
        &app,
        &s,
        &paris,
        json!({"status": "assigned", "service_id": sip_of(loser)}),
    )
    .await;
    assert_eq!(status, 200);
    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap(),
    )
    .await;
    let (status, v) = move_number(
        &app,
        &s,
        &paris,
        json!({"status": "quarantined", "quarantine_days": 10}),
    )
    .await;
    assert_eq!((status, v["status"].as_str()), (200, Some("quarantined")));
    assert_eq!(v["quarantined_until"], "2026-12-01T09:00:00Z");
    let (status, _) = move_number(
        &app,
        &s,
        &paris,
        json!({"status": "assigned", "service_id": sip_of(winner)}),
    )
    .await;
    assert_eq!(status, 409, "not while in quarantine");

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap(),
    )
    .await;
    // The quarantine is over: Paris reads free again.
    assert_eq!(
        numbers(&app, &s, "?status=free&country=FR").await["total"],
        1
    );
    bill(&app, &s.op, json!({})).await;
    let invoices = staff(&app, &s.op, Method::GET, "/api/v1/invoices", json!(null)).await;
    let lines_of = |customer: &Value| {
        let inv = invoices["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["customer_id"] == customer["id"])
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let (app, s) = (&app, &s);
        async move {
            let d = staff(
                app,
                &s.op,
                Method::GET,
                &format!("/api/v1/invoices/{inv}"),
                json!(null),
            )
            .await;
            d["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    (
                        l["description"].as_str().unwrap().to_owned(),
                        l["net"].as_str().unwrap().to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let won_lines = lines_of(winner).await;
    assert!(
        won_lines.contains(&("Number +442071234567 (15 of 30 days)".into(), "0.75".into())),
        "{won_lines:?}"
    );
    assert!(
        won_lines.contains(&("Setup of number +442071234567".into(), "5.00".into())),
        "{won_lines:?}"
    );
    let lost_lines = lines_of(loser).await;
    assert!(
        lost_lines.contains(&("Number +33170000001 (5 of 30 days)".into(), "0.33".into())),
        "{lost_lines:?}"
    );
    assert!(
        !lost_lines.iter().any(|(d, _)| d.starts_with("Setup")),
        "no setup fee: {lost_lines:?}"
    );

    // Porting out keeps it billed; back to the service; then ported away.
    let (status, _) = move_number(&app, &s, &london, json!({"status": "porting_out"})).await;
    assert_eq!(status, 200);
    let (status, v) = move_number(&app, &s, &london, json!({"status": "free"})).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (409, Some("conflict"))
    );
    let (status, _) = move_number(
        &app,
        &s,
        &london,
        json!({"status": "quarantined", "quarantine_days": 0}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(numbers(&app, &s, "?status=free").await["total"], 3);
    let (_, events) = (
        (),
        staff(
            &app,
            &s.op,
            Method::GET,
            "/api/v1/audit-events?action=number.",
            json!(null),
        )
        .await,
    );
    assert!(events["items"].as_array().unwrap().len() >= 5, "{events}");
}

/// Two imports of one file at the same moment both succeed, and each number
/// is in the inventory once (PostgreSQL would otherwise refuse the second
/// insert of a number).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn imports_at_the_same_moment_add_each_number_once() {
    let app = TestApp::spawn().await;
    let s = shop(&app).await;
    let (host, token) = (s.op.host(), s.op.access_token.clone());
    // Two imports of one file at the same moment: each number once.
    let (a, b) = tokio::join!(
        import(
            &app,
            &host,
            &token,
            "number,country,monthly_fee,setup_fee\n99999999991,GB,1,0\n"
        ),
        import(
            &app,
            &host,
            &token,
            "number,country,monthly_fee,setup_fee\n99999999991,GB,1,0\n"
        ),
    );
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    assert_eq!(numbers(&app, &s, "?digits=99999999991").await["total"], 1);
}
