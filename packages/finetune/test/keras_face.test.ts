/**
 * The Keras face's names and messages: layers named as Keras names them (conv2d,
 * max_pooling2d, dense_1), parameter counts printed one way in nn's summary() and the Keras
 * summary, and compiling an unbuilt model with an optimizer object explains inputShape/build.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, Linear, Sequential, SGD, formatParamCount } from '@tensorloom/nn';
import { keras } from '../src/index.js';
import { useCpu } from './helpers/setup.js';

beforeAll(useCpu);

describe('the Keras face: names, counts, messages', () => {
  it('names layers as Keras does', () => {
    const model = keras.Sequential([
      keras.layers.Conv2D(2, 3, { inputShape: [6, 6, 1] }), keras.layers.MaxPooling2D({ poolSize: 2 }), keras.layers.Flatten(),
      keras.layers.Dropout(0.1), keras.layers.Dense(4), keras.layers.Dense(2),
    ]);
    expect(model.namedChildren().map(([n]) => n)).toEqual(['conv2d', 'max_pooling2d', 'flatten', 'dropout', 'dense', 'dense_1']);
    const seq = keras.Sequential([keras.layers.Embedding(10, 4, { inputShape: [3] }), keras.layers.LSTM(5)]);
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['embedding', 'lstm']);
    expect(Object.keys(model.stateDict())).toContain('conv2d.weight');
    [model, seq].forEach((m) => m.dispose());
  });

  it('prints parameter counts the same way in both summaries (digits grouped by commas)', () => {
    expect([0, 999, 1000, 100480, 1234567].map(formatParamCount)).toEqual(['0', '999', '1,000', '100,480', '1,234,567']);
    const k = keras.Sequential([keras.layers.Dense(128, { inputShape: [784] }), keras.layers.Dense(10)]);
    const n = new Sequential(new Linear(784, 128), new Linear(128, 10));
    const ks = k.summary();
    const ns = n.summary([1, 784]);
    for (const s of [ks, ns]) {
      expect(s).toMatch(/\s100,480\n/); // the first layer's row
      expect(s).toMatch(/Total params: 101,770\n/);
      expect(s).toMatch(/Trainable params: 101,770\n/);
      expect(s).toMatch(/Non-trainable params: 0\n/);
    }
    [k, n].forEach((m) => m.dispose());
  });

  it('an optimizer object needs a built model: the message says to give inputShape or build first', () => {
    const unbuilt = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2, { activation: 'softmax' })]);
    expect(() => unbuilt.compile({ optimizer: new Adam(unbuilt.parameters()), loss: 'sparseCategoricalCrossentropy' })).toThrow(/inputShape or call model\.build/);
    const other = new Linear(2, 2);
    expect(() => unbuilt.compile({ optimizer: new SGD(other.parameters(), { lr: 0.1 }), loss: 'sparseCategoricalCrossentropy' }))
      .toThrow(/compile: the model is not built.*inputShape.*model\.build\(featureShape\).*'adam'/);
    unbuilt.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' }); // by name: built on fit
    unbuilt.build([3]);
    expect(() => unbuilt.compile({ optimizer: new Adam(unbuilt.parameters()), loss: 'sparseCategoricalCrossentropy' })).not.toThrow();
    [unbuilt, other].forEach((m) => m.dispose());
  });
});
