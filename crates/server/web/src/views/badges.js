// Small badges shared by the list, the problem page and the team's reports. Meaning is always
// in the text.

import { h } from '../dom.js';
import { difficultyName, verdictName } from '../format.js';

const STATUS = {
  solved: { icon: '✓', text: 'Solved' },
  tried: { icon: '◐', text: 'Tried' },
};

export function statusBadge(status) {
  const info = STATUS[status];
  if (!info) return h('span', { class: 'status status-none' }, h('span', { 'aria-hidden': 'true', text: '○ ' }), 'Not tried');
  return h('span', { class: `status status-${status}` }, h('span', { 'aria-hidden': 'true', text: `${info.icon} ` }), info.text);
}

export function difficultyBadge(difficulty) {
  return h('span', { class: `difficulty difficulty-${difficulty}`, text: difficultyName(difficulty) });
}

/** A submission's verdict as a chip: accepted, another verdict, or still being judged. */
export function submissionChip(submission) {
  const finished = submission.state === 'finished';
  const ok = finished && submission.verdict === 'AC';
  const failed = submission.state === 'failed';
  const cancelled = submission.state === 'cancelled';
  const label = finished ? verdictName(submission.verdict) : failed ? 'Judging failed' : cancelled ? 'Cancelled' : 'Judging…';
  const automatic = submission.origin === 'finish' || submission.origin === 'deadline';
  return h(
    'span',
    { class: `verdict-chip ${ok ? 'ok' : finished || failed || cancelled ? 'bad' : 'pending'}` },
    h('span', { 'aria-hidden': 'true', text: ok ? '✓ ' : finished ? '✗ ' : '' }),
    label,
    automatic
      ? h('span', { class: 'muted small', text: submission.origin === 'deadline' ? ' · auto at deadline' : ' · auto at Finish' })
      : null,
  );
}
