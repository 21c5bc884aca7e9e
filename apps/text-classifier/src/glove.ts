/**
 * GloVe initialisation of a model's Embedding from the cut word vectors that
 * `pnpm --filter text-classifier fetch-glove` writes (JSON, word → 100 numbers; see
 * scripts/fetch_glove.ts), with the coverage report of `embeddingMatrix`.
 */
import { tensor } from '@tensorloom/core';
import { embeddingMatrix, wordVectorsFromJson, type EmbeddingCoverage, type Vocab } from '@tensorloom/data';
import type { Embedding } from '@tensorloom/nn';

/**
 * Writes the vectors of `vocab`'s words into `embedding` (its width must be the vectors'),
 * small seeded random rows for the rest, and returns the coverage.
 *
 * @example
 * const coverage = initEmbedding(model.embedding, vocab, JSON.parse(await readFile(gloveCutPath, 'utf8')));
 */
export function initEmbedding(embedding: Embedding, vocab: Vocab, vectorsJson: unknown, seed = 0): EmbeddingCoverage {
  const wv = wordVectorsFromJson(vectorsJson);
  if (wv.dim !== embedding.embeddingDim) throw new Error(`the word vectors have ${wv.dim} dimensions but the embedding has ${embedding.embeddingDim}`);
  if (vocab.size !== embedding.numEmbeddings) throw new Error(`the vocab has ${vocab.size} entries but the embedding ${embedding.numEmbeddings}`);
  const { matrix, coverage } = embeddingMatrix(vocab, wv, { seed, scale: 0.1 });
  // The parameter adopts the new tensor (and frees its old value).
  embedding.weight.assign(tensor(matrix, { shape: [vocab.size, wv.dim] }));
  return coverage;
}
