//! The catalogue as the service holds it: each problem with its statement rendered to safe HTML
//! and its prepared tests (expected answers filled in by the reference) computed once, on first
//! use or by the background warm-up. Each problem is also packed ([`verdict_packages::Package`])
//! when the catalogue loads: its content hash goes with every submission to it, and the package
//! is published in the store, so a worker anywhere judges the submission against the problem as
//! it was when it was submitted.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use verdict_catalog::{PackageError, Problem};
use verdict_judge::{Judge, JudgeError, PreparedProblem, Visibility};
use verdict_packages::Package;

/// One problem of the catalogue.
#[derive(Debug)]
pub struct ProblemEntry {
    pub problem: Problem,
    pub statement_html: String,
    /// The content hash of the problem's package: what its submissions are judged against.
    /// None when the folder could not be packed (its submissions are judged on this node's copy).
    pub package: Option<String>,
    prepared: Mutex<Option<Arc<PreparedProblem>>>,
    /// Per-candidate variants prepared lately, by seed, the most recently used last: each
    /// candidate's submissions (and the report) reuse theirs.
    variants: Mutex<VecDeque<(u64, Arc<Prepared>)>>,
}

/// Tests prepared once: concurrent callers wait for the first rather than preparing twice.
type Prepared = Mutex<Option<Arc<PreparedProblem>>>;

/// Variants kept prepared per problem beyond its own tests.
const KEEP_VARIANTS: usize = 16;

impl ProblemEntry {
    pub fn new(problem: Problem) -> Self {
        Self::with_package(problem, None)
    }

    /// The entry of a problem whose package has the content hash `package`.
    pub fn with_package(problem: Problem, package: Option<String>) -> Self {
        let statement_html = render_statement(&problem.statement);
        Self { problem, statement_html, package, prepared: Mutex::new(None), variants: Mutex::new(VecDeque::new()) }
    }

    pub fn slug(&self) -> &str {
        self.problem.slug()
    }

    /// The problem's tests with every expected answer known. The first call prepares them (it
    /// runs the generator and the reference in the sandbox); concurrent callers wait for it
    /// rather than preparing twice. A failure is not remembered, so the next call tries again.
    pub fn prepared(&self, judge: &Judge<'_>) -> Result<Arc<PreparedProblem>, JudgeError> {
        prepare_once(&self.prepared, || judge.prepare(&self.problem))
    }

    /// The tests of the variant of `seed` (the problem's own without one, or when the problem
    /// makes no variants), prepared once like [`ProblemEntry::prepared`].
    pub fn prepared_variant(&self, judge: &Judge<'_>, seed: Option<u64>) -> Result<Arc<PreparedProblem>, JudgeError> {
        let Some((seed, variant)) = seed.and_then(|s| Some((s, self.problem.variant(s)?))) else {
            return self.prepared(judge);
        };
        let cell = {
            let mut variants = self.variants.lock().unwrap_or_else(PoisonError::into_inner);
            let cell = match variants.iter().position(|(s, _)| *s == seed) {
                Some(at) => variants.remove(at).map_or_else(Default::default, |(_, cell)| cell),
                None => Arc::default(),
            };
            variants.push_back((seed, Arc::clone(&cell)));
            while variants.len() > KEEP_VARIANTS {
                variants.pop_front();
            }
            cell
        };
        prepare_once(&cell, || judge.prepare(&variant))
    }

    /// The variant of `seed`'s tests if they are prepared now (see [`ProblemEntry::prepared_if_ready`]).
    pub fn variant_if_ready(&self, seed: u64) -> Option<Arc<PreparedProblem>> {
        let variants = self.variants.try_lock().ok()?;
        let (_, cell) = variants.iter().find(|(s, _)| *s == seed)?;
        cell.try_lock().ok().and_then(|slot| slot.as_ref().map(Arc::clone))
    }
}

/// The tests in `slot`, prepared by `prepare` if they are not yet. A failure is not remembered.
fn prepare_once(
    slot: &Prepared,
    prepare: impl FnOnce() -> Result<PreparedProblem, JudgeError>,
) -> Result<Arc<PreparedProblem>, JudgeError> {
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(prepared) = slot.as_ref() {
        return Ok(Arc::clone(prepared));
    }
    let prepared = Arc::new(prepare()?);
    *slot = Some(Arc::clone(&prepared));
    Ok(prepared)
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
    // The example fences keep their class (`language-input`, …), so the page can label them.
    static EXAMPLE_CLASSES: std::sync::LazyLock<[String; 3]> =
        std::sync::LazyLock::new(|| verdict_catalog::statement::EXAMPLE_TAGS.map(|tag| format!("language-{tag}")));
    ammonia::Builder::default()
        .rm_tags(["img"])
        .add_allowed_classes("code", EXAMPLE_CLASSES.iter().map(String::as_str))
        .clean(&unsafe_html)
        .to_string()
}

/// Every problem of a catalogue folder, by slug, in folder order.
#[derive(Debug, Default)]
pub struct ProblemIndex {
    entries: Vec<Arc<ProblemEntry>>,
    by_slug: HashMap<String, usize>,
    /// Problems that failed to load: the service runs without them, and says so at start.
    pub errors: Vec<PackageError>,
    /// The packages made at load, by problem slug, until the service publishes them in the
    /// store (and drops them).
    pub unpublished: Vec<(String, Package)>,
    /// The catalogue's learning paths (tracks.toml), each naming problems of this index.
    pub tracks: Vec<verdict_catalog::Track>,
}

impl ProblemIndex {
    /// Loads every problem of `root` and packs each one. A problem that loads but cannot be
    /// packed (a symbolic link in its folder, say) is kept without a hash, with a warning: its
    /// submissions are judged on the copy of whichever node claims them, as before packages.
    pub fn load(root: &Path) -> std::io::Result<Self> {
        let catalog = verdict_catalog::load_catalog(root)?;
        let mut unpublished = Vec::new();
        let mut entries = Vec::new();
        for problem in catalog.problems {
            let package = match Package::from_dir(&problem.dir) {
                Ok(package) => {
                    let hash = package.hash().to_owned();
                    unpublished.push((problem.slug().to_owned(), package));
                    Some(hash)
                }
                Err(error) => {
                    tracing::warn!(problem = problem.slug(), %error, "cannot pack the problem; only this node can judge it");
                    None
                }
            };
            entries.push(Arc::new(ProblemEntry::with_package(problem, package)));
        }
        let by_slug = entries.iter().enumerate().map(|(i, e)| (e.slug().to_owned(), i)).collect();
        Ok(Self { entries, by_slug, errors: catalog.errors, unpublished, tracks: catalog.tracks })
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

    #[test]
    fn example_fences_keep_their_class_and_no_other_class_survives() {
        let html =
            render_statement("```input\n1 2\n```\n\n```output\n3\n```\n\n```python\nx\n```\n\n<p class=\"evil\">p</p>");
        assert!(html.contains(r#"<code class="language-input">1 2"#), "{html}");
        assert!(html.contains(r#"<code class="language-output">3"#), "{html}");
        assert!(!html.contains("language-python") && !html.contains("evil"), "{html}");
    }
}
