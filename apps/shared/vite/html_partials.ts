/**
 * HTML partials: a comment `<!-- include: name.html -->` in an app's index.html is replaced by
 * apps/shared/partials/name.html, in the dev server and in a build alike (the pieces of markup
 * every app page has: the head, the end of the training card and the charts, the fine-tuning
 * controls, the test and model cards). Values written in the comment, `key="…"`, fill the
 * partial's `{{key}}` places. The dev server reloads the page when a partial changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const PARTIALS_DIR = fileURLToPath(new URL('../partials/', import.meta.url));
const INCLUDE = /<!--\s*include:\s*([\w-]+\.html)((?:\s+\w+="[^"]*")*)\s*-->/g;
const VALUE = /(\w+)="([^"]*)"/g;
const PLACE = /\{\{(\w+)\}\}/g;

/**
 * `html` with each include comment replaced by its partial, its `{{key}}` places filled.
 *
 * @example
 * expandPartials('<head><!-- include: head.html --></head>'); // '<head><meta charset="utf-8" />…</head>'
 * expandPartials('<!-- include: model_card.html about="Weights as a file." -->'); // '<section …>…Weights as a file.…</section>'
 */
export function expandPartials(html: string): string {
  return html.replace(INCLUDE, (_, name: string, written: string) => {
    const file = join(PARTIALS_DIR, name);
    if (!existsSync(file)) throw new Error(`index.html includes ${name}, which is not in ${PARTIALS_DIR}`);
    const values = new Map([...written.matchAll(VALUE)].map((m) => [m[1], m[2]]));
    // A partial's first line is its header comment, for readers of the file, not of the page.
    const partial = readFileSync(file, 'utf8').replace(/^<!--[\s\S]*?-->\n/, '').trim();
    return partial.replace(PLACE, (place, key: string) => {
      const value = values.get(key);
      if (value === undefined) throw new Error(`${name} needs ${key}="…" in its include comment`);
      return value;
    });
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
