// Practice's learning aids on the problem page: acceptance, hints revealed one at a time, the
// write-up (open once solved, or on request after a first submission) and related problems.
// Only the practice route builds it (main.js passes `aids: true`): an attempt's page never does.

import { aids as api } from '../api.js';
import { h, replace } from '../dom.js';
import { difficultyBadge, statusBadge } from './badges.js';

/** "50% (1 of 2)": the share of candidates who tried the problem and solved it. */
export function acceptanceText(acceptance) {
  if (!acceptance) return 'No one has tried it yet';
  return `${Math.round(acceptance.rate * 100)}% (${acceptance.solved} of ${acceptance.tried} who tried solved it)`;
}

/** The aids panel for `slug`: its element, and refresh() to load it (at first, and after a submission ends). */
export function aidsPanel(slug, { signal }) {
  const acceptance = h('p', { class: 'aids-acceptance muted', 'data-testid': 'acceptance' });
  const hintsHost = h('div', { class: 'aids-hints' });
  const writeupHost = h('div', { class: 'aids-writeup' });
  const relatedHost = h('div', { class: 'aids-related' });
  const status = h('p', { class: 'aids-status', role: 'status', 'aria-live': 'polite' });
  const element = h(
    'section',
    { class: 'aids', 'aria-labelledby': 'aids-heading' },
    h('h2', { id: 'aids-heading', class: 'section-title', text: 'Learning aids' }),
    acceptance,
    hintsHost,
    writeupHost,
    relatedHost,
    status,
  );

  function show(data) {
    acceptance.textContent = `Acceptance: ${acceptanceText(data.acceptance)}`;
    showHints(data);
    showWriteup(data);
    showRelated(data.related ?? []);
  }

  function showHints(data) {
    const total = data.hints_total ?? 0;
    if (!total) {
      replace(hintsHost);
      return;
    }
    const shown = data.hints ?? [];
    const button = h('button', {
      type: 'button',
      class: 'btn btn-small',
      id: 'reveal-hint',
      text: shown.length < total ? `Reveal hint ${shown.length + 1} of ${total}` : `All ${total} hints revealed`,
    });
    button.disabled = shown.length >= total;
    button.addEventListener('click', () => act(button, () => api.revealHint(slug), `Hint ${shown.length + 1} revealed`));
    replace(
      hintsHost,
      h('h3', { text: 'Hints' }),
      shown.length
        ? h(
            'ol',
            { class: 'hint-list' },
            shown.map((hint) => h('li', { class: 'hint' }, h('p', { class: 'hint-title', text: hint.title }), h('div', { class: 'prose', html: hint.html }))),
          )
        : h('p', { class: 'muted', text: 'Stuck? Each hint goes a little further, from a nudge to nearly the answer.' }),
      button,
    );
  }

  function showWriteup(data) {
    const access = data.writeup_access;
    if (access === 'none') {
      replace(writeupHost);
      return;
    }
    const title = h('h3', { text: 'Write-up' });
    if (access === 'locked') {
      replace(writeupHost, title, h('p', { class: 'muted', text: 'Solve the problem to read the write-up, or ask for it after your first submission.' }));
      return;
    }
    if (access === 'on_request') {
      const button = h('button', { type: 'button', class: 'btn btn-small', id: 'show-writeup', text: 'Show the write-up' });
      button.addEventListener('click', () => act(button, () => api.askWriteup(slug), 'Write-up shown'));
      replace(writeupHost, title, h('p', { class: 'muted', text: 'It explains an approach, its complexity and a reference solution.' }), button);
      return;
    }
    const w = data.writeup;
    replace(
      writeupHost,
      title,
      h('div', { class: 'prose writeup', html: w.html }),
      h(
        'dl',
        { class: 'complexity' },
        h('dt', { text: 'Time' }),
        h('dd', { text: w.time }),
        h('dt', { text: 'Space' }),
        h('dd', { text: w.space }),
      ),
      h('h4', { text: 'Reference solution' }),
      h('pre', { class: 'reference-code', tabindex: '0', 'aria-label': 'Reference solution' }, h('code', { text: w.reference })),
    );
  }

  function showRelated(related) {
    if (!related.length) {
      replace(relatedHost);
      return;
    }
    replace(
      relatedHost,
      h('h3', { text: 'Related problems' }),
      h(
        'ul',
        { class: 'related-list' },
        related.map((p) =>
          h('li', {}, h('a', { href: `#/problems/${encodeURIComponent(p.slug)}`, text: p.title }), ' ', difficultyBadge(p.difficulty), ' ', statusBadge(p.status)),
        ),
      ),
    );
  }

  async function act(button, call, done) {
    button.disabled = true;
    try {
      show(await call());
      status.textContent = done;
    } catch (err) {
      status.textContent = err.message;
      button.disabled = false;
    }
  }

  async function refresh() {
    try {
      show(await api.get(slug, { signal }));
    } catch (err) {
      if (err.name === 'AbortError') return;
      status.textContent = `Could not load the learning aids: ${err.message}`;
    }
  }

  // The page calls refresh() when it loads its history, at first and after each submission.
  return { element, refresh };
}
