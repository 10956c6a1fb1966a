using System.Reflection;
using System.Text.Json;
using HyperDsl.Compiler.Emit;
using HyperDsl.Compiler.Emit.PyTorch;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Runtime.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.PyTorch.Tests;

/// <summary>
/// What the Python tests read: the generated modules (<c>gen/</c>), every model's inputs (<c>specs.json</c>), and for each
/// parity case the TorchSharp model's weights, inputs, output and gradients (<c>parity/NAME/</c>).
/// </summary>
internal static class ParityExport
{
    private const long Batch = 2;

    /// <summary>Writes everything into <paramref name="folder"/>.</summary>
    public static void Write(string folder)
    {
        var generated = Path.Combine(folder, "gen");
        Directory.CreateDirectory(generated);
        foreach (var path in Repo.Examples())
            foreach (var module in PythonEmitter.Emit(HyperDsl.Compiler.Compilation.CompileFile(Path.Combine(Repo.Root, path)).File!))
                File.WriteAllText(Path.Combine(generated, module.FileName), module.Text);
        var specs = ModelCase.All.ToDictionary(c => c.Name, Spec);
        File.WriteAllText(Path.Combine(folder, "specs.json"), JsonSerializer.Serialize(specs, new JsonSerializerOptions { WriteIndented = true }));
        foreach (var model in ModelCase.All.Where(c => c.CheckedForParity))
            ExportCase(model, Path.Combine(folder, "parity", model.Name));
    }

    /// <summary>A model's inputs as the Python tests build them, and whether a condition is drawn at random inside the model.</summary>
    private static Dictionary<string, object> Spec(ModelCase model) => new()
    {
        ["module"] = model.Module,
        ["model"] = model.Model.Name,
        ["target"] = new PyContext(model.Model, model.HypPath).Members[model.Model.Target],
        ["input_shape"] = model.Model.Input.Shape.ToArray(),
        // The target network's state dict as `hyperdsl keys` lists it (what the TorchSharp module registers).
        ["keys"] = StateDictLayout.Of(model.Model.Target).Where(e => e.InStateDict).Select(e => new object[] { e.Key, e.Shape.ToArray() }).ToArray(),
        ["conditions"] = ModelFacts.ConditionTensors(model.Model).Select(t => new Dictionary<string, object>
        {
            ["role"] = t.Role.ToString(),
            ["shape"] = t.Shape.ToArray(),
            ["count"] = t.Condition.Count,
        }).ToArray(),
        // Noise and sampled support patches are drawn by each runtime's own generator: those models are compared from
        // the condition embedding on (the hypernetwork and the target network), the rest end to end.
        ["from_embedding"] = FromEmbedding(model.Model),
    };

    private static bool FromEmbedding(BoundModel model) =>
        model.Hypernet is not null && model.Sources.Any(c => c.Kind is ConditionKind.Noise or ConditionKind.SupportMask);

    private static void ExportCase(ModelCase model, string folder)
    {
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        // A seed of the case's own (string.GetHashCode differs per process).
        var seed = model.Name.Aggregate(17L, (h, c) => (h * 31 + c) % 1_000_003);
        torch.manual_seed(seed);
        var type = ModelType(model);
        var module = (nn.Module)Activator.CreateInstance(type)!;
        // Evaluation mode: dropout draws from each runtime's own generator, so only deterministic passes can match.
        module.eval();
        WeightExport.SaveTorch(module, Path.Combine(folder, "weights.pt"));

        var generator = new Generator((ulong)seed + 1);
        var data = new List<KeyValuePair<string, Tensor>>();
        var conditionArguments = ModelFacts.ConditionTensors(model.Model).Select((t, i) =>
        {
            var tensor = ConditionTensor(t, generator);
            data.Add(new($"condition.{i}", tensor));
            return (object)tensor;
        }).ToArray();
        var condition = Activator.CreateInstance(type.Assembly.GetType(type.FullName + "Condition")!, conditionArguments)!;
        var x = torch.randn([Batch, .. model.Model.Input.Shape], generator: generator);
        data.Add(new("x", x));

        Tensor output;
        if (FromEmbedding(model.Model))
        {
            var embedding = Invoke<Tensor>(module, "Embed", InputsOf(type.GetMethod("Embed")!, condition, x)).detach();
            data.Add(new("embedding", embedding));
            var hypernet = (nn.Module<Tensor, HyperDsl.Runtime.Layers.GeneratedWeights>)Field(module, "hypernet");
            var generated = hypernet.forward(embedding);
            output = Invoke<Tensor>(Field(module, model.Model.Target.Name), "forward", [x, generated]);
        }
        else output = Invoke<Tensor>(module, "forward", [condition, x]);
        var weight = torch.randn(output.shape, generator: generator);
        (output * weight).sum().backward();
        data.Add(new("output", output.detach()));
        data.Add(new("output_weight", weight));
        foreach (var (name, parameter) in module.named_parameters())
            if (parameter.grad is { } grad) data.Add(new("grad." + name, grad));
        CheckpointFiles.WriteTorch(Path.Combine(folder, "data.pt"), data);
    }

    private static Tensor ConditionTensor(ConditionTensor t, Generator generator) => t.Role switch
    {
        ConditionTensorRole.TaskIds => torch.arange(Batch) % t.Condition.Count,
        ConditionTensorRole.SupportMask => (torch.rand([Batch, .. t.Shape], generator: generator) > 0.5).to(float32),
        // A missing value in the table exercises the encoder's missing-value handling.
        ConditionTensorRole.Table => WithMissingValue(torch.randn([Batch, .. t.Shape], generator: generator)),
        _ => torch.randn([Batch, .. t.Shape], generator: generator),
    };

    private static Tensor WithMissingValue(Tensor table)
    {
        table[0, 0] = torch.tensor(float.NaN);
        return table;
    }

    private static object[] InputsOf(MethodInfo method, object condition, Tensor x) =>
        method.GetParameters().Length == 2 ? [condition, x] : [condition];

    private static T Invoke<T>(object target, string method, object[] arguments) =>
        (T)target.GetType().GetMethods().Single(m => m.Name == method && m.GetParameters().Length == arguments.Length &&
            m.GetParameters().Zip(arguments).All(p => p.Second is null || p.First.ParameterType.IsInstanceOfType(p.Second))).Invoke(target, arguments)!;

    private static object Field(object target, string name) =>
        target.GetType().GetField(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(target)
        ?? throw new InvalidOperationException($"{target.GetType().Name} has no field {name}");

    private static Type ModelType(ModelCase model) =>
        typeof(ParityExport).Assembly.GetTypes().Single(t => t.Namespace == model.Namespace &&
            t.GetField("ModelName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string == model.Model.Name);
}
