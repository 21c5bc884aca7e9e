/**
 * Durable writes: the temporary file is fsynced before the rename and its directory after
 * it, so a power loss keeps the old checkpoint or the new one (the order of the fs calls is
 * recorded through a mock of node:fs/promises that forwards to the real module).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (path, flags, mode) => {
    const handle = await fs.open(path, flags, mode);
    const name = basename(String(path));
    calls.push(`open ${name} ${String(flags)}`);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => { calls.push(`sync ${name}`); return sync(); };
    return handle;
  };
  const rename: typeof fs.rename = async (from, to) => { calls.push(`rename ${basename(String(from))} ${basename(String(to))}`); return fs.rename(from, to); };
  return { ...fs, default: { ...fs, open, rename }, open, rename };
});

describe('writeFileAtomic', () => {
  it('fsyncs the file before the rename and the directory after it', async () => {
    const { writeFileAtomic } = await import('../src/safetensors/file.js');
    const dir = await mkdtemp(join(tmpdir(), 'tl-sync-'));
    const path = join(dir, 'w.safetensors');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect(Array.from(await readFile(path))).toEqual([1, 2, 3]);
    const tmp = /^open (\S+) wx$/.exec(calls[0])?.[1];
    expect(tmp).toMatch(/^\.w\.safetensors\.\d+\.\d+\.[0-9a-z]+\.tmp$/);
    expect(calls).toEqual([`open ${tmp} wx`, `sync ${tmp}`, `rename ${tmp} w.safetensors`, `open ${basename(dir)} r`, `sync ${basename(dir)}`]);
  });
});
