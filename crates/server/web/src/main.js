// App shell: theme, skip link and the hash router: practice (#/, #/problems/<slug>), the team's
// pages (#/signin, #/forgot, #/setup/<token>, #/reset/<token>, #/team, #/team/members, #/team/questions,
// #/team/assessments/<id>[/candidates/<inv>]) and a
// candidate's assessment (#/a/<token>[/practice | /problems/<slug>]).

import './styles.css';
import { h, replace } from './dom.js';
import { initTheme, currentTheme, toggleTheme, onThemeChange } from './theme.js';
import { renderList } from './views/list.js';
import { renderProblem } from './views/problem.js';
import { renderSignIn, renderSetup, renderForgot, renderReset } from './views/signin.js';
import { renderTeam } from './views/team.js';
import { renderMembers } from './views/members.js';
import { renderQuestions } from './views/questions.js';
import { renderAssessment } from './views/assessment.js';
import { renderCandidate } from './views/candidate.js';
import { renderAttempt } from './views/attempt.js';
import { setNavMode } from './views/session.js';

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
  if (/^\/signin\/?$/.test(path)) return { view: 'signin', params };
  if ((match = path.match(/^\/setup\/([^/]+)\/?$/))) return { view: 'setup', token: match[1] };
  if (/^\/forgot\/?$/.test(path)) return { view: 'forgot', params };
  if ((match = path.match(/^\/reset\/([^/]+)\/?$/))) return { view: 'reset', token: match[1] };
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

async function route() {
  current?.dispose();
  const target = parseRoute();
  const options = { setSkipTarget, listHref: lastListHash };
  if (target.view !== 'attempt') setNavMode('normal');
  if (target.view === 'list') {
    current = renderList(main, target.params, options);
  } else if (target.view === 'problem') {
    current = renderProblem(main, target.slug, options);
  } else if (target.view === 'signin') {
    current = renderSignIn(main, target.params, options);
  } else if (target.view === 'setup') {
    current = renderSetup(main, target.token, options);
  } else if (target.view === 'forgot') {
    current = renderForgot(main, target.params, options);
  } else if (target.view === 'reset') {
    current = renderReset(main, target.token, options);
  } else if (target.view === 'team') {
    current = renderTeam(main, target.params, options);
  } else if (target.view === 'members') {
    current = renderMembers(main, options);
  } else if (target.view === 'questions') {
    current = renderQuestions(main, options);
  } else if (target.view === 'assessment') {
    current = renderAssessment(main, target.id, options);
  } else if (target.view === 'candidate') {
    current = renderCandidate(main, target.id, target.inv, options);
  } else if (target.view === 'attempt') {
    current = renderAttempt(main, target.token, target.sub, options);
  } else {
    current = renderNotFound(main);
  }
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
