//! `verdict worker`: judges submissions, and the runs that serve nodes without workers store,
//! from a PostgreSQL that `verdict serve` nodes share, without HTTP. It runs the same queue as a
//! serve node's workers (claims under leases, heartbeats, the store's notices; stored runs before
//! submissions), and on SIGTERM or Ctrl+C drains the same way: no new
//! claims, judging in hand gets the grace period, and what is still running then goes back to
//! the queue for another worker.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use verdict_server::problems::ProblemIndex;
use verdict_server::queue::{QueueConfig, SandboxGrader};
use verdict_server::{Service, WebApp};
use verdict_store::PgStore;

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// The PostgreSQL database the serve nodes keep their submissions in, as
    /// postgresql://USER:PASSWORD@HOST:PORT/DATABASE. Never TLS: reach a remote server through a
    /// tunnel or a local proxy.
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    database_url: String,
    /// A catalogue folder whose problems this worker judges from its own copy (and prepares at
    /// start) while they are what the serve nodes published. Without it, every problem is
    /// fetched from the database by content hash.
    #[arg(long, value_name = "DIR")]
    problems: Option<PathBuf>,
    /// Where packages fetched from the database are kept, one folder per content hash
    /// [default: /var/cache/verdict/packages as root, else $XDG_CACHE_HOME/verdict/packages].
    #[arg(long, value_name = "DIR")]
    package_cache: Option<PathBuf>,
    /// Submissions and runs judged at once (default: one per core).
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
        let package_cache = Some(args.package_cache.clone().unwrap_or_else(default_package_cache));
        // Webhooks go out from the serve nodes only (the operator's --webhooks-allow-private is
        // theirs): a worker claims none.
        let options = verdict_server::Options {
            postgres: postgres.clone(),
            package_cache,
            deliver_webhooks: false,
            ..Default::default()
        };
        let problems = match &args.problems {
            Some(dir) => ProblemIndex::load(dir).with_context(|| format!("reading the catalogue {}", dir.display()))?,
            None => ProblemIndex::default(),
        };
        let grader = Arc::new(SandboxGrader::new(Arc::clone(&sandbox)).with_postgres(postgres.clone()));
        // Never served: a worker listens on no port.
        let service = Service::start_on(problems, store, grader, queue, WebApp::default(), options).await?;
        if !args.no_warm && args.problems.is_some() {
            service.warm_up(Arc::clone(&sandbox), postgres.clone());
        }
        tracing::info!(
            problems = service.state.problems.len(),
            workers = queue.workers,
            package_cache = %service.state.queue.package_cache().display(),
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

/// Where a worker keeps fetched packages when not told: the system's cache as root (a worker
/// run as a service), else the user's.
fn default_package_cache() -> PathBuf {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's effective uid.
    if std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0) {
        return PathBuf::from("/var/cache/verdict/packages");
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("verdict/packages")
}
