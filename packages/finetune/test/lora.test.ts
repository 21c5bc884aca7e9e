import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, memory, noGrad, randn, randint, softmaxCrossEntropy, type Tensor } from '@tensorloom/core';
import { Linear, Module, MultiheadAttention, ReLU, Sequential, SGD } from '@tensorloom/nn';
import {
  LoraLinear, LoraMultiheadAttention, Trainer, applyLora, loadLoraAdapters, mergeLora, readSafetensors, saveLoraAdapters, trainableSummary, unmergeLora,
} from '../src/index.js';
import { useCpu } from './helpers/setup.js';
import { maxAbsDiff } from './helpers/lenet.js';

beforeAll(useCpu);

function base(): Sequential {
  manualSeed(11);
  return new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 16), new ReLU(), new Linear(16, 3));
}

const out = (m: Module, x: Tensor): Float32Array => {
  m.eval();
  const y = noGrad(() => m.forward(x));
  const v = y.dataSync() as Float32Array;
  y.dispose();
  return v;
};
const params = (m: Module): Record<string, Float32Array> => Object.fromEntries(m.namedParameters().map(([k, p]) => [k, p.value.dataSync().slice() as Float32Array]));

async function trainLora(model: Sequential): Promise<void> {
  manualSeed(5);
  const data: Array<[Tensor, Tensor]> = Array.from({ length: 4 }, () => [randn([8, 6]), randint(0, 3, [8])]);
  const opt = new SGD(model.parameters().filter((p) => p.requiresGrad), { lr: 0.2 });
  await new Trainer({ model, optimizer: opt, loss: (o, y) => softmaxCrossEntropy(o, y) }).fit({ train: data, epochs: 3 });
  opt.dispose();
  for (const [x, y] of data) { x.dispose(); y.dispose(); }
}

describe('LoRA', () => {
  it('starts as the identity (B = 0), freezes the base, trains only the adapters', async () => {
    const model = base();
    manualSeed(1);
    const x = randn([5, 6]);
    const plain = out(model, x);
    const { adapted, adapterParameters } = applyLora(model, { targets: ['0', '2'], rank: 2, alpha: 4, dropout: 0.1 });
    expect(adapted).toEqual(['0', '2']);
    expect(adapterParameters).toBe(2 * 6 + 16 * 2 + 2 * 16 + 16 * 2);
    expect(model.at(0)).toBeInstanceOf(LoraLinear);
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '0.lora_A.weight', '0.lora_B.weight', '2.weight', '2.bias', '2.lora_A.weight', '2.lora_B.weight', '4.weight', '4.bias']);
    expect(out(model, x)).toEqual(plain);
    expect(trainableSummary(model).trainable).toBe(adapterParameters);
    const before = params(model);
    await trainLora(model);
    const after = params(model);
    for (const k of Object.keys(before)) {
      if (k.includes('lora_B') || k.includes('lora_A')) expect(after[k], k).not.toEqual(before[k]);
      else expect(after[k], k).toEqual(before[k]);
    }
    x.dispose(); model.dispose();
  });

  it('merge gives the unmerged output within 1e-5, unmerge restores the weights; no leaks', async () => {
    const model = base();
    applyLora(model, { targets: [/^[024]$/], rank: 4, alpha: 8 });
    await trainLora(model);
    manualSeed(2);
    const x = randn([7, 6]);
    const w0 = model.getParameter('4.weight').value.dataSync().slice();
    const unmerged = out(model, x);
    const start = memory().numTensors;
    expect(mergeLora(model)).toBe(3);
    const merged = out(model, x);
    expect(maxAbsDiff(merged, unmerged)).toBeLessThan(1e-5);
    expect(maxAbsDiff(model.getParameter('4.weight').value.dataSync(), w0)).toBeGreaterThan(1e-4);
    unmergeLora(model);
    expect(maxAbsDiff(model.getParameter('4.weight').value.dataSync(), w0)).toBeLessThan(1e-6);
    expect(maxAbsDiff(out(model, x), unmerged)).toBeLessThan(1e-5);
    expect(memory().numTensors).toBe(start);
    x.dispose(); model.dispose();
  });

  it('saves the adapters alone with PEFT names and loads them onto a fresh base model', async () => {
    const model = base();
    applyLora(model, { targets: ['0', '4'], rank: 3, alpha: 6 });
    await trainLora(model);
    const bytes = await saveLoraAdapters(model);
    const { tensors, metadata } = readSafetensors(bytes);
    expect([...tensors.keys()].sort()).toEqual(['base_model.model.0.lora_A.weight', 'base_model.model.0.lora_B.weight', 'base_model.model.4.lora_A.weight', 'base_model.model.4.lora_B.weight']);
    expect(tensors.get('base_model.model.4.lora_B.weight')!.shape).toEqual([3, 3]);
    expect(JSON.parse(metadata.lora_config)).toEqual({ r: 3, lora_alpha: 6, lora_dropout: 0, target_modules: ['0', '4'] });
    expect(bytes.byteLength).toBeLessThan(1024);

    const fresh = base(); // same seed: the same base weights, no adapters yet
    manualSeed(3);
    const x = randn([4, 6]);
    const loaded = await loadLoraAdapters(fresh, bytes);
    expect(loaded.sort()).toEqual(['0.lora_A.weight', '0.lora_B.weight', '4.lora_A.weight', '4.lora_B.weight']);
    expect(out(fresh, x)).toEqual(out(model, x));
    expect(fresh.getParameter('0.weight').requiresGrad).toBe(false);

    const other = base();
    applyLora(other, { targets: ['2'], rank: 3 });
    await expect(loadLoraAdapters(other, bytes)).rejects.toThrow(/loadLoraAdapters: the adapters do not fit the model: missing 2\.lora_A\.weight.*unexpected base_model\.model\.0\.lora_A\.weight/);
    x.dispose(); model.dispose(); fresh.dispose(); other.dispose();
  });

  it('adapts the q/k/v projections of MultiheadAttention and its out_proj: identity at start, trains, merges, round-trips', async () => {
    class Block extends Module {
      readonly attn = this.registerModule('attn', new MultiheadAttention(8, 2, { batchFirst: true }));
      readonly fc1 = this.registerModule('fc1', new Linear(8, 4));
      forward(x: Tensor): Tensor { const [y] = (this.attn as unknown as MultiheadAttention).forward(x); return this.fc1.forward(y.mean(1)); }
    }
    const make = (): Block => { manualSeed(0); return new Block(); };
    const block = make();
    manualSeed(1);
    const x = randn([6, 3, 8]);
    const before = out(block, x);
    const r = applyLora(block, { targets: ['*.qProj', 'attn.vProj', 'attn.out_proj', 'fc*'], rank: 2, alpha: 4 });
    expect(r.adapted).toEqual(['attn.out_proj', 'fc1', 'attn.qProj', 'attn.vProj']);
    expect(block.getModule('attn')).toBeInstanceOf(LoraMultiheadAttention);
    expect(Object.keys(block.stateDict())).toEqual([
      'attn.in_proj_weight', 'attn.in_proj_bias', 'attn.out_proj.weight', 'attn.out_proj.bias', 'attn.out_proj.lora_A.weight', 'attn.out_proj.lora_B.weight',
      'attn.qProj.lora_A.weight', 'attn.qProj.lora_B.weight', 'attn.vProj.lora_A.weight', 'attn.vProj.lora_B.weight',
      'fc1.weight', 'fc1.bias', 'fc1.lora_A.weight', 'fc1.lora_B.weight',
    ]);
    expect(out(block, x)).toEqual(before);
    const packed = block.getParameter('attn.in_proj_weight').value.dataSync().slice();
    manualSeed(2);
    const y = randint(0, 4, [6]);
    const opt = new SGD(block.parameters().filter((p) => p.requiresGrad), { lr: 0.5 });
    await new Trainer({ model: block, optimizer: opt, crossEntropy: {} }).fit({ train: [[x, y]], epochs: 4 });
    opt.dispose();
    expect(block.getParameter('attn.in_proj_weight').value.dataSync()).toEqual(packed);
    expect(block.getParameter('attn.qProj.lora_B.weight').value.dataSync().some((v) => v !== 0)).toBe(true);
    expect(block.getParameter('attn.vProj.lora_B.weight').value.dataSync().some((v) => v !== 0)).toBe(true);
    const tuned = out(block, x);
    expect(maxAbsDiff(tuned, before)).toBeGreaterThan(1e-3);
    expect(mergeLora(block)).toBe(3);
    expect(maxAbsDiff(out(block, x), tuned)).toBeLessThan(1e-5);
    unmergeLora(block);
    expect(maxAbsDiff(block.getParameter('attn.in_proj_weight').value.dataSync(), packed)).toBeLessThan(1e-6);

    const bytes = await saveLoraAdapters(block);
    expect(JSON.parse(readSafetensors(bytes).metadata.lora_config).target_modules).toEqual(['attn.qProj', 'attn.vProj', 'attn.out_proj', 'fc1']);
    const fresh = make();
    await loadLoraAdapters(fresh, bytes);
    expect(out(fresh, x)).toEqual(tuned);

    expect(() => applyLora(make(), { targets: ['nothing*'] })).toThrow(/applyLora: no Linear or MultiheadAttention projection matches nothing\*; layers: attn, attn.out_proj, fc1/);
    expect(() => applyLora(new Sequential(new Linear(2, 2)), { targets: ['0'], rank: 0 })).toThrow(/rank must be a positive integer/);
    x.dispose(); y.dispose(); block.dispose(); fresh.dispose();
  });
});
