// Retry a request while the judge answers 429 (busy), honouring Retry-After.

import { ApiError } from './api.js';
import { sleep } from './dom.js';

/**
 * Call `fn` until it does not fail with 429. `onWait(seconds)` is called every second of the
 * wait so the page can say "The judge is busy, retrying in N s".
 */
export async function withBusyRetry(fn, { onWait, signal, maxAttempts = 30 }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ApiError) || !err.busy || attempt >= maxAttempts) throw err;
      const seconds = Math.max(1, err.retryAfter ?? Math.min(2 ** attempt, 30));
      for (let left = seconds; left > 0; left--) {
        onWait(left);
        await sleep(1000, signal);
      }
    }
  }
}
