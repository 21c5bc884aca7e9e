/**
 * The counter-based generator: Philox4x32-10 against Random123's known-answer vectors, and
 * seeded reproducibility across backends.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { manualSeed, randn, rand, registerBackend } from '@tensorloom/core';
import { philox4x32 } from '../src/random/philox.js';
import { createToyBackend } from './helpers/toy_backend.js';
import { useToyBackend } from './helpers/use_toy.js';

const hex = (words: number[]): string[] => words.map((w) => w.toString(16).padStart(8, '0'));

describe('Philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(philox4x32(0, 0, 0, 0, 0, 0))).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    const f = 0xffffffff;
    expect(hex(philox4x32(f, f, f, f, f, f))).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    expect(hex(philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0)))
      .toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });
});

describe('seeded tensors', () => {
  beforeAll(() => useToyBackend());
  it('the same seed gives the same numbers on every backend', () => {
    registerBackend('toy-other', () => createToyBackend('toy-other'));
    manualSeed(7);
    const a = randn([64]).dataSync();
    manualSeed(7);
    const b = randn([64], { backend: 'toy-other' }).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });
  it('randn has mean 0 and std 1; rand respects low and high', () => {
    manualSeed(1);
    const z = Array.from(randn([20000]).dataSync());
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const std = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    const u = Array.from(rand([1000], { low: -2, high: 3 }).dataSync());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
  });
});

describe('generator state', () => {
  beforeAll(() => useToyBackend());
  it('getRngState/setRngState resume the same stream', async () => {
    const { getRngState, setRngState } = await import('@tensorloom/core');
    manualSeed(3);
    rand([5]);
    const state = getRngState();
    const a = Array.from(randn([7]).dataSync());
    setRngState(state);
    expect(Array.from(randn([7]).dataSync())).toEqual(a);
    expect(() => setRngState({ key: [1, -1], counter: 0 } as never)).toThrow(/getRngState/);
  });
});
