using HyperDsl.Runtime;
using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;
using HydaDomain = HyperDsl.Generated.Tests.Fixtures.HydaDomain;
using HydaLike = HyperDsl.Generated.Tests.Fixtures.HydaLike;
using Plain = HyperDsl.Generated.Tests.Fixtures.Plain;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// Every generated model implements the runtime's <see cref="IHyperModel{TCondition}"/>, so host code can be written
/// once for all models. One generic helper, knowing nothing of the generated classes, runs models whose generation
/// reads the condition only (HydaLike: task embedding, declared regulariser), reads the input (HydaDomain: a domain
/// classified from the input, no regulariser) or generates nothing (Plain).
/// </summary>
public sealed class HyperModelContractTests
{
    [Fact]
    public void One_generic_helper_runs_models_that_generate_from_the_condition_and_from_the_input()
    {
        using var scope = NewDisposeScope();
        var taskOnly = CheckTrainable<HydaLike.HydaLike, HydaLike.HydaLikeCondition>(
            new(tensor(new long[] { 0, 1, 2, 3 })), randn(4, 16), randn(4, 1), seed: 11);
        var fromInput = CheckTrainable<HydaDomain.HydaBrainAge, HydaDomain.HydaBrainAgeCondition>(
            new(), randn(4, 16), randn(4, 1), seed: 12);

        Assert.Equal(6, taskOnly.Count);       // three generated layers, weight and bias each
        Assert.Equal(3, fromInput.Count);      // head.fc1 weight and bias, head.fc2 weight
        Assert.Equal(4L, fromInput.BatchSize);
    }

    [Fact]
    public void A_model_without_a_hypernetwork_generates_nothing_and_regularises_nothing()
    {
        using var scope = NewDisposeScope();
        var generated = Check<Plain.PlainNet, Plain.PlainNetCondition>(new(), randn(3, 2, 16), seed: 13);

        Assert.Same(GeneratedWeights.None, generated);
        using var model = new Plain.PlainNet();
        Assert.Equal(0f, ((IHyperModel<Plain.PlainNetCondition>)model).RegularizationLoss(generated).item<float>());
    }

    // Training-side members: the declared loss of the generated forward plus the regularisers is the training loss.
    private static GeneratedWeights CheckTrainable<TModel, TCondition>(TCondition condition, Tensor input, Tensor target, long seed)
        where TModel : nn.Module<TCondition, Tensor, Tensor>, IHyperModelWithLoss<TCondition>, new()
    {
        var generated = Check<TModel, TCondition>(condition, input, seed);
        manual_seed(seed);
        using var model = new TModel();
        model.eval();
        var weights = model.Generate(condition, input);
        var expected = model.Loss(model.forward(input, weights), target) + model.RegularizationLoss(weights);
        TensorAssert.Close(expected, model.TrainingLoss(condition, input, target), what: "training loss");
        return generated;
    }

    // What host code can do with any generated model: generate once, run with those weights, materialize, save, load.
    private static GeneratedWeights Check<TModel, TCondition>(TCondition condition, Tensor input, long seed)
        where TModel : nn.Module<TCondition, Tensor, Tensor>, IHyperModel<TCondition>, new()
    {
        manual_seed(seed);
        using var model = new TModel();
        model.eval();
        var generated = model.Generate(condition, input);
        var output = model.forward(input, generated);
        TensorAssert.Close(model.call(condition, input), output, 1e-6, "call = forward with the generated weights");

        using var network = model.Materialize(condition, input);
        network.eval();
        TensorAssert.Close(output.narrow(0, 0, 1), network.call(input.narrow(0, 0, 1)), what: "materialized first sample");

        var path = Path.Combine(Path.GetTempPath(), $"hyperdsl-contract-{typeof(TModel).Name}-{Guid.NewGuid():N}.ckpt");
        try
        {
            model.Save(path);
            manual_seed(seed + 1000);
            using var loaded = new TModel();
            loaded.eval();
            Assert.Null(loaded.Load(path));
            TensorAssert.Close(output, loaded.call(condition, input), 1e-6, "loaded model");
        }
        finally
        {
            File.Delete(path);
        }
        return generated;
    }
}
