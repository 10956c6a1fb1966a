using HyperDsl.Benchmarks.Models.TaskUNet3d;
using HyperDsl.Runtime.Conditioning;
using HyperDsl.Runtime.Hypernets;
using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HyperDsl.Benchmarks.Reference;

/// <summary>
/// TaskUNet3dSmall (examples/TaskUNet3d/task_unet3d_small.hyp) by hand. The support image + mask encoder and the
/// chunked hypernetwork are the runtime's library modules on copies of the model's weights; the 3D U-Net is written
/// out: shared encoder and up-convolutions, and decoder convolutions and head with per-sample weights applied as one
/// grouped convolution each (the batch folded into the groups).
/// </summary>
public sealed class HandTaskUNet3dSmall
{
    private readonly ParameterCopy p;
    private readonly SupportMaskEncoder support = new("support", 3, 1, [8, 16], 32, patches: 16, boundary: 0.5);
    private readonly HyperNetwork hypernet = new("hypernet", TaskUNet3dSmall.ConditionSize, TaskUNet3dSmall.HypernetOptions, TaskUNet3dSmall.GeneratedTensors);

    /// <summary>Takes the model's weights: U-Net parameters from <paramref name="p"/>, library modules by state_dict.</summary>
    public HandTaskUNet3dSmall(ParameterCopy p, TaskUNet3dSmall model)
    {
        this.p = p;
        support.load_state_dict(model.support.state_dict());
        hypernet.load_state_dict(model.hypernet.state_dict());
        support.eval();
        hypernet.eval();
        p.ComputedByLibrary("support.");
        p.ComputedByLibrary("hypernet.");
    }

    /// <summary>The library modules' parameters (their gradients are reset between iterations too).</summary>
    public IEnumerable<Tensor> LibraryParameters => support.parameters().Concat(hypernet.parameters());

    /// <summary>Logits [B, 1, 16, 16, 16] for query images [B, 1, 16, 16, 16] and one support pair per sample.</summary>
    public Tensor Forward(Tensor image, Tensor supportImage, Tensor supportMask)
    {
        var g = hypernet.forward(support.forward(supportImage, supportMask));
        var skips = new List<Tensor>();
        var x = image;
        for (var level = 0; level < 3; level++)
        {
            var conv = SharedBlock(x, $"unet.encoder.{level}.conv.");
            skips.Add(conv);
            x = F.conv3d(conv, p[$"unet.encoder.{level}.down.weight"], p[$"unet.encoder.{level}.down.bias"], strides: [2, 2, 2], padding: [1, 1, 1]);
        }
        for (var level = 0; level < 3; level++)
        {
            x = F.conv_transpose3d(x, p[$"unet.decoder.{level}.up.weight"], p[$"unet.decoder.{level}.up.bias"], strides: [2, 2, 2]) + skips[2 - level];
            x = GeneratedBlock(x, g, $"decoder.{level}.conv.", $"unet.decoder.{level}.conv.");
        }
        return Grouped(x, g, "head.", padding: 0);
    }

    // conv -> group norm(4) -> leaky ReLU, twice, plus a 1x1x1 residual projection, with the model's own weights.
    private Tensor SharedBlock(Tensor x, string key)
    {
        var h = Norm(F.conv3d(x, p[key + "conv1.0.weight"], p[key + "conv1.0.bias"], padding: [1, 1, 1]), key + "conv1.1");
        h = Norm(F.conv3d(h, p[key + "conv2.0.weight"], p[key + "conv2.0.bias"], padding: [1, 1, 1]), key + "conv2.1");
        return h + F.conv3d(x, p[key + "residual.weight"], p[key + "residual.bias"]);
    }

    // The same block with generated convolution weights (the norms stay shared).
    private Tensor GeneratedBlock(Tensor x, GeneratedWeights g, string slot, string key)
    {
        var h = Norm(Grouped(x, g, slot + "conv1.0.", padding: 1), key + "conv1.1");
        h = Norm(Grouped(h, g, slot + "conv2.0.", padding: 1), key + "conv2.1");
        return h + Grouped(x, g, slot + "residual.", padding: 0);
    }

    private Tensor Norm(Tensor x, string key) => F.leaky_relu(F.group_norm(x, 4, p[key + ".weight"], p[key + ".bias"]), 0.01);

    // Per-sample weights [B, out, in, k, k, k] as one convolution with B groups over [1, B*in, D, H, W].
    private static Tensor Grouped(Tensor x, GeneratedWeights g, string slot, long padding)
    {
        var (w, b) = (Slot(g, slot + "weight"), Slot(g, slot + "bias"));
        var (batch, channels) = (x.shape[0], x.shape[1]);
        var folded = x.reshape(1, batch * channels, x.shape[2], x.shape[3], x.shape[4]);
        var y = F.conv3d(folded, w.reshape(batch * w.shape[1], w.shape[2], w.shape[3], w.shape[4], w.shape[5]), b.reshape(-1),
            padding: [padding, padding, padding], groups: batch);
        return y.reshape(batch, w.shape[1], y.shape[2], y.shape[3], y.shape[4]);
    }

    private static readonly IReadOnlyDictionary<string, int> Slots = GeneratedSlots.ByName(TaskUNet3dSmall.GeneratedTensors);

    private static Tensor Slot(GeneratedWeights g, string name) => g[Slots[name]];
}
