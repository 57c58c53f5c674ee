//! Webhooks over HTTP, for a team's admins: the team's endpoints (add one, with its signing
//! secret shown once; change its URL, events or switch; rotate its secret, the new one shown
//! once; delete it), its recent deliveries with every try and the answer each got, and
//! redelivering one. Who may call these is `policy`'s table (admins). The secret is never
//! shown again after the answer that made it.

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{random_id, ApiJson, ApiPath};
use crate::state::AppState;
use crate::store_call::blocking;
use crate::views::timestamp;
use crate::webhooks::{check_url, DELIVERY_TIMEOUT};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use verdict_store::{WebhookDelivery, WebhookEndpoint, MAX_ATTEMPTS, MAX_WEBHOOK_ENDPOINTS, WEBHOOK_EVENTS};

/// The most deliveries one answer lists (the newest).
pub const DELIVERY_LIST_LIMIT: u32 = 50;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EndpointView {
    pub id: String,
    pub url: String,
    /// The events it receives.
    pub events: Vec<String>,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EndpointList {
    pub endpoints: Vec<EndpointView>,
    /// The events an endpoint may ask for.
    pub events: Vec<String>,
    pub max_endpoints: i64,
    /// Whether this service delivers to loopback and private addresses.
    pub private_addresses_allowed: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewSecretView {
    pub endpoint: EndpointView,
    /// The signing secret: shown this once (rotate to get a new one).
    pub secret: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointInput {
    /// An http:// or https:// URL, at most 2000 characters; deliveries go from the serve nodes.
    pub url: String,
    /// One or more of `invitation.created`, `attempt.started`, `attempt.finished`,
    /// `attempt.graded`.
    pub events: Vec<String>,
    /// Whether it receives events (default true).
    #[serde(default = "on")]
    pub enabled: bool,
}

fn on() -> bool {
    true
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TryView {
    pub at: String,
    /// The HTTP status of the answer; null when there was none.
    pub status_code: Option<u16>,
    /// Why it did not count as delivered.
    pub error: Option<String>,
    /// The head of the answer's body (at most 1,024 characters).
    pub response_body: String,
    pub duration_ms: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    /// Sent as `Verdict-Delivery`.
    pub id: String,
    pub endpoint: String,
    /// Sent as `Verdict-Event`; the same for every delivery of one event.
    pub event_id: String,
    pub event_type: String,
    /// `pending` (waiting for its next try), `sent` or `failed` (after the last try).
    pub status: String,
    pub attempts: u32,
    pub max_attempts: u32,
    /// When a pending delivery is tried next.
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The event as stored (the body sent adds `data.report_url`).
    #[schema(value_type = Object)]
    pub event: Value,
    /// Every try, oldest first.
    pub tries: Vec<TryView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeliveryList {
    pub deliveries: Vec<DeliveryView>,
    /// How long a try waits for an answer.
    pub timeout_seconds: u64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RedeliveryView {
    /// The new delivery, tried at once.
    pub delivery: String,
}

fn endpoint_view(e: WebhookEndpoint) -> EndpointView {
    EndpointView {
        id: e.id,
        url: e.url,
        events: e.events,
        enabled: e.enabled,
        created_at: timestamp(e.created_at),
        updated_at: timestamp(e.updated_at),
    }
}

fn delivery_view(d: WebhookDelivery) -> DeliveryView {
    let text = |key: &str| d.event[key].as_str().unwrap_or_default().to_owned();
    DeliveryView {
        id: d.id.clone(),
        endpoint: d.endpoint.clone(),
        event_id: text("id"),
        event_type: text("type"),
        next_attempt_at: (d.status == "pending").then(|| timestamp(d.next_attempt_at)),
        status: d.status,
        attempts: d.attempts,
        max_attempts: MAX_ATTEMPTS,
        created_at: timestamp(d.created_at),
        sent_at: d.sent_at.map(timestamp),
        event: d.event,
        tries: d
            .tries
            .into_iter()
            .map(|t| TryView {
                at: timestamp(t.at),
                status_code: t.status,
                error: t.error,
                response_body: t.body,
                duration_ms: t.duration_ms,
            })
            .collect(),
    }
}

/// 128 random bits as hex after `whsec_`: what a receiver keeps to check signatures.
fn new_secret() -> String {
    format!("whsec_{}", verdict_accounts::random_hex(32))
}

/// Checks an endpoint's fields, naming the one that is wrong.
fn checked(app: &AppState, team: &str, id: String, body: EndpointInput) -> Result<WebhookEndpoint, ApiError> {
    let url =
        check_url(&body.url, app.webhooks.allow_private).map_err(|e| ApiError::invalid("url", format!("url {e}")))?;
    if body.events.is_empty() {
        return Err(ApiError::invalid("events", format!("name at least one event of: {}", WEBHOOK_EVENTS.join(", "))));
    }
    let mut events: Vec<String> = Vec::new();
    for event in body.events {
        if !WEBHOOK_EVENTS.contains(&event.as_str()) {
            let known = WEBHOOK_EVENTS.join(", ");
            return Err(ApiError::invalid("events", format!("no event `{event}` (there are: {known})")));
        }
        if !events.contains(&event) {
            events.push(event);
        }
    }
    Ok(WebhookEndpoint {
        id,
        team: team.to_owned(),
        url: url.to_string(),
        events,
        enabled: body.enabled,
        created_at: 0,
        updated_at: 0,
    })
}

fn no_endpoint(id: &str) -> ApiError {
    ApiError::not_found(format!("this team has no webhook endpoint `{id}`"))
}

/// The team's webhook endpoints (never their secrets).
#[utoipa::path(get, path = "/webhooks", responses((status = 200, body = EndpointList), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_endpoints(
    State(app): State<AppState>,
    member: TeamMember,
) -> Result<Json<EndpointList>, ApiError> {
    let team = member.0.team.clone();
    let found = blocking(&app.store, move |s| s.webhooks(&team)).await?;
    Ok(Json(EndpointList {
        endpoints: found.into_iter().map(endpoint_view).collect(),
        events: WEBHOOK_EVENTS.iter().map(|e| (*e).to_owned()).collect(),
        max_endpoints: MAX_WEBHOOK_ENDPOINTS,
        private_addresses_allowed: app.webhooks.allow_private,
    }))
}

/// Adds an endpoint; its signing secret is in this answer only. 422 naming the field (a URL
/// that is not http(s), or an internal address on a service without
/// `--webhooks-allow-private`; an unknown event); 409 `too_many_endpoints`.
#[utoipa::path(post, path = "/webhooks", request_body = EndpointInput,
    responses((status = 201, body = NewSecretView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_endpoint(
    State(app): State<AppState>,
    member: TeamMember,
    ApiJson(body): ApiJson<EndpointInput>,
) -> Result<(StatusCode, Json<NewSecretView>), ApiError> {
    let new = checked(&app, &member.0.team, random_id(), body)?;
    let (secret, actor) = (new_secret(), member.actor());
    let shown = secret.clone();
    let made = blocking(&app.store, move |s| s.create_webhook(&new, &secret, &actor)).await?;
    Ok((StatusCode::CREATED, Json(NewSecretView { endpoint: endpoint_view(made), secret: shown })))
}

/// Changes an endpoint's URL, events and switch (its secret stays).
#[utoipa::path(put, path = "/webhooks/{id}", params(("id" = String, Path)), request_body = EndpointInput,
    responses((status = 200, body = EndpointView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_endpoint(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<EndpointInput>,
) -> Result<Json<EndpointView>, ApiError> {
    let changed = checked(&app, &member.0.team, id.clone(), body)?;
    let actor = member.actor();
    let updated = blocking(&app.store, move |s| s.update_webhook(&changed, None, &actor)).await?;
    updated.map(|e| Json(endpoint_view(e))).ok_or_else(|| no_endpoint(&id))
}

/// Gives an endpoint a new signing secret, in this answer only; the old one stops at once.
#[utoipa::path(post, path = "/webhooks/{id}/rotate-secret", params(("id" = String, Path)),
    responses((status = 200, body = NewSecretView), (status = 404, body = ErrorBody)))]
pub(crate) async fn rotate_secret(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<NewSecretView>, ApiError> {
    let (team, key) = (member.0.team.clone(), id.clone());
    let current = blocking(&app.store, move |s| s.webhook(&team, &key)).await?.ok_or_else(|| no_endpoint(&id))?;
    let (secret, actor) = (new_secret(), member.actor());
    let shown = secret.clone();
    let updated = blocking(&app.store, move |s| s.update_webhook(&current, Some(&secret), &actor)).await?;
    let endpoint = updated.ok_or_else(|| no_endpoint(&id))?;
    Ok(Json(NewSecretView { endpoint: endpoint_view(endpoint), secret: shown }))
}

/// Deletes an endpoint; its deliveries still waiting end failed.
#[utoipa::path(delete, path = "/webhooks/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_endpoint(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let (team, key, actor) = (member.0.team.clone(), id.clone(), member.actor());
    if blocking(&app.store, move |s| s.delete_webhook(&team, &key, &actor)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_endpoint(&id))
    }
}

/// The team's newest deliveries (at most 50), each with every try and its answer.
#[utoipa::path(get, path = "/webhooks/deliveries", responses((status = 200, body = DeliveryList), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_deliveries(
    State(app): State<AppState>,
    member: TeamMember,
) -> Result<Json<DeliveryList>, ApiError> {
    let team = member.0.team.clone();
    let found = blocking(&app.store, move |s| s.webhook_deliveries(&team, DELIVERY_LIST_LIMIT)).await?;
    Ok(Json(DeliveryList {
        deliveries: found.into_iter().map(delivery_view).collect(),
        timeout_seconds: DELIVERY_TIMEOUT.as_secs(),
    }))
}

/// Sends a delivery's event again, as a new delivery tried at once (same event id, new
/// delivery id). 409 `outbox_full` when the team has too many messages waiting.
#[utoipa::path(post, path = "/webhooks/deliveries/{id}/redeliver", params(("id" = String, Path)),
    responses((status = 202, body = RedeliveryView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn redeliver(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<(StatusCode, Json<RedeliveryView>), ApiError> {
    let (team, key) = (member.0.team.clone(), id.clone());
    let delivery = blocking(&app.store, move |s| s.redeliver_webhook(&team, &key))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("this team has no webhook delivery `{id}`")))?;
    Ok((StatusCode::ACCEPTED, Json(RedeliveryView { delivery })))
}
