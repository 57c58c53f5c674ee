// The team's mail templates (a section of the Team page, for admins): each kind of message with
// its subject, text and HTML bodies, the placeholders it may use, saved as the team's own or
// put back to Verdict's wording. The server checks every placeholder; its 422 names the field,
// which is marked here.

import { mail } from '../api.js';
import { h, replace } from '../dom.js';
import { handleAuthError } from './session.js';
import { errorAlert, showFormError } from './common.js';

const TITLES = {
  invitation: 'Invitation (to a candidate)',
  reminder: 'Reminder (to a candidate who has not started)',
  completion: 'Completion notice (to the assessment’s creator)',
  password_reset: 'Password reset (to a member)',
  team_invitation: 'Teammate invitation (to a new member)',
};

function templateForm(template, reload) {
  const id = (field) => `mail-${template.kind}-${field}`;
  const subject = h('input', { type: 'text', id: id('subject'), name: 'subject', value: template.subject, maxlength: 200 });
  const text = h('textarea', { id: id('text'), name: 'text', rows: 7, text: template.text });
  const html = h('textarea', { id: id('html'), name: 'html', rows: 5, text: template.html ?? '' });
  const fields = { subject, text, html };
  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const saved = h('p', { class: 'muted small', role: 'status' });
  const reset = h('button', {
    type: 'button',
    class: 'btn btn-ghost',
    text: 'Use Verdict’s wording',
    hidden: !template.custom,
    onClick: async () => {
      try {
        await mail.resetTemplate(template.kind);
        await reload();
      } catch (err) {
        if (!handleAuthError(err)) showFormError(error, err.message);
      }
    },
  });
  const form = h(
    'form',
    { class: 'mail-template', novalidate: true, 'data-kind': template.kind },
    error,
    h('p', { class: 'muted small' }, 'Placeholders: ', ...template.placeholders.map((p) => h('code', { text: `{{${p}}} ` }))),
    h('div', { class: 'form-field' }, h('label', { for: id('subject'), class: 'field-label', text: 'Subject' }), subject),
    h('div', { class: 'form-field' }, h('label', { for: id('text'), class: 'field-label', text: 'Text' }), text),
    h('div', { class: 'form-field' }, h('label', { for: id('html'), class: 'field-label', text: 'HTML (optional)' }), html),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', text: 'Save' }), reset),
    saved,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(error, null);
    saved.textContent = '';
    try {
      await mail.putTemplate(template.kind, { subject: subject.value, text: text.value, html: html.value.trim() ? html.value : null });
      saved.textContent = 'Saved: the team’s own wording is used from now on.';
      reset.hidden = false;
    } catch (err) {
      if (handleAuthError(err)) return;
      showFormError(error, err.message);
      const field = fields[err.field];
      if (field) {
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
    }
  });
  return h(
    'details',
    { class: 'mail-template-item' },
    h('summary', {}, TITLES[template.kind] ?? template.kind, template.custom ? h('span', { class: 'chip', text: 'the team’s own' }) : null),
    form,
  );
}

/** The section, loading itself; `signal` aborts the load when the page goes. */
export function mailTemplatesSection({ signal }) {
  const host = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));
  const note = h('p', { class: 'muted' });
  async function load() {
    try {
      const [status, list] = await Promise.all([mail.status({ signal }), mail.templates({ signal })]);
      note.textContent = status.enabled
        ? 'Mail is on: these are the messages this team sends.'
        : 'Mail is off on this server: nothing is sent, but the team’s wording is kept for when it is on.';
      replace(host, ...list.templates.map((t) => templateForm(t, load)));
    } catch (err) {
      if (err.name === 'AbortError' || handleAuthError(err)) return;
      replace(host, errorAlert('Could not load the mail templates', err, load));
    }
  }
  load();
  return h('section', { class: 'card', 'aria-labelledby': 'mail-heading' }, h('h2', { id: 'mail-heading', class: 'section-heading', text: 'Mail templates' }), note, host);
}
