// The assessment builder's problem picker: a searchable combobox over the catalogue (the WAI-ARIA
// combobox pattern with a listbox popup). Typing filters by title, slug, topic, kind and
// difficulty; arrows move, Enter picks, Escape closes (or clears). It never adds a problem that
// is already chosen, and it shows a bounded number of matches at a time.

import { h, replace } from '../dom.js';
import { difficultyName, kindName, topicName } from '../format.js';

/** At most this many matches are listed at once: typing narrows the list. */
const MAX_SHOWN = 40;

/**
 * `{ el, input, value, focus(), refresh() }`: `el` holds the field and its popup, `input` is the
 * combobox (label it by its id), `value` the slug that Add would take (the highlighted match),
 * `refresh()` re-reads which problems `isChosen`. `onPick(slug)` is called on Enter or a click.
 */
export function problemPicker({ id, catalogue, isChosen, onPick }) {
  const listId = `${id}-list`;
  const input = h('input', {
    type: 'text',
    id,
    class: 'picker-input',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': `${id}-hint`,
    placeholder: 'Type to search by title, topic or difficulty',
  });
  const hint = h('p', { id: `${id}-hint`, class: 'sr-only', text: 'Arrow keys move through the matches, Enter adds the highlighted problem, Escape closes the list.' });
  const list = h('ul', { id: listId, role: 'listbox', class: 'picker-list', 'aria-label': 'Matching problems', hidden: true });
  const count = h('p', { class: 'sr-only', role: 'status' });
  const searchText = new Map(
    catalogue.map((p) => [
      p.slug,
      [p.title, p.slug, p.private ? 'private' : '', p.kind, kindName(p.kind), p.difficulty, difficultyName(p.difficulty), ...(p.topics ?? []).flatMap((t) => [t, topicName(t)])]
        .join(' ')
        .toLowerCase(),
    ]),
  );
  let matches = [];
  let total = 0;
  let active = -1;

  const optionId = (slug) => `${id}-option-${slug}`;

  function filter() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    const all = catalogue.filter((p) => !isChosen(p.slug) && words.every((w) => searchText.get(p.slug).includes(w)));
    total = all.length;
    matches = all.slice(0, MAX_SHOWN);
    active = matches.length ? 0 : -1;
  }

  function render() {
    replace(
      list,
      matches.length
        ? matches.map((p, index) =>
            h(
              'li',
              {
                id: optionId(p.slug),
                role: 'option',
                class: 'picker-option',
                'data-slug': p.slug,
                'aria-selected': String(index === active),
                // Keep the focus in the field: the click picks without a blur in between.
                onMousedown: (event) => event.preventDefault(),
                onClick: () => pick(index),
              },
              h('span', { class: 'picker-title', text: p.title }),
              p.private ? h('span', { class: 'badge badge-private', text: 'Private' }) : null,
              h('span', {
                class: 'picker-meta muted small',
                text: [kindName(p.kind), difficultyName(p.difficulty), ...(p.topics ?? []).map(topicName)].join(' · '),
              }),
            ),
          )
        : h('li', { class: 'picker-empty muted', role: 'presentation', text: 'No problem matches.' }),
      total > matches.length ? h('li', { class: 'picker-more muted small', role: 'presentation', text: `${total - matches.length} more: type to narrow the list.` }) : null,
    );
    if (active >= 0) input.setAttribute('aria-activedescendant', optionId(matches[active].slug));
    else input.removeAttribute('aria-activedescendant');
    list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }

  function open() {
    filter();
    render();
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    count.textContent = `${total} problem${total === 1 ? '' : 's'} match.`;
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function move(delta) {
    if (list.hidden) return open();
    if (!matches.length) return undefined;
    active = (active + delta + matches.length) % matches.length;
    render();
    return undefined;
  }

  function pick(index) {
    const problem = matches[index];
    if (!problem) return;
    input.value = '';
    close();
    onPick(problem.slug);
  }

  input.addEventListener('input', () => open());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter') {
      // Enter adds the highlighted problem; it never submits the whole form from here.
      if (!list.hidden && active >= 0) pick(active);
      else open();
    } else if (event.key === 'Escape') {
      if (!list.hidden) close();
      else if (input.value) input.value = '';
      else return;
    } else return;
    event.preventDefault();
    event.stopPropagation();
  });
  input.addEventListener('blur', () => close());

  return {
    el: h('div', { class: 'picker' }, input, hint, list, count),
    input,
    /** The problem Add would take: the highlighted match, or the first one not chosen yet. */
    get value() {
      if (!list.hidden && active >= 0) return matches[active].slug;
      filter();
      return matches[0]?.slug ?? '';
    },
    focus: () => input.focus(),
    refresh() {
      if (!list.hidden) open();
    },
  };
}
