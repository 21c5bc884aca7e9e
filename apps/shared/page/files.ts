/** File download and upload of model weights, for the app pages. */

/**
 * Offers `bytes` as a file download named `name`.
 *
 * @example
 * downloadBytes(bytes, 'mnist-cnn.safetensors');
 */
export function downloadBytes(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The name and bytes of the file the user picked in `input`, or null when none; the input is
 * cleared, so that picking the same file again fires another change.
 *
 * @example
 * input.addEventListener('change', async () => { const file = await readPickedFile(input); if (file) load(file.bytes); });
 */
export async function readPickedFile(input: HTMLInputElement): Promise<{ name: string; bytes: Uint8Array } | null> {
  const file = input.files?.[0];
  input.value = '';
  return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
}
