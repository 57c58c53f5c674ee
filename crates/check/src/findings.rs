//! What a check found: errors located by problem, file and line.

use std::path::PathBuf;
use verdict_catalog::PackageError;

/// The errors found in one problem so far.
pub(crate) struct Findings<'a> {
    pub slug: &'a str,
    pub errors: Vec<PackageError>,
}

impl Findings<'_> {
    pub fn add(&mut self, file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) {
        self.errors.push(PackageError {
            problem: self.slug.to_owned(),
            file: file.into(),
            line,
            message: message.into(),
        });
    }
}
