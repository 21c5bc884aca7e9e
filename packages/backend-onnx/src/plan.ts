/**
 * Turns a flushed batch of pending nodes into a graph plan: its outputs (every pending node
 * still alive), the nodes they need (disposed ones stay internal), the values it is fed (nodes
 * computed earlier or written from JS), the written scalars it embeds, and the key
 * (ops, attributes, shapes, dtypes, topology, fed inputs, embedded values) under which its
 * compiled session is cached. This runs on every flush, so it only walks and concatenates.
 */
import type { LazyNode } from './lazy_node.js';
import { isLiteral, type LiteralPolicy } from './literals.js';

export interface GraphPlan {
  readonly key: string;
  /** The key this graph's structure had until now, when it has just changed (its session is stale). */
  readonly staleKey: string | null;
  /** Nodes whose values are fed, with their input names (`f<i>`, and `c<j>` for fed literal slots). */
  readonly feeds: LazyNode[];
  readonly feedNames: string[];
  /** Written scalars embedded in the graph, with their slot names (`c<j>`). */
  readonly embedded: LazyNode[];
  readonly embeddedNames: string[];
  /** Nodes to compute, in topological order (`v0`, `v1`, …). */
  readonly nodes: LazyNode[];
  /** The graph outputs (alive nodes among `nodes`) and their names. */
  readonly outputs: LazyNode[];
  readonly outputNames: string[];
}

/** The plan for `batch` (pending nodes in creation order, hence topological). */
export function planGraph(batch: readonly LazyNode[], literals: LiteralPolicy): GraphPlan {
  const needed = new Set<LazyNode>();
  const stack: LazyNode[] = [];
  for (const n of batch) if (n.alive && n.state === 'pending') { needed.add(n); stack.push(n); }
  while (stack.length) {
    const n = stack.pop() as LazyNode;
    for (const i of n.inputs) {
      if (i.state === 'pending' && !needed.has(i)) { needed.add(i); stack.push(i); }
    }
  }
  const nodes: LazyNode[] = [];
  for (const n of batch) if (needed.has(n)) nodes.push(n);
  const local = new Map<LazyNode, string>();
  const feeds: LazyNode[] = [];
  const feedNames: string[] = [];
  const slots: LazyNode[] = [];
  const outputs: LazyNode[] = [];
  const outputNames: string[] = [];
  let key = '';
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    let refs = '';
    for (const input of n.inputs) {
      let ref = local.get(input);
      if (ref === undefined) {
        // Not computed here: fed (computed by an earlier graph, or written from JS) or embedded.
        if (isLiteral(input)) {
          ref = `c${slots.length}`;
          slots.push(input);
        } else {
          ref = `f${feeds.length}`;
          feeds.push(input);
          feedNames.push(ref);
        }
        local.set(input, ref);
        key += `${ref}:[${input.shape.join(',')}]${input.dtype};`;
      }
      refs += `${ref},`;
    }
    const name = `v${i}`;
    local.set(n, name);
    key += `${name}=${n.signature}(${refs})`;
    if (n.alive) { key += '!;'; outputs.push(n); outputNames.push(name); } else key += ';';
  }
  const embedded: LazyNode[] = [];
  const embeddedNames: string[] = [];
  let staleKey: string | null = null;
  if (slots.length > 0) {
    const decision = literals.decide(key, slots.map((s) => s.host as NonNullable<LazyNode['host']>));
    key = decision.key;
    staleKey = decision.stale;
    slots.forEach((s, j) => {
      if (decision.embedded[j]) { embedded.push(s); embeddedNames.push(`c${j}`); } else { feeds.push(s); feedNames.push(`c${j}`); }
    });
  }
  return { key, staleKey, feeds, feedNames, embedded, embeddedNames, nodes, outputs, outputNames };
}
