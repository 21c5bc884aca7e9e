/**
 * Test setup: registers the primitives-only toy backend and makes it current.
 */
import { registerBackend, setBackend } from '@tensorloom/core';
import { createToyBackend } from './toy_backend.js';

export async function useToyBackend(name = 'toy-unit'): Promise<void> {
  registerBackend(name, () => createToyBackend(name), 100);
  await setBackend(name);
}
