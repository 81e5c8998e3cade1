//! Building the application once, for `main` and for tests alike:
//! connect → migrate → bind → serve.

use crate::auth::jwt::JwtKeys;
use crate::clock::Clock;
use crate::config::{Settings, absolute};
use crate::error::{path_error_handler, query_error_handler};
use crate::repo::Repos;
use crate::routes;
use crate::state::AppState;
use actix_web::dev::Server;
use actix_web::middleware::{Compress, DefaultHeaders};
use actix_web::{App, HttpServer, web};
use futures_util::FutureExt;
use std::net::TcpListener;
use std::time::Duration;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// A built, bound, not yet running server.
pub struct Application {
    server: Server,
    port: u16,
    state: AppState,
}

impl Application {
    /// Connects to the database, migrates it, binds the port.
    pub async fn build(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let data_dir = absolute(&settings.data_dir)?;
        std::fs::create_dir_all(&data_dir)?;
        let repos = Repos::connect(&settings.database_url()?).await?;
        repos.migrate().await?;
        let keys = JwtKeys::load_or_generate(&data_dir)?;

        let listener = TcpListener::bind((settings.bind.as_str(), settings.port))?;
        let port = listener.local_addr()?.port();
        let static_dir = absolute(&settings.static_dir)?;
        let state = AppState::new(settings, repos, keys, clock, port)?;

        let data = web::Data::new(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(crate::extract::MAX_JSON_BYTES))
                .app_data(web::PathConfig::default().error_handler(path_error_handler))
                .app_data(web::QueryConfig::default().error_handler(query_error_handler))
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                .wrap_fn(|req, srv| {
                    use actix_web::dev::Service;
                    srv.call(req).map(|res| {
                        res.map(|mut r| {
                            routes::spa::long_cache(&mut r);
                            r
                        })
                    })
                })
                .wrap(Compress::default())
                .wrap(TracingLogger::default())
                .service(routes::health::healthz::healthz)
                .service(routes::health::readyz::readyz)
                .service(web::scope("/api/v1").configure(routes::api_v1))
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .url("/api/openapi.json", routes::openapi::ApiDoc::openapi()),
                )
                .configure(|cfg| routes::spa::configure(cfg, &static_dir))
        })
        .listen(listener)?
        .shutdown_timeout(10)
        .run();

        let limiter_state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                limiter_state.limiter().shrink();
            }
        });
        // Retries mail that could not be sent right away.
        let mail_state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(10));
            loop {
                tick.tick().await;
                if let Err(e) = crate::email::flush(&mail_state).await {
                    tracing::warn!(error = %e, "mail flush failed");
                }
            }
        });

        // Bill runs: resume what a stopped process left half-done, then
        // start each day's run when billing periods end.
        let billing_state = state.clone();
        tokio::spawn(async move {
            use crate::services::billing::bill_run;
            if let Err(e) = bill_run::resume(&billing_state).await {
                tracing::warn!(error = %e.message, "resuming bill runs failed");
            }
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                if let Err(e) = bill_run::schedule(&billing_state).await {
                    tracing::warn!(error = %e.message, "the bill-run scheduler failed");
                }
            }
        });

        // Payments: automatic charges and their retries, dunning.
        let payments_state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                if let Err(e) = crate::services::payments::auto::pass(&payments_state).await {
                    tracing::warn!(error = %e.message, "the payments job failed");
                }
            }
        });

        Ok(Self {
            server,
            port,
            state,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use it to set the clock).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the process is told to stop.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
