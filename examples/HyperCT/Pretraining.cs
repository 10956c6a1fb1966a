using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperCT;

/// <summary>The pretrained backbone: its weights by state-dict name (pretext head excluded) and how well it learned the pretext.</summary>
public sealed record PretrainedBackbone(IReadOnlyDictionary<string, Tensor> Weights, double PretextAccuracy, double[] EpochLosses);

/// <summary>
/// Stage 1 of the experiment, the stand-in for the paper's DINOv3 pretraining: the ViT of hyperct_small.hyp (model
/// HyperCTSmallPretext, all layers trainable) learns which shape families an image holds (4-way multi-label BCE,
/// position-free). Its weights are then copied by name into the frozen backbone every method shares.
/// </summary>
public static class Pretraining
{
    /// <summary>Pretrains on <paramref name="train"/> and measures per-family accuracy on <paramref name="test"/>.</summary>
    public static PretrainedBackbone Run(PretextExamples train, PretextExamples test, EpochSchedule settings, Device device, int seed, IProgressTask progress)
    {
        torch.manual_seed(seed);
        using var model = new HyperCTSmallPretext();
        model.to(device);
        using var images = ShapeData.ImageTensor(train.Images, device);
        using var families = tensor(train.Families, [train.Count, ShapeScenes.Families]).to(device);
        var losses = MiniBatchTraining.Run(model, train.Count, settings, device, seed, progress,
            index => model.Loss(model.vit.forward(images.index_select(0, index), null), families.index_select(0, index)));

        model.eval();
        double accuracy;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var testImages = ShapeData.ImageTensor(test.Images, device);
            var testFamilies = tensor(test.Families, [test.Count, ShapeScenes.Families]).to(device);
            var predicted = model.vit.forward(testImages, null).gt(0).to(float32);
            accuracy = predicted.eq(testFamilies).to(float32).mean().item<float>();
        }

        var weights = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in model.vit.named_parameters())
            if (!name.StartsWith("head.", StringComparison.Ordinal))
                weights[name] = parameter.detach().clone().cpu().MoveToOuterDisposeScope();
        return new PretrainedBackbone(weights, accuracy, losses);
    }

    /// <summary>
    /// Copies the pretrained weights into <paramref name="backbone"/> by name. Every own (non-generated) parameter of
    /// the backbone except its head must be found with the same shape, so a renamed or reshaped layer in either model
    /// of hyperct_small.hyp fails here rather than silently staying random.
    /// </summary>
    public static void LoadInto(HyperCTSmallNetwork backbone, PretrainedBackbone pretrained)
    {
        using var noGrad = no_grad();
        var copied = 0;
        foreach (var (name, parameter) in backbone.named_parameters())
        {
            if (name.StartsWith("head.", StringComparison.Ordinal))
                continue;
            if (!pretrained.Weights.TryGetValue(name, out var source))
                throw new InvalidOperationException($"The pretrained backbone has no parameter '{name}' (hyperct_small.hyp: the two models' layers must match).");
            if (!source.shape.SequenceEqual(parameter.shape))
                throw new InvalidOperationException($"Pretrained '{name}' has shape [{string.Join(", ", source.shape)}], the backbone [{string.Join(", ", parameter.shape)}].");
            parameter.copy_(source);
            copied++;
        }
        if (copied != pretrained.Weights.Count)
            throw new InvalidOperationException($"Copied {copied} of {pretrained.Weights.Count} pretrained tensors into the backbone.");
    }
}
