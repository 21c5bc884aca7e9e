/**
 * Multinomial Naive Bayes over token counts with Laplace (add-α) smoothing: the classic
 * spam-filter baseline, measured on the same split as the neural models. Host-only (no tensors).
 */

export class NaiveBayes {
  private readonly logPrior: number[];
  private readonly logLikelihood: Map<string, number[]>;
  private readonly logUnseen: number[];

  private constructor(logPrior: number[], logLikelihood: Map<string, number[]>, logUnseen: number[]) {
    this.logPrior = logPrior;
    this.logLikelihood = logLikelihood;
    this.logUnseen = logUnseen;
  }

  /**
   * Fits token documents with labels in [0, numClasses).
   *
   * @example
   * const nb = NaiveBayes.fit(train.texts.map((t) => textTokens(t)), train.labels, 2);
   * nb.predict(textTokens('free money')); // 1
   */
  static fit(docs: readonly string[][], labels: readonly number[], numClasses: number, alpha = 1): NaiveBayes {
    if (docs.length !== labels.length) throw new Error(`NaiveBayes.fit: ${docs.length} documents but ${labels.length} labels`);
    const counts = new Map<string, number[]>();
    const totals = new Array<number>(numClasses).fill(0);
    const docsPer = new Array<number>(numClasses).fill(0);
    docs.forEach((doc, i) => {
      const y = labels[i];
      if (!Number.isInteger(y) || y < 0 || y >= numClasses) throw new Error(`NaiveBayes.fit: label ${y} at ${i} is outside [0, ${numClasses})`);
      docsPer[y]++;
      for (const t of doc) {
        let c = counts.get(t);
        if (!c) counts.set(t, (c = new Array<number>(numClasses).fill(0)));
        c[y]++;
        totals[y]++;
      }
    });
    const v = counts.size + 1; // + one slot for unseen tokens
    const denom = totals.map((n) => Math.log(n + alpha * v));
    const logLikelihood = new Map<string, number[]>();
    for (const [t, c] of counts) logLikelihood.set(t, c.map((n, k) => Math.log(n + alpha) - denom[k]));
    return new NaiveBayes(docsPer.map((n) => Math.log((n + 1) / (docs.length + numClasses))), logLikelihood, denom.map((d) => Math.log(alpha) - d));
  }

  /** Unnormalised log-posteriors per class. */
  scores(doc: readonly string[]): number[] {
    const s = [...this.logPrior];
    for (const t of doc) {
      const l = this.logLikelihood.get(t) ?? this.logUnseen;
      for (let k = 0; k < s.length; k++) s[k] += l[k];
    }
    return s;
  }

  /** The most likely class (ties: the lower index). */
  predict(doc: readonly string[]): number {
    const s = this.scores(doc);
    return s.indexOf(Math.max(...s));
  }
}
