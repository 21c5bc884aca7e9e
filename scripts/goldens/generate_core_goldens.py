"""Generate PyTorch golden fixtures for Tensorloom core ops.

Computes forward outputs and autograd gradients (vector-Jacobian products with a
random float32 cotangent) in torch float32 for softmax, logSoftmax, logsumexp,
softmaxCrossEntropy, conv2d, maxPool2d, avgPool2d, matmul and the elementwise
activations, and writes them to packages/core/test/fixtures/torch_core_goldens.json.

Each case: {name, op, attrs, inputs, output, cotangent, grads}. grads[i] is
d(sum(output * cotangent))/d(inputs[i]) or null for integer / non-differentiable
inputs. Non-finite numbers are written as the strings "Infinity", "-Infinity",
"NaN". Integer inputs are written with dtype "int32" (torch computes with int64).

Inputs are deterministic (fixed seeds). Rerun from the repository root with:

    /usr/bin/python3 scripts/goldens/generate_core_goldens.py

(needs torch and numpy; Debian's python3-torch is enough).
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)
torch.manual_seed(0)
RNG = np.random.default_rng(20240601)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_PATH = os.path.join(REPO_ROOT, "packages", "core", "test", "fixtures", "torch_core_goldens.json")
GENERATOR = "scripts/goldens/generate_core_goldens.py"

INF = float("inf")


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------

def num(v):
    """Python float of a float32 value; non-finite as strings."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def enc_float(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [num(v) for v in t.reshape(-1).tolist()]}


def enc_input(t):
    if t.dtype in (torch.int64, torch.int32):
        return {"shape": list(t.shape), "dtype": "int32", "data": [int(v) for v in t.reshape(-1).tolist()]}
    d = enc_float(t)
    return {"shape": d["shape"], "dtype": "float32", "data": d["data"]}


def randn(*shape, scale=1.0):
    return torch.from_numpy((RNG.standard_normal(shape) * scale).astype(np.float32))


def f32(values):
    return torch.tensor(values, dtype=torch.float32)


CASES = []
NAMES = set()


def add_case(name, op, attrs, inputs, fn, diff=None):
    """inputs: list of tensors; fn(*inputs) -> output tensor.
    diff: list of bools (differentiable?); default: True for float inputs."""
    assert name not in NAMES, name
    NAMES.add(name)
    if diff is None:
        diff = [t.is_floating_point() for t in inputs]
    leaves = []
    for t, d in zip(inputs, diff):
        t = t.detach().clone()
        if d:
            t.requires_grad_(True)
        leaves.append(t)
    out = fn(*leaves)
    g = randn(*out.shape) if out.dim() > 0 else randn(1).reshape(())
    wrt = [t for t, d in zip(leaves, diff) if d]
    grads_wrt = torch.autograd.grad(out, wrt, grad_outputs=g, allow_unused=True) if wrt else []
    grads = []
    it = iter(grads_wrt)
    for t, d in zip(leaves, diff):
        if not d:
            grads.append(None)
            continue
        gr = next(it)
        if gr is None:
            gr = torch.zeros_like(t)
        grads.append(enc_float(gr))
    CASES.append({
        "name": name,
        "op": op,
        "attrs": attrs,
        "inputs": [enc_input(t) for t in inputs],
        "output": enc_float(out),
        "cotangent": enc_float(g),
        "grads": grads,
    })


# ----------------------------------------------------------------------------
# softmax / logSoftmax
# ----------------------------------------------------------------------------

def softmax_family(op, tfn):
    for axis in (0, 1, -1):
        add_case(f"{op}_2d_axis{axis}".replace("-", "neg"), op, {"axis": axis},
                 [randn(3, 5, scale=2.0)], lambda x, a=axis: tfn(x, dim=a))
    for axis in (0, 1, 2, -1):
        add_case(f"{op}_3d_axis{axis}".replace("-", "neg"), op, {"axis": axis},
                 [randn(2, 3, 4, scale=2.0)], lambda x, a=axis: tfn(x, dim=a))
    add_case(f"{op}_4d_axis1", op, {"axis": 1},
             [randn(2, 3, 2, 2, scale=2.0)], lambda x: tfn(x, dim=1))
    add_case(f"{op}_1d", op, {"axis": 0}, [randn(6)], lambda x: tfn(x, dim=0))
    add_case(f"{op}_axis_size1", op, {"axis": 1}, [randn(3, 1)], lambda x: tfn(x, dim=1))
    # large-magnitude rows
    add_case(f"{op}_large_1000", op, {"axis": -1},
             [f32([[1000.0, -1000.0, 0.0], [0.5, -0.25, 1.5]])], lambda x: tfn(x, dim=-1))
    add_case(f"{op}_logits_1e4_apart", op, {"axis": -1},
             [f32([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0], [1e4, 1e4 - 1.0, 1e4 - 2.0]])],
             lambda x: tfn(x, dim=-1))
    add_case(f"{op}_large_axis0", op, {"axis": 0},
             [f32([[1000.0, 1e4], [-1000.0, 0.0], [0.0, -1e4]])], lambda x: tfn(x, dim=0))
    # -inf masked entries (not all -inf in any row)
    add_case(f"{op}_neg_inf_masked", op, {"axis": -1},
             [f32([[0.0, -INF, 1.0, -INF], [-INF, 2.0, -INF, -INF], [0.3, -1.2, 0.7, 2.2]])],
             lambda x: tfn(x, dim=-1))
    add_case(f"{op}_neg_inf_masked_axis0", op, {"axis": 0},
             [f32([[0.0, -INF, 1.0], [-INF, 2.0, 0.5], [1.5, -INF, -INF]])],
             lambda x: tfn(x, dim=0))
    # edge: an entire row of -inf -> torch yields NaN for that row (0/0)
    add_case(f"{op}_edge_all_neg_inf_row_nan", op, {"axis": -1},
             [f32([[-INF, -INF, -INF], [0.1, -0.4, 0.9]])], lambda x: tfn(x, dim=-1))


softmax_family("softmax", torch.softmax)
softmax_family("logSoftmax", torch.log_softmax)


# ----------------------------------------------------------------------------
# logsumexp
# ----------------------------------------------------------------------------

def lse_case(name, x, axes, keep):
    add_case(name, "logsumexp", {"axes": list(axes), "keepDims": keep}, [x],
             lambda t: torch.logsumexp(t, dim=tuple(axes), keepdim=keep))


lse_case("logsumexp_2d_axis1", randn(3, 4, scale=2.0), [1], False)
lse_case("logsumexp_2d_axis0_keep", randn(3, 4, scale=2.0), [0], True)
lse_case("logsumexp_2d_all", randn(3, 4, scale=2.0), [0, 1], False)
lse_case("logsumexp_2d_all_keep", randn(3, 4, scale=2.0), [0, 1], True)
lse_case("logsumexp_3d_axisneg1", randn(2, 3, 4, scale=2.0), [-1], False)
lse_case("logsumexp_3d_axes02", randn(2, 3, 4, scale=2.0), [0, 2], False)
lse_case("logsumexp_3d_axes02_keep", randn(2, 3, 4, scale=2.0), [0, 2], True)
lse_case("logsumexp_3d_axes_neg2_neg1", randn(2, 3, 4, scale=2.0), [-2, -1], True)
lse_case("logsumexp_1d", randn(7), [0], False)
lse_case("logsumexp_large_1e4", f32([[1e4, 0.0, -1e4], [1e4, 1e4, 1e4], [-1e4, -1e4 + 1.0, -1e4 + 2.0]]),
         [1], False)
lse_case("logsumexp_large_1e4_axis0_keep", f32([[1e4, -1e4], [1e4 - 3.0, 2.0], [0.0, -1e4]]), [0], True)
lse_case("logsumexp_one_neg_inf", f32([[0.5, -INF, 1.0, -0.3], [0.2, 0.4, -1.0, 2.0]]), [1], False)
# edge: an entire row of -inf -> forward -inf, backward NaN in torch
lse_case("logsumexp_edge_all_neg_inf_row", f32([[-INF, -INF, -INF], [0.2, 0.1, -0.5]]), [1], False)


# ----------------------------------------------------------------------------
# softmaxCrossEntropy
# ----------------------------------------------------------------------------

def ce_attrs(axis=1, reduction="mean", label_smoothing=0.0, ignore_index=None):
    return {"axis": axis, "reduction": reduction, "labelSmoothing": label_smoothing,
            "ignoreIndex": ignore_index}


def ce_fn(axis, reduction, label_smoothing, ignore_index):
    def fn(logits, target, weight=None):
        lg = logits
        tg = target
        if axis not in (1, 1 - logits.dim()) and logits.dim() > 1:
            lg = torch.movedim(logits, axis, 1)
            if tg.is_floating_point():
                tg = torch.movedim(tg, axis, 1)
        if weight is not None:
            weight = weight.detach()
        return F.cross_entropy(lg, tg, weight=weight,
                               ignore_index=(ignore_index if ignore_index is not None else -100),
                               reduction=reduction, label_smoothing=label_smoothing)
    return fn


def int_targets(shape, C):
    return torch.from_numpy(RNG.integers(0, C, size=shape).astype(np.int64))


def soft_targets(N, C, extra=()):
    p = RNG.random((N, C) + tuple(extra)).astype(np.float64) + 0.05
    p = p / p.sum(axis=1, keepdims=True)
    return torch.from_numpy(p.astype(np.float32))


def ce_case(name, logits, target, weight=None, **kw):
    attrs = ce_attrs(**kw)
    inputs = [logits, target] + ([weight] if weight is not None else [])
    diff = [True, False] + ([False] if weight is not None else [])
    add_case(name, "softmaxCrossEntropy", attrs, inputs,
             ce_fn(attrs["axis"], attrs["reduction"], attrs["labelSmoothing"], attrs["ignoreIndex"]),
             diff=diff)


N, C = 4, 5
for red in ("none", "mean", "sum"):
    ce_case(f"sce_int_{red}", randn(N, C, scale=2.0), int_targets((N,), C), reduction=red)
for red in ("none", "mean", "sum"):
    ce_case(f"sce_soft_{red}", randn(N, C, scale=2.0), soft_targets(N, C), reduction=red)
ce_case("sce_int_1d_logits_mean", randn(C, scale=2.0), torch.tensor(2, dtype=torch.int64), axis=0,
        reduction="mean")
W = torch.from_numpy((RNG.random(C) * 2.0 + 0.25).astype(np.float32))
ce_case("sce_int_weight_mean", randn(N, C, scale=2.0), int_targets((N,), C), weight=W, reduction="mean")
ce_case("sce_int_weight_sum", randn(N, C, scale=2.0), int_targets((N,), C), weight=W, reduction="sum")
ce_case("sce_int_weight_none", randn(N, C, scale=2.0), int_targets((N,), C), weight=W, reduction="none")
ce_case("sce_soft_weight_mean", randn(N, C, scale=2.0), soft_targets(N, C), weight=W, reduction="mean")
ce_case("sce_ignore_index_mean", randn(6, C, scale=2.0), torch.tensor([0, -1, 3, -1, 4, 1]),
        ignore_index=-1, reduction="mean")
ce_case("sce_ignore_index_none", randn(6, C, scale=2.0), torch.tensor([0, -1, 3, -1, 4, 1]),
        ignore_index=-1, reduction="none")
ce_case("sce_ignore_index_sum", randn(6, C, scale=2.0), torch.tensor([0, -1, 3, -1, 4, 1]),
        ignore_index=-1, reduction="sum")
ce_case("sce_ignore_index_class2_mean", randn(6, C, scale=2.0), torch.tensor([2, 0, 2, 3, 4, 1]),
        ignore_index=2, reduction="mean")
ce_case("sce_ignore_index_default_neg100_mean", randn(5, C, scale=2.0), torch.tensor([1, -100, 3, 0, -100]),
        ignore_index=-100, reduction="mean")
for red in ("mean", "sum", "none"):
    ce_case(f"sce_int_label_smoothing_{red}", randn(N, C, scale=2.0), int_targets((N,), C),
            label_smoothing=0.1, reduction=red)
for red in ("mean", "none"):
    ce_case(f"sce_soft_label_smoothing_{red}", randn(N, C, scale=2.0), soft_targets(N, C),
            label_smoothing=0.1, reduction=red)
for red in ("mean", "sum", "none"):
    ce_case(f"sce_weight_smoothing_ignore_{red}", randn(6, C, scale=2.0), torch.tensor([0, 3, -1, 4, 3, -1]),
            weight=W, label_smoothing=0.1, ignore_index=-1, reduction=red)
# 3-D logits [N, C, L], targets [N, L]
for red in ("none", "mean", "sum"):
    ce_case(f"sce_3d_axis1_{red}", randn(2, C, 3, scale=2.0), int_targets((2, 3), C), reduction=red)
ce_case("sce_3d_axis1_soft_mean", randn(2, C, 3, scale=2.0), soft_targets(2, C, (3,)), reduction="mean")
ce_case("sce_3d_axis1_weight_ignore_mean", randn(2, C, 3, scale=2.0), torch.tensor([[1, -1, 4], [0, 2, -1]]),
        weight=W, ignore_index=-1, reduction="mean")
# axis = -1 on [N, L, C]
for red in ("none", "mean"):
    ce_case(f"sce_3d_axisneg1_{red}", randn(2, 3, C, scale=2.0), int_targets((2, 3), C), axis=-1,
            reduction=red)
ce_case("sce_3d_axisneg1_smoothing_mean", randn(2, 3, C, scale=2.0), int_targets((2, 3), C), axis=-1,
        label_smoothing=0.1, reduction="mean")
# logits 1e4 apart
big = f32([[1e4, 0.0, -1e4], [1e4, 0.0, -1e4], [-1e4, 1e4, 0.0], [0.0, -1e4, 1e4]])
for red in ("none", "mean"):
    ce_case(f"sce_logits_1e4_apart_{red}", big, torch.tensor([0, 2, 0, 2]), reduction=red)
ce_case("sce_logits_1e4_apart_smoothing_mean", big, torch.tensor([0, 2, 0, 2]), label_smoothing=0.1,
        reduction="mean")
# edge: every target ignored with mean reduction -> torch gives 0/0 = NaN
ce_case("sce_edge_all_ignored_mean_nan", randn(3, C), torch.tensor([-1, -1, -1]), ignore_index=-1,
        reduction="mean")


# ----------------------------------------------------------------------------
# conv2d
# ----------------------------------------------------------------------------

def conv_case(name, xshape, wshape, bias, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    attrs = {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "groups": groups}
    inputs = [randn(*xshape), randn(*wshape, scale=0.5)]
    if bias:
        inputs.append(randn(wshape[0]))
    add_case(name, "conv2d", attrs, inputs,
             lambda x, w, b=None: F.conv2d(x, w, b, stride=tuple(stride), padding=tuple(padding),
                                           dilation=tuple(dilation), groups=groups))


conv_case("conv2d_3x3_nobias", (2, 3, 6, 6), (4, 3, 3, 3), False)
conv_case("conv2d_3x3_bias", (2, 3, 6, 6), (4, 3, 3, 3), True)
conv_case("conv2d_1x1_bias", (2, 3, 4, 5), (2, 3, 1, 1), True)
conv_case("conv2d_stride2_bias", (2, 3, 6, 6), (4, 3, 3, 3), True, stride=(2, 2))
conv_case("conv2d_stride2_odd_nobias", (1, 2, 7, 7), (3, 2, 3, 3), False, stride=(2, 2))
conv_case("conv2d_pad1_bias", (2, 3, 5, 5), (4, 3, 3, 3), True, padding=(1, 1))
conv_case("conv2d_pad1_stride2_nobias", (2, 3, 6, 6), (4, 3, 3, 3), False, stride=(2, 2), padding=(1, 1))
conv_case("conv2d_dilation2_bias", (2, 3, 6, 6), (4, 3, 3, 3), True, dilation=(2, 2))
conv_case("conv2d_dilation2_pad2_nobias", (1, 3, 6, 6), (2, 3, 3, 3), False, padding=(2, 2), dilation=(2, 2))
conv_case("conv2d_groups2_bias", (2, 4, 5, 5), (6, 2, 3, 3), True, groups=2)
conv_case("conv2d_groups2_nobias_pad1", (2, 4, 5, 5), (4, 2, 3, 3), False, padding=(1, 1), groups=2)
conv_case("conv2d_depthwise_bias", (2, 3, 6, 6), (3, 1, 3, 3), True, padding=(1, 1), groups=3)
conv_case("conv2d_depthwise_mult2_nobias", (2, 3, 5, 5), (6, 1, 3, 3), False, groups=3)
conv_case("conv2d_kernel2x3_bias", (2, 3, 5, 6), (4, 3, 2, 3), True)
conv_case("conv2d_kernel2x3_stride21_pad10", (2, 3, 6, 6), (4, 3, 2, 3), False, stride=(2, 1),
          padding=(1, 0))
conv_case("conv2d_nonsquare_stride12_pad21_dil21_bias", (2, 2, 6, 6), (3, 2, 3, 2), True, stride=(1, 2),
          padding=(2, 1), dilation=(2, 1))
conv_case("conv2d_kernel3x1_stride31_pad01", (1, 2, 6, 5), (2, 2, 3, 1), True, stride=(3, 1),
          padding=(0, 1))


# ----------------------------------------------------------------------------
# pooling
# ----------------------------------------------------------------------------

def maxpool_case(name, xshape, k, s, p):
    add_case(name, "maxPool2d", {"kernelSize": list(k), "stride": list(s), "padding": list(p)},
             [randn(*xshape)],
             lambda x: F.max_pool2d(x, kernel_size=tuple(k), stride=tuple(s), padding=tuple(p)))


maxpool_case("maxPool2d_2x2_s2", (2, 3, 6, 6), (2, 2), (2, 2), (0, 0))
maxpool_case("maxPool2d_2x2_s2_odd", (1, 2, 5, 5), (2, 2), (2, 2), (0, 0))
maxpool_case("maxPool2d_3x3_s2_p1", (2, 3, 6, 6), (3, 3), (2, 2), (1, 1))
maxpool_case("maxPool2d_3x2_s1", (2, 2, 5, 6), (3, 2), (1, 1), (0, 0))
maxpool_case("maxPool2d_3x3_s1_p1", (1, 2, 4, 5), (3, 3), (1, 1), (1, 1))
maxpool_case("maxPool2d_2x3_s12_p01", (2, 2, 5, 6), (2, 3), (1, 2), (0, 1))


def avgpool_case(name, xshape, k, s, p, cip):
    add_case(name, "avgPool2d",
             {"kernelSize": list(k), "stride": list(s), "padding": list(p), "countIncludePad": cip},
             [randn(*xshape)],
             lambda x: F.avg_pool2d(x, kernel_size=tuple(k), stride=tuple(s), padding=tuple(p),
                                    count_include_pad=cip))


avgpool_case("avgPool2d_2x2_s2", (2, 3, 6, 6), (2, 2), (2, 2), (0, 0), True)
avgpool_case("avgPool2d_3x2_s1", (2, 2, 5, 6), (3, 2), (1, 1), (0, 0), False)
for cip in (True, False):
    tag = "incl" if cip else "excl"
    avgpool_case(f"avgPool2d_3x3_s1_p1_{tag}", (2, 2, 5, 5), (3, 3), (1, 1), (1, 1), cip)
    avgpool_case(f"avgPool2d_3x3_s2_p1_{tag}", (2, 3, 6, 6), (3, 3), (2, 2), (1, 1), cip)
    avgpool_case(f"avgPool2d_2x3_s12_p11_{tag}", (1, 2, 5, 6), (2, 3), (1, 2), (1, 1), cip)


# ----------------------------------------------------------------------------
# matmul
# ----------------------------------------------------------------------------

def matmul_case(name, ashape, bshape):
    add_case(name, "matmul", {}, [randn(*ashape), randn(*bshape)], torch.matmul)


matmul_case("matmul_2d", (3, 4), (4, 5))
matmul_case("matmul_1d_2d", (4,), (4, 5))
matmul_case("matmul_2d_1d", (3, 4), (4,))
matmul_case("matmul_1d_1d", (4,), (4,))
matmul_case("matmul_batched", (2, 3, 4), (2, 4, 5))
matmul_case("matmul_broadcast_4d_3d", (2, 1, 3, 4), (3, 4, 2))
matmul_case("matmul_batched_3d_2d", (5, 3, 4), (4, 2))
matmul_case("matmul_2d_batched_3d", (3, 4), (2, 4, 5))
matmul_case("matmul_1d_batched_3d", (4,), (2, 4, 3))
matmul_case("matmul_batched_3d_1d", (2, 3, 4), (4,))


# ----------------------------------------------------------------------------
# activations
# ----------------------------------------------------------------------------

def act_input(extra=()):
    special = [-30.0, -20.0, -10.0, -5.0, -2.0, -1.0, -0.5, -0.1, -1e-3, -1e-6,
               1e-6, 1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0] + list(extra)
    # 36 values -> shape [6, 6]; random fill (never exactly 0, so no relu/elu kinks)
    rnd = (RNG.standard_normal(36 - len(special)) * 2.0).tolist()
    return f32(special + rnd).reshape(6, 6)


def act_case(name, op, attrs, fn, extra=()):
    add_case(name, op, attrs, [act_input(extra)], fn)


act_case("relu", "relu", {}, F.relu)
for ns in (0.01, 0.2):
    act_case(f"leakyRelu_{ns}", "leakyRelu", {"negativeSlope": ns}, lambda x, ns=ns: F.leaky_relu(x, ns))
for a in (1.0, 0.5):
    act_case(f"elu_alpha{a}", "elu", {"alpha": a}, lambda x, a=a: F.elu(x, alpha=a))
for appr in ("none", "tanh"):
    act_case(f"gelu_{appr}", "gelu", {"approximate": appr}, lambda x, appr=appr: F.gelu(x, approximate=appr),
             extra=[0.0, -3.0, 3.0])
act_case("sigmoid", "sigmoid", {}, torch.sigmoid, extra=[0.0, -50.0, 50.0, -100.0, 100.0])
act_case("tanh", "tanh", {}, torch.tanh, extra=[0.0, -50.0, 50.0])
act_case("silu", "silu", {}, F.silu, extra=[0.0, -50.0, 50.0, -100.0])
for beta in (1.0, 2.0):
    act_case(f"softplus_beta{int(beta)}", "softplus", {"beta": beta, "threshold": 20.0},
             lambda x, b=beta: F.softplus(x, beta=b, threshold=20.0),
             extra=[0.0, 9.9, 10.1, 19.9, 20.1, -50.0, 50.0])


# ----------------------------------------------------------------------------

def main():
    doc = {"generator": GENERATOR, "torch": torch.__version__, "cases": CASES}
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        json.dump(doc, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    counts = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print(f"wrote {len(CASES)} cases to {OUT_PATH} ({os.path.getsize(OUT_PATH)} bytes)")
    for op, n in counts.items():
        print(f"  {op}: {n}")


if __name__ == "__main__":
    main()
