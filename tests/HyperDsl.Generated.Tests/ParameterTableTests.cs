using System.Reflection;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Semantics.Bound;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// What <c>hyperdsl params</c> reports (the bound model's parameter table) is what the built TorchSharp module
/// registers, for every example model with a hypernetwork: each trainable and frozen tensor of the target network,
/// the hypernetwork, the condition encoders and the auxiliary networks, by name and shape, in registration order
/// within each part, with the same count and total. Generated tensors are the hypernetwork's outputs, not parameters.
/// </summary>
public sealed class ParameterTableTests
{
    /// <summary>Every model with a hypernetwork in every example .hyp file (a new example joins without an edit).</summary>
    public static TheoryData<string, string> Models()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "examples"), "*.hyp", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepoRoot.Path, file).Replace('\\', '/');
            foreach (var model in Compile(relative).Models.Where(m => m.Hypernet is not null))
                data.Add(relative, model.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_parameter_table_is_what_the_built_module_registers(string file, string modelName)
    {
        var bound = Assert.Single(Compile(file).Models, m => m.Name == modelName);
        // Target rows are keyed relative to the target network; the model registers the network under its name.
        var expected = bound.Parameters.Rows.Where(r => r.Origin != ParameterOrigin.Generated)
            .Select(r => new Row(r.Owner == ParameterOwner.Target ? $"{bound.Target.Name}.{r.Name}" : r.Name, r.Owner, string.Join(",", r.Shape), r.Count))
            .ToList();

        using var scope = NewDisposeScope();
        var module = (nn.Module)Activator.CreateInstance(ModelType(modelName))!;
        var owners = expected.ToDictionary(r => r.Name, r => r.Owner);
        var actual = module.named_parameters()
            .Select(p => new Row(p.name, owners.GetValueOrDefault(p.name, (ParameterOwner)(-1)), string.Join(",", p.parameter.shape), p.parameter.numel()))
            .ToList();

        Assert.Equal(expected.OrderBy(r => r.Name, StringComparer.Ordinal), actual.OrderBy(r => r.Name, StringComparer.Ordinal));
        // The model registers its parts in its own order (encoders, hypernetwork, network); the hypernetwork's and the
        // encoders' rows are in their module's order. The target network's are in declaration order, which is the
        // module's except for learned tensors (a class token): named_parameters() lists a module's own tensors first.
        foreach (var owner in new[] { ParameterOwner.Hypernet, ParameterOwner.Conditioning })
            Assert.Equal(expected.Where(r => r.Owner == owner).Select(r => r.Name), actual.Where(r => r.Owner == owner).Select(r => r.Name));
        Assert.Equal(bound.Parameters.Total(ParameterOrigin.Trainable) + bound.Parameters.Total(ParameterOrigin.Frozen), module.parameters().Sum(p => p.numel()));
        Assert.Equal(bound.Parameters.Trainable, module.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    private sealed record Row(string Name, ParameterOwner Owner, string Shape, long Count);

    private static BoundFile Compile(string relativePath)
    {
        var compiled = Compilation.CompileFile(Path.Combine(RepoRoot.Path, relativePath));
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        return compiled.File!;
    }

    private static Type ModelType(string modelName) =>
        typeof(ParameterTableTests).Assembly.GetTypes().Single(t =>
            t.Namespace?.StartsWith("HyperDsl.Generated.Tests.Examples", StringComparison.Ordinal) == true &&
            t.GetField("ModelName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string == modelName);
}
