/**
 * `pnpm dev` at the root: starts every app's dev server (turbo run dev) and a start page
 * on http://localhost:5170 that links to each app, and prints where each one is. The apps
 * and their ports come from apps/<name>/package.json (`"dev": "… --port N"`); an app with no
 * dev script (the terminal quickstart) is listed with its command; a folder with none of dev,
 * start or train (apps/shared, code the apps import) is not an app. Ctrl-C stops them all.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const START_PORT = Number(process.env.TENSORLOOM_START_PORT ?? 5170);

const apps = readdirSync(join(root, 'apps'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'apps', d.name, 'package.json')))
  .map((d) => JSON.parse(readFileSync(join(root, 'apps', d.name, 'package.json'), 'utf8')))
  .filter((pkg) => pkg.scripts?.dev || pkg.scripts?.start || pkg.scripts?.train)
  .map((pkg) => {
    const port = /--port (\d+)/.exec(pkg.scripts?.dev ?? '')?.[1];
    const run = pkg.scripts?.start ? `pnpm --filter ${pkg.name} start` : pkg.scripts?.train ? `pnpm --filter ${pkg.name} train` : '';
    return { name: pkg.name, description: pkg.description ?? '', url: port ? `http://localhost:${port}/` : null, run };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tensorloom apps</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:40px auto;color:#1f2937}li{margin:14px 0}a{color:#4f6bed;font-weight:600}code{background:#f3f4f8;padding:2px 5px;border-radius:4px}p{color:#4b5563;margin:4px 0}</style></head>
<body><h1>Tensorloom · example apps</h1><ul>${apps.map((a) => `<li>${a.url ? `<a href="${a.url}">${esc(a.name)}</a> · ${esc(a.url)}` : `<b>${esc(a.name)}</b> · terminal: <code>${esc(a.run)}</code>`}<p>${esc(a.description)}</p></li>`).join('')}</ul>
<p>Each web app also has a terminal CLI (see its README).</p></body></html>`;

const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page);
});
server.on('error', (e) => console.error(`start page: ${e.message} (set TENSORLOOM_START_PORT to use another port)`));
server.listen(START_PORT, () => {
  console.log(`\nTensorloom apps (start page: http://localhost:${START_PORT}/):`);
  for (const a of apps) console.log(`  ${a.name.padEnd(18)} ${a.url ?? `terminal: ${a.run}`}`);
  console.log('');
});

const turbo = spawn(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'dev'], { cwd: root, stdio: 'inherit' });
// Say again where each app is once its server answers (turbo's build output scrolls the list away).
const waiting = new Set(apps.filter((a) => a.url));
const poll = setInterval(() => {
  for (const a of waiting) {
    fetch(a.url).then((r) => {
      if (!waiting.has(a) || !r.ok) return;
      waiting.delete(a);
      console.log(`\n  ✓ ${a.name} is up: ${a.url}   (all apps: http://localhost:${START_PORT}/)\n`);
      if (waiting.size === 0) clearInterval(poll);
    }).catch(() => undefined);
  }
}, 2000);
const stop = () => { clearInterval(poll); turbo.kill('SIGINT'); server.close(); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
turbo.on('exit', (code) => { clearInterval(poll); server.close(); process.exit(code ?? 0); });
