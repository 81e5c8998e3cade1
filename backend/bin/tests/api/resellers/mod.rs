//! Resellers (issue 8): a chain of sellers, each pricing on its parent's
//! tariff; every call debits every level at that level's price in one
//! transaction; each level sees only its own subtree; the parent bills each
//! reseller wholesale; brands, logos and portals per reseller.

mod branding;
mod money_paths;
mod own_deck;
mod pricing;
mod visibility;
mod wholesale;

use crate::authorize::staff;
use crate::billing::{Shop, bill, post_cdrs, travel};
use crate::catalog::{DECK, upload};
use crate::helpers::{Operator, TestApp, error_of};
use chrono::{TimeZone, Utc};
use reqwest::Method;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use std::collections::HashMap;

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

fn money(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .unwrap()
}

/// The operator's catalog: the test deck, a SIP plan (fee 10, `plans["sip"]`)
/// and a switch key.
async fn shop(app: &TestApp, kind: &str) -> Shop {
    let op = app.operator("acme").await;
    staff(app, &op, Method::PUT, "/api/v1/settings/accounts",
        json!({"pin_length": 10, "account_kind": kind, "default_credit_limit": "100", "billing_day": 1})).await;
    let deck: Value = upload(app, &op, "name=Retail&effective_from=2020-01-01", DECK)
        .await
        .json()
        .await
        .unwrap();
    let plan = staff(app, &op, Method::POST, "/api/v1/plans",
        json!({"name": "SIP", "service_kind": "sip", "deck_id": deck["deck"]["id"], "monthly_fee": "10.00"})).await;
    let key = staff(
        app,
        &op,
        Method::POST,
        "/api/v1/switch-keys",
        json!({"name": "sw"}),
    )
    .await;
    Shop {
        op,
        plans: json!({"sip": plan["id"]}),
        key: key["key"].as_str().unwrap().to_owned(),
    }
}

/// Creates a reseller under `parent` and signs its owner in on its portal.
/// Its `slug` as an [`Operator`] is `{slug}.acme`, so `host()` is its portal.
pub(crate) async fn reseller(
    app: &TestApp,
    parent: &Operator,
    slug: &str,
    markup: (&str, &str),
    account: (&str, Option<&str>),
    fee: &str,
) -> (Operator, Value) {
    let email = format!("owner@{slug}.test");
    let body = json!({"name": format!("{}{} Calls", slug[..1].to_uppercase(), &slug[1..]), "slug": slug,
        "owner_email": email, "owner_password": "reseller password",
        "markup_kind": markup.0, "markup_value": markup.1,
        "account_kind": account.0, "credit_limit": account.1, "reseller_fee": fee});
    let res = app
        .send(
            Method::POST,
            &parent.host(),
            "/api/v1/resellers",
            Some(&body),
            Some(&parent.access_token),
        )
        .await;
    assert_eq!(res.status(), 201, "create {slug}");
    let view: Value = res.json().await.unwrap();
    let mut r = Operator {
        tenant_id: parent.tenant_id.clone(),
        slug: format!("{slug}.acme"),
        email: email.clone(),
        password: "reseller password".into(),
        access_token: String::new(),
        refresh_token: String::new(),
    };
    assert_eq!(view["portal_host"], format!("{slug}.acme.localhost"));
    login(app, &mut r).await;
    (r, view)
}

pub(crate) async fn login(app: &TestApp, r: &mut Operator) {
    let res = app
        .send(
            Method::POST,
            &r.host(),
            "/api/v1/auth/login",
            Some(&json!({"email": r.email, "password": r.password})),
            None,
        )
        .await;
    assert_eq!(res.status(), 200, "login of {}", r.email);
    let v: Value = res.json().await.unwrap();
    r.access_token = v["access_token"].as_str().unwrap().to_owned();
}

/// Signs a customer up on `seller`'s portal with a SIP phone; (id, SIP user).
async fn customer(app: &TestApp, seller: &Operator, plan: &Value, name: &str) -> (String, String) {
    let body = json!({"name": name, "email": format!("{}@example.test", name.to_lowercase()),
        "password": "long password", "services": [{"kind": "sip", "plan_id": plan}]});
    let res = app
        .send(
            Method::POST,
            &seller.host(),
            "/api/v1/portal/signup",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(res.status(), 201, "sign-up of {name}");
    let c: Value = res.json().await.unwrap();
    (
        c["customer"]["id"].as_str().unwrap().to_owned(),
        c["customer"]["services"][0]["username"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

async fn credit(app: &TestApp, seller: &Operator, customer: &str, amount: &str) {
    staff(
        app,
        seller,
        Method::POST,
        &format!("/api/v1/customers/{customer}/adjustments"),
        json!({"amount": amount, "reason": "top-up"}),
    )
    .await;
}

async fn balance(app: &TestApp, seller: &Operator, customer: &str) -> Decimal {
    let c = staff(
        app,
        seller,
        Method::GET,
        &format!("/api/v1/customers/{customer}"),
        json!(null),
    )
    .await;
    money(&c["account"]["balance"])
}

fn call(id: &str, sip: &str, dest: &str, secs: u32, start: &str) -> Value {
    json!({"call_id": id, "service": "sip", "sip_username": sip, "destination": dest,
        "start_time": start, "duration_secs": secs})
}

async fn get(app: &TestApp, who: &Operator, path: &str) -> reqwest::Response {
    app.send(
        Method::GET,
        &who.host(),
        path,
        None,
        Some(&who.access_token),
    )
    .await
}

/// A tiny deterministic generator (xorshift), so a failure replays.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
