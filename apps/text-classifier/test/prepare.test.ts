/**
 * Data preparation: e-mail bodies without headers and HTML (a message built here, with
 * MIME parts, quoted-printable and base64), the sentiment rows and splits, and
 * determinism: the same bytes on every run, and the full files' SHA-256 as committed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { emailText, prepareSentiment, prepareSpam, MAX_CHARS } from '../scripts/prepare.js';
import { ensurePreparedData } from '../scripts/ensure_data.js';
import { checkDataset, selectRows } from '../src/dataset.js';

const appDir = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** SHA-256 of generated/*.json as prepared on this project's machines (a change here means the output changed). */
const EXPECTED = {
  'spam.json': '86678328fc801f754e9f426deeb5b999f64b5eb907072fa20d190938b5e56104',
  'sentiment.json': 'dbb087a28524f38f0b882365e3901934727a5e1dafafb9775157eb5c9aca23b4',
};

const RAW = [
  'Return-Path: <bob@example.com>',
  'Received: from mail.example.com (mail.example.com [10.0.0.1]) by mx.example.org',
  'From: Bob <bob@example.com>',
  'Subject: =?utf-8?q?Caf=C3=A9_offer?=',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="XX"',
  '',
  '--XX',
  'Content-Type: text/html; charset="iso-8859-1"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<html><body><p>Save <b>70%</b> on <a href=3D"http://x.example">life insurance</a>=',
  ' today!</p><script>var a=3D1;</script></body></html>',
  '--XX--',
  '',
].join('\r\n');

test('an e-mail becomes its subject and its visible body text: headers, tags and encodings gone', async () => {
  const text = await emailText(RAW);
  expect(text.split('\n')[0]).toBe('Café offer');
  expect(text).toMatch(/^Café offer\nSave 70% on life insurance.* today!$/s);
  for (const gone of ['Return-Path', 'Received', 'bob@example.com', '<b>', '<p>', '=3D', 'var a', 'MIME']) expect(text).not.toContain(gone);
  const base64 = ['Subject: hi', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from('héllo   wörld\n\n\nbye').toString('base64'), ''].join('\n');
  expect(await emailText(base64)).toBe('hi\nhéllo wörld\nbye');
  expect((await emailText(`Subject: long\n\n${'word '.repeat(1000)}`)).length).toBe(MAX_CHARS);
});

test('spam preparation is deterministic (two runs, same bytes) and keeps labels and folders apart', async () => {
  const [a, b] = [await prepareSpam(80), await prepareSpam(80)];
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(a.texts).toHaveLength(80);
  expect(a.classes).toEqual(['ham', 'spam']);
  // The message's own headers are gone (a body may still quote a forwarded message's).
  a.texts.forEach((t) => expect(t).not.toMatch(/^(Received|Return-Path|Delivered-To|From \S+@)/));
});

test('sentiment: 3,000 labelled sentences (null rows dropped), stratified splits per domain', async () => {
  const d = await prepareSentiment();
  expect(d.texts).toHaveLength(3000);
  expect(d.labels.every((l) => l === 0 || l === 1)).toBe(true);
  for (const [domain, sizes] of [['yelp', [800, 100, 100]], ['amazon', [800, 100, 100]], ['imdb', [200, 100, 700]]] as const) {
    const counts = (['train', 'val', 'test'] as const).map((s) => selectRows(d, s, [domain]));
    expect(counts.map((r) => r.texts.length)).toEqual(sizes);
    counts.forEach((r) => expect(r.labels.filter((l) => l === 1).length).toBe(r.labels.length / 2));
  }
  expect(JSON.stringify(await prepareSentiment())).toBe(JSON.stringify(d));
});

test('the prepared files (pnpm build / dev make them) have the committed SHA-256 and check as datasets', async () => {
  const out = join(appDir, 'generated');
  const { files } = await ensurePreparedData(out);
  expect(files).toEqual(EXPECTED);
  for (const name of Object.keys(EXPECTED)) {
    const bytes = await readFile(join(out, name));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(EXPECTED[name as keyof typeof EXPECTED]);
    const d = checkDataset(JSON.parse(bytes.toString('utf8')));
    expect(d.texts.length).toBe(name === 'spam.json' ? 6046 : 3000);
  }
  expect(() => checkDataset({ format: 'x' })).toThrow(/prepare-data/);
}, 120_000);
