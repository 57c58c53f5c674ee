// The code editor: CodeMirror 6 with Python or SQL, themed from the page's CSS variables.

import { EditorState, Compartment, Prec } from '@codemirror/state';
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  dropCursor,
  rectangularSelection,
  crosshairCursor,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
  HighlightStyle,
} from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { python } from '@codemirror/lang-python';
import { sql, SQLite } from '@codemirror/lang-sql';
import { tags as t } from '@lezer/highlight';
import { currentTheme, onThemeChange } from './theme.js';

// Colours come from CSS variables (see styles.css), so one style serves both themes.
const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: 'var(--hl-keyword)' },
  { tag: [t.definitionKeyword, t.modifier], color: 'var(--hl-keyword)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--hl-string)' },
  { tag: [t.escape, t.character], color: 'var(--hl-escape)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--hl-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--hl-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName))], color: 'var(--hl-function)' },
  { tag: [t.definition(t.variableName)], color: 'var(--hl-definition)' },
  { tag: [t.className, t.definition(t.className), t.typeName], color: 'var(--hl-class)' },
  { tag: [t.self, t.special(t.variableName)], color: 'var(--hl-self)', fontStyle: 'italic' },
  { tag: [t.propertyName, t.function(t.propertyName)], color: 'var(--hl-property)' },
  { tag: [t.operator, t.derefOperator], color: 'var(--hl-operator)' },
  { tag: [t.meta, t.annotation], color: 'var(--hl-meta)' },
  { tag: t.invalid, color: 'var(--danger)' },
]);

function chrome(dark) {
  return EditorView.theme(
    {
      '&': {
        color: 'var(--editor-fg)',
        backgroundColor: 'var(--editor-bg)',
        fontSize: '14px',
        height: '100%',
      },
      '.cm-scroller': {
        fontFamily: 'var(--font-mono)',
        lineHeight: '1.55',
      },
      '.cm-content': { caretColor: 'var(--editor-caret)', padding: '8px 0' },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--editor-caret)', borderLeftWidth: '2px' },
      '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
        { backgroundColor: 'var(--editor-selection)' },
      '.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
      '.cm-gutters': {
        backgroundColor: 'var(--editor-gutter-bg)',
        color: 'var(--editor-gutter-fg)',
        borderRight: '1px solid var(--border)',
      },
      '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-line)', color: 'var(--editor-fg)' },
      '&.cm-focused .cm-matchingBracket': {
        backgroundColor: 'var(--editor-bracket)',
        outline: '1px solid var(--editor-bracket-border)',
      },
      '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--danger-soft)' },
      '.cm-selectionMatch': { backgroundColor: 'var(--editor-match)' },
      '.cm-foldPlaceholder': {
        backgroundColor: 'var(--surface-2)',
        border: '1px solid var(--border)',
        color: 'var(--muted)',
      },
      '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' },
      '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
      '.cm-searchMatch': { backgroundColor: 'var(--editor-match)', outline: '1px solid var(--editor-bracket-border)' },
      '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--editor-bracket)' },
      '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
    },
    { dark },
  );
}

function languageSupport(language) {
  return language === 'sql' ? sql({ dialect: SQLite, upperCaseKeywords: true }) : python();
}

/** The key that switches Tab between moving focus and indenting, as CodeMirror and VS Code bind it. */
export const TAB_MODE_KEY = { key: 'Ctrl-m', mac: 'Shift-Alt-m' };

/**
 * Mount an editor in `parent`.
 * Options: doc, language ("python" | "sql"), label (accessible name), describedBy (element id),
 * onChange(code), onRun(), onSubmit(), onUpdate(viewUpdate) (every update, for a recorder),
 * onTabModeChange(indents) (whenever Tab starts or stops indenting).
 *
 * Tab moves focus past the editor (a keyboard user can walk the page without being caught) until
 * the person asks for Tab to indent (TAB_MODE_KEY, or the page's toggle calling setTabIndents);
 * then Escape followed by Tab still leaves (CodeMirror's tab focus escape). Enter keeps Python's
 * indentation either way, and Tab, when it indents, inserts spaces: no tab character is typed.
 */
export function createEditor({ parent, doc, language, label, describedBy, onChange, onRun, onSubmit, onUpdate, onTabModeChange }) {
  const themeCompartment = new Compartment();
  const tabCompartment = new Compartment();
  let tabIndents = false;
  let view = null;
  const setTabIndents = (on) => {
    tabIndents = Boolean(on);
    view?.dispatch({ effects: tabCompartment.reconfigure(tabIndents ? keymap.of([indentWithTab]) : []) });
    onTabModeChange?.(tabIndents);
  };
  const run = () => {
    onRun?.();
    return true;
  };
  const submit = () => {
    onSubmit?.();
    return true;
  };

  // tabindex: the content is reachable by Tab already (contenteditable); saying so lets checkers
  // (axe-core's scrollable-region-focusable) see that the scrolled box can be used by keyboard.
  const contentAttributes = { 'aria-label': label, tabindex: '0' };
  if (describedBy) contentAttributes['aria-describedby'] = describedBy;

  const state = EditorState.create({
    doc,
    extensions: [
      // Our shortcuts come first so Mod-Enter runs instead of inserting a blank line.
      Prec.highest(
        keymap.of([
          { key: 'Mod-Enter', run, preventDefault: true },
          { key: 'Ctrl-Enter', run, preventDefault: true },
          { key: 'Mod-Shift-Enter', run: submit, preventDefault: true },
          { key: 'Ctrl-Shift-Enter', run: submit, preventDefault: true },
          // Ours rather than defaultKeymap's toggleTabFocusMode, so the page can show the mode.
          { ...TAB_MODE_KEY, run: () => (setTabIndents(!tabIndents), true), preventDefault: true },
        ]),
      ),
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      foldGutter(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      indentUnit.of('    '),
      EditorState.tabSize.of(4),
      bracketMatching(),
      closeBrackets(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      syntaxHighlighting(highlightStyle),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap]),
      // Tab indents only when asked for (setTabIndents): off, no key binding takes Tab.
      tabCompartment.of([]),
      languageSupport(language),
      themeCompartment.of(chrome(currentTheme() === 'dark')),
      EditorView.contentAttributes.of(contentAttributes),
      EditorView.updateListener.of((update) => {
        onUpdate?.(update);
        if (update.docChanged) onChange?.(update.state.doc.toString());
      }),
    ],
  });

  view = new EditorView({ state, parent });
  const unsubscribe = onThemeChange((theme) => {
    view.dispatch({ effects: themeCompartment.reconfigure(chrome(theme === 'dark')) });
  });

  return {
    view,
    getCode: () => view.state.doc.toString(),
    /** Replace the whole document (one undoable step). */
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    focus: () => view.focus(),
    /** Whether Tab indents (else it moves focus). */
    tabIndents: () => tabIndents,
    setTabIndents,
    /** Put the cursor at 1-based line and column and focus the editor. */
    goTo(line, column = 1) {
      const doc = view.state.doc;
      const lineInfo = doc.line(Math.min(Math.max(1, line), doc.lines));
      const pos = Math.min(lineInfo.from + Math.max(0, column - 1), lineInfo.to);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
    destroy() {
      unsubscribe();
      view.destroy();
    },
  };
}
