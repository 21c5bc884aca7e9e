/**
 * Tokenizer and Vocab: words and punctuation in several scripts, emoji, URLs / e-mails /
 * numbers, empty and very long inputs, spans, and the vocab's frequency rules and JSON.
 */
import { describe, expect, test } from 'vitest';
import { TensorloomError } from '@tensorloom/core';
import { Vocab, tokenize, tokenizeWithSpans } from '@tensorloom/data';

describe('tokenize', () => {
  test('words, punctuation, lower-casing, placeholders', () => {
    expect(tokenize('WIN $1,000 now!!! Visit http://x.example/offer. Or mail me@spam.example'))
      .toEqual(['win', '$', '<num>', 'now', '!', '!', '!', 'visit', '<url>', '.', 'or', 'mail', '<email>']);
    expect(tokenize("Don't stop, it's 3.14 (mp3s) — 42nd")).toEqual(["don't", 'stop', ',', "it's", '<num>', '(', 'mp3s', ')', '—', '42nd']);
    expect(tokenize('see www.foo.com/a?b=1, then (https://a.b/c)')).toEqual(['see', '<url>', ',', 'then', '(', '<url>', ')']);
  });

  test('keep mode and case', () => {
    const o = { urls: 'keep', emails: 'keep', numbers: 'keep', lowercase: false } as const;
    expect(tokenize('Mail Bob@Example.com about https://x.org/A. Costs 1,000.50!', o))
      .toEqual(['Mail', 'Bob@Example.com', 'about', 'https://x.org/A', '.', 'Costs', '1,000.50', '!']);
  });

  test('empty and whitespace-only strings give no tokens', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t\u00a0 \r\n')).toEqual([]);
    expect(tokenizeWithSpans('')).toEqual([]);
  });

  test('other scripts: CJK ideographs one by one, kana runs, Arabic, Cyrillic, Devanagari, accents', () => {
    expect(tokenize('我爱你，世界。')).toEqual(['我', '爱', '你', '，', '世', '界', '。']);
    expect(tokenize('日本語のテキスト')).toEqual(['日', '本', '語', 'のテキスト']);
    expect(tokenize('مرحبا بالعالم، كيف حالك؟')).toEqual(['مرحبا', 'بالعالم', '،', 'كيف', 'حالك', '؟']);
    expect(tokenize('Привет, МИР!')).toEqual(['привет', ',', 'мир', '!']);
    expect(tokenize('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']); // combining vowel signs stay in the word
    expect(tokenize('ÉTÉ déjà-vu')).toEqual(['été', 'déjà', '-', 'vu']);
    expect(tokenize('e\u0301te\u0301')).toEqual(['e\u0301te\u0301']); // decomposed accents
  });

  test('emoji: one token each, with skin tones, ZWJ families, flags and keycaps', () => {
    expect(tokenize('great 😀👍🏽 👨‍👩‍👧 🇫🇷 1️⃣ ❤️')).toEqual(['great', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', '❤️']);
    expect(tokenize('lol😂😂')).toEqual(['lol', '😂', '😂']);
  });

  test('spans point into the original text', () => {
    const text = 'Hi, BOB! 你好 http://a.io.';
    const spans = tokenizeWithSpans(text);
    expect(spans.map((s) => [s.token, s.kind])).toEqual([['hi', 'word'], [',', 'symbol'], ['bob', 'word'], ['!', 'symbol'], ['你', 'han'], ['好', 'han'], ['<url>', 'url'], ['.', 'symbol']]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Hi', ',', 'BOB', '!', '你', '好', 'http://a.io', '.']);
  });

  test('very long inputs: linear, and maxTokens stops early', () => {
    const long = 'free money '.repeat(100_000) + 'end';
    const tokens = tokenize(long);
    expect(tokens.length).toBe(200_001);
    expect(tokens[199_999]).toBe('money');
    expect(tokens[200_000]).toBe('end');
    expect(tokenize(long, { maxTokens: 5 })).toEqual(['free', 'money', 'free', 'money', 'free']);
    expect(tokenize('a'.repeat(1_000_000))).toEqual(['a'.repeat(1_000_000)]);
    expect(tokenize('!'.repeat(10), { maxTokens: 0 })).toEqual([]);
  });

  test('bad input is a TensorloomError naming the function', () => {
    expect(() => tokenize(null as unknown as string)).toThrow(TensorloomError);
    expect(() => tokenize(42 as unknown as string)).toThrow(/tokenize.*string/);
    expect(() => tokenize('x', { urls: 'drop' as 'keep' })).toThrow(/urls must be/);
    expect(() => tokenize('x', { maxTokens: -1 })).toThrow(/maxTokens/);
  });
});

describe('Vocab', () => {
  const docs = [['b', 'a', 'c', 'a'], ['a', 'b', 'd'], [], ['c', 'e']];

  test('specials first, then by frequency with ties in code-unit order; unknowns map to <unk>', () => {
    const v = Vocab.build(docs);
    expect(v.tokens).toEqual(['<pad>', '<unk>', 'a', 'b', 'c', 'd', 'e']);
    expect(v.counts).toEqual([0, 0, 3, 2, 2, 1, 1]);
    expect(Array.from(v.encode(['a', 'e', 'zz', '']))).toEqual([2, 6, 1, 1]);
    expect(v.decode([0, 1, 4])).toEqual(['<pad>', '<unk>', 'c']);
    expect(v.padId).toBe(0);
    expect(v.unkId).toBe(1);
    expect(v.has('zz')).toBe(false);
  });

  test('minFreq, maxSize and extra specials', () => {
    expect(Vocab.build(docs, { minFreq: 2 }).tokens).toEqual(['<pad>', '<unk>', 'a', 'b', 'c']);
    expect(Vocab.build(docs, { maxSize: 4 }).tokens).toEqual(['<pad>', '<unk>', 'a', 'b']);
    expect(Vocab.build(docs, { specials: ['<cls>'], maxSize: 4 }).tokens).toEqual(['<pad>', '<unk>', '<cls>', 'a']);
    expect(Vocab.build([]).tokens).toEqual(['<pad>', '<unk>']);
    // A corpus token spelled like a special is not added twice.
    expect(Vocab.build([['<unk>', 'x']]).tokens).toEqual(['<pad>', '<unk>', 'x']);
  });

  test('JSON round trip is exact; other scripts and emoji survive', () => {
    const v = Vocab.build([tokenize('我爱你 😀 مرحبا Привет 👨‍👩‍👧 a a')]);
    const back = Vocab.fromJSON(JSON.parse(JSON.stringify(v)));
    expect(back.tokens).toEqual(v.tokens);
    expect(back.counts).toEqual(v.counts);
    expect(back.idOf('👨‍👩‍👧')).toBe(v.idOf('👨‍👩‍👧'));
    expect(back.idOf('a')).toBe(2);
  });

  test('untrusted JSON is checked', () => {
    const good = Vocab.build(docs).toJSON();
    expect(() => Vocab.fromJSON(null)).toThrow(TensorloomError);
    expect(() => Vocab.fromJSON({ ...good, format: 'x' })).toThrow(/not a tensorloom-vocab/);
    expect(() => Vocab.fromJSON({ ...good, tokens: ['a', 'b', ...good.tokens.slice(2)] })).toThrow(/start with <pad> and <unk>/);
    expect(() => Vocab.fromJSON({ ...good, tokens: [...good.tokens.slice(0, 3), 'a', ...good.tokens.slice(4)] })).toThrow(/unique/);
    expect(() => Vocab.fromJSON({ ...good, counts: good.counts.slice(1) })).toThrow(/counts/);
    expect(() => Vocab.fromJSON({ ...good, tokens: [...good.tokens.slice(0, 6), 7] })).toThrow(/string/);
    expect(() => Vocab.build(docs, { minFreq: 0 })).toThrow(/minFreq/);
    expect(() => Vocab.build(docs, { maxSize: 1 })).toThrow(/maxSize/);
    expect(() => Vocab.build(['abc' as unknown as string[]])).toThrow(/array of tokens/);
    expect(() => Vocab.build(docs).tokenOf(99)).toThrow(/outside/);
  });
});
