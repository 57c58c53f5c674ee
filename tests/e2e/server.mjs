// `verdict serve` for the browser tests: started on a free port with its own data directory,
// its output kept for a failure report, stopped with SIGTERM (SIGKILL if it hangs).

import { spawn } from 'node:child_process';

const STARTUP_MS = 60_000;

/**
 * Start `bin serve` on `addr` (a free port by default; a fixed one when a public URL must name
 * it), with `serveArgs` after the usual ones, and resolve, once it prints its URL, with
 * `{ url, log(), stop() }`: `log()` is its recent output, `stop()` ends it.
 */
export function startServer({ bin, problems, data, web, serveArgs = [], addr = '127.0.0.1:0' }) {
  let log = '';
  const args = ['serve', '--addr', addr, '--problems', problems, '--data', data, '--web', web, ...serveArgs];
  const server = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    log += chunk;
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  async function stop() {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), 10_000));
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      server.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
  }
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server printed no URL within ${STARTUP_MS} ms`)), STARTUP_MS);
    let stdout = '';
    server.stdout.on('data', (chunk) => {
      stdout += chunk;
      keep(chunk);
      const match = stdout.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ url: match[0], log: () => log, stop });
      }
    });
    server.stderr.on('data', keep);
    server.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before printing its URL`));
    });
  });
}
