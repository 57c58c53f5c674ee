// The candidate report's timeline and keystroke player (GET .../candidates/INV/activity): the
// timeline lists pastes, focus lost, runs and submissions as prompts for a human; the player
// rebuilds a problem's code at every recorded change from the deltas (UTF-16 positions, as the
// editor counted them), with play/pause, speed, a scrubber, and the timeline's events as marks.

import { h, replace } from '../dom.js';

const SPEEDS = [1, 2, 5, 10, 50];
// A pause longer than this (at 1×) plays as this long: nobody wants to watch a coffee break.
const MAX_GAP_MS = 2000;
// Every this many changes a copy of the text is kept, so scrubbing never replays from the start.
const CHECKPOINT_EVERY = 200;
const KIND_LABEL = { paste: 'Paste', focus_lost: 'Focus lost', run: 'Run', submission: 'Submission' };

export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The steps of a recording: each sets the text to `base` (a page load) or applies one change. */
export function steps(recording) {
  const out = [];
  for (const segment of recording.segments ?? []) {
    const first = segment.changes?.[0]?.[0];
    if (segment.base !== null && segment.base !== undefined) out.push({ at: first ?? out.at(-1)?.at ?? 0, base: segment.base });
    for (const [at, from, to, insert] of segment.changes ?? []) out.push({ at, from, to, insert });
  }
  return out;
}

/** Applies one step to `text` (null: nothing to start from, or a change that did not fit). */
export function applyStep(text, step) {
  if (step.base !== undefined) return step.base;
  if (text === null || step.from > step.to || step.to > text.length) return null;
  return text.slice(0, step.from) + step.insert + text.slice(step.to);
}

/** The text after the first `count` steps, from the nearest checkpoint. */
function textAt(all, checkpoints, count) {
  const index = Math.floor(count / CHECKPOINT_EVERY);
  let text = checkpoints[index];
  for (let i = index * CHECKPOINT_EVERY; i < count; i++) text = applyStep(text, all[i]);
  return text;
}

/** One problem's player; `marks` are this problem's timeline entries. */
function player(recording, title, marks, index) {
  const all = steps(recording);
  const id = `player-${index}`;
  if (!all.length) {
    return h('p', { class: 'muted', id, 'data-slug': recording.problem, text: `Nothing was typed in ${title}.` });
  }
  const checkpoints = [null];
  let text = null;
  for (let i = 0; i < all.length; i++) {
    text = applyStep(text, all[i]);
    if ((i + 1) % CHECKPOINT_EVERY === 0) checkpoints.push(text);
  }
  const slider = h('input', {
    type: 'range',
    id: `${id}-scrubber`,
    class: 'player-scrubber',
    min: '0',
    max: String(all.length),
    step: '1',
    value: String(all.length),
    'aria-label': `Position in the recording of ${title}`,
  });
  const info = h('output', { class: 'history-info', id: `${id}-info`, for: slider.id });
  const code = h('pre', { class: 'code-block replay-code', id: `${id}-code`, tabindex: '0', 'aria-label': `The code of ${title} at this moment` });
  const play = h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: `${id}-play`, text: 'Play', 'aria-pressed': 'false' });
  const speed = h(
    'select',
    { id: `${id}-speed`, 'aria-label': 'Playback speed' },
    SPEEDS.map((s) => h('option', { value: String(s), text: `${s}×`, selected: s === 5 })),
  );
  const startAt = all[0].at;
  const endAt = all.at(-1).at;
  /** The number of steps done by time `at`. */
  const countAt = (at) => {
    let n = 0;
    while (n < all.length && all[n].at <= at) n++;
    return n;
  };
  const markList = h(
    'ul',
    { class: 'player-marks', 'aria-label': `Events in ${title}` },
    marks.map((mark) =>
      h(
        'li',
        {},
        h('button', {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          'data-kind': mark.kind,
          text: `${KIND_LABEL[mark.kind] ?? mark.kind} · ${clockTime(mark.at_ms)}`,
          title: mark.prompt,
          onClick: () => {
            stop();
            show(countAt(mark.at_ms));
          },
        }),
      ),
    ),
  );
  // Marks on the scrubber's track, placed by time.
  const span = Math.max(1, endAt - startAt);
  const track = h(
    'div',
    { class: 'player-track', 'aria-hidden': 'true' },
    marks
      .filter((m) => m.at_ms >= startAt && m.at_ms <= endAt)
      .map((m) => {
        const mark = h('span', { class: `player-mark mark-${m.kind}` });
        // Through the CSSOM: the page's CSP allows no inline style attributes.
        mark.style.left = `${((m.at_ms - startAt) / span) * 100}%`;
        return mark;
      }),
  );

  function show(count) {
    slider.value = String(count);
    const current = textAt(all, checkpoints, count);
    const when = count > 0 ? clockTime(all[count - 1].at) : 'before the first change';
    const words = `Change ${count} of ${all.length}, ${when}`;
    info.textContent = current === null ? `${words} (this stretch could not be rebuilt)` : words;
    slider.setAttribute('aria-valuetext', words);
    code.dataset.step = String(count);
    replace(code, h('code', { text: current ?? '' }));
  }
  let timer = null;
  function stop() {
    clearTimeout(timer);
    timer = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  }
  function tick() {
    const n = Number(slider.value);
    if (n >= all.length || !slider.isConnected) return stop();
    show(n + 1);
    const gap = n + 1 < all.length ? all[n + 1].at - all[n].at : 0;
    timer = setTimeout(tick, Math.min(Math.max(gap, 0), MAX_GAP_MS) / Number(speed.value));
  }
  play.addEventListener('click', () => {
    if (timer) return stop();
    if (Number(slider.value) >= all.length) show(0);
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    tick();
  });
  slider.addEventListener('input', () => {
    stop();
    show(Number(slider.value));
  });
  show(all.length);
  const notes = [];
  if (recording.cut) notes.push('The recording reached its size cap and stops early; the draft history above goes on.');
  else if (!recording.replays_to_final) notes.push('The replay does not end at the last saved code (a batch may not have reached the server): the draft history above is the record of saved code.');
  return h(
    'div',
    { class: 'player', id, 'data-slug': recording.problem },
    h(
      'div',
      { class: 'player-controls' },
      play,
      h('label', { for: speed.id, class: 'sr-only', text: 'Speed' }),
      speed,
      // The marks sit on a track under the scrubber, as wide as it.
      h('div', { class: 'player-scrub' }, slider, track),
    ),
    info,
    notes.map((text) => h('p', { class: 'muted small', text })),
    code,
    marks.length ? markList : null,
  );
}

/** The timeline and players of a candidate's activity report. */
export function activitySection(activity, titles) {
  const title = (slug) => titles.get(slug) ?? slug;
  const entries = activity.timeline ?? [];
  const list = entries.length
    ? h(
        'ol',
        { class: 'timeline', id: 'timeline' },
        entries.map((e) =>
          h(
            'li',
            { 'data-kind': e.kind, 'data-slug': e.problem },
            h('time', { datetime: e.at, text: clockTime(e.at_ms) }),
            ' — ',
            e.prompt,
          ),
        ),
      )
    : h('p', { class: 'muted', id: 'timeline', text: 'Nothing was recorded.' });
  return [
    h('p', { class: 'muted small', text: activity.note }),
    list,
    activity.timeline_cut ? h('p', { class: 'muted small', text: 'The attempt reached its cap of recorded events: later ones were not kept.' }) : null,
    (activity.recordings ?? []).map((recording, i) =>
      h(
        'div',
        { class: 'player-block' },
        h('h3', { class: 'sub-heading', text: `Playback: ${title(recording.problem)}` }),
        player(recording, title(recording.problem), entries.filter((e) => e.problem === recording.problem), i),
      ),
    ),
  ];
}
