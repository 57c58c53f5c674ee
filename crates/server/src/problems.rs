//! The catalogue as the service holds it: each problem with its statement rendered to safe HTML
//! and its prepared tests (expected answers filled in by the reference) computed once, on first
//! use or by the background warm-up.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use verdict_catalog::{PackageError, Problem};
use verdict_judge::{Judge, JudgeError, PreparedProblem, Visibility};

/// One problem of the catalogue.
#[derive(Debug)]
pub struct ProblemEntry {
    pub problem: Problem,
    pub statement_html: String,
    prepared: Mutex<Option<Arc<PreparedProblem>>>,
}

impl ProblemEntry {
    pub fn new(problem: Problem) -> Self {
        let statement_html = render_statement(&problem.statement);
        Self { problem, statement_html, prepared: Mutex::new(None) }
    }

    pub fn slug(&self) -> &str {
        self.problem.slug()
    }

    /// The problem's tests with every expected answer known. The first call prepares them (it
    /// runs the generator and the reference in the sandbox); concurrent callers wait for it
    /// rather than preparing twice. A failure is not remembered, so the next call tries again.
    pub fn prepared(&self, judge: &Judge<'_>) -> Result<Arc<PreparedProblem>, JudgeError> {
        let mut slot = self.prepared.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(prepared) = slot.as_ref() {
            return Ok(Arc::clone(prepared));
        }
        let prepared = Arc::new(judge.prepare(&self.problem)?);
        *slot = Some(Arc::clone(&prepared));
        Ok(prepared)
    }
}

impl ProblemEntry {
    /// The prepared tests if they are ready now, without preparing them or waiting for a
    /// preparation under way.
    pub fn prepared_if_ready(&self) -> Option<Arc<PreparedProblem>> {
        self.prepared.try_lock().ok().and_then(|slot| slot.as_ref().map(Arc::clone))
    }
}

/// The problem with only its sample tests, for "Run".
pub fn samples_only(prepared: &PreparedProblem) -> PreparedProblem {
    PreparedProblem {
        problem: prepared.problem.clone(),
        tests: prepared.tests.iter().filter(|t| t.visibility == Visibility::Sample).cloned().collect(),
    }
}

/// Markdown to HTML, then sanitised: statements are trusted authors' text and an assessment's
/// instructions a hiring team's, but the page a candidate sees must neither run script nor load
/// anything from elsewhere. Images are dropped: a remote one is a tracking pixel that tells its
/// owner when and from where the candidate read the page.
pub fn render_statement(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default().rm_tags(["img"]).clean(&unsafe_html).to_string()
}

/// Every problem of a catalogue folder, by slug, in folder order.
#[derive(Debug, Default)]
pub struct ProblemIndex {
    entries: Vec<Arc<ProblemEntry>>,
    by_slug: HashMap<String, usize>,
    /// Problems that failed to load: the service runs without them, and says so at start.
    pub errors: Vec<PackageError>,
}

impl ProblemIndex {
    pub fn load(root: &Path) -> std::io::Result<Self> {
        let catalog = verdict_catalog::load_catalog(root)?;
        let entries: Vec<Arc<ProblemEntry>> =
            catalog.problems.into_iter().map(|p| Arc::new(ProblemEntry::new(p))).collect();
        let by_slug = entries.iter().enumerate().map(|(i, e)| (e.slug().to_owned(), i)).collect();
        Ok(Self { entries, by_slug, errors: catalog.errors })
    }

    pub fn get(&self, slug: &str) -> Option<&Arc<ProblemEntry>> {
        self.by_slug.get(slug).and_then(|&i| self.entries.get(i))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<ProblemEntry>> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn statements_render_without_script() {
        let html = render_statement("# Title\n\nUse `x`.\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1))");
        assert!(html.contains("<h1>Title</h1>") && html.contains("<code>x</code>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("javascript:"), "{html}");
        let html = render_statement("See ![chart](https://tracker.test/p.png) <img src=\"/local.png\">");
        assert!(html.contains("See") && !html.contains("<img") && !html.contains("tracker.test"), "{html}");
    }
}
