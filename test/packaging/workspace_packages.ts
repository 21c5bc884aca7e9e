/**
 * Finds the packages a user can install: every package.json under packages/ that is not
 * private. New packages are covered as soon as they land, without editing the tests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The repository URL every package.json and README names. */
export const REPOSITORY_URL = 'https://github.com/tensorloom/tensorloom';

/** A package.json as far as these tests read it. */
export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  type?: string;
  homepage?: string;
  keywords?: string[];
  files?: string[];
  repository?: { type?: string; url?: string; directory?: string } | string;
  publishConfig?: { access?: string };
  exports?: Record<string, { types?: string; import?: string; require?: string; default?: string } | string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** One publishable workspace package. */
export interface WorkspacePackage {
  /** e.g. `@tensorloom/core`. */
  name: string;
  version: string;
  /** Path from the repository root, e.g. `packages/core`. */
  directory: string;
  /** Absolute path of the package folder. */
  path: string;
  /** The tarball file name `pnpm pack` writes, e.g. `tensorloom-core-0.1.0.tgz`. */
  tarball: string;
  json: PackageJson;
}

/** Every non-private package under packages/, sorted by name. */
export function publishablePackages(): WorkspacePackage[] {
  const dir = join(REPO_ROOT, 'packages');
  const found: WorkspacePackage[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = join(dir, entry.name, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
    if (json.private) continue;
    const tarball = `${json.name.replace(/^@/, '').replace('/', '-')}-${json.version}.tgz`;
    found.push({ name: json.name, version: json.version, directory: `packages/${entry.name}`, path: join(dir, entry.name), tarball, json });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The import specifiers of a package's `exports` map: `@tensorloom/data`, `@tensorloom/data/node`, … */
export function entryPoints(pkg: { name: string; json: PackageJson }): string[] {
  const keys = Object.keys(pkg.json.exports ?? { '.': '' });
  return keys.filter((k) => !k.includes('*') && k !== './package.json').map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
}
