// The theme before the first paint (theme.js takes over once the app has loaded): the stored
// choice, else the system's preference. A file of its own rather than inline in index.html, so
// the Content-Security-Policy can allow scripts from this site only (script-src 'self').
// Loaded as a classic blocking script in <head>: it must run before the body is drawn.
(function () {
  var stored = null;
  try {
    stored = localStorage.getItem('verdict-theme');
  } catch (e) {
    // storage disabled
  }
  document.documentElement.dataset.theme =
    stored === 'light' || stored === 'dark'
      ? stored
      : matchMedia('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
})();
