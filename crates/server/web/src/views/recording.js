// What an assessment's page records while a problem is open, for the hiring team's timeline
// and keystroke playback: every editor change as a delta ([from, to, insert] in UTF-16 units,
// applied one after another), pastes (their size only: the pasted text is in the deltas as
// code, nothing else of it is sent), and the page losing and regaining focus. Sent in batches
// every few seconds, when the page loses focus, and when the problem closes; times are sent as
// ages ("this happened N ms ago") so the server's clock, not the browser's, places them.
// The candidate is told on the start page that this is recorded.

import { attempt as attemptApi } from '../api.js';

const SEND_EVERY_MS = 3000;
// The server's caps per batch (MAX_BATCH_EVENTS, MAX_BATCH_CHANGES in crates/server/src/activity.rs).
const BATCH_EVENTS = 200;
const BATCH_CHANGES = 2000;
// Keep one batch's body well under the server's 256 KiB (a UTF-16 unit is at most 3 bytes).
const BATCH_CHARS = 40 * 1024;
// Held while the server cannot be reached; past this the oldest are dropped (and the next
// batch starts again from the whole text, so playback stays exact).
const MAX_HELD = 20_000;

/**
 * A recorder for one problem of an attempt. `onUpdate(viewUpdate)` goes to the editor;
 * `flush()` sends what is held now; `dispose()` sends the rest and stops listening.
 */
export function createRecorder(token, slug) {
  let base = null; // the whole text before the first change not yet sent with one
  let needBase = true;
  let changes = []; // [performance.now(), from, to, insert]
  let events = []; // {kind, at, chars}
  let recordingCut = false;
  let stopped = false; // refused by the server: nothing more is sent
  let closed = false; // the problem closed: nothing more is recorded
  let sending = null;
  let away = document.visibilityState === 'hidden';

  function event(kind, chars = null) {
    if (stopped || closed) return;
    events.push({ kind, at: performance.now(), chars });
    if (events.length > MAX_HELD) events = events.slice(-MAX_HELD);
  }

  function onUpdate(update) {
    if (stopped || closed) return;
    const now = performance.now();
    for (const tr of update.transactions) {
      if (!tr.docChanged || !(tr.isUserEvent('input.paste') || tr.isUserEvent('input.drop'))) continue;
      let chars = 0;
      tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => {
        chars += inserted.length;
      });
      if (chars > 0) event('paste', chars);
    }
    if (!update.docChanged || recordingCut) return;
    if (needBase && base === null) base = update.startState.doc.toString();
    // A ChangeSet's ranges are in the old text, ascending: applied from the last to the first,
    // each one's positions still hold when it is applied.
    const ops = [];
    update.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => ops.push([now, fromA, toA, inserted.toString()]));
    for (let i = ops.length - 1; i >= 0; i--) changes.push(ops[i]);
    if (changes.length > MAX_HELD) {
      // Too much held: start over from the text as it is now.
      changes = [];
      base = update.state.doc.toString();
      needBase = true;
    }
  }

  /** The next batch to send, taken out of what is held (with what was taken, to put back). */
  function takeBatch(now) {
    const age = (at) => Math.max(0, Math.round(now - at));
    const takenEvents = events.splice(0, BATCH_EVENTS);
    const batch = {
      problem: slug,
      events: takenEvents.map((e) => (e.chars === null ? { kind: e.kind, age_ms: age(e.at) } : { kind: e.kind, age_ms: age(e.at), chars: e.chars })),
    };
    let size = 0;
    let count = 0;
    if (!recordingCut) {
      if (needBase && base !== null) {
        batch.base = base;
        size += base.length;
      }
      while (count < changes.length && count < BATCH_CHANGES && (count === 0 || size + changes[count][3].length < BATCH_CHARS)) {
        size += changes[count][3].length;
        count++;
      }
    }
    const takenChanges = changes.splice(0, count);
    batch.changes = takenChanges.map(([at, from, to, insert]) => [age(at), from, to, insert]);
    return { batch, takenEvents, takenChanges };
  }

  async function sendAll({ keepalive = false } = {}) {
    while (!stopped) {
      const { batch, takenEvents, takenChanges } = takeBatch(performance.now());
      if (!batch.events.length && !batch.changes.length && batch.base === undefined) return;
      try {
        const kept = await attemptApi.activity(token, batch, { keepalive });
        if (batch.base !== undefined) {
          needBase = false;
          base = null;
        }
        if (kept?.recording_cut) {
          recordingCut = true;
          changes = [];
        }
      } catch (err) {
        if (err.status === 0 || err.status === 429 || err.status >= 500) {
          // Not reached: put it back in front and try again on the next tick.
          events = takenEvents.concat(events);
          changes = takenChanges.concat(changes);
          return;
        }
        // Refused (the time is over, the link revoked): nothing more is sent.
        stopped = true;
        events = [];
        changes = [];
        return;
      }
    }
  }

  // One sender at a time, so batches arrive in order.
  function flush(options) {
    if (sending) return sending.then(() => flush(options));
    sending = sendAll(options).finally(() => {
      sending = null;
    });
    return sending;
  }

  const goneAway = () => {
    if (away) return;
    away = true;
    event('blur');
    flush();
  };
  const cameBack = () => {
    if (!away) return;
    away = false;
    event('focus');
  };
  const onVisibility = () => (document.visibilityState === 'hidden' ? goneAway() : document.hasFocus() && cameBack());
  const onPageHide = () => flush({ keepalive: true });
  window.addEventListener('blur', goneAway);
  window.addEventListener('focus', cameBack);
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  const timer = setInterval(() => flush(), SEND_EVERY_MS);

  return {
    onUpdate,
    flush: () => flush(),
    /**
     * Stops listening and sends what is held (unless `send` is false: the time is over, and the
     * server would refuse it); resolves when it is sent (or refused).
     */
    dispose({ send = true } = {}) {
      clearInterval(timer);
      window.removeEventListener('blur', goneAway);
      window.removeEventListener('focus', cameBack);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      closed = true;
      if (!send) {
        stopped = true;
        return Promise.resolve();
      }
      return flush();
    },
  };
}
