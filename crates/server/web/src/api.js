// The Verdict HTTP API (same origin; the server's `verdict_candidate` cookie identifies us in
// practice mode, the `verdict_session` cookie a team member, and an attempt's token, in the path,
// a candidate taking an assessment).

export class ApiError extends Error {
  constructor({ status, code, message, field = null, retryAfter = null }) {
    super(message);
    this.name = 'ApiError';
    this.status = status; // HTTP status, 0 for network failures
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter; // seconds, from Retry-After on 429/503
  }

  get busy() {
    return this.status === 429;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function request(method, path, { body, rawBody, contentType, signal, keepalive, allow404 = false } = {}) {
  let response;
  const headers = { Accept: 'application/json' };
  if (rawBody !== undefined) headers['Content-Type'] = contentType;
  // Every state-changing request says it is JSON: the server refuses a cookie-authenticated one
  // that does not (a cross-site form cannot set it).
  else if (body !== undefined || method !== 'GET') headers['Content-Type'] = 'application/json';
  try {
    response = await fetch(path, {
      method,
      signal,
      keepalive,
      headers,
      body: rawBody !== undefined ? rawBody : body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError({
      status: 0,
      code: 'network',
      message: 'Could not reach the Verdict server. Check that it is running, then try again.',
    });
  }
  if (allow404 && response.status === 404) return null;
  if (!response.ok) {
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      // Not JSON: keep the generic message below.
    }
    const error = payload?.error ?? {};
    throw new ApiError({
      status: response.status,
      code: error.code ?? `http_${response.status}`,
      message: error.message ?? `The server answered ${response.status} ${response.statusText}.`.trim(),
      field: error.field ?? null,
      retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
    });
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : null;
}

const enc = encodeURIComponent;

export function listProblems(filters = {}, { signal } = {}) {
  const params = new URLSearchParams();
  for (const key of ['kind', 'topic', 'difficulty', 'q']) {
    if (filters[key]) params.set(key, filters[key]);
  }
  const query = params.toString();
  return request('GET', `/api/problems${query ? `?${query}` : ''}`, { signal });
}

const FINAL_STATES = new Set(['finished', 'failed']);

/**
 * Follow a submission as it is judged: server-sent events first, polling as a fallback.
 * Handlers: onState(state), onTest(testResult), onDone(submission), onError(ApiError).
 * Tests may be delivered more than once (reconnects replay); callers dedupe by number.
 * Returns a function that stops watching.
 */
function watchAt(base, getSubmission, id, { onState, onTest, onDone, onError }) {
  let stopped = false;
  let source = null;
  let failures = 0;
  const controller = new AbortController();

  const finish = (submission) => {
    if (stopped) return;
    stopped = true;
    source?.close();
    onDone(submission);
  };

  const poll = async () => {
    const deadline = Date.now() + 15 * 60 * 1000;
    let delay = 500;
    try {
      while (!stopped && Date.now() < deadline) {
        const submission = await getSubmission(id, { signal: controller.signal });
        if (stopped) return;
        onState?.(submission.state);
        for (const test of submission.tests ?? []) onTest(test);
        if (FINAL_STATES.has(submission.state)) return finish(submission);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 1.5, 3000);
      }
      if (!stopped) {
        stopped = true;
        onError(new ApiError({ status: 0, code: 'timeout', message: 'Gave up waiting for the verdict.' }));
      }
    } catch (err) {
      if (stopped || err.name === 'AbortError') return;
      stopped = true;
      onError(err);
    }
  };

  if (typeof EventSource === 'function') {
    source = new EventSource(`${base}/submissions/${enc(id)}/events`);
    const parse = (event) => {
      try {
        return JSON.parse(event.data);
      } catch {
        return null;
      }
    };
    source.addEventListener('state', (event) => {
      const data = parse(event);
      if (data?.state) onState?.(data.state);
    });
    source.addEventListener('test', (event) => {
      failures = 0;
      const data = parse(event);
      if (data) onTest(data);
    });
    source.addEventListener('done', (event) => {
      const data = parse(event);
      if (data) finish(data);
      else {
        source.close();
        poll();
      }
    });
    source.addEventListener('error', () => {
      if (stopped) return;
      failures += 1;
      // The browser reconnects by itself (the server replays what finished); give up on the
      // stream when it was refused outright or keeps failing, and poll instead.
      if (source.readyState === EventSource.CLOSED || failures >= 3) {
        source.close();
        poll();
      }
    });
  } else {
    poll();
  }

  return () => {
    stopped = true;
    source?.close();
    controller.abort();
  };
}

/**
 * The calls the problem page makes, under `base`: `/api` in practice mode, or
 * `/api/attempts/TOKEN` during an assessment (the same sub-paths).
 */
export function problemApi(base = '/api', { cancellable = true } = {}) {
  const getSubmission = (id, { signal } = {}) => request('GET', `${base}/submissions/${enc(id)}`, { signal });
  return {
    base,
    getProblem: (slug, { signal } = {}) => request('GET', `${base}/problems/${enc(slug)}`, { signal }),
    /** Run on the samples, or on one custom `input` when given. Synchronous result. */
    runCode(slug, code, input, { signal } = {}) {
      const body = input === undefined ? { code } : { code, input };
      return request('POST', `${base}/problems/${enc(slug)}/run`, { body, signal });
    },
    createSubmission: (slug, code, { signal } = {}) =>
      request('POST', `${base}/submissions`, { body: { problem: slug, code }, signal }),
    getSubmission,
    /** Stop judging a queued or running submission (practice only). */
    cancelSubmission: cancellable ? (id) => request('POST', `${base}/submissions/${enc(id)}/cancel`, { body: {} }) : null,
    listSubmissions: (slug, { signal } = {}) => request('GET', `${base}/problems/${enc(slug)}/submissions`, { signal }),
    /** The saved draft, or null when there is none. */
    getDraft: (slug, { signal } = {}) => request('GET', `${base}/drafts/${enc(slug)}`, { signal, allow404: true }),
    saveDraft: (slug, code, { keepalive = false } = {}) =>
      request('PUT', `${base}/drafts/${enc(slug)}`, { body: { code }, keepalive }),
    watchSubmission: (id, handlers) => watchAt(base, getSubmission, id, handlers),
  };
}

/** Practice mode. */
export const practiceApi = problemApi('/api');
export const { getProblem, runCode, createSubmission, getSubmission, listSubmissions, getDraft, saveDraft } = practiceApi;

export const { watchSubmission } = practiceApi;

// ---- team accounts (the `verdict_session` cookie) --------------------------------------------

export const auth = {
  /** Choose a password with a setup link's token; signs in. */
  setup: (token, password) => request('POST', '/api/auth/setup', { body: { token, password } }),
  /** Asks for a reset link by mail: always 202 (503 `mail_off` when the server sends no mail). */
  requestReset: (email) => request('POST', '/api/password-reset', { body: { email } }),
  /** Sets a new password with a reset link's token; signs in and ends the other sessions. */
  reset: (token, password) => request('POST', `/api/password-reset/${encodeURIComponent(token)}`, { body: { password } }),
  login: (email, password) => request('POST', '/api/auth/login', { body: { email, password } }),
  logout: () => request('POST', '/api/auth/logout'),
  /** `{email, team, role}`; ApiError 401 when not signed in. */
  me: ({ signal } = {}) => request('GET', '/api/auth/me', { signal }),
};

/** A candidate's own account (optional): practice follows it across devices once signed in. */
export const account = {
  /** `{mail, account: {email, verified, kept_drafts} | null}`. */
  status: ({ signal } = {}) => request('GET', '/api/account', { signal }),
  /** 202 `{signed_in: false, mail: true}` (check your mail), or without mail 201 signed in. */
  signUp: (email, password) => request('POST', '/api/account/signup', { body: { email, password } }),
  verify: (token) => request('POST', `/api/account/verify/${enc(token)}`, { body: {} }),
  login: (email, password) => request('POST', '/api/account/login', { body: { email, password } }),
  /** Always 202 (503 `mail_off` without mail): never says whether the address has an account. */
  requestLink: (email) => request('POST', '/api/account/sign-in-link', { body: { email } }),
  useLink: (token) => request('POST', `/api/account/sign-in-link/${enc(token)}`, { body: {} }),
  requestReset: (email) => request('POST', '/api/account/password-reset', { body: { email } }),
  reset: (token, password) => request('POST', `/api/account/password-reset/${enc(token)}`, { body: { password } }),
  logout: () => request('POST', '/api/account/logout', { body: {} }),
  /** `{submissions, drafts, kept_drafts, sessions}` deleted. */
  remove: (password) => request('POST', '/api/account/delete', { body: password ? { password } : {} }),
};

const assessmentPath = (id) => `/api/assessments/${enc(id)}`;
const invitationPath = (id, inv) => `${assessmentPath(id)}/invitations/${enc(inv)}`;

export const team = {
  listAssessments: ({ archived = false, signal } = {}) =>
    request('GET', `/api/assessments${archived ? '?archived=true' : ''}`, { signal }),
  createAssessment: (input) => request('POST', '/api/assessments', { body: input }),
  getAssessment: (id, { signal } = {}) => request('GET', assessmentPath(id), { signal }),
  updateAssessment: (id, input) => request('PUT', assessmentPath(id), { body: input }),
  duplicateAssessment: (id) => request('POST', `${assessmentPath(id)}/duplicate`),
  archiveAssessment: (id, archived = true) =>
    request('POST', `${assessmentPath(id)}/${archived ? 'archive' : 'unarchive'}`),
  listInvitations: (id, { signal } = {}) => request('GET', `${assessmentPath(id)}/invitations`, { signal }),
  /** `{invitation, link, mail}`: the only time the link is shown; `mail` is `queued` or `off`.
   * 409 `already_invited` when the email has a live invitation, unless `confirmDuplicate`. */
  invite: (id, name, email, confirmDuplicate = false) =>
    request('POST', `${assessmentPath(id)}/invitations`, {
      body: confirmDuplicate ? { name, email, confirm_duplicate: true } : { name, email },
    }),
  /** CSV with a `name,email` header: `{invitations: [{invitation, link}]}`, all or nothing. */
  inviteBulk: (id, csv) =>
    request('POST', `${assessmentPath(id)}/invitations/bulk`, { rawBody: csv, contentType: 'text/csv' }),
  extraTime: (id, inv, minutes) => request('POST', `${invitationPath(id, inv)}/extra-time`, { body: { minutes } }),
  revoke: (id, inv) => request('POST', `${invitationPath(id, inv)}/revoke`),
  /** The same invitation with a new link (the old one stops working): `{invitation, link, mail}`. */
  resend: (id, inv) => request('POST', `${invitationPath(id, inv)}/resend`),
  report: (id, { signal } = {}) => request('GET', `${assessmentPath(id)}/report`, { signal }),
  reportCsvUrl: (id) => `${assessmentPath(id)}/report.csv`,
  reportJsonUrl: (id) => `${assessmentPath(id)}/report`,
  /** Everything that explains the scores: per-test results, work figures, notes, scorecards. */
  exportJsonUrl: (id) => `${assessmentPath(id)}/export.json`,
  candidate: (id, inv, { signal } = {}) => request('GET', `${assessmentPath(id)}/candidates/${enc(inv)}`, { signal }),
  similarity: (id, { signal } = {}) => request('GET', `${assessmentPath(id)}/similarity`, { signal }),
  /** A candidate's timeline and keystroke recordings. */
  candidateActivity: (id, inv, { signal } = {}) =>
    request('GET', `${assessmentPath(id)}/candidates/${enc(inv)}/activity`, { signal }),
  /** A page of the audit log: the newest entries, or those before the cursor `before`. */
  audit: (id, { signal, before = null } = {}) =>
    request('GET', `${assessmentPath(id)}/audit${before === null ? '' : `?before=${encodeURIComponent(before)}`}`, { signal }),
};

// ---- the team's review of a candidate: notes (changed by their author only) and scorecards -----

export const review = {
  get: (id, inv, { signal } = {}) => request('GET', `${invitationCandidatePath(id, inv)}/review`, { signal }),
  addNote: (id, inv, text) => request('POST', `${invitationCandidatePath(id, inv)}/notes`, { body: { text } }),
  editNote: (id, inv, note, text) =>
    request('PUT', `${invitationCandidatePath(id, inv)}/notes/${enc(note)}`, { body: { text } }),
  deleteNote: (id, inv, note) => request('DELETE', `${invitationCandidatePath(id, inv)}/notes/${enc(note)}`),
  /** `ratings`: criterion key → 1..4; `recommendation`: strong_no, no, yes or strong_yes. */
  putScorecard: (id, inv, ratings, recommendation) =>
    request('PUT', `${invitationCandidatePath(id, inv)}/scorecard`, { body: { ratings, recommendation } }),
};

function invitationCandidatePath(id, inv) {
  return `${assessmentPath(id)}/candidates/${enc(inv)}`;
}

// ---- the team itself (admins) and API tokens ------------------------------------------------

export const members = {
  list: ({ signal } = {}) => request('GET', '/api/team/members', { signal }),
  /** `{member, setup_link, setup_link_hours}`: the only time the link is shown. */
  invite: (email, role) => request('POST', '/api/team/members', { body: { email, role } }),
  setRole: (id, role) => request('PUT', `/api/team/members/${enc(id)}`, { body: { role } }),
  remove: (id) => request('DELETE', `/api/team/members/${enc(id)}`),
  /** Every member's tokens. */
  tokens: ({ signal } = {}) => request('GET', '/api/team/tokens', { signal }),
  revokeToken: (id) => request('DELETE', `/api/team/tokens/${enc(id)}`),
};

/** The team's private problems (the Questions page). */
export const questions = {
  list: ({ signal } = {}) => request('GET', '/api/questions', { signal }),
  get: (slug, version, { signal } = {}) =>
    request('GET', `/api/questions/${enc(slug)}${version ? `?version=${enc(version)}` : ''}`, { signal }),
  files: (slug, version, { signal } = {}) =>
    request('GET', `/api/questions/${enc(slug)}/files${version ? `?version=${enc(version)}` : ''}`, { signal }),
  /** A zip, tar or tar.gz `File`: 202 with the new version, `checking`. */
  upload: (file) => request('POST', '/api/questions', { rawBody: file, contentType: archiveType(file.name) }),
  /** `{base_version, files: {path: text}, removed: [path]}`: 202 with the new version. */
  edit: (slug, body) => request('PUT', `/api/questions/${enc(slug)}/files`, { body }),
};

function archiveType(name) {
  if (/\.zip$/i.test(name)) return 'application/zip';
  if (/\.(tgz|gz)$/i.test(name)) return 'application/gzip';
  if (/\.tar$/i.test(name)) return 'application/x-tar';
  return 'application/octet-stream';
}

/**
 * What the assessment builder offers: the catalogue and the team's accepted private problems
 * (marked `private: true`; the server keeps the version accepted when the assessment is saved).
 */
export async function builderCatalogue({ signal } = {}) {
  const [catalogue, own] = await Promise.all([
    listProblems({}, { signal }),
    questions.list({ signal }).catch(() => ({ questions: [] })),
  ]);
  const mine = (own.questions ?? [])
    .filter((q) => q.accepted_version)
    .map((q) => ({ slug: q.slug, title: q.title, kind: q.kind, difficulty: '', topics: [], private: true }));
  return [...mine, ...(catalogue.problems ?? [])];
}

export const mail = {
  /** `{enabled, reminder_lead_minutes}`. */
  status: ({ signal } = {}) => request('GET', '/api/mail', { signal }),
  /** `{templates: [{kind, placeholders, subject, text, html, custom}]}`. */
  templates: ({ signal } = {}) => request('GET', '/api/mail/templates', { signal }),
  /** 422 naming `subject`, `text` or `html` for a placeholder the kind does not have. */
  putTemplate: (kind, body) => request('PUT', `/api/mail/templates/${enc(kind)}`, { body }),
  resetTemplate: (kind) => request('DELETE', `/api/mail/templates/${enc(kind)}`),
};

// ---- webhooks (admins) ----------------------------------------------------------------------

export const webhooks = {
  /** `{endpoints, events, max_endpoints, private_addresses_allowed}`; never the secrets. */
  list: ({ signal } = {}) => request('GET', '/api/webhooks', { signal }),
  /** `{endpoint, secret}`: the only time the secret is shown. */
  create: (url, events, enabled = true) => request('POST', '/api/webhooks', { body: { url, events, enabled } }),
  update: (id, url, events, enabled) => request('PUT', `/api/webhooks/${enc(id)}`, { body: { url, events, enabled } }),
  /** `{endpoint, secret}`: a new secret, shown once; the old one stops at once. */
  rotate: (id) => request('POST', `/api/webhooks/${enc(id)}/rotate-secret`),
  remove: (id) => request('DELETE', `/api/webhooks/${enc(id)}`),
  /** The newest deliveries, each with every try and its answer. */
  deliveries: ({ signal } = {}) => request('GET', '/api/webhooks/deliveries', { signal }),
  redeliver: (id) => request('POST', `/api/webhooks/deliveries/${enc(id)}/redeliver`),
};

export const tokens = {
  /** `{id, name, role, token}`: the only time the token is shown. */
  create: (name, role) => request('POST', '/api/tokens', { body: { name, role } }),
};

// ---- a candidate's attempt (the token in the path is the credential) -------------------------

export function attemptBase(token) {
  return `/api/attempts/${enc(token)}`;
}

export const attempt = {
  get: (token, { signal } = {}) => request('GET', attemptBase(token), { signal }),
  start: (token) => request('POST', `${attemptBase(token)}/start`),
  finish: (token) => request('POST', `${attemptBase(token)}/finish`),
  /** The problem page's calls for this attempt. */
  problems: (token) => problemApi(attemptBase(token), { cancellable: false }),
  /** A batch of what the page recorded (events, editor changes): `{timeline_cut, recording_cut}`. */
  activity: (token, batch, { keepalive = false } = {}) =>
    request('POST', `${attemptBase(token)}/activity`, { body: batch, keepalive }),
};

// ---- practice's learning aids and tracks (never an attempt's) ------------------------------

export const aids = {
  get: (slug, { signal } = {}) => request('GET', `/api/problems/${encodeURIComponent(slug)}/aids`, { signal }),
  revealHint: (slug) => request('POST', `/api/problems/${encodeURIComponent(slug)}/hints`, { body: {} }),
  askWriteup: (slug) => request('POST', `/api/problems/${encodeURIComponent(slug)}/writeup`, { body: {} }),
  tracks: ({ signal } = {}) => request('GET', '/api/tracks', { signal }),
  track: (slug, { signal } = {}) => request('GET', `/api/tracks/${encodeURIComponent(slug)}`, { signal }),
};
