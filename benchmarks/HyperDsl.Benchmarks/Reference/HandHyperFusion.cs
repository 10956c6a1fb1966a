using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HyperDsl.Benchmarks.Reference;

/// <summary>HyperFusion (hyperfusion.hyp) by hand: tabular encoder with missing-value indicators → MLP hypernetwork →
/// a CNN whose two fully connected layers use the per-sample weights.</summary>
public sealed class HandHyperFusion(ParameterCopy p)
{
    /// <summary>Prediction [B, 1] for an image [B, 1, 32, 32] and clinical values [B, 6] (NaN = missing).</summary>
    public Tensor Forward(Tensor image, Tensor clinical)
    {
        var batch = image.shape[0];
        var missing = clinical.isnan();
        var table = cat([clinical.masked_fill(missing, 0.0), missing.to_type(clinical.dtype)], 1);
        var e = F.relu(F.linear(table, p["clinical.encoder.0.weight"], p["clinical.encoder.0.bias"]));
        e = F.linear(e, p["clinical.encoder.1.weight"], p["clinical.encoder.1.bias"]);

        var z = F.relu(F.linear(e, p["hypernet.body.linears.0.weight"], p["hypernet.body.linears.0.bias"]));
        var head0 = F.linear(z, p["hypernet.heads.0.weight"], p["hypernet.heads.0.bias"]);
        var head1 = F.linear(z, p["hypernet.heads.1.weight"], p["hypernet.heads.1.bias"]);
        var w1 = head0.narrow(1, 0, 16 * 512).reshape(batch, 16, 512);
        var b1 = head0.narrow(1, 16 * 512, 16);
        var w2 = head1.narrow(1, 0, 16).reshape(batch, 1, 16);
        var b2 = head1.narrow(1, 16, 1);

        var x = F.max_pool2d(F.relu(F.conv2d(image, p["cnn.conv1.weight"], p["cnn.conv1.bias"], padding: [1, 1])), [2, 2]);
        x = F.max_pool2d(F.relu(F.conv2d(x, p["cnn.conv2.weight"], p["cnn.conv2.bias"], padding: [1, 1])), [2, 2]);
        var f = x.flatten(1);
        f = F.relu(f.unsqueeze(1).bmm(w1.transpose(1, 2)).squeeze(1) + b1);
        return f.unsqueeze(1).bmm(w2.transpose(1, 2)).squeeze(1) + b2;
    }
}
