//! `verdict serve`: the judge service and the web app; and what `verdict worker` shares with
//! it (logging, the warm sandbox, the stop signal).

use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use verdict_sandbox::Sandbox;
use verdict_server::queue::QueueConfig;
use verdict_server::{Service, WebApp};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The catalogue folder.
    #[arg(long, default_value = "problems")]
    problems: PathBuf,
    #[command(flatten)]
    store: crate::store::StoreArgs,
    /// A folder of the built web app to serve instead of the one built into this binary (for
    /// working on the web app without rebuilding the server).
    #[arg(long, value_name = "DIR")]
    web: Option<PathBuf>,
    /// Jobs judged at once (default: one per core); 0 judges nothing here, for a node that only
    /// serves while `verdict worker` nodes on the same --database-url judge.
    #[arg(long)]
    workers: Option<usize>,
    /// Jobs that may wait or run at once before new ones get 429 (default: 32 per core).
    #[arg(long)]
    queue_capacity: Option<usize>,
    /// Don't prepare every problem's tests in the background at start.
    #[arg(long)]
    no_warm: bool,
    /// Log as JSON lines instead of text.
    #[arg(long)]
    log_json: bool,
    /// The address people reach the service at, such as https://verdict.example.com: used in
    /// the links handed to candidates and as the one origin a signed-in browser may change
    /// things from; an https address also marks cookies Secure (behind TLS). Required when
    /// --addr is not a loopback address; without it, links use the listening address.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// On Ctrl+C or SIGTERM, how long judging in hand may go on before it is put back in the
    /// queue for another worker (or the next start).
    #[arg(long, value_name = "SECONDS", default_value_t = verdict_server::queue::SHUTDOWN_GRACE.as_secs())]
    shutdown_grace: u64,
    /// How long a claim holds a submission without a heartbeat: a worker that died is noticed
    /// (and its submission judged again elsewhere) after this long.
    #[arg(long, value_name = "SECONDS", default_value_t = verdict_server::queue::LEASE.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    lease_seconds: u64,
    /// With --workers 0, how long a run (samples, custom input) waits for a worker of another
    /// node to judge it before the request is answered 503 `no_worker`.
    #[arg(long, value_name = "SECONDS", default_value_t = verdict_server::queue::RUN_WAIT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=verdict_server::queue::RUN_MAX_WAIT.as_secs()))]
    run_wait_seconds: u64,
    /// How long practice's acceptance figures (list and problem pages) are reused before they
    /// are counted again; 0 counts them on every read.
    #[arg(long, value_name = "SECONDS", default_value_t = verdict_server::acceptance::ACCEPTANCE_TTL.as_secs(),
          value_parser = clap::value_parser!(u64).range(0..=3600))]
    acceptance_cache_seconds: u64,
    /// The catalogue problem candidates may practise on before starting an assessment.
    #[arg(long, value_name = "SLUG", default_value = verdict_server::DEFAULT_PRACTICE_PROBLEM)]
    practice_problem: String,
    #[command(flatten)]
    sql: crate::sql::SqlArgs,
    #[command(flatten)]
    mail: MailArgs,
    /// Let webhooks be delivered to loopback, private and link-local addresses (receivers
    /// inside your own network, or tests). Off by default: deliveries go from the serve nodes,
    /// and a team admin's URL must not reach the service's own network.
    #[arg(long)]
    webhooks_allow_private: bool,
    #[command(flatten)]
    jobe: crate::jobe::JobeArgs,
    #[command(flatten)]
    judge0: Judge0Args,
}

/// The Judge0 CE compatible API under /api/judge0 (off unless turned on).
#[derive(Debug, clap::Args)]
pub struct Judge0Args {
    /// Serve the Judge0 CE v1 API subset (Python 3 only) at /api/judge0.
    #[arg(long)]
    judge0: bool,
    /// A key Judge0 clients must send in X-Auth-Token (repeat for several; none: open). Also
    /// VERDICT_JUDGE0_TOKENS, separated by commas.
    #[arg(
        long = "judge0-token",
        value_name = "KEY",
        env = "VERDICT_JUDGE0_TOKENS",
        value_delimiter = ',',
        hide_env_values = true,
        requires = "judge0"
    )]
    tokens: Vec<String>,
    /// A host a submission's callback_url may name (repeat for several; none: callbacks are
    /// refused). Loopback and private addresses also need --webhooks-allow-private.
    #[arg(long = "judge0-callback-host", value_name = "HOST", requires = "judge0")]
    callback_hosts: Vec<String>,
}

impl Judge0Args {
    fn settings(&self, sandbox: &Arc<verdict_sandbox::Sandbox>) -> Option<verdict_server::state::Judge0Settings> {
        self.judge0.then(|| verdict_server::state::Judge0Settings {
            config: verdict_judge0::Config::default(),
            tokens: self.tokens.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect(),
            callback_hosts: self.callback_hosts.clone(),
            executor: Arc::new(verdict_judge0::SandboxExecutor::new(Arc::clone(sandbox))),
        })
    }
}

/// Mail to candidates and team members (off unless an SMTP URL is given).
#[derive(Debug, clap::Args)]
pub struct MailArgs {
    /// The SMTP server to send mail through: `smtps://USER:PASS@HOST:465` (TLS from the start),
    /// `smtp://USER:PASS@HOST:587?tls=required` (STARTTLS, refused without it), or
    /// `smtp://HOST:25` (plain, for a relay on this machine or a test). Without it no mail is
    /// sent and invitation links are only shown. Needs --public-url and --mail-from.
    #[arg(long, env = "SMTP_URL", value_name = "URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of every message, such as `Verdict <no-reply@example.com>`.
    #[arg(long, value_name = "ADDRESS", requires = "smtp_url")]
    mail_from: Option<String>,
    /// How long before an assessment's window closes a candidate who has not started is
    /// reminded (once), in minutes.
    #[arg(long, value_name = "MINUTES", default_value_t = verdict_server::mail::DEFAULT_REMINDER_LEAD.as_secs() / 60,
          value_parser = clap::value_parser!(u64).range(1..=10_080))]
    reminder_lead_minutes: u64,
}

impl MailArgs {
    fn settings(&self) -> Result<Option<verdict_server::MailSettings>> {
        let Some(url) = self.smtp_url.clone() else { return Ok(None) };
        let from = self.mail_from.clone().context("--smtp-url needs --mail-from (the sender of every message)")?;
        Ok(Some(verdict_server::MailSettings {
            smtp: verdict_mail::SmtpSettings { url, from },
            reminder_lead: std::time::Duration::from_secs(self.reminder_lead_minutes * 60),
        }))
    }
}

/// Logs to stderr, as text or JSON lines, filtered by `VERDICT_LOG`.
pub fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VERDICT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// The sandbox with its warm fork server started. It is checked before anything listens or
/// claims: a host that cannot confine runs refuses to judge rather than judge unconfined.
pub fn start_sandbox(settings: &crate::SandboxSettings) -> Result<Arc<Sandbox>> {
    let sandbox = Arc::new(crate::sandbox(settings)?);
    for info in sandbox.start_backend().context("starting the warm fork server")? {
        tracing::info!(
            python = %info.python.split_whitespace().next().unwrap_or_default(),
            runtime = info.runtime.map_or("standard library", |r| r.as_str()),
            rss_kib = info.rss_kib,
            warm_ms = info.warm_ms,
            "a warm fork server is ready"
        );
    }
    Ok(sandbox)
}

pub fn serve(settings: &crate::SandboxSettings, args: ServeArgs) -> Result<ExitCode> {
    init_logging(args.log_json);
    let mut queue = QueueConfig::for_this_machine();
    queue.lease = std::time::Duration::from_secs(args.lease_seconds);
    queue.run_wait = std::time::Duration::from_secs(args.run_wait_seconds);
    if let Some(workers) = args.workers {
        // On SQLite only this process can judge what it stores.
        anyhow::ensure!(
            workers > 0 || args.store.database_url.is_some(),
            "--workers 0 needs --database-url: without workers, this server judges nothing, so `verdict worker` \
             nodes must judge from a shared PostgreSQL"
        );
        queue.workers = workers;
    }
    // Before the sandbox starts: a missing --public-url is the quickest thing to tell.
    verdict_server::check_public_url(args.addr, args.public_url.as_deref())?;
    let mail = args.mail.settings()?;
    anyhow::ensure!(mail.is_none() || args.public_url.is_some(), verdict_server::ServerError::MailNeedsPublicUrl);
    if let Some(capacity) = args.queue_capacity {
        anyhow::ensure!(capacity > 0, "--queue-capacity must be at least 1");
        queue.capacity = capacity;
    }
    // A node without workers runs nothing: no fork server to start.
    let sandbox = if queue.workers > 0 { start_sandbox(settings)? } else { Arc::new(crate::sandbox(settings)?) };
    let postgres = args.sql.runner(false)?.map(Arc::new);
    if postgres.is_none() {
        tracing::warn!("no --sql-database-url: SQL problems in PostgreSQL's dialect are listed but cannot be judged");
    }
    let jobe = args.jobe.build(settings)?;
    if let Some(jobe) = &jobe {
        tracing::info!(keys = jobe.key_count(), "the Jobe API is on at /jobe/index.php/restapi and /restapi");
    }
    let store = args.store.open()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
    let result = runtime.block_on(async {
        let options = verdict_server::Options {
            hiring: verdict_server::settings::HiringConfig {
                public_url: args.public_url.clone(),
                practice_problem: Some(args.practice_problem.clone()),
                ..verdict_server::settings::HiringConfig::default()
            },
            postgres: postgres.clone(),
            package_cache: args.store.package_cache(),
            mail: mail.clone(),
            webhooks_allow_private: args.webhooks_allow_private,
            judge0: args.judge0.settings(&sandbox),
            jobe: jobe.clone(),
            acceptance_ttl: std::time::Duration::from_secs(args.acceptance_cache_seconds),
            ..verdict_server::Options::default()
        };
        let web = args.web.clone().map_or(WebApp::Embedded, WebApp::Dir);
        if !web.is_built() {
            tracing::warn!(?web, "the web app is not built; only the API is served");
        }
        let service = Service::start_with(&args.problems, store, Arc::clone(&sandbox), queue, web, options).await?;
        if !args.no_warm && queue.workers > 0 {
            service.warm_up(Arc::clone(&sandbox), postgres.clone());
        }
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|source| verdict_server::ServerError::Bind { addr: args.addr, source })?;
        let local = listener.local_addr().context("reading the bound address")?;
        tracing::info!(
            problems = service.state.problems.len(),
            workers = queue.workers,
            capacity = queue.capacity,
            "listening on {local}"
        );
        println!("Verdict is serving on http://{local}/ (open it in a browser; Ctrl+C stops)");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let grace = std::time::Duration::from_secs(args.shutdown_grace);
        verdict_server::serve(service, listener, stop_signal(), grace).await?;
        anyhow::Ok(())
    });
    // Judging threads still waiting on a sandboxed run are not waited for: the runs end with
    // the process, their jails see the control socket close.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result.map(|()| ExitCode::SUCCESS)
}

/// Ctrl+C or SIGTERM.
pub async fn stop_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot watch SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
