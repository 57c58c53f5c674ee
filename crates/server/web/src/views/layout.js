// The problem page's arrangement: statement | editor over console, split by two separators the
// pointer drags and the keyboard moves, their sizes remembered in this browser. It arranges the
// panes the page built and never renders what is inside them (results.js and the page do that),
// and it must never make a pane unreachable: below ONE_SCREEN_PX the panes simply stack.

import { h } from '../dom.js';

/**
 * The sizes, in percent: the statement's share of the workspace's width, the console's share of
 * the right column's height. The one record of their limits and defaults (styles.css only
 * reads the custom properties set here, with the same defaults as fallbacks).
 */
export const SPLITS = {
  statement: { key: 'verdict-layout-statement', min: 20, max: 70, initial: 40, step: 2, property: '--statement-size' },
  console: { key: 'verdict-layout-console', min: 15, max: 80, initial: 40, step: 4, property: '--console-size' },
};

/** Desktop widths get the one-screen layout (styles.css has the same figure in its media query). */
const ONE_SCREEN_QUERY = '(min-width: 1024px)';

const clamp = (value, { min, max }) => Math.min(max, Math.max(min, value));

/** A stored size, or null: storage may be off, full, or hold anything at all. */
function stored(split) {
  try {
    const value = Number.parseFloat(localStorage.getItem(split.key) ?? '');
    return Number.isFinite(value) ? clamp(value, split) : null;
  } catch {
    return null;
  }
}

function store(split, value) {
  try {
    if (value === null) localStorage.removeItem(split.key);
    else localStorage.setItem(split.key, String(value));
  } catch {
    // Not remembered (private mode, storage full): the size still applies to this page.
  }
}

/**
 * A window splitter (WAI-ARIA APG): role=separator with its value the controlled pane's size in
 * percent. Arrow keys move it by `step` (Shift: five steps), Home/End to the limits, Enter or a
 * double click back to the default; a drag sets it from the pointer via `fromPointer(event)`.
 */
function splitter({ split, label, orientation, controls, host, fromPointer, onChange }) {
  const element = h('div', {
    class: `splitter splitter-${orientation}`,
    role: 'separator',
    tabindex: '0',
    'aria-orientation': orientation,
    'aria-controls': controls,
    'aria-label': label,
    'aria-valuemin': String(split.min),
    'aria-valuemax': String(split.max),
  });
  let value = split.initial;
  const set = (next, { save = true } = {}) => {
    value = Math.round(clamp(next, split) * 10) / 10;
    host.style.setProperty(split.property, `${value}%`);
    element.setAttribute('aria-valuenow', String(Math.round(value)));
    element.setAttribute('aria-valuetext', `${Math.round(value)}%`);
    if (save) store(split, value === split.initial ? null : value);
    onChange();
  };
  set(stored(split) ?? split.initial, { save: false });

  // The keys that grow the controlled pane: right for the statement on the left, up for the
  // console at the bottom.
  const [grow, shrink] = orientation === 'vertical' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowUp', 'ArrowDown'];
  element.addEventListener('keydown', (event) => {
    const step = split.step * (event.shiftKey ? 5 : 1);
    if (event.key === grow) set(value + step);
    else if (event.key === shrink) set(value - step);
    else if (event.key === 'Home') set(split.min);
    else if (event.key === 'End') set(split.max);
    else if (event.key === 'Enter') set(split.initial);
    else return;
    event.preventDefault();
  });
  element.addEventListener('dblclick', () => set(split.initial));
  element.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    element.setPointerCapture(event.pointerId);
    element.classList.add('is-dragging');
    element.focus({ preventScroll: true });
    const move = (e) => set(fromPointer(e), { save: false });
    const end = () => {
      element.classList.remove('is-dragging');
      element.removeEventListener('pointermove', move);
      element.removeEventListener('pointerup', end);
      element.removeEventListener('pointercancel', end);
      set(value);
    };
    element.addEventListener('pointermove', move);
    element.addEventListener('pointerup', end);
    element.addEventListener('pointercancel', end);
  });
  return { element, value: () => value, set };
}

/**
 * A box that scrolls inside itself takes keyboard focus while (and only while) it overflows, so
 * its arrow keys scroll it; its content is watched too, since results grow inside a fixed box.
 */
function scrollableByKeyboard(box, content) {
  const update = () => {
    const scrolls = box.scrollHeight > box.clientHeight + 1 && getComputedStyle(box).overflowY !== 'visible';
    if (scrolls) box.setAttribute('tabindex', '0');
    else box.removeAttribute('tabindex');
  };
  const observer = new ResizeObserver(update);
  observer.observe(box);
  observer.observe(content);
  return () => observer.disconnect();
}

/**
 * Arrange the problem page's workspace: `statement` | splitter | (`code` / splitter / console),
 * the console holding `consoleParts` (custom input, results, history) in that order.
 * `onResize()` runs after any size change (the editor re-measures). Returns
 * `{ element, reveal(part), dispose() }`: `reveal` makes the console at least its default size
 * and scrolls `part` into view inside it (and, on a stacked narrow page, the page to it).
 */
export function arrangeWorkspace({ statement, code, consoleParts, onResize }) {
  const consoleBody = h('div', { class: 'console-body' }, ...consoleParts);
  const consolePane = h(
    'div',
    { class: 'pane console-pane', id: 'console', role: 'region', 'aria-label': 'Console: custom input, results and submissions' },
    consoleBody,
  );
  statement.id ||= 'statement';
  const column = h('div', { class: 'work-column' });
  const element = h('div', { class: 'workspace' });
  const changed = () => onResize();
  const statementSplit = splitter({
    split: SPLITS.statement,
    label: 'Resize the statement and the editor',
    orientation: 'vertical',
    controls: statement.id,
    host: element,
    fromPointer: (event) => {
      const box = element.getBoundingClientRect();
      return ((event.clientX - box.left) / box.width) * 100;
    },
    onChange: changed,
  });
  const consoleSplit = splitter({
    split: SPLITS.console,
    label: 'Resize the editor and the console',
    orientation: 'horizontal',
    controls: consolePane.id,
    host: element,
    fromPointer: (event) => {
      const box = column.getBoundingClientRect();
      return ((box.bottom - event.clientY) / box.height) * 100;
    },
    onChange: changed,
  });
  column.append(code, consoleSplit.element, consolePane);
  element.append(statement, statementSplit.element, column);
  const stopWatching = scrollableByKeyboard(consolePane, consoleBody);

  const reveal = (part) => {
    const oneScreen = window.matchMedia(ONE_SCREEN_QUERY).matches;
    if (oneScreen && consoleSplit.value() < SPLITS.console.initial) {
      // Grown for this page only: the size the person chose stays the remembered one.
      consoleSplit.set(SPLITS.console.initial, { save: false });
    }
    if (!oneScreen) {
      part.scrollIntoView({ block: 'nearest' });
      return;
    }
    // Inside the console only (the page itself does not scroll at this width), and only when
    // the part as it is now (the results: their heading and the pending banner, as tall as the
    // verdict's) is not wholly in view: then its top goes to the console's top.
    const box = consolePane.getBoundingClientRect();
    const target = part.getBoundingClientRect();
    if (target.top < box.top || target.bottom > box.bottom) consolePane.scrollTop += target.top - box.top;
  };

  return { element, reveal, dispose: stopWatching };
}
