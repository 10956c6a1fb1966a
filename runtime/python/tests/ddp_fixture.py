"""A small task-conditioned hypernetwork model built from the runtime as generated code builds one, its data and
loss, for the torchrun tests. The loss can record which samples each process read (HYPERDSL_FIXTURE_LOG: a folder)
and make one process die or hang at step 3 (HYPERDSL_FIXTURE_FAILURE: die or hang)."""

import os
import time

import torch
from torch import nn
from torch.utils.data import TensorDataset

from hyperdsl import (ActivationKind, BodyKind, GeneratedKind, GeneratedTensorSpec, HyperInit, HyperNetwork,
                      HyperNetworkOptions, ModuleTree, NormKind, Role, StrategyKind, TargetLinear, TaskEmbedding, losses)

SPECS = [
    GeneratedTensorSpec("fc1.weight", GeneratedKind.Weight, [8, 6], 6, 8, 0, "fc1", 0),
    GeneratedTensorSpec("fc1.bias", GeneratedKind.Bias, [8], 6, 8, 0, "fc1", 0),
]
OPTIONS = HyperNetworkOptions(BodyKind.Mlp, [16], ActivationKind.ReLU, NormKind.None_, 0.0, 0, 0, 0,
                              StrategyKind.PerLayerHeads, 0, 0, [], HyperInit.HyperfanIn, None)


class Network(nn.Module):
    def __init__(self):
        super().__init__()
        tree = ModuleTree(self)
        object.__setattr__(self, "fc1", tree.add("fc1", TargetLinear("fc1", 6, 8, True, Role.external(0, 1), "M.fc1")))
        object.__setattr__(self, "fc2", tree.add("head.fc2", TargetLinear("head_fc2", 8, 1, True, Role.trainable(), "M.fc2")))

    def forward(self, x, generated):
        return self.fc2(torch.relu(self.fc1(x, generated)))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.task = TaskEmbedding("task", 4, 5)
        self.hypernet = HyperNetwork("hypernet", 5, OPTIONS, SPECS)
        self.net = Network()

    def forward(self, task, x):
        return self.net(x, self.hypernet(self.task(task)))

    def training_loss(self, task, x, y):
        generated = self.hypernet(self.task(task))
        return losses.mse(self.net(x, generated), y) + 1e-4 * generated.squared_norm()


def make_model():
    return Model()


def make_dataset():
    g = torch.Generator().manual_seed(99)
    count = 96
    task = torch.randint(0, 4, (count,), generator=g)
    x = torch.randn(count, 6, generator=g)
    y = (x.sum(1, keepdim=True) * (task.float().unsqueeze(1) - 1.5)).tanh()
    return TensorDataset(task, x, y, torch.arange(count))


_calls = 0


def loss(model, batch):
    global _calls
    _calls += 1
    task, x, y, index = batch
    rank = int(os.environ.get("RANK", 0))
    folder = os.environ.get("HYPERDSL_FIXTURE_LOG")
    if folder:
        with open(os.path.join(folder, f"rank{rank}.txt"), "a") as f:
            f.write(" ".join(str(i) for i in index.tolist()) + "\n")
    failure = os.environ.get("HYPERDSL_FIXTURE_FAILURE")
    if failure and rank == 1 and _calls == 3:
        if failure == "die":
            os._exit(3)
        time.sleep(3600)
    return model.training_loss(task, x, y)
