/**
 * The HTML partials: every include in the three apps' index.html expands (no include comment
 * or `{{place}}` left, the partials' header comments stripped), values fill their places, and a
 * missing partial or value is an error that names it.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { expandPartials } from '../vite/html_partials.js';

const page = (app: string): string => readFileSync(new URL(`../../${app}/index.html`, import.meta.url), 'utf8');

test.each(['image-classifier', 'text-classifier', 'audio-classifier'])('%s/index.html expands completely', (app) => {
  const html = page(app);
  expect(html).toContain('<!-- include: head.html -->');
  const out = expandPartials(html);
  expect(out).not.toMatch(/<!--\s*include:/);
  expect(out).not.toMatch(/\{\{\w+\}\}/);
  expect(out).not.toContain('<!-- The head every app page');
  expect(out.match(/<meta charset="utf-8" \/>/g)).toHaveLength(1);
  expect(out).toContain('<link rel="stylesheet" href="/src/style.css" />');
});

test('the image and text pages get the shared training, test and model cards once each', () => {
  for (const app of ['image-classifier', 'text-classifier']) {
    const out = expandPartials(page(app));
    for (const id of ['train', 'stop', 'progress', 'status', 'speed', 'loss-chart', 'acc-chart', 'finetune', 'examples-status', 'finetune-result', 'test-accuracy', 'confusion', 'download', 'upload', 'store', 'restore', 'model-status']) {
      expect(out.match(new RegExp(`id="${id}"`, 'g')), `${app} #${id}`).toHaveLength(1);
    }
    expect(out.indexOf('</form>')).toBeGreaterThan(out.indexOf('<form id="train-form">'));
  }
});

test('values fill their places; a missing value or partial is an error that names it', () => {
  const out = expandPartials('<main><!-- include: model_card.html about="Weights as <code>safetensors</code>." --></main>');
  expect(out).toContain('<p class="muted">Weights as <code>safetensors</code>.</p>');
  expect(out.startsWith('<main><section class="card" id="model-card">')).toBe(true);
  expect(() => expandPartials('<!-- include: model_card.html -->')).toThrow(/model_card\.html needs about="…"/);
  expect(() => expandPartials('<!-- include: nowhere.html -->')).toThrow(/includes nowhere\.html, which is not in/);
  expect(expandPartials('<p>no includes</p>')).toBe('<p>no includes</p>');
});
