//! What practice's list, learning aids and tracks send (issue 22, item 2). Practice only: no
//! attempt endpoint returns any of these types, so an assessment never shows a hint, a
//! write-up, an acceptance rate or a related problem.

use crate::debug_views::DebugView;
use crate::views::StatusView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProblemSummary {
    pub slug: String,
    pub title: String,
    /// `function`, `stdio`, `sql`, `orm`, `tests` or `pandas`.
    pub kind: String,
    /// Set on a debugging problem (the starter is buggy code to fix), with its budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<DebugView>,
    /// `easy`, `medium` or `hard`.
    pub difficulty: String,
    pub topics: Vec<String>,
    pub status: Option<StatusView>,
    /// Of the practice candidates who got a verdict on it, how many solved it; null when none
    /// has (figures up to a short while old: see `crate::acceptance::ACCEPTANCE_TTL`).
    pub acceptance: Option<AcceptanceView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProblemList {
    pub problems: Vec<ProblemSummary>,
    /// Every kind of problem the catalogue has, for filters.
    pub kinds: Vec<String>,
    /// Every topic of the catalogue, for filters.
    pub topics: Vec<String>,
}

/// A problem's acceptance, counted by candidate (not by submission): `solved` of `tried`
/// practice candidates with a graded submission; `rate` is solved / tried.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AcceptanceView {
    pub solved: u64,
    pub tried: u64,
    pub rate: f64,
}

/// One revealed hint, its Markdown rendered and sanitised.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HintView {
    /// 1 for the first hint.
    pub number: u32,
    pub title: String,
    pub html: String,
}

/// Whether the candidate may read the write-up: `none` (the problem has none), `locked` (no
/// submission yet), `on_request` (submitted, not solved: ask with POST .../writeup), `open`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WriteupAccess {
    None,
    Locked,
    OnRequest,
    Open,
}

/// The write-up: the approach, its complexity and the reference solution.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WriteupView {
    pub html: String,
    /// Time complexity as the author states it (`O(n)`).
    pub time: String,
    /// Space complexity (`O(1)`).
    pub space: String,
    /// The reference solution's code, an accepted submission of the package.
    pub reference: String,
    /// `python` or `sql`.
    pub language: String,
}

/// A problem to try next.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RelatedView {
    pub slug: String,
    pub title: String,
    pub difficulty: String,
    pub status: Option<StatusView>,
}

/// A practice problem's learning aids as this candidate stands: the hints revealed so far, the
/// write-up when it is open to them, acceptance and related problems.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AidsView {
    /// How many hints the problem has.
    pub hints_total: u32,
    /// The hints revealed, in order.
    pub hints: Vec<HintView>,
    pub writeup_access: WriteupAccess,
    /// Set when `writeup_access` is `open`.
    pub writeup: Option<WriteupView>,
    pub acceptance: Option<AcceptanceView>,
    pub related: Vec<RelatedView>,
}

/// Revealing a hint or asking for the write-up takes no options: the body is `{}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AidRequest {}

/// A track in the list, with the candidate's progress.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrackSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Problems of the track.
    pub total: u32,
    /// Of them, solved by this candidate.
    pub solved: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrackList {
    pub tracks: Vec<TrackSummary>,
}

/// One problem of a track's step.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrackProblemView {
    pub slug: String,
    pub title: String,
    pub difficulty: String,
    pub kind: String,
    pub status: Option<StatusView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrackStepView {
    pub title: String,
    pub problems: Vec<TrackProblemView>,
}

/// A track: its steps in order, with the candidate's progress.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrackView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub total: u32,
    pub solved: u32,
    pub steps: Vec<TrackStepView>,
}
