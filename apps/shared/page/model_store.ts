/**
 * Saved models in the browser's IndexedDB, for every example app: one object store of
 * safetensors bytes by name, in a database named after the app.
 */
const STORE = 'models';

/** Saving and loading model bytes by name in the IndexedDB database `db`. */
export interface BrowserModelStore {
  save(name: string, bytes: Uint8Array): Promise<void>;
  /** The bytes stored under `name`, or null. */
  load(name: string): Promise<Uint8Array | null>;
}

function request<T>(db: string, mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(db, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB'));
    open.onsuccess = () => {
      const conn = open.result;
      const req = op(conn.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => { conn.close(); resolve(req.result); };
      req.onerror = () => { conn.close(); reject(req.error ?? new Error('IndexedDB request failed')); };
    };
  });
}

/**
 * The model store of one app.
 *
 * @example
 * const store = browserModelStore('tensorloom-audio-classifier');
 * await store.save('latest', bytes);
 */
export function browserModelStore(db: string): BrowserModelStore {
  return {
    save: async (name, bytes) => { await request(db, 'readwrite', (s) => s.put(bytes, name)); },
    load: async (name) => {
      const v = await request<unknown>(db, 'readonly', (s) => s.get(name));
      return v instanceof Uint8Array ? v : null;
    },
  };
}
