// Tiny DOM helpers: h() builds elements, the rest are small conveniences.

/**
 * Create an element. `attrs` keys:
 *  - class / text / html (html only for trusted, server-sanitised markup)
 *  - on<Event>: listener (e.g. onClick)
 *  - boolean true/false: set or omit the attribute (hidden, disabled, ...)
 *  - anything else: setAttribute (aria-*, data-*, id, ...)
 * Children may be strings, nodes, arrays, or null/undefined/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'html') el.innerHTML = value;
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' && 'value' in el) el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Replace all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Text only for screen readers. */
export function srOnly(text) {
  return h('span', { class: 'sr-only', text });
}

export const isMac = /Mac|iPhone|iPad|iPod/.test(
  navigator.userAgentData?.platform || navigator.platform || '',
);

/** The modifier key name shown to people: ⌘ on macOS, Ctrl elsewhere. */
export const modKey = isMac ? '⌘' : 'Ctrl';

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  wrapped.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  wrapped.pending = () => timer !== null;
  return wrapped;
}

export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Lets a keyboard reach every box matching `selector` in `root` (root included) that scrolls:
 * one that overflows and may scroll gets tabindex=0 (the arrow keys then scroll it), one that no
 * longer does loses it again. Sizes are watched (a narrower window, a font); returns the stop.
 */
export function keyboardScrollable(root, selector) {
  const boxes = () => [root, ...root.querySelectorAll(selector)].filter((el) => el.matches(selector));
  const scrolls = (el) => {
    const style = getComputedStyle(el);
    const may = (overflow) => overflow === 'auto' || overflow === 'scroll';
    return (may(style.overflowX) && el.scrollWidth > el.clientWidth) || (may(style.overflowY) && el.scrollHeight > el.clientHeight);
  };
  const update = () => {
    for (const el of boxes()) {
      const ours = 'scrollFocus' in el.dataset;
      if (scrolls(el) && !el.hasAttribute('tabindex')) {
        el.setAttribute('tabindex', '0');
        el.dataset.scrollFocus = '';
      } else if (ours && !scrolls(el)) {
        el.removeAttribute('tabindex');
        delete el.dataset.scrollFocus;
      }
    }
  };
  const observer = new ResizeObserver(update);
  for (const el of boxes()) observer.observe(el);
  update();
  return () => observer.disconnect();
}
