/**
 * The page: wires the controls, charts, drawing pad, confusion matrix and model storage to
 * the training worker. No tensor work happens here.
 */
import type { BackendName, FineTuneSummary, FromWorker, ToWorker, TrainRequest } from './protocol.js';
import { WorkerClient } from '../../shared/worker_client.js';
import { TrainingCharts } from './ui/charts.js';
import { DrawPad } from './ui/draw_pad.js';
import { ProbBars } from './ui/prob_bars.js';
import { renderConfusion } from './ui/confusion_view.js';
import { ExamplesPanel } from './ui/examples_panel.js';
import { downloadBytes, readPickedFile } from '../../shared/files.js';
import { browserModelStore } from '../../shared/model_store.js';

const modelStore = browserModelStore('tensorloom-image-classifier');

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('train-form');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const progress = $<HTMLProgressElement>('progress');
const setStatus = (text: string): void => { $('status').textContent = text; };
const setModelStatus = (text: string): void => { $('model-status').textContent = text; };

const charts = new TrainingCharts($('loss-chart'), $('acc-chart'));
const bars = new ProbBars($('bars'));
let epochs = 1;
let hasModel = false;
/** The worker is training or fine-tuning. */
let training = false;
let fineTuning = false;
/** Epochs over the user's examples (+ MNIST replay) per fine-tuning run. */
const FINETUNE_EPOCHS = 3;
let lastPixels: Float32Array | null = null;

function setBusy(busy: boolean): void {
  training = busy;
  if (!busy) fineTuning = false;
  trainButton.disabled = busy;
  stopButton.disabled = !busy;
  for (const id of ['download', 'store']) $<HTMLButtonElement>(id).disabled = busy || !hasModel;
  $<HTMLButtonElement>('finetune').disabled = busy;
}

function onMessage(msg: FromWorker): void {
  switch (msg.type) {
    case 'ready': {
      const select = $<HTMLSelectElement>('backend');
      select.replaceChildren(...msg.backends.map((b) => new Option(b, b)));
      trainButton.disabled = false;
      $<HTMLButtonElement>('finetune').disabled = false;
      setStatus('Ready. Pick a subset size and press Train.');
      break;
    }
    case 'status': setStatus(msg.text); break;
    case 'batch': {
      const p = msg.point;
      if (!fineTuning) charts.addBatch(p);
      progress.value = (p.epoch + (p.step + 1) / p.stepsPerEpoch) / epochs;
      $('speed').textContent = `${fineTuning ? 'fine-tuning · ' : ''}epoch ${p.epoch + 1}/${epochs} · step ${p.step + 1}/${p.stepsPerEpoch} · loss ${p.loss.toFixed(3)} · ${Math.round(p.samplesPerSecond)} images/s`;
      $('speed').dataset.loss = String(p.loss);
      break;
    }
    case 'epoch': if (!fineTuning) charts.addEpoch(msg.point); break;
    case 'finetuned': void showFineTuned(msg); break;
    case 'trained':
      hasModel = true;
      setModelStatus(`Trained on ${msg.backend} in ${msg.seconds.toFixed(1)} s${msg.stopped ? ' (stopped early)' : ''}.`);
      void predict();
      break;
    case 'confusion':
      renderConfusion($('confusion'), msg.matrix);
      $('test-accuracy').textContent = `Accuracy ${(100 * msg.accuracy).toFixed(2)}% on ${msg.count.toLocaleString()} test images.`;
      $('test-accuracy').dataset.accuracy = String(msg.accuracy);
      if (!fineTuning) setBusy(false); // a fine-tuning run ends with 'finetuned'
      break;
    case 'error':
      setStatus(`Error: ${msg.message}`);
      if (fineTuning) $('examples-status').textContent = `Fine-tuning failed: ${msg.message}`;
      setBusy(false);
      break;
    default: break;
  }
}

const worker = new WorkerClient<ToWorker, FromWorker>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }), onMessage);

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(form);
  const num = (k: string): number => Number(f.get(k));
  const req: TrainRequest = {
    type: 'train', backend: f.get('backend') as BackendName, trainSize: num('trainSize'), testSize: num('testSize'),
    epochs: num('epochs'), batchSize: num('batchSize'), lr: num('lr'), seed: 0,
  };
  epochs = req.epochs;
  charts.reset();
  progress.value = 0;
  setBusy(true);
  worker.send(req);
});
stopButton.addEventListener('click', () => worker.send({ type: 'stop' }));

async function predict(pixels = lastPixels): Promise<void> {
  lastPixels = pixels;
  if (!pixels) { bars.show(null); $('guess').textContent = hasModel ? 'Draw a digit in the black box.' : 'Train or load a model, then draw.'; return; }
  if (!hasModel) { $('guess').textContent = 'Train or load a model first.'; return; }
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
  if (!hasModel) { $('examples-status').textContent = 'Train or load a model first, then fine-tune it on your examples.'; return; }
  if (examples.size === 0) { $('examples-status').textContent = 'Add a few examples first: draw a digit, pick its tile, press Add example.'; return; }
  $('finetune-result').textContent = '';
  delete $('finetune-result').dataset.done;
  epochs = FINETUNE_EPOCHS;
  progress.value = 0;
  setBusy(true);
  fineTuning = true;
  worker.send({ type: 'finetune', examples: examples.examples(), epochs, testSize: Number(new FormData(form).get('testSize')) });
});

/** After fine-tuning: the drawing's bars again, and before → after on the test set. */
async function showFineTuned(r: FineTuneSummary): Promise<void> {
  setBusy(false);
  await predict();
  const pct = (a: number): string => `${(100 * a).toFixed(1)}%`;
  const line = `Fine-tuned on ${r.examples} of your drawing${r.examples === 1 ? '' : 's'} (+${r.replay} MNIST replay)${r.stopped ? ', stopped early' : ''}: test accuracy ${pct(r.accuracyBefore)} → ${pct(r.accuracyAfter)}.` +
    (Number.isFinite(r.eceAfter) ? ` Probabilities calibrated (T = ${r.temperature.toFixed(2)}; held-out ECE ${pct(r.eceBefore)} → ${pct(r.eceAfter)}).` : '');
  $('finetune-result').textContent = line;
  $('finetune-result').dataset.done = 'true';
  $('examples-status').textContent = `${examples.summary()} · fine-tuned in ${r.seconds.toFixed(1)} s.`;
}

async function loadBytes(bytes: Uint8Array, from: string): Promise<void> {
  if (training) { setModelStatus('Wait for training to finish, then load.'); return; }
  try {
    await worker.request<'loaded'>({ type: 'load', bytes }, [bytes.buffer]);
    hasModel = true;
    setBusy(training);
    setModelStatus(`Loaded the model from ${from}.`);
    worker.send({ type: 'evaluate', testSize: Number(new FormData(form).get('testSize')) });
    void predict();
  } catch (e) {
    setModelStatus(`Could not load: ${(e as Error).message}`);
  }
}

$('download').addEventListener('click', async () => {
  const { bytes } = await worker.request<'saved'>({ type: 'save' });
  downloadBytes(bytes, 'mnist-cnn.safetensors');
  setModelStatus(`Downloaded mnist-cnn.safetensors (${(bytes.byteLength / 1024).toFixed(1)} KiB).`);
});
$('upload').addEventListener('change', async (e) => {
  const bytes = await readPickedFile(e.target as HTMLInputElement);
  if (bytes) await loadBytes(bytes, 'the file');
});
$('store').addEventListener('click', async () => {
  const { bytes } = await worker.request<'saved'>({ type: 'save' });
  await modelStore.save('latest', bytes);
  setModelStatus('Saved in this browser (IndexedDB).');
});
$('restore').addEventListener('click', async () => {
  const bytes = await modelStore.load('latest');
  if (bytes) await loadBytes(bytes, 'this browser');
  else setModelStatus('No model saved in this browser yet.');
});
