// What explains a candidate's score on one problem, on the team's candidate report: "not
// attempted" apart from a real zero, which submission counts and why, the work figures (time
// spent, runs, submissions), and every test of the counted submission with what it checks and
// the points it lost. The team's only: none of it is in anything a candidate's link reads.

import { h } from '../dom.js';
import { formatKib, formatMs, verdictName } from '../format.js';
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

/** The run behind a row: its CPU time and memory, and its detail below the row. */
function runCells(run) {
  if (!run) return [h('td', { class: 'num', text: '–' }), h('td', { class: 'num', text: '–' })];
  return [
    h('td', { class: 'num', title: `CPU ${formatMs(run.cpu_ms)}, wall clock ${formatMs(run.wall_ms)}`, text: formatMs(run.cpu_ms) }),
    h('td', { class: 'num', text: formatKib(run.memory_kib) }),
  ];
}

function testsTable(problem, index, runs) {
  const tests = problem.tests ?? [];
  if (!tests.length) {
    return h('p', { class: 'muted', text: problem.counted ? 'The counted submission has no graded tests yet.' : 'No tests ran.' });
  }
  const lost = tests.reduce((sum, t) => sum + (t.points_lost ?? 0), 0);
  const byNumber = new Map((runs?.runs ?? []).map((run) => [run.number, run]));
  const columns = ['#', 'Test', 'What it checks', 'Result', 'Points lost', ...(runs ? ['CPU time', 'Memory'] : [])];
  return h(
    'table',
    { class: 'simple-table test-rows', id: `tests-${index}` },
    h('caption', { class: 'sr-only', text: `Tests of ${problem.title ?? problem.slug}: what each checks and the points it lost` }),
    h(
      'thead',
      {},
      h('tr', {}, columns.map((t) => h('th', { scope: 'col', text: t }))),
    ),
    h(
      'tbody',
      {},
      tests.flatMap((t) => [
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
          runs ? runCells(byNumber.get(t.number)) : null,
        ),
        detailRow(t.number, byNumber.get(t.number), runs, columns.length),
      ]),
    ),
    h(
      'tfoot',
      {},
      h('tr', {}, h('td', { colspan: '4', text: 'Points lost in all' }), h('td', { class: 'num', text: `−${points(lost)}` }), runs ? h('td', { colspan: '2' }) : null),
    ),
  );
}

/** A row under a test's row with its input and output, when the run came with them. */
function detailRow(number, run, runs, width) {
  const detail = run && runs?.detail(run);
  if (!detail) return null;
  return h('tr', { class: 'test-detail-row', 'data-detail-of': String(number) }, h('td', { colspan: String(width) }, detail));
}

/** The "why this score" part of one problem's section. With `runs` (the counted submission's
 * test results, and `detail` rendering one), the table is the problem's one list of tests. */
export function explainedView(problem, index, runs = null) {
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
    testsTable(problem, index, runs),
  );
}
