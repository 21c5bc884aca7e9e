/**
 * Test setup: registers the CPU backend (or, with TENSORLOOM_NN_BACKEND=toy, core's
 * primitives-only toy backend) and makes it current.
 */
import { registerBackend, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { createToyBackend } from '../../../core/test/helpers/toy_backend.js';

export async function useTestBackend(): Promise<void> {
  if (process.env.TENSORLOOM_NN_BACKEND === 'toy') {
    registerBackend('toy', () => createToyBackend());
    await setBackend('toy');
  } else {
    registerCpuBackend();
    await setBackend('cpu');
  }
}
