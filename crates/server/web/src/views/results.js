// The results area: verdict banner, compile errors and tests, filled in as tests finish.

import { h, replace, srOnly } from '../dom.js';
import {
  verdictName,
  formatMs,
  formatKib,
  formatScore,
  describeInput,
  formatValue,
  diffLines,
  linesText,
} from '../format.js';
import { SUITE_KIND, SUITE_IDLE_TEXT, suiteBanner, suiteStoppedNote, suiteTestItem } from './suite.js';
import { isExchanges, exchangesView } from './exchanges.js';

const ICONS = { AC: '✓', pending: '…', error: '!' };

/** A call's input as the server wrote it in Python (`input_repr`), or null for other inputs. */
function pythonInput(detail, entry) {
  if (typeof detail.input_repr !== 'string') return null;
  if (Array.isArray(detail.input?.calls)) return { label: 'Calls', text: detail.input_repr };
  if (detail.input?.tables) return null;
  return { label: 'Call', text: `${entry ?? 'solution'}(${detail.input_repr})` };
}

export class ResultsPanel {
  /**
   * @param {HTMLElement} container  the aria-live region
   * @param {{entry: string|null, kind: string, samples: Array<{number: number, name: string|null}>,
   *          frames?: string[]|null,
   *          onGoTo: (line: number, column: number) => void}} options
   */
  constructor(container, { entry, kind, samples = [], frames = null, onGoTo }) {
    this.container = container;
    // Names of the sample tests by number: a passed sample on a submission comes without detail.
    this.sampleNames = new Map(samples.filter((s) => s.name).map((s) => [s.number, s.name]));
    this.entry = entry;
    this.kind = kind;
    // A pandas problem's frames, passed before a test's arguments.
    this.frames = frames;
    this.onGoTo = onGoTo;
    this.testItems = new Map();
    this.showIdle();
  }

  showIdle() {
    this.testItems.clear();
    replace(
      this.container,
      h('p', {
        class: 'muted results-empty',
        text: this.kind === SUITE_KIND ? SUITE_IDLE_TEXT : 'Run your code on the samples, or submit it to be judged on every test.',
      }),
    );
  }

  /** Something is happening: a spinner and a line of text. */
  showPending(title, subtitle = '') {
    this.testItems.clear();
    this.banner = this.#banner({ state: 'pending', title, subtitle });
    this.testsList = null;
    replace(this.container, this.banner);
  }

  updatePending(title, subtitle = '') {
    if (!this.banner) return this.showPending(title, subtitle);
    const fresh = this.#banner({ state: 'pending', title, subtitle });
    this.banner.replaceWith(fresh);
    this.banner = fresh;
  }

  /** An API or network error. */
  showError(error, { title = 'Something went wrong' } = {}) {
    this.testItems.clear();
    const field = error.field ? h('p', { class: 'muted', text: `Field: ${error.field}` }) : null;
    replace(
      this.container,
      h(
        'div',
        { class: 'alert alert-error', role: 'alert' },
        h('p', { class: 'alert-title' }, h('span', { 'aria-hidden': 'true', text: '⚠ ' }), title),
        h('p', { text: error.message }),
        field,
        error.code && error.code !== 'network' ? h('p', { class: 'muted small', text: `Error code: ${error.code}` }) : null,
      ),
    );
  }

  /** A synchronous run result. */
  showRun(result, { custom }) {
    this.testItems.clear();
    const tests = result.tests ?? [];
    const what = custom ? 'Run on your input' : 'Run on the samples';
    replace(this.container, this.#summaryBanner(result.verdict, what, tests, null));
    this.banner = this.container.firstChild;
    if (result.compile_error) this.container.append(this.#compileError(result.compile_error));
    if (result.refusal) this.container.append(this.#refusal(result.refusal));
    if (result.changes) this.container.append(this.#changes(result.changes));
    if (tests.length) {
      this.#ensureTestsList();
      for (const test of tests) this.addTest(test, { expandPassed: custom });
    }
  }

  /** A submission just got queued: reset and show its progress from here. */
  startSubmission() {
    this.showPending('Submitted', 'Waiting in the queue…');
  }

  setSubmissionState(state) {
    if (state === 'running') {
      const done = this.testItems.size;
      this.updatePending('Judging', done ? `${done} test${done === 1 ? '' : 's'} finished…` : 'Running the tests…');
    } else if (state === 'queued') {
      this.updatePending('Submitted', 'Waiting in the queue…');
    }
  }

  /** Add (or replace) one test result, in number order. */
  addTest(test, { expandPassed = false } = {}) {
    this.#ensureTestsList();
    const item = this.#testItem(test, expandPassed);
    const existing = this.testItems.get(test.number);
    if (existing) {
      existing.replaceWith(item);
    } else {
      const after = [...this.testItems.entries()]
        .filter(([number]) => number > test.number)
        .sort(([a], [b]) => a - b)[0];
      if (after) after[1].before(item);
      else this.testsList.append(item);
    }
    this.testItems.set(test.number, item);
    if (this.banner?.classList.contains('banner-pending')) {
      const done = this.testItems.size;
      this.updatePending('Judging', `${done} test${done === 1 ? '' : 's'} finished…`);
    }
  }

  /** The final submission object (from the `done` event or GET). Without `tests`, its tests
   * are left to a list kept elsewhere. */
  finishSubmission(submission, { tests: listTests = true } = {}) {
    const tests = submission.tests ?? [];
    let banner;
    if (submission.state === 'failed') {
      banner = this.#banner({
        state: 'error',
        title: 'Judging failed',
        subtitle: submission.error || 'The judge could not finish this submission. Please submit again.',
      });
    } else if (submission.state === 'cancelled') {
      const ran = tests.length;
      banner = this.#banner({
        state: 'error',
        title: 'Cancelled',
        subtitle: `You stopped the judging: ${ran} test${ran === 1 ? '' : 's'} ran, ${submission.not_run ?? 0} did not. No verdict.`,
      });
    } else {
      banner = this.#summaryBanner(submission.verdict, 'Submission', tests, submission.score);
      if (submission.stopped === 'first_failure' && submission.not_run) {
        const sub = banner.querySelector('.banner-sub');
        const note =
          this.kind === SUITE_KIND
            ? suiteStoppedNote(tests, submission.not_run)
            : `stopped at the first failing hidden test; ${submission.not_run} more not run`;
        if (sub) sub.textContent = `${sub.textContent} · ${note}`;
        else banner.querySelector('.banner-text')?.append(h('p', { class: 'banner-sub', text: note }));
      }
    }
    if (this.banner?.isConnected) this.banner.replaceWith(banner);
    else this.container.prepend(banner);
    this.banner = banner;
    for (const old of this.container.querySelectorAll('.compile-error, .refusal, .changes')) old.remove();
    // Each placed right after the banner: the last placed comes first.
    if (submission.changes) banner.after(this.#changes(submission.changes));
    if (submission.refusal) banner.after(this.#refusal(submission.refusal));
    if (submission.compile_error) banner.after(this.#compileError(submission.compile_error));
    if (!listTests) return;
    for (const test of tests) {
      if (!this.testItems.has(test.number)) this.addTest(test);
    }
  }

  /** Show a past submission in full, or without its tests (see `finishSubmission`). */
  showSubmission(submission, { tests = true } = {}) {
    this.testItems.clear();
    replace(this.container);
    this.banner = null;
    this.testsList = null;
    this.finishSubmission(submission, { tests });
  }

  // ---- pieces ----------------------------------------------------------------------------

  #ensureTestsList() {
    if (this.testsList?.isConnected) return;
    this.testsList = h('ol', { class: 'tests', 'aria-label': 'Test results' });
    this.container.append(
      h(
        'div',
        { class: 'tests-wrap' },
        h('h3', { class: 'tests-heading', text: 'Tests' }),
        h(
          'div',
          { class: 'test-row test-head', 'aria-hidden': 'true' },
          h('span', { text: 'Test' }),
          h('span', { text: 'Verdict' }),
          h('span', { class: 'num', text: 'CPU time' }),
          h('span', { class: 'num', text: 'Memory' }),
        ),
        this.testsList,
      ),
    );
  }

  #banner({ state, title, subtitle, code }) {
    const icon = state === 'pending' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : h('span', { class: 'banner-icon', 'aria-hidden': 'true', text: ICONS[state] ?? '✗' });
    return h(
      'div',
      { class: `banner banner-${state}`, 'data-verdict': code ?? null },
      icon,
      h(
        'div',
        { class: 'banner-text' },
        h('p', { class: 'banner-title' }, title, code ? h('span', { class: 'banner-code', text: ` (${code})` }) : null),
        subtitle ? h('p', { class: 'banner-sub', text: subtitle }) : null,
      ),
    );
  }

  #summaryBanner(verdict, what, tests, score) {
    if (this.kind === SUITE_KIND) return this.#banner(suiteBanner(verdict, what, tests, score));
    const passed = tests.filter((t) => t.verdict === 'AC').length;
    const parts = [what];
    const scoreText = formatScore(score);
    if (scoreText !== null) parts.push(`Score ${scoreText}`);
    if (tests.length) parts.push(`${passed} of ${tests.length} test${tests.length === 1 ? '' : 's'} passed`);
    return this.#banner({
      state: verdict === 'AC' ? 'AC' : 'fail',
      title: verdictName(verdict),
      subtitle: parts.join(' · '),
      code: verdict,
    });
  }

  #compileError(ce) {
    const where = [ce.line ? `line ${ce.line}` : null, ce.column ? `column ${ce.column}` : null].filter(Boolean).join(', ');
    let snippet = null;
    if (ce.text) {
      const text = ce.text.replace(/\n$/, '');
      const caret = ce.column ? `${' '.repeat(Math.max(0, ce.column - 1))}^` : '';
      snippet = h('pre', { class: 'code-block' }, h('code', { text: caret ? `${text}\n${caret}` : text }));
    }
    return h(
      'div',
      { class: 'compile-error alert alert-error' },
      h('h3', { class: 'alert-title', text: 'Compile error' }),
      h('p', {}, h('strong', { text: ce.message }), where ? ` — ${where}` : ''),
      snippet,
      ce.line
        ? h('button', {
            type: 'button',
            class: 'btn btn-small',
            text: `Go to line ${ce.line}`,
            onClick: () => this.onGoTo(ce.line, ce.column ?? 1),
          })
        : null,
    );
  }

  /** Why no test ran: a debugging answer over its budget of changed lines. */
  #refusal(message) {
    return h(
      'div',
      { class: 'refusal alert alert-error', role: 'alert' },
      h('p', { class: 'alert-title', text: 'Not run: too many changed lines' }),
      h('p', { text: message }),
    );
  }

  /** A debugging answer's unified diff against the starter, with its count and budget. */
  #changes({ changed_lines: count, max_changed_lines: budget, diff }) {
    const over = budget !== null && budget !== undefined && count > budget;
    const allowed = budget !== null && budget !== undefined ? ` (at most ${budget} allowed)` : '';
    const lines = diff ? diff.replace(/\n$/, '').split('\n') : [];
    const kind = (line) =>
      line.startsWith('+++') || line.startsWith('---') ? 'diff-file' : line.startsWith('@@') ? 'diff-hunk' : line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : '';
    return h(
      'div',
      { class: `detail-block changes${over ? ' is-over-budget' : ''}` },
      h('p', { class: 'detail-label', text: `Your changes to the starter: ${linesText(count)} changed${allowed}` }),
      h(
        'pre',
        { class: `code-block diff-lines${lines.length ? '' : ' is-empty'}` },
        h(
          'code',
          {},
          lines.length
            ? lines.map((line, index) => [index ? '\n' : '', h('span', { class: kind(line) || null, text: line })])
            : '(no changes: this is the starter code)',
        ),
      ),
    );
  }

  #testItem(test, expandPassed) {
    if (this.kind === SUITE_KIND) return suiteTestItem(test, { expandPassed, sampleName: this.sampleNames.get(test.number) });
    const passed = test.verdict === 'AC';
    const detail = test.detail;
    const visibility = test.visibility === 'hidden' ? 'Hidden' : 'Sample';
    const sampleName = detail?.name ?? (test.visibility === 'sample' ? this.sampleNames.get(test.number) : null);
    const name = sampleName ? `${visibility}: ${sampleName}` : visibility;
    const row = h(
      'div',
      { class: 'test-row' },
      h('span', { class: 'test-name' }, h('span', { class: 'test-number', text: `#${test.number}` }), ' ', name),
      h(
        'span',
        { class: `verdict-chip ${passed ? 'ok' : 'bad'}` },
        h('span', { 'aria-hidden': 'true', text: passed ? '✓ ' : '✗ ' }),
        verdictName(test.verdict),
        h('span', { class: 'verdict-code', text: ` ${test.verdict}` }),
      ),
      h('span', { class: 'num', title: `CPU ${formatMs(test.cpu_ms)}, wall clock ${formatMs(test.wall_ms)}` }, srOnly('CPU time '), formatMs(test.cpu_ms)),
      h('span', { class: 'num' }, srOnly('memory '), formatKib(test.memory_kib)),
    );
    const item = h('li', { class: `test ${passed ? 'test-ok' : 'test-bad'}`, 'data-number': test.number, 'data-verdict': test.verdict }, row);
    const details = this.testDetail(test, { expandPassed });
    if (details) item.append(details);
    return item;
  }

  /** A test's input, expected and actual output as a disclosure (open when it failed), or null
   * when the test came without detail. For a list of tests kept elsewhere (the team's report). */
  testDetail(test, { expandPassed = false } = {}) {
    if (!test.detail) return null;
    const passed = test.verdict === 'AC';
    return h(
      'details',
      { class: 'test-detail', open: !passed || expandPassed },
      h('summary', { text: passed ? `Show input and output of test ${test.number}` : `Why test ${test.number} failed` }),
      this.#detailBody(test, test.detail),
    );
  }

  #detailBody(test, detail) {
    if (isExchanges(detail.input)) return this.#exchangesBody(test, detail);
    const body = h('div', { class: 'detail-body' });
    const input = pythonInput(detail, this.entry) ?? describeInput(detail.input, this.entry, this.frames);
    body.append(this.#block(input.label, input.text));

    if (typeof detail.input?.scenario === 'string') {
      // A scenario's failure message already reads as a failing unittest (line, expected,
      // actual, as Python reprs); its raw observation records would only repeat it.
      const made = detail.actual?.observations?.length;
      if (made !== undefined && test.verdict === 'AC') {
        body.append(this.#block('Observations', `${made} ${made === 1 ? 'observation' : 'observations'}, each as the reference's`));
      }
      if (detail.message) body.append(this.#block('Message', detail.message, 'message'));
      body.append(this.#block('Console output (stdout)', detail.stdout ?? '', 'console', '(no output)'));
      return body;
    }
    const hasExpected = detail.expected !== undefined && detail.expected !== null;
    // `actual` is absent when the run produced no value (it raised or hit a limit); null is a
    // returned None.
    const hasActual = detail.actual !== undefined;
    const context = { kind: this.kind, input: detail.input, entry: this.entry };
    // The server writes a call's values as Python's repr (`0.0`, a tuple as a tuple); a call
    // list's come one a line, each shown beside its call.
    const calls = Array.isArray(detail.input?.calls);
    const show = (value, text) =>
      calls || typeof text !== 'string'
        ? formatValue(value, { ...context, reprs: calls ? text?.split('\n') : undefined })
        : text;
    const actualText = hasActual ? show(detail.actual, detail.actual_repr) : null;
    if (hasExpected) {
      const expectedText = show(detail.expected, detail.expected_repr);
      // Over the query budget the value is right: expected and actual are shown unmarked.
      const valueWrong = test.verdict !== 'AC' && test.verdict !== 'QLE';
      body.append(this.#diff(expectedText, actualText, valueWrong, Boolean(detail.message)));
    } else if (hasActual) {
      body.append(this.#block(this.kind === 'stdio' ? 'Output' : 'Returned', actualText));
    }
    if (detail.message) body.append(this.#block('Message', detail.message, 'message'));
    if (detail.queries) body.append(this.#queries(detail.queries));
    const stdout = detail.stdout ?? '';
    const stdoutIsActual = this.kind === 'stdio' && hasActual && actualText === stdout;
    // A SQL statement cannot print: an empty console there would only take room.
    const nothingToShow = this.kind === 'sql' && stdout === '';
    if (!stdoutIsActual && !nothingToShow) {
      body.append(this.#block('Console output (stdout)', stdout, 'console', '(no output)'));
    }
    return body;
  }

  /** A web test: its dataset if any, then each request with the expected and actual response. */
  #exchangesBody(test, detail) {
    const body = h('div', { class: 'detail-body' });
    if (detail.input.tables) {
      const data = describeInput({ dataset: detail.input.dataset, tables: detail.input.tables }, this.entry);
      body.append(this.#block(data.label, data.text));
    }
    // Over the query budget the responses are right: shown unmarked.
    const failed = test.verdict !== 'AC' && test.verdict !== 'QLE';
    body.append(
      exchangesView(detail.input, detail.expected, detail.actual, {
        failed,
        block: (label, text) => this.#block(label, text),
        diff: (expectedText, actualText, wrong) => this.#diff(expectedText, actualText, wrong, Boolean(detail.message)),
      }),
    );
    if (detail.message) body.append(this.#block('Message', detail.message, 'message'));
    if (detail.queries) body.append(this.#queries(detail.queries));
    body.append(this.#block('Console output (stdout)', detail.stdout ?? '', 'console', '(no output)'));
    return body;
  }

  /** The SQL an ORM answer sent, numbered, with the count against the budget. */
  #queries({ count, budget, statements }) {
    const over = budget !== null && budget !== undefined && count > budget;
    const label = `SQL sent: ${count} ${count === 1 ? 'query' : 'queries'}${
      budget !== null && budget !== undefined ? ` (budget ${budget})` : ''
    }`;
    const text = statements.map((sql, i) => `${String(i + 1).padStart(3)}. ${sql}`).join('\n');
    return this.#block(label, text, `sql-log${over ? ' is-over-budget' : ''}`, '(no queries)');
  }

  #block(label, text, extraClass = '', emptyText = '(empty)') {
    return h(
      'div',
      { class: `detail-block ${extraClass}` },
      h('p', { class: 'detail-label', text: label }),
      h('pre', { class: `code-block${text ? '' : ' is-empty'}` }, h('code', { text: text || emptyText })),
    );
  }

  /** Expected and actual side by side, with the differing lines and characters marked. */
  #diff(expectedText, actualText, failed, hasMessage) {
    const wrap = h('div', { class: 'diff', role: 'group', 'aria-label': 'Expected and actual output' });
    if (actualText === null) {
      const why = hasMessage ? '(no value: see the message below)' : '(no value)';
      wrap.append(this.#block('Expected', expectedText, 'diff-expected'), this.#block('Actual', '', 'diff-actual', why));
      return wrap;
    }
    const { left, right } = failed ? diffLines(expectedText, actualText) : {
      left: expectedText.split('\n').map((text) => ({ text, changed: false })),
      right: actualText.split('\n').map((text) => ({ text, changed: false })),
    };
    const side = (label, lines, cls, marker) =>
      h(
        'div',
        { class: `detail-block ${cls}` },
        h('p', { class: 'detail-label', text: label }),
        h(
          'pre',
          { class: 'code-block diff-lines' },
          h(
            'code',
            {},
            lines.map((line, index) => [
              index ? '\n' : '',
              line.changed
                ? h(
                    'span',
                    { class: 'diff-changed' },
                    srOnly(`${marker} `),
                    line.spans ? [line.spans[0], h('mark', { text: line.spans[1] }), line.spans[2]] : line.text,
                  )
                : line.text,
            ]),
          ),
        ),
      );
    wrap.append(side('Expected', left, 'diff-expected', 'differs:'), side('Actual', right, 'diff-actual', 'differs:'));
    return wrap;
  }
}
