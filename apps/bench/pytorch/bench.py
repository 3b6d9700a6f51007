#!/usr/bin/python3
"""PyTorch (native) reference figures for apps/bench's CPU workloads. Not part of the project's
dependencies: run with Debian's python3-torch (apt-get install -y python3-torch libopenblas0-pthread):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 /usr/bin/python3 apps/bench/pytorch/bench.py

torch.set_num_threads(2) (PyTorch's intra-op threads over both vCPUs; OpenBLAS itself on one thread,
the best configuration found on this machine). Same workloads, weights and data as src/workloads.ts
(the same seeded generators, reimplemented below), so the first losses can be compared with the
JavaScript systems'. Prints median (min-max of per-round medians) like `pnpm bench`.
"""
import functools
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(2)
QUICK = "--quick" in sys.argv
# `--json`: also print one `@@result {"times", "values"}` line per workload, which `pnpm bench`
# reads when it runs this script as one more row of its interleaved rounds (apps/bench/src/pytorch.ts).
JSON_OUT = "--json" in sys.argv
ROUNDS_ARG = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--rounds=")]
ROUNDS = int(ROUNDS_ARG[0]) if ROUNDS_ARG else 1 if QUICK else 2
BUDGET = 1.0 if QUICK else 3.0
# Untimed warm-up after the first `warmup` steps, as the JS children do (apps/bench/src/cpu.ts WARMUP_MS).
WARMUP = 0.3 if QUICK else 2.0
# Timed steps at most, as the JS children take (apps/bench/src/cpu.ts REPEATS; 10 with --quick).
REPEATS = 10 if QUICK else 300
ONLY = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")]
ONLY = ONLY[0].split(",") if ONLY else []


def lcg(seed):
    s = seed & 0xFFFFFFFF

    def nxt():
        nonlocal s
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        return (s + 0.5) / 2**32

    return nxt


@functools.lru_cache(maxsize=None)  # generated once per process (never mutated: callers copy)
def normal(size, seed, std):
    nxt = lcg(seed)
    out = np.empty(size, dtype=np.float32)
    for i in range(size):
        u1 = nxt()
        u2 = nxt()
        z = math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)
        out[i] = max(-2.0, min(2.0, z)) * std
    return out


@functools.lru_cache(maxsize=None)
def uniform(size, seed, lo=0.0, hi=1.0):
    nxt = lcg(seed)
    return np.array([lo + (hi - lo) * nxt() for _ in range(size)], dtype=np.float32)


def batch_data(batch, seed):
    x = uniform(batch * 784, seed)
    nxt = lcg(seed + 1)
    labels = np.array([math.floor(nxt() * 10) for _ in range(batch)], dtype=np.int64)
    return torch.from_numpy(x).reshape(batch, 784), torch.from_numpy(labels)


def t(a, shape):
    return torch.from_numpy(a).reshape(shape).clone()


def mlp_params(hidden):
    return [
        t(normal(784 * hidden, 11, 0.05), (784, hidden)),
        torch.zeros(hidden),
        t(normal(hidden * 10, 12, 0.05), (hidden, 10)),
        torch.zeros(10),
    ]


F1, F2, FC = 32, 64, 1024


def cnn_params():
    hwio1 = t(normal(25 * F1, 21, 0.1), (5, 5, 1, F1))
    hwio2 = t(normal(25 * F1 * F2, 22, 0.1), (5, 5, F1, F2))
    return [
        hwio1.permute(3, 2, 0, 1).contiguous(),
        torch.full((F1,), 0.1),
        hwio2.permute(3, 2, 0, 1).contiguous(),
        torch.full((F2,), 0.1),
        t(normal(49 * F2 * FC, 23, 0.1), (49 * F2, FC)),
        torch.full((FC,), 0.1),
        t(normal(FC * 10, 24, 0.1), (FC, 10)),
        torch.full((10,), 0.1),
    ]


def mlp_logits(p, x):
    return F.relu(x @ p[0] + p[1]) @ p[2] + p[3]


def cnn_logits(p, x):
    n = x.shape[0]
    image = x.reshape(n, 1, 28, 28)
    c1 = F.relu(F.conv2d(image, p[0], p[1], padding="same"))
    p1 = F.max_pool2d(c1, 2)
    c2 = F.relu(F.conv2d(p1, p[2], p[3], padding="same"))
    p2 = F.max_pool2d(c2, 2)
    flat = p2.permute(0, 2, 3, 1).reshape(n, 49 * F2)  # TF's NHWC flattening order
    return F.relu(flat @ p[4] + p[5]) @ p[6] + p[7]


def train_runner(kind, batch, hidden=None, lr=1e-4):
    params = [q.requires_grad_() for q in (mlp_params(hidden) if kind == "mlp" else cnn_params())]
    opt = torch.optim.SGD(params, lr=lr) if kind == "mlp" else torch.optim.Adam(params, lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    logits = mlp_logits if kind == "mlp" else cnn_logits
    x, labels = batch_data(batch, 7)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(logits(params, x), labels)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def infer_runner(kind, images, hidden=None):
    params = mlp_params(hidden) if kind == "mlp" else cnn_params()
    logits = mlp_logits if kind == "mlp" else cnn_logits
    x = torch.from_numpy(uniform(images * 784, 5)).reshape(images, 784)

    def step():
        with torch.no_grad():
            return checksum(logits(params, x))

    return step


def checksum(t):
    """The sum of at most 4096 evenly strided elements, as src/workloads.ts checksum() takes."""
    flat = t.reshape(-1)
    stride = max(1, flat.numel() // 4096)
    return float(flat[::stride].double().sum())


def matmul_runner(m, k, n):
    a = torch.from_numpy(uniform(m * k, 1, -0.5, 0.5)).reshape(m, k)
    b = torch.from_numpy(uniform(k * n, 2, -0.5, 0.5)).reshape(k, n)
    return lambda: checksum(a @ b)


WORKLOADS = [
    ("W1", "ms/step", lambda: train_runner("mlp", 100, 256, 0.1), 0, 3),
    ("W2", "ms/step", lambda: train_runner("mlp", 512, 1024, 0.01), 0, 3),
    ("W3-100x784x256", "GFLOPS", lambda: matmul_runner(100, 784, 256), 2 * 100 * 784 * 256, 2),
    ("W3-256", "GFLOPS", lambda: matmul_runner(256, 256, 256), 2 * 256**3, 2),
    ("W3-512", "GFLOPS", lambda: matmul_runner(512, 512, 512), 2 * 512**3, 2),
    ("W3-1024", "GFLOPS", lambda: matmul_runner(1024, 1024, 1024), 2 * 1024**3, 2),
    ("W4", "ms/step", lambda: train_runner("cnn", 50), 0, 3),
    ("I-MLP", "ms", lambda: infer_runner("mlp", 10000, 256), 0, 2),
    ("I-CNN", "ms", lambda: infer_runner("cnn", 1000), 0, 2),
]


def fmt(ms, flops):
    if flops:
        return f"{flops / (ms * 1e6):.1f}"
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.2f}"


print(
    f"PyTorch {torch.__version__}, {torch.get_num_threads()} intra-op threads, "
    f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, "
    f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}, load average {os.getloadavg()}"
)
for wid, unit, make, flops, warmup in WORKLOADS:
    if ONLY and not any(wid == o or wid.startswith(o + "-") for o in ONLY):
        continue
    rounds = []
    values = None
    for _ in range(ROUNDS):
        step = make()
        vals = [step() for _ in range(warmup)]
        warm_start = time.perf_counter()
        while time.perf_counter() - warm_start < WARMUP:
            v = step()
            if len(vals) < 3:
                vals.append(v)
        times = []
        start = time.perf_counter()
        while len(times) < REPEATS and (len(times) < 2 or time.perf_counter() - start < BUDGET):
            t0 = time.perf_counter()
            v = step()
            times.append((time.perf_counter() - t0) * 1000)
            if len(vals) < 3:
                vals.append(v)
        values = values or vals[:3]
        rounds.append(times)
    pooled = sorted(x for r in rounds for x in r)
    med = float(np.median(pooled))
    per_round = [float(np.median(r)) for r in rounds]
    lo, hi = (max(per_round), min(per_round)) if flops else (min(per_round), max(per_round))
    print(f"{wid:16} {unit:8} {fmt(med, flops)} ({fmt(lo, flops)}-{fmt(hi, flops)})  n={len(pooled)}  first values {', '.join(f'{v:.6g}' for v in values)}")
    if JSON_OUT:
        print("@@result " + json.dumps({"times": [x for r in rounds for x in r], "values": values}), flush=True)
