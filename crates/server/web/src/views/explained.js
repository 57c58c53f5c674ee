// What explains a candidate's score on one problem, on the team's candidate report: "not
// attempted" apart from a real zero, which submission counts and why, the work figures (time
// spent, runs, submissions), and every test of the counted submission with what it checks and
// the points it lost. The team's only: none of it is in anything a candidate's link reads.

import { h } from '../dom.js';
import { verdictName } from '../format.js';
import { formatDuration } from './common.js';

/** Points with up to two decimals. */
function points(value) {
  if (value === null || value === undefined) return '–';
  return String(Math.round(value * 100) / 100);
}

function workFacts(work) {
  const w = work ?? {};
  const system = w.system_submissions ? ` (+${w.system_submissions} by the system from the last draft)` : '';
  return h(
    'dl',
    { class: 'facts facts-inline work-facts' },
    h('dt', { text: 'Time spent' }),
    h('dd', {
      text: w.time_spent_seconds === null || w.time_spent_seconds === undefined ? 'No draft saved' : formatDuration(w.time_spent_seconds),
      title: 'From the first saved draft to the last save or submission',
    }),
    h('dt', { text: 'Runs' }),
    h('dd', { class: 'num', text: String(w.runs ?? 0) }),
    h('dt', { text: 'Submissions' }),
    h('dd', { class: 'num', text: `${w.submissions ?? 0}${system}` }),
  );
}

function testsTable(problem, index) {
  const tests = problem.tests ?? [];
  if (!tests.length) {
    return h('p', { class: 'muted', text: problem.counted ? 'The counted submission has no graded tests yet.' : 'No tests ran.' });
  }
  const lost = tests.reduce((sum, t) => sum + (t.points_lost ?? 0), 0);
  return h(
    'table',
    { class: 'simple-table test-rows', id: `tests-${index}` },
    h('caption', { class: 'sr-only', text: `Tests of ${problem.title ?? problem.slug}: what each checks and the points it lost` }),
    h(
      'thead',
      {},
      h('tr', {}, ['#', 'Test', 'What it checks', 'Result', 'Points lost'].map((t) => h('th', { scope: 'col', text: t }))),
    ),
    h(
      'tbody',
      {},
      tests.map((t) =>
        h(
          'tr',
          { 'data-test': String(t.number), 'data-passed': t.passed ? 'true' : 'false' },
          h('td', { class: 'num', text: String(t.number) }),
          h(
            'th',
            { scope: 'row' },
            h('span', { class: 'test-name', text: t.name }),
            h('span', { class: 'cell-sub muted', text: `${t.visibility === 'hidden' ? 'hidden' : 'sample'} · ${t.source}${t.group ? ` · group ${t.group}` : ''}` }),
          ),
          h('td', {}, h('code', { class: 'test-checks', text: t.checks })),
          h('td', { class: t.passed ? 'test-pass' : 'test-fail', text: t.verdict ? verdictName(t.verdict) : 'Not run' }),
          h('td', { class: 'num', text: t.points_lost ? `−${points(t.points_lost)} of ${points(t.points_possible)}` : `0 of ${points(t.points_possible)}` }),
        ),
      ),
    ),
    h('tfoot', {}, h('tr', {}, h('td', { colspan: '4', text: 'Points lost in all' }), h('td', { class: 'num', text: `−${points(lost)}` }))),
  );
}

/** The "why this score" part of one problem's section. */
export function explainedView(problem, index) {
  if (problem.attempted === false) {
    return h(
      'div',
      { class: 'explained', 'data-attempted': 'false' },
      h('p', { class: 'not-attempted-note' }, h('strong', { text: 'Not attempted' }), ': no submission was made (and no draft was left to grade), which is not the same as a submission that scored 0.'),
      workFacts(problem.work),
    );
  }
  return h(
    'div',
    { class: 'explained', 'data-attempted': 'true' },
    problem.counted ? h('p', { class: 'counted-reason' }, h('strong', { text: 'Counted submission: ' }), problem.counted.reason) : null,
    workFacts(problem.work),
    h('h3', { class: 'sub-heading', text: 'Why this score: every test' }),
    testsTable(problem, index),
  );
}
