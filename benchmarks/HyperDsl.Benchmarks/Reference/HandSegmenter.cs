using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HyperDsl.Benchmarks.Reference;

/// <summary>TinySegmenter (segmenter2d.hyp) by hand: task embedding → MLP hypernetwork (SiLU) → a 2D U-Net-like
/// network whose decoder convolutions use per-sample weights as one grouped convolution (batch folded into groups).</summary>
public sealed class HandSegmenter(ParameterCopy p)
{
    /// <summary>Logits [B, 2, 64, 64] for an image [B, 3, 64, 64] and task ids [B] (int64).</summary>
    public Tensor Forward(Tensor image, Tensor task)
    {
        var batch = image.shape[0];
        var e = p["task.table.weight"].index_select(0, task);   // nn.Embedding lookup
        var z = F.silu(F.linear(e, p["hypernet.body.linears.0.weight"], p["hypernet.body.linears.0.bias"]));
        z = F.silu(F.linear(z, p["hypernet.body.linears.1.weight"], p["hypernet.body.linears.1.bias"]));
        var fuseW = F.linear(z, p["hypernet.heads.0.weight"], p["hypernet.heads.0.bias"]).reshape(batch, 8, 24, 3, 3);
        var head1 = F.linear(z, p["hypernet.heads.1.weight"], p["hypernet.heads.1.bias"]);
        var logitsW = head1.narrow(1, 0, 16).reshape(batch, 2, 8, 1, 1);
        var logitsB = head1.narrow(1, 16, 2);

        var stem = F.conv2d(image, p["net.stem.0.weight"], p["net.stem.0.bias"], padding: [1, 1]);
        stem = F.relu(F.batch_norm(stem, p["net.stem.1.running_mean"], p["net.stem.1.running_var"],
            p["net.stem.1.weight"], p["net.stem.1.bias"], training: true));
        var down = F.relu(F.conv2d(F.max_pool2d(stem, [2, 2]), p["net.down.weight"], p["net.down.bias"], padding: [1, 1]));
        var up = cat([F.interpolate(down, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest), stem], 1);
        var fuse = F.relu(Grouped(up, fuseW, p["net.fuse.bias"].repeat(batch), 1, batch));
        return Grouped(fuse, logitsW, logitsB.reshape(-1), 0, batch);
    }

    // Per-sample weights [B, out, in, k, k] as one convolution with B groups over [1, B*in, H, W].
    private static Tensor Grouped(Tensor x, Tensor w, Tensor bias, long padding, long batch)
    {
        var folded = x.reshape(1, batch * x.shape[1], x.shape[2], x.shape[3]);
        var y = F.conv2d(folded, w.reshape(batch * w.shape[1], w.shape[2], w.shape[3], w.shape[4]), bias,
            padding: [padding, padding], groups: batch);
        return y.reshape(batch, w.shape[1], y.shape[2], y.shape[3]);
    }
}
