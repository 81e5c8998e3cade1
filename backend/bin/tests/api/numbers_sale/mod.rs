//! Phone numbers sold to customers (issue 24): a visitor finds one on the
//! portal, holds it while signing up and takes it with its new IP phone; a
//! customer takes and gives back numbers on `/account`; a reseller's
//! customers pay the reseller's markup and the reseller pays wholesale.

mod account;
mod portal;
mod wholesale;

use crate::authorize::staff;
use crate::billing::{Shop, bill, shop, travel};
use crate::helpers::{TestApp, customer_token, error_of, verify_email};
use chrono::{TimeZone, Utc};
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

pub(super) const INVENTORY: &str = "number,country,monthly_fee,setup_fee\n\
                         442071234567,GB,1.50,5.00\n\
                         442071234568,GB,1.50,0\n\
                         33170000001,FR,2.00,0\n";

/// A shop with the inventory imported.
pub(super) async fn stocked(app: &TestApp) -> Shop {
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

pub(super) async fn offered(app: &TestApp, host: &str, query: &str) -> (u16, Value) {
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

pub(super) fn id_of(list: &Value, number: &str) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|n| n["number"] == number)
        .unwrap_or_else(|| panic!("{number} not in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(super) async fn reserve(app: &TestApp, host: &str, id: &str) -> (u16, Value) {
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

pub(super) async fn signup(app: &TestApp, host: &str, name: &str, services: Value) -> (u16, Value) {
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

pub(super) fn sip_of(customer: &Value) -> Value {
    customer["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "sip")
        .unwrap()
        .clone()
}

/// The (description, net) lines of `customer_id`'s invoice as `who` sees it.
pub(super) async fn lines(
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
