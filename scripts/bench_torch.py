#!/usr/bin/python3
"""PyTorch CPU reference of the benchmark workloads of scripts/benchWorkloads.ts (make bench).

The same networks, data sizes, losses and optimisers as our stack, written the way PyTorch users write them:
input derivatives by double (H1) and triple (H2) backpropagation with create_graph=True, image tensors in NCHW.
The workloads: the Fig. 2 MLP (L2, H1, H2), the Section 3.1 single node, the Section 3.3 conv autoencoder and the
Section 3.4 diffusion U-Net (L2, H1; the architecture of lib/models/unet.ts, parameter count asserted equal).
Prints one JSON object per workload on stdout: {"workload", "msPerStep", "loss"}, plus "parameters" for the
U-Net, and "vsL2", the median paired ratio to the family's L2 step (the steps of a family are timed in turn,
round by round). Usage: bench_torch.py THREADS ROUNDS [PATTERN] (a regular expression on the workload names).
"""
import json
import math
import re
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]))
ROUNDS = int(sys.argv[2])
STEPS_PER_ROUND = 10
torch.manual_seed(0)


def fig2_target(x):
    """f(x, y) = sin(10(x + y)) + (x - y)^2 - 1.5x + 2.5y + 1 with exact gradient and Hessian (Section 3.2)."""
    s, d = x[:, 0] + x[:, 1], x[:, 0] - x[:, 1]
    value = torch.sin(10 * s) + d**2 - 1.5 * x[:, 0] + 2.5 * x[:, 1] + 1
    c = 10 * torch.cos(10 * s)
    gradient = torch.stack([c + 2 * d - 1.5, c - 2 * d + 2.5], dim=1)
    a = -100 * torch.sin(10 * s)
    hessian = torch.stack([torch.stack([a + 2, a - 2], 1), torch.stack([a - 2, a + 2], 1)], 1)
    return value, gradient, hessian


def mlp_step(order):
    """One Adam step of a 2-64-64-64-1 tanh MLP on 1024 points with the L2 (0), H1 (1) or H2 (2) loss."""
    net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(),
                              torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    x = torch.rand(1024, 2) * torch.tensor([3.0, 7.0]) + torch.tensor([1.0, -3.0])
    f, df, d2f = fig2_target(x)
    x.requires_grad_(True)

    def step():
        opt.zero_grad()
        u = net(x)[:, 0]
        loss = ((u - f) ** 2).mean()
        if order >= 1:
            du = torch.autograd.grad(u.sum(), x, create_graph=True)[0]
            loss = loss + ((du - df) ** 2).sum(1).mean()
            if order >= 2:
                rows = [torch.autograd.grad(du[:, k].sum(), x, create_graph=True)[0] for k in range(2)]
                loss = loss + ((torch.stack(rows, 1) - d2f) ** 2).sum((1, 2)).mean()
        loss.backward()
        opt.step()
        return loss.item()
    return step


def single_node_step():
    """One SGD step (lr 1e-2, batch 64) of the single ReLU node of Section 3.1 with the H1 loss, d = 10."""
    d = 10
    w_star = torch.randn(d)
    w = (w_star + 0.5 * torch.randn(d)).requires_grad_(True)
    opt = torch.optim.SGD([w], lr=1e-2)
    x = torch.randn(64, d)
    teacher = torch.relu(x @ w_star)
    teacher_gradient = (x @ w_star > 0).float()[:, None] * w_star

    def step():
        opt.zero_grad()
        xs = x.clone().requires_grad_(True)
        u = torch.relu(xs @ w)
        du = torch.autograd.grad(u.sum(), xs, create_graph=True)[0]
        loss = ((u - teacher) ** 2).mean() + ((du - teacher_gradient) ** 2).sum(1).mean()
        loss.backward()
        opt.step()
        return loss.item()
    return step


_H1_WEIGHTS = {}


def spectral_h1(d):
    """The spectral H^1 norm of lib/losses/imageSobolev.ts (s = 1, unit square) of d [B, C, H, W]: per image
    (1/(H W)^2) sum_k (1 + |xi_k|^2) |F d(k)|^2 with xi = 2 pi kappa, kappa the signed FFT frequencies
    (fftfreq: Nyquist at -N/2, the same |kappa| as ours), averaged over batch and channels."""
    h, w = d.shape[-2:]
    if (h, w) not in _H1_WEIGHTS:
        xi_h = 2 * math.pi * torch.fft.fftfreq(h, d=1 / h)
        xi_w = 2 * math.pi * torch.fft.fftfreq(w, d=1 / w)
        _H1_WEIGHTS[(h, w)] = (1 + xi_h[:, None] ** 2 + xi_w[None, :] ** 2) / (h * w) ** 2
    return (_H1_WEIGHTS[(h, w)] * torch.fft.fft2(d).abs() ** 2).sum((2, 3)).mean()


def conv_autoencoder_step(loss_name):
    """One Adam step (5e-3) of the Section 3.3 denoising autoencoder on 64 images 28 x 28, L2 or image H1 (s = 1)."""
    leaky = torch.nn.LeakyReLU(0.01)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, 2, 1), leaky, torch.nn.Conv2d(16, 32, 3, 2, 1), leaky, torch.nn.Conv2d(32, 64, 3, 1, 1), leaky,
        torch.nn.ConvTranspose2d(64, 32, 3, 1, 1), leaky, torch.nn.ConvTranspose2d(32, 16, 3, 2, 1, output_padding=1), leaky,
        torch.nn.ConvTranspose2d(16, 1, 3, 2, 1, output_padding=1))
    opt = torch.optim.Adam(net.parameters(), lr=5e-3)
    clean = torch.rand(64, 1, 28, 28)
    noisy = clean + 0.5 * torch.randn(64, 1, 28, 28)

    def step():
        opt.zero_grad()
        d = net(noisy) - clean
        loss = (d**2).mean() if loss_name == "L2" else spectral_h1(d)
        loss.backward()
        opt.step()
        return loss.item()
    return step


# The U-Net's parameter count at base width 16, which scripts/benchWorkloads.ts asserts for ours.
UNET_BENCH_WIDTH = 16
UNET_BENCH_PARAMETERS = 62_753


class UNet(torch.nn.Module):
    """lib/models/unet.ts in NCHW (see its module comment): levels 28 -> 14 -> 7 with widths c, 2c, 2c, one 3x3
    conv per level, per-block time biases before SiLU, skip concatenation [upsampled, skip], nearest upsampling,
    1x1 linear output. The stride-2 convs pad 1 on both sides where tfjs 'same' pads 0 before and 1 after; the
    output shapes and multiply-adds are the same, and this is how a PyTorch user writes it."""

    def __init__(self, c, channels=1):
        super().__init__()
        conv = torch.nn.Conv2d
        self.conv_in = conv(channels, c, 3, padding=1)
        self.level1 = conv(c, c, 3, padding=1)
        self.down1 = conv(c, c, 3, stride=2, padding=1)
        self.level2 = conv(c, 2 * c, 3, padding=1)
        self.down2 = conv(2 * c, 2 * c, 3, stride=2, padding=1)
        self.middle = conv(2 * c, 2 * c, 3, padding=1)
        self.up2 = conv(4 * c, 2 * c, 3, padding=1)
        self.up1 = conv(3 * c, c, 3, padding=1)
        self.conv_out = conv(c, channels, 1)
        self.embedding_dim = c
        self.time_dense = torch.nn.Linear(c, 4 * c)
        self.block_widths = [c, 2 * c, 2 * c, 2 * c, c]
        self.projection = torch.nn.Linear(4 * c, sum(self.block_widths))

    def time_embedding(self, t):
        """[sin(t w_i)..., cos(t w_i)...], w_i = exp(-ln(10000) i / (h - 1)), in float64 then float32, as ours."""
        half = self.embedding_dim // 2
        omega = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float64) / (half - 1))
        angle = t.double()[:, None] * omega[None, :]
        return torch.cat([torch.sin(angle), torch.cos(angle)], 1).float()

    def forward(self, xt, t):
        silu = torch.nn.functional.silu
        z = silu(self.time_dense(self.time_embedding(t)))
        biases = [b[:, :, None, None] for b in self.projection(z).split(self.block_widths, 1)]

        def up(h, skip):
            return torch.cat([torch.nn.functional.interpolate(h, size=skip.shape[-2:], mode="nearest"), skip], 1)

        skip1 = silu(self.level1(self.conv_in(xt)) + biases[0])
        skip2 = silu(self.level2(self.down1(skip1)) + biases[1])
        middle = silu(self.middle(self.down2(skip2)) + biases[2])
        up2 = silu(self.up2(up(middle, skip2)) + biases[3])
        up1 = silu(self.up1(up(up2, skip1)) + biases[4])
        return self.conv_out(up1)


def unet_step(loss_name):
    """One Adam step (1e-4, Section 3.4) of the x0-prediction diffusion loss of lib/diffusion/loss.ts on 48 images
    28 x 28: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps with the linear schedule (1e-4 to 0.02, T = 1000), fixed
    steps and noise; L2 is the pixel MSE of x0_hat, H1 the spectral norm above."""
    net = UNet(UNET_BENCH_WIDTH)
    parameters = sum(p.numel() for p in net.parameters())
    assert parameters == UNET_BENCH_PARAMETERS, f"bench U-Net: {parameters} parameters, ours has {UNET_BENCH_PARAMETERS}"
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    n, steps = 48, 1000
    x0 = torch.rand(n, 1, 28, 28)
    noise = torch.randn(n, 1, 28, 28)
    t = torch.randint(0, steps, (n,))
    alpha_bars = torch.cumprod(1 - torch.linspace(1e-4, 0.02, steps, dtype=torch.float64), 0)
    signal = alpha_bars[t].sqrt().float()[:, None, None, None]
    spread = (1 - alpha_bars[t]).sqrt().float()[:, None, None, None]

    def step():
        opt.zero_grad()
        x0_hat = net(signal * x0 + spread * noise, t)
        loss = ((x0_hat - x0) ** 2).mean() if loss_name == "L2" else spectral_h1(x0_hat - x0)
        loss.backward()
        opt.step()
        return loss.item()
    step.parameters = parameters
    return step


def family(workload):
    """The workload's name without its loss ("fig2-mlp-H1" -> "fig2-mlp")."""
    for loss in ("-L2", "-H1", "-H2"):
        if workload.endswith(loss):
            return workload[: -len(loss)]
    return workload


def measure_family(members):
    """Times one family's steps round by round in turn, as measureFamily in benchWorkloads.ts: the median ms per
    step of each and its median paired ratio to the family's L2 step."""
    for _, step in members:
        for _ in range(5):
            step()
    times = [[] for _ in members]
    losses = [math.nan for _ in members]
    for _ in range(ROUNDS):
        for k, (_, step) in enumerate(members):
            start = time.perf_counter()
            for _ in range(STEPS_PER_ROUND):
                losses[k] = step()
            times[k].append((time.perf_counter() - start) * 1000 / STEPS_PER_ROUND)
    l2 = next((k for k, (name, _) in enumerate(members) if name.endswith("-L2")), None)
    for k, (name, step) in enumerate(members):
        assert math.isfinite(losses[k]), f"{name}: loss {losses[k]}"
        record = {"workload": name, "msPerStep": statistics.median(times[k]), "loss": losses[k]}
        if l2 is not None:
            record["vsL2"] = statistics.median(t / t2 for t, t2 in zip(times[k], times[l2]))
        if hasattr(step, "parameters"):
            record["parameters"] = step.parameters
        print(json.dumps(record), flush=True)


WORKLOADS = [
    ("fig2-mlp-L2", lambda: mlp_step(0)),
    ("fig2-mlp-H1", lambda: mlp_step(1)),
    ("fig2-mlp-H2", lambda: mlp_step(2)),
    ("fig1-single-node-H1-sgd", single_node_step),
    ("fig4-conv-autoencoder-L2", lambda: conv_autoencoder_step("L2")),
    ("fig4-conv-autoencoder-H1", lambda: conv_autoencoder_step("H1")),
    ("fig5-unet-L2", lambda: unet_step("L2")),
    ("fig5-unet-H1", lambda: unet_step("H1")),
]
PATTERN = re.compile(sys.argv[3] if len(sys.argv) > 3 else ".")
chosen = [(name, build) for name, build in WORKLOADS if PATTERN.search(name)]
for name_of_family in dict.fromkeys(family(name) for name, _ in chosen):
    measure_family([(name, build()) for name, build in chosen if family(name) == name_of_family])
