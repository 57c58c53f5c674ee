//! Practice's acceptance figures as the server keeps them: counted by the store in one
//! aggregate query and reused for a short while, so neither the list nor a problem page costs a
//! query per problem or per request.

use crate::aids_views::AcceptanceView;
use crate::error::ApiError;
use crate::store_call::blocking;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use verdict_store::{Acceptance, Store};

/// How long acceptance figures are reused by default before the store is asked again: the list
/// and every problem page read them, and one aggregate query per this long is all they cost.
pub const ACCEPTANCE_TTL: Duration = Duration::from_secs(30);

/// Every problem's acceptance by slug.
pub type Figures = Arc<HashMap<String, Acceptance>>;

/// Every problem's acceptance, as the store last counted it.
#[derive(Debug)]
pub struct AcceptanceCache {
    ttl: Duration,
    last: tokio::sync::Mutex<Option<(Instant, Figures)>>,
}

impl AcceptanceCache {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, last: tokio::sync::Mutex::new(None) }
    }

    /// The figures, counted again when older than the cache's time to live (one caller counts while
    /// the others wait for it).
    pub async fn get(&self, store: &Arc<dyn Store>) -> Result<Figures, ApiError> {
        let mut last = self.last.lock().await;
        if let Some((_, figures)) = last.as_ref().filter(|(at, _)| at.elapsed() < self.ttl) {
            return Ok(Arc::clone(figures));
        }
        let figures = Arc::new(blocking(store, |s| s.acceptance()).await?);
        *last = Some((Instant::now(), Arc::clone(&figures)));
        Ok(figures)
    }
}

/// The view of one problem's figures; None when nobody got a verdict on it.
pub fn view(figures: &HashMap<String, Acceptance>, slug: &str) -> Option<AcceptanceView> {
    let a = figures.get(slug).filter(|a| a.tried > 0)?;
    Some(AcceptanceView { solved: a.solved, tried: a.tried, rate: a.solved as f64 / a.tried as f64 })
}
