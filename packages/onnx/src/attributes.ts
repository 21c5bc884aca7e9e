/**
 * Typed access to a node's attributes, with ONNX defaults and clear errors for attributes of
 * the wrong type.
 */
import { TensorloomError } from '@tensorloom/core';
import { AttrType, type AttributeProto, type NodeProto } from './proto.js';
import { longToNumber } from './limits.js';
import { readTensorProto, type ExternalData } from './tensor_proto.js';
import type { HostTensor } from './host_tensor.js';

const decoder = new TextDecoder();

export class Attributes {
  private readonly byName = new Map<string, AttributeProto>();

  constructor(private readonly where: string, node: NodeProto, private readonly external?: ExternalData) {
    for (const a of node.attribute ?? []) this.byName.set(a.name ?? '', a);
  }

  has(name: string): boolean { return this.byName.has(name); }
  names(): string[] { return [...this.byName.keys()]; }

  private get(name: string, type: number): AttributeProto | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    // Old writers leave `type` unset; trust the field then.
    if (a.type && a.type !== type) {
      throw new TensorloomError(this.where, `attribute '${name}' has type ${a.type}, expected ${type}`);
    }
    return a;
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    const a = this.get(name, AttrType.INT);
    return a ? longToNumber(a.i as number) : fallback;
  }

  float(name: string, fallback: number): number;
  float(name: string): number | undefined;
  float(name: string, fallback?: number): number | undefined {
    const a = this.get(name, AttrType.FLOAT);
    return a ? a.f ?? 0 : fallback;
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const a = this.get(name, AttrType.STRING);
    return a ? decoder.decode(a.s ?? new Uint8Array(0)) : fallback;
  }

  ints(name: string): number[] | undefined {
    const a = this.get(name, AttrType.INTS);
    return a ? (a.ints ?? []).map((v) => longToNumber(v as number)) : undefined;
  }

  floats(name: string): number[] | undefined {
    const a = this.get(name, AttrType.FLOATS);
    return a ? [...(a.floats ?? [])] : undefined;
  }

  strings(name: string): string[] | undefined {
    const a = this.get(name, AttrType.STRINGS);
    return a ? (a.strings ?? []).map((s) => decoder.decode(s)) : undefined;
  }

  tensor(name: string): HostTensor | undefined {
    const a = this.get(name, AttrType.TENSOR);
    return a && a.t ? readTensorProto(this.where, a.t, this.external) : undefined;
  }
}
