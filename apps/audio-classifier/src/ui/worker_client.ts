/**
 * The page's handle on the training worker: typed `send`, a listener for pushed messages
 * (progress, status), and `request` for messages that expect a reply with the same id.
 */
import type { FromWorker, ToWorker } from '../protocol.js';

type Reply = Extract<FromWorker, { id: number }>;

export class WorkerClient {
  private readonly worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module' });
  private readonly pending = new Map<number, { resolve: (m: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(onMessage: (msg: FromWorker) => void) {
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const msg = event.data;
      const id = 'id' in msg ? msg.id : undefined;
      const waiter = id === undefined ? undefined : this.pending.get(id);
      if (waiter && id !== undefined) {
        this.pending.delete(id);
        if (msg.type === 'error') waiter.reject(new Error(msg.message));
        else waiter.resolve(msg as Reply);
        return;
      }
      onMessage(msg);
    };
    this.worker.onerror = (e) => onMessage({ type: 'error', message: e.message || 'the worker failed to start' });
  }

  send(msg: ToWorker, transfer: Transferable[] = []): void { this.worker.postMessage(msg, transfer); }

  /** Sends a message with a fresh id and resolves with the worker's reply to it. */
  request<T extends Reply['type']>(msg: DistributiveOmit<Extract<ToWorker, { id: number }>, 'id'>, transfer: Transferable[] = []): Promise<Extract<Reply, { type: T }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (m: Reply) => void, reject });
      this.send({ ...msg, id } as ToWorker, transfer);
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
