//! A small pool of connections: a free one is reused, a new one opened while fewer than the
//! most are open, otherwise the caller waits for one to come back. A connection the server
//! closed (a restart, a network break) is not put back.

use crate::error::{Result, StoreError};
use postgres::{Client, Config, NoTls};
use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

pub(super) struct Pool {
    config: Config,
    /// The URL without its password, for every message that names the database.
    display_url: String,
    most: usize,
    state: Mutex<State>,
    returned: Condvar,
}

struct State {
    free: Vec<Client>,
    open: usize,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool").field("url", &self.display_url).field("most", &self.most).finish()
    }
}

impl Drop for Pool {
    /// Closes the free connections on a thread of their own: closing one blocks on a runtime of
    /// the client's, which panics on a thread that drives an async runtime (the last holder of a
    /// store may be a server's task at shutdown), and a panic in a drop there aborts the process.
    fn drop(&mut self) {
        let free = std::mem::take(&mut self.state.get_mut().unwrap_or_else(PoisonError::into_inner).free);
        if free.is_empty() {
            return;
        }
        let _ = std::thread::Builder::new().name("pg-close".into()).spawn(move || drop(free)).map(|t| t.join());
    }
}

impl Pool {
    /// Parses `url` (nothing connects yet).
    pub(super) fn new(url: &str, most: usize) -> Result<Self> {
        let display_url = super::without_password(url);
        let config = Config::from_str(url).map_err(|error| StoreError::Connect { url: display_url.clone(), error })?;
        Ok(Self {
            config,
            display_url,
            most: most.max(1),
            state: Mutex::new(State { free: Vec::new(), open: 0 }),
            returned: Condvar::new(),
        })
    }

    /// The most connections open at once.
    pub(super) fn most(&self) -> usize {
        self.most
    }

    /// How a connection is made (a listener makes one of its own, outside the pool).
    pub(super) fn config(&self) -> &Config {
        &self.config
    }

    pub(super) fn display_url(&self) -> &str {
        &self.display_url
    }

    /// A connection, open and not in use.
    pub(super) fn get(&self) -> Result<Pooled<'_>> {
        let mut state = self.lock();
        loop {
            if let Some(client) = state.free.pop() {
                return Ok(Pooled { pool: self, client: Some(client) });
            }
            if state.open < self.most {
                state.open += 1;
                drop(state);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Pooled { pool: self, client: Some(client) }),
                    Err(error) => {
                        self.lock().open -= 1;
                        self.returned.notify_one();
                        Err(StoreError::Connect { url: self.display_url.clone(), error })
                    }
                };
            }
            state = self.returned.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is a list and a count, each change one step: a panic cannot leave it torn.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A connection on loan from the pool, given back when dropped.
pub(super) struct Pooled<'p> {
    pool: &'p Pool,
    client: Option<Client>,
}

impl Deref for Pooled<'_> {
    type Target = Client;

    fn deref(&self) -> &Client {
        self.client.as_ref().unwrap_or_else(|| unreachable!("a pooled connection is present until dropped"))
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().unwrap_or_else(|| unreachable!("a pooled connection is present until dropped"))
    }
}

impl Pooled<'_> {
    /// Closes a connection that failed before anything ran on it instead of giving it back.
    /// The server's "terminating connection" can arrive before the client sees the socket
    /// close, so `is_closed` alone would put a dead connection back.
    pub(super) fn discard(mut self) {
        drop(self.client.take());
        self.pool.lock().open -= 1;
        self.pool.returned.notify_one();
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else { return };
        let mut state = self.pool.lock();
        if client.is_closed() {
            state.open -= 1;
        } else {
            state.free.push(client);
        }
        drop(state);
        self.pool.returned.notify_one();
    }
}
