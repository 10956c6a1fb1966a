using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using HyperDsl.Runtime.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperCT;

/// <summary>The pretrained backbone: its exported weights (a .safetensors file with the network's state-dict names, pretext head included) and how well it learned the pretext.</summary>
public sealed record PretrainedBackbone(string WeightsPath, double PretextAccuracy, double[] EpochLosses);

/// <summary>
/// Stage 1 of the experiment, the stand-in for the paper's DINOv3 pretraining: the ViT of hyperct_small.hyp (model
/// HyperCTSmallPretext, all layers trainable) learns which shape families an image holds (4-way multi-label BCE,
/// position-free). Its network is exported as .safetensors (HyperDsl.Runtime.Interop, the file PyTorch reads too) and
/// imported into the frozen backbone of every method.
/// </summary>
public static class Pretraining
{
    /// <summary>Pretrains on <paramref name="train"/>, measures per-family accuracy on <paramref name="test"/> and exports the network to <paramref name="weightsPath"/>.</summary>
    public static PretrainedBackbone Run(PretextExamples train, PretextExamples test, EpochSchedule settings, Device device, int seed, IProgressTask progress, string weightsPath)
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

        WeightExport.SaveSafetensors(model.vit, weightsPath);
        return new PretrainedBackbone(weightsPath, accuracy, losses);
    }

    /// <summary>
    /// Imports the pretrained weights into <paramref name="backbone"/>, strictly: every own (non-generated) tensor of the
    /// backbone except its head must come from the file with the same shape, so a renamed or reshaped layer in either
    /// model of hyperct_small.hyp fails here (every difference listed, naming the .hyp declarations) rather than
    /// silently staying random. The pretext head is ignored; the task head keeps its initialisation; frozen stays frozen.
    /// </summary>
    public static void LoadInto(HyperCTSmallNetwork backbone, PretrainedBackbone pretrained) =>
        WeightImport.Load(backbone, pretrained.WeightsPath, KeyMap.Identity.Ignore("head"), new ImportOptions { KeepInitialised = ["head"] });
}
