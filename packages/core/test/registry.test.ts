/**
 * The backend registry: explicit registration, priorities, async factories, clear errors.
 */
import { describe, expect, it } from 'vitest';
import { getBackend, listBackends, markStep, registerBackend, removeBackend, setBackend, findBackend, ones, TensorloomError } from '@tensorloom/core';
import { createToyBackend } from './helpers/toy_backend.js';

describe('registry', () => {
  it('importing core registers no backend', () => {
    expect(listBackends()).toEqual([]);
    expect(() => getBackend()).toThrow(/no backend is registered: call registerCpuBackend\(\)/);
  });
  it('picks the highest priority backend when none is set', () => {
    registerBackend('low', () => createToyBackend('low'), 1);
    registerBackend('high', () => createToyBackend('high'), 5);
    expect(listBackends()).toEqual(['high', 'low']);
    expect(getBackend().name).toBe('high');
    removeBackend('high');
    removeBackend('low');
  });
  it('markStep reaches every backend made so far that has markStep, and only those', () => {
    const marks: string[] = [];
    const lazy = (name: string) => () => Object.assign(createToyBackend(name), { markStep: () => { marks.push(name); } });
    registerBackend('made', lazy('made'));
    registerBackend('never-made', lazy('never-made'));
    registerBackend('eager', () => createToyBackend('eager'));
    findBackend('made');
    findBackend('eager');
    markStep();
    markStep();
    expect(marks).toEqual(['made', 'made']);
    ['made', 'never-made', 'eager'].forEach(removeBackend);
  });
  it('async factories are awaited by setBackend', async () => {
    registerBackend('slow', async () => createToyBackend('slow'));
    expect(() => findBackend('slow')).toThrow(/initialises asynchronously/);
    await setBackend('slow');
    expect(getBackend().name).toBe('slow');
    expect(ones([2]).backend.name).toBe('slow');
    removeBackend('slow');
  });
  it('unknown names get an error that lists what is registered', () => {
    registerBackend('here', () => createToyBackend('here'));
    expect(() => setBackend('nope')).toThrow(TensorloomError);
    expect(() => setBackend('nope')).toThrow(/registered: here/);
    removeBackend('here');
  });
});
