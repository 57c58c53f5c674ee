//! The handlers' way to call the store: off the async threads (SQLite waits on fsync), with the
//! store's refusals turned into API errors.

use crate::error::ApiError;
use std::sync::Arc;
use verdict_store::Store;

/// Runs a store call on a blocking thread.
pub async fn blocking<T: Send + 'static>(
    store: &Arc<dyn Store>,
    call: impl FnOnce(&dyn Store) -> verdict_store::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || call(store.as_ref())).await.map_err(ApiError::internal)?.map_err(ApiError::from)
}
