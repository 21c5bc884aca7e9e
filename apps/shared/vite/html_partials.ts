/**
 * HTML partials: a comment `<!-- include: name.html -->` in an app's index.html is replaced by
 * apps/shared/partials/name.html, in the dev server and in a build alike (the pieces of markup
 * every app page has: the head, the train buttons, the charts card, the model buttons). The dev
 * server reloads the page when a partial changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const PARTIALS_DIR = fileURLToPath(new URL('../partials/', import.meta.url));
const INCLUDE = /<!--\s*include:\s*([\w-]+\.html)\s*-->/g;

/**
 * `html` with each include comment replaced by its partial.
 *
 * @example
 * expandPartials('<head><!-- include: head.html --></head>'); // '<head><meta charset="utf-8" />…</head>'
 */
export function expandPartials(html: string): string {
  return html.replace(INCLUDE, (_, name: string) => {
    const file = join(PARTIALS_DIR, name);
    if (!existsSync(file)) throw new Error(`index.html includes ${name}, which is not in ${PARTIALS_DIR}`);
    // A partial's first line is its header comment, for readers of the file, not of the page.
    return readFileSync(file, 'utf8').replace(/^<!--[\s\S]*?-->\n/, '').trim();
  });
}

/**
 * The Vite plugin that expands the partials (before Vite reads the page's scripts and styles).
 *
 * @example
 * export default defineConfig({ plugins: [htmlPartials()] });
 */
export function htmlPartials(): Plugin {
  return {
    name: 'tensorloom-html-partials',
    transformIndexHtml: { order: 'pre', handler: expandPartials },
    configureServer(server) {
      server.watcher.add(PARTIALS_DIR);
      server.watcher.on('change', (file) => { if (file.startsWith(PARTIALS_DIR)) server.ws.send({ type: 'full-reload' }); });
    },
  };
}
