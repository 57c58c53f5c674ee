// A `tests` problem, where the candidate writes the test suite: how it is graded (on the problem
// page), and its results. Test 1 runs the suite on the correct implementation and is a gate
// (unless every test passes there, the submission scores 0); each further test runs it on one
// planted bug, caught when at least one test fails. ResultsPanel hands a tests problem's banner
// and test rows to this module.

import { append, h, srOnly } from '../dom.js';
import { verdictName, formatMs, formatKib, formatScore } from '../format.js';

/** The number of the run on the correct implementation. */
const GATE = 1;

export const SUITE_KIND = 'tests';

export const SUITE_IDLE_TEXT =
  'Run your tests on the correct implementation and the sample bugs, or submit them to be tried on every bug.';

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Up to three names, then how many more. */
function someNames(names, total = names.length) {
  const shown = names.slice(0, 3);
  const more = total - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

// ---- the problem page ---------------------------------------------------------------------

/** What the candidate writes and how it is graded, for the statement pane. */
export function suiteGuide(problem) {
  const module = problem.module;
  const sampleBugs = (problem.samples ?? []).filter((s) => s.input?.target === 'bug' && s.input.bug).map((s) => s.input.bug);
  return h(
    'section',
    { class: 'suite-guide', 'aria-labelledby': 'suite-guide-heading' },
    h('h3', { id: 'suite-guide-heading', text: 'What you write, and how it is graded' }),
    h(
      'p',
      {},
      'Write one Python test file for the module described above: pytest test functions or ',
      h('code', { text: 'unittest.TestCase' }),
      ' classes (fixtures, ',
      h('code', { text: '@pytest.mark.parametrize' }),
      ' and ',
      h('code', { text: 'unittest.mock' }),
      ' work).',
      module ? [' Import it by its name (', h('code', { text: `import ${module}` }), ' or ', h('code', { text: `from ${module} import …` }), ').'] : null,
      ' You never see its code: test what the statement promises.',
    ),
    h(
      'ol',
      { class: 'suite-steps' },
      h(
        'li',
        {},
        h('strong', { text: 'On the correct implementation' }),
        ' every test must pass, and at least one must be collected. Otherwise the submission scores 0.',
      ),
      h(
        'li',
        {},
        h('strong', { text: 'On each planted bug' }),
        ' (a copy of the module with one bug) at least one test must fail: then your tests caught it. ',
        'The score is the weighted share of bugs caught.',
      ),
    ),
    sampleBugs.length
      ? [
          h('p', { text: 'Run tries the correct implementation and these sample bugs; Submit also tries hidden ones:' }),
          h('ul', { class: 'suite-sample-bugs' }, sampleBugs.map((bug) => h('li', { text: bug }))),
        ]
      : h('p', { text: 'Run tries the correct implementation; Submit also tries the hidden bugs.' }),
    h('p', { class: 'muted', text: 'Results show the line and branch coverage your tests reach on the correct implementation.' }),
  );
}

// ---- results --------------------------------------------------------------------------------

const GATE_FAILED = {
  WA: 'Your tests fail on the correct implementation',
  NT: 'No tests found',
  TLE: 'Your tests ran out of time on the correct implementation',
  MLE: 'Your tests ran out of memory on the correct implementation',
  OLE: 'Your tests printed too much on the correct implementation',
};

function gateFailedTitle(gate) {
  if (gate.verdict === 'RE') {
    return gate.detail?.suite?.collection_error ? 'Your test file failed to import' : 'Your tests raised an error';
  }
  return GATE_FAILED[gate.verdict] ?? verdictName(gate.verdict);
}

/** Why the gate failed, in a few words, for the banner. */
function gateFailedReason(gate) {
  const suite = gate.detail?.suite;
  if (gate.verdict === 'WA' && suite?.failed?.length) {
    return `failing: ${someNames(suite.failed.map((f) => f.name), suite.failed_count)}; a test must pass on correct code`;
  }
  if (gate.verdict === 'NT') return 'pytest collected no test from your file';
  if (gate.verdict === 'RE') return 'see the error under test 1';
  return null;
}

/**
 * The banner of a run or submission of a tests problem: {state, title, subtitle, code}.
 * `score` is null for a run (only the sample bugs are tried).
 */
export function suiteBanner(verdict, what, tests, score) {
  const gate = tests.find((t) => t.number === GATE);
  const scoreText = formatScore(score);
  if (!gate) {
    const parts = [what, scoreText !== null ? `Score ${scoreText}` : null].filter(Boolean);
    return { state: verdict === 'AC' ? 'AC' : 'fail', title: verdictName(verdict), subtitle: parts.join(' · '), code: verdict };
  }
  if (gate.verdict !== 'AC') {
    const parts = [what, gateFailedReason(gate), scoreText !== null ? `Score ${scoreText}` : null].filter(Boolean);
    return { state: 'fail', title: gateFailedTitle(gate), subtitle: parts.join(' · '), code: verdict };
  }
  const bugs = tests.filter((t) => t.number !== GATE);
  const caught = bugs.filter((t) => t.verdict === 'AC').length;
  const noun = scoreText === null ? 'sample bug' : 'bug';
  const parts = [what];
  if (bugs.length) {
    parts.push(`caught ${caught} of ${plural(bugs.length, noun)}${scoreText !== null ? ` (weighted ${scoreText})` : ''}`);
  }
  const suite = gate.detail?.suite;
  if (suite) parts.push(`${plural(suite.passed, 'test')} passed on the correct implementation`);
  let title = 'Your tests pass on the correct implementation';
  if (bugs.length) title = caught === bugs.length ? `Every ${noun} caught` : caught === 0 ? `No ${noun} caught` : `Some ${noun}s missed`;
  return { state: verdict === 'AC' ? 'AC' : 'fail', title, subtitle: parts.join(' · '), code: verdict };
}

/** The note on a submission that practice stopped early: the bugs it did not try, and why. */
export function suiteStoppedNote(tests, notRun) {
  const gate = tests.find((t) => t.number === GATE);
  const bugs = `${plural(notRun, 'bug')} not tried`;
  return gate && gate.verdict !== 'AC' ? `${bugs}: your tests must pass on the correct implementation first` : bugs;
}

/** One line for a report: the bugs caught and the coverage, or why nothing counted. */
export function suiteSummary(submission) {
  const tests = submission?.tests ?? [];
  const gate = tests.find((t) => t.number === GATE);
  if (!gate) return null;
  if (gate.verdict !== 'AC') return `${gateFailedTitle(gate)}: no bug counts`;
  const bugs = tests.filter((t) => t.number !== GATE);
  const caught = bugs.filter((t) => t.verdict === 'AC').length;
  const parts = [`Caught ${caught} of ${plural(bugs.length, 'bug')}`];
  const coverage = gate.detail?.suite?.coverage;
  if (coverage) {
    parts.push(`coverage: lines ${percent(coverage.lines_covered, coverage.lines)}, branches ${percent(coverage.branches_covered, coverage.branches)}`);
  }
  return parts.join(' · ');
}

function percent(covered, total) {
  return total ? `${Math.round((covered / total) * 100)}%` : 'none to cover';
}

function targetName(test, sampleName) {
  if (test.number === GATE) return 'Your tests on the correct implementation';
  if (test.visibility === 'hidden') return `Hidden bug ${test.number}`;
  const bug = test.detail?.input?.bug ?? sampleName?.replace(/^bug: /, '');
  return bug ? `Bug ${test.number}: ${bug}` : `Bug ${test.number}`;
}

function chipText(test) {
  const suite = test.detail?.suite;
  if (test.number === GATE) {
    if (test.verdict === 'AC') return 'All passed';
    if (test.verdict === 'WA') return 'Tests failed';
    if (test.verdict === 'RE' && suite?.collection_error) return 'Import error';
    return verdictName(test.verdict);
  }
  if (test.verdict === 'AC') return 'Caught';
  if (test.verdict === 'WA') return 'Missed';
  return verdictName(test.verdict);
}

/** How a sample bug was caught (or that it was missed), after its name. */
function bugNote(test) {
  const detail = test.detail;
  if (!detail || test.number === GATE) return null;
  const suite = detail.suite;
  if (test.verdict === 'AC') {
    if (suite?.failed?.length) {
      // One name is enough here (names can be long); the detail lists every failing test.
      const more = Math.max(suite.failed_count, suite.failed.length) - 1;
      return `caught by ${suite.failed[0].name}${more > 0 ? ` and ${plural(more, 'more test')}` : ''}`;
    }
    if (suite?.collection_error) return 'caught: your file failed to import against it';
    return detail.message ?? 'caught';
  }
  if (test.verdict === 'WA') return suite?.collected === 0 ? 'missed: no test was collected' : 'missed: every test passed on it';
  return detail.message ?? null;
}

/** One test of a tests problem as a list item, laid out as ResultsPanel lays out the others. */
export function suiteTestItem(test, { expandPassed = false, sampleName = null } = {}) {
  const good = test.verdict === 'AC';
  const gate = test.number === GATE;
  const note = bugNote(test);
  const row = h(
    'div',
    { class: 'test-row' },
    h(
      'span',
      { class: 'test-name' },
      h('span', { class: 'test-number', text: `#${test.number}` }),
      ' ',
      h('span', { class: 'suite-target', text: targetName(test, sampleName) }),
      note ? h('span', { class: 'suite-note', text: ` — ${note}` }) : null,
    ),
    h(
      'span',
      { class: `verdict-chip ${good ? 'ok' : 'bad'}` },
      h('span', { 'aria-hidden': 'true', text: good ? '✓ ' : '✗ ' }),
      chipText(test),
      h('span', { class: 'verdict-code', text: ` ${test.verdict}` }),
    ),
    h('span', { class: 'num', title: `CPU ${formatMs(test.cpu_ms)}, wall clock ${formatMs(test.wall_ms)}` }, srOnly('CPU time '), formatMs(test.cpu_ms)),
    h('span', { class: 'num' }, srOnly('memory '), formatKib(test.memory_kib)),
  );
  const item = h(
    'li',
    {
      class: `test suite-test ${good ? 'test-ok' : 'test-bad'}${gate ? ' suite-gate' : ''}`,
      'data-number': test.number,
      'data-verdict': test.verdict,
    },
    row,
  );
  const body = test.detail ? (gate ? gateBody(test) : bugBody(test)) : null;
  if (body) {
    let summary = `What your tests did on bug ${test.number}`;
    if (gate && good) summary = 'Your tests and the coverage they reached';
    else if (gate) summary = test.verdict === 'NT' ? 'Why no test was found' : 'Why your tests failed on the correct implementation';
    // The run on the implementation is what the candidate reads first: always open.
    item.append(h('details', { class: 'test-detail', open: gate || expandPassed }, h('summary', { text: summary }), body));
  }
  return item;
}

function gateBody(test) {
  const { detail } = test;
  const suite = detail.suite;
  const explained = suite && (test.verdict === 'AC' || suite.failed.length || suite.collection_error);
  return append(h('div', { class: 'detail-body suite-body' }), [
    suite ? counts(suite) : null,
    // With no test collected, coverage would only measure the module's import.
    suite?.coverage && suite.collected ? coverageView(suite.coverage) : null,
    suite?.collection_error ? block('Your file failed to import', suite.collection_error, 'message') : null,
    suite ? failedTests(suite, 'Failed on the correct implementation') : null,
    !explained && detail.message ? block('Message', detail.message, 'message') : null,
    pytestOutput(detail.stdout),
  ]);
}

/** A sample bug: which tests failed on it. A missed bug has nothing more to show than its row. */
function bugBody(test) {
  const { detail } = test;
  const suite = detail.suite;
  if (test.verdict === 'WA' && suite) return null;
  return append(h('div', { class: 'detail-body suite-body' }), [
    suite ? counts(suite) : null,
    suite ? failedTests(suite, 'Failed on this bug') : null,
    suite?.collection_error ? block('Your file failed to import', suite.collection_error, 'message') : null,
    !suite && detail.message ? block('Message', detail.message, 'message') : null,
    pytestOutput(detail.stdout),
  ]);
}

function counts(suite) {
  const figure = (value, label, cls) =>
    h('span', { class: `suite-count ${cls}` }, h('strong', { text: String(value) }), ` ${label}`);
  return h(
    'p',
    { class: 'suite-counts' },
    figure(suite.collected, suite.collected === 1 ? 'test' : 'tests', 'is-total'),
    ': ',
    figure(suite.passed, 'passed', 'is-passed'),
    ', ',
    figure(suite.failed_count, 'failed', 'is-failed'),
    ', ',
    figure(suite.skipped, 'skipped', 'is-skipped'),
  );
}

function coverageView(coverage) {
  return h(
    'div',
    { class: 'coverage', role: 'group', 'aria-label': 'Coverage of the correct implementation' },
    h('p', { class: 'detail-label', text: 'Coverage of the correct implementation' }),
    coverageBar('Lines', 'lines', coverage.lines_covered, coverage.lines),
    coverageBar('Branches', 'branches', coverage.branches_covered, coverage.branches),
  );
}

function coverageBar(label, name, covered, total) {
  const fill = h('span', { class: 'coverage-fill' });
  // Set through the CSSOM: the Content-Security-Policy governs style attributes, not this.
  fill.style.width = `${total ? (covered / total) * 100 : 0}%`;
  return h(
    'div',
    { class: 'coverage-row', 'data-coverage': name },
    h('span', { class: 'coverage-label', text: label }),
    h('span', { class: 'coverage-bar', 'aria-hidden': 'true' }, fill),
    h('span', { class: 'coverage-figure', text: total ? `${percent(covered, total)} (${covered} of ${total})` : 'none to cover' }),
  );
}

function failedTests(suite, label) {
  if (!suite.failed?.length) return null;
  const more = suite.failed_count - suite.failed.length;
  return h(
    'div',
    { class: 'detail-block suite-failed' },
    h('p', { class: 'detail-label', text: label }),
    h(
      'ul',
      { class: 'failed-tests' },
      suite.failed.map((failed) =>
        h(
          'li',
          { class: 'failed-test' },
          h('p', { class: 'failed-name' }, h('span', { 'aria-hidden': 'true', text: '✗ ' }), h('code', { text: failed.name })),
          h('pre', { class: 'code-block' }, h('code', { text: failed.message })),
        ),
      ),
    ),
    more > 0 ? h('p', { class: 'muted', text: `and ${plural(more, 'more failing test')}` }) : null,
  );
}

function pytestOutput(stdout) {
  if (!stdout) return null;
  return h('details', { class: 'pytest-output' }, h('summary', { text: 'pytest’s output' }), h('pre', { class: 'code-block' }, h('code', { text: stdout })));
}

function block(label, text, extraClass = '') {
  return h(
    'div',
    { class: `detail-block ${extraClass}` },
    h('p', { class: 'detail-label', text: label }),
    h('pre', { class: 'code-block' }, h('code', { text })),
  );
}
