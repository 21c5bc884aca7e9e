/**
 * The domain-transfer experiment (`--task transfer`): train on Yelp + Amazon reviews,
 * score IMDB zero-shot, fine-tune on 200 IMDB sentences — first with the embedding and
 * the encoder (LSTM) frozen, then everything unfrozen at a lower learning rate — and score
 * the 700 held-out IMDB sentences after each stage. Run once per initialisation of the
 * embedding (random, and GloVe when its vectors were fetched).
 */
import { manualSeed } from '@tensorloom/core';
import type { Callback } from '@tensorloom/finetune';
import { selectRows, type TextDataset } from './dataset.js';
import { SENTIMENT_PIPELINE, buildVocab, encodeTexts } from './text_pipeline.js';
import { TextBatches } from './text_batches.js';
import { createTextModel, type ModelKind, type TextClassifier } from './models/text_models.js';
import { createTrainer } from './training.js';
import { evaluateModel } from './evaluate.js';
import { freeze, groupsByLr, trainableParameters } from './freeze.js';
import { initEmbedding } from './glove.js';
import type { EmbeddingCoverage } from '@tensorloom/data';

export interface TransferConfig {
  kind: ModelKind;
  seed: number;
  embedDim: number;
  batchSize: number;
  /** Source training (Yelp + Amazon). */
  sourceEpochs: number;
  sourceLr: number;
  /** Stage 1 on IMDB: head only. */
  headEpochs: number;
  headLr: number;
  /** Stage 2 on IMDB: all layers, the embedding and encoder at `unfrozenLr`, the head at `headLr / 2`. */
  unfrozenEpochs: number;
  unfrozenLr: number;
  callbacks?: Callback[];
  /** Told what each stage is doing. */
  log?: (line: string) => void;
}

export const TRANSFER_DEFAULTS: Omit<TransferConfig, 'kind'> = {
  seed: 0, embedDim: 100, batchSize: 32,
  sourceEpochs: 6, sourceLr: 2e-3,
  headEpochs: 10, headLr: 2e-3,
  unfrozenEpochs: 10, unfrozenLr: 2e-4,
};

export interface TransferRow {
  init: 'random' | 'glove';
  coverage?: EmbeddingCoverage;
  /** Accuracy on the Yelp + Amazon test sentences after source training, and after fine-tuning. */
  sourceTest: number;
  sourceTestAfter: number;
  /** IMDB held-out accuracy: zero-shot, after the head-only stage, after the unfrozen stage. */
  zeroShot: number;
  headOnly: number;
  unfrozen: number;
  seconds: number;
}

/**
 * Runs the experiment for one initialisation.
 *
 * @example
 * const row = await runTransfer(sentiment, { ...TRANSFER_DEFAULTS, kind: 'lstm' }, null);
 * row.zeroShot; row.unfrozen;
 */
export async function runTransfer(data: TextDataset, config: TransferConfig, gloveJson: unknown | null): Promise<TransferRow> {
  const started = performance.now();
  const log = config.log ?? (() => undefined);
  const source = selectRows(data, 'train', ['yelp', 'amazon']);
  const sourceVal = selectRows(data, 'val', ['yelp', 'amazon']);
  const sourceTest = selectRows(data, 'test', ['yelp', 'amazon']);
  const imdbTrain = selectRows(data, 'train', ['imdb']);
  const imdbTest = selectRows(data, 'test', ['imdb']);
  const { maxLen } = SENTIMENT_PIPELINE;
  // The vocabulary of every training text: source reviews and the 200 IMDB sentences.
  const vocab = buildVocab([...source.texts, ...imdbTrain.texts], SENTIMENT_PIPELINE);
  const enc = (texts: string[]): Int32Array[] => encodeTexts(vocab, texts, maxLen);
  const [srcSeqs, srcValSeqs, srcTestSeqs, imdbSeqs, imdbTestSeqs] = [source, sourceVal, sourceTest, imdbTrain, imdbTest].map((r) => enc(r.texts));

  manualSeed(config.seed);
  const model: TextClassifier = createTextModel({ kind: config.kind, vocabSize: vocab.size, numClasses: 2, embedDim: config.embedDim, maxLen });
  let coverage: EmbeddingCoverage | undefined;
  if (gloveJson) coverage = initEmbedding(model.embedding, vocab, gloveJson, config.seed);
  const init = gloveJson ? 'glove' : 'random';
  const score = async (seqs: Int32Array[], labels: number[]): Promise<number> => (await evaluateModel(model, seqs, labels, 2)).accuracy;
  try {
    log(`[${init}] training on Yelp + Amazon (${source.texts.length} sentences, vocab ${vocab.size})`);
    const sourceTrainer = createTrainer(model, { lr: config.sourceLr, callbacks: config.callbacks });
    await sourceTrainer.fit({
      train: new TextBatches(srcSeqs, source.labels, { batchSize: config.batchSize, seed: config.seed }),
      val: new TextBatches(srcValSeqs, sourceVal.labels, { batchSize: 128, seed: config.seed, shuffle: false }),
      epochs: config.sourceEpochs, seed: config.seed,
    });
    const sourceAcc = await score(srcTestSeqs, sourceTest.labels);
    const zeroShot = await score(imdbTestSeqs, imdbTest.labels);
    log(`[${init}] Yelp + Amazon test ${pct(sourceAcc)}, IMDB zero-shot ${pct(zeroShot)}`);

    const imdbBatches = new TextBatches(imdbSeqs, imdbTrain.labels, { batchSize: config.batchSize, seed: config.seed + 1 });
    // Stage 1: embedding and encoder frozen, the head learns IMDB.
    const unfreeze = freeze([model.embedding, ...model.encoder()]);
    let headOnly: number;
    try {
      log(`[${init}] fine-tuning the head on ${imdbTrain.texts.length} IMDB sentences (embedding and ${config.kind} frozen)`);
      const t1 = createTrainer(model, { lr: config.headLr, params: trainableParameters(model), callbacks: config.callbacks });
      await t1.fit({ train: imdbBatches, epochs: config.headEpochs, seed: config.seed });
      headOnly = await score(imdbTestSeqs, imdbTest.labels);
    } finally {
      unfreeze();
    }
    log(`[${init}] IMDB after the head-only stage ${pct(headOnly)}`);
    // Stage 2: all unfrozen, the lower layers at a lower rate.
    log(`[${init}] fine-tuning all layers (embedding and ${config.kind} at lr ${config.unfrozenLr})`);
    const t2 = createTrainer(model, { lr: config.headLr / 2, params: groupsByLr(model, [{ modules: [model.embedding, ...model.encoder()], lr: config.unfrozenLr }], config.headLr / 2), callbacks: config.callbacks });
    await t2.fit({ train: imdbBatches, epochs: config.unfrozenEpochs, seed: config.seed });
    const unfrozen = await score(imdbTestSeqs, imdbTest.labels);
    const sourceAfter = await score(srcTestSeqs, sourceTest.labels);
    log(`[${init}] IMDB after the unfrozen stage ${pct(unfrozen)} (Yelp + Amazon test now ${pct(sourceAfter)})`);
    return { init, coverage, sourceTest: sourceAcc, sourceTestAfter: sourceAfter, zeroShot, headOnly, unfrozen, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

const pct = (a: number): string => `${(100 * a).toFixed(1)}%`;

/** The table the CLI prints. */
export function formatTransferTable(rows: readonly TransferRow[], imdbTestCount: number): string {
  const head = ['init', 'Yelp+Amazon test', `IMDB zero-shot`, 'IMDB head-only FT', 'IMDB unfrozen FT', 'Yelp+Amazon after', 'seconds'];
  const body = rows.map((r) => [r.init, pct(r.sourceTest), pct(r.zeroShot), pct(r.headOnly), pct(r.unfrozen), pct(r.sourceTestAfter), r.seconds.toFixed(0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line), `(IMDB: ${imdbTestCount} held-out sentences; fine-tuned on 200)`].join('\n');
}
