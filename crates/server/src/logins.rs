//! The limits on signing in: attempts per client, wrong passwords per email and client, and the
//! bound on password hashes running at once.

use crate::error::ApiError;
use axum::http::StatusCode;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use verdict_accounts::{HashGate, HashPermit};
use verdict_store::Millis;

/// Wrong passwords allowed per email and client in the window before that client's sign-in to
/// that email is refused for a while. Keyed by client too, so a stranger's guesses cannot lock
/// the owner out: they lock only the stranger's own address out of that account.
pub const MAX_FAILED_LOGINS: usize = 5;
pub const FAILED_LOGIN_WINDOW_MS: Millis = 15 * 60 * 1000;

/// Sign-in attempts (logins and password setups, right or wrong) one client may make in a
/// burst; after that, one more every [`CLIENT_ATTEMPT_PERIOD`].
pub const CLIENT_ATTEMPT_BURST: u32 = 20;
pub const CLIENT_ATTEMPT_PERIOD: std::time::Duration = std::time::Duration::from_secs(3);

/// How many (email, client) pairs, or clients, are tracked before those with no recent attempt
/// are forgotten.
const PRUNE_AT: usize = 1024;

/// What stands between anyone on the network and the password hash: a per-client limit on
/// attempts, a per-(email, client) limit on wrong passwords, and the bound on hashes running at
/// once. In memory: a restart forgets, which only helps a person who mistyped.
#[derive(Debug)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<(String, IpAddr), Vec<Millis>>>,
    clients: DefaultKeyedRateLimiter<IpAddr>,
    pub hashing: Arc<HashGate>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::new(HashGate::for_this_machine())
    }
}

impl LoginLimiter {
    pub fn new(hashing: Arc<HashGate>) -> Self {
        let burst = NonZeroU32::new(CLIENT_ATTEMPT_BURST).unwrap_or(NonZeroU32::MIN);
        let quota =
            Quota::with_period(CLIENT_ATTEMPT_PERIOD).map_or(Quota::per_second(burst), |q| q.allow_burst(burst));
        Self { failures: Mutex::default(), clients: RateLimiter::keyed(quota), hashing }
    }

    /// Counts a sign-in attempt from a client; 429 when it has made too many lately.
    pub fn admit(&self, client: IpAddr) -> Result<(), ApiError> {
        if self.clients.len() >= PRUNE_AT {
            self.clients.retain_recent();
        }
        self.clients.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            too_many(wait.as_secs() + 1, "too many sign-in attempts from your address: wait a little".into())
        })
    }

    /// A permit to hash a password, or 503 when as many hashes as the machine has cores are
    /// running: the client is told to retry rather than queued with the memory each hash holds.
    pub fn hash_permit(&self) -> Result<HashPermit, ApiError> {
        self.hashing.try_permit().ok_or_else(|| ApiError {
            retry_after_seconds: Some(1),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the server is busy signing people in: try again in a second",
            )
        })
    }

    /// 429 when this client has had too many wrong passwords for this email lately.
    pub fn check_failures(&self, email: &str, client: IpAddr, now: Millis) -> Result<(), ApiError> {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(times) = failures.get_mut(&(email.to_lowercase(), client)) else { return Ok(()) };
        times.retain(|&t| now - t < FAILED_LOGIN_WINDOW_MS);
        match times.first() {
            Some(&oldest) if times.len() >= MAX_FAILED_LOGINS => {
                let seconds = ((oldest + FAILED_LOGIN_WINDOW_MS - now) / 1000).max(1) as u64;
                Err(too_many(
                    seconds,
                    format!("too many wrong passwords for this email: try again in {} minutes", seconds.div_ceil(60)),
                ))
            }
            _ => Ok(()),
        }
    }

    pub fn failed(&self, email: &str, client: IpAddr, now: Millis) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Failures for many different emails must not grow the map without bound: past a size,
        // pairs whose failures have all left the window are forgotten.
        if failures.len() >= PRUNE_AT {
            failures.retain(|_, times| times.last().is_some_and(|&t| now - t < FAILED_LOGIN_WINDOW_MS));
        }
        failures.entry((email.to_lowercase(), client)).or_default().push(now);
    }

    pub fn succeeded(&self, email: &str, client: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        failures.remove(&(email.to_lowercase(), client));
    }
}

fn too_many(retry_after_seconds: u64, message: String) -> ApiError {
    ApiError {
        retry_after_seconds: Some(retry_after_seconds),
        ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message)
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn five_failures_block_an_email_from_one_client_for_the_rest_of_the_window() {
        let limiter = LoginLimiter::new(HashGate::new(1));
        let (stranger, owner): (IpAddr, IpAddr) = ([203, 0, 113, 9].into(), [198, 51, 100, 7].into());
        for i in 0..5 {
            assert!(limiter.check_failures("A@x.test", stranger, i).is_ok());
            limiter.failed("a@x.test", stranger, i);
        }
        let blocked = limiter.check_failures("a@X.test", stranger, 60_000).expect_err("blocked");
        assert_eq!((blocked.status, blocked.retry_after_seconds), (StatusCode::TOO_MANY_REQUESTS, Some(840)));
        assert!(limiter.check_failures("a@x.test", owner, 60_000).is_ok(), "the owner's address is not affected");
        assert!(limiter.check_failures("b@x.test", stranger, 60_000).is_ok(), "other emails are not affected");
        assert!(limiter.check_failures("a@x.test", stranger, FAILED_LOGIN_WINDOW_MS + 5).is_ok(), "the window passes");
        limiter.failed("c@x.test", owner, 0);
        limiter.succeeded("c@x.test", owner);
        assert_eq!(limiter.failures.lock().map(|f| f.contains_key(&("c@x.test".into(), owner))).ok(), Some(false));
        for i in 0..PRUNE_AT {
            limiter.failed(&format!("spray{i}@x.test"), stranger, 0);
        }
        limiter.failed("late@x.test", stranger, FAILED_LOGIN_WINDOW_MS + 1);
        assert_eq!(limiter.failures.lock().map(|f| f.len()).ok(), Some(1), "stale pairs are forgotten");
    }

    #[test]
    fn a_client_gets_a_burst_of_attempts_then_429() {
        let limiter = LoginLimiter::new(HashGate::new(1));
        let (busy, other): (IpAddr, IpAddr) = ([203, 0, 113, 9].into(), [198, 51, 100, 7].into());
        for _ in 0..CLIENT_ATTEMPT_BURST {
            assert!(limiter.admit(busy).is_ok());
        }
        let refused = limiter.admit(busy).expect_err("past the burst");
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.retry_after_seconds.is_some_and(|s| (1..=CLIENT_ATTEMPT_PERIOD.as_secs() + 1).contains(&s)));
        assert!(limiter.admit(other).is_ok(), "another client is not affected");
    }
}
