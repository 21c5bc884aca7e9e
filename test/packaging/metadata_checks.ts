/**
 * What each packed tarball tells npm and a user: the metadata fields, the MIT LICENSE,
 * ESM-only stated, no `workspace:` ranges left, every `exports` target shipped, and README
 * links that resolve to a file inside the tarball (or are absolute URLs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAbsoluteUrl, linkTargets, relativePath, repositoryPathMentions } from './markdown_links.js';
import type { Installation, PackedPackage } from './pack_install.js';
import { REPOSITORY_URL, REPO_ROOT, publishablePackages, type PackageJson } from './workspace_packages.js';

/** A file of the tarball, read straight from it. */
function fromTarball(tarball: string, file: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Every path the exports map (and main/types) points at. */
function exportTargets(json: PackageJson): string[] {
  const out: string[] = [];
  for (const v of Object.values(json.exports ?? {})) {
    if (typeof v === 'string') out.push(v);
    else for (const t of Object.values(v)) if (typeof t === 'string') out.push(t);
  }
  for (const f of [(json as { main?: string }).main, (json as { types?: string }).types]) if (f) out.push(f);
  return out.map((f) => posix.normalize(f));
}

/** The metadata tests of every packed package and of the root README. */
export function describeTarballMetadata(installation: () => Installation): void {
  describe.each(publishablePackages().map((p) => [p.name] as const))('%s tarball', (name) => {
    const packed = (): PackedPackage => {
      const p = installation().packages.find((q) => q.name === name);
      if (!p) throw new Error(`${name} was not packed`);
      return p;
    };
    const json = (): PackageJson => JSON.parse(fromTarball(packed().tarball, 'package.json')) as PackageJson;
    const readme = (): string => fromTarball(packed().tarball, 'README.md');

    it('has the metadata npm shows: description, MIT license, repository with directory, homepage, keywords', () => {
      const j = json();
      expect(j.description?.length ?? 0).toBeGreaterThan(20);
      expect(j.license).toBe('MIT');
      expect(j.repository).toEqual({ type: 'git', url: `git+${REPOSITORY_URL}.git`, directory: packed().directory });
      expect(j.homepage).toBe(`${REPOSITORY_URL}/tree/main/${packed().directory}#readme`);
      expect(Array.isArray(j.keywords) && j.keywords.includes('tensorloom')).toBe(true);
      expect(j.publishConfig?.access).toBe('public'); // a scoped package is private on npm otherwise
    });

    it('ships LICENSE (the root MIT license) and README.md', () => {
      const rootLicense = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
      expect(rootLicense).toMatch(/^MIT License/);
      expect(packed().files).toContain('README.md');
      expect(packed().files, `add ${packed().directory}/LICENSE (a copy of the root LICENSE)`).toContain('LICENSE');
      expect(fromTarball(packed().tarball, 'LICENSE')).toBe(rootLicense);
      // pnpm would copy the root LICENSE into a tarball that lacks one; the package folder has its own too.
      const own = join(REPO_ROOT, packed().directory, 'LICENSE');
      expect(existsSync(own) && readFileSync(own, 'utf8'), `add ${packed().directory}/LICENSE (a copy of the root LICENSE)`).toBe(rootLicense);
    });

    it('is ESM-only, and its README says so', () => {
      const j = json();
      expect(j.type).toBe('module');
      for (const v of Object.values(j.exports ?? {})) {
        if (typeof v !== 'string') expect(Object.keys(v).sort()).toEqual(['import', 'types']);
      }
      expect(readme()).toMatch(/ESM-only/);
    });

    it('has no workspace: ranges left (pnpm pack rewrote them to versions)', () => {
      const j = json() as PackageJson & { devDependencies?: Record<string, string> };
      const all = { ...j.dependencies, ...j.peerDependencies, ...j.optionalDependencies, ...j.devDependencies };
      expect(Object.keys(all).length).toBeGreaterThan(0);
      expect(Object.entries(all).filter(([, v]) => v.startsWith('workspace:'))).toEqual([]);
    });

    it('ships every file its exports map points at', () => {
      const targets = exportTargets(json());
      expect(targets.length).toBeGreaterThan(0);
      expect(targets.filter((t) => !packed().files.includes(t))).toEqual([]);
    });

    it('README links resolve to files inside the tarball, or are absolute URLs', () => {
      const broken = linkTargets(readme())
        .filter(({ target }) => !isAbsoluteUrl(target) && relativePath(target) !== '')
        .filter(({ target }) => {
          const path = posix.normalize(relativePath(target));
          return path.startsWith('..') || path.startsWith('/') || !packed().files.includes(path);
        })
        .map(({ target, line }) => `README.md:${line} → ${target}`);
      expect(broken).toEqual([]);
    });

    it('README names no repository file the tarball lacks (src/, test/, scripts/) except as a link', () => {
      const mentions = repositoryPathMentions(readme())
        .filter(({ path }) => !packed().files.includes(posix.normalize(path)))
        .map(({ path, line }) => `README.md:${line} → ${path}`);
      expect(mentions).toEqual([]);
    });

    it('ships the README of the repository unchanged (the one whose examples run)', () => {
      expect(readme()).toBe(readFileSync(join(REPO_ROOT, packed().directory, 'README.md'), 'utf8'));
    });
  });

  describe('root README', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

    it('links only to files of the repository or absolute URLs', () => {
      const broken = linkTargets(readme)
        .filter(({ target }) => !isAbsoluteUrl(target) && relativePath(target) !== '')
        .filter(({ target }) => {
          const abs = resolve(REPO_ROOT, relativePath(target));
          return relative(REPO_ROOT, abs).startsWith('..') || !existsSync(abs);
        })
        .map(({ target, line }) => `README.md:${line} → ${target}`);
      expect(broken).toEqual([]);
    });

    it('says how the packages are published (pnpm publish rewrites workspace:*)', () => {
      expect(readme).toMatch(/## Publishing/);
      expect(readme).toMatch(/pnpm@10 -r publish/);
    });
  });
}
