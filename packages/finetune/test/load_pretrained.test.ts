import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError, memory, noGrad } from '@tensorloom/core';
import { Linear, Sequential } from '@tensorloom/nn';
import { loadPretrained, readSafetensors, writeSafetensors } from '../src/index.js';
import { useCpu } from './helpers/setup.js';
import { LENET_RENAME, fixture, lenet, lenetIo, maxAbsDiff } from './helpers/lenet.js';

beforeAll(useCpu);

const logitsOf = (model: Sequential, io: ReturnType<typeof lenetIo>): Float32Array => {
  model.eval();
  const x = io.inputs();
  const y = noGrad(() => model.forward(x));
  const out = y.dataSync() as Float32Array;
  x.dispose(); y.dispose();
  return out;
};

describe('loadPretrained: PyTorch LeNet', () => {
  const io = lenetIo();

  for (const [dtype, file] of [['f32', 'lenet_f32.safetensors'], ['f16', 'lenet_f16.safetensors'], ['bf16', 'lenet_bf16.safetensors']] as const) {
    it(`loads the ${dtype} state dict (renamed) and reproduces PyTorch's logits within 1e-5`, async () => {
      const model = lenet(3);
      const report = await loadPretrained(model, fixture(file), { rename: LENET_RENAME, strict: true });
      expect(report.loaded.sort()).toEqual(['0.bias', '0.weight', '3.bias', '3.weight', '7.bias', '7.weight']);
      expect(report.missing).toEqual([]);
      expect(report.unexpected).toEqual([]);
      expect(report.renamed['conv2.weight']).toBe('3.weight');
      if (dtype === 'f32') expect(report.converted).toEqual({});
      else expect(report.converted['7.weight']).toBe(dtype === 'f16' ? 'F16' : 'BF16');
      const before = memory().numTensors;
      const got = logitsOf(model, io);
      expect(memory().numTensors).toBe(before);
      expect(maxAbsDiff(got, io.logits[dtype])).toBeLessThan(1e-5);
      // The half-precision files really are coarser: their logits differ from float32's.
      if (dtype !== 'f32') expect(maxAbsDiff(io.logits[dtype], io.logits.f32)).toBeGreaterThan(1e-4);
      model.dispose();
    });
  }

  it('takes bytes, a file URL and a fetched URL alike', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('lenet_f32.safetensors')));
    const fetchStub = (async (url: string) => {
      expect(url).toBe('https://example.invalid/lenet.safetensors');
      return new Response(bytes);
    }) as typeof fetch;
    for (const source of [bytes, bytes.buffer as ArrayBuffer, pathToFileURL(fixture('lenet_f32.safetensors')), 'https://example.invalid/lenet.safetensors']) {
      const model = lenet(5);
      await loadPretrained(model, source, { rename: LENET_RENAME, strict: true, fetch: fetchStub });
      expect(maxAbsDiff(logitsOf(model, io), io.logits.f32)).toBeLessThan(1e-5);
      model.dispose();
    }
  });

  it('renames by a function and by RegExp rules', async () => {
    const byFn = lenet(1);
    const r1 = await loadPretrained(byFn, fixture('lenet_f32.safetensors'), {
      rename: (k) => k.replace(/^conv1\./, '0.').replace(/^conv2\./, '3.').replace(/^fc\./, '7.'), strict: true,
    });
    expect(r1.loaded).toHaveLength(6);
    const byRe = lenet(2);
    await loadPretrained(byRe, fixture('lenet_f32.safetensors'), { rename: [[/^conv(\d)\./, 'c$1.'], ['c1.', '0.'], ['c2.', '3.'], ['fc.', '7.']], strict: true });
    expect(maxAbsDiff(logitsOf(byFn, io), logitsOf(byRe, io))).toBe(0);
    byFn.dispose(); byRe.dispose();
  });

  it('reports missing, unexpected and mismatched keys, and loads the rest when not strict', async () => {
    // A 3-class head: 7.* mismatches; without renaming conv2 the file's conv2.* are unexpected and 3.* missing.
    const model = lenet(4);
    model.replaceModule('7', new Linear(784, 3)).dispose();
    const headBefore = model.getParameter('7.weight').value.dataSync().slice();
    const conv3Before = model.getParameter('3.weight').value.dataSync().slice();
    const report = await loadPretrained(model, fixture('lenet_f32.safetensors'), { rename: { 'conv1.': '0.', 'fc.': '7.' } });
    expect(report.loaded.sort()).toEqual(['0.bias', '0.weight']);
    expect(report.missing.sort()).toEqual(['3.bias', '3.weight']);
    expect(report.unexpected.sort()).toEqual(['conv2.bias', 'conv2.weight']);
    expect([...report.mismatched].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: '7.bias', file: [10], model: [3] },
      { key: '7.weight', file: [10, 784], model: [3, 784] },
    ]);
    expect(model.getParameter('7.weight').value.dataSync()).toEqual(headBefore);
    expect(model.getParameter('3.weight').value.dataSync()).toEqual(conv3Before);
    const { tensors } = readSafetensors(new Uint8Array(readFileSync(fixture('lenet_f32.safetensors'))));
    expect(maxAbsDiff(model.getParameter('0.weight').value.dataSync(), tensors.get('conv1.weight')!.data)).toBe(0);
    model.dispose();
  });

  it('strict mode throws the report and loads nothing', async () => {
    const model = lenet(6);
    const w0 = model.getParameter('0.weight').value.dataSync().slice();
    const err = await loadPretrained(model, fixture('lenet_f32.safetensors'), { strict: true, rename: { 'conv1.': '0.' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TensorloomError);
    const msg = (err as Error).message;
    expect(msg).toContain('loadPretrained');
    expect(msg).toMatch(/missing keys: .*3\.weight/);
    expect(msg).toMatch(/unexpected keys: .*fc\.weight/);
    expect(model.getParameter('0.weight').value.dataSync()).toEqual(w0);
    model.dispose();
  });

  it('loads buffers, drops keys a rename function nulls, and rejects clashing renames and bad sources', async () => {
    const bytes = writeSafetensors({
      'net.weight': { dtype: 'float32', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) },
      'net.bias': { dtype: 'float32', shape: [2], data: Float32Array.from([5, 6]) },
      'extra.step': { dtype: 'int32', shape: [], data: Int32Array.from([3]) },
    });
    const model = new Sequential(new Linear(2, 2));
    const r = await loadPretrained(model, bytes, { rename: (k) => (k.startsWith('extra.') ? null : k.replace('net.', '0.')), strict: true });
    expect(r.dropped).toEqual(['extra.step']);
    expect(Array.from(model.getParameter('0.weight').value.dataSync())).toEqual([1, 2, 3, 4]);
    await expect(loadPretrained(model, bytes, { rename: () => 'same' })).rejects.toThrow(/both rename to 'same'/);
    await expect(loadPretrained(model, bytes, { rename: () => '' })).rejects.toThrow(/non-empty key/);
    await expect(loadPretrained(model, '/nonexistent/x.safetensors')).rejects.toThrow(/loadPretrained: cannot read/);
    await expect(loadPretrained(model, bytes.subarray(0, 20))).rejects.toThrow(/readSafetensors/);
    const failing = (async () => new Response('no', { status: 404 })) as typeof fetch;
    await expect(loadPretrained(model, 'https://example.invalid/x', { fetch: failing })).rejects.toThrow(/HTTP 404/);
    model.dispose();
  });
});
