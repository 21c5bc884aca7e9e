/**
 * Packs every publishable package with `pnpm pack` (which rewrites `workspace:*` to the
 * version, as `pnpm publish` does) and installs the tarballs with npm into a fresh folder
 * outside the workspace, the way a user installs them from the registry.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { REPO_ROOT, publishablePackages } from './workspace_packages.js';

/** What the tests read about one packed package. */
export interface PackedPackage {
  name: string;
  /** Path from the repository root, e.g. `packages/core`. */
  directory: string;
  /** Absolute path of the tarball. */
  tarball: string;
  /** The files in the tarball, relative to the package root (`dist/index.js`, `README.md`, …). */
  files: string[];
}

/** The result of `packAndInstall`. */
export interface Installation {
  /** The temporary folder holding everything (the test removes it at the end). */
  root: string;
  /** The npm project the tarballs are installed in (`<root>/app`, with `node_modules/`). */
  app: string;
  packages: PackedPackage[];
}

/**
 * Optional peer dependencies a user installs beside our packages to run their README examples
 * in Node (backend-onnx's runs on onnxruntime-node). Installed at the version the package asks
 * for; the Debian machines need no CUDA, so its download step is skipped as in the repo's .npmrc.
 */
const EXAMPLE_PEERS = ['onnxruntime-node'];

/** `name@range` for each EXAMPLE_PEERS entry that a packed package declares as a peer. */
function examplePeers(pkgs: { path: string }[]): string[] {
  const wanted = new Map<string, string>();
  for (const p of pkgs) {
    const peers = (JSON.parse(readFileSync(join(p.path, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> }).peerDependencies ?? {};
    for (const name of EXAMPLE_PEERS) if (peers[name]) wanted.set(name, peers[name]);
  }
  return [...wanted].map(([name, range]) => `${name}@${range}`);
}

/** pnpm as the test was started (`pnpm test` sets npm_execpath), else `npx -y pnpm@10`. */
function pnpmCommand(): [string, string[]] {
  const exec = process.env.npm_execpath;
  if (exec && /pnpm/.test(basename(exec))) return exec.endsWith('.js') || exec.endsWith('.cjs') ? [process.execPath, [exec]] : [exec, []];
  return ['npx', ['-y', 'pnpm@10']];
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
  });
}

/** Packs every publishable package and installs all tarballs with npm into a new temporary folder. */
export async function packAndInstall(): Promise<Installation> {
  const pkgs = publishablePackages();
  const missing = pkgs.filter((p) => !existsSync(join(p.path, 'dist')));
  if (missing.length > 0) {
    throw new Error(`no dist/ in ${missing.map((p) => p.directory).join(', ')}: build first (\`pnpm build\`; \`pnpm test\` builds before testing)`);
  }
  const root = mkdtempSync(join(tmpdir(), 'tensorloom-pack-'));
  const tarballs = join(root, 'tarballs');
  const app = join(root, 'app');
  mkdirSync(tarballs);
  mkdirSync(app);

  const [pnpm, pre] = pnpmCommand();
  const filters = pkgs.flatMap((p) => ['--filter', `./${p.directory}`]);
  await run(pnpm, [...pre, '-r', ...filters, 'pack', '--pack-destination', tarballs], REPO_ROOT, 180_000);

  const packed: PackedPackage[] = await Promise.all(pkgs.map(async (p) => {
    const tarball = join(tarballs, p.tarball);
    if (!existsSync(tarball)) throw new Error(`pnpm pack wrote no ${p.tarball} for ${p.name}`);
    const files = (await run('tar', ['-tzf', tarball], root, 60_000)).split('\n').filter((l) => l && !l.endsWith('/'))
      .map((l) => l.replace(/^package\//, ''));
    return { name: p.name, directory: p.directory, tarball, files };
  }));

  // A user's project: ESM, nothing else. npm (not pnpm) installs the tarballs; their own
  // dependencies (tfjs-core, …) come from the registry.
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'tensorloom-user', version: '1.0.0', private: true, type: 'module' }, null, 2));
  writeFileSync(join(app, '.npmrc'), 'audit=false\nfund=false\nupdate-notifier=false\nonnxruntime-node-install=skip\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packed.map((p) => p.tarball), ...examplePeers(pkgs)], app, 600_000);
  return { root, app, packages: packed };
}
