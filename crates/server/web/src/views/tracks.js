// Tracks: the catalogue's learning paths (#/tracks) and one track's steps (#/tracks/<slug>), each
// with the candidate's progress, solved of total. Practice only.

import { aids as api } from '../api.js';
import { h, replace } from '../dom.js';
import { difficultyBadge, statusBadge } from './badges.js';

function progress(solved, total) {
  return h(
    'p',
    { class: 'track-progress' },
    h('progress', { max: String(total), value: String(solved), 'aria-label': `${solved} of ${total} solved` }),
    h('span', { class: 'muted', 'data-testid': 'progress', text: ` ${solved} of ${total} solved` }),
  );
}

function page(root, title, { setSkipTarget }, load) {
  const controller = new AbortController();
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: title });
  const nav = h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/', text: '← All problems' }));
  replace(root, nav, heading, h('p', { class: 'muted', text: 'Loading…' }));
  setSkipTarget('Skip to main content', () => root.focus());
  const ready = load(controller.signal).then(
    (content) => replace(root, nav, heading, content),
    (err) => {
      if (err.name === 'AbortError') return;
      replace(root, nav, heading, h('div', { class: 'alert alert-error', role: 'alert' }, h('p', { text: err.status === 404 ? 'There is no such track.' : err.message })));
    },
  );
  return { heading, ready, dispose: () => controller.abort() };
}

export function renderTracks(root, options) {
  document.title = 'Tracks · Verdict';
  return page(root, 'Learning tracks', options, async (signal) => {
    const { tracks = [] } = await api.tracks({ signal });
    return h(
      'ul',
      { class: 'track-list' },
      tracks.map((t) =>
        h(
          'li',
          { class: 'track-card', 'data-track': t.slug },
          h('h2', { class: 'track-title' }, h('a', { href: `#/tracks/${encodeURIComponent(t.slug)}`, text: t.title })),
          h('p', { text: t.summary }),
          progress(t.solved, t.total),
        ),
      ),
    );
  });
}

export function renderTrack(root, slug, options) {
  const view = page(root, 'Track', options, async (signal) => {
    const track = await api.track(slug, { signal });
    view.heading.textContent = track.title;
    document.title = `${track.title} · Verdict`;
    return [
      h('p', { class: 'lead', text: track.summary }),
      progress(track.solved, track.total),
      h(
        'ol',
        { class: 'track-steps' },
        track.steps.map((step) =>
          h(
            'li',
            { class: 'track-step' },
            h('h2', { class: 'section-title', text: step.title }),
            h(
              'ul',
              { class: 'track-problems' },
              step.problems.map((p) =>
                h('li', { 'data-slug': p.slug }, h('a', { href: `#/problems/${encodeURIComponent(p.slug)}`, text: p.title }), ' ', difficultyBadge(p.difficulty), ' ', statusBadge(p.status)),
              ),
            ),
          ),
        ),
      ),
    ];
  });
  document.title = 'Track · Verdict';
  return view;
}
