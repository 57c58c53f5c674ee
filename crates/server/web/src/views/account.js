// A candidate's own account (optional: practice works without one): sign in by password or by a
// mailed link (#/account/signin), sign up (#/account/signup), ask for a reset link
// (#/account/forgot), the mailed links' landing pages (#/account/verify|link|reset/<token>) and the
// account page (#/account: email, kept drafts, sign out, delete). The form fields and the reset
// page are the team sign-in view's.

import { account } from '../api.js';
import { h, replace } from '../dom.js';
import { showFormError } from './common.js';
import { field, renderSetup } from './signin.js';
import { setCandidate } from './session.js';

const MIN_PASSWORD = 10;

export function renderAccountPage(root, target, options) {
  const pages = { home, signin, signup, forgot, verify: landing, link: landing, reset };
  return pages[target.page](root, target, options);
}

function page(root, title, lead, ...content) {
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: title });
  replace(root, h('header', { class: 'list-header' }, heading, lead ? h('p', { class: 'lead', text: lead }) : null), ...content);
  document.title = `${title} · Verdict`;
  return heading;
}

/** A form whose submit runs `action` once at a time, its errors announced in the form's alert. */
function form(submitText, fields, action) {
  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const done = h('div', { class: 'alert alert-info', role: 'status', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: submitText });
  const el = h('form', { class: 'card form-narrow', novalidate: true }, error, done, ...fields.map((f) => f.el), h('div', { class: 'form-actions' }, submit));
  let busy = false;
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    showFormError(error, null);
    done.hidden = true;
    for (const f of fields) f.input.removeAttribute('aria-invalid');
    const empty = fields.find((f) => !f.input.value.trim());
    if (empty) {
      showFormError(error, `Fill in ${empty.el.querySelector('label').textContent.toLowerCase()}.`);
      empty.input.setAttribute('aria-invalid', 'true');
      empty.input.focus();
      return;
    }
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    try {
      const message = await action();
      if (message) {
        done.textContent = message;
        done.hidden = false;
      }
    } catch (err) {
      showFormError(error, messageOf(err));
      const named = fields.find((f) => f.input.name.endsWith(err.field ?? '-'));
      if (named) {
        named.input.setAttribute('aria-invalid', 'true');
        named.input.focus();
      }
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
    }
  });
  return el;
}

function messageOf(err) {
  if (err.code === 'bad_credentials') return 'Wrong email or password.';
  if (err.code === 'unverified') return 'Confirm your address first: follow the link mailed to you.';
  if (err.code === 'mail_off') return 'This server sends no mail, so there are no links: sign in with your password.';
  if (err.code === 'email_taken') return 'This email has an account already: sign in instead.';
  if (err.status === 429) return `Too many attempts: try again in ${Math.ceil((err.retryAfter ?? 60) / 60)} minute(s).`;
  return err.message;
}

/** Signed in: the header follows, and the problems are the next page. */
function signedIn(answer) {
  setCandidate({ email: answer.email });
  location.hash = '#/';
}

function signin(root, _target, { setSkipTarget }) {
  const email = field({ id: 'account-email', label: 'Email', type: 'email', autocomplete: 'username' });
  const password = field({ id: 'account-password', label: 'Password', type: 'password', autocomplete: 'current-password' });
  const linkEmail = field({ id: 'account-link-email', label: 'Email', type: 'email', autocomplete: 'username' });
  const heading = page(
    root,
    'Sign in to practise',
    'Your solved problems, drafts and submissions follow you to every device. Work you did here before signing in moves to your account.',
    form('Sign in', [email, password], async () => signedIn(await account.login(email.input.value.trim(), password.input.value))),
    h('h2', { text: 'Or get a sign-in link by mail' }),
    form('Email me a link', [linkEmail], async () => {
      await account.requestLink(linkEmail.input.value.trim());
      return 'If this address has an account, a sign-in link is on its way (valid 15 minutes, once).';
    }),
    h('p', { class: 'muted small' }, h('a', { href: '#/account/signup', text: 'No account? Sign up' }), ' · ', h('a', { href: '#/account/forgot', text: 'Forgot your password?' })),
  );
  setSkipTarget('Skip to the sign-in form', () => email.input.focus());
  return { heading, dispose() {} };
}

function signup(root, _target, { setSkipTarget }) {
  const email = field({ id: 'signup-email', label: 'Email', type: 'email', autocomplete: 'username' });
  const password = field({
    id: 'signup-password',
    label: 'Password',
    type: 'password',
    autocomplete: 'new-password',
    hint: `At least ${MIN_PASSWORD} characters.`,
  });
  const heading = page(
    root,
    'Create a practice account',
    'Optional: practice works without one. With an account, your progress follows you, and the work you did here moves to it.',
    form('Sign up', [email, password], async () => {
      const answer = await account.signUp(email.input.value.trim(), password.input.value);
      if (answer.signed_in) {
        signedIn({ email: email.input.value.trim() });
        return null;
      }
      return 'Check your mail: the link in it confirms your address and signs you in (valid 24 hours).';
    }),
    h('p', { class: 'muted small' }, h('a', { href: '#/account/signin', text: 'Have an account? Sign in' })),
  );
  setSkipTarget('Skip to the sign-up form', () => email.input.focus());
  return { heading, dispose() {} };
}

function forgot(root, _target, { setSkipTarget }) {
  const email = field({ id: 'account-forgot-email', label: 'Email', type: 'email', autocomplete: 'username' });
  const heading = page(
    root,
    'Reset your practice password',
    null,
    form('Send me a link', [email], async () => {
      await account.requestReset(email.input.value.trim());
      return 'If this address has an account, a link to choose a new password is on its way (valid one hour).';
    }),
  );
  setSkipTarget('Skip to the form', () => email.input.focus());
  return { heading, dispose() {} };
}

/** A mailed verify or sign-in link: used on arrival (the token is in the fragment, which no mail
 * scanner's fetch runs), then on to the problems. */
function landing(root, target, { setSkipTarget }) {
  const verifying = target.page === 'verify';
  const status = h('p', { role: 'status', text: verifying ? 'Confirming your address…' : 'Signing you in…' });
  const heading = page(root, verifying ? 'Confirm your account' : 'Sign in', null, status);
  setSkipTarget('Skip to main content', () => heading.focus());
  const use = verifying ? account.verify : account.useLink;
  const ready = use(target.token).then(
    (answer) => {
      setCandidate({ email: answer.email });
      const moved = answer.merged.drafts + answer.merged.submissions;
      replace(
        status,
        `Signed in as ${answer.email}.${moved ? ' The work you did in this browser moved to your account.' : ''} `,
        h('a', { href: '#/', text: 'Go to the problems' }),
      );
    },
    (err) => {
      status.setAttribute('role', 'alert');
      replace(
        status,
        err.status === 404 ? 'This link is not valid any more (it works once, for a limited time). ' : `${messageOf(err)} `,
        h('a', { href: '#/account/signin', text: 'Sign in or ask for a new link' }),
      );
    },
  );
  return { heading, ready, dispose() {} };
}

function reset(root, target, options) {
  return renderSetup(root, target.token, options, 'reset', {
    save: (password) => account.reset(target.token, password),
    after: (answer) => signedIn(answer),
  });
}

function home(root, _target, { setSkipTarget }) {
  const heading = page(root, 'Your account', null, h('p', { role: 'status', text: 'Loading…' }));
  setSkipTarget('Skip to main content', () => heading.focus());
  const ready = account.status().then((status) => {
    const you = status.account;
    setCandidate(you ? { email: you.email } : null);
    if (!you) {
      page(
        root,
        'Your account',
        'You practise anonymously: your progress stays in this browser.',
        h('p', {}, h('a', { href: '#/account/signin', class: 'btn btn-primary', text: 'Sign in' }), ' ', h('a', { href: '#/account/signup', class: 'btn', text: 'Sign up' })),
      );
      return;
    }
    const signOut = h('button', { type: 'button', class: 'btn', text: 'Sign out' });
    signOut.addEventListener('click', async () => {
      await account.logout().catch(() => {});
      setCandidate(null);
      location.hash = '#/';
    });
    const password = field({
      id: 'delete-password',
      label: 'Password',
      type: 'password',
      autocomplete: 'current-password',
      hint: 'Not needed within 15 minutes of signing in.',
      required: false,
    });
    const removeForm = deleteForm(password);
    const kept = you.kept_drafts.length
      ? h(
          'section',
          { 'aria-labelledby': 'kept-title' },
          h('h2', { id: 'kept-title', text: 'Drafts kept when signing in' }),
          h('p', { class: 'muted small', text: 'Signing in met two drafts of one problem: the newer is in the editor, the older is kept here.' }),
          ...you.kept_drafts.map((k) => h('details', {}, h('summary', { text: `${k.problem} (saved ${k.updated_at})` }), h('pre', { class: 'code-block', text: k.code }))),
        )
      : null;
    page(
      root,
      'Your account',
      `Signed in as ${you.email}.`,
      h('p', {}, signOut),
      kept,
      h('h2', { text: 'Delete your account' }),
      h('p', { text: 'Deletes the account, its sessions, and its practice submissions and drafts, for good.' }),
      removeForm,
    );
  });
  return { heading, ready, dispose() {} };
}

function deleteForm(password) {
  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const confirm = h('input', { type: 'checkbox', id: 'delete-confirm', name: 'delete-confirm' });
  const submit = h('button', { type: 'submit', class: 'btn btn-danger', text: 'Delete my account and data' });
  const el = h(
    'form',
    { class: 'card form-narrow', novalidate: true },
    error,
    password.el,
    h('div', { class: 'form-field' }, confirm, ' ', h('label', { for: 'delete-confirm', text: 'I understand this cannot be undone' })),
    h('div', { class: 'form-actions' }, submit),
  );
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(error, null);
    if (!confirm.checked) {
      showFormError(error, 'Tick the box to confirm.');
      confirm.focus();
      return;
    }
    try {
      const deleted = await account.remove(password.input.value);
      setCandidate(null);
      replace(
        el,
        h('p', {
          role: 'status',
          text: `Deleted: your account, ${deleted.submissions} submission(s), ${deleted.drafts} draft(s) and ${deleted.sessions} session(s).`,
        }),
      );
    } catch (err) {
      showFormError(error, err.code === 'confirm' ? 'Enter your password to confirm (or sign in again).' : messageOf(err));
      password.input.setAttribute('aria-invalid', 'true');
      password.input.focus();
    }
  });
  return el;
}
