// A candidate's assessment (#/a/TOKEN): the instructions and the practice problem, Start, then
// the problems in tabs with the practice mode's editor and the remaining time always in view,
// Finish, and the end screen. The token in the URL is the candidate's only credential.

import { attempt as attemptApi } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, verdictName } from '../format.js';
import { renderProblem } from './problem.js';
import { introView } from './intro.js';
import { createRecorder } from './recording.js';
import { setNavMode } from './session.js';
import { formatClock, clockWords, formatPoints, errorAlert } from './common.js';

// How often the page asks the server for the deadline: extra time given by the hiring team
// reaches the candidate within this long.
const RESYNC_MS = 15_000;
const ACTIVITY_RESYNC_MS = 1_000;
const FINISH_POLL_MS = 2_000;
const FINISH_POLL_TRIES = 30;
/** Spoken warnings (minutes left). */
const WARNINGS = [10, 5, 1];

/** The practice problem's slug (a string, or an object with a slug). */
function practiceSlug(a) {
  const p = a.practice_problem;
  return typeof p === 'string' ? p : p?.slug ?? null;
}

export function renderAttempt(root, token, sub, { setSkipTarget }) {
  const controller = new AbortController();
  const problems = attemptApi.problems(token);
  const base = `#/a/${encodeURIComponent(token)}`;
  let disposed = false;
  let heading = h('h1', { tabindex: '-1', class: 'page-title', text: 'Loading your assessment…' });
  let screenDisposers = [];
  let state = null; // the last Attempt from the server

  setNavMode('attempt');
  setSkipTarget('Skip to main content', () => root.focus());
  replace(root, heading, h('p', { class: 'muted', text: 'Loading…' }));
  document.title = 'Assessment · Verdict';

  /** Leave the current screen: stop its timers, dispose its problem view. */
  function clearScreen() {
    for (const dispose of screenDisposers.reverse()) dispose();
    screenDisposers = [];
  }

  function newHeading(text) {
    heading = h('h1', { tabindex: '-1', class: 'page-title', text });
    return heading;
  }

  const focusHeading = () => heading.focus({ preventScroll: false });

  // ---- screens without the timer ------------------------------------------------------------

  function showMessage(title, paragraphs, { alert = false } = {}) {
    clearScreen();
    document.title = `${title} · Verdict`;
    replace(
      root,
      h(
        'section',
        { class: `card message-card${alert ? ' is-alert' : ''}` },
        newHeading(title),
        paragraphs.map((p) => (typeof p === 'string' ? h('p', { text: p }) : p)),
      ),
    );
  }

  function showLoadError(err) {
    if (err.status === 404) {
      showMessage('This link does not work', [
        'There is no assessment at this address. Check that you copied the whole link from your invitation.',
      ]);
    } else if (err.status === 410) {
      showMessage('This invitation was withdrawn', [
        'The hiring team has withdrawn this invitation, so it can no longer be used. If you think this is a mistake, contact them.',
      ]);
    } else {
      clearScreen();
      replace(root, newHeading('Could not load your assessment'), errorAlert('Something went wrong', err, () => load()));
    }
  }

  function showEnd(a) {
    showMessage(
      'Your answers are in',
      [
        h('p', { class: 'lead', text: `Thank you, ${a.name}. Your answers to “${a.assessment.title}” have been handed in.` }),
        a.finished_at
          ? h('p', {}, 'Finished at ', h('time', { datetime: a.finished_at, text: formatDate(a.finished_at) }), '.')
          : null,
        'The hiring team will get back to you. You can close this page now.',
      ].filter(Boolean),
    );
    root.querySelector('.message-card').classList.add('end-card');
    root.querySelector('.message-card').prepend(h('div', { class: 'end-mark', 'aria-hidden': 'true', text: '✓' }));
  }

  function showExpired(a) {
    const serverNow = Date.parse(a.server_time);
    const windowClosed = !Number.isFinite(serverNow) || serverNow >= Date.parse(a.assessment.closes_at);
    showMessage('This assessment has closed', [
      windowClosed
        ? `The window to start “${a.assessment.title}” closed on ${formatDate(a.assessment.closes_at)}, before the assessment was started.`
        : `The hiring team has closed “${a.assessment.title}”, so it can no longer be started.`,
      'If you think this is a mistake, contact the hiring team.',
    ]);
  }

  // ---- the instructions -----------------------------------------------------------------------

  function showIntro(a) {
    clearScreen();
    const info = a.assessment;
    document.title = `${info.title} · Verdict`;
    const { nodes, startButton, startError } = introView(a, { heading: newHeading(info.title), practiceHref: practiceSlug(a) ? `${base}/practice` : null });
    replace(root, ...nodes);

    let starting = false;
    startButton.addEventListener('click', async () => {
      if (starting) return;
      starting = true;
      startButton.setAttribute('aria-disabled', 'true');
      startButton.textContent = 'Starting…';
      startError.hidden = true;
      try {
        const started = await attemptApi.start(token);
        if (disposed) return;
        apply(started, { focus: true });
      } catch (err) {
        if (disposed) return;
        const messages = {
          not_open: `The assessment is not open yet: it opens at ${formatDate(info.opens_at)}.`,
          window_closed: 'The window to start this assessment has closed.',
          archived: 'The hiring team has closed this assessment.',
        };
        if (err.status === 404 || err.status === 410) return showLoadError(err);
        replace(startError, h('p', { text: messages[err.code] ?? err.message }));
        startError.hidden = false;
        startButton.removeAttribute('aria-disabled');
        startButton.textContent = 'Start the assessment';
        starting = false;
      }
    });
  }

  // ---- the practice problem (before Start) -----------------------------------------------------

  function showPractice(a) {
    clearScreen();
    const slug = practiceSlug(a);
    const host = h('div', { class: 'problem-host' });
    replace(
      root,
      h(
        'p',
        { class: 'alert alert-info practice-note', role: 'note' },
        h('strong', { text: 'Practice problem. ' }),
        'Run your code on the samples or on your own input to get to know the editor. It is not scored, and the timer has not started.',
      ),
      host,
    );
    const view = renderProblem(host, slug, {
      setSkipTarget,
      api: problems,
      canSubmit: false,
      backLink: { href: base, text: '← Back to the instructions' },
    });
    heading = view.heading;
    screenDisposers.push(() => view.dispose());
    return view.ready;
  }

  // ---- the assessment itself ----------------------------------------------------------------

  let workspace = null; // {update(a), timeUp()} while the problems are on screen

  function showWorkspace(a, { focus = false, extraMs = 0 } = {}) {
    clearScreen();
    const info = a.assessment;
    let clock = { remaining: a.remaining_ms ?? 0, at: performance.now() };
    const remaining = () => clock.remaining - (performance.now() - clock.at);
    let timeIsUp = false;
    let view = null;
    let recorder = null;
    screenDisposers.push(() => recorder?.dispose());
    let current = null;
    const warned = new Set(WARNINGS.filter((m) => (a.remaining_ms ?? 0) <= m * 60_000));

    const timerValue = h('span', { class: 'timer-value', text: formatClock(remaining()) });
    const timer = h(
      'div',
      { class: 'timer', role: 'timer', id: 'time-left', 'aria-label': `Time left: ${clockWords(remaining())}` },
      h('span', { class: 'timer-label', 'aria-hidden': 'true', text: 'Time left' }),
      timerValue,
    );
    const announcer = h('p', { class: 'sr-only', 'aria-live': 'polite', id: 'timer-announcer' });
    const finishButton = h('button', { type: 'button', class: 'btn btn-primary', id: 'finish-button', text: 'Finish' });
    const barMessage = h('div', { class: 'attempt-message', role: 'alert', hidden: true });
    // Extra time from the hiring team: said in words, as well as by the timer moving.
    const extraNotice = h('div', { class: 'alert alert-info attempt-extra', role: 'status', id: 'extra-time-notice', hidden: true });
    function noticeExtra(ms, deadline) {
      if (ms < 1000) return;
      const minutes = Math.round(ms / 60_000);
      const amount = minutes >= 1 ? `${minutes} more minute${minutes === 1 ? '' : 's'}` : 'more time';
      replace(
        extraNotice,
        h('p', {}, h('strong', { text: `The hiring team gave you ${amount}.` }), ' Your new deadline is ', h('time', { datetime: deadline, text: formatDate(deadline) }), '.'),
      );
      extraNotice.hidden = false;
    }
    const bar = h(
      'div',
      { class: 'attempt-bar' },
      h('p', { class: 'attempt-title', text: info.title }),
      timer,
      finishButton,
    );

    const tabs = new Map();
    const tablist = h('div', { class: 'attempt-tabs', role: 'tablist', 'aria-label': 'Problems' });
    for (const p of a.problems ?? []) {
      const status = h('span', { class: 'tab-status' });
      const tab = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${p.slug}`,
          class: 'attempt-tab',
          'aria-selected': 'false',
          'aria-controls': 'attempt-panel',
          tabindex: '-1',
          'data-slug': p.slug,
        },
        h('span', { class: 'tab-title', text: p.title }),
        h('span', { class: 'tab-points', text: `${formatPoints(p.points)} points` }),
        status,
      );
      tab.addEventListener('click', () => select(p.slug));
      tabs.set(p.slug, { tab, status });
      tablist.append(tab);
    }
    // Arrow keys move between tabs (and Home/End); Enter or Space opens one.
    tablist.addEventListener('keydown', (event) => {
      const list = [...tabs.values()].map((t) => t.tab);
      const index = list.indexOf(document.activeElement);
      if (index < 0) return;
      let next = null;
      if (event.key === 'ArrowRight') next = list[(index + 1) % list.length];
      else if (event.key === 'ArrowLeft') next = list[(index - 1 + list.length) % list.length];
      else if (event.key === 'Home') next = list[0];
      else if (event.key === 'End') next = list[list.length - 1];
      if (!next) return;
      event.preventDefault();
      for (const t of list) t.tabIndex = t === next ? 0 : -1;
      next.focus();
    });

    const panel = h('div', { class: 'attempt-panel', role: 'tabpanel', id: 'attempt-panel' });
    replace(root, h('div', { class: 'attempt-workspace' }, bar, barMessage, extraNotice, announcer, tablist, panel));
    document.title = `${info.title} · Verdict`;

    function updateTabs(att) {
      for (const p of att.problems ?? []) {
        const entry = tabs.get(p.slug);
        if (!entry) continue;
        let text = '';
        if (p.last_verdict) text = verdictName(p.last_verdict);
        else if (p.draft_saved_at) text = 'Draft saved';
        else text = 'Not started';
        entry.status.textContent = text;
        entry.status.dataset.verdict = p.last_verdict ?? '';
      }
    }
    updateTabs(a);

    async function select(slug) {
      if (!tabs.has(slug) || (slug === current && view)) return view?.ready;
      const previous = view;
      current = slug;
      for (const [s, { tab }] of tabs) {
        tab.setAttribute('aria-selected', String(s === slug));
        tab.tabIndex = s === slug ? 0 : -1;
      }
      panel.setAttribute('aria-labelledby', `tab-${slug}`);
      // Keep the open problem in the address, so a reload comes back to it.
      const hash = `${base}/problems/${encodeURIComponent(slug)}`;
      if (location.hash !== hash) history.replaceState(null, '', hash);
      if (previous) {
        const saved = previous.flush();
        previous.dispose();
        const sent = recorder?.dispose();
        recorder = null;
        await Promise.all([saved.catch(() => {}), sent?.catch(() => {})]);
        if (disposed || current !== slug) return undefined;
      }
      const host = h('div', { class: 'problem-host' });
      replace(panel, host);
      // Typing, pastes and focus, for the team's timeline and playback (see recording.js).
      const rec = timeIsUp ? null : createRecorder(token, slug);
      recorder = rec;
      view = renderProblem(host, slug, {
        setSkipTarget,
        api: problems,
        backLink: null,
        locked: timeIsUp,
        onApiError: (err) => handleApiError(err),
        onActivity: () => {
          rec?.flush();
          resyncSoon();
        },
        onEditorUpdate: rec ? (update) => rec.onUpdate(update) : null,
      });
      heading = view.heading;
      return view.ready;
    }

    // ---- time ---------------------------------------------------------------------------------
    let lastShown = '';
    function tick() {
      const left = remaining();
      const text = formatClock(left);
      if (text !== lastShown) {
        lastShown = text;
        timerValue.textContent = text;
        timer.setAttribute('aria-label', `Time left: ${clockWords(left)}`);
        timer.classList.toggle('is-low', left <= 5 * 60_000);
        for (const minutes of WARNINGS) {
          if (left <= minutes * 60_000 && left > 0 && !warned.has(minutes)) {
            warned.add(minutes);
            announcer.textContent = `${minutes} minute${minutes === 1 ? '' : 's'} left.`;
          }
        }
      }
      if (left <= 0 && !timeIsUp) timeUp();
    }
    const ticker = setInterval(tick, 250);
    screenDisposers.push(() => clearInterval(ticker));

    let syncing = null;
    let syncTimer = null;
    async function resync() {
      if (syncing) return syncing;
      syncing = (async () => {
        const sent = performance.now();
        try {
          const fresh = await attemptApi.get(token, { signal: controller.signal });
          if (disposed) return;
          const rtt = performance.now() - sent;
          // The deadline moved later: the hiring team gave extra time.
          const moved = Date.parse(fresh.deadline) - Date.parse(state?.deadline);
          const extra = Number.isFinite(moved) && moved > 0 ? moved : 0;
          state = fresh;
          if (fresh.status !== 'started') {
            apply(fresh, { focus: true });
            return;
          }
          clock = { remaining: (fresh.remaining_ms ?? 0) - rtt / 2, at: performance.now() };
          updateTabs(fresh);
          if (timeIsUp && fresh.remaining_ms > 1000) {
            // More time was given after the clock ran out here: carry on.
            showWorkspace(fresh, { focus: false, extraMs: extra });
            return;
          }
          noticeExtra(extra, fresh.deadline);
          tick();
        } catch (err) {
          if (disposed || err.name === 'AbortError') return;
          if (err.status === 404 || err.status === 410) showLoadError(err);
          // Otherwise keep counting locally; the next resync tries again.
        } finally {
          syncing = null;
        }
      })();
      return syncing;
    }
    const every = setInterval(() => resync(), RESYNC_MS);
    screenDisposers.push(() => clearInterval(every));
    function resyncSoon() {
      clearTimeout(syncTimer);
      syncTimer = setTimeout(() => resync(), ACTIVITY_RESYNC_MS);
    }
    screenDisposers.push(() => clearTimeout(syncTimer));

    function handleApiError(err) {
      if (err.code === 'time_over') timeUp();
      else if (err.status === 410 || err.status === 404) resync();
    }

    /** The deadline passed: lock the editor and wait for the server to finish the attempt. */
    async function timeUp() {
      if (timeIsUp) return;
      timeIsUp = true;
      clock = { remaining: 0, at: performance.now() };
      timerValue.textContent = formatClock(0);
      timer.classList.add('is-low');
      view?.lock();
      // Anything recorded now would be refused: stop without sending.
      recorder?.dispose({ send: false });
      finishButton.hidden = true;
      replace(
        barMessage,
        h('p', { class: 'alert-title', text: 'Time is up' }),
        h('p', { text: 'The editor is locked. Your last saved code is being submitted and graded…' }),
      );
      barMessage.hidden = false;
      for (let i = 0; i < FINISH_POLL_TRIES && !disposed && workspace === me; i++) {
        await resync();
        if (disposed || workspace !== me || state?.status !== 'started') return;
        await new Promise((resolve) => setTimeout(resolve, FINISH_POLL_MS));
      }
      if (!disposed && workspace === me) {
        replace(
          barMessage,
          h('p', { class: 'alert-title', text: 'Time is up' }),
          h('p', { text: 'Your answers are saved. The server has not confirmed the end yet: reload this page in a moment.' }),
        );
      }
    }

    // ---- finish -----------------------------------------------------------------------------
    const dialogError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
    const confirmButton = h('button', { type: 'button', class: 'btn btn-primary', id: 'confirm-finish', text: 'Yes, finish now' });
    const cancelButton = h('button', { type: 'button', class: 'btn btn-ghost', text: 'Keep working' });
    const dialogText = h('p', { id: 'finish-dialog-text' });
    const dialogPlan = h('ul', { class: 'finish-plan', id: 'finish-plan' });
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': 'finish-dialog-heading', 'aria-describedby': 'finish-dialog-text' },
      h('h2', { id: 'finish-dialog-heading', class: 'dialog-title', text: 'Finish the assessment?' }),
      dialogText,
      dialogPlan,
      dialogError,
      h('div', { class: 'form-actions' }, confirmButton, cancelButton),
    );
    root.append(dialog);
    screenDisposers.push(() => dialog.open && dialog.close());
    finishButton.addEventListener('click', async () => {
      if (timeIsUp) return;
      dialogText.textContent = `You have ${clockWords(remaining())} left. Once you finish you cannot change your answers. For each problem:`;
      dialogError.hidden = true;
      replace(dialogPlan, h('li', { class: 'muted', text: 'Checking your problems…' }));
      dialog.showModal();
      cancelButton.focus();
      try {
        await view?.flush();
        const fresh = await attemptApi.get(token);
        if (disposed) return;
        replace(dialogPlan, ...(fresh.problems ?? []).map(finishPlanItem));
      } catch (err) {
        if (disposed) return;
        replace(dialogPlan, h('li', { text: `Could not check your problems (${err.message}); your last saved code in each problem is submitted and graded, and your best score on each is kept.` }));
      }
    });
    cancelButton.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      if (!disposed && finishButton.isConnected) finishButton.focus();
    });
    let finishing = false;
    confirmButton.addEventListener('click', async () => {
      if (finishing) return;
      finishing = true;
      confirmButton.setAttribute('aria-disabled', 'true');
      confirmButton.textContent = 'Finishing…';
      try {
        await Promise.all([view?.flush(), recorder?.flush()]);
        const done = await attemptApi.finish(token);
        if (disposed) return;
        dialog.close();
        apply(done, { focus: true });
      } catch (err) {
        if (disposed) return;
        if (err.code === 'time_over') {
          dialog.close();
          timeUp();
          return;
        }
        replace(dialogError, h('p', { text: err.message }));
        dialogError.hidden = false;
      } finally {
        finishing = false;
        confirmButton.removeAttribute('aria-disabled');
        confirmButton.textContent = 'Yes, finish now';
      }
    });

    const me = {
      update: (fresh) => {
        clock = { remaining: fresh.remaining_ms ?? 0, at: performance.now() };
        updateTabs(fresh);
        tick();
      },
    };
    workspace = me;
    screenDisposers.push(() => {
      if (workspace === me) workspace = null;
      view?.dispose();
    });

    const first = a.problems?.some((p) => p.slug === sub?.slug) ? sub.slug : a.problems?.[0]?.slug;
    noticeExtra(extraMs, a.deadline);
    tick();
    const ready = first ? select(first) : Promise.resolve();
    if (focus) ready.then(() => !disposed && focusHeading());
    return ready;
  }

  // ---- which screen -------------------------------------------------------------------------

  function apply(a, { focus = false } = {}) {
    state = a;
    let ready = null;
    if (a.status === 'finished') showEnd(a);
    else if (a.status === 'expired') showExpired(a);
    else if (a.status === 'revoked') showLoadError({ status: 410 });
    else if (a.status === 'started') {
      if (sub?.practice) history.replaceState(null, '', base);
      ready = showWorkspace(a, { focus });
      return ready;
    } else if (sub?.practice && practiceSlug(a)) ready = showPractice(a);
    else showIntro(a);
    if (focus) (ready ?? Promise.resolve()).then(() => !disposed && focusHeading());
    return ready;
  }

  async function load() {
    try {
      const a = await attemptApi.get(token, { signal: controller.signal });
      if (disposed) return;
      await apply(a);
    } catch (err) {
      if (disposed || err.name === 'AbortError') return;
      showLoadError(err);
    }
  }

  const ready = load();

  return {
    ready,
    get heading() {
      return heading;
    },
    dispose() {
      disposed = true;
      controller.abort();
      clearScreen();
      setNavMode('normal');
    },
  };
}

/** What Finish will do to one problem, in words, for the Finish dialog. */
export function finishPlanItem(p) {
  const percent = (score) => `${Math.round((score ?? 0) * 100)}%`;
  const best = p.best_verdict ? `${verdictName(p.best_verdict)}, ${percent(p.best_score)}` : null;
  let text;
  if (p.draft_pending && best) text = `your saved draft will be graded; your best so far (${best}) is kept if it does worse`;
  else if (p.draft_pending) text = 'your saved draft will be submitted and graded';
  else if (best) text = `kept: ${best}`;
  else if (p.last_verdict === null && p.draft_saved_at === null) text = 'not started: scores 0';
  else text = 'being graded: its result counts';
  return h('li', { 'data-problem': p.slug }, h('strong', { text: p.title }), `: ${text}.`);
}
