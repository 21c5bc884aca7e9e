"""Generate PyTorch-exported ONNX fixtures for @tensorloom/onnx.

Exports five small real models with torch.onnx.export (opset 14, no constant folding, so the
initializers are the parameters under their state-dict names) and writes, per model, into
packages/onnx/test/fixtures/:

  <name>.onnx   the exported model
  <name>.json   the input(s), PyTorch's output, the class targets, the cross-entropy loss of
                the output against them, and PyTorch's gradient of that loss with respect to
                every parameter (keyed by state-dict name = ONNX initializer name)

Models: LeNet, an Embedding + LSTM text classifier, a bidirectional GRU classifier, a
transformer encoder layer (post-norm, ReLU, batch_first=False so the export takes the
ordinary path) with mean pooling and a linear head, and a CNN with batch norm in eval mode.
The batch dimension is dynamic (dynamic_axes), so the graphs carry PyTorch's shape arithmetic.
Sizes are tiny so the fixtures stay small. Rerun from the repository root with:

    /usr/bin/python3 scripts/goldens/generate_onnx_fixtures.py

(needs torch; Debian's python3-torch 1.13 is what produced the committed files).
"""

import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "onnx", "test", "fixtures")
OPSET = 14


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 5)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.fc1 = nn.Linear(8 * 2 * 2, 16)
        self.fc2 = nn.Linear(16, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


class TextLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 8)
        self.lstm = nn.LSTM(8, 8, batch_first=True)
        self.head = nn.Linear(8, 3)

    def forward(self, tokens):
        out, (h, c) = self.lstm(self.embedding(tokens))
        return self.head(h[-1])


class BiGRU(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(6, 5, batch_first=True, bidirectional=True)
        self.head = nn.Linear(10, 4)

    def forward(self, x):
        out, h = self.gru(x)
        return self.head(out[:, -1, :])


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0)
        self.head = nn.Linear(8, 3)

    def forward(self, x):  # x: [seq, batch, d]
        return self.head(self.layer(x).mean(dim=0))


class BNCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 4, 3, stride=2)
        self.bn2 = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 3 * 3, 3)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = F.avg_pool2d(F.relu(self.bn2(self.conv2(x))), 1)
        return self.fc(torch.flatten(x, 1))


def tensor_json(t):
    t = t.detach()
    return {"shape": list(t.shape), "dtype": "int32" if not t.dtype.is_floating_point else "float32",
            "data": [float(v) if t.dtype.is_floating_point else int(v) for v in t.reshape(-1).tolist()]}


def export(name, model, inputs, input_names, classes, batch_axis=0):
    torch.manual_seed(1)
    # Random values everywhere (batch-norm statistics too), so nothing is trivially 0 or 1.
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn_like(p) * 0.5)
        for b_name, b in model.named_buffers():
            if b.dtype.is_floating_point:
                b.copy_(torch.rand_like(b) + 0.5 if "var" in b_name else torch.randn_like(b) * 0.5)
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    dynamic = {n: {batch_axis: "batch"} for n in input_names}
    dynamic["logits"] = {0: "batch"}
    torch.onnx.export(model, tuple(inputs), path, input_names=input_names, output_names=["logits"], dynamic_axes=dynamic,
                      opset_version=OPSET, do_constant_folding=False,
                      # PRESERVE (the model is in eval mode) keeps BatchNormalization instead of folding it into Conv.
                      training=torch.onnx.TrainingMode.PRESERVE)
    out = model(*inputs)
    target = torch.randint(0, classes, (out.shape[0],), generator=torch.Generator().manual_seed(3))
    loss = F.cross_entropy(out, target)
    model.zero_grad()
    loss.backward()
    grads = {k: tensor_json(p.grad) for k, p in model.named_parameters()}
    doc = {
        "inputs": {n: tensor_json(t) for n, t in zip(input_names, inputs)},
        "logits": tensor_json(out),
        "target": tensor_json(target),
        "loss": float(loss),
        "grads": grads,
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f)
    print(name, os.path.getsize(path), "bytes onnx;", len(grads), "parameters")


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(0)
    export("lenet", LeNet(), [torch.randn(3, 1, 16, 16, generator=g)], ["input"], 10)
    export("text_lstm", TextLSTM(), [torch.randint(0, 20, (3, 7), generator=g)], ["tokens"], 3)
    export("bigru", BiGRU(), [torch.randn(3, 5, 6, generator=g)], ["input"], 4)
    export("transformer_encoder", Encoder(), [torch.randn(6, 3, 8, generator=g)], ["input"], 3, batch_axis=1)
    export("bn_cnn", BNCNN(), [torch.randn(3, 2, 8, 8, generator=g)], ["input"], 3)


if __name__ == "__main__":
    main()
