#!/usr/bin/env python3
"""PyTorch reference for `npm run bench -- train`.

Builds the same CNN and U-Net as src/ml/kernels/reference/models.ts (layer for
layer, same parameter counts), trains them with Adam on random data at the same
batch sizes, and measures images/s (median of runs of >= `--seconds` after a
warm-up) and peak RSS. Each (model, mode) runs in its own process so peak RSS
is per configuration. Prints one JSON object per configuration, or with
--all a JSON list. Uses every core torch sees (its default), as a user would.
"""
import argparse
import json
import resource
import statistics
import subprocess
import sys
import time


def build(model):
    import torch.nn as nn

    if model == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10),
        )

    import torch

    def block(cin, cout):
        return nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(),
        )

    class UNet(nn.Module):
        def __init__(self, filters=(16, 32, 64), bottleneck=128):
            super().__init__()
            self.down = nn.ModuleList()
            cin = 1
            for f in filters:
                self.down.append(block(cin, f))
                cin = f
            self.pool = nn.MaxPool2d(2)
            self.mid = block(cin, bottleneck)
            self.up = nn.ModuleList()
            self.dec = nn.ModuleList()
            cin = bottleneck
            for f in reversed(filters):
                self.up.append(nn.ConvTranspose2d(cin, f, 2, stride=2))
                self.dec.append(block(2 * f, f))
                cin = f
            self.head = nn.Conv2d(cin, 1, 1)

        def forward(self, x):
            skips = []
            for d in self.down:
                x = d(x)
                skips.append(x)
                x = self.pool(x)
            x = self.mid(x)
            for up, dec, skip in zip(self.up, self.dec, reversed(skips)):
                x = dec(torch.cat([up(x), skip], 1))
            return self.head(x)

    return UNet()


def run_one(model, mode, seconds, runs, threads):
    import torch

    if threads:
        torch.set_num_threads(threads)

    torch.manual_seed(0)
    net = build(model)
    params = sum(p.numel() for p in net.parameters())
    batch = 64 if model == "cnn" else 8
    size = 28 if model == "cnn" else 128
    x = torch.randn(batch, 1, size, size)
    if model == "cnn":
        y = torch.randint(0, 10, (batch,))
        loss_fn = torch.nn.CrossEntropyLoss()
    else:
        y = (torch.rand(batch, 1, size, size) > 0.5).float()
        loss_fn = torch.nn.BCEWithLogitsLoss()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step():
        if mode == "train":
            net.train()
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
        else:
            net.eval()
            with torch.no_grad():
                net(x)

    for _ in range(3):
        step()
    rates = []
    cpu0 = time.process_time()
    images = 0
    for _ in range(runs):
        n = 0
        t0 = time.perf_counter()
        while True:
            step()
            n += 1
            dt = time.perf_counter() - t0
            if dt >= seconds:
                break
        rates.append(n * batch / dt)
        images += n * batch
    cpu = time.process_time() - cpu0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "model": model,
        "mode": mode,
        "imgPerSec": statistics.median(rates),
        "imgPerCpuSec": images / cpu if cpu > 0 else None,
        "runs": rates,
        "peakRssMb": peak_kb / 1024,
        "params": params,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["cnn", "unet"])
    ap.add_argument("--mode", choices=["train", "infer"])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 keeps torch's default")
    ap.add_argument("--all", action="store_true", help="every model and mode, each in a child process")
    a = ap.parse_args()
    if a.all:
        out = []
        for model in ("cnn", "unet"):
            for mode in ("train", "infer"):
                r = subprocess.run(
                    [sys.executable, __file__, "--model", model, "--mode", mode,
                     "--seconds", str(a.seconds), "--runs", str(a.runs), "--threads", str(a.threads)],
                    capture_output=True, text=True, check=True,
                )
                out.append(json.loads(r.stdout.strip().splitlines()[-1]))
        print(json.dumps(out))
        return
    if not a.model or not a.mode:
        ap.error("--model and --mode are required without --all")
    print(json.dumps(run_one(a.model, a.mode, a.seconds, a.runs, a.threads)))


if __name__ == "__main__":
    main()
