// Autosave: the code is saved to the server about a second after typing stops.

import { saveDraft } from './api.js';

const DELAY_MS = 1000;
const RETRY_MS = 5000;

export class DraftSaver {
  /**
   * @param {string} slug
   * @param {string|null} saved  the code the server already holds (null: nothing saved)
   * @param {(status: 'saved'|'dirty'|'saving'|'error', message?: string) => void} onStatus
   */
  constructor(slug, saved, onStatus) {
    this.slug = slug;
    this.saved = saved;
    this.pending = null;
    this.timer = null;
    this.chain = Promise.resolve();
    this.onStatus = onStatus;
    this.disposed = false;
  }

  /** The code changed: save it soon. */
  schedule(code) {
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
        await saveDraft(this.slug, code, { keepalive });
        this.saved = code;
        if (!this.disposed && this.pending === null) this.onStatus('saved');
      } catch (err) {
        if (this.disposed) return;
        this.onStatus('error', err.message);
        // Keep the unsaved code and try again later, unless newer code is already waiting.
        if (this.pending === null) {
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
