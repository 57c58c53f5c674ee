// The Questions page (#/team/questions): the team's private problems. Interviewers and admins
// upload a problem folder (zip, tar or tar.gz), edit a version's files as text, or start a new
// function problem from a template; every version is checked on the server as `verdict check`
// checks the catalogue, and its findings are listed by file and line. Reviewers see the list
// read-only. A version stays `checking` while the server runs the checks: the page polls it.

import { questions } from '../api.js';
import { h, replace } from '../dom.js';
import { requireUser, handleAuthError } from './session.js';
import { errorAlert, showFormError, timeEl } from './common.js';
import { kindName } from '../format.js';

/** How often a version still being checked is asked for again. */
const POLL_MS = 1500;

const STATUS_TEXT = { checking: 'Checking…', accepted: 'Accepted', rejected: 'Rejected' };

/** A function problem that passes every check: the starting point of "New from template". */
function template(slug) {
  return {
    'problem.toml': `slug = "${slug}"\ntitle = "Reverse the words"\ndifficulty = "easy"\ntopics = ["strings"]\nkind = "function"\nentry = "reverse_words"\n\n[limits]\ntime = 1.0\nmemory = 256\n\n[checker]\nname = "exact"\n`,
    'statement.md':
      "# Reverse the words\n\nWrite `reverse_words(s)` that returns the words of `s` in reverse order, joined by single\nspaces. A word is a maximal run of non-whitespace characters; if `s` has none, return `\"\"`.\n\n## Examples\n\n```example\n>>> reverse_words('the sky is blue')\n'blue is sky the'\n```\n\n```example\n>>> reverse_words('hello')\n'hello'\n```\n",
    'starter.py': 'def reverse_words(s: str) -> str:\n    """Return the words of s in reverse order, separated by single spaces."""\n    ...\n',
    'submissions/accepted/reference.py': 'def reverse_words(s):\n    return " ".join(s.split()[::-1])\n',
    'submissions/wrong_answer/split_on_space.py': 'def reverse_words(s):\n    return " ".join(s.split(" ")[::-1])\n',
    'tests/sample.json': JSON.stringify(
      [
        { name: 'three words', args: ['the sky is blue'], expected: 'blue is sky the' },
        { name: 'single word', args: ['hello'], expected: 'hello' },
      ],
      null,
      1,
    ) + '\n',
    'tests/hidden.json': JSON.stringify(
      [
        ['empty', '', ''],
        ['only spaces', '    ', ''],
        ['leading and trailing', '  hello world  ', 'world hello'],
        ['repeated spaces', 'a good   example', 'example good a'],
        ['tabs and newlines', 'one\ttwo\nthree', 'three two one'],
        ['punctuation stays', 'Hello, world!', 'world! Hello,'],
        ['unicode', 'héllo wörld ünïcode', 'ünïcode wörld héllo'],
        ['one letter words', 'a b c d', 'd c b a'],
        ['long', 'x '.repeat(50).trim() + ' y', 'y ' + 'x '.repeat(50).trim()],
      ].map(([name, arg, expected]) => ({ name, args: [arg], expected })),
      null,
      1,
    ) + '\n',
  };
}

/** The findings of a version, by file and line, as `verdict check` prints them. */
function findingsTable(version) {
  if (version.status === 'checking') return h('p', { class: 'muted', role: 'status', text: 'The checks are running…' });
  if (!version.findings.length) {
    return h('p', { class: 'alert alert-success', role: 'status', text: `Version ${version.version} passed every check: it can be put in an assessment.` });
  }
  return h(
    'div',
    { class: 'findings' },
    h('p', { class: 'alert alert-error', role: 'status', text: `Version ${version.version} was not accepted: ${version.findings.length} finding${version.findings.length === 1 ? '' : 's'}.` }),
    h(
      'table',
      { class: 'data-table findings-table' },
      h('caption', { class: 'sr-only', text: 'Findings by file and line' }),
      h('thead', {}, h('tr', {}, ...['File', 'Line', 'Finding'].map((t) => h('th', { scope: 'col', text: t })))),
      h(
        'tbody',
        {},
        ...version.findings.map((f) =>
          h('tr', { class: 'finding' }, h('td', { class: 'mono', text: f.file || '—' }), h('td', { text: f.line ?? '' }), h('td', { text: f.message })),
        ),
      ),
    ),
  );
}

export function renderQuestions(root, { setSkipTarget }) {
  const controller = new AbortController();
  let disposed = false;
  let canEdit = false;
  const heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Questions' });
  const status = h('p', { class: 'sr-only', role: 'status' });
  const listHost = h('div', {}, h('p', { class: 'muted', text: 'Loading the questions…' }));
  const detailHost = h('section', { class: 'card', 'aria-labelledby': 'question-detail-heading', hidden: true });
  document.title = 'Questions · Verdict';

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Polls a version until its check ends, showing it all along. */
  async function follow(version) {
    showDetail(version);
    while (!disposed && version.status === 'checking') {
      await sleep(POLL_MS);
      if (disposed) return;
      try {
        version = await questions.get(version.slug, version.version, { signal: controller.signal });
      } catch (err) {
        if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      }
      showDetail(version);
    }
    status.textContent = `${version.slug} version ${version.version}: ${STATUS_TEXT[version.status]}.`;
    await loadList();
  }

  /** A version and its findings, or (`version` null) a new problem's editor alone. */
  function showDetail(version, editor = null, slug = version?.slug) {
    detailHost.hidden = false;
    replace(
      detailHost,
      h('h2', { id: 'question-detail-heading', class: 'section-heading', text: version ? `${version.title} (${version.slug}), version ${version.version}` : `New problem ${slug}` }),
      version ? h('p', { class: 'muted small', text: `${STATUS_TEXT[version.status]} · uploaded by ${version.created_by}` }) : null,
      version ? findingsTable(version) : null,
      version && canEdit && !editor && version.status !== 'checking'
        ? h('button', { type: 'button', class: 'btn', text: 'Edit the files', onClick: () => openEditor(version.slug, version.version) })
        : null,
      editor,
    );
  }

  // ---- upload -------------------------------------------------------------------------------
  const fileInput = h('input', { type: 'file', id: 'question-file', name: 'file', accept: '.zip,.tar,.tgz,.tar.gz,.gz' });
  const uploadError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const uploadForm = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': 'upload-heading' },
    h('h3', { id: 'upload-heading', class: 'sub-heading', text: 'Upload a problem' }),
    h('p', { class: 'muted small', text: 'A zip, tar or tar.gz of one folder in the problems/ format; the folder’s name is the slug.' }),
    uploadError,
    h('div', { class: 'form-field' }, h('label', { for: 'question-file', class: 'field-label', text: 'Archive' }), fileInput),
    h('button', { type: 'submit', class: 'btn btn-primary', text: 'Upload and check' }),
  );
  uploadForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(uploadError, null);
    const file = fileInput.files?.[0];
    if (!file) return showFormError(uploadError, 'Choose an archive first.');
    try {
      const version = await questions.upload(file);
      fileInput.value = '';
      await loadList();
      await follow(version);
    } catch (err) {
      if (!handleAuthError(err)) showFormError(uploadError, err.message);
    }
    return undefined;
  });

  // ---- new from template ----------------------------------------------------------------------
  const newSlug = h('input', { type: 'text', id: 'question-new-slug', name: 'slug', autocomplete: 'off', placeholder: 'reverse-words-ours' });
  const newError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const newForm = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': 'new-question-heading' },
    h('h3', { id: 'new-question-heading', class: 'sub-heading', text: 'New function problem from a template' }),
    newError,
    h('div', { class: 'form-field' }, h('label', { for: 'question-new-slug', class: 'field-label', text: 'Slug' }), newSlug),
    h('button', { type: 'submit', class: 'btn', text: 'Start from the template' }),
  );
  newForm.addEventListener('submit', (event) => {
    event.preventDefault();
    showFormError(newError, null);
    const slug = newSlug.value.trim();
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return showFormError(newError, 'A slug is lowercase letters, digits and inner dashes.');
    const files = Object.entries(template(slug)).map(([path, text]) => ({ path, text }));
    showDetail(null, editor(slug, null, files), slug);
    return undefined;
  });

  // ---- editing a version's files -------------------------------------------------------------
  async function openEditor(slug, version) {
    try {
      const loaded = await questions.files(slug, version, { signal: controller.signal });
      const current = await questions.get(slug, version, { signal: controller.signal });
      showDetail(current, editor(slug, version, loaded.files));
    } catch (err) {
      if (!disposed && err.name !== 'AbortError' && !handleAuthError(err)) window.alert(err.message);
    }
  }

  function editor(slug, baseVersion, files) {
    const areas = new Map();
    const removed = new Set();
    const list = h('div', { class: 'question-files' });
    const kept = files.filter((f) => f.text === null).map((f) => f.path);
    function fileField(path, text) {
      const id = `question-file-${path.replace(/[^a-z0-9]/gi, '-')}`;
      const area = h('textarea', { id, class: 'question-file-text mono', rows: Math.min(20, Math.max(3, text.split('\n').length + 1)), spellcheck: 'false', 'data-path': path });
      area.value = text;
      areas.set(path, area);
      const field = h(
        'div',
        { class: 'form-field question-file', 'data-path': path },
        h('label', { for: id, class: 'field-label mono', text: path }),
        area,
        h('button', {
          type: 'button',
          class: 'btn btn-ghost btn-small btn-danger',
          text: 'Remove',
          'aria-label': `Remove ${path}`,
          onClick: () => {
            areas.delete(path);
            removed.add(path);
            field.remove();
          },
        }),
      );
      list.append(field);
    }
    for (const f of files) if (f.text !== null) fileField(f.path, f.text);
    const newPath = h('input', { type: 'text', id: 'question-add-path', autocomplete: 'off', placeholder: 'tests/hidden.json' });
    const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'question-editor', novalidate: true, 'aria-label': `Files of ${slug}` },
      h('h3', { class: 'sub-heading', text: baseVersion ? `Edit version ${baseVersion} as a new version` : `New problem ${slug}` }),
      kept.length ? h('p', { class: 'muted small', text: `Kept as they are (not text): ${kept.join(', ')}` }) : null,
      error,
      list,
      h(
        'div',
        { class: 'form-field' },
        h('label', { for: 'question-add-path', class: 'field-label', text: 'Add a file (path in the folder)' }),
        newPath,
        h('button', {
          type: 'button',
          class: 'btn btn-small',
          text: 'Add file',
          onClick: () => {
            const path = newPath.value.trim();
            if (path && !areas.has(path)) {
              removed.delete(path);
              fileField(path, '');
            }
            newPath.value = '';
          },
        }),
      ),
      h('button', { type: 'submit', class: 'btn btn-primary', text: 'Check and save' }),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showFormError(error, null);
      const body = { base_version: baseVersion, files: Object.fromEntries([...areas].map(([p, a]) => [p, a.value])), removed: [...removed] };
      try {
        const version = await questions.edit(slug, body);
        await loadList();
        await follow(version);
      } catch (err) {
        if (!handleAuthError(err)) showFormError(error, err.message);
      }
    });
    return form;
  }

  // ---- the list -----------------------------------------------------------------------------
  async function loadList() {
    try {
      const list = await questions.list({ signal: controller.signal });
      if (disposed) return;
      const rows = list.questions.map((q) =>
        h(
          'tr',
          { 'data-slug': q.slug },
          h('th', { scope: 'row', class: 'mono', text: q.slug }),
          h('td', { text: q.title }),
          h('td', { text: q.kind ? kindName(q.kind) : '—' }),
          h('td', { text: String(q.version) }),
          h('td', { class: `question-status status-${q.status}`, text: STATUS_TEXT[q.status] ?? q.status }),
          h('td', { text: q.accepted_version ? `version ${q.accepted_version}` : 'none' }),
          h('td', {}, timeEl(q.created_at)),
          h('td', {}, h('button', { type: 'button', class: 'btn btn-ghost btn-small', text: 'Open', 'aria-label': `Open ${q.slug}`, onClick: () => follow(q) })),
        ),
      );
      replace(
        listHost,
        rows.length
          ? h(
              'table',
              { class: 'data-table questions-table' },
              h('caption', { class: 'sr-only', text: 'The team’s private problems' }),
              h('thead', {}, h('tr', {}, ...['Slug', 'Title', 'Kind', 'Version', 'Status', 'Used by new assessments', 'Uploaded', ''].map((t) => h('th', { scope: 'col', text: t })))),
              h('tbody', {}, ...rows),
            )
          : h('p', { class: 'muted', text: 'No private problems yet.' }),
      );
    } catch (err) {
      if (disposed || err.name === 'AbortError' || handleAuthError(err)) return;
      replace(listHost, errorAlert('Could not load the questions', err, loadList));
    }
  }

  const ready = (async () => {
    replace(root, heading, h('p', { class: 'muted', text: 'Loading…' }));
    const user = await requireUser({ signal: controller.signal }).catch(() => null);
    if (disposed || !user) return;
    canEdit = user.role !== 'reviewer';
    replace(
      root,
      heading,
      h('p', { class: 'lead', text: `Problems only ${user.team} can use: never shown in practice, only in the team’s assessments.` }),
      status,
      h('section', { class: 'card', 'aria-labelledby': 'questions-heading' }, h('h2', { id: 'questions-heading', class: 'section-heading', text: 'Private problems' }), listHost, canEdit ? uploadForm : h('p', { class: 'muted small', text: 'Reviewers read this list; interviewers and admins upload and edit.' }), canEdit ? newForm : null),
      detailHost,
    );
    setSkipTarget('Skip to the questions', () => heading.focus());
    await loadList();
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
