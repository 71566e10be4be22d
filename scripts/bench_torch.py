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
