//! backup-sim: the Rackspace Cloud Backup (v1.0 and v2) and Identity v2.0
//! APIs as a real HTTP server, with the documented quirks (list-agents says
//! Offline; numbers as strings; `/Date(ms)/`; 200 vs 202 vs 204; 401 on an
//! expired token; 403 for an observer's write) and injectable faults.

pub mod auth;
pub mod clock;
pub mod config;
pub mod error;
pub mod faults;
pub mod fx;
pub mod keys;
pub mod rng;
pub mod routes;
pub mod seed;
pub mod world;

use auth::Tokens;
use config::SimConfig;
use faults::{Faults, Stats};
use std::sync::{Arc, Mutex, MutexGuard};
use world::World;

/// Everything a request handler can reach.
pub struct Sim {
    pub config: SimConfig,
    /// This server's own address: log downloads point here, like Cloud
    /// Files temp URLs point at a host other than the API's.
    pub files_origin: String,
    pub world: Mutex<World>,
    pub tokens: Mutex<Tokens>,
    pub faults: Mutex<Faults>,
    pub stats: Mutex<Stats>,
}

/// Locks a mutex, recovering the data if a panicking handler poisoned it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Sim {
    pub fn new(config: SimConfig, files_origin: String) -> Result<Arc<Sim>, String> {
        let world = seed::world(&config)?;
        let tokens = Tokens::new(config.token_ttl);
        let faults = Faults::new(&config);
        Ok(Arc::new(Sim {
            config,
            files_origin,
            world: Mutex::new(world),
            tokens: Mutex::new(tokens),
            faults: Mutex::new(faults),
            stats: Mutex::new(Stats::default()),
        }))
    }
}

/// Binds the configured addresses and serves until the process ends. Prints
/// one `listening on http://…` line first (tests and scripts read the port).
pub async fn serve(config: SimConfig) -> Result<(), String> {
    let addr = format!("{}:{}", config.bind, config.port);
    let main = tokio::net::TcpListener::bind(&addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let mut regional = Vec::new();
    for (region, port) in &config.region_ports {
        let addr = format!("{}:{port}", config.bind);
        let l = tokio::net::TcpListener::bind(&addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        regional.push((region.clone(), l));
    }
    serve_with(main, regional, config).await
}

/// Serves on an already bound listener (what the tests use, on port 0).
pub async fn serve_on(listener: tokio::net::TcpListener, config: SimConfig) -> Result<(), String> {
    serve_with(listener, Vec::new(), config).await
}

/// Serves the whole API on `main`, and each region's API on its own listener.
pub async fn serve_with(
    main: tokio::net::TcpListener,
    regional: Vec<(String, tokio::net::TcpListener)>,
    config: SimConfig,
) -> Result<(), String> {
    let local = main.local_addr().map_err(|e| e.to_string())?;
    let sim = Sim::new(config, format!("http://{local}"))?;
    routes::warm(&sim);
    println!("backup-sim listening on http://{local}");
    let app = routes::app(sim);
    for (region, listener) in regional {
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("backup-sim region {region} listening on http://{addr}");
        let serve = axum::serve(listener, routes::regional(app.clone(), &region));
        tokio::spawn(async move {
            if let Err(e) = serve.await {
                eprintln!("backup-sim: region listener stopped: {e}");
            }
        });
    }
    axum::serve(main, app).await.map_err(|e| e.to_string())
}
