// Small badges shared by the list and the problem page. Meaning is always in the text.

import { h } from '../dom.js';
import { difficultyName } from '../format.js';

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
