// The team's review of one candidate, on the candidate report: notes (anyone on the team adds
// them; only their author edits or deletes one, so those buttons show on one's own notes only,
// and the API refuses the rest) and a scorecard per member (fixed criteria rated 1 to 4 and an
// overall recommendation; one's own is the form, the others' are listed).

import { review } from '../api.js';
import { h, replace } from '../dom.js';
import { errorAlert, timeEl } from './common.js';

const RECOMMENDATION = { strong_no: 'Strong no', no: 'No', yes: 'Yes', strong_yes: 'Strong yes' };

export function reviewPanel(id, inv, { signal } = {}) {
  const notesBox = h('div', { class: 'review-notes' }, h('p', { class: 'muted', text: 'Loading notes…' }));
  const cardBox = h('div', { class: 'review-scorecard' });
  const section = h(
    'section',
    { class: 'card review', 'aria-labelledby': 'review-heading' },
    h('h2', { id: 'review-heading', class: 'section-heading', text: 'Team notes and scorecards' }),
    h('p', { class: 'muted small', text: 'Seen by the hiring team only, never by the candidate.' }),
    h('h3', { class: 'sub-heading', text: 'Notes' }),
    notesBox,
    h('h3', { class: 'sub-heading', text: 'Scorecards' }),
    cardBox,
  );

  async function load() {
    let data;
    try {
      data = await review.get(id, inv, { signal });
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(notesBox, errorAlert('Could not load the notes', err, load));
      return;
    }
    replace(notesBox, notesView(data));
    replace(cardBox, scorecardsView(data));
  }

  function formError() {
    return h('p', { class: 'field-error', role: 'alert' });
  }

  function noteForm({ initial = '', label, submitText, onSave, onCancel, max }) {
    const field = h('textarea', { rows: '3', maxlength: String(max), 'aria-label': label, class: 'note-text' });
    field.value = initial;
    const error = formError();
    field.addEventListener('input', () => (error.textContent = ''));
    const form = h(
      'form',
      { class: 'note-form' },
      field,
      error,
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-small', text: submitText }),
        onCancel ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Cancel', onClick: onCancel }) : null,
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        await onSave(field.value);
        await load();
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  }

  function notesView(data) {
    const items = data.notes.map((note) => {
      const body = h('p', { class: 'note-body', text: note.text });
      const item = h(
        'li',
        { class: 'note', 'data-note': note.id },
        h('p', { class: 'note-meta muted small' }, note.author, ' · ', timeEl(note.created_at), note.updated_at !== note.created_at ? ' (edited)' : ''),
        body,
      );
      if (note.mine) {
        const edit = h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Edit' });
        const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Delete' });
        edit.addEventListener('click', () => {
          const form = noteForm({
            initial: note.text,
            label: 'Edit the note',
            submitText: 'Save',
            max: data.max_note_chars,
            onSave: (text) => review.editNote(id, inv, note.id, text),
            onCancel: () => load(),
          });
          replace(item, form);
          form.querySelector('textarea')?.focus();
        });
        remove.addEventListener('click', async () => {
          if (!confirm('Delete this note?')) return;
          try {
            await review.deleteNote(id, inv, note.id);
          } catch (err) {
            item.append(h('p', { class: 'field-error', role: 'alert', text: err.message }));
            return;
          }
          await load();
        });
        item.append(h('div', { class: 'note-actions' }, edit, remove));
      }
      return item;
    });
    const full = data.notes.length >= data.max_notes;
    return [
      items.length ? h('ol', { class: 'note-list' }, items) : h('p', { class: 'muted', text: 'No notes yet.' }),
      full
        ? h('p', { class: 'muted', text: `This candidate has the most notes allowed (${data.max_notes}): edit or delete one to add another.` })
        : noteForm({ label: 'Add a note', submitText: 'Add note', max: data.max_note_chars, onSave: (text) => review.addNote(id, inv, text) }),
    ];
  }

  function scorecardsView(data) {
    const mine = data.scorecards.find((c) => c.mine);
    const others = data.scorecards.filter((c) => !c.mine);
    const labels = new Map(data.criteria.map((c) => [c.key, c.label]));
    const error = formError();
    const groups = data.criteria.map((criterion) =>
      h(
        'fieldset',
        { class: 'rating', 'data-criterion': criterion.key },
        h('legend', { text: criterion.label }),
        Array.from({ length: data.max_rating }, (_, i) => {
          const value = String(i + 1);
          const input = h('input', { type: 'radio', name: `rating-${criterion.key}`, value, checked: mine?.ratings?.[criterion.key] === i + 1 });
          input.addEventListener('change', () => (error.textContent = ''));
          return h('label', { class: 'rating-choice' }, input, ` ${value}`);
        }),
      ),
    );
    const select = h(
      'select',
      { id: 'recommendation', class: 'recommendation' },
      h('option', { value: '', text: 'Choose…' }),
      data.recommendations.map((r) => h('option', { value: r, text: RECOMMENDATION[r] ?? r, selected: mine?.recommendation === r })),
    );
    select.addEventListener('change', () => (error.textContent = ''));
    const form = h(
      'form',
      { class: 'scorecard-form' },
      h('p', { class: 'muted small', text: `Your scorecard: rate each from 1 (weak) to ${data.max_rating} (strong).` }),
      groups,
      h('label', { for: 'recommendation', class: 'field-label', text: 'Overall recommendation' }),
      select,
      error,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-small', text: mine ? 'Update scorecard' : 'Save scorecard' })),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ratings = {};
      for (const criterion of data.criteria) {
        const checked = form.querySelector(`input[name="rating-${criterion.key}"]:checked`);
        if (checked) ratings[criterion.key] = Number(checked.value);
      }
      try {
        await review.putScorecard(id, inv, ratings, select.value);
        await load();
      } catch (err) {
        error.textContent = err.message;
      }
    });
    const list = others.map((card) =>
      h(
        'li',
        { class: 'scorecard' },
        h('p', {}, h('strong', { text: RECOMMENDATION[card.recommendation] ?? card.recommendation }), ` · ${card.author} · `, timeEl(card.updated_at)),
        h('p', { class: 'muted small', text: Object.entries(card.ratings).map(([k, v]) => `${labels.get(k) ?? k}: ${v}`).join(' · ') }),
      ),
    );
    return [form, list.length ? h('ul', { class: 'scorecard-list' }, list) : h('p', { class: 'muted small', text: 'No other scorecards yet.' })];
  }

  load();
  return section;
}
