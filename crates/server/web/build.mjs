// Build the web app into dist/: index.html and, in dist/assets/, every script and stylesheet under
// a content-hashed name (so a browser may keep it forever: a change makes a new name), each beside
// a brotli (.br) and a gzip (.gz) copy made here, once, at the highest levels. The server picks a
// copy by Accept-Encoding and never compresses per request (crates/server/src/web.rs).
//
// The app is split: a first visit to the problem list loads only the shell and the list; the
// problem page (with the editor), the assessment pages and the team's pages each load their own
// code when first visited. The build prints what a first visit transfers, raw, gzip and brotli.
//
// `node build.mjs` builds once (minified); `node build.mjs --watch` rebuilds on change.

import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const assets = join(dist, 'assets');
const watch = process.argv.includes('--watch');
/** The files the server may send compressed (everything it serves). */
const COMPRESSIBLE = /\.(js|css|html)$/;

/** The theme script runs before the first paint, outside the bundle: minified under its own hash. */
async function writeThemeEarly() {
  const source = await readFile(join(root, 'src', 'theme-early.js'), 'utf8');
  const { code } = await esbuild.transform(source, { minify: !watch, legalComments: 'none' });
  const name = `theme-early-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.js`;
  await writeFile(join(assets, name), code);
  return `/assets/${name}`;
}

/** The outputs a file imports statically, transitively (what the browser fetches before it runs). */
function staticClosure(outputs, start) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(start);
  return [...seen];
}

/** `/assets/x.js` for an esbuild output path. */
const urlOf = (path) => `/${relative(dist, join(root, path)).split('\\').join('/')}`;

/** Write index.html pointing at the hashed files, and preload the list's chunks (no waterfall). */
async function writeIndex(metafile) {
  const outputs = metafile.outputs;
  const [entry] = Object.entries(outputs).filter(([, out]) => out.entryPoint === 'src/main.js');
  if (!entry) throw new Error('build.mjs: esbuild wrote no output for src/main.js');
  const [entryPath, entryOut] = entry;
  const chunks = staticClosure(outputs, entryPath).filter((path) => path !== entryPath);
  const themeEarly = await writeThemeEarly();
  const preloads = chunks.map((path) => `<link rel="modulepreload" href="${urlOf(path)}" />`).join('\n    ');
  const html = (await readFile(join(root, 'index.html'), 'utf8'))
    .replace('/assets/theme-early.js"', `${themeEarly}"`)
    .replace('/assets/app.css"', `${urlOf(entryOut.cssBundle)}"`)
    .replace('<script type="module" src="/assets/app.js"></script>', `<script type="module" src="${urlOf(entryPath)}"></script>${preloads ? `\n    ${preloads}` : ''}`);
  for (const placeholder of ['/assets/theme-early.js"', '/assets/app.css"', '/assets/app.js"']) {
    if (html.includes(placeholder)) throw new Error(`build.mjs: index.html still names ${placeholder}`);
  }
  await writeFile(join(dist, 'index.html'), html);
  const firstLoad = ['index.html', themeEarly, urlOf(entryOut.cssBundle), urlOf(entryPath), ...chunks.map(urlOf)];
  const problem = Object.entries(outputs).find(([, out]) => out.entryPoint === 'src/views/problem.js');
  const problemExtra = problem
    ? staticClosure(outputs, problem[0]).map(urlOf).filter((url) => !firstLoad.includes(url))
    : [];
  return { firstLoad, problemExtra };
}

/** Write name.br and name.gz beside every served file; return each file's three sizes. */
async function compressAll() {
  const sizes = new Map();
  const files = [join(dist, 'index.html'), ...(await readdir(assets)).map((name) => join(assets, name))];
  for (const file of files.filter((path) => COMPRESSIBLE.test(path))) {
    const raw = await readFile(file);
    const br = brotliCompressSync(raw, {
      params: {
        // The best once for a build; fast while watching (quality 11 takes seconds a rebuild).
        [constants.BROTLI_PARAM_QUALITY]: watch ? 4 : constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gz = gzipSync(raw, { level: 9 });
    await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
    sizes.set(`/${relative(dist, file).split('\\').join('/')}`, { raw: raw.length, gzip: gz.length, brotli: br.length });
  }
  return sizes;
}

function report(label, urls, sizes) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const url of urls) {
    const size = sizes.get(url.startsWith('/') ? url : `/${url}`);
    if (!size) throw new Error(`build.mjs: no size for ${url}`);
    for (const key of Object.keys(total)) total[key] += size[key];
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `${label}: ${urls.length} files, ${kb(total.raw)} raw, ${kb(total.gzip)} gzip, ${kb(total.brotli)} brotli ` +
      `(${total.raw} / ${total.gzip} / ${total.brotli} bytes, before HTTP headers)`,
  );
}

const options = {
  entryPoints: { app: join(root, 'src', 'main.js') },
  outdir: assets,
  bundle: true,
  splitting: true,
  format: 'esm',
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: watch ? 'info' : 'warning',
  plugins: [
    {
      name: 'index-html-and-compression',
      setup(build) {
        build.onEnd(async (result) => {
          if (result.errors.length > 0) return;
          const { firstLoad, problemExtra } = await writeIndex(result.metafile);
          const sizes = await compressAll();
          report('first load of the problem list', firstLoad, sizes);
          report('then a problem page adds', problemExtra, sizes);
        });
      },
    },
  ],
};

await rm(dist, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('watching src/ for changes…');
} else {
  await esbuild.build(options);
}
