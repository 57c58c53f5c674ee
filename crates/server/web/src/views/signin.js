// Team members: sign in (#/signin), ask for a reset link (#/forgot), and choose a password from
// a setup link (#/setup/TOKEN) or a reset link (#/reset/TOKEN).

import { auth } from '../api.js';
import { h, replace } from '../dom.js';
import { setUser, currentUser } from './session.js';
import { showFormError } from './common.js';

const MIN_PASSWORD = 10;

/** Where to go after signing in: a `next` team route, else the assessments. */
function nextHash(params) {
  const next = params?.get('next') ?? '';
  return /^#\/team(\/|$)/.test(next) ? next : '#/team';
}

export function field({ id, label, type, autocomplete, hint, required = true }) {
  const input = h('input', {
    type,
    id,
    name: id,
    autocomplete,
    required,
    'aria-describedby': hint ? `${id}-hint` : null,
  });
  return {
    input,
    el: h(
      'div',
      { class: 'form-field' },
      h('label', { for: id, class: 'field-label', text: label }),
      hint ? h('p', { id: `${id}-hint`, class: 'field-note', text: hint }) : null,
      input,
    ),
  };
}

export function renderSignIn(root, params, { setSkipTarget }) {
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Sign in' });
  const email = field({ id: 'signin-email', label: 'Email', type: 'email', autocomplete: 'username' });
  const password = field({ id: 'signin-password', label: 'Password', type: 'password', autocomplete: 'current-password' });
  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Sign in' });
  const form = h(
    'form',
    { class: 'card form-narrow', novalidate: true },
    error,
    email.el,
    password.el,
    h('div', { class: 'form-actions' }, submit),
  );
  const user = currentUser();
  replace(
    root,
    h(
      'header',
      { class: 'list-header' },
      heading,
      h('p', { class: 'lead', text: 'For hiring teams: build timed assessments, invite candidates and read their reports.' }),
    ),
    user
      ? h('p', { class: 'alert alert-info' }, `You are signed in as ${user.email}. `, h('a', { href: '#/team', text: 'Go to your assessments' }), '.')
      : null,
    form,
    h('p', { class: 'muted small' }, h('a', { href: '#/forgot', text: 'Forgot your password?' })),
    h('p', { class: 'muted small', text: 'No account? Ask whoever runs this Verdict server to create one for you.' }),
  );
  document.title = 'Sign in · Verdict';
  setSkipTarget('Skip to the sign-in form', () => email.input.focus());

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    showFormError(error, null);
    if (!email.input.value.trim() || !password.input.value) {
      showFormError(error, 'Enter your email and your password.');
      (email.input.value.trim() ? password.input : email.input).focus();
      return;
    }
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = 'Signing in…';
    try {
      const me = await auth.login(email.input.value.trim(), password.input.value);
      setUser(me);
      location.hash = nextHash(params);
    } catch (err) {
      let message = err.message;
      if (err.status === 401) message = 'Wrong email or password.';
      else if (err.status === 429) {
        const minutes = err.retryAfter ? Math.ceil(err.retryAfter / 60) : 15;
        message = `Too many failed attempts for this email. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
      }
      showFormError(error, message);
      password.input.value = '';
      password.input.focus();
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
      submit.textContent = 'Sign in';
    }
  });

  return { heading, dispose() {} };
}

/** Asks for a password reset link by mail; the answer never says whether the email has an account. */
export function renderForgot(root, _params, { setSkipTarget }) {
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Reset your password' });
  const email = field({ id: 'forgot-email', label: 'Email', type: 'email', autocomplete: 'username' });
  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const done = h('div', { class: 'alert alert-info', role: 'status', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Send me a link' });
  const form = h('form', { class: 'card form-narrow', novalidate: true }, error, done, email.el, h('div', { class: 'form-actions' }, submit));
  replace(root, h('header', { class: 'list-header' }, heading), form);
  document.title = 'Reset your password · Verdict';
  setSkipTarget('Skip to the form', () => email.input.focus());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(error, null);
    done.hidden = true;
    if (!email.input.value.trim()) {
      showFormError(error, 'Enter your email.');
      email.input.focus();
      return;
    }
    submit.setAttribute('aria-disabled', 'true');
    try {
      await auth.requestReset(email.input.value.trim());
      done.textContent = 'If an account has this email, a link to choose a new password is on its way (valid one hour).';
      done.hidden = false;
    } catch (err) {
      showFormError(
        error,
        err.code === 'mail_off' ? 'This server sends no mail: ask whoever runs it for a new setup link.' : err.message,
      );
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  });
  return { heading, dispose() {} };
}

/** A reset link's page: the setup page, worded for a reset. */
export function renderReset(root, token, options) {
  return renderSetup(root, token, options, 'reset');
}

/** `custom` ({save(password), after(answer)}) puts another account's reset on this page (a
 * candidate's own account). */
export function renderSetup(root, token, { setSkipTarget }, mode = 'setup', custom = null) {
  const reset = mode === 'reset';
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: reset ? 'Choose a new password' : 'Choose your password' });
  const password = field({
    id: 'setup-password',
    label: 'New password',
    type: 'password',
    autocomplete: 'new-password',
    hint: `At least ${MIN_PASSWORD} characters. A long phrase is easier to remember and harder to guess.`,
  });
  const confirm = field({ id: 'setup-confirm', label: 'Repeat the password', type: 'password', autocomplete: 'new-password' });
  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Set password and sign in' });
  const form = h(
    'form',
    { class: 'card form-narrow', novalidate: true },
    error,
    password.el,
    confirm.el,
    h('div', { class: 'form-actions' }, submit),
  );
  replace(
    root,
    h(
      'header',
      { class: 'list-header' },
      heading,
      h('p', {
        class: 'lead',
        text: reset
          ? 'This link works once, for an hour. Setting a new password signs you out everywhere else.'
          : 'Welcome to Verdict. This link works once: choose the password for your team account.',
      }),
    ),
    form,
  );
  document.title = 'Choose your password · Verdict';
  setSkipTarget('Skip to the password form', () => password.input.focus());

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    showFormError(error, null);
    for (const f of [password, confirm]) f.input.removeAttribute('aria-invalid');
    if (password.input.value.length < MIN_PASSWORD) {
      showFormError(error, `The password needs at least ${MIN_PASSWORD} characters.`);
      password.input.setAttribute('aria-invalid', 'true');
      password.input.focus();
      return;
    }
    if (password.input.value !== confirm.input.value) {
      showFormError(error, 'The two passwords differ. Type the same password twice.');
      confirm.input.setAttribute('aria-invalid', 'true');
      confirm.input.focus();
      return;
    }
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = 'Saving…';
    try {
      if (custom) {
        custom.after(await custom.save(password.input.value));
        return;
      }
      await (reset ? auth.reset(token, password.input.value) : auth.setup(token, password.input.value));
      try {
        setUser(await auth.me());
      } catch {
        // The next page asks again.
      }
      location.hash = '#/team';
    } catch (err) {
      let message = err.message;
      if (err.status === 404 || err.status === 410 || err.code === 'invalid_token' || err.code === 'expired') {
        message = reset
          ? 'This reset link is not valid any more (it works once and for one hour). Ask for a new one.'
          : 'This setup link is not valid any more (it works once and for 72 hours). Ask for a new one.';
      } else if (err.status === 422 && err.field === 'password') {
        password.input.setAttribute('aria-invalid', 'true');
      }
      showFormError(error, message);
      password.input.focus();
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
      submit.textContent = 'Set password and sign in';
    }
  });

  return { heading, dispose() {} };
}
