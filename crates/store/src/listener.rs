//! Notices from other nodes: a PostgreSQL connection of its own that LISTENs on channels and
//! waits for what other nodes NOTIFY ([`JOBS_CHANNEL`], [`PROGRESS_CHANNEL`], [`RUNS_CHANNEL`]). A
//! notice is a hint to look at the store, never the data itself: one may be missed while the
//! connection is down, so whoever waits also polls.

use crate::error::{Result, StoreError};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, NoTls};
use std::time::Duration;

/// The channel on which new work is announced (payload: the submission's or the stored run's id).
pub const JOBS_CHANNEL: &str = "verdict_jobs";
/// The channel on which a submission's progress is announced (payload: its id).
pub const PROGRESS_CHANNEL: &str = "verdict_progress";
/// The channel on which a stored run's report is announced, for the node waiting for it
/// (payload: the run's id). Its own channel, so that nodes following submissions never mistake
/// a run's id for a submission's, and the waiting node hears nothing else on it.
pub const RUNS_CHANNEL: &str = "verdict_runs";

/// A connection listening on some channels.
pub struct Listener {
    client: Client,
    /// The URL without its password, for errors.
    url: String,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Listener {
    /// Connects and listens on `channels`.
    pub(crate) fn connect(config: &Config, url: &str, channels: &[&str]) -> Result<Self> {
        let connect_error = |error| StoreError::Connect { url: url.to_owned(), error };
        let mut client = config.connect(NoTls).map_err(connect_error)?;
        let listen: String =
            channels.iter().map(|channel| format!("LISTEN \"{}\";", channel.replace('"', "\"\""))).collect();
        client.batch_execute(&listen)?;
        Ok(Self { client, url: url.to_owned() })
    }

    /// Waits up to `timeout` for a notice, then takes every one already here: each as
    /// (channel, payload), oldest first; empty when none came in time. An error when the
    /// connection is lost (listen again).
    pub fn wait(&mut self, timeout: Duration) -> Result<Vec<(String, String)>> {
        let mut notices = Vec::new();
        let mut notifications = self.client.notifications();
        let first = notifications.timeout_iter(timeout).next()?;
        if let Some(first) = first {
            notices.push((first.channel().to_owned(), first.payload().to_owned()));
            let mut pending = notifications.iter();
            while let Some(next) = pending.next()? {
                notices.push((next.channel().to_owned(), next.payload().to_owned()));
            }
        }
        drop(notifications);
        // The client answers "nothing" both when nothing came and when the server went away.
        if notices.is_empty() && self.client.is_closed() {
            return Err(StoreError::ListenerClosed { url: self.url.clone() });
        }
        Ok(notices)
    }
}
