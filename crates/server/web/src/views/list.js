// The problem list with its filters and its order. Both live in the URL (#/?kind=…&q=…&sort=-title).

import * as api from '../api.js';
import { h, replace, debounce } from '../dom.js';
import { KINDS, DIFFICULTIES, problemKindName, topicName } from '../format.js';
import { statusBadge, difficultyBadge } from './badges.js';

const FILTERS = ['q', 'kind', 'topic', 'difficulty'];

// The columns the list sorts by (in the browser: the list is the whole catalogue), each with the
// key it compares. `sort=title` ascending, `sort=-title` descending; none: the catalogue's order.
// Acceptance sorts problems nobody tried yet below every figure, in either direction's low end.
const DIFFICULTY_RANK = Object.fromEntries(Object.keys(DIFFICULTIES).map((key, rank) => [key, rank]));
const SORTS = {
  title: { label: 'Problem', key: (p) => p.title.toLocaleLowerCase() },
  difficulty: { label: 'Difficulty', key: (p) => DIFFICULTY_RANK[p.difficulty] ?? Number.MAX_SAFE_INTEGER },
  acceptance: { label: 'Acceptance', key: (p) => p.acceptance?.rate ?? -1 },
};

function parseSort(value) {
  const descending = value?.startsWith('-') ?? false;
  const column = descending ? value.slice(1) : value;
  return SORTS[column] ? { column, descending } : null;
}

function sorted(problems, sort) {
  if (!sort) return problems;
  const { key } = SORTS[sort.column];
  const direction = sort.descending ? -1 : 1;
  // Stable: equal keys keep the catalogue's order.
  return problems
    .map((problem, index) => ({ problem, index, key: key(problem) }))
    .sort((a, b) => (a.key < b.key ? -direction : a.key > b.key ? direction : a.index - b.index))
    .map(({ problem }) => problem);
}

function select(id, label, options, value) {
  const el = h(
    'select',
    { id, name: id.replace('filter-', '') },
    h('option', { value: '', text: `All` }),
    Object.entries(options).map(([v, text]) => h('option', { value: v, text })),
  );
  el.value = value ?? '';
  return [h('label', { for: id, text: label }), el];
}

export function renderList(root, params, { setSkipTarget }) {
  const controller = new AbortController();
  let inflight = null;
  let disposed = false;
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? '']));
  let sort = parseSort(params.get('sort'));
  let shown = [];

  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Practice problems' });
  const search = h('input', {
    type: 'search',
    id: 'filter-q',
    name: 'q',
    placeholder: 'Title or keyword',
    autocomplete: 'off',
    value: filters.q,
  });
  const [kindLabel, kindSelect] = select('filter-kind', 'Kind', KINDS, filters.kind);
  const [topicLabel, topicSelect] = select('filter-topic', 'Topic', {}, '');
  const [difficultyLabel, difficultySelect] = select('filter-difficulty', 'Difficulty', DIFFICULTIES, filters.difficulty);
  const clearButton = h('button', { type: 'reset', class: 'btn btn-ghost', text: 'Clear filters' });
  if (filters.topic) topicSelect.append(h('option', { value: filters.topic, text: topicName(filters.topic) }));
  topicSelect.value = filters.topic;

  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter problems' },
    h('div', { class: 'field field-grow' }, h('label', { for: 'filter-q', text: 'Search' }), search),
    h('div', { class: 'field' }, kindLabel, kindSelect),
    h('div', { class: 'field' }, topicLabel, topicSelect),
    h('div', { class: 'field' }, difficultyLabel, difficultySelect),
    h('div', { class: 'field field-button' }, clearButton),
  );
  const count = h('p', { class: 'count muted', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const tableHost = h('div', { class: 'table-host' }, h('p', { class: 'muted', text: 'Loading problems…' }));

  replace(
    root,
    h(
      'header',
      { class: 'list-header' },
      heading,
      h('p', { class: 'lead', text: 'Pick a problem, write your solution in the browser and get a verdict on hidden tests.' }),
      h('p', {}, h('a', { href: '#/tracks', class: 'tracks-link', text: 'Learning tracks: ordered paths through the problems, with your progress' })),
    ),
    form,
    count,
    tableHost,
  );
  document.title = 'Problems · Verdict';
  setSkipTarget('Skip to the problem list', () => (tableHost.querySelector('a') ?? search).focus());

  // Offer only the kinds the catalogue has (the server refuses a kind it does not know).
  function fillKinds(kinds) {
    if (!Array.isArray(kinds)) return;
    for (const option of [...kindSelect.options]) {
      if (option.value && !kinds.includes(option.value) && option.value !== filters.kind) option.remove();
    }
  }

  let topicsLoaded = false;
  function fillTopics(topics) {
    if (topicsLoaded || !Array.isArray(topics)) return;
    topicsLoaded = true;
    const current = topicSelect.value;
    replace(topicSelect, h('option', { value: '', text: 'All' }), topics.map((t) => h('option', { value: t, text: topicName(t) })));
    if (current && !topics.includes(current)) topicSelect.append(h('option', { value: current, text: topicName(current) }));
    topicSelect.value = current;
  }

  function syncUrl() {
    const query = new URLSearchParams();
    for (const key of FILTERS) if (filters[key]) query.set(key, filters[key]);
    if (sort) query.set('sort', `${sort.descending ? '-' : ''}${sort.column}`);
    const hash = query.toString() ? `#/?${query}` : '#/';
    // replaceState: no hashchange, so the page (and focus) stays as it is.
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  async function load() {
    inflight?.abort();
    const request = new AbortController();
    inflight = request;
    controller.signal.addEventListener('abort', () => request.abort(), { once: true });
    tableHost.setAttribute('aria-busy', 'true');
    try {
      const data = await api.listProblems(filters, { signal: request.signal });
      if (disposed || request.signal.aborted) return;
      fillTopics(data.topics);
      fillKinds(data.kinds);
      shown = data.problems ?? [];
      renderTable(shown);
    } catch (err) {
      if (disposed || err.name === 'AbortError') return;
      count.textContent = '';
      replace(
        tableHost,
        h(
          'div',
          { class: 'alert alert-error', role: 'alert' },
          h('p', { class: 'alert-title', text: 'Could not load the problems' }),
          h('p', { text: err.message }),
          h('button', { type: 'button', class: 'btn btn-small', text: 'Try again', onClick: () => load() }),
        ),
      );
    } finally {
      if (inflight === request) tableHost.removeAttribute('aria-busy');
    }
  }

  function renderTable(problems) {
    const active = FILTERS.some((key) => filters[key]);
    count.textContent = `${problems.length} problem${problems.length === 1 ? '' : 's'}${active ? ' match the filters' : ''}`;
    if (!problems.length) {
      replace(tableHost, h('p', { class: 'empty', text: 'No problem matches these filters. Try clearing some of them.' }));
      return;
    }
    replace(
      tableHost,
      h(
        'table',
        { class: 'problems' },
        h('caption', { class: 'sr-only', text: 'Problems' }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['title', 'difficulty'].map(sortableHeader),
            ['Kind', 'Topics'].map((text) => h('th', { scope: 'col', text })),
            sortableHeader('acceptance'),
            h('th', { scope: 'col', text: 'Your status' }),
          ),
        ),
        h(
          'tbody',
          {},
          sorted(problems, sort).map((p) =>
            h(
              'tr',
              { 'data-slug': p.slug },
              h('th', { scope: 'row', class: 'cell-title' }, h('a', { href: `#/problems/${encodeURIComponent(p.slug)}`, text: p.title })),
              h('td', { 'data-label': 'Difficulty' }, difficultyBadge(p.difficulty)),
              h('td', { 'data-label': 'Kind', text: problemKindName(p) }),
              h(
                'td',
                { 'data-label': 'Topics', class: 'cell-topics' },
                (p.topics ?? []).map((t) => h('span', { class: 'chip chip-topic', text: topicName(t) })),
              ),
              h('td', { 'data-label': 'Acceptance', class: 'cell-acceptance', text: p.acceptance ? `${Math.round(p.acceptance.rate * 100)}%` : '—' }),
              h('td', { 'data-label': 'Status' }, statusBadge(p.status)),
            ),
          ),
        ),
      ),
    );
  }

  /** A column heading that sorts the list: a button, the order announced by aria-sort. */
  function sortableHeader(column) {
    const current = sort?.column === column ? sort : null;
    const next = current && !current.descending ? 'descending' : 'ascending';
    const button = h(
      'button',
      { type: 'button', class: 'sort-button', 'data-sort': column, 'aria-label': `${SORTS[column].label}: sort ${next}` },
      SORTS[column].label,
      h('span', { class: 'sort-arrow', 'aria-hidden': 'true', text: current ? (current.descending ? ' ▼' : ' ▲') : ' ↕' }),
    );
    button.addEventListener('click', () => {
      sort = { column, descending: next === 'descending' };
      syncUrl();
      renderTable(shown);
      tableHost.querySelector(`[data-sort="${column}"]`)?.focus();
    });
    const attributes = { scope: 'col', class: 'sortable' };
    if (current) attributes['aria-sort'] = current.descending ? 'descending' : 'ascending';
    return h('th', attributes, button);
  }

  const changed = () => {
    for (const [key, el] of [
      ['q', search],
      ['kind', kindSelect],
      ['topic', topicSelect],
      ['difficulty', difficultySelect],
    ]) {
      filters[key] = el.value.trim();
    }
    syncUrl();
    load();
  };
  const changedSoon = debounce(changed, 250);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    changedSoon.cancel();
    changed();
  });
  form.addEventListener('reset', () => {
    // Let the form reset the fields first.
    setTimeout(() => {
      search.value = '';
      for (const el of [kindSelect, topicSelect, difficultySelect]) el.value = '';
      changed();
      search.focus();
    });
  });
  search.addEventListener('input', changedSoon);
  for (const el of [kindSelect, topicSelect, difficultySelect]) el.addEventListener('change', changed);

  load();

  return {
    heading,
    dispose() {
      disposed = true;
      changedSoon.cancel();
      controller.abort();
    },
  };
}
