//! Tracks under `/api/tracks`: the catalogue's learning paths (problems/tracks.toml) with the
//! practice candidate's progress, solved of total. Practice only.

use crate::aids::statuses;
use crate::aids_views::*;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiPath, Candidate};
use crate::state::AppState;
use crate::views::StatusView;
use axum::extract::State;
use axum::Json;
use std::collections::HashMap;
use verdict_catalog::Track;

fn solved(track: &Track, statuses: &HashMap<String, StatusView>) -> u32 {
    track.problems().filter(|slug| statuses.get(*slug) == Some(&StatusView::Solved)).count() as u32
}

/// Every track, with how many of its problems the candidate solved.
#[utoipa::path(get, path = "/tracks", responses((status = 200, body = TrackList)))]
pub(crate) async fn tracks(State(app): State<AppState>, candidate: Candidate) -> Result<Json<TrackList>, ApiError> {
    let statuses = statuses(&app, candidate.owner()).await?;
    let tracks = app
        .problems
        .tracks
        .iter()
        .map(|t| TrackSummary {
            slug: t.slug.clone(),
            title: t.title.clone(),
            summary: t.summary.clone(),
            total: t.problems().count() as u32,
            solved: solved(t, &statuses),
        })
        .collect();
    Ok(Json(TrackList { tracks }))
}

/// One track: its steps (topics, or the days of a plan) and their problems, in order, each with
/// the candidate's standing.
#[utoipa::path(get, path = "/tracks/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = TrackView), (status = 404, body = ErrorBody)))]
pub(crate) async fn track(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<TrackView>, ApiError> {
    let Some(track) = app.problems.tracks.iter().find(|t| t.slug == slug) else {
        return Err(ApiError::not_found(format!("no track `{slug}`")));
    };
    let statuses = statuses(&app, candidate.owner()).await?;
    // The catalogue checked every slug when it loaded; a problem missing now is left out.
    let steps = track
        .steps
        .iter()
        .map(|step| TrackStepView {
            title: step.title.clone(),
            problems: step
                .problems
                .iter()
                .filter_map(|slug| app.problems.get(slug))
                .map(|e| TrackProblemView {
                    slug: e.slug().to_owned(),
                    title: e.problem.manifest.title.clone(),
                    difficulty: e.problem.manifest.difficulty.as_str().to_owned(),
                    kind: e.problem.manifest.kind.as_str().to_owned(),
                    status: statuses.get(e.slug()).copied(),
                })
                .collect(),
        })
        .collect();
    Ok(Json(TrackView {
        slug: track.slug.clone(),
        title: track.title.clone(),
        summary: track.summary.clone(),
        total: track.problems().count() as u32,
        solved: solved(track, &statuses),
        steps,
    }))
}
