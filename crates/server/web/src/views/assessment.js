// One assessment (#/team/assessments/ID): edit, duplicate, archive; invite candidates one by one
// or from CSV; the report table with extra time and revoke; exports; similar answers; audit log.

import { builderCatalogue, team } from '../api.js';
import { h, replace } from '../dom.js';
import { kindName, verdictName, formatDate } from '../format.js';
import { requireUser, handleAuthError } from './session.js';
import { assessmentForm } from './team.js';
import { similarityPair } from './similarity.js';
import {
  copyField,
  copyText,
  errorAlert,
  formatDuration,
  formatMinutes,
  formatPoints,
  invitationStatus,
  scoreText,
  showFormError,
  timeEl,
  windowText,
} from './common.js';

const enc = encodeURIComponent;
/** Statuses in which extra time and revoking still make sense. */
const OPEN_STATUSES = new Set(['invited', 'started']);
// The report follows the attempts live: it is read again this often while the page is shown
// (not while the tab is hidden), for at most this many rounds (an hour); then Refresh does it.
const LIVE_MS = 5_000;
const LIVE_ROUNDS = 720;

function section(id, title, ...children) {
  return h(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading`, class: 'section-heading', text: title }),
    ...children,
  );
}

/** CSV quoting for one field. */
function csvField(value) {
  const text = String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderAssessment(root, id, { setSkipTarget }) {
  const controller = new AbortController();
  let disposed = false;
  let assessment = null;
  let report = null;
  let liveTimer = null;
  let catalogue = null;

  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Loading the assessment…' });
  const breadcrumb = h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/team', text: '← All assessments' }));
  replace(root, breadcrumb, heading, h('p', { class: 'muted', text: 'Loading…' }));
  document.title = 'Assessment · Verdict';
  setSkipTarget('Skip to main content', () => root.focus());

  const problemTitle = (slug) => assessment?.problems?.find((p) => p.slug === slug)?.title ?? slug;
  const candidateHref = (inv) => `#/team/assessments/${enc(id)}/candidates/${enc(inv)}`;

  // ---- the page's pieces (built once, filled in by load()) ------------------------------------
  const meta = h('ul', { class: 'meta', 'aria-label': 'About this assessment' });
  const actionStatus = h('p', { class: 'action-status', role: 'status' });
  // Controls that change something carry `needs-interviewer`: hidden from reviewers (the API
  // refuses them anyway, 403 needs_interviewer).
  const editButton = h('button', { type: 'button', class: 'btn btn-secondary needs-interviewer', text: 'Edit', 'aria-expanded': 'false', 'aria-controls': 'edit-assessment' });
  const duplicateButton = h('button', { type: 'button', class: 'btn btn-ghost needs-interviewer', text: 'Duplicate' });
  const archiveButton = h('button', { type: 'button', class: 'btn btn-ghost needs-interviewer', text: 'Archive' });
  const editSection = h('section', { class: 'card', id: 'edit-assessment', 'aria-labelledby': 'edit-assessment-heading', hidden: true });
  const overview = h('div', { class: 'overview' });
  const inviteResult = h('div', { class: 'invite-result', id: 'invite-result', 'aria-live': 'polite' });
  const bulkResult = h('div', { class: 'invite-result', id: 'bulk-result', 'aria-live': 'polite' });
  const reportHost = h('div', { class: 'report-host' }, h('p', { class: 'muted', text: 'Loading the report…' }));
  const reportStatus = h('p', { class: 'action-status', role: 'status' });
  const similarityHost = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));
  const similarityNote = h('p', {
    class: 'muted small',
    text: 'Pairs of final answers with much in common, most similar first. A prompt for a human review, never a verdict.',
  });
  const auditHost = h('div', {}, h('p', { class: 'muted', text: 'Loading…' }));

  // ---- invite one ---------------------------------------------------------------------------
  const inviteName = h('input', { type: 'text', id: 'invite-name', name: 'name', autocomplete: 'off', required: true });
  const inviteEmail = h('input', { type: 'email', id: 'invite-email', name: 'email', autocomplete: 'off', required: true });
  const inviteError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const inviteSubmit = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Create invitation' });
  const inviteForm = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': 'invite-one-heading' },
    h('h3', { id: 'invite-one-heading', class: 'sub-heading', text: 'One candidate' }),
    inviteError,
    h(
      'div',
      { class: 'form-row' },
      h('div', { class: 'form-field' }, h('label', { for: 'invite-name', class: 'field-label', text: 'Name' }), inviteName),
      h('div', { class: 'form-field' }, h('label', { for: 'invite-email', class: 'field-label', text: 'Email' }), inviteEmail),
      h('div', { class: 'form-field form-field-button' }, inviteSubmit),
    ),
    inviteResult,
  );
  inviteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(inviteError, null);
    const name = inviteName.value.trim();
    const email = inviteEmail.value.trim();
    if (!name) return fail(inviteName, 'Enter the candidate’s name.');
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) return fail(inviteEmail, 'Enter the candidate’s email address.');
    inviteSubmit.setAttribute('aria-disabled', 'true');
    try {
      let answer;
      try {
        answer = await team.invite(id, name, email);
      } catch (err) {
        // The email has a live invitation already: the team decides whether to invite again.
        if (err.code !== 'already_invited' || disposed) throw err;
        if (!window.confirm(`${err.message}\n\nInvite ${email} again anyway?`)) return;
        answer = await team.invite(id, name, email, true);
      }
      const { invitation, link, mail } = answer;
      if (disposed) return;
      inviteName.value = '';
      inviteEmail.value = '';
      replace(
        inviteResult,
        h(
          'div',
          { class: 'alert alert-success' },
          h('p', { class: 'alert-title ok', text: `Invitation created for ${invitation.name}` }),
          copyField({
            id: 'invite-link',
            label: `Invitation link for ${invitation.name}`,
            value: link,
            note:
              mail === 'queued'
                ? 'It is being mailed to the candidate. This link is shown only once. Anyone with the link can take the assessment.'
                : 'Mail is off on this server: this link is shown only once, so copy it now and send it to the candidate. Anyone with the link can take the assessment.',
          }),
        ),
      );
      inviteResult.querySelector('#invite-link').focus();
      loadReport();
      loadAudit();
    } catch (err) {
      if (disposed || handleAuthError(err)) return;
      const control = err.field === 'email' ? inviteEmail : err.field === 'name' ? inviteName : null;
      fail(control, err.message);
    } finally {
      inviteSubmit.removeAttribute('aria-disabled');
    }
    function fail(control, message) {
      showFormError(inviteError, message);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.focus();
        control.addEventListener('input', () => control.removeAttribute('aria-invalid'), { once: true });
      }
    }
  });

  // ---- invite many (CSV) ----------------------------------------------------------------------
  const bulkText = h('textarea', {
    id: 'bulk-csv',
    name: 'csv',
    rows: '5',
    spellcheck: 'false',
    placeholder: 'name,email\nAda Lovelace,ada@example.com',
    'aria-describedby': 'bulk-csv-hint',
  });
  const bulkFile = h('input', { type: 'file', id: 'bulk-file', accept: '.csv,text/csv' });
  const bulkError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const bulkSubmit = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Invite everyone' });
  const bulkForm = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': 'invite-bulk-heading' },
    h('h3', { id: 'invite-bulk-heading', class: 'sub-heading', text: 'Several candidates from CSV' }),
    bulkError,
    h(
      'div',
      { class: 'form-field' },
      h('label', { for: 'bulk-csv', class: 'field-label', text: 'CSV' }),
      h('p', { id: 'bulk-csv-hint', class: 'field-note', text: 'A header line name,email, then one candidate per line. All or nothing: a bad line invites nobody.' }),
      bulkText,
    ),
    h(
      'div',
      { class: 'form-row' },
      h('div', { class: 'form-field' }, h('label', { for: 'bulk-file', class: 'field-label', text: 'Or choose a .csv file' }), bulkFile),
      h('div', { class: 'form-field form-field-button' }, bulkSubmit),
    ),
    bulkResult,
  );
  bulkFile.addEventListener('change', async () => {
    const file = bulkFile.files?.[0];
    if (!file) return;
    bulkText.value = await file.text();
    bulkText.focus();
  });
  bulkForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(bulkError, null);
    bulkText.removeAttribute('aria-invalid');
    let csv = bulkText.value.replace(/^\uFEFF/, '');
    if (!csv.trim()) {
      showFormError(bulkError, 'Paste the CSV, or choose a file.');
      bulkText.setAttribute('aria-invalid', 'true');
      bulkText.focus();
      return;
    }
    if (!csv.endsWith('\n')) csv += '\n';
    bulkSubmit.setAttribute('aria-disabled', 'true');
    try {
      const { invitations = [] } = await team.inviteBulk(id, csv);
      if (disposed) return;
      bulkText.value = '';
      bulkFile.value = '';
      const allCsv = ['name,email,link', ...invitations.map((i) => [i.invitation.name, i.invitation.email, i.link].map(csvField).join(','))].join('\n');
      const copyAllStatus = h('span', { class: 'copy-status', role: 'status' });
      replace(
        bulkResult,
        h(
          'div',
          { class: 'alert alert-success' },
          h('p', { class: 'alert-title ok', text: `${invitations.length} invitation${invitations.length === 1 ? '' : 's'} created` }),
          h('p', { text: 'These links are shown only once: copy them now.' }),
          h(
            'p',
            {},
            h('button', {
              type: 'button',
              class: 'btn btn-secondary btn-small',
              text: 'Copy all as CSV (name, email, link)',
              onClick: async () => {
                copyAllStatus.textContent = (await copyText(allCsv)) ? 'Copied.' : 'Could not copy: copy the links one by one.';
              },
            }),
            ' ',
            copyAllStatus,
          ),
          h(
            'ul',
            { class: 'bulk-links' },
            invitations.map((item, index) =>
              h(
                'li',
                {},
                copyField({ id: `bulk-link-${index}`, label: `Invitation link for ${item.invitation.name} (${item.invitation.email})`, value: item.link }),
              ),
            ),
          ),
        ),
      );
      bulkResult.querySelector('.alert-title').setAttribute('tabindex', '-1');
      bulkResult.querySelector('.alert-title').focus();
      loadReport();
      loadAudit();
    } catch (err) {
      if (disposed || handleAuthError(err)) return;
      showFormError(bulkError, err.message);
      bulkText.setAttribute('aria-invalid', 'true');
      bulkText.focus();
    } finally {
      bulkSubmit.removeAttribute('aria-disabled');
    }
  });

  // ---- header actions ---------------------------------------------------------------------------
  editButton.addEventListener('click', async () => {
    if (!editSection.hidden) return closeEdit();
    editButton.setAttribute('aria-expanded', 'true');
    editSection.hidden = false;
    const title = h('h2', { id: 'edit-assessment-heading', class: 'section-heading', text: 'Edit the assessment' });
    replace(editSection, title, h('p', { class: 'muted', text: 'Loading the catalogue…' }));
    try {
      catalogue ??= await builderCatalogue({ signal: controller.signal });
    } catch (err) {
      if (disposed || err.name === 'AbortError') return;
      replace(editSection, title, errorAlert('Could not load the problems', err));
      return;
    }
    if (disposed) return;
    const form = assessmentForm({
      idPrefix: 'edit',
      initial: assessment,
      catalogue,
      submitLabel: 'Save changes',
      onSubmit: async (input) => {
        const saved = await team.updateAssessment(id, input);
        if (disposed) return;
        assessment = saved;
        closeEdit();
        renderHeader();
        actionStatus.textContent = 'Changes saved.';
        loadReport();
        loadAudit();
      },
      onCancel: () => closeEdit(),
    });
    replace(editSection, title, form.el);
    form.focus();
  });
  function closeEdit() {
    editButton.setAttribute('aria-expanded', 'false');
    editSection.hidden = true;
    replace(editSection);
    editButton.focus();
  }

  duplicateButton.addEventListener('click', async () => {
    actionStatus.textContent = 'Duplicating…';
    try {
      const copy = await team.duplicateAssessment(id);
      if (disposed) return;
      location.hash = `#/team/assessments/${enc(copy.id)}`;
    } catch (err) {
      if (disposed || handleAuthError(err)) return;
      actionStatus.textContent = `Could not duplicate: ${err.message}`;
    }
  });

  archiveButton.addEventListener('click', async () => {
    const archive = !assessment.archived;
    if (archive && !window.confirm('Archive this assessment? Nobody can be invited or start while it is archived; you can unarchive it later.')) return;
    try {
      assessment = await team.archiveAssessment(id, archive);
      if (disposed) return;
      renderHeader();
      actionStatus.textContent = archive ? 'Archived: no new invitations or starts.' : 'Unarchived.';
      archiveButton.focus();
      loadAudit();
    } catch (err) {
      if (disposed || handleAuthError(err)) return;
      actionStatus.textContent = `Could not ${archive ? 'archive' : 'unarchive'}: ${err.message}`;
    }
  });

  function renderHeader() {
    const a = assessment;
    heading.textContent = a.title;
    document.title = `${a.title} · Verdict`;
    replace(
      meta,
      a.archived ? h('li', { class: 'chip chip-archived', text: 'Archived' }) : null,
      h('li', { class: 'meta-text', text: `${formatMinutes(a.duration_minutes)} per candidate` }),
      h('li', { class: 'meta-text', text: `Window ${windowText(a.opens_at, a.closes_at)}` }),
      h('li', { class: 'meta-text', text: `${a.problems?.length ?? 0} problem${a.problems?.length === 1 ? '' : 's'}, ${formatPoints(a.total_points)} points` }),
    );
    archiveButton.textContent = a.archived ? 'Unarchive' : 'Archive';
    replace(
      overview,
      h(
        'table',
        { class: 'simple-table' },
        h('caption', { class: 'sub-heading', text: 'Problems, in the order candidates see them' }),
        h('thead', {}, h('tr', {}, ['#', 'Problem', 'Kind', 'Points'].map((t) => h('th', { scope: 'col', text: t })))),
        h(
          'tbody',
          {},
          (a.problems ?? []).map((p, i) =>
            h(
              'tr',
              {},
              h('td', { text: String(i + 1) }),
              h(
                'th',
                { scope: 'row' },
                p.pool
                  ? [h('span', { text: `${p.title}: each candidate gets one of ` }), p.pool.map((m, j) => [j ? ', ' : '', h('span', { class: 'pool-member', text: m.title ?? m.slug })])]
                  : h('a', { href: `#/problems/${enc(p.slug)}`, text: p.title ?? p.slug }),
              ),
              h('td', { text: p.kind ? kindName(p.kind) : '–' }),
              h('td', { class: 'num', text: formatPoints(p.points) }),
            ),
          ),
        ),
      ),
      h(
        'p',
        { class: 'muted small' },
        'Practice problem (not scored): ',
        a.practice_problem ? h('a', { href: `#/problems/${enc(a.practice_problem)}`, text: a.practice_problem }) : 'the catalogue’s default',
        '.',
      ),
      a.instructions_html
        ? h('details', { class: 'instructions-preview' }, h('summary', { text: 'Instructions, as candidates see them' }), h('div', { class: 'prose', html: a.instructions_html }))
        : h('p', { class: 'muted small', text: 'No instructions.' }),
    );
  }

  // ---- the report ---------------------------------------------------------------------------
  async function loadReport({ live = false } = {}) {
    if (!live) reportHost.setAttribute('aria-busy', 'true');
    try {
      const fresh = await team.report(id, { signal: controller.signal });
      if (disposed) return;
      // A live round never redraws under the person's hands: not while an extra-time form is
      // open or has the focus, and not when nothing changed. A focused row link keeps the focus.
      const focused = reportHost.contains(document.activeElement) ? document.activeElement : null;
      const busyHere = focused?.closest('form') || reportHost.querySelector('tr.row-form:not([hidden])');
      if (live && (busyHere || JSON.stringify(fresh) === JSON.stringify(report))) return;
      report = fresh;
      renderReport();
      const row = live ? focused?.closest('tr[data-invitation]')?.dataset.invitation : null;
      if (row) reportHost.querySelector(`tr[data-invitation="${CSS.escape(row)}"] a`)?.focus({ preventScroll: true });
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      // A live round that fails keeps the table; the next round (or Refresh) tries again.
      if (live) return;
      replace(reportHost, errorAlert('Could not load the report', err, loadReport));
    } finally {
      reportHost.removeAttribute('aria-busy');
    }
  }

  function renderReport() {
    const candidates = report.candidates ?? [];
    const problems = report.assessment?.problems ?? assessment.problems ?? [];
    if (!candidates.length) {
      replace(reportHost, h('p', { class: 'empty', text: 'Nobody is invited yet. Invite candidates above.' }));
      return;
    }
    const rows = [];
    for (const c of candidates) {
      const open = OPEN_STATUSES.has(c.status);
      const formRowId = `extra-${c.id}`;
      const extraButton = open
        ? h('button', {
            type: 'button',
            class: 'btn btn-ghost btn-small needs-interviewer',
            text: 'Extra time',
            'aria-expanded': 'false',
            'aria-controls': formRowId,
            // Each name starts with the visible words (speech control says what it sees).
            'aria-label': `Extra time for ${c.name}`,
          })
        : null;
      const revokeButton = open
        ? h('button', { type: 'button', class: 'btn btn-ghost btn-small btn-danger needs-interviewer', text: 'Revoke', 'aria-label': `Revoke ${c.name}’s invitation` })
        : null;
      const resendButton = open
        ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Resend', 'aria-label': `Resend ${c.name}’s invitation with a new link` })
        : null;
      // One entry per slot, in the assessment's order (a pool's: the problem drawn for them).
      const byslot = new Map((c.problems ?? []).map((p, i) => [p.slot ?? i, p]));
      const row = h(
        'tr',
        { 'data-invitation': c.id, 'data-status': c.status },
        h(
          'th',
          { scope: 'row', class: 'cell-title' },
          h('a', { href: candidateHref(c.id), text: c.name }),
          h('span', { class: 'cell-sub muted', text: c.email }),
        ),
        h('td', { 'data-label': 'Status' }, invitationStatus(c.status)),
        h('td', { 'data-label': 'Score', class: 'num cell-score', text: scoreText(c.score, c.max_score ?? report.max_score) }),
        problems.map((p, slot) => {
          const got = byslot.get(slot);
          const drawn = p.pool && got?.slug ? p.pool.find((m) => m.slug === got.slug)?.title ?? got.slug : null;
          return h(
            'td',
            { 'data-label': p.title ?? p.slug, class: 'num' },
            drawn ? h('span', { class: 'muted small drawn', text: `${drawn}: ` }) : null,
            // No submission at all reads apart from a submission that scored 0.
            got?.attempted === false
              ? h('span', { class: 'muted small not-attempted', text: 'not attempted' })
              : got?.score !== null && got?.score !== undefined
                ? formatPoints(got.score)
                : '–',
            got?.verdict ? h('span', { class: 'muted small', title: verdictName(got.verdict), text: ` ${got.verdict}` }) : null,
          );
        }),
        h('td', { 'data-label': 'Time used', class: 'num', text: formatDuration(c.time_used_seconds) }),
        h('td', { 'data-label': 'Extra time', class: 'num', text: c.extra_minutes ? `+${formatMinutes(c.extra_minutes)}` : '–' }),
        h('td', { 'data-label': 'Actions', class: 'cell-actions' }, extraButton, resendButton, revokeButton),
      );
      rows.push(row);
      if (!open) continue;

      // Extra time: a small form in the row below, shown on demand.
      const minutes = h('input', { type: 'number', id: `extra-minutes-${c.id}`, min: '1', max: '600', step: '1', value: '10', inputmode: 'numeric' });
      const extraError = h('span', { class: 'field-error', role: 'alert' });
      const extraForm = h(
        'form',
        { class: 'inline-form', novalidate: true },
        h('label', { for: minutes.id, text: `Extra minutes for ${c.name}` }),
        minutes,
        h('button', { type: 'submit', class: 'btn btn-secondary btn-small', text: 'Add time' }),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Cancel', onClick: () => toggleExtra(false) }),
        extraError,
      );
      const formRow = h('tr', { id: formRowId, class: 'row-form', hidden: true }, h('td', { colspan: String(6 + problems.length) }, extraForm));
      rows.push(formRow);
      // A stale message never outlives the input it was about.
      minutes.addEventListener('input', () => (extraError.textContent = ''));
      function toggleExtra(show) {
        extraError.textContent = '';
        formRow.hidden = !show;
        extraButton.setAttribute('aria-expanded', String(show));
        if (show) minutes.focus();
        else extraButton.focus();
      }
      extraButton.addEventListener('click', () => toggleExtra(formRow.hidden));
      extraForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        extraError.textContent = '';
        const value = Number(minutes.value);
        if (!Number.isInteger(value) || value < 1 || value > 600) {
          extraError.textContent = 'A whole number of minutes, 1 to 600.';
          minutes.focus();
          return;
        }
        try {
          await team.extraTime(id, c.id, value);
          if (disposed) return;
          reportStatus.textContent = `${c.name} got ${formatMinutes(value)} more.`;
          await loadReport();
          reportHost.querySelector(`tr[data-invitation="${CSS.escape(c.id)}"] a`)?.focus();
          loadAudit();
        } catch (err) {
          if (disposed || handleAuthError(err)) return;
          extraError.textContent = err.status === 409 ? `${c.name} has already finished.` : err.message;
        }
      });
      resendButton.addEventListener('click', async () => {
        if (!window.confirm(`Send ${c.name}’s invitation again with a new link? The link sent before stops working at once.`)) return;
        try {
          const { link, mail } = await team.resend(id, c.id);
          if (disposed) return;
          replace(
            inviteResult,
            h(
              'div',
              { class: 'alert alert-success' },
              h('p', { class: 'alert-title ok', text: `A new link for ${c.name}` }),
              copyField({
                id: 'invite-link',
                label: `Invitation link for ${c.name}`,
                value: link,
                note:
                  mail === 'queued'
                    ? 'It is being mailed to the candidate; the old link no longer works. This link is shown only once.'
                    : 'Mail is off on this server: this link is shown only once, so copy it now and send it to the candidate. The old link no longer works.',
              }),
            ),
          );
          reportStatus.textContent = `${c.name}’s invitation has a new link.`;
          inviteResult.querySelector('#invite-link').focus();
          loadAudit();
        } catch (err) {
          if (disposed || handleAuthError(err)) return;
          reportStatus.textContent = err.status === 409 ? `${c.name}’s invitation is closed: nothing to send.` : `Could not resend: ${err.message}`;
        }
      });
      revokeButton.addEventListener('click', async () => {
        if (!window.confirm(`Revoke ${c.name}’s invitation? The link stops working at once${c.status === 'started' ? ' and the attempt in progress ends' : ''}.`)) return;
        try {
          await team.revoke(id, c.id);
          if (disposed) return;
          reportStatus.textContent = `${c.name}’s invitation was revoked.`;
          await loadReport();
          reportHost.querySelector(`tr[data-invitation="${CSS.escape(c.id)}"] a`)?.focus();
          loadAudit();
        } catch (err) {
          if (disposed || handleAuthError(err)) return;
          reportStatus.textContent = err.status === 409 ? `${c.name} has already finished: nothing to revoke.` : `Could not revoke: ${err.message}`;
        }
      });
    }
    replace(
      reportHost,
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'problems data-grid report-table' },
          h('caption', { class: 'sr-only', text: 'Candidates and their scores' }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col', text: 'Candidate' }),
              h('th', { scope: 'col', text: 'Status' }),
              h('th', { scope: 'col', class: 'num', text: 'Score' }),
              problems.map((p) => h('th', { scope: 'col', class: 'num', text: `${p.title ?? p.slug} (${formatPoints(p.points)})` })),
              h('th', { scope: 'col', class: 'num', text: 'Time used' }),
              h('th', { scope: 'col', class: 'num', text: 'Extra time' }),
              h('th', { scope: 'col', text: 'Actions' }),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
    );
  }

  // ---- similarity and audit ---------------------------------------------------------------------
  async function loadSimilarity() {
    try {
      const { pairs = [], note } = await team.similarity(id, { signal: controller.signal });
      if (disposed) return;
      if (note) similarityNote.textContent = note;
      replace(
        similarityHost,
        pairs.length
          ? h('div', { class: 'sim-list' }, pairs.map((pair) => similarityPair(pair, { problemTitle, candidateHref })))
          : h('p', { class: 'muted', text: 'No two final answers look alike.' }),
      );
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      replace(similarityHost, errorAlert('Could not load the similar answers', err, loadSimilarity));
    }
  }

  // The log is read a page at a time: the entries seen so far by id, and the cursor of the
  // page before the oldest of them (null once the first entry is shown).
  const auditSeen = new Map();
  let auditBefore = null;

  /** Reads the newest page (or, with `older`, the page before those shown) and shows them all. */
  async function loadAudit({ older = false } = {}) {
    try {
      const page = await team.audit(id, { signal: controller.signal, before: older ? auditBefore : null });
      if (disposed) return;
      const fresh = page.events ?? [];
      const newestSeen = Math.max(-Infinity, ...auditSeen.keys());
      if (!older && page.older_before !== null && page.older_before !== undefined && (fresh[0]?.id ?? Infinity) > newestSeen) {
        // More came since the last read than a page holds: start again from this page, rather
        // than show a log with a gap in it.
        auditSeen.clear();
      }
      if (older || auditSeen.size === 0) auditBefore = page.older_before ?? null;
      for (const e of fresh) auditSeen.set(e.id, e);
      const events = [...auditSeen.values()].sort((a, b) => a.id - b.id);
      const names = new Map((report?.candidates ?? []).map((c) => [c.id, c.name]));
      const detailText = (detail) => {
        if (detail === null || detail === undefined) return '';
        if (typeof detail !== 'object') return String(detail);
        return Object.entries(detail)
          .map(([key, value]) => {
            // Times (RFC 3339, or milliseconds since the epoch) in the reader's time zone.
            if ((key === 'deadline' || key.endsWith('_at')) && (typeof value === 'string' || typeof value === 'number')) {
              const date = new Date(value);
              if (!Number.isNaN(date.getTime())) return `${key}: ${formatDate(date.toISOString())}`;
            }
            return `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : value}`;
          })
          .join(', ');
      };
      replace(
        auditHost,
        events.length
          ? h(
              'div',
              { class: 'table-scroll' },
              h(
                'table',
                { class: 'simple-table audit-table' },
                h('caption', { class: 'sr-only', text: 'Audit log, oldest first' }),
                h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Candidate', 'Detail'].map((t) => h('th', { scope: 'col', text: t })))),
                h(
                  'tbody',
                  {},
                  events.map((e) =>
                    h(
                      'tr',
                      {},
                      h('td', {}, timeEl(e.at)),
                      h('td', { text: e.actor ?? '' }),
                      h('td', { text: e.action ?? '' }),
                      h('td', {}, e.invitation ? h('a', { href: candidateHref(e.invitation), text: e.candidate ?? names.get(e.invitation) ?? e.invitation }) : ''),
                      h('td', { class: 'cell-detail', text: detailText(e.detail) }),
                    ),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted', text: 'Nothing yet.' }),
        auditBefore === null
          ? null
          : h('button', { type: 'button', class: 'btn btn-secondary audit-older', text: 'Show older entries', onclick: () => loadAudit({ older: true }) }),
      );
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      replace(auditHost, errorAlert('Could not load the audit log', err, () => loadAudit({ older })));
    }
  }

  // ---- the page ---------------------------------------------------------------------------------
  function build() {
    const refresh = h('button', {
      type: 'button',
      class: 'btn btn-ghost btn-small',
      text: 'Refresh',
      onClick: async () => {
        reportStatus.textContent = 'Refreshing…';
        await Promise.all([loadReport(), loadSimilarity()]);
        reportStatus.textContent = 'Report refreshed.';
        loadAudit();
      },
    });
    replace(
      root,
      h(
        'header',
        { class: 'problem-header' },
        breadcrumb,
        heading,
        meta,
        h('div', { class: 'page-actions' }, editButton, duplicateButton, archiveButton),
        actionStatus,
      ),
      editSection,
      section('overview', 'Overview', overview),
      needsInterviewer(section('invite', 'Invite candidates', h('div', { class: 'invite-grid' }, inviteForm, bulkForm))),
      section(
        'report',
        'Candidates',
        h(
          'div',
          { class: 'section-toolbar' },
          h('a', { class: 'btn btn-secondary btn-small', href: team.reportCsvUrl(id), download: `assessment-${id}-report.csv`, text: 'Download CSV' }),
          h('a', { class: 'btn btn-ghost btn-small', href: team.reportJsonUrl(id), target: '_blank', rel: 'noopener', text: 'Open JSON' }),
          h('a', { class: 'btn btn-ghost btn-small', href: team.exportJsonUrl(id), download: `assessment-${id}.json`, text: 'Download full export (JSON)' }),
          refresh,
          reportStatus,
        ),
        reportHost,
      ),
      section(
        'similarity',
        'Similar answers',
        similarityNote,
        similarityHost,
      ),
      section('audit', 'Audit log', auditHost),
    );
    renderHeader();
  }

  const ready = (async () => {
    try {
      const user = await requireUser({ signal: controller.signal });
      if (!user || disposed) return;
      assessment = await team.getAssessment(id, { signal: controller.signal });
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      heading.textContent = err.status === 404 ? 'Assessment not found' : 'Could not load the assessment';
      document.title = `${heading.textContent} · Verdict`;
      replace(
        root,
        breadcrumb,
        heading,
        err.status === 404
          ? h('p', { text: 'There is no such assessment in your team.' })
          : errorAlert('Something went wrong', err, () => location.reload()),
      );
      return;
    }
    if (disposed) return;
    build();
    await loadReport();
    loadSimilarity();
    loadAudit();
    followLive();
  })();

  /** Reads the report (and the audit log) again every LIVE_MS, LIVE_ROUNDS times at most. */
  function followLive() {
    let rounds = 0;
    let reading = false;
    const timer = setInterval(async () => {
      if (disposed) return clearInterval(timer);
      // One read at a time: a slow answer is not piled on.
      if (document.hidden || reading) return;
      rounds += 1;
      if (rounds > LIVE_ROUNDS) {
        clearInterval(timer);
        reportStatus.textContent = 'Live updates stopped after an hour: press Refresh for the latest.';
        return;
      }
      const before = report;
      reading = true;
      try {
        await loadReport({ live: true });
        if (!disposed && report !== before) await loadAudit();
      } finally {
        reading = false;
      }
    }, LIVE_MS);
    liveTimer = timer;
  }

  return {
    heading,
    ready,
    dispose() {
      disposed = true;
      clearInterval(liveTimer);
      controller.abort();
    },
  };
}

/** Marks a control that changes something: hidden from reviewers (see styles.css). */
function needsInterviewer(el) {
  el.classList.add('needs-interviewer');
  return el;
}
