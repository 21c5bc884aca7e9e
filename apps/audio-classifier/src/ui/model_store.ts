/**
 * Saved models in the browser's IndexedDB: one object store of safetensors bytes by name.
 */
const DB = 'tensorloom-audio-classifier';
const STORE = 'models';

function request<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB'));
    open.onsuccess = () => {
      const db = open.result;
      const req = op(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => { db.close(); resolve(req.result); };
      req.onerror = () => { db.close(); reject(req.error ?? new Error('IndexedDB request failed')); };
    };
  });
}

/** Stores `bytes` under `name`. */
export const saveToBrowser = async (name: string, bytes: Uint8Array): Promise<void> => { await request('readwrite', (s) => s.put(bytes, name)); };

/** The bytes stored under `name`, or null. */
export const loadFromBrowser = async (name: string): Promise<Uint8Array | null> => {
  const v = await request<unknown>('readonly', (s) => s.get(name));
  return v instanceof Uint8Array ? v : null;
};
