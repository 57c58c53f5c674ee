// Who is signed in (a team member), and the header's links for them.

import { auth, ApiError } from '../api.js';
import { h, replace } from '../dom.js';

let user = null; // {email, team, role} once known
let candidate = null; // a candidate's own account {email} once known
let mode = 'normal'; // 'attempt' hides the navigation: a candidate sits an assessment

function navHost() {
  const nav = document.querySelector('.app-nav');
  if (!nav) return null;
  let host = nav.querySelector('.nav-session');
  if (!host) {
    host = h('span', { class: 'nav-session' });
    nav.append(host);
  }
  return host;
}

function renderNav() {
  const nav = document.querySelector('.app-nav');
  const host = navHost();
  if (!nav || !host) return;
  nav.hidden = mode === 'attempt';
  // A candidate's own account (optional; never shown on an assessment's pages, whose nav is hidden).
  const practice = candidate
    ? h('a', { href: '#/account', class: 'nav-account', title: `Signed in as ${candidate.email}`, text: 'Your account' })
    : h('a', { href: '#/account/signin', class: 'nav-account', text: 'Sign in' });
  if (!user) {
    // Teams sign in here (until a team page says who is signed in, which may be nobody: the
    // sign-in page then offers the way back); candidates taking an assessment never need to.
    replace(host, practice, h('a', { href: '#/signin', class: 'nav-signin', text: 'Team sign-in' }));
    return;
  }
  replace(
    host,
    h('a', { href: '#/team', text: 'Assessments' }),
    h('a', { href: '#/team/questions', text: 'Questions' }),
    user.role === 'admin' ? h('a', { href: '#/team/members', text: 'Team' }) : null,
    h('span', { class: 'nav-user muted', title: `Signed in as ${user.email}`, text: `${user.email} · ${user.team}` }),
    h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Sign out', onClick: () => signOut() }),
  );
}

/** 'attempt' while a candidate's assessment is on screen, 'normal' otherwise. */
export function setNavMode(next) {
  mode = next;
  renderNav();
}

/** The candidate's own account ({email}) or null; the header follows it. */
export function setCandidate(next) {
  candidate = next;
  renderNav();
}

export function currentCandidate() {
  return candidate;
}

export function currentUser() {
  return user;
}

export function setUser(next) {
  user = next;
  // What the page hides from this role (styles.css): the API refuses it anyway.
  document.body.dataset.role = user?.role ?? '';
  renderNav();
}

/** Go to the sign-in page, coming back here afterwards. */
export function redirectToSignIn() {
  const next = location.hash && !location.hash.startsWith('#/signin') ? location.hash : '#/team';
  location.replace(`#/signin?next=${encodeURIComponent(next)}`);
}

/**
 * The signed-in team member, or null after sending the person to the sign-in page.
 * Other errors are thrown.
 */
export async function requireUser({ signal } = {}) {
  try {
    setUser(await auth.me({ signal }));
    return user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setUser(null);
      redirectToSignIn();
      return null;
    }
    throw err;
  }
}

/** An API error that means the session ended: go and sign in again. True when handled. */
export function handleAuthError(err) {
  if (err instanceof ApiError && err.status === 401) {
    setUser(null);
    redirectToSignIn();
    return true;
  }
  return false;
}

export async function signOut() {
  try {
    await auth.logout();
  } catch {
    // Signed out on this side anyway.
  }
  setUser(null);
  location.hash = '#/signin';
}
