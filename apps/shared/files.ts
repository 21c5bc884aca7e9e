/** File download and upload for model weights. */

/** Offers `bytes` as a file download named `name`. */
export function downloadBytes(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The bytes of the file the user picked in `input`, or null when none. */
export async function readPickedFile(input: HTMLInputElement): Promise<Uint8Array | null> {
  const file = input.files?.[0];
  input.value = '';
  return file ? new Uint8Array(await file.arrayBuffer()) : null;
}
