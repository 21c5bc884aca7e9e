/**
 * The worker's side of the page ↔ worker messages: `post` a message to the page, post a
 * `status` line, and `serve` the page's requests — each is handled in turn, and a failure
 * becomes an `error` message carrying the failed request's id, so the page's pending request
 * rejects with that message instead of waiting for ever.
 */
import type { CommonFromWorker } from '../protocol.js';

/** How the worker talks to its page. */
export interface PagePort<To extends { type: string }, From extends { type: string }> {
  /** Posts `msg`, transferring `transfer` (e.g. an ArrayBuffer of model bytes). */
  post(msg: From, transfer?: Transferable[]): void;
  /** Posts a status line. */
  status(text: string): void;
  /** Answers each message from the page with `handle`. */
  serve(handle: (msg: To) => Promise<void>): void;
}

/**
 * The port of the worker this runs in.
 *
 * @example
 * const { post, status, serve } = pagePort<ToWorker, FromWorker>();
 * serve(async (msg) => { if (msg.type === 'stop') abort?.abort(); });
 * post({ type: 'ready', backends });
 */
export function pagePort<To extends { type: string }, From extends { type: string }>(): PagePort<To, From> {
  const scope = self as unknown as Worker;
  const post = (msg: From | CommonFromWorker, transfer: Transferable[] = []): void => scope.postMessage(msg, transfer);
  return {
    post,
    status: (text) => post({ type: 'status', text }),
    serve: (handle) => {
      scope.onmessage = (event: MessageEvent<To>): void => {
        const msg = event.data;
        handle(msg).catch((e: unknown) => {
          const id = 'id' in msg && typeof msg.id === 'number' ? msg.id : undefined;
          post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
        });
      };
    },
  };
}

/**
 * Resolves after the messages already queued (stop, predict) have run: awaited between
 * training steps so that the worker answers them while it trains.
 *
 * @example
 * const trainer = createTrainer(model, { lr, callbacks: [{ onBatchEnd: yieldToEvents }] });
 */
export const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
