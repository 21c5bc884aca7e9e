/**
 * Whether ops record the autograd graph: on by default, off inside `noGrad`.
 */
let enabled = true;
let traceDepth = 0;

/** True unless inside `noGrad`. @example noGrad(() => isGradEnabled()) // false */
export function isGradEnabled(): boolean { return enabled; }

/** Runs `fn` with gradient recording switched to `on`, then restores the previous mode. */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = on;
  try { return fn(); } finally { enabled = prev; }
}

/**
 * Runs `fn` without recording the autograd graph (PyTorch's `torch.no_grad()`).
 *
 * @example
 * const pred = noGrad(() => model.forward(x)); // no graph, no saved activations
 */
export function noGrad<T>(fn: () => T): T { return withGradMode(false, fn); }

/** Depth of nested functional transforms (`grad`, `vjp`) currently running. */
export function functionalDepth(): number { return traceDepth; }
export function enterFunctional(): void { traceDepth++; }
export function exitFunctional(): void { traceDepth--; }
