"""A hypernetwork: condition embedding -> body -> heads -> one tensor per GeneratedTensorSpec (HyperNetwork.cs)."""

from typing import List, Sequence

import torch
from torch import nn

from ..errors import HyperDslShapeException
from ..init.hyperfan_init import HyperfanInit
from ..layers.embedding_table import EmbeddingTable
from ..layers.generated_weights import GeneratedWeights
from ..layers.module_tree import register_child
from .bodies import MlpBody, ResidualMlpBody
from .generated_tensor_spec import GeneratedTensorSpec
from .hyper_network_options import HyperNetworkOptions
from .kinds import BodyKind, ComponentAttribute, HyperInit, StrategyKind


class HyperNetwork(nn.Module):
    """Condition embedding ``[B, condition_size]`` -> body -> heads -> one tensor per spec, ``[B, ...shape]``,
    optionally bounded by ``scale * tanh``. Strategies:

    * AllAtOnce: one head emits all values, split over the specs.
    * PerLayerHeads: one head per generated layer (specs sharing a ``component``).
    * PerComponent: the body runs once per component (batched as ``[B*L, ...]``) on the condition concatenated with
      the sum of learned attribute embeddings; one head per component type, applied to all its components at once.
    * Chunked: K = ceil(total / chunk_size) learned chunk embeddings; the body runs on ``[B*K, condition +
      embedding]``; one head emits chunk_size values per chunk; the chunks are concatenated, truncated and split.

    State-dict keys: ``body.*``, ``heads.N.weight``, ``component_embeddings.<attribute>.weight``,
    ``chunk_embeddings``."""

    PROBE_SAMPLES = 512
    """Largest number of random conditions in the construction-time probe that measures the body output's second
    moment; PerComponent and Chunked use fewer (at least 16) so the probe runs the body on at most 16384 rows."""

    _PROBE_ROWS = 16384
    _PROBE_SEED = 0x5EED4A9E

    def __init__(self, name: str, condition_size: int, options: HyperNetworkOptions,
                 specs: Sequence[GeneratedTensorSpec]):
        super().__init__()
        if condition_size <= 0:
            raise ValueError(f"{name}: the condition size must be positive, got {condition_size}.")
        if len(specs) == 0:
            raise ValueError(f"{name}: a hypernetwork needs at least one generated tensor.")
        for spec in specs:
            if len(spec.shape) == 0 or any(d <= 0 for d in spec.shape):
                raise ValueError(f"{name}: generated tensor '{spec.name}' has shape {HyperDslShapeException.render(spec.shape)}.")
        self.name = name
        self.condition_size = condition_size
        self.options = options
        self.specs = list(specs)

        uses_embeddings = options.strategy in (StrategyKind.PerComponent, StrategyKind.Chunked)
        embedding_size = options.embedding_size if uses_embeddings else 0
        if uses_embeddings and embedding_size <= 0:
            raise ValueError(f"{name}: the {options.strategy.name} strategy needs a positive embedding size.")
        self.body, body_output = _create_body(condition_size + embedding_size, options)

        # AllAtOnce / PerLayerHeads / Chunked: for each head, the spec indices its output rows hold, in row order.
        # PerComponent: for each head (component type), the spec indices of ONE component of that type (the layout
        # all components of the type share) and the components of that type.
        self._head_components: List[List[int]] = []
        self._component_specs: List[List[int]] = []
        self._component_attribute_values: List[List[int]] = []
        self.component_embeddings = None
        self.chunk_embeddings = None
        count = len(self.specs)
        if options.strategy is StrategyKind.AllAtOnce:
            self._head_specs = [list(range(count))]
        elif options.strategy is StrategyKind.PerLayerHeads:
            self._head_specs = _group_by_component(self.specs)
        elif options.strategy is StrategyKind.PerComponent:
            (self._head_specs, self._head_components, self._component_specs,
             self._component_attribute_values) = _lay_out_components(name, self.specs, options)
            self.component_embeddings = nn.ModuleDict()
            for attribute, values in zip(_attributes(options), self._component_attribute_values):
                # The key 'type' is also an nn.Module method, which add_module refuses.
                register_child(self.component_embeddings, attribute.name.lower(),
                               EmbeddingTable(attribute.name, max(values) + 1, embedding_size))
        elif options.strategy is StrategyKind.Chunked:
            if options.chunk_size <= 0:
                raise ValueError(f"{name}: the Chunked strategy needs a positive chunk size.")
            self._head_specs = [list(range(count))]
            self.chunk_embeddings = nn.Parameter(torch.randn(self.chunk_count, embedding_size))
        else:
            raise ValueError(f"{name}: unknown strategy {options.strategy!r}.")

        self.heads = nn.ModuleList(nn.Linear(body_output, rows) for rows in self._head_row_counts())
        self.measured_body_second_moments: List[float] = []
        if options.init is not HyperInit.Default:
            self._initialize_heads(options.init)

    @property
    def total_values(self) -> int:
        """Total number of generated values per sample."""
        return sum(s.count for s in self.specs)

    @property
    def chunk_count(self) -> int:
        """Chunked: the number of chunks K = ceil(total / chunk_size); otherwise 0."""
        if self.options.strategy is not StrategyKind.Chunked:
            return 0
        return (self.total_values + self.options.chunk_size - 1) // self.options.chunk_size

    def forward(self, condition_embedding: torch.Tensor) -> GeneratedWeights:
        """Generates every tensor for a batch of conditions ``[B, condition_size]``: one tensor per spec."""
        if condition_embedding.dim() != 2 or condition_embedding.size(1) != self.condition_size:
            raise HyperDslShapeException(f"{self.name} (hypernetwork)", "condition embedding", f"[B, {self.condition_size}]",
                                         HyperDslShapeException.render(condition_embedding.shape))
        batch = condition_embedding.size(0)
        head_outputs = [self.heads[i](head_input) for i, head_input in enumerate(self._head_inputs(condition_embedding))]
        raw = self._split_per_spec(head_outputs, batch)
        scale = self.options.bound_scale
        tensors = []
        for spec, values in zip(self.specs, raw):
            if scale is not None:
                values = values.tanh().mul(scale)
            tensors.append(values.reshape(batch, *spec.shape))
        return GeneratedWeights(tensors, [s.name for s in self.specs])

    def parameter_squared_norm(self) -> torch.Tensor:
        """The sum of squares of every hypernetwork parameter (a scalar), for an L2 penalty on the hypernetwork."""
        total = None
        for parameter in self.parameters():
            term = parameter.square().sum()
            total = term if total is None else total + term
        return torch.zeros(()) if total is None else total

    def _head_row_counts(self) -> List[int]:
        if self.options.strategy is StrategyKind.Chunked:
            return [self.options.chunk_size]
        return [sum(self.specs[i].count for i in members) for members in self._head_specs]

    def _head_inputs(self, condition: torch.Tensor) -> List[torch.Tensor]:
        """What each head reads: [B, H] (AllAtOnce, PerLayerHeads), [B, L_t, H] (PerComponent), [B, K, H] (Chunked)."""
        strategy = self.options.strategy
        if strategy in (StrategyKind.AllAtOnce, StrategyKind.PerLayerHeads):
            shared = self.body(condition)
            return [shared] * len(self.heads)
        if strategy is StrategyKind.PerComponent:
            per_component = self._run_per_row(condition, self._component_embedding_sum(condition.device))  # [B, L, H]
            return [per_component.index_select(1, torch.tensor(members, dtype=torch.long, device=condition.device))
                    for members in self._head_components]
        return [self._run_per_row(condition, self.chunk_embeddings)]                                        # [B, K, H]

    def _run_per_row(self, condition: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        batch = condition.size(0)
        count = rows.size(0)
        joined = torch.cat([condition.unsqueeze(1).expand(batch, count, self.condition_size),
                            rows.unsqueeze(0).expand(batch, count, rows.size(1))], 2)
        return self.body(joined.reshape(batch * count, -1)).reshape(batch, count, -1)

    def _component_embedding_sum(self, device: torch.device) -> torch.Tensor:
        total = None
        for attribute, values in zip(_attributes(self.options), self._component_attribute_values):
            embedded = self.component_embeddings[attribute.name.lower()](torch.tensor(values, dtype=torch.long, device=device))
            total = embedded if total is None else total + embedded
        return total

    def _split_per_spec(self, head_outputs: List[torch.Tensor], batch: int) -> List[torch.Tensor]:
        """Head outputs -> one [B, count] tensor per spec, in slot order."""
        result = [None] * len(self.specs)

        def scatter(rows, members):
            for k, part in enumerate(rows.split([self.specs[i].count for i in members], 1)):
                result[members[k]] = part

        strategy = self.options.strategy
        if strategy is StrategyKind.PerComponent:
            # One split per type over the shared layout, then one unbind per tensor kind.
            for h, members in enumerate(self._head_components):
                layout = self._head_specs[h]
                parts = head_outputs[h].split([self.specs[i].count for i in layout], 2)     # [B, L_t, count_k]
                for k in range(len(layout)):
                    for position, values in enumerate(parts[k].unbind(1)):                   # L_t x [B, count_k]
                        result[self._component_specs[members[position]][k]] = values
        elif strategy is StrategyKind.Chunked:
            scatter(head_outputs[0].reshape(batch, -1).narrow(1, 0, self.total_values), self._head_specs[0])
        else:
            for h, rows in enumerate(head_outputs):
                scatter(rows, self._head_specs[h])
        return result

    def _initialize_heads(self, init: HyperInit) -> None:
        """Hyperfan: measure the second moment of what each head reads by a probe forward of unit-variance random
        conditions (a private generator, so the global random stream is untouched; evaluation mode, so dropout
        and batch-norm statistics neither distort nor change), then set each head's row variances."""
        was_training = self.training
        self.eval()
        with torch.no_grad():
            generator = torch.Generator().manual_seed(self._PROBE_SEED)
            rows_per_sample = {StrategyKind.PerComponent: len(self._component_specs),
                               StrategyKind.Chunked: self.chunk_count}.get(self.options.strategy, 1)
            samples = min(max(self._PROBE_ROWS // rows_per_sample, 16), self.PROBE_SAMPLES)
            probe = torch.randn(samples, self.condition_size, generator=generator)
            moments = [float(head_input.square().mean()) for head_input in self._head_inputs(probe)]
        self.train(was_training)
        self.measured_body_second_moments = moments

        for h, head in enumerate(self.heads):
            if self.options.strategy is StrategyKind.Chunked:
                # One head serves every chunk, so its rows cannot follow individual specs: use the count-weighted
                # mean of the target variances.
                mean = sum(s.count * HyperfanInit.target_variance(s, init) for s in self.specs) / self.total_values
                blocks = [(self.options.chunk_size, mean)]
            else:
                blocks = [(self.specs[i].count, HyperfanInit.target_variance(self.specs[i], init)) for i in self._head_specs[h]]
            # With a bound, the heads emit raw values that scale * tanh maps to the target variance.
            HyperfanInit.initialize_head(
                head, [(rows, HyperfanInit.raw_variance(v, self.options.bound_scale)) for rows, v in blocks], moments[h])


def _create_body(input_size: int, options: HyperNetworkOptions):
    if options.body is BodyKind.Mlp:
        body = MlpBody("body", input_size, options.widths or [], options.activation, options.norm, options.dropout)
    elif options.body in (BodyKind.ResidualMlp, BodyKind.Mixer):
        body = ResidualMlpBody("body", input_size, options.body is BodyKind.Mixer, options.latent, options.blocks,
                               options.head_input, options.activation, options.dropout)
    else:
        raise ValueError(f"Unknown body kind {options.body!r}.")
    return body, body.output_size


def _attributes(options: HyperNetworkOptions) -> List[ComponentAttribute]:
    attributes = list(dict.fromkeys(options.component_attributes or []))
    return attributes or [ComponentAttribute.Index]


def _group_by_component(specs: Sequence[GeneratedTensorSpec]) -> List[List[int]]:
    """Spec indices grouped by component, groups in order of first appearance (LINQ GroupBy's order)."""
    groups = {}
    for i, spec in enumerate(specs):
        groups.setdefault(spec.component, []).append(i)
    return list(groups.values())


def _layout(specs, members) -> str:
    return ", ".join(f"{specs[i].kind.name} {HyperDslShapeException.render(specs[i].shape)}" for i in members)


def _lay_out_components(name, specs, options):
    """Groups specs by component, components by type, and checks that all components of a type have the same
    layout (so one head can serve them all)."""
    component_specs = _group_by_component(specs)
    types = list(dict.fromkeys(specs[c[0]].component_type for c in component_specs))
    head_components = [[c for c in range(len(component_specs)) if specs[component_specs[c][0]].component_type == t]
                       for t in types]
    for members in head_components:
        layout = _layout(specs, component_specs[members[0]])
        for c in members:
            first = specs[component_specs[c][0]]
            if any(specs[i].component_type != first.component_type for i in component_specs[c]):
                raise ValueError(f"{name}: the tensors of component {first.component} have different component types.")
            if _layout(specs, component_specs[c]) != layout:
                raise ValueError(f"{name}: components of type '{first.component_type}' generate different tensors "
                                 f"({_layout(specs, component_specs[c])} vs {layout}); a type shares one head, so its "
                                 "components must match.")
    head_specs = [component_specs[members[0]] for members in head_components]

    def value(attribute, c, index):
        if attribute is ComponentAttribute.Depth:
            return specs[c[0]].depth
        if attribute is ComponentAttribute.Type:
            return types.index(specs[c[0]].component_type)
        return index

    attribute_values = [[value(attribute, c, index) for index, c in enumerate(component_specs)]
                        for attribute in _attributes(options)]
    if any(v < 0 for values in attribute_values for v in values):
        raise ValueError(f"{name}: component depths must be non-negative.")
    return head_specs, head_components, component_specs, attribute_values
