//! Phone numbers sold to customers (issue 24): a visitor finds one on the
//! portal, holds it while signing up and takes it with its new IP phone; a
//! customer takes and gives back numbers on `/account`; a reseller's
//! customers pay the reseller's markup and the reseller pays wholesale.

use crate::authorize::staff;
use crate::billing::{Shop, bill, shop, travel};
use crate::helpers::{TestApp, customer_token, error_of, verify_email};
use chrono::{TimeZone, Utc};
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

const INVENTORY: &str = "number,country,monthly_fee,setup_fee\n\
                         442071234567,GB,1.50,5.00\n\
                         442071234568,GB,1.50,0\n\
                         33170000001,FR,2.00,0\n";

/// A shop with the inventory imported.
async fn stocked(app: &TestApp) -> Shop {
    app.clock()
        .set(Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap());
    let s = shop(app).await;
    let res = app
        .send_csv(
            Method::POST,
            &s.op.host(),
            "/api/v1/numbers/import",
            INVENTORY,
            &s.op.access_token,
        )
        .await;
    assert_eq!(res.status(), 200);
    s
}

async fn offered(app: &TestApp, host: &str, query: &str) -> (u16, Value) {
    let res = app
        .send(
            Method::GET,
            host,
            &format!("/api/v1/portal/numbers{query}"),
            None,
            None,
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn id_of(list: &Value, number: &str) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|n| n["number"] == number)
        .unwrap_or_else(|| panic!("{number} not in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn reserve(app: &TestApp, host: &str, id: &str) -> (u16, Value) {
    let res = app
        .send(
            Method::POST,
            host,
            &format!("/api/v1/portal/numbers/{id}/reserve"),
            None,
            None,
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn signup(app: &TestApp, host: &str, name: &str, services: Value) -> (u16, Value) {
    let body = json!({"name": name, "email": format!("{}@example.test", name.to_lowercase()),
        "password": "long password", "services": services});
    let res = app
        .send(
            Method::POST,
            host,
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn sip_of(customer: &Value) -> Value {
    customer["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "sip")
        .unwrap()
        .clone()
}

/// The (description, net) lines of `customer_id`'s invoice as `who` sees it.
async fn lines(
    app: &TestApp,
    who: &crate::helpers::Operator,
    customer_id: &Value,
) -> Vec<(String, String)> {
    let invoices = staff(app, who, Method::GET, "/api/v1/invoices", json!(null)).await;
    let inv = invoices["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| &i["customer_id"] == customer_id)
        .unwrap_or_else(|| panic!("no invoice for {customer_id}: {invoices}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let d = staff(
        app,
        who,
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
        .collect()
}

/// The portal offers free numbers with their fees; a visitor holds one for
/// 15 minutes and signs up with it; nobody else can take it meanwhile; a
/// sign-up that cannot take its number writes nothing; the bill shows the
/// number's setup fee and its prorated monthly fee.
#[tokio::test]
async fn a_visitor_holds_a_number_and_signs_up_with_it() {
    let app = TestApp::spawn().await;
    let mut s = stocked(&app).await;
    let host = s.op.host();
    let (status, gb) = offered(&app, &host, "?country=gb").await;
    assert_eq!(status, 200);
    assert_eq!(gb.as_array().unwrap().len(), 2, "{gb}");
    assert_eq!(gb[0]["number"], "442071234567");
    assert_eq!(
        (gb[0]["monthly_fee"].as_str(), gb[0]["setup_fee"].as_str()),
        (Some("1.50"), Some("5.00"))
    );
    assert_eq!(
        offered(&app, &host, "?digits=4568")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (status, v) = offered(&app, &host, "?country=GBR").await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("country"))
    );
    // The platform's own site sells no numbers.
    let (status, _) = offered(&app, "localhost", "").await;
    assert_eq!(status, 404);

    let london = id_of(&gb, "442071234567");
    let (status, held) = reserve(&app, &host, &london).await;
    assert_eq!(status, 201, "{held}");
    assert_eq!(held["reserved_until"], "2026-11-01T09:15:00Z");
    let secret = held["reservation"].as_str().unwrap().to_owned();
    // Held: not offered, not reservable, not taken without the secret.
    assert_eq!(reserve(&app, &host, &london).await.0, 404);
    assert_eq!(
        offered(&app, &host, "?country=GB")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (status, v) = signup(
        &app,
        &host,
        "Eve",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london, "reservation": "guess"}]}]),
    )
    .await;
    assert_eq!(
        (
            status,
            v["error"]["code"].as_str(),
            v["error"]["field"].as_str()
        ),
        (409, Some("conflict"), Some("services[0].numbers[0]")),
        "{v}"
    );
    // Nothing of Eve's sign-up was kept: she can sign up again.
    let (status, _) = signup(
        &app,
        &host,
        "Eve",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    assert_eq!(status, 201);
    // Numbers go to IP phones and video only, each once.
    let (status, v) = signup(
        &app,
        &host,
        "Pat",
        json!([{"kind": "pinless", "plan_id": s.plans["pinless"],
        "anis": ["+15550100009"], "numbers": [{"id": london}]}]),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("services[0].numbers"))
    );
    let (status, v) = signup(
        &app,
        &host,
        "Pat",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london}, {"id": london}]}]),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("services[0].numbers[1]"))
    );

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 10, 0).unwrap(),
    )
    .await;
    let (status, al) = signup(
        &app,
        &host,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london, "reservation": secret}]}]),
    )
    .await;
    assert_eq!(status, 201, "{al}");
    let sip = sip_of(&al["customer"]);
    assert_eq!(sip["numbers"][0]["number"], "442071234567");
    assert_eq!(sip["numbers"][0]["status"], "assigned");
    let inv = staff(
        &app,
        &s.op,
        Method::GET,
        &format!("/api/v1/numbers?service_id={}", sip["id"].as_str().unwrap()),
        json!(null),
    )
    .await;
    assert_eq!(inv["items"][0]["status"], "assigned");

    // A reservation lapses after 15 minutes: Paris is free again.
    let paris = id_of(&offered(&app, &host, "?country=FR").await.1, "33170000001");
    assert_eq!(reserve(&app, &host, &paris).await.0, 201);
    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 26, 0).unwrap(),
    )
    .await;
    assert_eq!(
        staff(
            &app,
            &s.op,
            Method::GET,
            "/api/v1/numbers?status=reserved",
            json!(null)
        )
        .await["total"],
        0
    );
    assert_eq!(reserve(&app, &host, &paris).await.0, 201);

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap(),
    )
    .await;
    bill(&app, &s.op, json!({})).await;
    let l = lines(&app, &s.op, &al["customer"]["id"]).await;
    assert!(
        l.contains(&("Number +442071234567".into(), "1.50".into())),
        "{l:?}"
    );
    assert!(
        l.contains(&("Setup of number +442071234567".into(), "5.00".into())),
        "{l:?}"
    );
}

/// Two visitors holding at the same moment: one gets the number.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_visitors_hold_one_number_once() {
    let app = TestApp::spawn().await;
    let s = stocked(&app).await;
    let host = s.op.host();
    let london = id_of(&offered(&app, &host, "?country=GB").await.1, "442071234567");
    let tries = (0..6).map(|_| {
        let (app, host, london) = (&app, host.clone(), london.clone());
        async move { reserve(app, &host, &london).await.0 }
    });
    let answers = join_all(tries).await;
    assert_eq!(
        answers.iter().filter(|s| **s == 201).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|s| *s == 201 || *s == 404),
        "{answers:?}"
    );
}

/// A signed-in customer takes a free number on a SIP service, another
/// customer cannot take it, and it is given back into quarantine.
#[tokio::test]
async fn a_customer_takes_and_gives_back_a_number() {
    let app = TestApp::spawn().await;
    let s = stocked(&app).await;
    let host = s.op.host();
    let (_, al) = signup(
        &app,
        &host,
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]},
        {"kind": "pinless", "plan_id": s.plans["pinless"], "anis": ["+15550100002"]}]),
    )
    .await;
    let (_, bo) = signup(
        &app,
        &host,
        "Bo",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;
    for who in ["al@example.test", "bo@example.test"] {
        verify_email(&app, &host, who).await;
    }
    let al_token = customer_token(&app, &host, "al@example.test").await;
    let bo_token = customer_token(&app, &host, "bo@example.test").await;
    let al_sip = sip_of(&al["customer"])["id"].as_str().unwrap().to_owned();
    let bo_sip = sip_of(&bo["customer"])["id"].as_str().unwrap().to_owned();
    let pinless = al["customer"]["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "pinless")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let london = id_of(&offered(&app, &host, "?country=GB").await.1, "442071234567");
    let take = |token: &str, service: &str, id: &str| {
        let (app, host) = (&app, host.clone());
        let (token, path, body) = (
            token.to_owned(),
            format!("/api/v1/my/services/{service}/numbers"),
            json!({"id": id}),
        );
        async move {
            app.send(Method::POST, &host, &path, Some(&body), Some(&token))
                .await
        }
    };
    let res = take(&al_token, &pinless, &london).await;
    assert_eq!(
        error_of(res).await,
        (400, "validation_failed".into(), Some("id".into()))
    );
    let res = take(&al_token, &bo_sip, &london).await;
    assert_eq!(res.status(), 404, "another customer's service");
    let res = take(&al_token, &al_sip, &london).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["numbers"][0]["number"], "442071234567");
    let res = take(&bo_token, &bo_sip, &london).await;
    assert_eq!(
        error_of(res).await,
        (409, "conflict".into(), Some("id".into()))
    );
    let account: Value = app
        .send(
            Method::GET,
            &host,
            "/api/v1/my/account",
            None,
            Some(&al_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let held = account["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == al_sip.as_str())
        .unwrap()["numbers"]
        .clone();
    assert_eq!(held[0]["id"], london.as_str(), "{account}");

    let give_back = |token: &str, service: &str| {
        let (app, host) = (&app, host.clone());
        let (token, path) = (
            token.to_owned(),
            format!("/api/v1/my/services/{service}/numbers/{london}"),
        );
        async move {
            app.send(Method::DELETE, &host, &path, None, Some(&token))
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(give_back(&bo_token, &bo_sip).await, 404, "not Bo's number");
    assert_eq!(give_back(&al_token, &al_sip).await, 204);
    assert_eq!(give_back(&al_token, &al_sip).await, 404, "given back once");
    let q = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/numbers?status=quarantined",
        json!(null),
    )
    .await;
    assert_eq!(q["items"][0]["number"], "442071234567");
    let audit = staff(
        &app,
        &s.op,
        Method::GET,
        "/api/v1/audit-events?action=number.",
        json!(null),
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"number.taken") && actions.contains(&"number.given_back"),
        "{actions:?}"
    );
}

/// A reseller's portal sells numbers with its markup; its staff assign one
/// to their customer (not to the operator's); the customer pays the
/// markup, the reseller's wholesale account the operator's price.
#[tokio::test]
async fn a_resellers_customer_pays_its_markup_and_the_reseller_pays_wholesale() {
    let app = TestApp::spawn().await;
    let mut s = stocked(&app).await;
    let (mut r, r_view) = crate::resellers::reseller(
        &app,
        &s.op,
        "tel",
        ("percent", "10"),
        ("postpaid", Some("100")),
        "0",
    )
    .await;
    let (status, gb) = offered(&app, &r.host(), "?country=GB").await;
    assert_eq!(status, 200);
    assert_eq!(
        (gb[0]["monthly_fee"].as_str(), gb[0]["setup_fee"].as_str()),
        (Some("1.65"), Some("5.50"))
    );
    let london = id_of(&gb, "442071234567");
    let paris = id_of(&offered(&app, &r.host(), "").await.1, "33170000001");
    let (_, held) = reserve(&app, &r.host(), &london).await;
    let (status, cy) = signup(
        &app,
        &r.host(),
        "Cy",
        json!([{"kind": "sip", "plan_id": s.plans["sip"],
        "numbers": [{"id": london, "reservation": held["reservation"]}]}]),
    )
    .await;
    assert_eq!(status, 201, "{cy}");
    let (_, al) = signup(
        &app,
        &s.op.host(),
        "Al",
        json!([{"kind": "sip", "plan_id": s.plans["sip"]}]),
    )
    .await;

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 11, 16, 9, 0, 0).unwrap(),
    )
    .await;
    crate::resellers::login(&app, &mut r).await;
    let assign = |service: &Value| {
        let (app, r, path) = (&app, &r, format!("/api/v1/numbers/{paris}/status"));
        let body = json!({"status": "assigned", "service_id": service});
        async move {
            app.send(
                Method::POST,
                &r.host(),
                &path,
                Some(&body),
                Some(&r.access_token),
            )
            .await
        }
    };
    assert_eq!(
        assign(&sip_of(&al["customer"])["id"]).await.status(),
        404,
        "the operator's customer"
    );
    let res = assign(&sip_of(&cy["customer"])["id"]).await;
    assert_eq!(res.status(), 200);
    // The reseller sees which of its customers' services holds it.
    let mine = staff(
        &app,
        &r,
        Method::GET,
        "/api/v1/numbers?status=assigned",
        json!(null),
    )
    .await;
    assert_eq!(mine["total"], 2);
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| !n["service_id"].is_null()),
        "{mine}"
    );
    // It may not port a number out.
    let res = app
        .send(
            Method::POST,
            &r.host(),
            &format!("/api/v1/numbers/{paris}/status"),
            Some(&json!({"status": "porting_out"})),
            Some(&r.access_token),
        )
        .await;
    assert_eq!(res.status(), 403);

    travel(
        &app,
        &mut s.op,
        Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap(),
    )
    .await;
    crate::resellers::login(&app, &mut r).await;
    bill(&app, &r, json!({})).await;
    let l = lines(&app, &r, &cy["customer"]["id"]).await;
    assert!(
        l.contains(&("Number +442071234567".into(), "1.65".into())),
        "{l:?}"
    );
    assert!(
        l.contains(&("Setup of number +442071234567".into(), "5.50".into())),
        "{l:?}"
    );
    assert!(
        l.contains(&("Number +33170000001 (15 of 30 days)".into(), "1.10".into())),
        "{l:?}"
    );
    bill(&app, &s.op, json!({})).await;
    let w = lines(&app, &s.op, &r_view["wholesale"]["customer_id"]).await;
    assert!(
        w.contains(&("Wholesale number +442071234567".into(), "1.50".into())),
        "{w:?}"
    );
    assert!(
        w.contains(&(
            "Wholesale number +33170000001 (15 of 30 days)".into(),
            "1.00".into()
        )),
        "{w:?}"
    );
    assert!(
        w.contains(&(
            "Setup of number +442071234567 (wholesale)".into(),
            "5.00".into()
        )),
        "{w:?}"
    );
}
