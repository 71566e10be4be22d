#!/usr/bin/python3
"""PyTorch CPU reference of the benchmark workloads of scripts/benchWorkloads.ts (make bench).

The same networks, data sizes, losses and optimisers as our stack, written the way PyTorch users write them:
input derivatives by double (H1) and triple (H2) backpropagation with create_graph=True. Prints one JSON
object per workload on stdout: {"workload", "msPerStep", "loss"}. Usage: bench_torch.py THREADS ROUNDS.
"""
import json
import math
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
    xi = 2 * math.pi * torch.fft.fftfreq(28, d=1 / 28)
    weights = (1 + xi[:, None] ** 2 + xi[None, :] ** 2) / 28**4

    def step():
        opt.zero_grad()
        d = net(noisy) - clean
        if loss_name == "L2":
            loss = (d**2).mean()
        else:
            loss = (weights * torch.fft.fft2(d).abs() ** 2).sum((2, 3)).mean()
        loss.backward()
        opt.step()
        return loss.item()
    return step


def measure(name, step):
    for _ in range(5):
        step()
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(STEPS_PER_ROUND):
            loss = step()
        rounds.append((time.perf_counter() - start) * 1000 / STEPS_PER_ROUND)
    assert math.isfinite(loss), f"{name}: loss {loss}"
    print(json.dumps({"workload": name, "msPerStep": statistics.median(rounds), "loss": loss}), flush=True)


measure("fig2-mlp-L2", mlp_step(0))
measure("fig2-mlp-H1", mlp_step(1))
measure("fig2-mlp-H2", mlp_step(2))
measure("fig1-single-node-H1-sgd", single_node_step())
measure("fig4-conv-autoencoder-L2", conv_autoencoder_step("L2"))
measure("fig4-conv-autoencoder-H1", conv_autoencoder_step("H1"))
