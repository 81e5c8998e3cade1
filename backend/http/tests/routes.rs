//! One route table (`ringledger_shared::api::routes`) for the server's
//! routes, the OpenAPI document and the SPA's client: each is checked
//! against it here, so a path cannot drift between them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ringledger_http::routes::openapi::ApiDoc;
use ringledger_shared::api::routes::{ALL, BASE, Route};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use utoipa::OpenApi;

/// `(method, path, operation id)` of every operation in the document.
fn documented() -> BTreeSet<(String, String, String)> {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                let id = op["operationId"].as_str().unwrap_or_default().to_owned();
                out.insert((method.clone(), path.clone(), id));
            }
        }
    }
    out
}

fn table() -> BTreeSet<(String, String, String)> {
    ALL.iter()
        .map(|r| {
            (
                r.method.as_str().to_owned(),
                r.path.to_owned(),
                r.operation.to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_openapi_document_has_exactly_the_routes_of_the_table() {
    let doc = documented();
    let table = table();
    let missing: Vec<_> = table.difference(&doc).collect();
    let extra: Vec<_> = doc.difference(&table).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "in the table, not in the document: {missing:?}\nin the document, not in the table: {extra:?}"
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The `#[utoipa::path(method, path = "…"` attributes of a file, in order.
fn documented_in(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("#[utoipa::path(") {
        let rest = &text[i + "#[utoipa::path(".len()..];
        let method = rest
            .trim_start()
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or_default();
        let at = rest.find("path = \"").expect("a path") + "path = \"".len();
        let path = &rest[at..at + rest[at..].find('"').unwrap()];
        out.push((method.to_owned(), path.to_owned()));
    }
    out
}

/// The actix attributes (`#[get("…")]`…) of a file, in order.
fn served_in(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        for m in METHODS {
            if let Some(rest) = line.strip_prefix(&format!("#[{m}(\"")) {
                let path = &rest[..rest.find('"').unwrap()];
                out.push((m.to_owned(), path.to_owned()));
            }
        }
    }
    out
}

#[test]
fn every_handler_serves_the_path_its_document_names_and_is_in_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let table = table();
    let mut handlers = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let served = served_in(&text);
        let documented = documented_in(&text);
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        assert_eq!(
            served.len(),
            documented.len(),
            "{name}: every handler has its #[utoipa::path] (and no other)"
        );
        // Health routes are mounted at the root, the rest under BASE.
        let prefix = if name.starts_with("health") { "" } else { BASE };
        for ((m, path), (dm, dpath)) in served.iter().zip(&documented) {
            assert_eq!(m, dm, "{name}: {path} is served as {m}, documented as {dm}");
            assert_eq!(
                format!("{prefix}{path}"),
                *dpath,
                "{name}: served at {prefix}{path}, documented at {dpath}"
            );
            assert!(
                table.iter().any(|(tm, tp, _)| tm == m && tp == dpath),
                "{name}: {m} {dpath} is not in ringledger_shared::api::routes"
            );
            handlers += 1;
        }
    }
    assert_eq!(handlers, ALL.len(), "one handler per route of the table");
}

/// Whether a path the SPA builds (placeholders `{…}` for its variable
/// parts, a query or `{…}` query suffix allowed) is the route's template.
fn spa_path_matches(spa: &str, route: &Route) -> bool {
    let spa = spa.strip_prefix(BASE).unwrap_or(spa);
    let spa = spa.split('?').next().unwrap_or_default();
    let want: Vec<&str> = route.rel().split('/').collect();
    let got: Vec<&str> = spa.split('/').collect();
    want.len() == got.len()
        && want.iter().zip(&got).all(|(w, g)| {
            let placeholder = |s: &str| s.starts_with('{') && s.ends_with('}');
            // A trailing `{…}` after text is a query the client appends.
            let g = match g.find('{') {
                Some(i) if i > 0 && g.ends_with('}') => &g[..i],
                _ => g,
            };
            w == &g || placeholder(w) || placeholder(g)
        })
}

#[test]
fn the_spa_builds_its_paths_from_the_table_and_calls_no_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/src/api");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut from_table = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        from_table += text.matches("routes::").count();
        // A path still written out (e.g. with a query built by `format!`
        // arguments) must be a route of the table too.
        for (i, _) in text.match_indices("\"/") {
            let lit = &text[i + 1..];
            let lit = &lit[..lit.find('"').unwrap()];
            if lit == BASE {
                continue;
            }
            assert!(
                ALL.iter().any(|r| spa_path_matches(lit, r)),
                "{}: the SPA calls {lit}, which no route of the table serves",
                f.display()
            );
        }
    }
    assert!(
        from_table > 80,
        "the client takes its paths from ringledger_shared::api::routes ({from_table} uses)"
    );
}

#[test]
fn the_spa_matcher_tells_routes_apart() {
    let r = ringledger_shared::api::routes::LIST_CUSTOMER_PAYMENTS;
    assert!(spa_path_matches("/customers/{id}/payments", &r));
    assert!(spa_path_matches(
        "/api/v1/customers/{id}/payments?limit=5",
        &r
    ));
    assert!(!spa_path_matches("/customers/{id}/payment", &r));
    assert!(!spa_path_matches("/customers/{id}", &r));
    let csv = ringledger_shared::api::routes::EXPORT_CDRS;
    assert!(spa_path_matches("/cdrs/export.csv{}", &csv));
}
