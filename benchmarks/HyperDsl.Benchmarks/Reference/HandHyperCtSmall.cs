using HyperDsl.Benchmarks.Models.HyperCT;
using HyperDsl.Runtime.Conditioning;
using HyperDsl.Runtime.Hypernets;
using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HyperDsl.Benchmarks.Reference;

/// <summary>
/// HyperCTSmall (examples/HyperCT/hyperct_small.hyp) by hand. The task embedding and the per-component mixer
/// hypernetwork are the runtime's library modules, run on copies of the model's weights (a person writing this model
/// by hand would call the same library); everything the compiler generates is written out: the pre-norm ViT on frozen
/// weights with rank-4 LoRA on q, v, fc1 and fc2 through the rank bottleneck (bmm), and the trainable head (one logit per task).
/// </summary>
public sealed class HandHyperCtSmall
{
    private const long Width = 64;
    private readonly ParameterCopy p;
    private readonly TaskEmbedding task = new("task", 10, 8);
    private readonly HyperNetwork hypernet = new("hypernet", HyperCTSmall.ConditionSize, HyperCTSmall.HypernetOptions, HyperCTSmall.GeneratedTensors);

    /// <summary>Takes the model's weights: ViT parameters from <paramref name="p"/>, library modules by state_dict.</summary>
    public HandHyperCtSmall(ParameterCopy p, HyperCTSmall model)
    {
        this.p = p;
        task.load_state_dict(model.task.state_dict());
        hypernet.load_state_dict(model.hypernet.state_dict());
        hypernet.eval();   // the mixer's dropout off, as in the model under test
        p.ComputedByLibrary("task.");
        p.ComputedByLibrary("hypernet.");
    }

    /// <summary>The library modules' parameters (their gradients are reset between iterations too).</summary>
    public IEnumerable<Tensor> LibraryParameters => task.parameters().Concat(hypernet.parameters());

    /// <summary>Task logits [B, 10] for images [B, 1, 16, 16] and task ids [B] (int64).</summary>
    public Tensor Forward(Tensor image, Tensor taskIds)
    {
        var g = hypernet.forward(task.forward(taskIds));
        var batch = image.shape[0];
        var t = F.conv2d(image, p["vit.patch_embed.weight"], p["vit.patch_embed.bias"], strides: [4, 4]).flatten(2).transpose(1, 2);
        t = cat([p["vit.cls_token"].reshape(1, 1, -1).expand(batch, -1, -1), t], 1) + p["vit.pos_embed"];
        for (var i = 0; i < 4; i++)
        {
            var block = $"vit.blocks.{i}.";
            var n = F.layer_norm(t, [Width], p[block + "norm1.weight"], p[block + "norm1.bias"]);
            var q = Lora(n, block + "attn.q", g, $"blocks.{i}.attn.q");
            var k = F.linear(n, p[block + "attn.k.weight"], p[block + "attn.k.bias"]);
            var v = Lora(n, block + "attn.v", g, $"blocks.{i}.attn.v");
            t = F.linear(Attention(q, k, v, heads: 4), p[block + "attn.o.weight"], p[block + "attn.o.bias"]) + t;
            n = F.layer_norm(t, [Width], p[block + "norm2.weight"], p[block + "norm2.bias"]);
            var hidden = F.gelu(Lora(n, block + "mlp.fc1", g, $"blocks.{i}.mlp.fc1"));
            t = Lora(hidden, block + "mlp.fc2", g, $"blocks.{i}.mlp.fc2") + t;
        }
        var cls = F.layer_norm(t, [Width], p["vit.norm.weight"], p["vit.norm.bias"]).select(1, 0);
        return F.linear(cls, p["vit.head.weight"], p["vit.head.bias"]);
    }

    // Frozen linear plus (x Aᵀ) Bᵀ per sample; alpha / rank = 4 / 4 = 1.
    private Tensor Lora(Tensor x, string layer, GeneratedWeights g, string module)
    {
        var delta = x.bmm(Slot(g, module + ".lora_a").transpose(1, 2)).bmm(Slot(g, module + ".lora_b").transpose(1, 2));
        return F.linear(x, p[layer + ".weight"], p[layer + ".bias"]) + delta;
    }

    private static Tensor Attention(Tensor q, Tensor k, Tensor v, long heads)
    {
        var (batch, tokens) = (q.shape[0], q.shape[1]);
        Tensor Split(Tensor x) => x.reshape(batch, tokens, heads, Width / heads).transpose(1, 2);
        return F.scaled_dot_product_attention(Split(q), Split(k), Split(v)).transpose(1, 2).reshape(batch, tokens, Width);
    }

    private static readonly IReadOnlyDictionary<string, int> Slots = GeneratedSlots.ByName(HyperCTSmall.GeneratedTensors);

    private static Tensor Slot(GeneratedWeights g, string name) => g[Slots[name]];
}
