/**
 * Vocab: token ↔ id, built from tokenised documents with a minimum frequency and a maximum
 * size. Id 0 is `<pad>`, id 1 is `<unk>` (what unknown tokens map to), then any extra
 * specials, then tokens by falling frequency (ties in code-unit order, so a build is
 * deterministic). Saved and loaded as JSON; loading checks the JSON as untrusted input.
 */
import { TensorloomError } from '@tensorloom/core';

export const PAD_TOKEN = '<pad>';
export const UNK_TOKEN = '<unk>';
export const VOCAB_FORMAT = 'tensorloom-vocab';

export interface VocabBuildOptions {
  /** Keep tokens seen at least this often (default 1). */
  minFreq?: number;
  /** At most this many entries, specials included (default: no limit). */
  maxSize?: number;
  /** Extra special tokens after `<pad>` and `<unk>` (e.g. `<cls>`), always kept. */
  specials?: readonly string[];
}

/** The JSON form of a Vocab. */
export interface VocabJSON {
  format: typeof VOCAB_FORMAT;
  version: 1;
  /** Tokens by id. */
  tokens: string[];
  /** How often each token was seen when the vocab was built (0 for specials). */
  counts: number[];
}

/** Upper bound on entries of a loaded vocab (a vocabulary JSON is untrusted input). */
const MAX_LOADED_SIZE = 10_000_000;

export class Vocab {
  readonly padId = 0;
  readonly unkId = 1;
  private readonly index: Map<string, number>;

  private constructor(readonly tokens: readonly string[], readonly counts: readonly number[]) {
    this.index = new Map(tokens.map((t, i) => [t, i]));
    if (this.index.size !== tokens.length) throw new TensorloomError('Vocab', 'tokens must be unique');
  }

  /**
   * Counts the tokens of `documents` and keeps the frequent ones.
   *
   * @example
   * const vocab = Vocab.build(texts.map((t) => tokenize(t)), { minFreq: 2, maxSize: 20000 });
   * vocab.encode(['hello', 'zzyzx']); // Int32Array [id of hello, 1 (<unk>)]
   */
  static build(documents: Iterable<readonly string[]>, options: VocabBuildOptions = {}): Vocab {
    const minFreq = options.minFreq ?? 1;
    const maxSize = options.maxSize ?? Infinity;
    if (!Number.isInteger(minFreq) || minFreq < 1) throw new TensorloomError('Vocab.build', `minFreq must be a positive integer, got ${minFreq}`);
    const specials = [PAD_TOKEN, UNK_TOKEN, ...(options.specials ?? [])];
    if (new Set(specials).size !== specials.length) throw new TensorloomError('Vocab.build', `specials must be unique and must not repeat ${PAD_TOKEN} or ${UNK_TOKEN}`);
    if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < specials.length)) {
      throw new TensorloomError('Vocab.build', `maxSize must be an integer >= ${specials.length} (the special tokens), got ${maxSize}`);
    }
    const counts = new Map<string, number>();
    for (const doc of documents) {
      if (!Array.isArray(doc)) throw new TensorloomError('Vocab.build', 'each document must be an array of tokens (see tokenize)');
      for (const t of doc) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const special = new Set(specials);
    const ranked = [...counts].filter(([t, c]) => c >= minFreq && !special.has(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const kept = ranked.slice(0, Math.max(0, maxSize - specials.length));
    return new Vocab([...specials, ...kept.map(([t]) => t)], [...specials.map((t) => counts.get(t) ?? 0), ...kept.map(([, c]) => c)]);
  }

  /**
   * A vocab from a JSON object (as `toJSON` makes it, or parsed from a file).
   *
   * @example
   * const vocab = Vocab.fromJSON(JSON.parse(await readFile('vocab.json', 'utf8')));
   */
  static fromJSON(json: unknown): Vocab {
    const op = 'Vocab.fromJSON';
    if (json === null || typeof json !== 'object') throw new TensorloomError(op, 'expected a vocabulary object');
    const j = json as Partial<VocabJSON>;
    if (j.format !== VOCAB_FORMAT || j.version !== 1) throw new TensorloomError(op, `not a ${VOCAB_FORMAT} v1 file (format ${String(j.format)}, version ${String(j.version)})`);
    const { tokens, counts } = j;
    if (!Array.isArray(tokens) || tokens.length < 2 || tokens.length > MAX_LOADED_SIZE) throw new TensorloomError(op, `tokens must be an array of 2..${MAX_LOADED_SIZE} strings`);
    if (tokens[0] !== PAD_TOKEN || tokens[1] !== UNK_TOKEN) throw new TensorloomError(op, `tokens must start with ${PAD_TOKEN} and ${UNK_TOKEN}`);
    if (!tokens.every((t) => typeof t === 'string')) throw new TensorloomError(op, 'every token must be a string');
    if (!Array.isArray(counts) || counts.length !== tokens.length || !counts.every((c) => Number.isSafeInteger(c) && c >= 0)) {
      throw new TensorloomError(op, `counts must be ${tokens.length} non-negative integers, one per token`);
    }
    if (new Set(tokens).size !== tokens.length) throw new TensorloomError(op, 'tokens must be unique');
    return new Vocab([...tokens], [...counts]);
  }

  /** Number of entries, specials included. */
  get size(): number { return this.tokens.length; }

  /** The id of `token` (`unkId` when it is not in the vocab). */
  idOf(token: string): number { return this.index.get(token) ?? this.unkId; }

  /** Whether `token` has an id of its own. */
  has(token: string): boolean { return this.index.has(token); }

  /** The token of `id`. */
  tokenOf(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) throw new TensorloomError('Vocab.tokenOf', `id ${id} is outside [0, ${this.tokens.length})`);
    return this.tokens[id];
  }

  /**
   * Token ids of `tokens` (unknown tokens → `unkId`).
   *
   * @example
   * vocab.encode(tokenize('free money')); // Int32Array
   */
  encode(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.idOf(tokens[i]);
    return out;
  }

  /** Tokens of `ids`. */
  decode(ids: ArrayLike<number>): string[] { return Array.from(ids, (id) => this.tokenOf(id)); }

  /** Plain JSON (see `VocabJSON`); `JSON.stringify(vocab)` uses it. */
  toJSON(): VocabJSON { return { format: VOCAB_FORMAT, version: 1, tokens: [...this.tokens], counts: [...this.counts] }; }
}
