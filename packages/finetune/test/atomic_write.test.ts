/**
 * Killed writes: a child process writing a checkpoint's temporary file is SIGKILLed midway;
 * the previous checkpoint still loads, and the next save in that directory removes the
 * orphan (only temporary files of our own pattern whose process is gone, or older than an
 * hour) and leaves every other file alone.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '@tensorloom/nn';
import { loadCheckpoint, saveCheckpoint } from '../src/index.js';
import { removeStaleTempFiles, tempPathFor } from '../src/safetensors/file.js';
import { mlp, useCpu } from './helpers/setup.js';

beforeAll(useCpu);

/** Starts a child that writes `tmp` (its own pid in the name) until killed; resolves once it has written. */
async function killedWrite(template: string): Promise<string> {
  const script = `
    const fs = require('node:fs');
    const name = process.argv[1].replace('.999999.', '.' + process.pid + '.');
    const fd = fs.openSync(name, 'wx');
    const chunk = Buffer.alloc(1 << 16, 7);
    process.stdout.write(name + '\\n');
    for (;;) fs.writeSync(fd, chunk);`;
  const child = spawn(process.execPath, ['-e', script, template], { stdio: ['ignore', 'pipe', 'inherit'] });
  const name = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(String(d).trim())));
  while (!existsSync(name) || (await stat(name)).size < 1 << 18) await new Promise((r) => setTimeout(r, 5));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  return name;
}

describe('killed checkpoint writes', () => {
  it('leave the previous checkpoint loadable, and the next save removes their temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-kill-'));
    const path = join(dir, 'ckpt.safetensors');
    const model = mlp(1);
    await saveCheckpoint(path, { model, optimizer: new Adam(model.parameters()), epoch: 1 });

    const orphans = [await killedWrite(tempPathFor(path, 999999)), await killedWrite(tempPathFor(join(dir, 'best.safetensors'), 999999))];
    for (const o of orphans) expect((await stat(o)).size).toBeGreaterThanOrEqual(1 << 18);
    const target = mlp(2);
    expect((await loadCheckpoint(path, { model: target, optimizer: new Adam(target.parameters()) })).epoch).toBe(1);

    // Files that are not orphans: someone else's, and a fresh temporary file of a live process (this one).
    const keep = ['notes.tmp', '.ckpt.safetensors.tmp', 'ckpt.safetensors.bak', basename(tempPathFor(path))];
    for (const k of keep) await writeFile(join(dir, k), 'x');
    // A temporary file of a live pid that is over an hour old: its pid was reused.
    const ancient = tempPathFor(join(dir, 'old.safetensors'));
    await writeFile(ancient, 'x');
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(ancient, hourAgo, hourAgo);

    await saveCheckpoint(path, { model, epoch: 2 });
    const left = await readdir(dir);
    for (const o of [...orphans, ancient]) expect(left).not.toContain(basename(o));
    expect(left.sort()).toEqual(['ckpt.safetensors', ...keep].sort());
    expect((await loadCheckpoint(path, { model: target })).epoch).toBe(2);
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});
