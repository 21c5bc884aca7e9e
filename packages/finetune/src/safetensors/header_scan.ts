/**
 * A bounded pre-scan of a safetensors header: one pass over the raw bytes, no allocation
 * beyond the keys it must compare, that checks the JSON's shape against limits (nesting
 * depth, tensor count, metadata key count, array length, total values) and rejects
 * duplicate keys before `JSON.parse` sees the text. A pathological header (deep brackets,
 * millions of tensors or keys) fails here after a few bytes or a fraction of the file,
 * instead of costing seconds and gigabytes inside `JSON.parse`.
 */
import { TensorloomError } from '@tensorloom/core';

/** Limits of the header scan; every one can be raised through `readSafetensors`'s options. */
export interface HeaderLimits {
  /** Deepest nesting of objects and arrays (a normal header is 3 deep). */
  maxDepth: number;
  /** Most tensors (top-level keys other than `__metadata__`). */
  maxTensors: number;
  /** Most keys in `__metadata__`. */
  maxMetadataKeys: number;
  /** Most elements of any array (shapes are the longest: this is the largest rank). */
  maxArrayLength: number;
}

const OP = 'readSafetensors';
const fail = (message: string): never => { throw new TensorloomError(OP, message); };

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDelimiter = (c: number): boolean => isSpace(c) || c === COMMA || c === COLON || c === QUOTE
  || c === LBRACE || c === RBRACE || c === LBRACKET || c === RBRACKET;

type State = 'value' | 'keyOrEnd' | 'key' | 'valueOrEnd' | 'commaOrEnd' | 'done';
interface Frame { object: boolean; count: number; keys: string[] | Set<string> | null; metadata: boolean; root: boolean }

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of the JSON string at bytes [from, to) (quotes included). */
function keyText(b: Uint8Array, from: number, to: number): string {
  if (to - from < 64) {
    let s = '';
    let k = from + 1;
    for (; k < to - 1 && b[k] < 0x80 && b[k] !== BACKSLASH; k++) s += String.fromCharCode(b[k]);
    if (k === to - 1) return s;
  }
  try {
    return JSON.parse(utf8.decode(b.subarray(from, to))) as string;
  } catch (e) {
    return fail(`the header has a malformed key at byte ${from} (${(e as Error).message}); the file is corrupt`);
  }
}

/** Index just past the string that starts at `i` (a quote). */
function skipString(b: Uint8Array, i: number, end: number): number {
  for (let k = i + 1; k < end; k++) {
    const c = b[k];
    if (c === BACKSLASH) k++;
    else if (c === QUOTE) return k + 1;
  }
  return fail(`the header has an unterminated string starting at byte ${i}; the file is truncated or corrupt`);
}

/**
 * Scans header bytes [start, end) and throws a TensorloomError on the first limit crossed,
 * duplicate key or structural error. Values are not decoded: `JSON.parse` does that after.
 *
 * @example
 * scanHeader(bytes, 8, 8 + n, { maxDepth: 8, maxTensors: 100_000, maxMetadataKeys: 10_000, maxArrayLength: 64 });
 */
export function scanHeader(b: Uint8Array, start: number, end: number, limits: HeaderLimits): void {
  const stack: Frame[] = [];
  // Every value counts against one budget, so no mix of fields and nesting within the other
  // limits can hand JSON.parse more than ~16 values per allowed tensor.
  let values = 0;
  const maxValues = 16 * limits.maxTensors + 2 * limits.maxMetadataKeys + 64;
  let i = start;
  let state = 'value' as State;
  let nextIsMetadata = false;
  const skipSpace = (): void => { while (i < end && isSpace(b[i])) i++; };
  const afterValue = (): void => { state = stack.length === 0 ? 'done' : 'commaOrEnd'; };
  const countElement = (f: Frame): void => {
    if (++f.count > limits.maxArrayLength) {
      fail(`the header has an array of more than ${limits.maxArrayLength} elements (the largest rank allowed); raise { maxRank } if the file is genuine`);
    }
  };
  for (;;) {
    skipSpace();
    if (state === 'done') {
      if (i < end) fail(`the header has data after its JSON object at byte ${i}; the file is corrupt`);
      return;
    }
    if (i >= end) fail('the header ends in the middle of its JSON; the file is truncated or corrupt');
    const c = b[i];
    const top = stack[stack.length - 1];
    switch (state) {
      case 'value': {
        const metadata = nextIsMetadata;
        nextIsMetadata = false;
        if (++values > maxValues) fail(`the header holds more than ${maxValues} JSON values (16 per allowed tensor); raise { maxTensors } if the file is genuine`);
        if (stack.length === 0 && c !== LBRACE) fail('the header must be a JSON object ({ "name": { "dtype", "shape", "data_offsets" }, … })');
        if (c === LBRACE || c === LBRACKET) {
          if (stack.length >= limits.maxDepth) fail(`the header is nested deeper than ${limits.maxDepth} levels; raise { maxDepth } if the file is genuine`);
          const object = c === LBRACE;
          stack.push({ object, count: 0, keys: object ? [] : null, metadata, root: stack.length === 0 });
          i++;
          state = object ? 'keyOrEnd' : 'valueOrEnd';
        } else if (c === QUOTE) {
          i = skipString(b, i, end);
          afterValue();
        } else {
          const from = i;
          while (i < end && !isDelimiter(b[i])) i++;
          if (i === from) fail(`the header has an unexpected '${String.fromCharCode(c)}' at byte ${i}; the file is corrupt`);
          afterValue();
        }
        break;
      }
      case 'keyOrEnd':
        if (c === RBRACE) { stack.pop(); i++; afterValue(); } else state = 'key';
        break;
      case 'valueOrEnd':
        if (c === RBRACKET) { stack.pop(); i++; afterValue(); } else { countElement(top); state = 'value'; }
        break;
      case 'key': {
        if (c !== QUOTE) fail(`the header has a non-string key at byte ${i}; the file is corrupt`);
        const to = skipString(b, i, end);
        const key = keyText(b, i, to);
        // A few keys (an entry's fields) in an array, many (tensors, metadata) in a set.
        let keys = top.keys!;
        if (Array.isArray(keys) && keys.length >= 8) keys = top.keys = new Set(keys);
        if (Array.isArray(keys) ? keys.includes(key) : keys.has(key)) {
          fail(`the header has the key ${JSON.stringify(key.slice(0, 100))} twice${top.root ? '' : ' in one object'}; the file is corrupt`);
        }
        if (Array.isArray(keys)) keys.push(key); else keys.add(key);
        const isMetadata = top.root && key === '__metadata__';
        if (!isMetadata) top.count++;
        if (top.root && top.count > limits.maxTensors) fail(`the header lists more than ${limits.maxTensors} tensors; raise { maxTensors } if the file is genuine`);
        if (top.metadata && top.count > limits.maxMetadataKeys) fail(`__metadata__ has more than ${limits.maxMetadataKeys} keys; raise { maxMetadataKeys } if the file is genuine`);
        if (!top.root && !top.metadata && top.count > limits.maxArrayLength) {
          fail(`a header entry has more than ${limits.maxArrayLength} fields; the file is corrupt`);
        }
        i = to;
        skipSpace();
        if (b[i] !== COLON) fail(`the header lacks a ':' after a key at byte ${i}; the file is corrupt`);
        i++;
        nextIsMetadata = isMetadata;
        state = 'value';
        break;
      }
      case 'commaOrEnd':
        if (c === COMMA) {
          i++;
          if (top.object) state = 'key';
          else { countElement(top); state = 'value'; }
        } else if (c === (top.object ? RBRACE : RBRACKET)) {
          stack.pop(); i++; afterValue();
        } else {
          fail(`the header has an unexpected '${String.fromCharCode(c)}' at byte ${i}; the file is corrupt`);
        }
        break;
    }
  }
}
