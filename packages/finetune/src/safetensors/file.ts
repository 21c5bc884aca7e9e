/**
 * safetensors files in Node: reading, and writing that never leaves a half-written file in
 * place of a good one (write a temporary file beside it, fsync it, rename it over the target,
 * fsync the directory, so a crash or power loss keeps the old file or the new one). Each
 * write first removes the temporary files that killed writes left in that directory: only
 * names of our own pattern, and only those of a process that no longer runs (or older than
 * an hour, which no live write is).
 */
import { open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { TensorloomError } from '@tensorloom/core';
import { readSafetensors, type ReadSafetensorsOptions, type SafetensorsContents } from './read.js';

/** Our temporary files: `.<target name>.<pid>.<ms>.<random>.tmp` (older versions: no random part). */
const TEMP = /^\..+\.(\d+)\.(\d+)(?:\.[0-9a-z]+)?\.tmp$/;
/** A temporary file this old is stale even when its pid is alive (the pid was reused). */
const STALE_MS = 60 * 60 * 1000;

/**
 * The temporary path a write of `path` uses (exported for tests).
 *
 * @example
 * tempPathFor('/ckpt/best.safetensors'); // /ckpt/.best.safetensors.4242.1764600000000.k3j2.tmp
 */
export function tempPathFor(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as someone else). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * Removes the temporary files that killed writes left in `dir` and returns their names.
 * Never touches other files, nor temporary files a running process may still be writing.
 *
 * @example
 * await removeStaleTempFiles('/ckpt'); // ['.best.safetensors.4242.1764600000000.k3j2.tmp']
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try { names = await readdir(dir); } catch { return []; }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      if (alive(Number(m[1])) && Date.now() - info.mtimeMs < STALE_MS) continue;
      await rm(file, { force: true });
      removed.push(name);
    } catch { /* gone already, or not ours to remove: leave it */ }
  }
  return removed;
}

/** fsyncs a directory so a rename in it is durable (where the platform can open directories). */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try { handle = await open(dir, 'r'); } catch { return; } // Windows cannot open a directory
  try { await handle.sync(); } catch { /* some file systems refuse fsync on directories */ } finally { await handle.close(); }
}

/**
 * Writes `bytes` to `path` atomically and durably: readers see the old file or the new one,
 * never a mix, and after it returns a power loss keeps the new one.
 *
 * @example
 * await writeFileAtomic('model.safetensors', bytes);
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await removeStaleTempFiles(dir);
  const tmp = tempPathFor(path);
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new TensorloomError('writeFileAtomic', `could not replace ${path}: ${(e as Error).message}`);
  }
  await syncDir(dir);
}

/**
 * Reads and validates a safetensors file.
 *
 * @example
 * const { tensors, metadata } = await loadSafetensorsFile('model.safetensors');
 */
export async function loadSafetensorsFile(path: string, options: ReadSafetensorsOptions = {}): Promise<SafetensorsContents> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new TensorloomError('loadSafetensorsFile', `cannot read ${path}: ${(e as Error).message}`);
  }
  return readSafetensors(bytes, options);
}
