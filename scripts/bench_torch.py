#!/usr/bin/python3
"""PyTorch CPU reference of the benchmark workloads of scripts/benchWorkloads.ts (make bench).

The same networks, data sizes, losses and optimisers as our stack, written the way PyTorch users write them:
input derivatives by double (H1) and triple (H2) backpropagation with create_graph=True, image tensors in NCHW.
The workloads: the Fig. 2 MLP (L2, H1, H2), the Section 3.1 single node, the Section 3.3 conv autoencoder and the
Section 3.4 diffusion U-Net (L2, H1; the architecture of lib/models/unet.ts, parameter count asserted equal).
A persistent worker, so that make bench can interleave it with our engine round by round (scripts/bench.ts):
JSON lines on stdin and stdout. It greets with {"torch": version, "workloads": [...]}, then answers
{"workload", "threads", "steps", "warmup"} with {"msPerStep", "loss"} (plus "parameters" for the U-Net) and
{"sgemm": n, "threads", "repeats"} with {"gflops"}; a request that fails gets {"error": message}. It exits
when stdin closes. Usage: bench_torch.py (no arguments).
"""
import ctypes
import json
import math
import sys
import time

import torch

torch.manual_seed(0)


def openblas_libraries():
    """The OpenBLAS builds loaded with torch. Debian's torch calls its BLAS through the generic interface
    (BLAS_INFO=generic), so torch.set_num_threads does not reach OpenBLAS's own thread pool: unset, it used every
    core at "1 thread" (CPU time 1.38 times the wall time of a 1024^2 torch.mm on 2 cores), which made PyTorch's
    1-thread rows 2-thread rows for its products."""
    found = []
    for name in ("libopenblas.so.0", "libblas.so.3"):
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        if hasattr(library, "openblas_set_num_threads"):
            found.append(library)
    return found


OPENBLAS = openblas_libraries()


def set_threads(threads):
    """torch's intra-op threads and OpenBLAS's, both to `threads`."""
    torch.set_num_threads(threads)
    for library in OPENBLAS:
        library.openblas_set_num_threads(threads)


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
BUILT = {}


def time_block(request):
    """{"workload", "threads", "steps", "warmup"} -> {"msPerStep", "loss"[, "parameters"]}: the workload is built
    on its first request and kept (its optimiser state goes on across requests, as on our side); "warmup" steps
    run untimed first, then "steps" steps are timed as one block."""
    name = request["workload"]
    if name not in BUILT:
        build = dict(WORKLOADS).get(name)
        if build is None:
            raise ValueError(f"no workload {name!r}; the workloads are {', '.join(n for n, _ in WORKLOADS)}")
        BUILT[name] = build()
    step = BUILT[name]
    set_threads(int(request["threads"]))
    for _ in range(int(request.get("warmup", 0))):
        step()
    steps = int(request["steps"])
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    ms = (time.perf_counter() - start) * 1000 / steps
    if not math.isfinite(loss):
        raise ValueError(f"{name}: loss {loss}")
    reply = {"msPerStep": ms, "loss": loss}
    if hasattr(step, "parameters"):
        reply["parameters"] = step.parameters
    return reply


def time_sgemm(request):
    """{"sgemm": n, "threads", "repeats"} -> {"gflops"}: the best of `repeats` float32 n x n products (torch.mm,
    the same BLAS PyTorch's linear layers call), 2 n^3 flops each."""
    n = int(request["sgemm"])
    set_threads(int(request["threads"]))
    a, b = torch.rand(n, n), torch.rand(n, n)
    c = torch.mm(a, b)
    best = math.inf
    for _ in range(int(request.get("repeats", 5))):
        start = time.perf_counter()
        torch.mm(a, b, out=c)
        best = min(best, time.perf_counter() - start)
    return {"gflops": 2 * n**3 / best / 1e9}


def serve():
    """The worker loop: a greeting line, then one reply per request line until stdin closes."""
    print(json.dumps({"torch": torch.__version__, "openblasPools": len(OPENBLAS), "workloads": [n for n, _ in WORKLOADS]}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            reply = time_sgemm(request) if "sgemm" in request else time_block(request)
        except Exception as error:  # reported to the driver, which names the request; the worker keeps serving
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    serve()
