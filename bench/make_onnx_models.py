#!/usr/bin/env python3
"""Writes the ONNX graphs the onnxruntime peers run (bench/models/, git-ignored): matmul,
softmax, conv and the MLP 784-256-10 training step derived by hand (forward, softmax
cross-entropy, backward, SGD update) run as inference. Weights are graph inputs, fed per run.
Needs the `onnx` Python package (Debian: python3-onnx). Usage: python3 make_onnx_models.py OUTDIR
"""
import os
import sys

import onnx
from onnx import TensorProto, helper as h

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "models")
os.makedirs(OUT, exist_ok=True)
F = TensorProto.FLOAT


def save(name, nodes, inputs, outputs, inits=()):
    g = h.make_graph(nodes, name, [h.make_tensor_value_info(n, F, s) for n, s in inputs],
                     [h.make_tensor_value_info(n, F, s) for n, s in outputs], initializer=list(inits))
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 17)], producer_name="tensorloom-bench")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, name + ".onnx"))


for n in (128, 256, 512, 1024):
    save(f"matmul_{n}", [h.make_node("MatMul", ["a", "b"], ["c"])], [("a", [n, n]), ("b", [n, n])], [("c", [n, n])])

for r, c in ((64, 1000), (512, 10000)):
    save(f"softmax_{r}x{c}", [h.make_node("Softmax", ["x"], ["y"], axis=-1)], [("x", [r, c])], [("y", [r, c])])

for name, (n, ci, hw, co) in {"conv_32x32x32x16": (16, 32, 32, 32), "conv_28x28x1": (64, 1, 28, 32)}.items():
    save(name, [h.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1], kernel_shape=[3, 3])],
         [("x", [n, ci, hw, hw]), ("w", [co, ci, 3, 3])], [("y", [n, co, hw, hw])])

# MLP training step: z1 = x W1 + b1, a1 = relu(z1), z2 = a1 W2 + b2, loss = mean CE(z2, y);
# dz2 = (softmax(z2) - y) / B; dW2 = a1ᵀ dz2; db2 = Σ dz2; da1 = dz2 W2ᵀ; dz1 = da1 · [z1 > 0];
# dW1 = xᵀ dz1; db1 = Σ dz1; W ← W − lr·dW.
B, D, H, C = 128, 784, 256, 10
lr = h.make_tensor("lr", F, [], [0.1])
invb = h.make_tensor("invb", F, [], [1.0 / B])
zero = h.make_tensor("zero", F, [], [0.0])
negb = h.make_tensor("negb", F, [], [-1.0 / B])
axes0 = h.make_tensor("axes0", TensorProto.INT64, [1], [0])
nodes = [
    h.make_node("Gemm", ["x", "w1", "b1"], ["z1"]),
    h.make_node("Relu", ["z1"], ["a1"]),
    h.make_node("Gemm", ["a1", "w2", "b2"], ["z2"]),
    h.make_node("LogSoftmax", ["z2"], ["ls"], axis=-1),
    h.make_node("Mul", ["ls", "y"], ["yls"]),
    h.make_node("ReduceSum", ["yls"], ["tot"], keepdims=0),
    h.make_node("Mul", ["tot", "negb"], ["loss"]),
    h.make_node("Exp", ["ls"], ["p"]),
    h.make_node("Sub", ["p", "y"], ["d2"]),
    h.make_node("Mul", ["d2", "invb"], ["dz2"]),
    h.make_node("Gemm", ["a1", "dz2"], ["dw2"], transA=1),
    h.make_node("ReduceSum", ["dz2", "axes0"], ["db2"], keepdims=0),
    h.make_node("Gemm", ["dz2", "w2"], ["da1"], transB=1),
    h.make_node("Greater", ["z1", "zero"], ["pos"]),
    h.make_node("Where", ["pos", "da1", "zero"], ["dz1"]),
    h.make_node("Gemm", ["x", "dz1"], ["dw1"], transA=1),
    h.make_node("ReduceSum", ["dz1", "axes0"], ["db1"], keepdims=0),
]
for p in ("w1", "b1", "w2", "b2"):
    nodes += [h.make_node("Mul", ["d" + p, "lr"], ["s" + p]), h.make_node("Sub", [p, "s" + p], [p + "_new"])]
save("mlp_train_step", nodes,
     [("x", [B, D]), ("y", [B, C]), ("w1", [D, H]), ("b1", [H]), ("w2", [H, C]), ("b2", [C])],
     [("loss", []), ("w1_new", [D, H]), ("b1_new", [H]), ("w2_new", [H, C]), ("b2_new", [C])],
     [lr, invb, zero, negb, axes0])
print(f"make_onnx_models: wrote {len(os.listdir(OUT))} models to {OUT}")
