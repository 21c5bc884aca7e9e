/** The page's element with an id, typed; a missing one is an error that names it, not a null. */

/**
 * The element `#id`.
 *
 * @example
 * byId<HTMLButtonElement>('train').disabled = false;
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}
