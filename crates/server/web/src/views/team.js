// The team's assessments (#/team): the list, and the form that creates one (also used to edit).

import { builderCatalogue, team } from '../api.js';
import { h, replace } from '../dom.js';
import { kindName, problemKindName, difficultyName, KINDS } from '../format.js';
import { requireUser, handleAuthError } from './session.js';
import { localInputToRfc3339, toLocalInput, formatMinutes, windowText, errorAlert, showFormError } from './common.js';
import { problemPicker } from './picker.js';

const DEFAULT_POINTS = 100;

// ---- the assessment form ----------------------------------------------------------------------

/**
 * The form for an AssessmentInput. `initial` is an Assessment (to edit) or null (a new one);
 * `catalogue` the problems from GET /api/problems and the team's accepted private ones
 * (`private: true`, never offered for practice). `onSubmit(input)` resolves when saved or
 * throws an ApiError (shown in the form). Returns {el, focus()}.
 */
export function assessmentForm({ idPrefix = 'as', initial = null, catalogue, submitLabel, onSubmit, onCancel }) {
  const id = (name) => `${idPrefix}-${name}`;
  const bySlug = new Map(catalogue.map((p) => [p.slug, p]));
  const now = new Date();
  now.setSeconds(0, 0);

  const title = h('input', { type: 'text', id: id('title'), name: 'title', required: true, autocomplete: 'off', value: initial?.title ?? '' });
  const instructions = h('textarea', {
    id: id('instructions'),
    name: 'instructions',
    rows: '6',
    class: 'prose-input',
    'aria-describedby': id('instructions-hint'),
    value: initial?.instructions ?? '',
  });
  const duration = h('input', {
    type: 'number',
    id: id('duration'),
    name: 'duration_minutes',
    min: '1',
    max: '1440',
    step: '1',
    required: true,
    inputmode: 'numeric',
    value: String(initial?.duration_minutes ?? 60),
  });
  const opens = h('input', {
    type: 'datetime-local',
    id: id('opens'),
    name: 'opens_at',
    required: true,
    'aria-describedby': id('window-hint'),
    value: toLocalInput(initial?.opens_at ?? now),
  });
  const closes = h('input', {
    type: 'datetime-local',
    id: id('closes'),
    name: 'closes_at',
    required: true,
    'aria-describedby': id('window-hint'),
    value: toLocalInput(initial?.closes_at ?? new Date(now.getTime() + 7 * 24 * 3600 * 1000)),
  });

  // Problems: an ordered list of slots {slug, members, points}: `members` is one slug, or a
  // pool's (each candidate gets one of them); `slug` (the first member) names the slot's row.
  const chosen = (initial?.problems ?? []).map((p) => {
    const members = p.pool ? p.pool.map((m) => m.slug) : [p.slug];
    return { slug: members[0], members, points: p.points, title: p.title, private_version: p.private_version };
  });
  const memberTitles = new Map((initial?.problems ?? []).flatMap((p) => (p.pool ?? []).map((m) => [m.slug, m.title])));
  // The slot the next problem picked joins as a pool member (null: a slot of its own).
  let poolTarget = null;
  // A searchable combobox: the catalogue is too long for one select (issue 21).
  const picker = problemPicker({
    id: id('add-problem'),
    catalogue,
    isChosen: (slug) => chosen.some((c) => c.members.includes(slug)),
    onPick: (slug) => add(slug),
  });
  const addButton = h('button', { type: 'button', class: 'btn btn-secondary', text: 'Add problem' });
  const chosenList = h('ol', { class: 'chosen-problems', 'aria-label': 'Problems in this assessment' });
  const chosenEmpty = h('p', { class: 'muted', text: 'No problem yet: pick one above and press Add problem.' });
  const problemsStatus = h('p', { class: 'sr-only', role: 'status' });
  const totalText = h('p', { class: 'muted small', 'aria-live': 'polite' });

  const practice = h('select', { id: id('practice'), name: 'practice_problem', 'aria-describedby': id('practice-hint') });
  practice.append(h('option', { value: '', text: 'The catalogue’s default practice problem' }));
  const groups = new Map();
  for (const problem of catalogue.filter((p) => !p.private)) {
    if (!groups.has(problem.kind)) groups.set(problem.kind, []);
    groups.get(problem.kind).push(problem);
  }
  const kinds = [...groups.keys()].sort((a, b) => Object.keys(KINDS).indexOf(a) - Object.keys(KINDS).indexOf(b));
  for (const select of [practice]) {
    for (const kind of kinds) {
      select.append(
        h(
          'optgroup',
          { label: kindName(kind) },
          groups.get(kind).map((p) =>
            h('option', { value: p.slug, text: `${p.title} (${difficultyName(p.difficulty)}${p.debug ? ', debugging' : ''})` }),
          ),
        ),
      );
    }
  }
  practice.value = initial?.practice_problem ?? '';

  const titleOf = (slug) => bySlug.get(slug)?.title ?? memberTitles.get(slug) ?? chosen.find((c) => c.slug === slug)?.title ?? slug;

  function renderChosen(focusSlug, focusWhat) {
    replace(
      chosenList,
      chosen.map((item, index) => {
        const isPool = item.members.length > 1;
        const name = isPool ? `Pool of ${item.members.length}` : titleOf(item.slug);
        const info = isPool ? null : bySlug.get(item.slug);
        const points = h('input', {
          type: 'number',
          id: id(`points-${item.slug}`),
          class: 'points-input',
          min: '1',
          max: '1000',
          step: '1',
          inputmode: 'numeric',
          'data-slug': item.slug,
          value: String(item.points),
        });
        points.addEventListener('input', () => {
          item.points = points.value === '' ? '' : Number(points.value);
          updateTotal();
        });
        const move = (delta) => {
          const target = index + delta;
          if (target < 0 || target >= chosen.length) return;
          [chosen[index], chosen[target]] = [chosen[target], chosen[index]];
          renderChosen(item.slug, delta < 0 ? 'up' : 'down');
          problemsStatus.textContent = `${name} moved to position ${target + 1} of ${chosen.length}.`;
        };
        const li = h(
          'li',
          { class: 'chosen-problem', 'data-slug': item.slug },
          h(
            'span',
            { class: 'chosen-title' },
            h('strong', { text: name }),
            info?.private || item.private_version
              ? h('span', { class: 'badge badge-private', text: item.private_version ? `Private · v${item.private_version}` : 'Private' })
              : info
                ? h('span', { class: 'muted small', text: ` ${problemKindName(info)} · ${difficultyName(info.difficulty)}` })
                : null,
            isPool
              ? h(
                  'ul',
                  { class: 'pool-members', 'aria-label': `Problems of ${name}: each candidate gets one` },
                  item.members.map((member) =>
                    h(
                      'li',
                      { 'data-member': member },
                      h('span', { text: titleOf(member) }),
                      h('button', {
                        type: 'button',
                        class: 'btn btn-ghost btn-small',
                        text: 'Remove',
                        'aria-label': `Remove ${titleOf(member)} from the pool`,
                        onClick: () => {
                          item.members = item.members.filter((m) => m !== member);
                          item.slug = item.members[0];
                          renderChosen();
                          problemsStatus.textContent = `${titleOf(member)} removed from the pool.`;
                        },
                      }),
                    ),
                  ),
                )
              : null,
          ),
          h('span', { class: 'chosen-points' }, h('label', { for: points.id, text: 'Points' }), points),
          h(
            'span',
            { class: 'chosen-actions' },
            h('button', {
              type: 'button',
              class: 'btn btn-ghost btn-small',
              'data-action': 'up',
              text: '↑',
              'aria-label': `Move ${name} up`,
              'aria-disabled': String(index === 0),
              onClick: () => move(-1),
            }),
            h('button', {
              type: 'button',
              class: 'btn btn-ghost btn-small',
              'data-action': 'down',
              text: '↓',
              'aria-label': `Move ${name} down`,
              'aria-disabled': String(index === chosen.length - 1),
              onClick: () => move(1),
            }),
            h('button', {
              type: 'button',
              class: 'btn btn-ghost btn-small',
              'data-action': 'pool',
              text: poolTarget === item ? 'Adding to pool…' : 'Add to pool',
              'aria-pressed': String(poolTarget === item),
              'aria-label': `Add another problem to ${name}'s slot as a pool: each candidate gets one of them`,
              onClick: () => {
                poolTarget = poolTarget === item ? null : item;
                renderChosen(item.slug, 'pool');
                problemsStatus.textContent = poolTarget
                  ? `The next problem you add joins ${name} as a pool.`
                  : 'The next problem you add gets a slot of its own.';
                if (poolTarget) picker.focus();
              },
            }),
            h('button', {
              type: 'button',
              class: 'btn btn-ghost btn-small',
              text: 'Remove',
              'aria-label': `Remove ${name}`,
              onClick: () => {
                chosen.splice(index, 1);
                if (poolTarget === item) poolTarget = null;
                renderChosen();
                problemsStatus.textContent = `${name} removed.`;
                (chosenList.querySelector('.points-input') ?? picker).focus();
              },
            }),
          ),
        );
        return li;
      }),
    );
    chosenEmpty.hidden = chosen.length > 0;
    chosenList.hidden = chosen.length === 0;
    // Offer only problems not chosen yet.
    picker.refresh();
    if (focusSlug) chosenList.querySelector(`li[data-slug="${CSS.escape(focusSlug)}"] [data-action="${focusWhat}"]`)?.focus();
    updateTotal();
  }

  function updateTotal() {
    const total = chosen.reduce((sum, c) => sum + (Number(c.points) || 0), 0);
    totalText.textContent = chosen.length
      ? `${chosen.length} problem${chosen.length === 1 ? '' : 's'}, ${total} points in all.`
      : '';
  }

  addButton.addEventListener('click', () => add(picker.value));
  function add(slug) {
    if (!slug || chosen.some((c) => c.members.includes(slug))) return;
    if (poolTarget && chosen.includes(poolTarget)) {
      poolTarget.members.push(slug);
      renderChosen();
      problemsStatus.textContent = `${titleOf(slug)} added to the pool (${poolTarget.members.length} problems).`;
    } else {
      chosen.push({ slug, members: [slug], points: DEFAULT_POINTS });
      renderChosen();
      problemsStatus.textContent = `${titleOf(slug)} added with ${DEFAULT_POINTS} points.`;
    }
    picker.focus();
  }

  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: submitLabel });
  const fieldEl = (label, control, hint, hintId) =>
    h(
      'div',
      { class: 'form-field' },
      h('label', { for: control.id, class: 'field-label', text: label }),
      hint ? h('p', { id: hintId, class: 'field-note', text: hint }) : null,
      control,
    );

  const form = h(
    'form',
    { class: 'assessment-form', novalidate: true },
    error,
    fieldEl('Title', title),
    fieldEl(
      'Instructions for candidates',
      instructions,
      'Markdown. Shown before the candidate presses Start: what to expect, what is allowed.',
      id('instructions-hint'),
    ),
    h(
      'div',
      { class: 'form-row' },
      fieldEl('Duration (minutes)', duration),
      fieldEl('Window opens', opens),
      fieldEl('Window closes', closes),
    ),
    h('p', {
      id: id('window-hint'),
      class: 'field-note',
      text: `Candidates may press Start between these times (your time zone: ${Intl.DateTimeFormat().resolvedOptions().timeZone}). An attempt that has started runs its full duration even if the window closes.`,
    }),
    h(
      'fieldset',
      { class: 'problems-fieldset' },
      h('legend', { class: 'field-label', text: 'Problems' }),
      h('p', { class: 'field-note', text: 'Candidates see them as tabs, in this order. Each is scored by the share of tests its best graded submission passes, times its points.' }),
      h('div', { class: 'add-problem' }, h('label', { for: picker.input.id, text: 'Problem' }), picker.el, addButton),
      chosenEmpty,
      chosenList,
      totalText,
      problemsStatus,
    ),
    fieldEl(
      'Practice problem',
      practice,
      'Not scored: candidates may try it before they start, to get to know the editor.',
      id('practice-hint'),
    ),
    h(
      'div',
      { class: 'form-actions' },
      submit,
      onCancel ? h('button', { type: 'button', class: 'btn btn-ghost', text: 'Cancel', onClick: () => onCancel() }) : null,
    ),
  );
  renderChosen();

  const fields = {
    title,
    instructions,
    duration_minutes: duration,
    opens_at: opens,
    closes_at: closes,
    practice_problem: practice,
    problems: picker.input,
  };
  const invalid = (control, message) => {
    control.setAttribute('aria-invalid', 'true');
    showFormError(error, message);
    control.focus();
    return null;
  };

  function read() {
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    showFormError(error, null);
    if (!title.value.trim()) return invalid(title, 'Give the assessment a title.');
    const minutes = Number(duration.value);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      return invalid(duration, 'The duration is a whole number of minutes, from 1 to 1440.');
    }
    const opensAt = localInputToRfc3339(opens.value);
    if (!opensAt) return invalid(opens, 'Enter when the window opens.');
    const closesAt = localInputToRfc3339(closes.value);
    if (!closesAt) return invalid(closes, 'Enter when the window closes.');
    if (new Date(closesAt) <= new Date(opensAt)) return invalid(closes, 'The window must close after it opens.');
    if (!chosen.length) return invalid(picker.input, 'Add at least one problem.');
    for (const item of chosen) {
      const points = Number(item.points);
      if (!Number.isInteger(points) || points < 1 || points > 1000) {
        const input = chosenList.querySelector(`input[data-slug="${CSS.escape(item.slug)}"]`);
        return invalid(input, `Points for ${titleOf(item.slug)}: a whole number from 1 to 1000.`);
      }
    }
    const input = {
      title: title.value.trim(),
      instructions: instructions.value,
      duration_minutes: minutes,
      opens_at: opensAt,
      closes_at: closesAt,
      problems: chosen.map((c) =>
        c.members.length > 1 ? { pool: c.members, points: Number(c.points) } : { slug: c.members[0], points: Number(c.points) },
      ),
    };
    if (practice.value) input.practice_problem = practice.value;
    return input;
  }

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const input = read();
    if (!input) return;
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = 'Saving…';
    try {
      await onSubmit(input);
    } catch (err) {
      if (handleAuthError(err)) return;
      let message = err.message;
      if (err.code === 'assessment_started') {
        message = 'A candidate has started: the problems and the duration can no longer change (extra time is per candidate).';
      }
      const key = err.field ? Object.keys(fields).find((k) => err.field === k || err.field.startsWith(`${k}[`) || err.field.startsWith(`${k}.`)) : null;
      if (key) fields[key].setAttribute('aria-invalid', 'true');
      showFormError(error, message);
      (key ? fields[key] : error).focus?.();
      if (!key) error.scrollIntoView({ block: 'nearest' });
    } finally {
      busy = false;
      if (submit.isConnected) {
        submit.removeAttribute('aria-disabled');
        submit.textContent = submitLabel;
      }
    }
  });

  return { el: form, focus: () => title.focus() };
}

// ---- the list ----------------------------------------------------------------------------------

function countsText(counts = {}) {
  const parts = [
    ['invited', 'invited'],
    ['started', 'in progress'],
    ['finished', 'finished'],
    ['expired', 'expired'],
    ['revoked', 'revoked'],
  ]
    .filter(([key]) => counts[key])
    .map(([key, label]) => `${counts[key]} ${label}`);
  return parts.length ? parts.join(' · ') : 'No candidates yet';
}

export function renderTeam(root, params, { setSkipTarget }) {
  const controller = new AbortController();
  let disposed = false;
  const showArchived = params?.get('archived') === 'true';

  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Assessments' });
  const lead = h('p', { class: 'lead', text: 'Timed assessments built from the catalogue.' });
  // Hidden from reviewers (see styles.css); the API refuses them anyway.
  const newButton = h('button', {
    type: 'button',
    class: 'btn btn-primary needs-interviewer',
    text: 'New assessment',
    'aria-expanded': 'false',
    'aria-controls': 'new-assessment',
  });
  const newSection = h('section', { id: 'new-assessment', class: 'card', 'aria-labelledby': 'new-assessment-heading', hidden: true });
  const archivedToggle = h('input', { type: 'checkbox', id: 'show-archived', checked: showArchived });
  const count = h('p', { class: 'count muted', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const tableHost = h('div', { class: 'table-host' }, h('p', { class: 'muted', text: 'Loading assessments…' }));

  replace(
    root,
    h('header', { class: 'list-header page-head' }, h('div', {}, heading, lead), newButton),
    newSection,
    h('div', { class: 'toolbar' }, h('label', { class: 'checkbox', for: 'show-archived' }, archivedToggle, ' Show archived assessments')),
    count,
    tableHost,
  );
  document.title = 'Assessments · Verdict';
  setSkipTarget('Skip to the assessments', () => (tableHost.querySelector('a') ?? newButton).focus());

  let catalogue = null;
  async function openForm() {
    newButton.setAttribute('aria-expanded', 'true');
    newSection.hidden = false;
    replace(
      newSection,
      h('h2', { id: 'new-assessment-heading', class: 'section-heading', text: 'New assessment' }),
      h('p', { class: 'muted', text: 'Loading the catalogue…' }),
    );
    try {
      catalogue ??= await builderCatalogue({ signal: controller.signal });
    } catch (err) {
      if (disposed || err.name === 'AbortError') return;
      replace(newSection, h('h2', { id: 'new-assessment-heading', class: 'section-heading', text: 'New assessment' }), errorAlert('Could not load the problems', err, openForm));
      return;
    }
    if (disposed) return;
    const form = assessmentForm({
      idPrefix: 'new',
      catalogue,
      submitLabel: 'Create assessment',
      onSubmit: async (input) => {
        const created = await team.createAssessment(input);
        location.hash = `#/team/assessments/${encodeURIComponent(created.id)}`;
      },
      onCancel: () => closeForm(),
    });
    replace(newSection, h('h2', { id: 'new-assessment-heading', class: 'section-heading', text: 'New assessment' }), form.el);
    form.focus();
  }
  function closeForm() {
    newButton.setAttribute('aria-expanded', 'false');
    newSection.hidden = true;
    replace(newSection);
    newButton.focus();
  }
  newButton.addEventListener('click', () => (newSection.hidden ? openForm() : closeForm()));

  archivedToggle.addEventListener('change', () => {
    // Keep the choice in the URL without a new page (focus stays on the checkbox).
    history.replaceState(null, '', archivedToggle.checked ? '#/team?archived=true' : '#/team');
    load();
  });

  async function load() {
    tableHost.setAttribute('aria-busy', 'true');
    try {
      const data = await team.listAssessments({ archived: archivedToggle.checked, signal: controller.signal });
      if (disposed) return;
      renderTable(data.assessments ?? []);
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      replace(tableHost, errorAlert('Could not load the assessments', err, load));
    } finally {
      tableHost.removeAttribute('aria-busy');
    }
  }

  function renderTable(assessments) {
    count.textContent = `${assessments.length} assessment${assessments.length === 1 ? '' : 's'}`;
    if (!assessments.length) {
      replace(
        tableHost,
        h('p', { class: 'empty', text: archivedToggle.checked ? 'No assessments.' : 'No assessments yet. Press New assessment to build one.' }),
      );
      return;
    }
    replace(
      tableHost,
      h(
        'table',
        { class: 'problems data-grid' },
        h('caption', { class: 'sr-only', text: 'Assessments' }),
        h('thead', {}, h('tr', {}, ['Assessment', 'Window', 'Duration', 'Problems', 'Candidates'].map((text) => h('th', { scope: 'col', text })))),
        h(
          'tbody',
          {},
          assessments.map((a) =>
            h(
              'tr',
              { 'data-id': a.id },
              h(
                'th',
                { scope: 'row', class: 'cell-title' },
                h('a', { href: `#/team/assessments/${encodeURIComponent(a.id)}`, text: a.title }),
                a.archived ? h('span', { class: 'chip chip-archived', text: 'Archived' }) : null,
              ),
              h('td', { 'data-label': 'Window', text: windowText(a.opens_at, a.closes_at) }),
              h('td', { 'data-label': 'Duration', text: formatMinutes(a.duration_minutes) }),
              h('td', { 'data-label': 'Problems', text: String(a.problem_count ?? '–') }),
              h('td', { 'data-label': 'Candidates', text: countsText(a.counts) }),
            ),
          ),
        ),
      ),
    );
  }

  const ready = (async () => {
    let user;
    try {
      user = await requireUser({ signal: controller.signal });
    } catch (err) {
      if (disposed || err.name === 'AbortError') return;
      replace(tableHost, errorAlert('Could not check who is signed in', err, () => location.reload()));
      return;
    }
    if (!user || disposed) return;
    lead.textContent = `Timed assessments of ${user.team}, built from the catalogue.`;
    await load();
  })();

  return {
    heading,
    ready,
    dispose() {
      disposed = true;
      controller.abort();
    },
  };
}
