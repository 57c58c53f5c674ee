// The Verdict HTTP API (same origin; the server's `verdict_candidate` cookie identifies us).

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

async function request(method, path, { body, signal, keepalive, allow404 = false } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      signal,
      keepalive,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
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

export function getProblem(slug, { signal } = {}) {
  return request('GET', `/api/problems/${enc(slug)}`, { signal });
}

/** Run on the samples, or on one custom `input` when given. Synchronous result. */
export function runCode(slug, code, input, { signal } = {}) {
  const body = input === undefined ? { code } : { code, input };
  return request('POST', `/api/problems/${enc(slug)}/run`, { body, signal });
}

export function createSubmission(slug, code, { signal } = {}) {
  return request('POST', '/api/submissions', { body: { problem: slug, code }, signal });
}

export function getSubmission(id, { signal } = {}) {
  return request('GET', `/api/submissions/${enc(id)}`, { signal });
}

export function listSubmissions(slug, { signal } = {}) {
  return request('GET', `/api/problems/${enc(slug)}/submissions`, { signal });
}

/** The saved draft, or null when there is none. */
export function getDraft(slug, { signal } = {}) {
  return request('GET', `/api/drafts/${enc(slug)}`, { signal, allow404: true });
}

export function saveDraft(slug, code, { keepalive = false } = {}) {
  return request('PUT', `/api/drafts/${enc(slug)}`, { body: { code }, keepalive });
}

const FINAL_STATES = new Set(['finished', 'failed']);

/**
 * Follow a submission as it is judged: server-sent events first, polling as a fallback.
 * Handlers: onState(state), onTest(testResult), onDone(submission), onError(ApiError).
 * Tests may be delivered more than once (reconnects replay); callers dedupe by number.
 * Returns a function that stops watching.
 */
export function watchSubmission(id, { onState, onTest, onDone, onError }) {
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
    source = new EventSource(`/api/submissions/${enc(id)}/events`);
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
