/**
 * The example apps' handle on their training worker: typed `send`, a listener for pushed
 * messages (progress, status), and `request` for messages that expect a reply with the same
 * id. Shared by every app (apps/shared is plain source, imported by relative path); each app
 * creates its own Worker, so that Vite finds and bundles the worker script.
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A worker speaking `To` messages in and `From` messages out; replies carry the request's `id`. */
export class WorkerClient<To extends { type: string }, From extends { type: string }> {
  private readonly pending = new Map<number, { resolve: (m: From) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  /**
   * @example
   * const client = new WorkerClient<ToWorker, FromWorker>(new Worker(new URL('../worker.ts', import.meta.url), { type: 'module' }), onMessage);
   */
  constructor(private readonly worker: Worker, onMessage: (msg: From) => void) {
    this.worker.onmessage = (event: MessageEvent<From>) => {
      const msg = event.data;
      const id = 'id' in msg ? (msg as { id?: unknown }).id : undefined;
      const waiter = typeof id === 'number' ? this.pending.get(id) : undefined;
      if (waiter && typeof id === 'number') {
        this.pending.delete(id);
        if (msg.type === 'error') waiter.reject(new Error(String((msg as { message?: unknown }).message)));
        else waiter.resolve(msg);
        return;
      }
      onMessage(msg);
    };
    this.worker.onerror = (e) => onMessage({ type: 'error', message: e.message || 'the worker failed to start' } as unknown as From);
  }

  send(msg: To, transfer: Transferable[] = []): void { this.worker.postMessage(msg, transfer); }

  /** Sends a message with a fresh id and resolves with the worker's reply to it. */
  request<T extends Extract<From, { id: number }>['type']>(msg: DistributiveOmit<Extract<To, { id: number }>, 'id'>, transfer: Transferable[] = []): Promise<Extract<From, { type: T }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (m: From) => void, reject });
      this.send({ ...msg, id } as unknown as To, transfer);
    });
  }
}
