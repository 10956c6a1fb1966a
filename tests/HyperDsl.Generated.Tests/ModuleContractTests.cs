using TorchSharp;
using static TorchSharp.torch;
using HyperCtSmall = HyperDsl.Generated.Tests.Examples.HyperctSmall;
using HydaDomain = HyperDsl.Generated.Tests.Fixtures.HydaDomain;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// A generated model is a two-input TorchSharp module (condition, input): <c>call</c> runs TorchSharp's forward hooks
/// around the generated forward, and generic code can take any generated model as
/// <c>nn.Module&lt;TCondition, Tensor, Tensor&gt;</c>.
/// </summary>
public sealed class ModuleContractTests
{
    [Fact]
    public void Call_runs_the_forward_hooks_and_gives_what_forward_gives()
    {
        manual_seed(3);
        using var model = new HyperCtSmall.HyperCTSmall();
        model.eval();
        using var scope = NewDisposeScope();
        var condition = new HyperCtSmall.HyperCTSmallCondition(tensor(new long[] { 0, 7, 9 }));
        var images = randn(3, 1, 16, 16);

        var hooked = 0;
        var hook = model.register_forward_hook((module, c, x, output) =>
        {
            hooked++;
            Assert.Same(condition, c);
            return output.mul(2);   // a hook may replace the output: call must return what the hook returns
        });
        var called = model.call(condition, images);
        var direct = model.forward(condition, images);

        hook.remove();
        model.call(condition, images);

        Assert.Equal(1, hooked);   // once while registered, not after remove()
        Assert.Equal([3L, 10L], called.shape);
        TensorAssert.Close(direct.mul(2), called, 1e-6);
    }

    [Fact]
    public void The_generated_code_calls_its_modules_so_hooks_on_layers_and_encoders_run()
    {
        manual_seed(5);
        using var model = new HydaDomain.HydaBrainAge();
        model.eval();
        using var scope = NewDisposeScope();
        var input = randn(3, 16);
        var seen = new List<string>();
        // A plain layer of the target network, a layer of the domain classifier and the classifier itself.
        Action[] removers =
        [
            model.primary.encoder.register_forward_hook((_, x, y) => { seen.Add("primary.encoder"); return y; }).remove,
            model.domain_classifier.fc1.register_forward_hook((_, x, y) => { seen.Add("domain_classifier.fc1"); return y; }).remove,
            model.domain_classifier.register_forward_hook((_, x, y) => { seen.Add("domain_classifier"); return y; }).remove,
        ];

        model.call(new HydaDomain.HydaBrainAgeCondition(), input);
        foreach (var remove in removers) remove();
        model.call(new HydaDomain.HydaBrainAgeCondition(), input);

        Assert.Equal(["domain_classifier.fc1", "domain_classifier", "primary.encoder"], seen);
    }

    [Fact]
    public void Generic_code_can_take_a_generated_model_as_a_two_input_module()
    {
        manual_seed(4);
        using var model = new HyperCtSmall.HyperCTSmall();
        using var scope = NewDisposeScope();
        var condition = new HyperCtSmall.HyperCTSmallCondition(tensor(new long[] { 2, 5 }));

        var output = RunTwice(model, condition, randn(2, 1, 16, 16));

        Assert.Equal([2L, 10L], output.shape);
    }

    // What a user's generic helper looks like: it knows nothing of the generated class but its condition type.
    static Tensor RunTwice<TCondition>(nn.Module<TCondition, Tensor, Tensor> module, TCondition condition, Tensor input)
    {
        module.eval();
        var first = module.call(condition, input);
        var second = module.call(condition, input);
        Assert.True(first.allclose(second), "eval mode: the same condition and input give the same output");
        return second;
    }
}
