/**
 * replaceHead: swap the module at a dotted path (a classifier head for a new number of
 * classes) in place; the old module is disposed unless asked otherwise.
 */
import { TensorloomError } from '@tensorloom/core';
import { Module, type AnyModule } from '@tensorloom/nn';

export interface ReplaceHeadOptions {
  /** Free the old module's parameters (default true). */
  dispose?: boolean;
}

/**
 * Replaces the submodule at `path` with `head`, and returns `head`.
 *
 * @example
 * replaceHead(model, '7', new Linear(784, 3));        // a Sequential's last layer
 * replaceHead(model, 'classifier.fc', new Linear(512, 5));
 */
export function replaceHead<M extends AnyModule>(model: AnyModule, path: string, head: M, options: ReplaceHeadOptions = {}): M {
  if (!(head instanceof Module)) throw new TensorloomError('replaceHead', 'the new head must be an nn Module');
  if (typeof path !== 'string' || path === '') throw new TensorloomError('replaceHead', "needs the dotted path of the module to replace, e.g. 'fc' or '7'");
  const at = path.lastIndexOf('.');
  const parentPath = at < 0 ? '' : path.slice(0, at);
  const name = path.slice(at + 1);
  let parent: AnyModule;
  try {
    parent = model.getModule(parentPath);
    model.getModule(path);
  } catch {
    const names = model.namedModules().map(([n]) => n).filter((n) => n !== '');
    throw new TensorloomError('replaceHead', `no submodule '${path}' on ${model.typeName}; submodules: ${names.join(', ') || 'none'}`);
  }
  const old = parent.replaceModule(name, head);
  if (options.dispose ?? true) old.dispose();
  return head;
}
