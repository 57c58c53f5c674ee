//! `verdict worker`: judges submissions from a PostgreSQL that `verdict serve` nodes share,
//! without HTTP. It runs the same queue as a serve node's workers (claims under leases,
//! heartbeats, the store's notices), and on SIGTERM or Ctrl+C drains the same way: no new
//! claims, judging in hand gets the grace period, and what is still running then goes back to
//! the queue for another worker.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use verdict_server::queue::QueueConfig;
use verdict_server::{Service, WebApp};
use verdict_store::PgStore;

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// The PostgreSQL database the serve nodes keep their submissions in, as
    /// postgresql://USER:PASSWORD@HOST:PORT/DATABASE. Never TLS: reach a remote server through a
    /// tunnel or a local proxy.
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    database_url: String,
    /// The catalogue folder (the same problems as the serve nodes').
    #[arg(long, default_value = "problems")]
    problems: PathBuf,
    /// Submissions judged at once (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    workers: Option<u16>,
    /// Don't prepare every problem's tests in the background at start.
    #[arg(long)]
    no_warm: bool,
    /// Log as JSON lines instead of text.
    #[arg(long)]
    log_json: bool,
    /// On Ctrl+C or SIGTERM, how long judging in hand may go on before it goes back to the
    /// queue for another worker.
    #[arg(long, value_name = "SECONDS", default_value_t = verdict_server::queue::SHUTDOWN_GRACE.as_secs())]
    shutdown_grace: u64,
    /// How long a claim holds a submission without a heartbeat: a worker that died is noticed
    /// (and its submission judged again elsewhere) after this long.
    #[arg(long, value_name = "SECONDS", default_value_t = verdict_server::queue::LEASE.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    lease_seconds: u64,
    #[command(flatten)]
    sql: crate::sql::SqlArgs,
}

pub fn work(settings: &crate::SandboxSettings, args: WorkerArgs) -> Result<ExitCode> {
    crate::serve::init_logging(args.log_json);
    let mut queue = QueueConfig::for_this_machine();
    queue.lease = std::time::Duration::from_secs(args.lease_seconds);
    if let Some(workers) = args.workers {
        queue.workers = usize::from(workers);
    }
    let sandbox = crate::serve::start_sandbox(settings)?;
    let postgres = args.sql.runner(false)?.map(Arc::new);
    if postgres.is_none() {
        tracing::warn!("no --sql-database-url: SQL problems in PostgreSQL's dialect cannot be judged here");
    }
    // The store's errors name the database by its URL without the password.
    let store = Arc::new(PgStore::open(&args.database_url)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
    runtime.block_on(async {
        let options = verdict_server::Options { postgres: postgres.clone(), ..verdict_server::Options::default() };
        // Never served: a worker listens on no port.
        let web = WebApp::default();
        let service = Service::start_with(&args.problems, store, Arc::clone(&sandbox), queue, web, options).await?;
        if !args.no_warm {
            service.warm_up(Arc::clone(&sandbox), postgres.clone());
        }
        tracing::info!(
            problems = service.state.problems.len(),
            workers = queue.workers,
            database = %verdict_store::without_password(&args.database_url),
            "judging"
        );
        crate::serve::stop_signal().await;
        tracing::info!("stopping: no new claims; judging in hand may finish");
        service.shut_down(std::time::Duration::from_secs(args.shutdown_grace)).await;
        anyhow::Ok(())
    })?;
    // Judging threads still waiting on a sandboxed run are not waited for: the runs end with
    // the process, their jails see the control socket close.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(ExitCode::SUCCESS)
}
