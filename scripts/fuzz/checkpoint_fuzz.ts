/**
 * Fuzz target for checkpoints: byte mutations of a real checkpoint (model + Adam with state
 * + StepLR) and structure-aware edits of its records and tensors (random values at random
 * JSON paths, odd epochs, tensors added, dropped or reshaped under model, optimizer and
 * prototype names). A rejected load must leave model, Adam and StepLR bitwise unchanged and
 * leak no tensor; an accepted one must train a step without an untyped error.
 */
import { manualSeed, memory, randn, setBackend, type Tensor, type TypedArray } from '../../packages/core/src/index.js';
import { registerCpuBackend } from '../../packages/backend-cpu/src/index.js';
import { Adam, Linear, ReLU, Sequential, StepLR } from '../../packages/nn/src/index.js';
import { checkpointFromBytes, checkpointToBytes, readSafetensors, writeSafetensors, type HostTensor } from '../../packages/finetune/src/index.js';
import { parseState, stringifyState } from '../../packages/finetune/src/checkpoint/json.js';
import { int, mutateBytes, pick, type FuzzTarget, type Rand } from './harness.js';

interface Trio { model: Sequential; opt: Adam; sched: StepLR }

function trio(seed: number): Trio {
  manualSeed(seed);
  const model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
  return { model, opt, sched };
}

function trainStep({ model, opt, sched }: Trio): void {
  opt.zeroGrad();
  const x = randn([2, 3]);
  const loss = model.forward(x).square().mean();
  loss.backward();
  opt.step();
  sched.step();
  x.dispose();
  loss.dispose();
}

const hex = (a: TypedArray): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

/** Every bit of the trio's state, read synchronously (CPU). */
function snapshot({ model, opt, sched }: Trio): string {
  const parts: string[] = [];
  for (const [k, t] of Object.entries(model.stateDict())) parts.push(k, hex(t.dataSync()));
  opt.params().forEach((p, i) => {
    for (const [k, v] of Object.entries(opt.state.get(p) ?? {})) parts.push(`${i}.${k}`, typeof v === 'number' ? String(v) : hex((v as Tensor).dataSync()));
  });
  parts.push(stringifyState(opt.paramGroups.map(({ params: _p, ...o }) => o)), stringifyState(sched.stateDict()));
  return parts.join('|');
}

const EPOCHS = ['', '0', '1', '0x10', '1e3', '-1', ' 1', '99999999999999999', 'NaN', '01'];
const TENSOR_NAMES = ['0.weight', '0.bias', '2.weight', '2.bias', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'junk',
  '__optimizer__.state.1', '__optimizer__.state.0.exp_avg', '__optimizer__.state.3.exp_avg_sq', '__optimizer__.state.9.exp_avg',
  '__optimizer__.state.01.exp_avg', '__optimizer__.state.0.__proto__', '__optimizer__.state.NaN.exp_avg', '__optimizer__.state.0.step'];

function randomJson(r: Rand, depth = 0): unknown {
  switch (int(r, depth > 2 ? 6 : 8)) {
    case 0: return pick(r, [0, 1, -1, 0.5, 3, 99, 1e300, -0, NaN, Infinity, -Infinity, 2 ** 53 + 2]);
    case 1: return pick(r, ['', 'x', 'abc', '0x10', 'Adam', 'StepLR', '__proto__', '1']);
    case 2: return null;
    case 3: return r() < 0.5;
    case 4: return [0, 1, 2, NaN];
    case 5: return [int(r, 5), int(r, 5)];
    case 6: return Array.from({ length: int(r, 5) }, () => randomJson(r, depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(r, 3) }, () => [pick(r, ['0', '3', '99', 'NaN', 'step', 'lr', 'betas', 'params', '__proto__', 'lastEpoch']), randomJson(r, depth + 1)]));
  }
}

/** Sets or deletes a random path inside a parsed JSON record. */
function editJson(r: Rand, root: unknown): unknown {
  if (root === null || typeof root !== 'object' || r() < 0.1) return randomJson(r);
  let node = root as Record<string, unknown>;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0) { node[pick(r, ['x', 'lr', '5'])] = randomJson(r); return root; }
    const k = pick(r, keys);
    const child = node[k];
    if (child !== null && typeof child === 'object' && r() < 0.7) { node = child as Record<string, unknown>; continue; }
    if (r() < 0.2) delete node[k]; else node[k] = randomJson(r);
    return root;
  }
}

function edit(r: Rand, good: Uint8Array): Uint8Array {
  const { tensors, metadata } = readSafetensors(good);
  const host: Record<string, HostTensor> = {};
  for (const [k, t] of tensors) host[k] = { dtype: t.dtype, shape: t.shape, data: t.data };
  const meta: Record<string, string> = { ...metadata };
  const put = (name: string, t: HostTensor): void => { Object.defineProperty(host, name, { value: t, enumerable: true, configurable: true, writable: true }); };
  for (let n = 1 + int(r, 2); n > 0; n--) {
    switch (int(r, 7)) {
      case 0: case 1: case 2: {
        const which = pick(r, ['optimizer', 'optimizer', 'scheduler', 'extra']);
        let parsed: unknown = {};
        try { parsed = parseState(meta[which] ?? '{}'); } catch { /* an earlier edit broke it */ }
        meta[which] = stringifyState(editJson(r, parsed));
        break;
      }
      case 3: meta[pick(r, ['epoch', 'version', 'format'])] = pick(r, EPOCHS); break;
      case 4: {
        const shape = pick(r, [[4], [4, 3], [2], [], [1], [2, 4]]);
        const count = shape.reduce((a, b) => a * b, 1);
        put(pick(r, TENSOR_NAMES), r() < 0.8 ? { dtype: 'float32', shape, data: new Float32Array(count).fill(r()) } : { dtype: 'int32', shape, data: new Int32Array(count) });
        break;
      }
      case 5: { const keys = Object.keys(host); if (keys.length) delete host[pick(r, keys)]; break; }
      default: meta[pick(r, ['optimizer', 'scheduler'])] = pick(r, ['[1,2]', '"x"', '{"type":"StepLR","state":{"lastEpoch":"x"}}', 'null', '{']);
    }
  }
  return writeSafetensors(host, meta);
}

/**
 * The checkpoint target (registers and selects the CPU backend).
 *
 * @example
 * await runFuzz(await checkpointTarget(), 1000, 1);
 */
export async function checkpointTarget(): Promise<FuzzTarget<Uint8Array, unknown>> {
  registerCpuBackend();
  await setBackend('cpu');
  const src = trio(1);
  trainStep(src);
  trainStep(src);
  const good = await checkpointToBytes({ model: src.model, optimizer: src.opt, scheduler: src.sched, epoch: 2 });
  const target = trio(2);
  trainStep(target);
  const pristine = await checkpointToBytes({ model: target.model, optimizer: target.opt, scheduler: target.sched, epoch: 1 });
  let before = '';
  let tensorsBefore = 0;
  return {
    name: 'checkpoint',
    make: (r) => (r() < 0.3 ? mutateBytes(r, good) : edit(r, good)),
    run: (bytes) => {
      before = snapshot(target);
      tensorsBefore = memory().numTensors;
      return checkpointFromBytes(bytes, { model: target.model, optimizer: target.opt, scheduler: target.sched });
    },
    afterReject: () => {
      if (memory().numTensors !== tensorsBefore) throw new Error(`${memory().numTensors - tensorsBefore} tensors leaked`);
      if (snapshot(target) !== before) throw new Error('the model, optimizer or scheduler changed');
    },
    check: () => {
      trainStep(target); // an accepted checkpoint trains (an untyped error here is a failure)
      checkpointFromBytes(pristine, { model: target.model, optimizer: target.opt, scheduler: target.sched });
    },
  };
}
