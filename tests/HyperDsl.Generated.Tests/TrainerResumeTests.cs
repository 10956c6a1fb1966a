using HyperDsl.Generated.Tests.Fixtures.LoraVit;
using HyperDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The runtime trainer on a generated model with frozen layers, LoRA and a hypernetwork: a run interrupted, saved and
/// resumed into a fresh model ends bit-identical to an uninterrupted one, and the frozen weights never move.
/// </summary>
[Collection(nameof(TrainerResumeTests))]
[CollectionDefinition(nameof(TrainerResumeTests), DisableParallelization = true)]
public sealed class TrainerResumeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hyperdsl-generated-resume-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_interrupted_and_resumed_run_of_a_generated_model_ends_bit_identical()
    {
        using var scope = torch.NewDisposeScope();
        var identity = new CheckpointInfo(LoraVit.ModelName, LoraVit.DeclarationHash);
        var generator = new Generator(8);
        var condition = new LoraVitCondition(torch.tensor(new long[] { 0, 2 }));
        var input = torch.randn([2, 3, 8, 8], generator: generator);
        var labels = torch.tensor(new long[] { 1, 0 });
        TrainerOptions Options(string path) => new()
        {
            LearningRate = 0.01, WarmupSteps = 2, MinLearningRate = 0.001, Seed = 4, CheckpointPath = path, CheckpointInfo = identity, StopOnInterrupt = false,
        };
        Func<TrainingStep, Tensor> Loss(LoraVit model) => _ => model.Loss(model.forward(condition, input), labels);

        torch.manual_seed(31);
        var uninterrupted = new LoraVit();
        var frozen = uninterrupted.named_parameters().Where(p => !p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using (var trainer = new Trainer(uninterrupted, Options(Path.Combine(_directory, "whole.ckpt"))))
            trainer.Run(6, Loss(uninterrupted));

        var path = Path.Combine(_directory, "part.ckpt");
        torch.manual_seed(31);
        var first = new LoraVit();
        using (var trainer = new Trainer(first, Options(path)))
        {
            var loss = Loss(first);
            trainer.Run(6, step =>
            {
                if (step.Step == 2)
                    trainer.RequestStop();
                return loss(step);
            });
        }
        Assert.Equal(3, Checkpoint.ReadInfo(path).State!.Step);

        torch.manual_seed(77);
        var resumed = new LoraVit();
        using (var trainer = new Trainer(resumed, Options(path)))
        {
            trainer.Resume(path);
            trainer.Run(6, Loss(resumed));
        }

        var now = resumed.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, expected) in uninterrupted.named_parameters())
            TensorAssert.BitIdentical(expected, now[name], name);
        foreach (var (name, before) in frozen)
            TensorAssert.BitIdentical(before, now[name], name);
        Assert.Contains(uninterrupted.named_parameters(), p => p.parameter.requires_grad && !p.parameter.eq(first.named_parameters().First(q => q.name == p.name).parameter).all().item<bool>());
    }
}
