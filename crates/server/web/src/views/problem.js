// The problem page: statement on the left, editor, actions and the console (custom input,
// results, submissions) on the right; layout.js arranges the panes built here.

import { practiceApi } from '../api.js';
import { StateEffect, EditorState } from '@codemirror/state';
import { h, replace, modKey, isMac, keyboardScrollable } from '../dom.js';
import { createEditor } from '../editor.js';
import { DraftSaver } from '../drafts.js';
import { withBusyRetry } from '../busy.js';
import { ResultsPanel } from './results.js';
import { problemKindName, linesText, topicName, formatScore, formatDate, formatValue, callArgs } from '../format.js';
import { statusBadge, difficultyBadge, submissionChip } from './badges.js';
import { SUITE_KIND, suiteGuide } from './suite.js';
import { isPandasValue, pandasCall, pandasTable } from '../frames.js';
import { aidsPanel } from './aids.js';
import { WEB_KIND, WEB_INPUT_HINT, webInputTemplate, webSamplesSection } from './exchanges.js';
import { arrangeWorkspace } from './layout.js';
import { literalInput, StaleResults } from './custominput.js';

const SAVE_TEXT = {
  saved: 'All changes saved',
  dirty: 'Unsaved changes…',
  saving: 'Saving…',
  error: 'Could not save',
};

/** Headings inside the statement sit below the page's h1 and the section's h2. */
function prepareStatement(html, title) {
  const article = h('div', { class: 'statement prose', html });
  const first = article.firstElementChild;
  if (first?.tagName === 'H1' && first.textContent.trim() === title.trim()) first.remove();
  for (const heading of article.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Math.min(6, Math.max(Number(heading.tagName[1]), 2) + 1);
    const replacement = h(`h${level}`, {}, ...heading.childNodes);
    for (const { name, value } of heading.attributes) replacement.setAttribute(name, value);
    heading.replaceWith(replacement);
  }
  // A stdio statement's examples are ```input and ```output blocks (the server keeps their
  // class): each is labelled, so two bare boxes of text read as what goes in and what comes out.
  for (const [tag, label] of Object.entries(EXAMPLE_LABELS)) {
    for (const code of article.querySelectorAll(`pre > code.language-${tag}`)) {
      const pre = code.parentElement;
      const figure = h('figure', { class: `example-block example-${tag}` }, h('figcaption', { text: label }));
      pre.replaceWith(figure);
      figure.append(pre);
    }
  }
  return article;
}

const EXAMPLE_LABELS = { input: 'Input', output: 'Output' };

/** A note's `code` spans as code, the rest as text (the notes are ours, never the author's). */
function inlineMarkdown(text) {
  return text.split('`').map((part, i) => (i % 2 ? h('code', { text: part }) : part));
}

function customInputTemplate(problem) {
  if (problem.kind === WEB_KIND) return webInputTemplate(problem);
  const sample = problem.samples?.[0]?.input;
  if (problem.kind === 'stdio') return typeof sample?.stdin === 'string' ? sample.stdin : '';
  if (problem.kind === 'sql') return JSON.stringify({ tables: sample?.tables ?? {} }, null, 1);
  if (problem.kind === 'orm') {
    return JSON.stringify({ tables: sample?.tables ?? {}, args: sample?.args ?? [], kwargs: sample?.kwargs ?? {} }, null, 1);
  }
  if (problem.kind === 'pandas') {
    const tables = problem.frames?.length ? { tables: sample?.tables ?? {} } : {};
    return JSON.stringify({ ...tables, args: sample?.args ?? [], kwargs: sample?.kwargs ?? {} }, null, 1);
  }
  if (sample !== undefined) return JSON.stringify(sample);
  return JSON.stringify({ args: [], kwargs: {} });
}

function customInputHint(problem) {
  if (problem.kind === WEB_KIND) return WEB_INPUT_HINT;
  if (problem.kind === 'stdio') return 'Plain text, given to your program as standard input.';
  if (problem.kind === 'sql') return 'JSON: {"tables": {"name": {"columns": [...], "rows": [[...], …]}}}, your own data.';
  if (problem.kind === 'orm') {
    return 'JSON: {"tables": {"name": {"columns": [...], "rows": [[...]]}}, "args": [...], "kwargs": {...}}';
  }
  if (problem.kind === 'pandas') {
    const tables = problem.frames?.length ? '"tables": {"name": {"columns": [...], "rows": [[...]]}}, ' : '';
    return `JSON: {${tables}"args": [...], "kwargs": {...}}; {"$array": [...], "dtype": "float64"} is a numpy array`;
  }
  if (problem.samples?.[0]?.input?.calls) {
    return 'JSON: {"calls": [["ClassName", [args]], ["method", [args]], …]}';
  }
  return 'JSON: {"args": [positional arguments], "kwargs": {keyword arguments}}';
}

/** What a debugging problem asks, and its budget of changed lines. */
function debugNote({ max_changed_lines: budget }) {
  const limit = budget ? ` Change at most ${linesText(budget)} of it (blank lines and trailing spaces do not count); an answer that changes more is refused without running.` : '';
  return h('p', { class: 'debug-note' }, h('strong', { text: 'Debugging: ' }), `the starter code has bugs. Fix them.${limit}`);
}

/** The tables an sql or orm answer (or a tests problem's module) works on: schema.sql, or the shared models. */
function schemaSection(problem) {
  const { file, source } = problem.schema;
  const models = file === 'models.py';
  const notes = [];
  if (models && problem.kind === SUITE_KIND) {
    notes.push(
      problem.framework === 'sqlalchemy'
        ? 'SQLAlchemy 2.x on SQLite: the module under test uses these models (`from models import …`).'
        : 'Django ORM on SQLite: the module under test uses these models (`from models import …`); django.test’s TestCase works in your tests.',
    );
  } else if (models) {
    notes.push(
      problem.framework === 'sqlalchemy'
        ? 'SQLAlchemy 2.x on SQLite. Import the models with `from models import …`; your function gets a Session first.'
        : 'Django ORM on SQLite. Import the models with `from models import …`.',
    );
    if (problem.max_queries) {
      notes.push(`Query budget: at most ${problem.max_queries} SQL ${problem.max_queries === 1 ? 'query' : 'queries'} per call.`);
    }
  } else {
    notes.push(`SQLite. Write one statement.${problem.ordered ? ' The order of the rows is graded.' : ' Rows may come in any order.'}`);
  }
  return h(
    'section',
    { class: 'schema', 'aria-labelledby': 'schema-heading' },
    h('h3', { id: 'schema-heading', text: models ? `Models (${file})` : `Schema (${file})` }),
    ...notes.map((text) => h('p', { class: 'muted' }, inlineMarkdown(text))),
    h('pre', { class: 'code-block' }, h('code', { text: source })),
  );
}

function htmlTable(name, table) {
  return h(
    'table',
    { class: 'data-table' },
    name ? h('caption', { text: name }) : null,
    h('thead', {}, h('tr', {}, ...table.columns.map((c) => h('th', { scope: 'col', text: String(c) })))),
    h(
      'tbody',
      {},
      ...(table.rows.length
        ? table.rows.map((row) =>
            h('tr', {}, ...row.map((v) => h('td', { class: v === null ? 'is-null' : '', text: v === null ? 'NULL' : String(v) }))),
          )
        : [h('tr', {}, h('td', { colspan: String(table.columns.length), class: 'muted', text: '(no rows)' }))]),
    ),
  );
}

/** Each sample's data and its expected result, as tables. */
function sampleDataSection(problem) {
  const section = h('section', { class: 'sample-data', 'aria-labelledby': 'sample-data-heading' });
  section.append(h('h3', { id: 'sample-data-heading', text: 'Sample data' }));
  for (const sample of problem.samples ?? []) {
    const tables = sample.input?.tables ?? {};
    if (sample.name) section.append(h('p', { class: 'sample-name', text: sample.name }));
    const args = callArgs(sample.input?.args ?? [], sample.input?.kwargs);
    if (problem.kind === 'orm') {
      section.append(h('p', {}, h('code', { text: `${problem.entry}(${args})` })));
    }
    if (problem.kind === 'pandas') {
      section.append(h('p', {}, h('code', { text: pandasCall(problem.entry, problem.frames, args) })));
    }
    const wrap = h('div', { class: 'data-tables' });
    for (const [name, table] of Object.entries(tables)) wrap.append(htmlTable(name, table));
    section.append(wrap);
    const expected = sample.expected;
    section.append(h('p', { class: 'detail-label', text: 'Expected result' }));
    const frame = isPandasValue(expected) ? pandasTable(expected) : null;
    if (problem.kind === 'pandas' && expected === null) {
      // The reference computes it; the page came before the problem's tests were prepared.
      section.append(h('p', { class: 'muted', text: 'Computed by the reference solution: run the samples to see it.' }));
    } else if (frame) {
      section.append(h('p', { class: 'muted', text: frame.title }));
      section.append(h('div', { class: 'data-tables' }, htmlTable(null, frame)));
    } else if (isPandasValue(expected)) {
      section.append(h('pre', { class: 'code-block' }, h('code', { text: formatValue(expected, { kind: problem.kind }) })));
    } else if (expected && Array.isArray(expected.columns)) {
      section.append(h('div', { class: 'data-tables' }, htmlTable(null, expected)));
    } else {
      section.append(h('pre', { class: 'code-block' }, h('code', { text: formatValue(expected, { kind: problem.kind }) })));
    }
  }
  return section;
}

/**
 * Render the problem page into `root`. Options beyond practice mode's (setSkipTarget, listHref):
 *  - api: the calls to make (practiceApi, or api.attempt.problems(token) in an assessment)
 *  - backLink: {href, text} for the breadcrumb, or null for none (default: the problem list)
 *  - locked: read-only from the start (the time is over); `lock()` on the result locks later
 *  - onApiError(err): a request was refused (e.g. 409 time_over), for the page around it
 *  - onActivity(): a run, submission or draft save went through (the page may resync)
 *  - onEditorUpdate(viewUpdate): every editor update (an assessment's recorder)
 *  - canSubmit: false for a problem that is only run, never submitted (an assessment's practice
 *    problem): no Submit button, no submission history
 */
export function renderProblem(
  root,
  slug,
  {
    setSkipTarget,
    listHref = '#/',
    api = practiceApi,
    backLink = { href: listHref, text: '← All problems' },
    locked: lockedAtStart = false,
    onApiError = () => {},
    onActivity = () => {},
    onEditorUpdate = null,
    canSubmit = true,
    aids: withAids = false,
  },
) {
  const controller = new AbortController();
  const disposers = [() => controller.abort()];
  let disposed = false;
  let locked = lockedAtStart;
  let lockNow = () => {}; // set once the page is built
  let flushNow = () => Promise.resolve();
  const breadcrumb = () =>
    backLink ? h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: backLink.href, text: backLink.text })) : null;

  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Loading problem…' });
  setSkipTarget('Skip to main content', () => root.focus());
  replace(
    root,
    breadcrumb(),
    heading,
    h('p', { class: 'muted', text: 'Loading…' }),
  );

  const ready = (async () => {
    let problem;
    let draft = null;
    let draftWarning = null;
    try {
      const [p, d] = await Promise.all([
        api.getProblem(slug, { signal: controller.signal }),
        api.getDraft(slug, { signal: controller.signal }).catch((err) => {
          if (err.name === 'AbortError') throw err;
          draftWarning = `Your saved draft could not be loaded (${err.message}); showing the starter code.`;
          return null;
        }),
      ]);
      problem = p;
      draft = d;
    } catch (err) {
      if (err.name === 'AbortError' || disposed) return;
      document.title = 'Problem not available · Verdict';
      heading.textContent = err.status === 404 ? 'Problem not found' : 'Could not load the problem';
      replace(
        root,
        breadcrumb(),
        heading,
        h(
          'div',
          { class: 'alert alert-error', role: 'alert' },
          h('p', { text: err.status === 404 ? `There is no problem called “${slug}”.` : err.message }),
        ),
      );
      return;
    }
    if (disposed) return;
    build(problem, draft, draftWarning);
  })();

  function build(problem, draft, draftWarning) {
    document.title = `${problem.title} · Verdict`;
    heading.textContent = problem.title;
    const initialCode = draft?.code ?? problem.starter_code ?? '';

    // ---- header -------------------------------------------------------------------------
    const statusHolder = h('span', { class: 'status-holder' }, statusBadge(problem.status));
    const limits = [
      problem.time_limit_seconds
        ? `Time limit ${problem.time_limit_seconds} s CPU` +
          (problem.wall_time_limit_seconds ? `, ${problem.wall_time_limit_seconds} s wall clock` : '')
        : null,
      problem.memory_limit_mib ? `Memory ${problem.memory_limit_mib} MiB` : null,
    ].filter(Boolean);
    const header = h(
      'header',
      { class: 'problem-header' },
      breadcrumb(),
      heading,
      h(
        'ul',
        { class: 'meta', 'aria-label': 'About this problem' },
        // An assessment's problem comes without difficulty and topics: neither chip is shown.
        problem.difficulty ? h('li', {}, difficultyBadge(problem.difficulty)) : null,
        h('li', { class: 'chip', text: problemKindName(problem) }),
        problem.language === 'sql' && problem.kind !== 'sql' ? h('li', { class: 'chip', text: 'SQL' }) : null,
        // A debugging problem's kind chip already says "Debugging".
        (problem.topics ?? [])
          .filter((topic) => !(problem.debug && topic === 'debugging'))
          .map((topic) => h('li', { class: 'chip chip-topic', text: topicName(topic) })),
        limits.length ? h('li', { class: 'meta-text', text: limits.join(' · ') }) : null,
        h('li', {}, statusHolder),
      ),
    );

    // ---- statement ----------------------------------------------------------------------
    const statement = h(
      'section',
      { class: 'pane statement-pane', 'aria-labelledby': 'statement-heading' },
      h('h2', { id: 'statement-heading', class: 'section-title', text: 'Problem' }),
      problem.debug ? debugNote(problem.debug) : null,
      prepareStatement(problem.statement_html ?? '', problem.title),
      problem.kind === SUITE_KIND ? suiteGuide(problem) : null,
      problem.schema ? schemaSection(problem) : null,
      ['sql', 'orm', 'pandas'].includes(problem.kind) ? sampleDataSection(problem) : null,
      problem.kind === WEB_KIND ? webSamplesSection(problem) : null,
    );
    // Hints, write-up, acceptance and related problems: practice only (see views/aids.js).
    const aids = withAids ? aidsPanel(slug, { signal: controller.signal }) : null;
    if (aids) statement.append(aids.element);

    // ---- editor and actions -------------------------------------------------------------
    const saveStatus = h('span', { class: 'save-status', text: draft ? SAVE_TEXT.saved : '' });
    const editorHost = h('div', { class: 'editor-host', id: 'editor' });
    // Tab moves focus until the person asks for it to indent (the toggle or the key): the help
    // line, which also describes the editor to screen readers, always says which it does now.
    const tabKey = isMac ? 'Shift+Alt+M' : 'Ctrl+M';
    const tabModeText = h('span', { class: 'tab-mode-text' });
    const showTabMode = (indents) => {
      replace(
        tabModeText,
        h('kbd', { text: 'Tab' }),
        indents ? ' indents (' : ' moves focus (',
        h('kbd', { text: tabKey }),
        indents ? ' or ' : ' makes it indent)',
        indents ? [h('kbd', { text: 'Esc' }), ' then ', h('kbd', { text: 'Tab' }), ' leaves the editor)'] : null,
      );
      tabToggle.setAttribute('aria-pressed', String(indents));
    };
    const tabToggle = h(
      'button',
      { type: 'button', class: 'btn btn-ghost btn-small tab-toggle', id: 'tab-toggle', 'aria-pressed': 'false', 'aria-keyshortcuts': isMac ? 'Shift+Alt+M' : 'Control+M' },
      h('span', { class: 'switch', 'aria-hidden': 'true' }),
      h('span', { text: 'Tab indents' }),
    );
    const help = h(
      'p',
      { class: 'shortcuts', id: 'editor-help' },
      h('kbd', { text: `${modKey}+Enter` }),
      ' run · ',
      canSubmit ? [h('kbd', { text: `${modKey}+Shift+Enter` }), ' submit · '] : null,
      tabModeText,
    );
    showTabMode(false);

    const runButton = h(
      'button',
      { type: 'button', class: 'btn btn-secondary', id: 'run-button', 'aria-keyshortcuts': 'Control+Enter Meta+Enter' },
      h('span', { class: 'btn-label', text: 'Run samples' }),
    );
    const cancelButton = h('button', { type: 'button', class: 'btn btn-ghost', id: 'cancel-button', hidden: true, text: 'Cancel' });
    const submitButton = h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'submit-button', 'aria-keyshortcuts': 'Control+Shift+Enter Meta+Shift+Enter' },
      h('span', { class: 'btn-label', text: 'Submit' }),
    );
    const resetButton = h('button', { type: 'button', class: 'btn btn-ghost', text: 'Reset to starter code' });

    const customToggle = h('input', { type: 'checkbox', id: 'custom-toggle', 'aria-controls': 'custom-input-group' });
    // A problem tested by scenarios only has no entry point to call with an input of one's own;
    // a tests problem's input is the candidate's suite itself.
    const takesCustomInput = problem.kind !== SUITE_KIND && (problem.kind !== 'function' || Boolean(problem.entry));
    if (!takesCustomInput) customToggle.disabled = true;
    const customInput = h('textarea', {
      id: 'custom-input',
      class: 'custom-input',
      rows: problem.kind === 'stdio' ? '5' : '3',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': 'custom-input-hint custom-input-error',
      value: customInputTemplate(problem),
    });
    const customError = h('p', { id: 'custom-input-error', class: 'field-error', hidden: true });
    const customGroup = h(
      'div',
      { class: 'custom-input-group', id: 'custom-input-group', hidden: true },
      h('label', { for: 'custom-input', class: 'field-label', text: problem.kind === 'stdio' ? 'Custom standard input' : 'Custom input' }),
      h('p', { id: 'custom-input-hint', class: 'field-hint', text: customInputHint(problem) }),
      customInput,
      customError,
    );
    // A function problem's input by field (Python literals); other kinds keep the text above.
    const literals = literalInput(problem, { onEdit: () => stale.edited() });
    if (literals) customGroup.replaceChildren(literals.element);

    const results = h('div', { class: 'results', id: 'results', 'aria-live': 'polite' });
    const stale = new StaleResults(results);
    customGroup.addEventListener('input', () => stale.edited());
    const resultsSection = h(
      'section',
      { class: 'console-section results-pane', 'aria-labelledby': 'results-heading' },
      h('h2', { id: 'results-heading', class: 'section-title', text: 'Results' }),
      results,
    );

    const historyList = h('div', { class: 'history' });
    const historySection = h(
      'section',
      { class: 'console-section history-pane', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading', class: 'section-title', text: 'Your submissions' }),
      historyList,
    );

    const codeSection = h(
      'section',
      { class: 'pane code-pane', 'aria-labelledby': 'code-heading' },
      h(
        'div',
        { class: 'pane-head' },
        h('h2', { id: 'code-heading', class: 'section-title', text: problem.kind === SUITE_KIND ? 'Your tests' : 'Your solution' }),
        saveStatus,
        tabToggle,
      ),
      problem.kind === SUITE_KIND
        ? h(
            'p',
            { class: 'muted small suite-editor-hint' },
            'One test file, pytest or unittest',
            problem.module ? [', for the module ', h('code', { text: problem.module })] : null,
            '. How it is graded is under the statement.',
          )
        : null,
      draftWarning ? h('p', { class: 'alert alert-warning', role: 'status', text: draftWarning }) : null,
      editorHost,
      help,
      h(
        'div',
        { class: 'actions' },
        h('div', { class: 'actions-main' }, runButton, canSubmit ? submitButton : null, canSubmit && api.cancelSubmission ? cancelButton : null),
        h(
          'div',
          { class: 'actions-extra' },
          takesCustomInput
            ? h('label', { class: 'checkbox', for: 'custom-toggle' }, customToggle, ' Run on custom input')
            : null,
          resetButton,
        ),
      ),
    );

    // The editor re-measures after a splitter moves (its own observer skips changes that come
    // right after an update); the splitters set their sizes before the editor exists.
    let measureEditor = () => {};
    const layout = arrangeWorkspace({
      statement,
      code: codeSection,
      consoleParts: [customGroup, resultsSection, canSubmit ? historySection : null],
      onResize: () => measureEditor(),
    });
    disposers.push(() => layout.dispose());
    replace(root, header, layout.element);

    // The statement pane (beside the editor it scrolls on its own) and a wide code block can
    // be scrolled from the keyboard.
    disposers.push(keyboardScrollable(statement, '.statement-pane, pre'));

    // ---- behaviour ----------------------------------------------------------------------
    const saver = new DraftSaver(
      slug,
      draft?.code ?? null,
      (status, message) => {
        if (locked) return;
        saveStatus.textContent = status === 'error' ? `${SAVE_TEXT.error}: ${message}` : SAVE_TEXT[status];
        saveStatus.classList.toggle('is-error', status === 'error');
      },
      {
        save: (draftSlug, code, options) => api.saveDraft(draftSlug, code, options),
        onSaved: () => onActivity(),
        onError: (err) => onApiError(err),
      },
    );
    const panel = new ResultsPanel(results, {
      entry: problem.entry,
      kind: problem.kind,
      samples: problem.samples ?? [],
      frames: problem.frames ?? null,
      onGoTo: (line, column) => editor.goTo(line, column),
    });
    const editor = createEditor({
      parent: editorHost,
      doc: initialCode,
      language: problem.language,
      label: `${problem.kind === SUITE_KIND ? 'Test file editor' : 'Code editor'}, ${problem.language === 'sql' ? 'SQL' : 'Python'}`,
      describedBy: 'editor-help',
      onChange: (code) => {
        saver.schedule(code);
        stale.edited();
      },
      onUpdate: onEditorUpdate ?? undefined,
      onRun: () => run(),
      onSubmit: () => submit(),
      onTabModeChange: showTabMode,
    });
    tabToggle.addEventListener('click', () => editor.setTabIndents(!editor.tabIndents()));
    measureEditor = () => editor.view.requestMeasure();
    disposers.push(() => {
      saver.dispose();
      editor.destroy();
    });
    setSkipTarget('Skip to editor', () => editor.focus());

    // Locked (the time is over): the code stays readable, nothing can change or be sent.
    lockNow = () => {
      locked = true;
      saver.stop();
      editor.view.dispatch({ effects: StateEffect.appendConfig.of(EditorState.readOnly.of(true)) });
      editorHost.classList.add('is-locked');
      saveStatus.textContent = 'Time is over: the editor is locked';
      saveStatus.classList.remove('is-error');
      for (const button of [runButton, submitButton]) button.setAttribute('aria-disabled', 'true');
      resetButton.hidden = true;
      customToggle.disabled = true;
      literals?.disable();
    };
    flushNow = () => saver.flush();

    let busy = null; // 'run' | 'submit' while one is in progress
    let stopWatching = null;
    disposers.push(() => stopWatching?.());

    const setBusy = (what) => {
      busy = what;
      for (const [button, kind, idle, active] of [
        [runButton, 'run', customToggle.checked ? 'Run custom input' : 'Run samples', 'Running…'],
        [submitButton, 'submit', 'Submit', 'Judging…'],
      ]) {
        // aria-disabled keeps the button focusable (disabling it would drop keyboard focus).
        button.setAttribute('aria-disabled', String(busy !== null || locked));
        button.classList.toggle('is-busy', busy === kind);
        button.querySelector('.btn-label').textContent = busy === kind ? active : idle;
      }
    };

    customToggle.addEventListener('change', () => {
      customGroup.hidden = !customToggle.checked;
      setBusy(busy);
      if (customToggle.checked) {
        layout.reveal(customGroup);
        (literals ?? customInput).focus({ preventScroll: true });
      }
    });

    const readCustomInput = () => {
      if (literals) return literals.read();
      customError.hidden = true;
      customInput.removeAttribute('aria-invalid');
      if (problem.kind === 'stdio') return { stdin: customInput.value };
      try {
        const value = JSON.parse(customInput.value);
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('It must be a JSON object.');
        return value;
      } catch (err) {
        customError.textContent = `The custom input is not valid JSON: ${err.message}`;
        customError.hidden = false;
        customInput.setAttribute('aria-invalid', 'true');
        customInput.focus();
        return undefined;
      }
    };

    // Bring the results into view when something starts: the console grows to its default size
    // if it is smaller, and scrolls to them. Focus stays where the person pressed Run or Submit
    // (the button or the editor); #results is a polite live region that reads out what comes.
    const revealResults = () => layout.reveal(resultsSection);

    const busyMessage = (seconds) =>
      panel.updatePending('The judge is busy', `The judge is busy, retrying in ${seconds} s`);

    async function run() {
      if (busy || disposed || locked) return;
      const custom = customToggle.checked;
      let input;
      if (custom) {
        input = readCustomInput();
        if (input === undefined) return;
      }
      const code = editor.getCode();
      saver.flush();
      stale.ran(false);
      setBusy('run');
      const what =
        problem.kind === SUITE_KIND
          ? 'Running your tests on the correct implementation and the sample bugs…'
          : 'Running your code on the samples…';
      panel.showPending('Running', custom ? 'Running your code on your input…' : what);
      revealResults();
      try {
        const result = await withBusyRetry(() => api.runCode(slug, code, input, { signal: controller.signal }), {
          onWait: busyMessage,
          signal: controller.signal,
        });
        if (disposed) return;
        panel.showRun(result, { custom });
        stale.ran(custom);
        onActivity();
      } catch (err) {
        if (disposed || err.name === 'AbortError') return;
        onApiError(err);
        if (literals?.showError(err)) {
          // Shown at the field it names.
        } else if (err.field === 'input' || err.field?.startsWith('input.')) {
          customError.textContent = err.message;
          customError.hidden = false;
          customInput.setAttribute('aria-invalid', 'true');
        }
        panel.showError(err, { title: 'The run failed' });
      } finally {
        if (!disposed) setBusy(null);
      }
    }

    async function submit() {
      if (busy || disposed || locked || !canSubmit) return;
      const code = editor.getCode();
      saver.flush();
      stale.ran(false);
      setBusy('submit');
      panel.showPending('Submitting', 'Sending your code to the judge…');
      revealResults();
      let submission;
      try {
        submission = await withBusyRetry(() => api.createSubmission(slug, code, { signal: controller.signal }), {
          onWait: busyMessage,
          signal: controller.signal,
        });
      } catch (err) {
        if (disposed || err.name === 'AbortError') return;
        panel.showError(err, { title: 'The submission was not accepted' });
        setBusy(null);
        onApiError(err);
        return;
      }
      if (disposed) return;
      onActivity();
      panel.startSubmission();
      refreshHistory();
      // Practice can be stopped (an assessment grades every test, so its API has no cancel).
      const cancelId = submission.id;
      let cancelling = false;
      cancelButton.hidden = !api.cancelSubmission;
      cancelButton.onclick = async () => {
        if (cancelling) return;
        cancelling = true;
        cancelButton.setAttribute('aria-disabled', 'true');
        cancelButton.textContent = 'Cancelling…';
        try {
          await api.cancelSubmission(cancelId);
        } catch (err) {
          // 409: it finished meanwhile; its result arrives as usual.
          if (err.status !== 409) panel.showError(err, { title: 'Could not cancel' });
        }
      };
      const hideCancel = () => {
        cancelButton.hidden = true;
        cancelButton.onclick = null;
        cancelButton.removeAttribute('aria-disabled');
        cancelButton.textContent = 'Cancel';
      };
      stopWatching = api.watchSubmission(submission.id, {
        onState: (state) => panel.setSubmissionState(state),
        onTest: (test) => panel.addTest(test),
        onDone: (final) => {
          stopWatching = null;
          hideCancel();
          panel.finishSubmission(final);
          if (final.verdict === 'AC') problem.status = 'solved';
          else if (problem.status !== 'solved') problem.status = 'tried';
          replace(statusHolder, statusBadge(problem.status));
          setBusy(null);
          refreshHistory();
          onActivity();
        },
        onError: (err) => {
          stopWatching = null;
          hideCancel();
          panel.showError(err, { title: 'Lost track of the submission' });
          setBusy(null);
          refreshHistory();
        },
      });
    }

    runButton.addEventListener('click', () => run());
    submitButton.addEventListener('click', () => submit());
    resetButton.addEventListener('click', () => {
      if (locked) return;
      if (!window.confirm('Replace your code with the starter code? You can undo this in the editor with Ctrl+Z.')) return;
      editor.setCode(problem.starter_code ?? '');
      editor.focus();
    });

    // The shortcuts also work outside the editor (e.g. in the custom input).
    const onKeyDown = (event) => {
      if (event.defaultPrevented || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      event.preventDefault();
      if (event.shiftKey) submit();
      else run();
    };
    document.addEventListener('keydown', onKeyDown);
    disposers.push(() => document.removeEventListener('keydown', onKeyDown));

    const onPageHide = () => saver.flush({ keepalive: true });
    window.addEventListener('pagehide', onPageHide);
    disposers.push(() => window.removeEventListener('pagehide', onPageHide));

    // ---- submission history -------------------------------------------------------------
    async function refreshHistory() {
      aids?.refresh();
      if (!canSubmit) return;
      let data;
      try {
        data = await api.listSubmissions(slug, { signal: controller.signal });
      } catch (err) {
        if (disposed || err.name === 'AbortError') return;
        replace(historyList, h('p', { class: 'muted', text: `Could not load your submissions: ${err.message}` }));
        return;
      }
      if (disposed) return;
      const submissions = data.submissions ?? [];
      if (!submissions.length) {
        replace(historyList, h('p', { class: 'muted', text: 'No submissions yet.' }));
        return;
      }
      replace(
        historyList,
        h(
          'ol',
          { class: 'history-list' },
          submissions.map((s) => {
            const score = formatScore(s.score);
            return h(
              'li',
              { class: 'history-item' },
              submissionChip(s),
              score !== null ? h('span', { class: 'history-score', text: `Score ${score}` }) : null,
              h('time', { class: 'muted small', datetime: s.created_at, text: formatDate(s.created_at) }),
              h('button', {
                type: 'button',
                class: 'btn btn-small btn-ghost',
                text: 'Show results',
                'aria-label': `Show results of the submission from ${formatDate(s.created_at)}`,
                onClick: () => showPast(s.id, false),
              }),
              h('button', {
                type: 'button',
                class: 'btn btn-small btn-ghost',
                text: 'Load code',
                // The name starts with the visible words, so speech control ("click Load code") finds it.
                'aria-label': `Load code of the submission from ${formatDate(s.created_at)} into the editor`,
                onClick: () => showPast(s.id, true),
              }),
            );
          }),
        ),
      );
    }

    async function showPast(id, loadCode) {
      if (busy || (loadCode && locked)) return;
      if (loadCode && !window.confirm('Replace the code in the editor with this submission’s code?')) return;
      try {
        const submission = await api.getSubmission(id, { signal: controller.signal });
        if (disposed) return;
        if (loadCode) {
          editor.setCode(submission.code ?? '');
          editor.focus();
        }
        panel.showSubmission(submission);
        if (!loadCode) revealResults();
      } catch (err) {
        if (disposed || err.name === 'AbortError') return;
        panel.showError(err, { title: 'Could not load that submission' });
      }
    }

    refreshHistory();
    if (locked) lockNow();
  }

  return {
    ready,
    heading,
    /** Lock the editor and the actions (the time is over). */
    lock() {
      locked = true;
      lockNow();
    },
    /** Save the draft now if it changed; resolves when saved (or failed). */
    flush: () => flushNow(),
    dispose() {
      disposed = true;
      for (const dispose of disposers.reverse()) dispose();
    },
  };
}
