// Light and dark themes: follow the system until the person picks one, then remember it.

const STORAGE_KEY = 'verdict-theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set();

function stored() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage disabled
  }
}

export function currentTheme() {
  return stored() ?? (media.matches ? 'dark' : 'light');
}

function apply() {
  const theme = currentTheme();
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  for (const listener of listeners) listener(theme);
}

export function initTheme() {
  apply();
  media.addEventListener('change', () => {
    if (!stored()) apply();
  });
  // Another tab changed the preference.
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) apply();
  });
}

export function setTheme(theme) {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Still switch for this page.
  }
  apply();
}

export function toggleTheme() {
  setTheme(currentTheme() === 'dark' ? 'light' : 'dark');
}

/** Call `listener(theme)` on every change; returns an unsubscribe function. */
export function onThemeChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
