//! Integrity signals: the candidate's page sends, in batches, what it saw while the candidate
//! worked (pastes and their size, the page losing and regaining focus) and the editor's
//! changes as deltas (keystroke playback); the server adds each run. The team reads them back
//! as a timeline of prompts and a recording to replay. Batches are bounded here (events and
//! changes per batch, the base's size), attempts in the store (`MAX_ATTEMPT_EVENTS`,
//! `MAX_RECORDING_BYTES`); like autosave, nothing is taken after the deadline.

use crate::attempt::{open, role, Role};
use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{check_code, ApiJson, ApiPath};
use crate::hiring::playback::recording_view;
use crate::hiring::timeline::{timeline, ActivityReport, TIMELINE_NOTE};
use crate::state::AppState;
use crate::store_call::blocking;
use crate::submissions::ATTEMPT_HISTORY_LIMIT;
use crate::team::{own_assessment, own_invitation};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_store::{Delta, DeltaBatch, NewEvent, Owner};

/// Most events one batch may carry (the page sends every few seconds).
pub const MAX_BATCH_EVENTS: usize = 200;
/// Most editor changes one batch may carry.
pub const MAX_BATCH_CHANGES: usize = 2000;

/// What the page saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Text pasted (or dropped) into the editor.
    Paste,
    /// The page lost focus (another window or tab).
    Blur,
    /// The page has focus again.
    Focus,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub kind: EventKind,
    /// How many milliseconds before sending it happened (times are the server's; the store
    /// believes at most ten minutes).
    pub age_ms: u32,
    /// Characters pasted (for `paste`); never the text itself.
    pub chars: Option<u32>,
}

/// A batch from the attempt's page for the problem it shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityRequest {
    pub problem: String,
    #[serde(default)]
    pub events: Vec<EventInput>,
    /// The whole text before this page's first change (sent once per page load).
    pub base: Option<String>,
    /// Editor changes in order, each `[age_ms, from, to, insert]`: replace UTF-16 units
    /// `from..to` of the text as the change before left it with `insert`.
    #[serde(default)]
    pub changes: Vec<(u32, u32, u32, String)>,
}

/// What is kept of the attempt's activity now.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActivityReceipt {
    /// The attempt's events reached their cap: later ones are dropped.
    pub timeline_cut: bool,
    /// This problem's recording reached its cap: later changes are dropped (drafts are saved
    /// as before), so the page may stop sending them.
    pub recording_cut: bool,
}

/// Stores a batch of the attempt's activity; refused with 409 `time_over` after the deadline.
#[utoipa::path(post, path = "/attempts/{token}/activity", params(("token" = String, Path)),
    request_body = ActivityRequest,
    responses((status = 200, body = ActivityReceipt), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn record(
    State(app): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(body): ApiJson<ActivityRequest>,
) -> Result<Json<ActivityReceipt>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    let (problem_role, _) = role(&app, &invitation, &assessment, &body.problem).await.map_err(|e| {
        if e.status == StatusCode::NOT_FOUND {
            e.field("problem")
        } else {
            e
        }
    })?;
    if let Role::Practice = problem_role {
        return Err(ApiError::new(StatusCode::CONFLICT, "practice_only", "the practice problem is not recorded")
            .field("problem"));
    }
    if body.events.len() > MAX_BATCH_EVENTS {
        return Err(ApiError::invalid("events", format!("at most {MAX_BATCH_EVENTS} events in one batch")));
    }
    if body.changes.len() > MAX_BATCH_CHANGES {
        return Err(ApiError::invalid("changes", format!("at most {MAX_BATCH_CHANGES} changes in one batch")));
    }
    if let Some(base) = &body.base {
        check_code("base", base)?;
    }
    for (i, change) in body.changes.iter().enumerate() {
        if change.1 > change.2 {
            return Err(ApiError::invalid(&format!("changes[{i}]"), "`from` is after `to`"));
        }
        check_code(&format!("changes[{i}]"), &change.3)?;
    }
    let events: Vec<NewEvent> = body
        .events
        .iter()
        .map(|e| NewEvent {
            kind: match e.kind {
                EventKind::Paste => "paste",
                EventKind::Blur => "blur",
                EventKind::Focus => "focus",
            }
            .to_owned(),
            age_ms: i64::from(e.age_ms),
            chars: (e.kind == EventKind::Paste).then(|| i64::from(e.chars.unwrap_or(0))),
        })
        .collect();
    let deltas = (body.base.is_some() || !body.changes.is_empty()).then(|| DeltaBatch {
        base: body.base,
        changes: body
            .changes
            .into_iter()
            .map(|(age, from, to, insert)| Delta { at: i64::from(age), from, to, insert })
            .collect(),
    });
    let (id, problem) = (invitation.id, body.problem);
    let kept = blocking(&app.store, move |s| s.record_activity(&id, &problem, &events, deltas.as_ref())).await?;
    Ok(Json(ActivityReceipt { timeline_cut: kept.timeline_cut, recording_cut: kept.recording_cut }))
}

/// One candidate's timeline (pastes, focus, runs, submissions) and keystroke recordings.
#[utoipa::path(get, path = "/assessments/{id}/candidates/{inv}/activity",
    params(("id" = String, Path), ("inv" = String, Path)),
    responses((status = 200, body = ActivityReport), (status = 404, body = ErrorBody)))]
pub(crate) async fn candidate_activity(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
) -> Result<Json<ActivityReport>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    let invitation = own_invitation(&app, &record, &inv).await?;
    let (events, submissions, recordings) = blocking(&app.store, move |s| {
        let owner = Owner::Attempt(invitation.id.clone());
        let events = s.activity_events(&invitation.id)?;
        // The candidate's own problems: a pool's slot is the problem drawn for them.
        let slots = s.attempt_slots(&invitation.id)?;
        let (mut submissions, mut recordings) = (Vec::new(), Vec::new());
        for slug in slots.iter().filter_map(|slot| slot.slug()) {
            submissions.extend(s.submissions_of(&owner, slug, ATTEMPT_HISTORY_LIMIT)?);
            let last = s.attempt_draft(&invitation.id, slug)?.map(|d| d.code);
            recordings.push(recording_view(slug, s.recording(&invitation.id, slug)?, last.as_deref()));
        }
        Ok((events, submissions, recordings))
    })
    .await?;
    // A private problem's title is the one its kept version has.
    let title = |slug: &str| match record.spec.problems.iter().find_map(|p| p.member(slug)) {
        Some(problem) => crate::hiring::views::problem_title(&app.problems, problem),
        None => slug.to_owned(),
    };
    Ok(Json(ActivityReport {
        note: TIMELINE_NOTE.into(),
        timeline_cut: i64::try_from(events.len()).unwrap_or(i64::MAX) >= verdict_store::MAX_ATTEMPT_EVENTS,
        timeline: timeline(&events, &submissions, &title),
        recordings,
    }))
}
