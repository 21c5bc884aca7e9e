/**
 * OnnxModule: an ONNX model (through `importOnnx` of @tensorloom/onnx) as an nn Module. Every
 * float initializer becomes a Parameter under its ONNX name — `conv1.weight` is registered as
 * parameter `weight` of a child scope `conv1`, so `stateDict()` keys are the ONNX names — which
 * makes an imported network trainable, freezable by name, loadable with `loadPretrained` and
 * saved in checkpoints like one built here. Forward runs the graph with the parameters' values,
 * so gradients reach them.
 */
import { TensorloomError, noGrad, tidy, type Tensor } from '@tensorloom/core';
import { Module, Parameter, type AnyModule } from '@tensorloom/nn';
import { importOnnx, type ImportOptions, type OnnxModel } from '@tensorloom/onnx';

export interface OnnxModuleOptions extends ImportOptions {
  /** The graph input the forward's tensor feeds (default: the first). */
  input?: string;
  /** The graph output forward returns (default: the first). */
  output?: string;
}

/** A parameter-only child that gives an ONNX name's dotted prefix a place in the module tree. */
class OnnxScope extends Module<never[], never> {
  forward(): never { throw new TensorloomError('OnnxModule', 'a name scope of an ONNX model has no forward; call the OnnxModule'); }
}

export class OnnxModule extends Module {
  /** The imported graph. */
  readonly graph: OnnxModel;
  readonly inputName: string;
  readonly outputName: string;
  /** ONNX initializer name → its Parameter. */
  private readonly byOnnxName = new Map<string, Parameter>();

  /**
   * Imports `model` (ONNX bytes, or an already imported model, which this module then owns).
   *
   * @example
   * const net = new OnnxModule(new Uint8Array(readFileSync('lenet.onnx')));
   * freeze(net, 'conv*');
   * net.stateDict(); // { 'conv1.weight': …, 'fc2.bias': … }
   */
  constructor(model: Uint8Array | OnnxModel, options: OnnxModuleOptions = {}) {
    super();
    this.graph = model instanceof Uint8Array ? importOnnx(model, options) : model;
    const pick = (kind: string, specs: readonly { name: string }[], want: string | undefined): string => {
      if (specs.length === 0) throw new TensorloomError('OnnxModule', `the model has no graph ${kind}s`);
      if (want === undefined) return specs[0].name;
      if (!specs.some((s) => s.name === want)) throw new TensorloomError('OnnxModule', `the model has no ${kind} '${want}'; ${kind}s: ${specs.map((s) => s.name).join(', ')}`);
      return want;
    };
    this.inputName = pick('input', this.graph.inputs, options.input);
    this.outputName = pick('output', this.graph.outputs, options.output);
    for (const [name, value] of Object.entries(this.graph.weights)) {
      const p = new Parameter(noGrad(() => value.clone()));
      this.placeParameter(name, p);
      this.byOnnxName.set(name, p);
    }
  }

  /** Registers `p` at the dotted ONNX `name`, making scopes for its prefix. */
  private placeParameter(name: string, p: Parameter): void {
    const parts = name.split('.');
    if (parts.some((s) => s === '')) throw new TensorloomError('OnnxModule', `initializer name '${name}' has an empty dotted segment; rename it in the ONNX file`);
    let owner: AnyModule = this as unknown as AnyModule;
    for (const part of parts.slice(0, -1)) {
      const child = owner.namedChildren().find(([n]) => n === part)?.[1];
      if (child && !(child instanceof OnnxScope)) throw new TensorloomError('OnnxModule', `initializer '${name}' clashes with another name`);
      owner = child ?? owner.registerModule(part, new OnnxScope() as unknown as AnyModule);
    }
    try {
      owner.registerParameter(parts[parts.length - 1], p);
    } catch {
      throw new TensorloomError('OnnxModule', `initializer '${name}' clashes with another initializer whose name it prefixes; rename one in the ONNX file`);
    }
  }

  /** The ONNX initializer names (the stateDict keys). */
  get onnxNames(): string[] { return [...this.byOnnxName.keys()]; }

  forward(x: Tensor): Tensor {
    const weights: Record<string, Tensor> = {};
    for (const [name, p] of this.byOnnxName) weights[name] = p.value;
    return tidy(() => {
      const outs = this.graph.run({ [this.inputName]: x }, { weights });
      const y = outs[this.outputName];
      if (!y) throw new TensorloomError('OnnxModule', `the graph gave no output '${this.outputName}'`);
      return y;
    });
  }

  /** Frees the parameters and the imported graph's own copies. */
  override dispose(): void {
    super.dispose();
    this.graph.dispose();
  }

  override extraRepr(): string { return `input=${this.inputName}, output=${this.outputName}, initializers=${this.byOnnxName.size}, opset=${this.graph.opset}`; }
}
