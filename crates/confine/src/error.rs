//! The one error of confinement set-up, shared by the jail and the fork server: a layer that
//! could not be applied (the run is refused, naming it), or a failure of the supervisor itself.

use std::fmt;
use verdict_boxspec::plan::JailReport;
use verdict_boxspec::{ConfineError, Layer};

/// Why a run (or a fork server) could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A confinement layer could not be applied; nothing untrusted ran.
    #[error("sandbox layer `{}` could not be applied: {}", .0.layer, .0.detail)]
    Refused(#[from] ConfineError),
    /// The supervisor itself failed (a pipe, a fork, a message out of turn).
    #[error("{0}")]
    Failed(String),
}

impl SetupError {
    /// The supervisor's failure at `what`.
    pub fn failed(what: &str, e: impl fmt::Display) -> Self {
        SetupError::Failed(format!("{what}: {e}"))
    }

    /// The report a run gets when it could not be set up.
    pub fn into_report(self) -> JailReport {
        match self {
            SetupError::Refused(e) => JailReport::Refused { layer: e.layer, detail: e.detail },
            SetupError::Failed(detail) => JailReport::Failed { detail },
        }
    }
}

/// Names the layer a failed call belonged to.
pub(crate) trait Context<T> {
    fn layer(self, layer: Layer, what: impl FnOnce() -> String) -> Result<T, ConfineError>;
}

impl<T, E: fmt::Display> Context<T> for Result<T, E> {
    fn layer(self, layer: Layer, what: impl FnOnce() -> String) -> Result<T, ConfineError> {
        self.map_err(|e| ConfineError::new(layer, format!("{}: {e}", what())))
    }
}
