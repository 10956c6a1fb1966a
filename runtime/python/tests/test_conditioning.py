"""Condition encoders: shapes, behaviour, and the support encoder's pieces against hand computations."""

import itertools
import math

import pytest
import torch

from hyperdsl import (HyperDslShapeException, MissingValues, NoiseSource, PatchSampler, PositionalEncoding,
                      SupportMaskEncoder, TabularEncoder, TaskEmbedding)


def generator(seed):
    return torch.Generator().manual_seed(seed)


def test_task_embedding_looks_up_rows_and_names_bad_ids():
    embedding = TaskEmbedding("task", 4, 3)
    ids = torch.tensor([2, 0, 2])
    torch.testing.assert_close(embedding(ids), embedding.table.weight[[2, 0, 2]], rtol=0, atol=0)
    assert embedding(ids).shape == (3, 3) and embedding.num_tasks == 4 and embedding.size == 3
    with pytest.raises(ValueError, match=r"TaskEmbedding 'task': task id 4 is out of range; valid ids are 0 \.\. 3"):
        embedding(torch.tensor([1, 4]))
    with pytest.raises(ValueError, match="task id -1"):
        embedding(torch.tensor([-1]))
    with pytest.raises(HyperDslShapeException, match="int64"):
        embedding(torch.tensor([1.0]))


@pytest.mark.parametrize("missing", list(MissingValues))
def test_tabular_encoder_never_propagates_nan(missing):
    encoder = TabularEncoder("clinical", 3, [16], 8, missing)
    table = torch.tensor([[1.0, float("nan"), 2.0], [float("nan")] * 3])
    out = encoder(table)
    assert out.shape == (2, 8) and torch.isfinite(out).all()
    out.sum().backward()
    assert all(torch.isfinite(p.grad).all() for p in encoder.parameters())


def test_zero_mode_treats_missing_as_zero_while_indicator_mode_tells_them_apart():
    measured_zero, missing = torch.tensor([[0.0, 1.0]]), torch.tensor([[float("nan"), 1.0]])
    zero = TabularEncoder("t", 2, [], 4, MissingValues.Zero)
    torch.testing.assert_close(zero(measured_zero), zero(missing), rtol=0, atol=0)
    indicator = TabularEncoder("t", 2, [], 4, MissingValues.Indicator)
    assert indicator.encoder[0].in_features == 4
    assert (indicator(measured_zero) - indicator(missing)).abs().max() > 1e-4
    # By hand: the indicator's column weights are what separates the two.
    w, b = indicator.encoder[0].weight, indicator.encoder[0].bias
    torch.testing.assert_close(indicator(missing)[0], w @ torch.tensor([0.0, 1.0, 1.0, 0.0]) + b)
    with pytest.raises(HyperDslShapeException, match=r"t: tabular input has shape \[2, 3\], expected \[B, 2\]"):
        indicator(torch.zeros(2, 3))


def test_noise_source_is_standard_normal_and_reproducible_with_a_generator():
    noise = NoiseSource("z", 16)
    assert list(noise.parameters()) == []
    a = noise.sample(512, "cpu", generator(42))
    torch.testing.assert_close(a, noise.sample(512, torch.device("cpu"), generator(42)), rtol=0, atol=0)
    assert a.shape == (512, 16) and a.dtype == torch.float32
    assert abs(a.mean().item()) < 0.05 and abs(a.std().item() - 1) < 0.05


def test_boundary_is_where_a_neighbourhood_holds_both_labels():
    mask = torch.zeros(1, 1, 5, 5)
    mask[..., 2] = 1
    boundary = PatchSampler.boundary_of(mask).int().reshape(5, 5)
    assert all(row == [0, 1, 1, 1, 0] for row in boundary.tolist())


def test_patch_sampling_is_balanced_ordered_and_uses_the_boundary_fraction():
    mask = torch.zeros(2, 1, 8, 8)
    mask[:, :, 2:6, 2:6] = 1
    centres = PatchSampler.sample(mask, 8, 0.5, generator(5))
    assert centres.shape == (2, 8) and centres.dtype == torch.int64
    foreground = mask.reshape(2, -1) > 0.5
    edge = PatchSampler.boundary_of(mask).reshape(2, -1)
    # 2 foreground interior, 2 foreground boundary, 2 background interior, 2 background boundary.
    expect_foreground = [True] * 4 + [False] * 4
    expect_edge = [False, False, True, True] * 2
    for b in range(2):
        for k in range(8):
            assert foreground[b, centres[b, k]].item() == expect_foreground[k]
            assert edge[b, centres[b, k]].item() == expect_edge[k]
    torch.testing.assert_close(centres, PatchSampler.sample(mask, 8, 0.5, generator(5)), rtol=0, atol=0)
    empty = PatchSampler.sample(torch.zeros(1, 1, 4, 4), 6, 0.5)
    assert empty.shape == (1, 6) and ((empty >= 0) & (empty < 16)).all()


def test_gather_returns_the_zero_padded_neighbourhood():
    features = (torch.arange(9, dtype=torch.float32) + 1).reshape(1, 1, 3, 3)
    patches = PatchSampler.gather(features, torch.tensor([[4, 0]]))
    assert patches.shape == (1, 2, 9)
    assert patches[0, 0].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert patches[0, 1].tolist() == [0, 0, 0, 0, 1, 2, 0, 4, 5]


def test_gather_matches_a_naive_loop_in_3d():
    grid = (3, 4, 5)
    features = torch.randn(2, 2, *grid)
    centres = torch.randint(0, 60, (2, 7), generator=generator(4))
    patches = PatchSampler.gather(features, centres)
    assert patches.shape == (2, 7, 2 * 27)
    for b, k in itertools.product(range(2), range(7)):
        index = centres[b, k].item()
        z, y, x = index // 20, index // 5 % 4, index % 5
        for c, o in itertools.product(range(2), range(27)):
            nz, ny, nx = z + o // 9 - 1, y + o // 3 % 3 - 1, x + o % 3 - 1
            inside = 0 <= nz < grid[0] and 0 <= ny < grid[1] and 0 <= nx < grid[2]
            expected = features[b, c, nz, ny, nx].item() if inside else 0.0
            assert patches[b, k, c * 27 + o].item() == expected


def test_positional_encoding_is_sinusoidal_in_normalised_coordinates():
    encoding = PositionalEncoding.encode(torch.tensor([[5]]), [2, 4], 2)
    # Index 5 in a 2x4 grid = (row 1, column 1): p = (1.5/2, 1.5/4).
    expected = [v for p in (0.75, 0.375) for v in (math.sin(math.pi * p), math.sin(2 * math.pi * p),
                                                    math.cos(math.pi * p), math.cos(2 * math.pi * p))]
    assert PositionalEncoding.width(2, 2) == 8
    torch.testing.assert_close(encoding.reshape(-1), torch.tensor(expected), rtol=1e-5, atol=1e-6)


def mask_average_by_loops(features, mask):
    """Nearest-upsample F to the mask by index arithmetic, then the mean over foreground voxels, voxel by voxel."""
    _, channels, fh, fw = features.shape
    mh, mw = mask.shape[2:]
    total, count = torch.zeros(channels, dtype=torch.float64), 0.0
    for y, x in itertools.product(range(mh), range(mw)):
        if mask[0, 0, y, x] > 0:
            total += features[0, :, y * fh // mh, x * fw // mw].double() * mask[0, 0, y, x].item()
            count += mask[0, 0, y, x].item()
    return (total / count).float()


@pytest.mark.parametrize("size", [16, 15])   # a whole multiple of the feature grid (8), and not (8 for 15)
def test_task_descriptor_is_the_mask_average_pool_of_the_features_by_hand(size):
    encoder = SupportMaskEncoder("support", 2, 1, [4], 6, 8, 0.5)
    image = torch.randn(1, 1, size, size)
    mask = torch.zeros(1, 1, size, size)
    mask[..., 3:11, 2:9] = 1
    with torch.no_grad():
        features = encoder.encode_features(image)
        pooled = SupportMaskEncoder.mask_average_pool(features, mask)
    assert features.shape == (1, 4, 8, 8)
    torch.testing.assert_close(pooled[0], mask_average_by_loops(features, mask), rtol=1e-4, atol=1e-5)


def test_a_different_mask_gives_a_different_embedding_and_the_same_one_the_same():
    encoder = SupportMaskEncoder("support", 2, 1, [4], 6, 8, 0.5).eval()
    image = torch.randn(1, 1, 16, 16)
    left, right = torch.zeros(1, 1, 16, 16), torch.zeros(1, 1, 16, 16)
    left[..., :8] = 1
    right[..., 8:] = 1

    def embed(mask):
        encoder.generator = generator(5)     # the same patch draws for every mask
        return encoder(image, mask)

    a = embed(left)
    torch.testing.assert_close(embed(left), a, rtol=0, atol=0)
    assert (embed(right) - a).abs().max().item() > 1e-3


@pytest.mark.parametrize("rank", [2, 3])
def test_encoder_gives_the_embedding_shape_and_gradients_reach_every_parameter(rank):
    encoder = SupportMaskEncoder("support", rank, 2, [4, 8], 16, 6, 0.5)
    image = torch.randn(2, 2, *[8] * rank)
    mask = (torch.rand(2, 1, *[8] * rank) > 0.5).float()
    out = encoder(image, mask)
    assert out.shape == (2, 16)
    out.square().sum().backward()
    for name, p in encoder.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name
    norm = encoder.encoder[0].norm
    assert norm.num_groups == 4 and torch.equal(norm.weight, torch.ones(4)) and torch.equal(norm.bias, torch.zeros(4))


def test_encoder_rejects_a_mask_of_another_size_naming_the_declaration():
    encoder = SupportMaskEncoder("support", 2, 1, [4], 6, 4, 0.5)
    with pytest.raises(HyperDslShapeException, match=r"support: support mask has shape \[1, 1, 4, 4\], expected \[1, 1, 8, 8\]"):
        encoder(torch.zeros(1, 1, 8, 8), torch.zeros(1, 1, 4, 4))
    with pytest.raises(ValueError, match="boundary"):
        SupportMaskEncoder("support", 2, 1, [4], 6, 4, 1.5)
