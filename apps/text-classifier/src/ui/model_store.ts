/** Saved models in the browser's IndexedDB: one object store of safetensors bytes by name. */
const DB = 'tensorloom-text-classifier';
const STORE = 'models';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('cannot open IndexedDB'));
  });
}

async function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = op(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

/** Stores `bytes` under `name` (replacing what was there). */
export async function saveModelToBrowser(name: string, bytes: Uint8Array): Promise<void> { await run('readwrite', (s) => s.put(bytes, name)); }

/** The bytes stored under `name`, or null. */
export async function loadModelFromBrowser(name: string): Promise<Uint8Array | null> {
  const v = await run<unknown>('readonly', (s) => s.get(name));
  return v instanceof Uint8Array ? v : null;
}
