// App shell: theme, skip link and the hash router: practice (#/, #/problems/<slug>, #/tracks[/<slug>]), a
// candidate's own account (#/account[/signin|/signup|/forgot|/verify/<t>|/link/<t>|/reset/<t>]), the team's
// pages (#/signin, #/forgot, #/setup/<token>, #/reset/<token>, #/team, #/team/members, #/team/questions,
// #/team/assessments/<id>[/candidates/<inv>]) and a
// candidate's assessment (#/a/<token>[/practice | /problems/<slug>]).

import './styles.css';
// The suite views' styles sit in the one stylesheet: a lazily loaded chunk's CSS would not load.
import './views/suite.css';
import { h, replace } from './dom.js';
import { initTheme, currentTheme, toggleTheme, onThemeChange } from './theme.js';
import { renderList } from './views/list.js';
import { setNavMode, setCandidate } from './views/session.js';
import { account } from './api.js';

// Every page but the list loads its code when first visited (build.mjs splits them), so a
// candidate's first visit fetches neither the editor nor the team's pages.
const views = {
  // Practice's problem page is the only one with learning aids (an attempt's never has them).
  problem: () => import('./views/problem.js').then((m) => (root, t, o) => m.renderProblem(root, t.slug, { ...o, aids: true })),
  tracks: () => import('./views/tracks.js').then((m) => (root, t, o) => m.renderTracks(root, o)),
  track: () => import('./views/tracks.js').then((m) => (root, t, o) => m.renderTrack(root, t.slug, o)),
  signin: () => import('./views/signin.js').then((m) => (root, t, o) => m.renderSignIn(root, t.params, o)),
  setup: () => import('./views/signin.js').then((m) => (root, t, o) => m.renderSetup(root, t.token, o)),
  forgot: () => import('./views/signin.js').then((m) => (root, t, o) => m.renderForgot(root, t.params, o)),
  reset: () => import('./views/signin.js').then((m) => (root, t, o) => m.renderReset(root, t.token, o)),
  team: () => import('./views/team.js').then((m) => (root, t, o) => m.renderTeam(root, t.params, o)),
  members: () => import('./views/members.js').then((m) => (root, t, o) => m.renderMembers(root, o)),
  questions: () => import('./views/questions.js').then((m) => (root, t, o) => m.renderQuestions(root, o)),
  assessment: () => import('./views/assessment.js').then((m) => (root, t, o) => m.renderAssessment(root, t.id, o)),
  candidate: () =>
    import('./views/candidate.js').then((m) => (root, t, o) => m.renderCandidate(root, t.id, t.inv, o)),
  account: () => import('./views/account.js').then((m) => (root, t, o) => m.renderAccountPage(root, t, o)),
  attempt: () => import('./views/attempt.js').then((m) => (root, t, o) => m.renderAttempt(root, t.token, t.sub, o)),
};

initTheme();

const main = document.getElementById('main');
const skipLink = document.getElementById('skip-link');
let skipAction = () => main.focus();

skipLink.addEventListener('click', (event) => {
  // The link's href would change the route; move focus ourselves instead.
  event.preventDefault();
  skipAction();
});

function setSkipTarget(label, action) {
  skipLink.textContent = label;
  skipAction = action;
}

// ---- theme toggle ------------------------------------------------------------------------

const themeButton = document.getElementById('theme-toggle');
function renderThemeButton(theme) {
  const dark = theme === 'dark';
  themeButton.setAttribute('aria-pressed', String(dark));
  // A toggle button: the name stays "Dark theme", aria-pressed (and the switch) says whether it is on.
  replace(themeButton, h('span', { class: 'switch', 'aria-hidden': 'true' }), h('span', { text: 'Dark theme' }));
  themeButton.title = dark ? 'Dark theme is on: switch to the light theme' : 'Dark theme is off: switch to the dark theme';
}
themeButton.addEventListener('click', () => toggleTheme());
onThemeChange(renderThemeButton);
renderThemeButton(currentTheme());

// ---- routing -------------------------------------------------------------------------------

let current = null;
let lastListHash = '#/';
let firstRoute = true;

function parseRoute() {
  const raw = decodeURI(location.hash.replace(/^#/, '')) || '/';
  const [path, query = ''] = raw.split('?');
  const params = new URLSearchParams(query);
  if (path === '/' || path === '') return { view: 'list', params };
  let match = path.match(/^\/problems\/([^/]+)\/?$/);
  if (match) return { view: 'problem', slug: match[1] };
  if (/^\/tracks\/?$/.test(path)) return { view: 'tracks' };
  if ((match = path.match(/^\/tracks\/([^/]+)\/?$/))) return { view: 'track', slug: match[1] };
  if (/^\/signin\/?$/.test(path)) return { view: 'signin', params };
  if ((match = path.match(/^\/setup\/([^/]+)\/?$/))) return { view: 'setup', token: match[1] };
  if (/^\/forgot\/?$/.test(path)) return { view: 'forgot', params };
  if ((match = path.match(/^\/reset\/([^/]+)\/?$/))) return { view: 'reset', token: match[1] };
  if ((match = path.match(/^\/account(?:\/(signin|signup|forgot))?\/?$/))) {
    return { view: 'account', page: match[1] ?? 'home', params };
  }
  if ((match = path.match(/^\/account\/(verify|link|reset)\/([^/]+)\/?$/))) {
    return { view: 'account', page: match[1], token: match[2], params };
  }
  if (/^\/team\/?$/.test(path)) return { view: 'team', params };
  if (/^\/team\/members\/?$/.test(path)) return { view: 'members' };
  if (/^\/team\/questions\/?$/.test(path)) return { view: 'questions' };
  if ((match = path.match(/^\/team\/assessments\/([^/]+)\/?$/))) return { view: 'assessment', id: match[1] };
  if ((match = path.match(/^\/team\/assessments\/([^/]+)\/candidates\/([^/]+)\/?$/))) {
    return { view: 'candidate', id: match[1], inv: match[2] };
  }
  if ((match = path.match(/^\/a\/([^/]+)(?:\/(practice|problems\/([^/]+)))?\/?$/))) {
    // The attempt page switches tabs with replaceState (no hashchange, no new page).
    return { view: 'attempt', token: match[1], sub: match[2] === 'practice' ? { practice: true } : match[3] ? { slug: match[3] } : null };
  }
  return { view: 'not-found', path };
}

function renderNotFound(root) {
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Page not found' });
  replace(root, heading, h('p', {}, 'There is nothing here. ', h('a', { href: '#/', text: 'Go to the problem list' }), '.'));
  document.title = 'Not found · Verdict';
  setSkipTarget('Skip to main content', () => main.focus());
  return { heading, dispose() {} };
}

let routeSeq = 0;

/** The render function for a route: the list's at hand, any other page's once its code loads. */
async function renderer(target) {
  if (target.view === 'list') return (root, t, o) => renderList(root, t.params, o);
  const load = views[target.view];
  if (!load) return (root) => renderNotFound(root);
  try {
    return await load();
  } catch {
    // A chunk that will not load (offline, or a new build replaced it): say so, offer a reload.
    return (root) => renderLoadFailed(root);
  }
}

function renderLoadFailed(root) {
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'This page did not load' });
  const reload = h('button', { type: 'button', class: 'btn', text: 'Reload' });
  reload.addEventListener('click', () => location.reload());
  replace(root, heading, h('p', { role: 'alert', text: 'The page could not be fetched: check the connection, then reload.' }), reload);
  document.title = 'Not loaded · Verdict';
  setSkipTarget('Skip to main content', () => main.focus());
  return { heading, dispose() {} };
}

async function route() {
  const seq = ++routeSeq;
  current?.dispose();
  current = null;
  const target = parseRoute();
  const options = { setSkipTarget, listHref: lastListHash };
  if (target.view !== 'attempt') setNavMode('normal');
  const render = await renderer(target);
  // Another navigation began while this page's code loaded: that one draws.
  if (seq !== routeSeq) return;
  current = render(main, target, options);
  const view = current;
  const initial = firstRoute;
  firstRoute = false;
  window.scrollTo(0, 0);
  await view.ready;
  // Move focus to the new page's heading so keyboard and screen reader users start there.
  if (!initial && current === view) view.heading.focus({ preventScroll: true });
}

window.addEventListener('hashchange', () => {
  if (parseRoute().view === 'list') lastListHash = location.hash;
  route();
});
// The list keeps its filters in the hash with replaceState; remember them for "back to list".
window.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href^="#/problems/"]');
  if (link && parseRoute().view === 'list') lastListHash = location.hash || '#/';
});

if (!location.hash) history.replaceState(null, '', '#/');
route();
// Whether a candidate's own account is signed in, for the header (anonymous practice otherwise).
account
  .status()
  .then((status) => setCandidate(status.account ? { email: status.account.email } : null))
  .catch(() => {});
