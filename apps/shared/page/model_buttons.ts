/**
 * The model card's buttons of an app page (partials/model_card.html, or the app's own ids):
 * download the model as a .safetensors file, upload one, save it in this browser's IndexedDB
 * and load it back. The app says how to get the model's bytes from its worker and how to load
 * bytes into it; failures become a line in the card's status, never an unhandled rejection.
 */
import { byId } from './by_id.js';
import { downloadBytes, readPickedFile } from './files.js';
import type { BrowserModelStore } from './model_store.js';

/** The buttons' element ids. */
export interface ModelButtonIds { download: string; upload: string; store: string; restore: string }

const DEFAULT_IDS: ModelButtonIds = { download: 'download', upload: 'upload', store: 'store', restore: 'restore' };

/** What the buttons act on. */
export interface ModelButtonsOptions {
  /** Where "Save in browser" keeps the model (under the name `latest`). */
  store: BrowserModelStore;
  /** The download's file name. */
  fileName: () => string;
  /** The current model's bytes. */
  save: () => Promise<Uint8Array>;
  /** Loads `bytes` into the worker; `from` says where they came from (a file's name, or "this browser"). */
  load: (bytes: Uint8Array, from: string) => Promise<void>;
  /** Shows a status line. */
  say: (text: string) => void;
  ids?: Partial<ModelButtonIds>;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Wires the four buttons.
 *
 * @example
 * wireModelButtons({ store: browserModelStore('my-app'), fileName: () => 'model.safetensors', save, load, say: setModelStatus });
 */
export function wireModelButtons(options: ModelButtonsOptions): void {
  const ids = { ...DEFAULT_IDS, ...options.ids };
  const { say } = options;
  const failed = (e: unknown): void => say(`Error: ${message(e)}`);
  const load = (bytes: Uint8Array, from: string): Promise<void> => options.load(bytes, from).catch((e: unknown) => say(`Could not load: ${message(e)}`));

  byId(ids.download).addEventListener('click', () => {
    options.save().then((bytes) => {
      const name = options.fileName();
      downloadBytes(bytes, name);
      say(`Downloaded ${name} (${(bytes.byteLength / 1024).toFixed(1)} KiB).`);
    }).catch(failed);
  });
  const upload = byId<HTMLInputElement>(ids.upload);
  upload.addEventListener('change', () => {
    readPickedFile(upload).then((file) => (file ? load(file.bytes, file.name) : undefined)).catch(failed);
  });
  byId(ids.store).addEventListener('click', () => {
    options.save().then((bytes) => options.store.save('latest', bytes)).then(() => say('Saved in this browser (IndexedDB).')).catch(failed);
  });
  byId(ids.restore).addEventListener('click', () => {
    options.store.load('latest').then((bytes) => (bytes ? load(bytes, 'this browser') : say('No model saved in this browser yet.'))).catch(failed);
  });
}
