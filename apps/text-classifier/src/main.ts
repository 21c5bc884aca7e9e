/**
 * The page: wires the controls, charts, message box, examples, confusion matrix and model
 * storage to the training worker. No tensor work happens here. The charts and file helpers
 * are the image app's (same Chart.js views, same download/upload code).
 */
import type { BackendName, FineTuneSummary, FromWorker, TaskName, ToWorker, TrainRequest, UserExample } from './protocol.js';
import type { ModelKind } from './models/text_models.js';
import type { ExplainMethod } from './explain.js';
import { WorkerClient } from '../../shared/worker_client.js';
import { TrainingCharts } from '../../image-classifier/src/ui/charts.js';
import { downloadBytes, readPickedFile } from '../../shared/files.js';
import { browserModelStore } from '../../shared/model_store.js';
import { renderConfusion, renderExamples, renderHighlights, renderProbs } from './ui/views.js';

const modelStore = browserModelStore('tensorloom-text-classifier');

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('train-form');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const progress = $<HTMLProgressElement>('progress');
const message = $<HTMLTextAreaElement>('message');
const explainMethod = $<HTMLSelectElement>('explain-method');
const setStatus = (text: string): void => { $('status').textContent = text; };
const setModelStatus = (text: string): void => { $('model-status').textContent = text; };
const CLASSES: Record<TaskName, string[]> = { spam: ['ham', 'spam'], sentiment: ['negative', 'positive'] };
/** Epochs over the user's examples (+ replay) per fine-tuning run. */
const FINETUNE_EPOCHS = 3;

const charts = new TrainingCharts($('loss-chart'), $('acc-chart'));
let classes = CLASSES.spam;
let epochs = 1;
let hasModel = false;
let busy = false;
let fineTuning = false;
let examples: UserExample[] = [];

function setBusy(b: boolean): void {
  busy = b;
  if (!b) fineTuning = false;
  trainButton.disabled = b;
  stopButton.disabled = !b;
  for (const id of ['download', 'store']) $<HTMLButtonElement>(id).disabled = b || !hasModel;
  $<HTMLButtonElement>('finetune').disabled = b;
}

function showClasses(next: string[]): void {
  classes = next;
  $('class0-name').textContent = classes[0];
  $('class1-name').textContent = classes[1];
  $('label-buttons').innerHTML = classes.map((c, i) => `<button type="button" class="secondary" data-label="${i}">Add as ${c}</button>`).join('');
  renderProbs($('probs'), classes, null);
  renderExamples($('example-list'), examples, classes);
}

function onMessage(msg: FromWorker): void {
  switch (msg.type) {
    case 'ready':
      $<HTMLSelectElement>('backend').replaceChildren(...msg.backends.map((b) => new Option(b, b)));
      trainButton.disabled = false;
      $<HTMLButtonElement>('finetune').disabled = false;
      setStatus('Ready. Pick a task and press Train.');
      break;
    case 'status': setStatus(msg.text); break;
    case 'batch': {
      const p = msg.point;
      if (!fineTuning) charts.addBatch(p);
      progress.value = (p.epoch + (p.step + 1) / p.stepsPerEpoch) / epochs;
      $('speed').textContent = `${fineTuning ? 'fine-tuning · ' : ''}epoch ${p.epoch + 1}/${epochs} · step ${p.step + 1}/${p.stepsPerEpoch} · loss ${p.loss.toFixed(3)} · ${Math.round(p.samplesPerSecond)} texts/s`;
      break;
    }
    case 'epoch': if (!fineTuning) charts.addEpoch(msg.point); break;
    case 'trained':
      hasModel = true;
      if (msg.classes.join() !== classes.join()) { examples = []; showClasses(msg.classes); }
      setModelStatus(`Trained in ${msg.seconds.toFixed(1)} s${msg.stopped ? ' (stopped early)' : ''}.`);
      void predict();
      break;
    case 'confusion': {
      renderConfusion($('confusion'), msg);
      const el = $('test-accuracy');
      el.textContent = `Accuracy ${(100 * msg.accuracy).toFixed(2)}% on ${msg.count.toLocaleString()} test texts.`;
      el.dataset.accuracy = String(msg.accuracy);
      if (!fineTuning) setBusy(false);
      break;
    }
    case 'finetuned': void showFineTuned(msg); break;
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
    type: 'train', task: f.get('task') as TaskName, model: f.get('model') as ModelKind, backend: f.get('backend') as BackendName,
    trainSize: num('trainSize'), testSize: num('testSize'), epochs: num('epochs'), batchSize: num('batchSize'), lr: num('lr'), maxLen: num('maxLen'), seed: 0,
  };
  epochs = req.epochs;
  charts.reset();
  progress.value = 0;
  delete $('test-accuracy').dataset.accuracy;
  setBusy(true);
  worker.send(req);
});
stopButton.addEventListener('click', () => worker.send({ type: 'stop' }));
$<HTMLSelectElement>('task').addEventListener('change', (e) => {
  const task = (e.target as HTMLSelectElement).value as TaskName;
  if (!hasModel) showClasses(CLASSES[task]);
});

/** Predicts as the user types: one request in flight, then the latest text. */
let inFlight = false;
let sentText: string | null = null;
let sentMethod: string | null = null;
async function predict(): Promise<void> {
  if (!hasModel) { $('highlights').textContent = 'Train or load a model, then type.'; return; }
  if (inFlight) return;
  inFlight = true;
  try {
    while (sentText !== message.value || sentMethod !== explainMethod.value) {
      const text = message.value;
      sentText = text;
      const method = explainMethod.value as ExplainMethod;
      sentMethod = method;
      const r = await worker.request<'prediction'>({ type: 'predict', text, explain: true, method });
      if (text !== message.value || method !== explainMethod.value) continue;
      renderProbs($('probs'), classes, r.probs);
      renderHighlights($('highlights'), text, r.tokens, classes);
      $('probs').dataset.text = text;
    }
  } catch (e) {
    $('highlights').textContent = `Error: ${(e as Error).message}`;
  } finally {
    inFlight = false;
  }
}
message.addEventListener('input', () => void predict());
explainMethod.addEventListener('change', () => void predict());
/** A new model: predict the current text again. */
const repredict = (): void => { sentText = null; void predict(); };

$('label-buttons').addEventListener('click', (e) => {
  const label = (e.target as HTMLElement).dataset.label;
  if (label === undefined) return;
  if (!message.value.trim()) { $('examples-status').textContent = 'Type a message first, then add it with its label.'; return; }
  examples.push({ text: message.value, label: Number(label) });
  renderExamples($('example-list'), examples, classes);
  const counts = classes.map((c, i) => `${examples.filter((x) => x.label === i).length} ${c}`).join(', ');
  $('examples-status').textContent = `${examples.length} example${examples.length === 1 ? '' : 's'} (${counts}).`;
});
$('clear-examples').addEventListener('click', () => {
  examples = [];
  renderExamples($('example-list'), examples, classes);
  $('examples-status').textContent = 'No examples yet.';
});
$('finetune').addEventListener('click', () => {
  if (!hasModel) { $('examples-status').textContent = 'Train or load a model first, then fine-tune it on your examples.'; return; }
  if (examples.length === 0) { $('examples-status').textContent = 'Add a few examples first: type a message and press one of the Add buttons.'; return; }
  $('finetune-result').textContent = '';
  delete $('finetune-result').dataset.done;
  epochs = FINETUNE_EPOCHS;
  progress.value = 0;
  setBusy(true);
  fineTuning = true;
  worker.send({ type: 'finetune', examples, epochs });
});

async function showFineTuned(r: FineTuneSummary): Promise<void> {
  setBusy(false);
  repredict();
  const pct = (a: number): string => `${(100 * a).toFixed(1)}%`;
  const el = $('finetune-result');
  el.textContent = `Fine-tuned on ${r.examples} example${r.examples === 1 ? '' : 's'} (+${r.replay} training texts replayed)${r.stopped ? ', stopped early' : ''}: ` +
    `P(your label) ${pct(r.exampleProbBefore)} → ${pct(r.exampleProbAfter)}; test accuracy ${pct(r.accuracyBefore)} → ${pct(r.accuracyAfter)}.`;
  el.dataset.done = 'true';
  el.dataset.before = String(r.exampleProbBefore);
  el.dataset.after = String(r.exampleProbAfter);
  $('examples-status').textContent = `${r.examples} examples · fine-tuned in ${r.seconds.toFixed(1)} s.`;
}

async function loadBytes(bytes: Uint8Array, from: string): Promise<void> {
  if (busy) { setModelStatus('Wait for training to finish, then load.'); return; }
  try {
    const r = await worker.request<'loaded'>({ type: 'load', bytes }, [bytes.buffer]);
    hasModel = true;
    if (r.classes.join() !== classes.join()) { examples = []; showClasses(r.classes); }
    setModelStatus(`Loaded a ${r.kind} ${r.task} model from ${from}.`);
    delete $('test-accuracy').dataset.accuracy;
    setBusy(true);
    worker.send({ type: 'evaluate' }); // answered with 'confusion'
    repredict();
  } catch (e) {
    setModelStatus(`Could not load: ${(e as Error).message}`);
  }
}

$('download').addEventListener('click', async () => {
  const { bytes } = await worker.request<'saved'>({ type: 'save' });
  downloadBytes(bytes, `${classes.join('-')}-classifier.safetensors`);
  setModelStatus(`Downloaded the model (${(bytes.byteLength / 1024).toFixed(1)} KiB).`);
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

showClasses(classes);
