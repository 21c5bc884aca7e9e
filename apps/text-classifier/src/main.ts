/**
 * The page: wires the controls, charts, message box, examples, confusion matrix and model
 * storage to the training worker. No tensor work happens here. The training card, the charts
 * and the model buttons are the shared ones (apps/shared/page/).
 */
import type { BackendName, FineTuneSummary, FromWorker, TaskName, ToWorker, TrainRequest, UserExample } from './protocol.js';
import type { ModelKind } from './models/text_models.js';
import type { ExplainMethod } from './explain.js';
import { WorkerClient } from '../../shared/page/worker_client.js';
import { TrainingPanel } from '../../shared/page/training_panel.js';
import { wireModelButtons } from '../../shared/page/model_buttons.js';
import { browserModelStore } from '../../shared/page/model_store.js';
import { byId as $ } from '../../shared/page/by_id.js';
import { ProbBars } from '../../shared/page/prob_bars.js';
import { renderConfusion, renderExamples, renderHighlights } from './ui/views.js';

const panel = new TrainingPanel('texts');
const message = $<HTMLTextAreaElement>('message');
const explainMethod = $<HTMLSelectElement>('explain-method');
const setModelStatus = (text: string): void => { $('model-status').textContent = text; };
const CLASSES: Record<TaskName, string[]> = { spam: ['ham', 'spam'], sentiment: ['negative', 'positive'] };
/** Epochs over the user's examples (+ replay) per fine-tuning run. */
const FINETUNE_EPOCHS = 3;

let classes = CLASSES.spam;
let bars = new ProbBars($('probs'), classes);
let examples: UserExample[] = [];

function showClasses(next: string[]): void {
  classes = next;
  $('class0-name').textContent = classes[0];
  $('class1-name').textContent = classes[1];
  $('label-buttons').innerHTML = classes.map((c, i) => `<button type="button" class="secondary" data-label="${i}">Add as ${c}</button>`).join('');
  bars = new ProbBars($('probs'), classes);
  renderExamples($('example-list'), examples, classes);
}

function onMessage(msg: FromWorker): void {
  if (panel.handles(msg)) return;
  switch (msg.type) {
    case 'ready': panel.ready(msg.backends, 'Ready. Pick a task and press Train.'); break;
    case 'trained':
      panel.hasModel = true;
      if (msg.classes.join() !== classes.join()) { examples = []; showClasses(msg.classes); }
      setModelStatus(`Trained in ${msg.seconds.toFixed(1)} s${msg.stopped ? ' (stopped early)' : ''}.`);
      void predict();
      break;
    case 'confusion': {
      renderConfusion($('confusion'), msg);
      const el = $('test-accuracy');
      el.textContent = `Accuracy ${(100 * msg.accuracy).toFixed(2)}% on ${msg.count.toLocaleString()} test texts.`;
      el.dataset.accuracy = String(msg.accuracy);
      if (!panel.fineTuning) panel.setBusy(false);
      break;
    }
    case 'finetuned': void showFineTuned(msg); break;
    default: break;
  }
}

const worker = new WorkerClient<ToWorker, FromWorker>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }), onMessage);

panel.onTrain(() => {
  const num = (k: string): number => panel.number(k);
  const req: TrainRequest = {
    type: 'train', task: panel.text('task') as TaskName, model: panel.text('model') as ModelKind, backend: panel.text('backend') as BackendName,
    trainSize: num('trainSize'), testSize: num('testSize'), epochs: num('epochs'), batchSize: num('batchSize'), lr: num('lr'), maxLen: num('maxLen'), seed: 0,
  };
  delete $('test-accuracy').dataset.accuracy;
  panel.start(req.epochs);
  worker.send(req);
}, () => worker.send({ type: 'stop' }));
$<HTMLSelectElement>('task').addEventListener('change', (e) => {
  const task = (e.target as HTMLSelectElement).value as TaskName;
  if (!panel.hasModel) showClasses(CLASSES[task]);
});

/** Predicts as the user types: one request in flight, then the latest text. */
let inFlight = false;
let sentText: string | null = null;
let sentMethod: string | null = null;
async function predict(): Promise<void> {
  if (!panel.hasModel) { $('highlights').textContent = 'Train or load a model, then type.'; return; }
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
      bars.show(r.probs);
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
  if (!panel.beginFineTune(examples.length, 'type a message and press one of the Add buttons', FINETUNE_EPOCHS)) return;
  worker.send({ type: 'finetune', examples, epochs: FINETUNE_EPOCHS });
});

async function showFineTuned(r: FineTuneSummary): Promise<void> {
  panel.setBusy(false);
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

wireModelButtons({
  store: browserModelStore('tensorloom-text-classifier'),
  fileName: () => `${classes.join('-')}-classifier.safetensors`,
  save: async () => (await worker.request<'saved'>({ type: 'save' })).bytes,
  load: async (bytes, from) => {
    if (panel.busy) { setModelStatus('Wait for training to finish, then load.'); return; }
    const r = await worker.request<'loaded'>({ type: 'load', bytes }, [bytes.buffer]);
    panel.hasModel = true;
    if (r.classes.join() !== classes.join()) { examples = []; showClasses(r.classes); }
    setModelStatus(`Loaded a ${r.kind} ${r.task} model from ${from}.`);
    delete $('test-accuracy').dataset.accuracy;
    panel.setBusy(true);
    worker.send({ type: 'evaluate' }); // answered with 'confusion'
    repredict();
  },
  say: setModelStatus,
});

showClasses(classes);
