/**
 * The page: starts the training worker, wires the forms and buttons, records from the
 * microphone (Recorder), draws the live waveform and log-mel spectrogram, and shows the
 * model's softmax probabilities for what was said.
 */
import type { BackendName, FromWorker, Example, ToWorker } from './protocol.js';
import { fitToWindow } from './clips.js';
import { Recorder } from './ui/recorder.js';
import { EpochChart, LiveView, renderConfusion } from './ui/views.js';
import { ProbBars } from '../../shared/page/prob_bars.js';
import { browserModelStore } from '../../shared/page/model_store.js';
import { WorkerClient } from '../../shared/page/worker_client.js';
import { wireModelButtons } from '../../shared/page/model_buttons.js';
import { byId as $ } from '../../shared/page/by_id.js';

const say = (id: string, text: string): void => { $(id).textContent = text; };

let labels: string[] = [];
let bars: ProbBars | null = null;
let hasModel = false;
let training = false;
const examples: Example[] = [];
const chart = new EpochChart($<HTMLCanvasElement>('chart'));

const worker = new WorkerClient<ToWorker, FromWorker>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }), (msg: FromWorker) => {
  switch (msg.type) {
    case 'ready': {
      labels = msg.labels;
      $<HTMLSelectElement>('backend').replaceChildren(...msg.backends.map((b) => new Option(b, b)));
      $<HTMLSelectElement>('example-label').innerHTML = labels.slice(0, 8).map((l, i) => `<option value="${i}">${l}</option>`).join('');
      bars = new ProbBars($('bars'), labels, (label) => label.replace(/^_(.*)_$/, '($1)'));
      $<HTMLButtonElement>('train').disabled = false;
      say('status', 'Ready. Training uses clips of eSpeak NG voices; the test set is voices it never hears.');
      return;
    }
    case 'status': say('status', msg.text); return;
    case 'batch':
      say('status', `Epoch ${msg.point.epoch + 1} · step ${msg.point.step + 1}/${msg.point.stepsPerEpoch} · loss ${msg.point.loss.toFixed(4)}`);
      $('status').dataset.loss = String(msg.point.loss); // each batch's loss, unrounded (the e2e test compares backends)
      return;
    case 'epoch': chart.add(msg.point); return;
    case 'trained':
      training = false; hasModel = true;
      $<HTMLButtonElement>('train').disabled = false; $<HTMLButtonElement>('stop').disabled = true;
      say('status', `Trained in ${msg.seconds.toFixed(1)} s${msg.stopped ? ' (stopped early)' : ''}.`);
      say('test-status', `Held-out voices: test accuracy ${(100 * msg.testAccuracy).toFixed(1)}% on ${msg.testClips} clips.`);
      $('test-status').dataset.accuracy = String(msg.testAccuracy);
      renderConfusion($<HTMLTableElement>('confusion'), msg.confusion, labels);
      return;
    case 'finetuned':
      say('examples-status', `Fine-tuned on ${msg.examples} recordings (+ ${msg.replay} replayed) in ${msg.seconds.toFixed(1)} s: your recordings ${(100 * msg.accuracyBefore).toFixed(0)}% → ${(100 * msg.accuracyAfter).toFixed(0)}% right.`);
      $('examples-status').dataset.after = String(msg.accuracyAfter);
      return;
    case 'error':
      training = false;
      $<HTMLButtonElement>('train').disabled = false;
      say('status', `Error: ${msg.message}`);
      return;
    default:
  }
});

$<HTMLFormElement>('train-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (training) return;
  training = true;
  chart.reset();
  $<HTMLButtonElement>('train').disabled = true; $<HTMLButtonElement>('stop').disabled = false;
  worker.send({
    type: 'train', backend: $<HTMLSelectElement>('backend').value as BackendName, perClass: Number($<HTMLSelectElement>('per-class').value),
    epochs: Number($<HTMLInputElement>('epochs').value), batchSize: Number($<HTMLInputElement>('batch-size').value), lr: Number($<HTMLInputElement>('lr').value), seed: 0,
  });
});
$('stop').addEventListener('click', () => worker.send({ type: 'stop' }));

// The microphone, opened on first use; one recording at a time.
let recorder: Recorder | null = null;
let live: LiveView | null = null;
let active: HTMLButtonElement | null = null;

async function toggleRecording(button: HTMLButtonElement, done: (word: Float32Array) => Promise<void>): Promise<void> {
  if (active && active !== button) return;
  if (!recorder) {
    recorder = await Recorder.open();
    live = new LiveView($<HTMLCanvasElement>('wave'), $<HTMLCanvasElement>('spec'), recorder.sampleRate);
    recorder.onBlock = (b) => live?.push(b);
  }
  if (!active) {
    active = button;
    button.classList.add('recording');
    button.dataset.label = button.textContent ?? '';
    button.textContent = '■ Stop';
    recorder.start();
    return;
  }
  const { word } = recorder.stop();
  button.classList.remove('recording');
  button.textContent = button.dataset.label ?? '';
  active = null;
  if (word.length === 0) { say('predict-status', 'Nothing was heard; check the microphone.'); return; }
  live?.draw(fitToWindow(word));
  await done(word);
}

$<HTMLButtonElement>('record').addEventListener('click', (e) => {
  toggleRecording(e.currentTarget as HTMLButtonElement, async (word) => {
    if (!hasModel) { say('predict-status', 'Train or load a model first.'); return; }
    const reply = await worker.request<'prediction'>({ type: 'predict', samples: word });
    bars?.show(reply.probs);
    const best = reply.probs.indexOf(Math.max(...reply.probs));
    say('predict-status', `Heard ${(word.length / 16000).toFixed(2)} s of speech: "${labels[best]}" (${(100 * reply.probs[best]!).toFixed(1)}%).`);
    $('predict-status').dataset.top = labels[best];
  }).catch((err: unknown) => say('predict-status', `Microphone: ${err instanceof Error ? err.message : String(err)}`));
});

$<HTMLButtonElement>('add-example').addEventListener('click', (e) => {
  toggleRecording(e.currentTarget as HTMLButtonElement, async (word) => {
    const label = Number($<HTMLSelectElement>('example-label').value);
    examples.push({ samples: word, label });
    const li = document.createElement('li');
    li.textContent = `"${labels[label]}" · ${(word.length / 16000).toFixed(2)} s`;
    $('examples').append(li);
    say('examples-status', `${examples.length} example${examples.length > 1 ? 's' : ''} recorded.`);
  }).catch((err: unknown) => say('examples-status', `Microphone: ${err instanceof Error ? err.message : String(err)}`));
});

$('finetune').addEventListener('click', () => {
  if (!hasModel) { say('examples-status', 'Train or load a model first.'); return; }
  if (examples.length === 0) { say('examples-status', 'Record some examples first.'); return; }
  say('examples-status', 'Fine-tuning…');
  worker.send({ type: 'finetune', examples: examples.map((x) => ({ ...x, samples: x.samples.slice() })), epochs: 20 });
});

wireModelButtons({
  store: browserModelStore('tensorloom-audio-classifier'),
  fileName: () => 'keywords-cnn.safetensors',
  save: async () => {
    if (!hasModel) throw new Error('train or load a model first');
    return (await worker.request<'saved'>({ type: 'save' })).bytes;
  },
  load: async (bytes, from) => {
    await worker.request<'loaded'>({ type: 'load', bytes }, [bytes.buffer]);
    hasModel = true;
    say('files-status', `Loaded the model from ${from}.`);
  },
  say: (text) => say('files-status', text),
  ids: { store: 'save-browser', restore: 'load-browser' },
});
