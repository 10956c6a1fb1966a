using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HyperDsl.Benchmarks.Reference;

/// <summary>HyDA (hyda.hyp) written by hand in TorchSharp: domain classifier → embedding → MLP hypernetwork with one
/// head per generated layer → encoder and head whose last three layers use the per-sample weights (batched matmul).</summary>
public sealed class HandHyda(ParameterCopy p)
{
    /// <summary>Prediction [B, 1] for features [B, 32].</summary>
    public Tensor Forward(Tensor x)
    {
        var batch = x.shape[0];
        // Domain classifier (the embedding conditions the hypernetwork; the logits feed the domain losses).
        var hidden = F.relu(F.linear(x, p["domain_classifier.hidden.weight"], p["domain_classifier.hidden.bias"]));
        var embedding = F.relu(F.linear(hidden, p["domain_classifier.embedding.weight"], p["domain_classifier.embedding.bias"]));
        _ = F.linear(embedding, p["domain_classifier.logits.weight"], p["domain_classifier.logits.bias"]);

        // Hypernetwork: body mlp(64, 64, relu), then one head per generated layer (weight rows then bias rows).
        var z = F.relu(F.linear(embedding, p["hypernet.body.linears.0.weight"], p["hypernet.body.linears.0.bias"]));
        z = F.relu(F.linear(z, p["hypernet.body.linears.1.weight"], p["hypernet.body.linears.1.bias"]));
        var (w1, b1) = Head(z, 0, 32, 32, batch);
        var (w2, b2) = Head(z, 1, 32, 32, batch);
        var (w3, b3) = Head(z, 2, 1, 32, batch);

        // Primary network.
        var h = F.relu(F.linear(x, p["primary.encoder.0.weight"], p["primary.encoder.0.bias"]));
        h = F.relu(F.linear(h, p["primary.encoder.2.weight"], p["primary.encoder.2.bias"]));
        h = F.relu(F.linear(h, p["primary.head.0.weight"], p["primary.head.0.bias"]));
        h = F.relu(PerSample(h, w1, b1));
        h = F.relu(PerSample(h, w2, b2));
        return PerSample(h, w3, b3);
    }

    /// <summary>Only the domain classifier (for profiling): the embedding [B, 16], logits computed as in the model.</summary>
    public Tensor DomainEmbedding(Tensor x)
    {
        var hidden = F.relu(F.linear(x, p["domain_classifier.hidden.weight"], p["domain_classifier.hidden.bias"]));
        var embedding = F.relu(F.linear(hidden, p["domain_classifier.embedding.weight"], p["domain_classifier.embedding.bias"]));
        _ = F.linear(embedding, p["domain_classifier.logits.weight"], p["domain_classifier.logits.bias"]);
        return embedding;
    }

    /// <summary>Only the hypernetwork part (for profiling): the six generated tensors for a domain embedding [B, 16].</summary>
    public Tensor[] Hypernet(Tensor embedding)
    {
        var batch = embedding.shape[0];
        var z = F.relu(F.linear(embedding, p["hypernet.body.linears.0.weight"], p["hypernet.body.linears.0.bias"]));
        z = F.relu(F.linear(z, p["hypernet.body.linears.1.weight"], p["hypernet.body.linears.1.bias"]));
        var (w1, b1) = Head(z, 0, 32, 32, batch);
        var (w2, b2) = Head(z, 1, 32, 32, batch);
        var (w3, b3) = Head(z, 2, 1, 32, batch);
        return [w1, b1, w2, b2, w3, b3];
    }

    /// <summary>Only the primary network (for profiling), given the generated tensors in slot order.</summary>
    public Tensor Primary(Tensor x, IReadOnlyList<Tensor> g)
    {
        var h = F.relu(F.linear(x, p["primary.encoder.0.weight"], p["primary.encoder.0.bias"]));
        h = F.relu(F.linear(h, p["primary.encoder.2.weight"], p["primary.encoder.2.bias"]));
        h = F.relu(F.linear(h, p["primary.head.0.weight"], p["primary.head.0.bias"]));
        h = F.relu(PerSample(h, g[0], g[1]));
        h = F.relu(PerSample(h, g[2], g[3]));
        return PerSample(h, g[4], g[5]);
    }

    private (Tensor W, Tensor B) Head(Tensor z, int head, long outF, long inF, long batch)
    {
        var rows = F.linear(z, p[$"hypernet.heads.{head}.weight"], p[$"hypernet.heads.{head}.bias"]);
        return (rows.narrow(1, 0, outF * inF).reshape(batch, outF, inF), rows.narrow(1, outF * inF, outF));
    }

    // [B, 1, in] @ [B, in, out]: the same kernel call the runtime makes, so the ratio isolates the generated code.
    private static Tensor PerSample(Tensor h, Tensor w, Tensor b) => h.unsqueeze(1).bmm(w.transpose(1, 2)).squeeze(1) + b;
}
