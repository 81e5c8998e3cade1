//! A local webhook receiver: records every request, and answers 500 to
//! the first requests it is told to fail, then 200.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use std::sync::{Arc, Mutex};

/// One request received.
#[derive(Debug, Clone)]
pub struct Got {
    /// What it answered.
    pub status: u16,
    pub signature: String,
    pub event_id: String,
    pub body: String,
}

#[derive(Default)]
struct Inner {
    fail_next: usize,
    got: Vec<Got>,
}

pub struct Receiver {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    server: actix_web::dev::ServerHandle,
}

impl Receiver {
    /// Listens on a free local port; the first `fail_first` requests get 500.
    pub async fn start(fail_first: usize) -> Receiver {
        let inner = Arc::new(Mutex::new(Inner {
            fail_next: fail_first,
            got: Vec::new(),
        }));
        let shared = web::Data::from(inner.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .unwrap();
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            inner,
            server: handle,
        }
    }

    /// Every request so far, in arrival order.
    pub fn got(&self) -> Vec<Got> {
        self.inner.lock().unwrap().got.clone()
    }

    /// The requests answered 2xx.
    pub fn accepted(&self) -> Vec<Got> {
        self.got().into_iter().filter(|g| g.status == 200).collect()
    }

    /// Fails the next `n` requests.
    pub fn fail_next(&self, n: usize) {
        self.inner.lock().unwrap().fail_next = n;
    }

    pub async fn stop(self) {
        self.server.stop(false).await;
    }
}

async fn receive(
    req: HttpRequest,
    body: web::Bytes,
    inner: web::Data<Mutex<Inner>>,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut inner = inner.lock().unwrap();
    let status = if inner.fail_next > 0 {
        inner.fail_next -= 1;
        500
    } else {
        200
    };
    inner.got.push(Got {
        status,
        signature: header("Ringledger-Signature"),
        event_id: header("Ringledger-Event-Id"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
}
