#!/usr/bin/env node
/**
 * API reports (@microsoft/api-extractor) for every published package, one per entry point of
 * its `exports` map: `packages/<dir>/api/<dir>.api.md` for ".", `<dir>-<subpath>.api.md` for
 * the others (core-testing, data-node…). A new package under packages/ is picked up by itself.
 *
 *   node scripts/api_reports.mjs --update   (pnpm api:update) rewrites the committed reports
 *   node scripts/api_reports.mjs --check    (pnpm api:check, part of pnpm test) fails when a
 *                                            public API differs from its committed report
 *
 * Both need the packages built (`pnpm build`): the reports are made from dist/*.d.ts, exactly
 * what users get. The check also fails when any published .d.ts holds an internal name of
 * core (a `compose*` composition, a `*Vjp` rule other than the public customVjp, `pairOf`), and
 * on any api-extractor warning. (A type that the API uses but its entry does not export is
 * noted inside the report, "ae-forgotten-export", so a change to it still shows in the diff.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const mode = process.argv.includes('--update') ? 'update' : process.argv.includes('--check') ? 'check' : null;
if (!mode) {
  console.error('usage: node scripts/api_reports.mjs --update | --check');
  process.exit(2);
}

/** Names that must never reach a published .d.ts (core's internals). */
const INTERNAL_NAMES = /\b(compose[A-Z]\w*|(?!customVjp\b)\w+Vjp|pairOf)\b/g;

/** Every (package, entry) pair: the d.ts it publishes and the report it is checked against. */
function entries() {
  const out = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const pkgDir = join(root, 'packages', dir);
    const pkgFile = join(pkgDir, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (pkg.private) continue;
    const exportsMap = typeof pkg.exports === 'object' && pkg.exports !== null ? pkg.exports : { '.': { types: pkg.types } };
    for (const [subpath, target] of Object.entries(exportsMap)) {
      const types = typeof target === 'object' && target !== null ? target.types : undefined;
      if (!types) continue;
      const suffix = subpath === '.' ? '' : `-${subpath.replace(/^\.\//, '').replace(/[^A-Za-z0-9]+/g, '-')}`;
      out.push({ pkg, pkgDir, pkgFile, dts: join(pkgDir, types), report: `${dir}${suffix}.api.md` });
    }
  }
  return out;
}

/** Every .d.ts under a package's dist/. */
function declarationFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

const temp = mkdtempSync(join(tmpdir(), 'tensorloom-api-'));
const problems = [];
let changed = 0;
try {
  for (const e of entries()) {
    const label = `${e.pkg.name}${e.report.includes('-') && e.report !== `${e.pkg.name}.api.md` ? ` (${e.report})` : ''}`;
    if (!existsSync(e.dts)) {
      problems.push(`${relative(root, e.dts)} is missing: run pnpm build first`);
      continue;
    }
    const reportFolder = join(e.pkgDir, 'api');
    mkdirSync(reportFolder, { recursive: true });
    const config = ExtractorConfig.prepare({
      configObjectFullPath: join(e.pkgDir, 'api-extractor.json'), // virtual: the config is this object
      packageJsonFullPath: e.pkgFile,
      configObject: {
        projectFolder: e.pkgDir,
        mainEntryPointFilePath: e.dts,
        bundledPackages: [],
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, skipLibCheck: true,
              lib: ['ES2022', 'ESNext.Disposable', 'DOM'], types: [],
            },
            files: [e.dts],
          },
        },
        apiReport: { enabled: true, reportFolder, reportTempFolder: temp, reportFileName: e.report },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: 'warning' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning' },
            // Release tags (@public/@beta) are not used: everything exported is public.
            'ae-missing-release-tag': { logLevel: 'none' },
            // `@internal` members (Tensor's handle, node…) are not prefixed with an underscore.
            'ae-internal-missing-underscore': { logLevel: 'none' },
            // Documentation coverage is TypeDoc's concern (`pnpm docs`), not the report's.
            'ae-undocumented': { logLevel: 'none' },
            // A type the API uses but the entry does not export is written into the report (so a
            // change to it shows in the diff) rather than failing the run.
            'ae-forgotten-export': { logLevel: 'warning', addToApiReportFile: true },
          },
          // The JSDoc is TypeDoc's, not strict TSDoc: its syntax is checked by `pnpm docs`.
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
    });
    const messages = [];
    const result = Extractor.invoke(config, {
      localBuild: mode === 'update',
      showVerboseMessages: false,
      messageCallback: (m) => {
        if (m.logLevel === 'warning' || m.logLevel === 'error') {
          const where = m.sourceFilePath ? ` (${relative(root, m.sourceFilePath)}:${m.sourceFileLine})` : '';
          messages.push(`${m.messageId}: ${m.text}${where}`);
        }
        m.handled = true;
      },
    });
    for (const m of messages.filter((t) => !t.startsWith('console-api-report'))) problems.push(`${label}: ${m}`);
    if (result.apiReportChanged) {
      changed++;
      if (mode === 'check') {
        problems.push(`${label}: the public API differs from packages/${relative(join(root, 'packages'), join(reportFolder, e.report))}; ` +
          'if the change is intended, run `pnpm build && pnpm api:update` and commit the report');
      } else console.log(`updated ${relative(root, join(reportFolder, e.report))}`);
    }
    console.log(`${mode === 'check' ? 'checked' : 'made'} ${relative(root, join(reportFolder, e.report))}`);
  }
  // No internal name of core in any published declaration file.
  for (const dir of readdirSync(join(root, 'packages'))) {
    for (const file of declarationFiles(join(root, 'packages', dir, 'dist'))) {
      const found = new Set(readFileSync(file, 'utf8').match(INTERNAL_NAMES) ?? []);
      if (found.size > 0) problems.push(`${relative(root, file)} publishes internal names: ${[...found].join(', ')}`);
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`\nAPI ${mode}: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`API ${mode}: ${mode === 'update' ? `${changed} report(s) rewritten` : 'every public API matches its report'}; no internal names in any published .d.ts`);
