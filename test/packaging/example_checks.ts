/**
 * Every README's examples, run as written from the npm-installed tarballs: the root README
 * and each package's README (the one its tarball ships). JavaScript runs with plain `node`
 * as ESM; TypeScript is type-checked with tsc (strict, against the installed packages'
 * .d.ts) and its output run with `node`. `<!-- example: browser -->` examples run in
 * headless Chromium. See readme_examples.ts for how blocks are marked.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from './pack_install.js';
import { examples, missingOutput, type Example } from './readme_examples.js';
import { runInBrowser } from './run_in_browser.js';
import { REPO_ROOT, publishablePackages } from './workspace_packages.js';

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const RUN_TIMEOUT_MS = 120_000;

interface Planned extends Example { id: string }

function exec(file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: RUN_TIMEOUT_MS, env, maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` }));
  });
}

/** The README example tests (one test per example). */
export function describeReadmeExamples(installation: () => Installation): void {
  const readmes = ['README.md', ...publishablePackages().map((p) => `${p.directory}/README.md`)];
  const planned: Planned[] = readmes.flatMap((file) => examples(readFileSync(join(REPO_ROOT, file), 'utf8'), file)
    .map((e, k) => ({ ...e, id: `${file.replace(/\/?README\.md$/, '').replace(/\W+/g, '_') || 'root'}_${k + 1}` })));
  const dirOf = (e: Planned): string => join(installation().app, 'examples', e.id);
  const sourceOf = (e: Planned): string => join(dirOf(e), e.lang === 'ts' ? 'example.ts' : 'example.mjs');
  const jsOf = (e: Planned): string => join(dirOf(e), e.lang === 'ts' ? 'example.js' : 'example.mjs');
  /** tsc's messages per TypeScript example ('' when it compiled). */
  const diagnostics = new Map<string, string>();

  /** One tsc run over a group: Node examples get ES2022 + @types/node (a Node user's setup), browser ones ES2022 + DOM. */
  async function compile(group: Planned[], browser: boolean): Promise<void> {
    if (group.length === 0) return;
    const dir = join(installation().app, 'examples');
    const config = join(dir, browser ? 'tsconfig.browser.json' : 'tsconfig.node.json');
    writeFileSync(config, JSON.stringify({
      compilerOptions: {
        target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: true,
        lib: browser ? ['es2022', 'dom'] : ['es2022'],
        ...(browser ? {} : { types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')] }),
      },
      files: group.map(sourceOf),
    }, null, 2));
    const { output } = await exec(process.execPath, [TSC, '-p', config], dir);
    const lines = output.split('\n').filter((l) => l.trim() !== '');
    for (const e of group) {
      const mine = lines.filter((l) => l.includes(`${e.id}/example.ts(`));
      const global = lines.filter((l) => /error TS/.test(l) && !/example\.ts\(/.test(l)); // config errors, errors in no example
      diagnostics.set(e.id, [...mine, ...global].join('\n'));
    }
  }

  describe('README examples run from the npm-installed tarballs', () => {
    beforeAll(async () => {
      for (const e of planned) {
        mkdirSync(dirOf(e), { recursive: true });
        writeFileSync(sourceOf(e), `${e.code}\n`);
        for (const f of e.files) copyFileSync(join(REPO_ROOT, f), join(dirOf(e), basename(f)));
      }
      await compile(planned.filter((e) => e.lang === 'ts' && !e.browser), false);
      await compile(planned.filter((e) => e.lang === 'ts' && e.browser), true);
    }, 300_000);

    it('every package README has a runnable example, and so does the root README', () => {
      for (const file of readmes) expect(planned.some((e) => e.where.startsWith(`${file}:`)), `${file} has no runnable example`).toBe(true);
    });

    it.each(planned.map((e) => [e.where, e] as const))('%s', async (_where, e) => {
      if (e.lang === 'ts') expect(diagnostics.get(e.id), `tsc on ${e.where}`).toBe('');
      const { ok, output } = e.browser
        ? await runInBrowser(jsOf(e), installation().app, RUN_TIMEOUT_MS)
        : await exec(process.execPath, [jsOf(e)], dirOf(e), { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' })
          .then((r) => ({ ok: r.code === 0, output: r.output }));
      expect(ok, `${e.where} failed:\n${output}`).toBe(true);
      expect(missingOutput(e.expected, output), `${e.where} printed:\n${output}`).toEqual([]);
    }, RUN_TIMEOUT_MS + 60_000);
  });
}
