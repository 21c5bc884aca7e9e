/**
 * The published types compile in a consumer's strict program with `skipLibCheck: false`:
 * without `@types/node` and without the DOM lib (`"types": []`, `"lib": ["es2022"]`) for
 * every entry point, except the few listed in NEEDS_MORE with the reason; and beside lib
 * esnext and @types/node without clashing declarations.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Installation } from './pack_install.js';
import { REPO_ROOT, entryPoints, publishablePackages } from './workspace_packages.js';

/** Packages whose types need more than ES2022, and why (their READMEs say so too). */
export const NEEDS_MORE: Record<string, { lib: string[]; why: string }> = {
  '@tensorloom/backend-webgl': {
    lib: ['es2022', 'dom'],
    why: "@tensorflow/tfjs-core's declarations use DOM types (WebGLTexture, HTMLImageElement, Response, …) and the global `Long` of @types/long",
  },
};

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The published-types tests. */
export function describePublishedTypes(installation: () => Installation): void {
  const entries = publishablePackages().flatMap((p) => entryPoints(p).map((spec) => ({ spec, pkg: p.name })));
  const plain = entries.filter((e) => !NEEDS_MORE[e.pkg]);
  const special = entries.filter((e) => NEEDS_MORE[e.pkg]);

  /** Compiles one consumer file importing `specs` in the npm project; resolves to tsc's messages ('' when clean). */
  function compileConsumer(name: string, specs: string[], options: Record<string, unknown>): Promise<string> {
    const dir = join(installation().app, 'types_check');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, `${specs.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}\nexport { ${specs.map((_, i) => `m${i}`).join(', ')} };\n`);
    const config = join(dir, `tsconfig.${name}.json`);
    writeFileSync(config, JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, ...options },
      files: [file],
    }, null, 2));
    return new Promise((resolve) => {
      execFile(process.execPath, [TSC, '-p', config], { cwd: dir, encoding: 'utf8', timeout: 180_000 }, (err, stdout, stderr) =>
        resolve(err ? `${stdout}${stderr}` || String(err) : ''));
    });
  }

  describe('published types', () => {
    it(`compile with "types": [] and "lib": ["es2022"]: ${plain.map((e) => e.spec).join(', ')}`, async () => {
      expect(plain.length).toBeGreaterThan(0);
      expect(await compileConsumer('plain', plain.map((e) => e.spec), { lib: ['es2022'], types: [] })).toBe('');
    }, 240_000);

    it.each(special.map((e) => [e.spec, e.pkg] as const))('%s compiles with the lib it needs', async (spec, pkg) => {
      expect(await compileConsumer(`needs_${spec.replace(/\W+/g, '_')}`, [spec], { lib: NEEDS_MORE[pkg].lib })).toBe('');
    }, 240_000);

    it.each(special.map((e) => [e.spec, e.pkg] as const))('%s really needs more than ES2022 (else drop it from NEEDS_MORE)', async (spec) => {
      expect(await compileConsumer(`strict_${spec.replace(/\W+/g, '_')}`, [spec], { lib: ['es2022'], types: [] })).toMatch(/error TS/);
    }, 240_000);

    // Core declares `SymbolConstructor.dispose` for ES2022 programs; lib esnext and @types/node declare it too.
    it('compile beside lib esnext and @types/node (declarations merge, no clash)', async () => {
      const out = await compileConsumer('everything', plain.map((e) => e.spec), {
        lib: ['esnext'], types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
      });
      expect(out).toBe('');
    }, 240_000);
  });
}
