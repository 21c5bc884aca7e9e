"""Generate PyTorch golden fixtures for @tensorloom/nn.

Writes three files into packages/nn/test/fixtures/:

  nn_layers.json  forward outputs and gradients of every layer (LSTM, GRU and
                  MultiheadAttention included), the losses and the
                  Mixture-of-Softmaxes output layer. Each case holds the torch
                  state_dict (PyTorch key names), the inputs, the outputs, a
                  random cotangent per output, and d(sum(out * cot)) with respect
                  to every parameter and every float input. BatchNorm cases also
                  hold the buffers after the forward pass.
  nn_optim.json   100-step training trajectories of a small MLP for every
                  optimizer, alone and with each LR schedule: the initial
                  weights, the data, the loss and lr at every step, and the final
                  weights.

Non-finite numbers are the strings "Infinity", "-Infinity", "NaN". Integer
tensors carry dtype "int32". Inputs are deterministic (fixed seeds). Rerun from
the repository root with:

    /usr/bin/python3 scripts/goldens/generate_nn_goldens.py

(needs torch and numpy; Debian's python3-torch is enough).
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)
torch.manual_seed(0)
RNG = np.random.default_rng(20240607)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "packages", "nn", "test", "fixtures")
GENERATOR = "scripts/goldens/generate_nn_goldens.py"


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------

def num(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def enc(t):
    t = t.detach()
    if t.dtype in (torch.int64, torch.int32, torch.bool):
        dtype = "bool" if t.dtype == torch.bool else "int32"
        return {"shape": list(t.shape), "dtype": dtype, "data": [int(v) for v in t.reshape(-1).tolist()]}
    t = t.to(torch.float32).contiguous()
    return {"shape": list(t.shape), "dtype": "float32", "data": [num(v) for v in t.reshape(-1).tolist()]}


def randn(*shape, scale=1.0):
    return torch.from_numpy(np.asarray(RNG.standard_normal(shape) * scale, dtype=np.float32))


def randint(low, high, shape):
    return torch.from_numpy(RNG.integers(low, high, size=shape).astype(np.int64))


def perturb_state(module, scale=0.5):
    """Replace default-initialised parameters by random ones (so ones/zeros inits are tested too)."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(randn(*p.shape, scale=scale))


def flat_outputs(out):
    if isinstance(out, torch.Tensor):
        return [out]
    res = []
    for o in out:
        if o is None:
            continue
        res.extend(flat_outputs(o))
    return res


LAYER_CASES = []


def layer_case(name, layer, config, module, inputs, forward=None, train=True, perturb=True, float_inputs=None):
    """inputs: dict name -> tensor (order matters: positional arguments)."""
    if perturb:
        perturb_state(module)
    module.train(train)
    state = {k: enc(v) for k, v in module.state_dict().items()}
    leaves = {}
    for k, v in inputs.items():
        v = v.detach().clone()
        if v.is_floating_point() and (float_inputs is None or k in float_inputs):
            v.requires_grad_(True)
        leaves[k] = v
    out = forward(module, leaves) if forward else module(*leaves.values())
    outs = flat_outputs(out)
    cots = [randn(*o.shape) for o in outs]
    total = sum((o * c).sum() for o, c in zip(outs, cots))
    params = dict(module.named_parameters())
    wrt_names = list(params.keys()) + [k for k, v in leaves.items() if v.requires_grad]
    wrt = [params[k] for k in params] + [leaves[k] for k in leaves if leaves[k].requires_grad]
    grads = torch.autograd.grad(total, wrt, allow_unused=True)
    gdict = {}
    for n, g, t in zip(wrt_names, grads, wrt):
        gdict[n] = enc(g if g is not None else torch.zeros_like(t))
    case = {
        "name": name, "layer": layer, "config": config, "train": train,
        "state": state, "inputs": {k: enc(v) for k, v in inputs.items()},
        "outputs": [enc(o) for o in outs], "cotangents": [enc(c) for c in cots], "grads": gdict,
    }
    if any(k.startswith("running_") or ".running_" in k for k in state):
        case["buffersAfter"] = {k: enc(v) for k, v in module.state_dict().items() if "running" in k or "num_batches" in k}
    LAYER_CASES.append(case)


# ----------------------------------------------------------------------------
# layers
# ----------------------------------------------------------------------------

def layers():
    layer_case("linear", "Linear", {"in": 5, "out": 3}, nn.Linear(5, 3), {"x": randn(4, 5)})
    layer_case("linear_nobias_3d", "Linear", {"in": 5, "out": 3, "bias": False}, nn.Linear(5, 3, bias=False), {"x": randn(2, 3, 5)})
    for name, cfg in [
        ("conv_pad1", dict(cin=3, cout=4, k=3, stride=1, padding=1, dilation=1, groups=1, bias=True)),
        ("conv_stride2", dict(cin=3, cout=4, k=3, stride=2, padding=0, dilation=1, groups=1, bias=True)),
        ("conv_dilation2_pad2", dict(cin=2, cout=3, k=3, stride=1, padding=2, dilation=2, groups=1, bias=True)),
        ("conv_groups2_nobias", dict(cin=4, cout=6, k=2, stride=1, padding=1, dilation=1, groups=2, bias=False)),
    ]:
        m = nn.Conv2d(cfg["cin"], cfg["cout"], cfg["k"], stride=cfg["stride"], padding=cfg["padding"],
                      dilation=cfg["dilation"], groups=cfg["groups"], bias=cfg["bias"])
        layer_case(name, "Conv2d", cfg, m, {"x": randn(2, cfg["cin"], 6, 7)})
    layer_case("maxpool_k2", "MaxPool2d", {"k": 2}, nn.MaxPool2d(2), {"x": randn(2, 3, 6, 6)})
    layer_case("maxpool_k3_s2_p1", "MaxPool2d", {"k": 3, "stride": 2, "padding": 1}, nn.MaxPool2d(3, 2, 1), {"x": randn(1, 2, 7, 6)})
    layer_case("avgpool_k2", "AvgPool2d", {"k": 2}, nn.AvgPool2d(2), {"x": randn(2, 3, 6, 6)})
    layer_case("avgpool_k3_s1_p1_exclpad", "AvgPool2d", {"k": 3, "stride": 1, "padding": 1, "countIncludePad": False},
               nn.AvgPool2d(3, 1, 1, count_include_pad=False), {"x": randn(1, 2, 5, 4)})
    layer_case("adaptive_avg_1", "AdaptiveAvgPool2d", {"out": [1, 1]}, nn.AdaptiveAvgPool2d(1), {"x": randn(2, 3, 5, 4)})
    layer_case("adaptive_avg_3x2", "AdaptiveAvgPool2d", {"out": [3, 2]}, nn.AdaptiveAvgPool2d((3, 2)), {"x": randn(2, 2, 7, 5)})
    layer_case("flatten", "Flatten", {}, nn.Flatten(), {"x": randn(2, 3, 2, 2)})
    layer_case("batchnorm1d_train_2d", "BatchNorm1d", {"c": 4}, nn.BatchNorm1d(4), {"x": randn(8, 4)})
    layer_case("batchnorm1d_train_3d", "BatchNorm1d", {"c": 3, "momentum": 0.3}, nn.BatchNorm1d(3, momentum=0.3), {"x": randn(4, 3, 5)})
    layer_case("batchnorm2d_train", "BatchNorm2d", {"c": 3}, nn.BatchNorm2d(3), {"x": randn(4, 3, 5, 5)})
    bn = nn.BatchNorm2d(3)
    with torch.no_grad():
        bn.running_mean.copy_(randn(3))
        bn.running_var.copy_(randn(3).abs() + 0.5)
        bn.num_batches_tracked.fill_(7)
    layer_case("batchnorm2d_eval", "BatchNorm2d", {"c": 3}, bn, {"x": randn(2, 3, 4, 4)}, train=False)
    layer_case("layernorm_last", "LayerNorm", {"shape": [6]}, nn.LayerNorm(6), {"x": randn(2, 3, 6)})
    layer_case("layernorm_last2", "LayerNorm", {"shape": [3, 6], "eps": 1e-3}, nn.LayerNorm([3, 6], eps=1e-3), {"x": randn(2, 3, 6)})
    emb = nn.Embedding(10, 4, padding_idx=1)
    ids = torch.tensor([[1, 3, 5], [7, 1, 3]])
    layer_case("embedding_padding", "Embedding", {"num": 10, "dim": 4, "paddingIdx": 1}, emb, {"ids": ids}, perturb=True)
    layer_case("embedding", "Embedding", {"num": 6, "dim": 3}, nn.Embedding(6, 3), {"ids": torch.tensor([0, 5, 2, 2])})
    x = randn(3, 5, scale=2.0)
    for name, m, cfg in [
        ("ReLU", nn.ReLU(), {}), ("LeakyReLU", nn.LeakyReLU(0.2), {"slope": 0.2}), ("GELU", nn.GELU(), {}),
        ("GELU_tanh", nn.GELU(approximate="tanh"), {"approximate": "tanh"}), ("SiLU", nn.SiLU(), {}),
        ("Sigmoid", nn.Sigmoid(), {}), ("Tanh", nn.Tanh(), {}), ("Softmax", nn.Softmax(dim=1), {"dim": 1}),
        ("LogSoftmax", nn.LogSoftmax(dim=1), {"dim": 1}),
    ]:
        layer_case("act_" + name, name.split("_")[0], cfg, m, {"x": x})
    layer_case("softmax_temperature", "SoftmaxT", {"dim": -1, "temperature": 2.5}, nn.Identity(), {"x": x},
               forward=lambda m, i: torch.softmax(i["x"] / 2.5, dim=-1))
    seq = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2))
    layer_case("sequential_mlp", "SequentialMLP", {}, seq, {"x": randn(3, 4)})


def recurrent():
    for kind, cls in (("LSTM", nn.LSTM), ("GRU", nn.GRU)):
        m = cls(4, 5, num_layers=2, batch_first=True, bidirectional=True)
        layer_case(f"{kind.lower()}_2layer_bidir_batchfirst", kind,
                   {"input": 4, "hidden": 5, "numLayers": 2, "batchFirst": True, "bidirectional": True},
                   m, {"x": randn(2, 3, 4)})
        m = cls(3, 4)
        if kind == "LSTM":
            inputs = {"x": randn(5, 2, 3), "h0": randn(1, 2, 4), "c0": randn(1, 2, 4)}
            fwd = lambda mod, i: mod(i["x"], (i["h0"], i["c0"]))
        else:
            inputs = {"x": randn(5, 2, 3), "h0": randn(1, 2, 4)}
            fwd = lambda mod, i: mod(i["x"], i["h0"])
        layer_case(f"{kind.lower()}_seqfirst_h0", kind, {"input": 3, "hidden": 4}, m, inputs, forward=fwd)
        m = cls(3, 4, num_layers=1, bias=False, batch_first=True)
        layer_case(f"{kind.lower()}_nobias", kind, {"input": 3, "hidden": 4, "bias": False, "batchFirst": True}, m, {"x": randn(2, 4, 3)})


def attention():
    e, h = 8, 2
    m = nn.MultiheadAttention(e, h, batch_first=True)
    q, k, v = randn(2, 4, e), randn(2, 5, e), randn(2, 5, e)
    kpm = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
    layer_case("mha_batchfirst_keypadding", "MultiheadAttention", {"embed": e, "heads": h, "batchFirst": True},
               m, {"query": q, "key": k, "value": v, "keyPaddingMask": kpm},
               forward=lambda mod, i: mod(i["query"], i["key"], i["value"], key_padding_mask=i["keyPaddingMask"]))
    m = nn.MultiheadAttention(e, h)
    x = randn(4, 2, e)
    causal = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
    layer_case("mha_self_causal", "MultiheadAttention", {"embed": e, "heads": h, "causal": True},
               m, {"query": x},
               forward=lambda mod, i: mod(i["query"], i["query"], i["query"], attn_mask=causal))
    m = nn.MultiheadAttention(e, 4, batch_first=True)
    x = randn(2, 3, e)
    layer_case("mha_4heads_perhead_weights", "MultiheadAttention", {"embed": e, "heads": 4, "batchFirst": True, "averageAttnWeights": False},
               m, {"query": x},
               forward=lambda mod, i: mod(i["query"], i["query"], i["query"], average_attn_weights=False))


class MoS(nn.Module):
    """Mixture of Softmaxes (Yang et al. 2018), returning log-probabilities."""

    def __init__(self, d, vocab, k):
        super().__init__()
        self.k, self.d = k, d
        self.prior = nn.Linear(d, k, bias=False)
        self.latent = nn.Linear(d, k * d)
        self.decoder = nn.Linear(d, vocab)

    def forward(self, h):
        n = h.shape[0]
        log_prior = torch.log_softmax(self.prior(h), dim=-1)  # [N, K]
        lat = torch.tanh(self.latent(h)).view(n, self.k, self.d)
        logp = torch.log_softmax(self.decoder(lat), dim=-1)  # [N, K, V]
        return torch.logsumexp(logp + log_prior.unsqueeze(-1), dim=1)


def mixture():
    layer_case("mixture_of_softmaxes", "MixtureOfSoftmaxes", {"in": 6, "vocab": 7, "mixtures": 3}, MoS(6, 7, 3), {"h": randn(4, 6)})


# ----------------------------------------------------------------------------
# losses (as layer cases without parameters)
# ----------------------------------------------------------------------------

def losses():
    N, C = 5, 4
    logits = randn(N, C, scale=2.0)
    t = randint(0, C, (N,))
    w = randn(C).abs() + 0.2
    t_ign = t.clone(); t_ign[1] = -100
    def loss_case(name, kind, cfg, inputs, fn, float_inputs=("input",)):
        layer_case(name, kind, cfg, nn.Identity(), inputs, forward=lambda m, i: fn(i), perturb=False, float_inputs=float_inputs)
    loss_case("ce_mean", "crossEntropy", {}, {"input": logits, "target": t}, lambda i: F.cross_entropy(i["input"], i["target"]))
    loss_case("ce_weight_ignore_smooth", "crossEntropy", {"ignoreIndex": -100, "labelSmoothing": 0.1, "weight": enc(w)},
              {"input": logits, "target": t_ign}, lambda i: F.cross_entropy(i["input"], i["target"], weight=w, label_smoothing=0.1))
    loss_case("ce_sum_3d", "crossEntropy", {"reduction": "sum"}, {"input": randn(2, C, 3), "target": randint(0, C, (2, 3))},
              lambda i: F.cross_entropy(i["input"], i["target"], reduction="sum"))
    soft = torch.softmax(randn(N, C), dim=1)
    loss_case("ce_soft_none", "crossEntropy", {"reduction": "none"}, {"input": logits, "target": soft},
              lambda i: F.cross_entropy(i["input"], i["target"], reduction="none"))
    lp = torch.log_softmax(logits, dim=1)
    loss_case("nll_mean", "nllLoss", {}, {"input": lp, "target": t}, lambda i: F.nll_loss(i["input"], i["target"]))
    loss_case("nll_weight_ignore", "nllLoss", {"weight": enc(w), "ignoreIndex": -100}, {"input": lp, "target": t_ign},
              lambda i: F.nll_loss(i["input"], i["target"], weight=w))
    loss_case("nll_none", "nllLoss", {"reduction": "none"}, {"input": lp, "target": t},
              lambda i: F.nll_loss(i["input"], i["target"], reduction="none"))
    x = randn(4, 3, scale=3.0)
    x[0, 0] = 40.0
    x[1, 1] = -40.0
    y = (randn(4, 3) > 0).float()
    pw = randn(3).abs() + 0.5
    bw = randn(4, 3).abs()
    loss_case("bce_logits", "binaryCrossEntropyWithLogits", {}, {"input": x, "target": y},
              lambda i: F.binary_cross_entropy_with_logits(i["input"], i["target"]))
    loss_case("bce_logits_posweight_weight_sum", "binaryCrossEntropyWithLogits", {"posWeight": enc(pw), "weight": enc(bw), "reduction": "sum"},
              {"input": x, "target": y},
              lambda i: F.binary_cross_entropy_with_logits(i["input"], i["target"], weight=bw, pos_weight=pw, reduction="sum"))
    p = torch.sigmoid(randn(4, 3))
    loss_case("bce", "binaryCrossEntropy", {}, {"input": p, "target": y}, lambda i: F.binary_cross_entropy(i["input"], i["target"]))
    a, b = randn(3, 4), randn(3, 4)
    loss_case("mse", "mseLoss", {}, {"input": a, "target": b}, lambda i: F.mse_loss(i["input"], i["target"]))
    loss_case("mse_sum", "mseLoss", {"reduction": "sum"}, {"input": a, "target": b}, lambda i: F.mse_loss(i["input"], i["target"], reduction="sum"))
    loss_case("l1", "l1Loss", {}, {"input": a, "target": b}, lambda i: F.l1_loss(i["input"], i["target"]))
    loss_case("huber_delta05", "huberLoss", {"delta": 0.5}, {"input": a, "target": b}, lambda i: F.huber_loss(i["input"], i["target"], delta=0.5))
    loss_case("huber_none", "huberLoss", {"reduction": "none"}, {"input": a, "target": b}, lambda i: F.huber_loss(i["input"], i["target"], reduction="none"))
    loss_case("smoothl1_beta2", "smoothL1Loss", {"beta": 2.0}, {"input": a, "target": b}, lambda i: F.smooth_l1_loss(i["input"], i["target"], beta=2.0))
    tgt = torch.softmax(randn(3, 4), dim=1)
    tgt[0, 1] = 0.0
    inp = torch.log_softmax(randn(3, 4), dim=1)
    loss_case("kldiv_batchmean", "klDiv", {"reduction": "batchmean"}, {"input": inp, "target": tgt},
              lambda i: F.kl_div(i["input"], i["target"], reduction="batchmean"))
    loss_case("kldiv_mean_logtarget", "klDiv", {"logTarget": True}, {"input": inp, "target": torch.log_softmax(randn(3, 4), dim=1)},
              lambda i: F.kl_div(i["input"], i["target"], reduction="mean", log_target=True))


# ----------------------------------------------------------------------------
# optimizer trajectories
# ----------------------------------------------------------------------------

STEPS = 100

OPTIMIZERS = {
    "sgd": ("SGD", {"lr": 0.1}, lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "sgd_momentum_dampening_wd": ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weightDecay": 1e-3},
                                  lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=1e-3)),
    "sgd_nesterov": ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True},
                     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    "adam": ("Adam", {"lr": 0.01}, lambda ps: torch.optim.Adam(ps, lr=0.01)),
    "adam_amsgrad_wd": ("Adam", {"lr": 0.01, "betas": [0.8, 0.99], "weightDecay": 1e-2, "amsgrad": True},
                        lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), weight_decay=1e-2, amsgrad=True)),
    "adamw": ("AdamW", {"lr": 0.01, "weightDecay": 0.1}, lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1)),
    # RMSprop's steps are ~lr·sign(g): at lr = 1e-2 this MLP oscillates and float32 rounding
    # differences (summation order) grow past 1e-5 within 100 steps, so these use smaller lrs.
    "rmsprop": ("RMSprop", {"lr": 0.002}, lambda ps: torch.optim.RMSprop(ps, lr=0.002)),
    # (centered RMSprop takes sqrt(v − mean(g)²), a cancellation that amplifies float32
    # rounding past 1e-5 over 100 steps; it is checked over 10 steps in a case of its own.)
    "rmsprop_momentum_wd": ("RMSprop", {"lr": 0.001, "alpha": 0.9, "momentum": 0.5, "weightDecay": 1e-3},
                            lambda ps: torch.optim.RMSprop(ps, lr=0.001, alpha=0.9, momentum=0.5, weight_decay=1e-3)),
    "adagrad": ("Adagrad", {"lr": 0.1, "lrDecay": 0.01, "weightDecay": 1e-3, "initialAccumulatorValue": 0.1},
                lambda ps: torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.01, weight_decay=1e-3, initial_accumulator_value=0.1)),
}

SCHEDULES = {
    "none": ({}, None),
    "step": ({"kind": "StepLR", "stepSize": 10, "gamma": 0.5}, lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=10, gamma=0.5)),
    "multistep": ({"kind": "MultiStepLR", "milestones": [20, 50, 80], "gamma": 0.3},
                  lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[20, 50, 80], gamma=0.3)),
    "exponential": ({"kind": "ExponentialLR", "gamma": 0.97}, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.97)),
    "cosine": ({"kind": "CosineAnnealingLR", "tMax": 40, "etaMin": 1e-4},
               lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=40, eta_min=1e-4)),
    "warmup_cosine": ({"kind": "WarmupCosineLR", "warmupSteps": 10, "totalSteps": 100, "warmupStartFactor": 0.1},
                      lambda o: torch.optim.lr_scheduler.SequentialLR(o, [
                          torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=10),
                          torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=90)], milestones=[10])),
    # maxLr is 5x the optimizer's lr (filled in by trajectory()).
    "onecycle": ({"kind": "OneCycleLR", "totalSteps": 100},
                 lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=5 * o.defaults["lr"], total_steps=100)),
    "plateau": ({"kind": "ReduceLROnPlateau", "factor": 0.5, "patience": 2, "threshold": 1e-2},
                lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=1e-2)),
}


def make_mlp():
    torch.manual_seed(1234)
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))


X = randn(16, 4)
Y = randint(0, 3, (16,))


def trajectory(opt_key, sched_key, groups=False, steps=STEPS):
    kind, cfg, make_opt = OPTIMIZERS[opt_key]
    scfg, make_sched = SCHEDULES[sched_key]
    if sched_key == "onecycle":
        scfg = dict(scfg, maxLr=5 * cfg["lr"])
        if kind == "RMSprop":
            # cycling RMSprop's momentum up to 0.95 makes its sign-like steps oscillate
            # chaotically (rounding grows past 1e-5); cycle the lr only.
            scfg["cycleMomentum"] = False
            make_sched = lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=5 * o.defaults["lr"], total_steps=100, cycle_momentum=False)
    model = make_mlp()
    init_state = {k: enc(v) for k, v in model.state_dict().items()}
    if groups:
        params = [{"params": list(model[0].parameters()), "lr": 0.05, "weight_decay": 1e-2},
                  {"params": list(model[2].parameters())}]
        opt = torch.optim.SGD(params, lr=0.1, momentum=0.9)
    else:
        opt = make_opt(model.parameters())
    sched = make_sched(opt) if make_sched else None
    losses, lrs = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(X), Y)
        loss.backward()
        opt.step()
        losses.append(num(loss.item()))
        if sched is not None:
            if sched_key == "plateau":
                sched.step(loss.item())
            else:
                sched.step()
        lrs.append([g["lr"] for g in opt.param_groups])
    return {
        "name": f"{opt_key}__{sched_key}" + ("__groups" if groups else ""),
        "optimizer": kind, "options": cfg, "schedule": scfg, "groups": groups,
        "initial": init_state, "losses": losses, "lrs": lrs,
        "final": {k: enc(v) for k, v in model.state_dict().items()},
    }


def optim_cases():
    cases = []
    for o in OPTIMIZERS:
        for s in SCHEDULES:
            if s == "onecycle" and OPTIMIZERS[o][0] == "Adagrad":
                continue  # OneCycleLR cycles momentum; Adagrad has none (torch raises)
            cases.append(trajectory(o, s))
    cases.append(trajectory("sgd", "none", groups=True))
    OPTIMIZERS["rmsprop_centered"] = ("RMSprop", {"lr": 0.001, "alpha": 0.9, "momentum": 0.5, "centered": True, "weightDecay": 1e-3},
                                      lambda ps: torch.optim.RMSprop(ps, lr=0.001, alpha=0.9, momentum=0.5, centered=True, weight_decay=1e-3))
    cases.append(trajectory("rmsprop_centered", "none", steps=10))
    return {"generator": GENERATOR, "torch": torch.__version__, "data": {"x": enc(X), "y": enc(Y)}, "cases": cases}


# ----------------------------------------------------------------------------

def write(name, doc):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        json.dump(doc, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    layers()
    recurrent()
    attention()
    mixture()
    losses()
    write("nn_layers.json", {"generator": GENERATOR, "torch": torch.__version__, "cases": LAYER_CASES})
    write("nn_optim.json", optim_cases())
    print(f"{len(LAYER_CASES)} layer/loss cases")


if __name__ == "__main__":
    main()
