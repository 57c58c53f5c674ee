// One candidate's report (#/team/assessments/ID/candidates/INV): scores, the final submission's
// tests, the final code, the draft history with a replay slider, and similar answers.

import { team } from '../api.js';
import { h, replace, srOnly } from '../dom.js';
import { verdictName, formatScore, formatDate, diffLines } from '../format.js';
import { requireUser, handleAuthError } from './session.js';
import { ResultsPanel } from './results.js';
import { similarityPair } from './similarity.js';
import { activitySection } from './playback.js';
import { submissionChip } from './badges.js';
import { explainedView } from './explained.js';
import { reviewPanel } from './review.js';
import { SUITE_KIND, suiteSummary } from './suite.js';
import { errorAlert, formatDuration, formatMinutes, formatPoints, invitationStatus, scoreText, timeEl } from './common.js';

const enc = encodeURIComponent;
const VIA = { autosave: 'autosave', run: 'a run', submit: 'a submission', deadline: 'the deadline' };
const REPLAY_MS = 700;

function codeBlock(code, { label } = {}) {
  return h('pre', { class: 'code-block final-code', tabindex: '0', 'aria-label': label ?? null }, h('code', { text: code ?? '' }));
}

/** The code of one history entry, with the lines new since the one before marked. */
function versionCode(previous, code) {
  const { right } = diffLines(previous ?? '', code ?? '');
  return h(
    'code',
    {},
    right.map((line, index) => [
      index ? '\n' : '',
      line.changed && previous !== null ? h('span', { class: 'line-new' }, srOnly('new: '), line.text) : line.text,
    ]),
  );
}

/** The draft history of one problem: a slider (and Play) over every saved version. */
function historyView(problem, index) {
  const history = problem.history ?? [];
  if (!history.length) return h('p', { class: 'muted', text: 'No draft was saved.' });
  const id = `history-${index}`;
  const slider = h('input', {
    type: 'range',
    id,
    min: '0',
    max: String(history.length - 1),
    step: '1',
    value: String(history.length - 1),
    'aria-describedby': `${id}-info`,
  });
  const info = h('output', { id: `${id}-info`, for: id, class: 'history-info' });
  const pre = h('pre', { class: 'code-block replay-code', tabindex: '0', 'aria-label': 'The code at this version' });
  const play = h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Play', 'aria-pressed': 'false' });
  let timer = null;

  function show(i) {
    const entry = history[i];
    const versionText = `Version ${i + 1} of ${history.length}, saved ${formatDate(entry.saved_at)} by ${VIA[entry.via] ?? entry.via}`;
    info.textContent = versionText;
    slider.setAttribute('aria-valuetext', versionText);
    replace(pre, versionCode(i > 0 ? history[i - 1].code : null, entry.code));
  }
  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  }
  slider.addEventListener('input', () => show(Number(slider.value)));
  play.addEventListener('click', () => {
    if (timer) return stop();
    if (Number(slider.value) >= history.length - 1) slider.value = '0';
    show(Number(slider.value));
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = setInterval(() => {
      const next = Number(slider.value) + 1;
      if (next >= history.length || !slider.isConnected) return stop();
      slider.value = String(next);
      show(next);
    }, REPLAY_MS);
  });
  show(history.length - 1);
  return h(
    'div',
    { class: 'history-replay' },
    h(
      'div',
      { class: 'replay-controls' },
      h('label', { for: id, class: 'field-label', text: 'Replay the drafts' }),
      slider,
      play,
    ),
    info,
    pre,
  );
}

function submissionsList(problem) {
  const submissions = problem.submissions ?? [];
  if (!submissions.length) return h('p', { class: 'muted', text: 'No submissions.' });
  return h(
    'ol',
    { class: 'history-list' },
    submissions.map((s) => {
      const score = formatScore(s.score);
      return h(
        'li',
        { class: 'history-item' },
        submissionChip(s),
        score !== null ? h('span', { class: 'history-score', text: `Score ${score}` }) : null,
        timeEl(s.created_at),
      );
    }),
  );
}

export function renderCandidate(root, id, inv, { setSkipTarget }) {
  const controller = new AbortController();
  let disposed = false;
  const assessmentHref = `#/team/assessments/${enc(id)}`;
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Loading the report…' });
  const backLink = h('a', { href: assessmentHref, text: '← Back to the assessment' });
  const breadcrumb = h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, backLink);
  replace(root, breadcrumb, heading, h('p', { class: 'muted', text: 'Loading…' }));
  document.title = 'Candidate · Verdict';
  setSkipTarget('Skip to main content', () => root.focus());

  function build(report, assessment) {
    const c = report.invitation;
    // Each problem's kind, a pool's members' too (a candidate's problem there is the one drawn).
    const kinds = new Map((assessment?.problems ?? []).flatMap((p) => (p.pool ? p.pool.map((m) => [m.slug, m.kind]) : [[p.slug, p.kind]])));
    const titles = new Map((report.problems ?? []).map((p) => [p.slug, p.title]));
    heading.textContent = c.name;
    document.title = `${c.name} · ${assessment?.title ?? 'Assessment'} · Verdict`;
    if (assessment) backLink.textContent = `← ${assessment.title}`;
    const problems = report.problems ?? [];
    const totalPoints = problems.reduce((sum, p) => sum + (p.points ?? 0), 0);

    const summary = h(
      'dl',
      { class: 'facts facts-inline' },
      h('dt', { text: 'Email' }),
      h('dd', {}, h('a', { href: `mailto:${c.email}`, text: c.email })),
      h('dt', { text: 'Status' }),
      h('dd', {}, invitationStatus(c.status)),
      h('dt', { text: 'Score' }),
      h('dd', { class: 'candidate-score', text: scoreText(c.score, c.max_score ?? totalPoints) }),
      h('dt', { text: 'Time used' }),
      h('dd', { text: formatDuration(c.time_used_seconds) }),
      h('dt', { text: 'Extra time' }),
      h('dd', { text: c.extra_minutes ? formatMinutes(c.extra_minutes) : 'None' }),
      h('dt', { text: 'Invited' }),
      h('dd', {}, timeEl(c.invited_at)),
      h('dt', { text: 'Started' }),
      h('dd', {}, timeEl(c.started_at)),
      h('dt', { text: 'Finished' }),
      h('dd', {}, timeEl(c.finished_at)),
    );

    const scoresTable = h(
      'table',
      { class: 'simple-table' },
      h('caption', { class: 'sr-only', text: 'Score per problem' }),
      h('thead', {}, h('tr', {}, ['Problem', 'Verdict', 'Score'].map((t) => h('th', { scope: 'col', text: t })))),
      h(
        'tbody',
        {},
        problems.map((p, i) =>
          h(
            'tr',
            { 'data-slug': p.slug },
            h('th', { scope: 'row' }, h('a', { href: `#problem-${i}`, text: p.title ?? p.slug, onClick: (event) => jump(event, i) })),
            h('td', { text: p.attempted === false ? 'Not attempted' : p.verdict ? verdictName(p.verdict) : 'No verdict yet' }),
            h('td', { class: 'num', text: scoreText(p.score, p.points) }),
          ),
        ),
      ),
    );

    // In-page links would change the route: scroll and focus instead.
    function jump(event, i) {
      event.preventDefault();
      const target = document.getElementById(`problem-${i}-heading`);
      target?.scrollIntoView({ block: 'start' });
      target?.focus({ preventScroll: true });
    }

    // The results panels fill in once on the page (the panel checks its list is connected).
    // The tests of the counted submission are one table (explained.js), each row with its run's
    // figures and, below it, the input and output the panel renders; the panel itself shows the
    // verdict and what stopped the tests. A tests problem's rows are bugs caught, which only the
    // panel knows how to show.
    const fills = [];
    const sections = problems.map((p, i) => {
      const results = h('div', { class: 'results' });
      const kind = kinds.get(p.slug) ?? 'function';
      const inTable = kind !== SUITE_KIND;
      let panel = null;
      if (p.final_submission) {
        panel = new ResultsPanel(results, { entry: null, kind, samples: [], onGoTo: () => {} });
        fills.push(() => panel.showSubmission(p.final_submission, { tests: !inTable }));
      } else {
        replace(results, h('p', { class: 'muted', text: 'Nothing was submitted for this problem.' }));
      }
      return h(
        'section',
        { class: 'card candidate-problem', id: `problem-${i}`, 'aria-labelledby': `problem-${i}-heading`, 'data-slug': p.slug },
        h('h2', { id: `problem-${i}-heading`, class: 'problem-heading', tabindex: '-1', text: p.title ?? p.slug }),
        h(
          'p',
          { class: 'meta-text' },
          h('strong', { text: scoreText(p.score, p.points) }),
          ' points · ',
          p.attempted === false ? 'Not attempted' : p.verdict ? verdictName(p.verdict) : 'No verdict yet',
          // A tests problem: the bugs the candidate's suite caught and the coverage it reached.
          kinds.get(p.slug) === SUITE_KIND && p.final_submission
            ? h('span', { class: 'suite-summary', text: ` · ${suiteSummary(p.final_submission) ?? 'no result'}` })
            : null,
        ),
        explainedView(p, i, inTable ? { runs: p.final_submission?.tests ?? [], detail: (test) => panel?.testDetail(test) ?? null } : null),
        h('h3', { class: 'sub-heading', text: inTable ? 'Verdict of the counted submission' : 'Tests of the counted submission' }),
        results,
        h('h3', { class: 'sub-heading', text: 'Final code' }),
        p.final_code ? codeBlock(p.final_code, { label: `Final code for ${p.title ?? p.slug}` }) : h('p', { class: 'muted', text: 'No code.' }),
        h('h3', { class: 'sub-heading', text: 'How the code grew' }),
        historyView(p, i),
        h('h3', { class: 'sub-heading', text: 'Submissions' }),
        submissionsList(p),
      );
    });

    const pairs = report.similarity ?? [];
    // The timeline and playback come from their own endpoint, filled in when it answers.
    const activityBody = h('div', { class: 'activity-body' }, h('p', { class: 'muted', text: 'Loading the timeline…' }));
    team
      .candidateActivity(id, inv, { signal: controller.signal })
      .then((activity) => !disposed && replace(activityBody, activitySection(activity, titles)))
      .catch((err) => !disposed && err.name !== 'AbortError' && replace(activityBody, errorAlert('Could not load the timeline', err)));
    replace(
      root,
      h('header', { class: 'problem-header' }, breadcrumb, heading, h('p', { class: 'lead', text: assessment?.title ?? '' })),
      h('section', { class: 'card', 'aria-labelledby': 'summary-heading' }, h('h2', { id: 'summary-heading', class: 'section-heading', text: 'Summary' }), summary, scoresTable),
      h(
        'section',
        { class: 'card', id: 'activity', 'aria-labelledby': 'activity-heading' },
        h('h2', { id: 'activity-heading', class: 'section-heading', text: 'Timeline and playback' }),
        activityBody,
      ),
      sections,
      reviewPanel(id, inv, { signal: controller.signal }),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'similar-heading' },
        h('h2', { id: 'similar-heading', class: 'section-heading', text: 'Similar answers' }),
        pairs.length
          ? h(
              'div',
              { class: 'sim-list' },
              pairs.map((pair) =>
                similarityPair(pair, {
                  problemTitle: (slug) => titles.get(slug) ?? slug,
                  candidateHref: (other) => `${assessmentHref}/candidates/${enc(other)}`,
                }),
              ),
            )
          : h('p', { class: 'muted', text: 'No other candidate’s final answer looks like this one.' }),
      ),
    );
    for (const fill of fills) fill();
  }

  const ready = (async () => {
    let report;
    let assessment = null;
    try {
      const user = await requireUser({ signal: controller.signal });
      if (!user || disposed) return;
      [report, assessment] = await Promise.all([
        team.candidate(id, inv, { signal: controller.signal }),
        team.getAssessment(id, { signal: controller.signal }).catch((err) => {
          if (err.name === 'AbortError') throw err;
          return null;
        }),
      ]);
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      heading.textContent = err.status === 404 ? 'Candidate not found' : 'Could not load the report';
      document.title = `${heading.textContent} · Verdict`;
      replace(
        root,
        breadcrumb,
        heading,
        err.status === 404 ? h('p', { text: 'There is no such candidate in this assessment.' }) : errorAlert('Something went wrong', err, () => location.reload()),
      );
      return;
    }
    if (disposed) return;
    build(report, assessment);
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
