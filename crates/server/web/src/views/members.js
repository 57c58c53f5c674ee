// The Team page (#/team/members), for admins: members and their roles, inviting a teammate (the
// setup link shown once), removing one, API tokens (make one, shown once; every member's,
// revocable), the team's mail templates (views/mailtemplates.js) and webhooks (views/webhooks.js).
// Other roles get a note instead: the API refuses them these calls (403 needs_admin).

import { members, tokens } from '../api.js';
import { h, replace } from '../dom.js';
import { requireUser, handleAuthError } from './session.js';
import { errorAlert, showFormError, timeEl } from './common.js';
import { mailTemplatesSection } from './mailtemplates.js';
import { webhooksSection } from './webhooks.js';

const ROLES = [
  ['admin', 'Admin: everything, the team and its tokens included'],
  ['interviewer', 'Interviewer: builds assessments, invites candidates'],
  ['reviewer', 'Reviewer: reads assessments and reports'],
];

function roleSelect(id, value, label) {
  const select = h('select', { id, name: 'role', 'aria-label': label });
  for (const [role, text] of ROLES) select.append(h('option', { value: role, text: label ? role : text, selected: role === value }));
  return select;
}

/** A secret shown once, with a copy button. */
function shownOnce(title, value, note = 'It is shown only this once: copy it now.') {
  const field = h('input', { type: 'text', readonly: true, value, class: 'secret', 'aria-label': title });
  return h(
    'div',
    { class: 'alert alert-success', role: 'status' },
    h('p', { class: 'alert-title', text: title }),
    h('p', { text: note }),
    field,
    h('button', { type: 'button', class: 'btn btn-small', text: 'Copy', onClick: () => navigator.clipboard?.writeText(value) }),
  );
}

export function renderMembers(root, { setSkipTarget }) {
  const controller = new AbortController();
  let disposed = false;
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Team' });
  const status = h('p', { class: 'sr-only', role: 'status' });
  const membersHost = h('div', {}, h('p', { class: 'muted', text: 'Loading the members…' }));
  const tokensHost = h('div', {}, h('p', { class: 'muted', text: 'Loading the tokens…' }));
  const inviteShown = h('div');
  const tokenShown = h('div');
  document.title = 'Team · Verdict';

  // ---- invite a teammate --------------------------------------------------------------------
  const inviteEmail = h('input', { type: 'email', id: 'member-email', name: 'email', autocomplete: 'off', required: true });
  const inviteRole = roleSelect('member-role', 'reviewer');
  const inviteError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const inviteForm = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': 'invite-member-heading' },
    h('h3', { id: 'invite-member-heading', class: 'sub-heading', text: 'Invite a teammate' }),
    inviteError,
    h('div', { class: 'form-field' }, h('label', { for: 'member-email', class: 'field-label', text: 'Email' }), inviteEmail),
    h('div', { class: 'form-field' }, h('label', { for: 'member-role', class: 'field-label', text: 'Role' }), inviteRole),
    h('button', { type: 'submit', class: 'btn btn-primary', text: 'Invite' }),
    inviteShown,
  );
  inviteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(inviteError, null);
    try {
      const made = await members.invite(inviteEmail.value, inviteRole.value);
      const note =
        made.mail === 'queued'
          ? `It is being mailed to ${made.member.email}. It is shown only this once.`
          : 'Mail is off on this server: it is shown only this once, so copy it now and send it to them.';
      replace(
        inviteShown,
        shownOnce(`Setup link for ${made.member.email} (works for ${made.setup_link_hours} hours)`, made.setup_link, note),
      );
      inviteEmail.value = '';
      await loadMembers();
    } catch (err) {
      if (!handleAuthError(err)) showFormError(inviteError, err.message);
    }
  });

  // ---- make an API token --------------------------------------------------------------------
  const tokenName = h('input', { type: 'text', id: 'token-name', name: 'name', autocomplete: 'off', required: true });
  const tokenRole = roleSelect('token-role', 'admin');
  const tokenError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const tokenForm = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': 'new-token-heading' },
    h('h3', { id: 'new-token-heading', class: 'sub-heading', text: 'Make an API token (yours)' }),
    tokenError,
    h('div', { class: 'form-field' }, h('label', { for: 'token-name', class: 'field-label', text: 'Name' }), tokenName),
    h('div', { class: 'form-field' }, h('label', { for: 'token-role', class: 'field-label', text: 'Acts as' }), tokenRole),
    h('button', { type: 'submit', class: 'btn btn-primary', text: 'Make token' }),
    tokenShown,
  );
  tokenForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(tokenError, null);
    try {
      const made = await tokens.create(tokenName.value, tokenRole.value);
      replace(tokenShown, shownOnce(`API token “${made.name}” (acts as ${made.role})`, made.token));
      tokenName.value = '';
      await loadTokens();
    } catch (err) {
      if (!handleAuthError(err)) showFormError(tokenError, err.message);
    }
  });

  async function act(what, call) {
    try {
      await call();
      status.textContent = what;
    } catch (err) {
      if (!handleAuthError(err)) window.alert(err.message);
    }
    await Promise.all([loadMembers(), loadTokens()]);
  }

  async function loadMembers() {
    try {
      const list = await members.list({ signal: controller.signal });
      if (disposed) return;
      const rows = list.members.map((m) => {
        const select = roleSelect(`role-${m.id}`, m.role, `Role of ${m.email}`);
        select.addEventListener('change', () => act(`${m.email} is now ${select.value}`, () => members.setRole(m.id, select.value)));
        const remove = h('button', {
          type: 'button',
          class: 'btn btn-ghost btn-small btn-danger',
          text: 'Remove',
          'aria-label': `Remove ${m.email}`,
          onClick: () => {
            if (window.confirm(`Remove ${m.email}? Their sessions end and their API tokens are revoked.`)) {
              act(`${m.email} was removed`, () => members.remove(m.id));
            }
          },
        });
        return h(
          'tr',
          { 'data-email': m.email },
          h('th', { scope: 'row', text: m.email }),
          h('td', {}, select),
          h('td', { text: m.set_up ? 'Signed up' : 'Setup link not used yet' }),
          h('td', {}, timeEl(m.joined_at)),
          h('td', {}, remove),
        );
      });
      replace(
        membersHost,
        // A phone scrolls the table, never the page (the scroller is focusable for the keyboard).
        h(
          'div',
          { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Members' },
          h(
            'table',
            { class: 'data-table members-table' },
            h('caption', { class: 'sr-only', text: 'Members of the team' }),
            h('thead', {}, h('tr', {}, ...['Member', 'Role', 'Status', 'Joined', 'Actions'].map((t) => h('th', { scope: 'col', text: t })))),
            h('tbody', {}, ...rows),
          ),
        ),
        h('p', { class: 'muted small', text: `${list.members.length} of at most ${list.max_members} members.` }),
      );
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      replace(membersHost, errorAlert('Could not load the members', err, loadMembers));
    }
  }

  async function loadTokens() {
    try {
      const list = await members.tokens({ signal: controller.signal });
      if (disposed) return;
      const rows = list.tokens.map((t) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: t.name }),
          h('td', { text: t.owner_email }),
          h('td', { text: t.role ?? 'its member’s role' }),
          h('td', {}, timeEl(t.created_at)),
          h('td', {}, t.last_used_at ? timeEl(t.last_used_at) : 'never'),
          h('td', {}, h('button', {
            type: 'button',
            class: 'btn btn-ghost btn-small btn-danger',
            text: 'Revoke',
            'aria-label': `Revoke the token ${t.name} of ${t.owner_email}`,
            onClick: () => act(`The token ${t.name} was revoked`, () => members.revokeToken(t.id)),
          })),
        ),
      );
      replace(
        tokensHost,
        rows.length
          ? h(
              'div',
              { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'API tokens' },
              h(
                'table',
                { class: 'data-table tokens-table' },
                h('caption', { class: 'sr-only', text: 'API tokens of every member' }),
                h('thead', {}, h('tr', {}, ...['Name', 'Member', 'Acts as', 'Made', 'Last used', 'Actions'].map((x) => h('th', { scope: 'col', text: x })))),
                h('tbody', {}, ...rows),
              ),
            )
          : h('p', { class: 'muted', text: 'No API tokens.' }),
      );
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      replace(tokensHost, errorAlert('Could not load the tokens', err, loadTokens));
    }
  }

  const hooks = webhooksSection({ signal: controller.signal, status, shownOnce, isDisposed: () => disposed });

  const ready = (async () => {
    replace(root, heading, h('p', { class: 'muted', text: 'Loading…' }));
    const user = await requireUser({ signal: controller.signal }).catch(() => null);
    if (disposed || !user) return;
    if (user.role !== 'admin') {
      replace(root, heading, h('p', { text: 'Only the team’s admins manage its members, tokens and webhooks.' }));
      return;
    }
    replace(
      root,
      heading,
      h('p', { class: 'lead', text: `Who is in ${user.team}, what each may do, the team’s API tokens and its webhooks.` }),
      status,
      h('section', { class: 'card', 'aria-labelledby': 'members-heading' }, h('h2', { id: 'members-heading', class: 'section-heading', text: 'Members' }), membersHost, inviteForm),
      h('section', { class: 'card', 'aria-labelledby': 'tokens-heading' }, h('h2', { id: 'tokens-heading', class: 'section-heading', text: 'API tokens' }), tokensHost, tokenForm),
      mailTemplatesSection({ signal: controller.signal }),
      hooks.section,
    );
    setSkipTarget('Skip to the members', () => inviteEmail.focus());
    await Promise.all([loadMembers(), loadTokens(), hooks.load()]);
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
