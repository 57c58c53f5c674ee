// Pieces shared by the team's pages and the candidate's attempt: times, statuses, copy buttons.

import { h, replace } from '../dom.js';
import { formatDate } from '../format.js';

/** A `datetime-local` value (local time, no zone) as RFC 3339 in UTC, e.g. 2025-03-01T09:30:00Z. */
export function localInputToRfc3339(value) {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 (or a Date) as a `datetime-local` value in the browser's time zone. */
export function toLocalInput(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A remaining time as a clock: 29:41, or 1:05:03 past an hour. */
export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** The same remaining time in words, for screen readers: "29 minutes 41 seconds". */
export function clockWords(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const part = (n, unit) => (n ? `${n} ${unit}${n === 1 ? '' : 's'}` : null);
  return [part(hours, 'hour'), part(minutes, 'minute'), part(seconds, 'second')].filter(Boolean).join(' ') || '0 seconds';
}

/** Seconds as "12 min 5 s", "1 h 2 min". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 ? `${minutes} min ${s % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function formatMinutes(minutes) {
  return formatDuration((minutes ?? 0) * 60);
}

/** Points with at most one decimal. */
export function formatPoints(points) {
  if (points === null || points === undefined) return '–';
  return String(Math.round(points * 10) / 10);
}

export function scoreText(score, max) {
  if (score === null || score === undefined) return max === null || max === undefined ? '–' : `– / ${formatPoints(max)}`;
  return `${formatPoints(score)} / ${formatPoints(max)}`;
}

export function windowText(opensAt, closesAt) {
  return `${formatDate(opensAt)} – ${formatDate(closesAt)}`;
}

export function timeEl(iso) {
  if (!iso) return h('span', { class: 'muted', text: '–' });
  return h('time', { datetime: iso, text: formatDate(iso) });
}

const STATUS = {
  invited: { icon: '○', text: 'Invited' },
  started: { icon: '◐', text: 'In progress' },
  finished: { icon: '✓', text: 'Finished' },
  expired: { icon: '⌛', text: 'Expired' },
  revoked: { icon: '✗', text: 'Revoked' },
};

/** An invitation's status; the meaning is in the text, the icon is decoration. */
export function invitationStatus(status) {
  const info = STATUS[status] ?? { icon: '?', text: status };
  return h(
    'span',
    { class: `inv-status inv-${status}`, 'data-status': status },
    h('span', { 'aria-hidden': 'true', text: `${info.icon} ` }),
    info.text,
  );
}

/** Copy `text` to the clipboard; falls back to selecting `field` (an input) and execCommand. */
export async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/**
 * A read-only field holding a link (or a token) with a Copy button and a live status line.
 * `label` names the field; ids are made unique with `id`.
 */
export function copyField({ id, label, value, note }) {
  const input = h('input', { type: 'text', id, class: 'copy-input', readonly: true, value, spellcheck: 'false' });
  const status = h('span', { class: 'copy-status', role: 'status' });
  const button = h('button', {
    type: 'button',
    class: 'btn btn-secondary btn-small',
    text: 'Copy',
    'aria-label': `Copy the ${label[0].toLowerCase()}${label.slice(1)}`,
    onClick: async () => {
      const ok = await copyText(value, input);
      status.textContent = ok ? 'Copied.' : 'Could not copy: select the text and press Ctrl+C.';
    },
  });
  input.addEventListener('focus', () => input.select());
  return h(
    'div',
    { class: 'copy-field' },
    h('label', { for: id, class: 'field-label', text: label }),
    note ? h('p', { class: 'field-note', text: note }) : null,
    h('div', { class: 'copy-row' }, input, button),
    status,
  );
}

/** An error box for a page that could not load. */
export function errorAlert(title, err, retry) {
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    h('p', { class: 'alert-title', text: title }),
    h('p', { text: err.message }),
    retry ? h('button', { type: 'button', class: 'btn btn-small', text: 'Try again', onClick: retry }) : null,
  );
}

/** The form errors on screen, so a change of view clears them all (see below). */
const shownErrors = new Set();

/**
 * Show a form-level error in `box` (role=alert), or clear it with null. A shown error goes away
 * by itself once the person edits the form it belongs to (the field it named is no longer marked
 * invalid either), and when the view changes: an old message never stays to describe input that
 * is no longer there. A resubmission clears it too (each form calls this with null first).
 */
export function showFormError(box, message) {
  if (!message) {
    box.hidden = true;
    replace(box);
    shownErrors.delete(box);
    return;
  }
  replace(box, h('p', { text: message }));
  box.hidden = false;
  shownErrors.add(box);
  const form = box.closest('form');
  if (form && !form.dataset.clearsErrors) {
    form.dataset.clearsErrors = 'true';
    const edited = (event) => {
      if (event.target?.removeAttribute) event.target.removeAttribute('aria-invalid');
      if (!box.hidden) showFormError(box, null);
    };
    form.addEventListener('input', edited);
    form.addEventListener('change', edited);
  }
}

// Views are rebuilt on a route change, but a part of a page that stays (or a box kept by a view)
// must not carry an error into the next view.
window.addEventListener('hashchange', () => {
  for (const box of [...shownErrors]) showFormError(box, null);
});
