// Autosave: the code is saved to the server about a second after typing stops.

import { saveDraft } from './api.js';

const DELAY_MS = 1000;
const RETRY_MS = 5000;

export class DraftSaver {
  /**
   * @param {string} slug
   * @param {string|null} saved  the code the server already holds (null: nothing saved)
   * @param {(status: 'saved'|'dirty'|'saving'|'error', message?: string) => void} onStatus
   * @param {{save?: (slug: string, code: string, options: {keepalive: boolean}) => Promise<void>,
   *          onSaved?: () => void, onError?: (err: Error) => void}} [options]
   *   save: where drafts go (practice mode's by default); onSaved after each save; onError on
   *   each failed save. A refusal that will not change (409, 410: the time is over, the link
   *   was revoked) is not retried.
   */
  constructor(slug, saved, onStatus, { save = saveDraft, onSaved, onError } = {}) {
    this.slug = slug;
    this.saved = saved;
    this.pending = null;
    this.timer = null;
    this.chain = Promise.resolve();
    this.onStatus = onStatus;
    this.disposed = false;
    this.save = save;
    this.onSaved = onSaved;
    this.onError = onError;
    this.stopped = false;
  }

  /** Stop saving (the editor is locked): what is not saved yet stays unsaved. */
  stop() {
    this.stopped = true;
    this.pending = null;
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** The code changed: save it soon. */
  schedule(code) {
    if (this.stopped) return;
    this.pending = code;
    this.onStatus('dirty');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DELAY_MS);
  }

  /** Save now if anything is waiting. Resolves when this save (and those before it) finished. */
  flush({ keepalive = false } = {}) {
    clearTimeout(this.timer);
    this.timer = null;
    const code = this.pending;
    if (code === null) return this.chain;
    this.pending = null;
    if (code === this.saved) {
      this.onStatus('saved');
      return this.chain;
    }
    this.chain = this.chain.then(async () => {
      if (!this.disposed) this.onStatus('saving');
      try {
        await this.save(this.slug, code, { keepalive });
        this.saved = code;
        if (!this.disposed && this.pending === null) this.onStatus('saved');
        if (!this.disposed) this.onSaved?.();
      } catch (err) {
        if (this.disposed) return;
        this.onStatus('error', err.message);
        this.onError?.(err);
        if (err.status === 409 || err.status === 410) return;
        // Keep the unsaved code and try again later, unless newer code is already waiting.
        if (this.pending === null && !this.stopped) {
          this.pending = code;
          this.timer = setTimeout(() => this.flush(), RETRY_MS);
        }
      }
    });
    return this.chain;
  }

  /** Leaving the page: save what is left, even while the page unloads. */
  dispose() {
    const done = this.flush({ keepalive: true });
    this.disposed = true;
    clearTimeout(this.timer);
    return done;
  }
}
