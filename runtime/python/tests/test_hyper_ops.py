"""Each batched kernel against a per-sample loop of torch's own functional op (the reference), values and gradients."""

import pytest
import torch
import torch.nn.functional as F

from hyperdsl import HyperOps

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def leaves(*tensors):
    return [t.detach().clone().requires_grad_(True) for t in tensors]


def assert_same_values_and_gradients(batched, looped, inputs_a, inputs_b):
    torch.testing.assert_close(batched, looped, rtol=1e-5, atol=1e-5)
    upstream = torch.randn_like(batched)
    grads_a = torch.autograd.grad((batched * upstream).sum(), inputs_a)
    grads_b = torch.autograd.grad((looped * upstream).sum(), inputs_b)
    for ga, gb in zip(grads_a, grads_b):
        torch.testing.assert_close(ga, gb, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("sequence", [False, True])
@pytest.mark.parametrize("with_bias", [False, True])
def test_linear_equals_a_per_sample_loop(sequence, with_bias):
    batch, tokens, fan_in, fan_out = 4, 3, 5, 6
    x = torch.randn(batch, tokens, fan_in) if sequence else torch.randn(batch, fan_in)
    w, b = torch.randn(batch, fan_out, fan_in), torch.randn(batch, fan_out)
    xa, wa, ba = leaves(x, w, b)
    xb, wb, bb = leaves(x, w, b)
    batched = HyperOps.linear(xa, wa, ba if with_bias else None)
    looped = torch.stack([F.linear(xb[i], wb[i], bb[i] if with_bias else None) for i in range(batch)])
    assert_same_values_and_gradients(batched, looped, [xa, wa, ba] if with_bias else [xa, wa],
                                     [xb, wb, bb] if with_bias else [xb, wb])


CONV_CASES = [
    # rank, in, out, kernel, stride, padding, dilation, groups, size
    (1, 4, 6, 3, 1, 1, 1, 1, 9),
    (1, 4, 6, 3, 2, 0, 2, 2, 11),
    (2, 3, 4, 3, 1, 1, 1, 1, 7),
    (2, 4, 8, 3, 2, 1, 1, 4, 8),
    (2, 2, 4, 1, 1, 0, 1, 1, 5),
    (3, 2, 4, 3, 1, 1, 1, 1, 5),
    (3, 4, 4, 3, 2, 1, 2, 2, 7),
]


@pytest.mark.parametrize("rank,cin,cout,k,s,p,d,g,size", CONV_CASES)
def test_grouped_conv_equals_a_per_sample_loop(rank, cin, cout, k, s, p, d, g, size):
    batch = 3
    x = torch.randn(batch, cin, *[size] * rank)
    w = torch.randn(batch, cout, cin // g, *[k] * rank)
    b = torch.randn(batch, cout)
    stride, padding, dilation = [s] * rank, [p] * rank, [d] * rank
    xa, wa, ba = leaves(x, w, b)
    xb, wb, bb = leaves(x, w, b)
    batched = HyperOps.conv(xa, wa, ba, stride, padding, dilation, g)
    looped = torch.cat([CONV[rank](xb[i:i + 1], wb[i], bb[i], stride, padding, dilation, g) for i in range(batch)])
    assert batched.shape == looped.shape
    assert_same_values_and_gradients(batched, looped, [xa, wa, ba], [xb, wb, bb])


CONV_T_CASES = [
    # rank, in, out, kernel, stride, padding, output padding, dilation, groups, size
    (1, 4, 6, 3, 2, 1, 1, 1, 1, 5),
    (2, 4, 2, 2, 2, 0, 0, 1, 1, 4),
    (2, 4, 6, 3, 2, 1, 1, 1, 2, 4),
    (2, 2, 4, 3, 1, 0, 0, 2, 1, 3),
    (3, 4, 4, 2, 2, 0, 0, 1, 1, 3),
    (3, 4, 2, 3, 2, 1, 1, 1, 2, 3),
]


@pytest.mark.parametrize("rank,cin,cout,k,s,p,op,d,g,size", CONV_T_CASES)
def test_grouped_conv_transpose_equals_a_per_sample_loop(rank, cin, cout, k, s, p, op, d, g, size):
    batch = 3
    x = torch.randn(batch, cin, *[size] * rank)
    w = torch.randn(batch, cin, cout // g, *[k] * rank)
    b = torch.randn(batch, cout)
    stride, padding, output_padding, dilation = [s] * rank, [p] * rank, [op] * rank, [d] * rank
    xa, wa, ba = leaves(x, w, b)
    xb, wb, bb = leaves(x, w, b)
    batched = HyperOps.conv_transpose(xa, wa, ba, stride, padding, output_padding, dilation, g)
    looped = torch.cat([CONV_T[rank](xb[i:i + 1], wb[i], bb[i], stride, padding, output_padding, g, dilation)
                        for i in range(batch)])
    assert batched.shape == looped.shape
    assert_same_values_and_gradients(batched, looped, [xa, wa, ba], [xb, wb, bb])


@pytest.mark.parametrize("sequence", [False, True])
def test_lora_linear_equals_the_merged_weight_applied_with_f_linear(sequence):
    batch, tokens, fan_in, fan_out, rank, scale = 4, 3, 7, 5, 2, 1.5
    x = torch.randn(batch, tokens, fan_in) if sequence else torch.randn(batch, fan_in)
    weight, bias = torch.randn(fan_out, fan_in), torch.randn(fan_out)
    a, b = torch.randn(batch, rank, fan_in), torch.randn(batch, fan_out, rank)
    xa, aa, ba = leaves(x, a, b)
    xb, ab, bb = leaves(x, a, b)
    batched = HyperOps.lora_linear(xa, weight, bias, aa, ba, scale)
    looped = torch.stack([F.linear(xb[i], weight + scale * bb[i] @ ab[i], bias) for i in range(batch)])
    assert_same_values_and_gradients(batched, looped, [xa, aa, ba], [xb, ab, bb])
