/**
 * The page: wires the controls, charts, drawing pad, confusion matrix and model storage to
 * the training worker. No tensor work happens here. The training card, the charts and the
 * model buttons are the shared ones (apps/shared/page/).
 */
import type { BackendName, FineTuneSummary, FromWorker, ToWorker, TrainRequest } from './protocol.js';
import { WorkerClient } from '../../shared/page/worker_client.js';
import { TrainingPanel } from '../../shared/page/training_panel.js';
import { wireModelButtons } from '../../shared/page/model_buttons.js';
import { browserModelStore } from '../../shared/page/model_store.js';
import { byId as $ } from '../../shared/page/by_id.js';
import { ProbBars } from '../../shared/page/prob_bars.js';
import { DrawPad } from './ui/draw_pad.js';
import { renderConfusion } from './ui/confusion_view.js';
import { ExamplesPanel } from './ui/examples_panel.js';

const panel = new TrainingPanel('images');
const bars = new ProbBars($('bars'), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
const setModelStatus = (text: string): void => { $('model-status').textContent = text; };
/** Epochs over the user's examples (+ MNIST replay) per fine-tuning run. */
const FINETUNE_EPOCHS = 3;
let lastPixels: Float32Array | null = null;

function onMessage(msg: FromWorker): void {
  if (panel.handles(msg)) return;
  switch (msg.type) {
    case 'ready': panel.ready(msg.backends, 'Ready. Pick a subset size and press Train.'); break;
    case 'finetuned': void showFineTuned(msg); break;
    case 'trained':
      panel.hasModel = true;
      setModelStatus(`Trained on ${msg.backend} in ${msg.seconds.toFixed(1)} s${msg.stopped ? ' (stopped early)' : ''}.`);
      void predict();
      break;
    case 'confusion':
      renderConfusion($('confusion'), msg.matrix);
      $('test-accuracy').textContent = `Accuracy ${(100 * msg.accuracy).toFixed(2)}% on ${msg.count.toLocaleString()} test images.`;
      $('test-accuracy').dataset.accuracy = String(msg.accuracy);
      if (!panel.fineTuning) panel.setBusy(false); // a fine-tuning run ends with 'finetuned'
      break;
    default: break;
  }
}

const worker = new WorkerClient<ToWorker, FromWorker>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }), onMessage);

panel.onTrain(() => {
  const req: TrainRequest = {
    type: 'train', backend: panel.text('backend') as BackendName, trainSize: panel.number('trainSize'), testSize: panel.number('testSize'),
    epochs: panel.number('epochs'), batchSize: panel.number('batchSize'), lr: panel.number('lr'), seed: 0,
  };
  panel.start(req.epochs);
  worker.send(req);
}, () => worker.send({ type: 'stop' }));

async function predict(pixels = lastPixels): Promise<void> {
  lastPixels = pixels;
  if (!pixels) { bars.show(null); $('guess').textContent = panel.hasModel ? 'Draw a digit in the black box.' : 'Train or load a model, then draw.'; return; }
  if (!panel.hasModel) { $('guess').textContent = 'Train or load a model first.'; return; }
  try {
    const { probs, temperature } = await worker.request<'prediction'>({ type: 'predict', pixels });
    bars.show(probs);
    const best = probs.indexOf(Math.max(...probs));
    const calibrated = temperature === 1 ? '' : `, calibrated: T = ${temperature.toFixed(2)}`;
    $('guess').textContent = `Looks like a ${best} (${(100 * probs[best]).toFixed(1)}% sure${calibrated}).`;
  } catch (e) {
    $('guess').textContent = `Error: ${(e as Error).message}`;
  }
}

const pad = new DrawPad($('pad'), (pixels) => void predict(pixels));
$('clear').addEventListener('click', () => pad.clear());

const examples = new ExamplesPanel($('gallery'), (message) => { $('examples-status').textContent = message; });
$('add-example').addEventListener('click', () => examples.add(pad.pixels()));
$('clear-examples').addEventListener('click', () => examples.clear());
$('finetune').addEventListener('click', () => {
  if (!panel.beginFineTune(examples.size, 'draw a digit, pick its tile, press Add example', FINETUNE_EPOCHS)) return;
  worker.send({ type: 'finetune', examples: examples.examples(), epochs: FINETUNE_EPOCHS, testSize: panel.number('testSize') });
});

/** After fine-tuning: the drawing's bars again, and before → after on the test set. */
async function showFineTuned(r: FineTuneSummary): Promise<void> {
  panel.setBusy(false);
  await predict();
  const pct = (a: number): string => `${(100 * a).toFixed(1)}%`;
  const line = `Fine-tuned on ${r.examples} of your drawing${r.examples === 1 ? '' : 's'} (+${r.replay} MNIST replay)${r.stopped ? ', stopped early' : ''}: test accuracy ${pct(r.accuracyBefore)} → ${pct(r.accuracyAfter)}.` +
    (Number.isFinite(r.eceAfter) ? ` Probabilities calibrated (T = ${r.temperature.toFixed(2)}; held-out ECE ${pct(r.eceBefore)} → ${pct(r.eceAfter)}).` : '');
  $('finetune-result').textContent = line;
  $('finetune-result').dataset.done = 'true';
  $('examples-status').textContent = `${examples.summary()} · fine-tuned in ${r.seconds.toFixed(1)} s.`;
}

wireModelButtons({
  store: browserModelStore('tensorloom-image-classifier'),
  fileName: () => 'mnist-cnn.safetensors',
  save: async () => (await worker.request<'saved'>({ type: 'save' })).bytes,
  load: async (bytes, from) => {
    if (panel.busy) { setModelStatus('Wait for training to finish, then load.'); return; }
    await worker.request<'loaded'>({ type: 'load', bytes }, [bytes.buffer]);
    panel.hasModel = true;
    panel.setBusy(false);
    setModelStatus(`Loaded the model from ${from}.`);
    worker.send({ type: 'evaluate', testSize: panel.number('testSize') });
    void predict();
  },
  say: setModelStatus,
});
