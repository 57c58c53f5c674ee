//! Store calls from async code: SQLite waits on fsync, so each call runs on a blocking thread,
//! and its refusals become the API's errors.

use crate::error::ApiError;
use std::sync::Arc;
use verdict_store::Store;

/// Runs a store call off the async threads.
pub async fn blocking<T: Send + 'static>(
    store: &Arc<dyn Store>,
    call: impl FnOnce(&dyn Store) -> verdict_store::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || call(store.as_ref())).await.map_err(ApiError::internal)?.map_err(ApiError::from)
}
