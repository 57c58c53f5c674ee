//! `verdict serve`'s Jobe flags: the API is off unless the operator turns it on, with `--jobe`
//! (open to anyone who reaches the server) or with API keys (`X-API-KEY` required).

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::Arc;
use verdict_jobe::{Jobe, JobeConfig};
use verdict_sandbox::{Backend, Sandbox};

/// Where scripts/setup-sandbox-python.sh installs the tools programs may start (pylint).
pub const DEFAULT_TOOLS: &str = "/usr/local/lib/verdict/tools-python";

#[derive(Debug, clap::Args)]
pub struct JobeArgs {
    /// Serve Jobe's REST API (for Moodle CodeRunner) at /jobe/index.php/restapi and /restapi,
    /// open to anyone who can reach the server unless API keys are given.
    #[arg(long)]
    jobe: bool,
    /// An API key Jobe clients must send in X-API-KEY (repeatable; turns the Jobe API on).
    #[arg(long = "jobe-api-key", value_name = "KEY", env = "VERDICT_JOBE_API_KEY", hide_env_values = true)]
    api_keys: Vec<String>,
    /// A file of Jobe API keys, one a line (blank lines and lines starting with # skipped;
    /// turns the Jobe API on).
    #[arg(long, value_name = "FILE")]
    jobe_api_key_file: Option<PathBuf>,
    /// Jobe runs at once (default: one per core, at least two); more wait for a slot.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    jobe_slots: Option<u16>,
    /// How long a Jobe run waits for a slot before it is answered with outcome 21 (overload).
    #[arg(long, value_name = "SECONDS", default_value_t = verdict_jobe::DEFAULT_SLOT_WAIT.as_secs(),
          value_parser = clap::value_parser!(u64).range(0..=60))]
    jobe_slot_wait_seconds: u64,
    /// Extra Python packages Jobe programs and the processes they start may import (pylint)
    /// [default: /usr/local/lib/verdict/tools-python, when it exists].
    #[arg(long, value_name = "DIR")]
    jobe_tools: Option<PathBuf>,
}

impl JobeArgs {
    /// The API, when the operator turned it on: its own sandbox on the exec path (where a
    /// program may start processes inside its box), whatever `--sandbox` says for judging.
    pub fn build(&self, settings: &crate::SandboxSettings) -> Result<Option<Arc<Jobe>>> {
        let mut keys = self.api_keys.clone();
        if let Some(path) = &self.jobe_api_key_file {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            keys.extend(
                text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned),
            );
            anyhow::ensure!(!keys.is_empty(), "{} holds no API key", path.display());
        }
        if !self.jobe && keys.is_empty() {
            return Ok(None);
        }
        let default_tools = PathBuf::from(DEFAULT_TOOLS);
        let tools = self.jobe_tools.clone().or_else(|| default_tools.is_dir().then_some(default_tools));
        let mut config = crate::sandbox_config(settings);
        config.backend = Backend::Exec;
        config.extra_ro_paths.extend(tools.iter().cloned());
        let sandbox = Arc::new(Sandbox::new(config).context("setting up the Jobe API's sandbox (exec path)")?);
        let jobe = Jobe::new(
            sandbox,
            JobeConfig {
                api_keys: keys,
                slots: self.jobe_slots.map_or_else(verdict_jobe::default_slots, usize::from),
                slot_wait: std::time::Duration::from_secs(self.jobe_slot_wait_seconds),
                tools,
            },
        )?;
        Ok(Some(Arc::new(jobe)))
    }
}
