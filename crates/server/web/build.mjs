// Build the web app into dist/: index.html, assets/app.js, assets/app.css, and
// assets/theme-early.js (copied as it is: it runs before the first paint, outside the bundle).
// `node build.mjs` builds once (minified); `node build.mjs --watch` rebuilds on change.

import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');

/** Copy index.html, pointing at the assets with a content hash so browsers never run stale code. */
async function writeIndex() {
  await copyFile(join(root, 'src', 'theme-early.js'), join(dist, 'assets', 'theme-early.js'));
  const [html, js, css, early] = await Promise.all([
    readFile(join(root, 'index.html'), 'utf8'),
    readFile(join(dist, 'assets', 'app.js')),
    readFile(join(dist, 'assets', 'app.css')),
    readFile(join(dist, 'assets', 'theme-early.js')),
  ]);
  const version = createHash('sha256').update(js).update(css).update(early).digest('hex').slice(0, 12);
  const out = html
    .replace('/assets/theme-early.js"', `/assets/theme-early.js?v=${version}"`)
    .replace('/assets/app.css"', `/assets/app.css?v=${version}"`)
    .replace('/assets/app.js"', `/assets/app.js?v=${version}"`);
  await writeFile(join(dist, 'index.html'), out);
}

const options = {
  entryPoints: { app: join(root, 'src', 'main.js') },
  outdir: join(dist, 'assets'),
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  legalComments: 'none',
  logLevel: 'info',
  plugins: [
    {
      name: 'index-html',
      setup(build) {
        build.onEnd(async (result) => {
          if (result.errors.length === 0) await writeIndex();
        });
      },
    },
  ],
};

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'assets'), { recursive: true });

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('watching src/ for changes…');
} else {
  await esbuild.build(options);
}
