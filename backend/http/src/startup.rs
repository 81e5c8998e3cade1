//! Building the application once, for `main` and for tests alike:
//! connect → migrate → bind → serve.

use crate::error::{path_error_handler, query_error_handler};
use crate::routes;
use actix_web::dev::Server;
use actix_web::middleware::Compress;
use actix_web::{App, HttpServer, web};
use futures_util::FutureExt;
use ringledger_core::auth::jwt::JwtKeys;
use ringledger_core::clock::Clock;
use ringledger_core::config::{Settings, absolute};
use ringledger_core::state::AppState;
use ringledger_db::repo::Repos;
use std::net::TcpListener;
use std::time::Duration;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// How long a stopping server waits for requests in flight, then for
/// background work under way.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(25);

/// A built, bound, not yet running server.
pub struct Application {
    server: Server,
    port: u16,
    state: AppState,
}

impl Application {
    /// Connects to the database, migrates it, binds the port; DNS proofs use
    /// the system's resolver.
    pub async fn build(
        settings: Settings,
        clock: std::sync::Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let dns = std::sync::Arc::new(ringledger_core::dns::SystemDns::new());
        Self::build_with(settings, clock, dns).await
    }

    /// [`Application::build`] with the DNS answers of `dns` (tests).
    pub async fn build_with(
        settings: Settings,
        clock: std::sync::Arc<dyn Clock>,
        dns: std::sync::Arc<dyn ringledger_core::ports::DnsTxt>,
    ) -> anyhow::Result<Self> {
        let data_dir = absolute(&settings.data_dir)?;
        std::fs::create_dir_all(&data_dir)?;
        let repos = Repos::connect(&settings.database_url()?).await?;
        repos.migrate().await?;
        let keys = JwtKeys::from_settings(&settings, &data_dir)?;

        let listener = TcpListener::bind((settings.bind.as_str(), settings.port))?;
        let port = listener.local_addr()?.port();
        let static_dir = absolute(&settings.static_dir)?;
        let trusted = web::Data::new(crate::extract::TrustedProxies(
            settings.trusted_proxy_nets()?,
        ));
        let state = AppState::new(settings, repos, keys, clock, dns, port)?;
        let resealed =
            ringledger_core::services::reseal::legacy_secrets(state.repos(), state.secrets())
                .await?;
        if resealed > 0 {
            tracing::info!(resealed, "secrets sealed again, bound to their rows");
        }

        let data = web::Data::new(state.clone());
        let scheme = state.settings().public_scheme.clone();
        let time_limit = Duration::from_secs(state.settings().request_timeout_secs.max(1));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(trusted.clone())
                .app_data(web::PayloadConfig::new(crate::extract::MAX_JSON_BYTES))
                .app_data(web::PathConfig::default().error_handler(path_error_handler))
                .app_data(web::QueryConfig::default().error_handler(query_error_handler))
                .wrap(crate::headers::security_headers(&scheme))
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
                .wrap_fn(move |req, srv| {
                    use actix_web::dev::Service;
                    let answer = srv.call(req);
                    crate::error::within(time_limit, answer)
                })
                .wrap_fn(|req, srv| {
                    use actix_web::dev::Service;
                    let started = std::time::Instant::now();
                    let method = req.method().clone();
                    let state = req.app_data::<web::Data<AppState>>().cloned();
                    srv.call(req).map(move |res| {
                        if let (Ok(r), Some(state)) = (&res, state) {
                            let route = r.request().match_pattern();
                            state.metrics().request(
                                method.as_str(),
                                route.as_deref().unwrap_or("other"),
                                r.status().as_u16(),
                                started.elapsed().as_secs_f64(),
                            );
                        }
                        res
                    })
                })
                .wrap(TracingLogger::<crate::spans::PathOnly>::new())
                .service(routes::health::healthz::healthz)
                .service(routes::health::metrics::metrics)
                .service(routes::health::readyz::readyz)
                .service(
                    web::scope("/api/v1")
                        .wrap(actix_web::middleware::from_fn(crate::gate::staff_gate))
                        .configure(routes::api_v1),
                )
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .url("/api/openapi.json", routes::openapi::ApiDoc::openapi()),
                )
                .configure(|cfg| routes::spa::configure(cfg, &static_dir))
        })
        .listen(listener)?
        .shutdown_timeout(SHUTDOWN_GRACE.as_secs())
        .run();

        ringledger_core::jobs::start(&state);
        ringledger_core::write_feed::start(&state);
        ringledger_core::services::reservations::start_renewing_ahead(&state);

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

    /// Serves until the process is told to stop (SIGTERM or Ctrl-C): then
    /// stops taking connections, finishes the requests in flight, and lets
    /// the background work under way finish (each at most
    /// [`SHUTDOWN_GRACE`]).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        tracing::info!("requests drained; finishing background work");
        if !self.state.jobs().stop(SHUTDOWN_GRACE).await {
            tracing::warn!(
                "background work still running after the grace period; it resumes on the next start"
            );
        }
        ringledger_core::write_feed::flush(&self.state).await;
        served
    }
}
