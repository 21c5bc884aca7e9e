/**
 * The page: wires the controls, charts, drawing pad, confusion matrix and model storage to
 * the training worker. No tensor work happens here.
 */
import type { BackendName, FromWorker, TrainRequest } from './protocol.js';
import { WorkerClient } from './ui/worker_client.js';
import { TrainingCharts } from './ui/charts.js';
import { DrawPad } from './ui/draw_pad.js';
import { ProbBars } from './ui/prob_bars.js';
import { renderConfusion } from './ui/confusion_view.js';
import { downloadBytes, readPickedFile } from './ui/files.js';
import { loadModelFromBrowser, saveModelToBrowser } from './ui/model_store.js';

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
let training = false;
let lastPixels: Float32Array | null = null;

function setBusy(busy: boolean): void {
  training = busy;
  trainButton.disabled = busy;
  stopButton.disabled = !busy;
  for (const id of ['download', 'store']) $<HTMLButtonElement>(id).disabled = busy || !hasModel;
}

function onMessage(msg: FromWorker): void {
  switch (msg.type) {
    case 'ready': {
      const select = $<HTMLSelectElement>('backend');
      select.replaceChildren(...msg.backends.map((b) => new Option(b, b)));
      trainButton.disabled = false;
      setStatus('Ready. Pick a subset size and press Train.');
      break;
    }
    case 'status': setStatus(msg.text); break;
    case 'batch': {
      const p = msg.point;
      charts.addBatch(p);
      progress.value = (p.epoch + (p.step + 1) / p.stepsPerEpoch) / epochs;
      $('speed').textContent = `epoch ${p.epoch + 1}/${epochs} · step ${p.step + 1}/${p.stepsPerEpoch} · loss ${p.loss.toFixed(3)} · ${Math.round(p.samplesPerSecond)} images/s`;
      break;
    }
    case 'epoch': charts.addEpoch(msg.point); break;
    case 'trained':
      hasModel = true;
      setModelStatus(`Trained in ${msg.seconds.toFixed(1)} s${msg.stopped ? ' (stopped early)' : ''}.`);
      void predict();
      break;
    case 'confusion':
      renderConfusion($('confusion'), msg.matrix);
      $('test-accuracy').textContent = `Accuracy ${(100 * msg.accuracy).toFixed(2)}% on ${msg.count.toLocaleString()} test images.`;
      $('test-accuracy').dataset.accuracy = String(msg.accuracy);
      setBusy(false);
      break;
    case 'error':
      setStatus(`Error: ${msg.message}`);
      setBusy(false);
      break;
    default: break;
  }
}

const worker = new WorkerClient(onMessage);

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
    const { probs } = await worker.request<'prediction'>({ type: 'predict', pixels });
    bars.show(probs);
    const best = probs.indexOf(Math.max(...probs));
    $('guess').textContent = `Looks like a ${best} (${(100 * probs[best]).toFixed(1)}% sure).`;
  } catch (e) {
    $('guess').textContent = `Error: ${(e as Error).message}`;
  }
}

const pad = new DrawPad($('pad'), (pixels) => void predict(pixels));
$('clear').addEventListener('click', () => pad.clear());

async function loadBytes(bytes: Uint8Array, from: string): Promise<void> {
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
  await saveModelToBrowser('latest', bytes);
  setModelStatus('Saved in this browser (IndexedDB).');
});
$('restore').addEventListener('click', async () => {
  const bytes = await loadModelFromBrowser('latest');
  if (bytes) await loadBytes(bytes, 'this browser');
  else setModelStatus('No model saved in this browser yet.');
});
