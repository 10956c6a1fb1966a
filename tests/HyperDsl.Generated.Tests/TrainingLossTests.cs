using HyperDsl.Generated.Tests.Examples.Hyda;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>The generated TrainingLoss is the declared prediction losses plus the declared regularisers, weights generated once.</summary>
public sealed class TrainingLossTests
{
    [Fact]
    public void Training_loss_is_the_weighted_losses_plus_the_regularisers_of_one_generation()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var model = new HydaBrainAge();
        model.eval();
        var input = randn(4, 32);
        var target = randn(4, 1);
        var condition = new HydaBrainAgeCondition();

        var generated = model.Generate(condition, input);
        var expected = model.Loss(model.primary.forward(input, generated), target) + model.RegularizationLoss(generated);
        var regulariser = model.RegularizationLoss(generated).item<float>();
        Assert.True(regulariser > 0, "the example declares an L2 on the generated weights");

        var actual = model.TrainingLoss(condition, input, target);
        Assert.Equal(expected.item<float>(), actual.item<float>(), 6);
        actual.backward();
        Assert.Contains(model.named_parameters(), p => p.name.StartsWith("hypernet.", StringComparison.Ordinal) && p.parameter.grad is not null);
    }
}
