/**
 * The microphone: getUserMedia into an AudioWorklet that hands blocks of samples to the page,
 * which keeps the last seconds in a ring and turns a recording into one 16 kHz clip (resampled
 * band-limited, trimmed to the spoken word).
 */
import { resample } from '@tensorloom/data';
import { loudestSecond, SAMPLE_RATE, trimSilence } from '../clips.js';

/** A running microphone capture. */
export class Recorder {
  private chunks: Float32Array[] = [];
  private recording = false;
  /** Called with each new block while the microphone is open (for the live views). */
  onBlock: ((block: Float32Array) => void) | null = null;

  private constructor(private readonly context: AudioContext, private readonly stream: MediaStream) {}

  /** Opens the microphone (the browser asks the user). */
  static async open(): Promise<Recorder> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    const context = new AudioContext();
    await context.audioWorklet.addModule(new URL('../recorder_worklet.js', import.meta.url));
    const rec = new Recorder(context, stream);
    const node = new AudioWorkletNode(context, 'tensorloom-recorder');
    node.port.onmessage = (e: MessageEvent<Float32Array>) => {
      if (rec.recording) rec.chunks.push(e.data);
      rec.onBlock?.(e.data);
    };
    context.createMediaStreamSource(stream).connect(node);
    await context.resume();
    return rec;
  }

  get sampleRate(): number { return this.context.sampleRate; }

  /** Starts collecting samples. */
  start(): void { this.chunks = []; this.recording = true; }

  /** Stops collecting and returns the recording at 16 kHz and the word in it: its loudest second, silence trimmed. */
  stop(): { raw: Float32Array; word: Float32Array } {
    this.recording = false;
    const n = this.chunks.reduce((a, c) => a + c.length, 0);
    const raw = new Float32Array(n);
    let at = 0;
    for (const c of this.chunks) { raw.set(c, at); at += c.length; }
    const at16k = resample(raw, Math.round(this.context.sampleRate), SAMPLE_RATE);
    return { raw: at16k, word: trimSilence(loudestSecond(at16k)) };
  }

  /** Closes the microphone. */
  async close(): Promise<void> {
    for (const t of this.stream.getTracks()) t.stop();
    await this.context.close();
  }
}
