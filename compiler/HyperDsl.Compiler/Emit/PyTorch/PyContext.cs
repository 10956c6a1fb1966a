using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>
/// Everything about one model the Python writers share: its module's global names (classes, helpers) keyed on the bound
/// objects they stand for, the runtime names the module imports, and declaration labels.
/// </summary>
internal sealed class PyContext
{
    private readonly SortedSet<string> _imports = new(StringComparer.Ordinal);

    public PyContext(BoundModel model, string sourcePath)
    {
        Model = model;
        SourceFileName = System.IO.Path.GetFileName(sourcePath.Replace('\\', '/'));
        Globals = new PythonScope(PythonReserved.Globals.Concat(PythonReserved.RuntimeNames));
        ModelClass = Globals.Declare(model, PythonNames.Pascal(model.Name) == "_" ? "Model" : ModelClassCandidate(model.Name));
        ConditionClass = Globals.Declare("condition", ModelClass + "Condition");
        NetworkClass = Globals.Declare(model.Target, ModelClass + "Network");
        foreach (var auxiliary in model.AuxiliaryNetworks)
        {
            var type = Globals.Declare(auxiliary, ModelClass + PythonNames.Pascal(auxiliary.Name));
            Globals.Declare("outputs:" + auxiliary.Name, type + "Outputs");
        }
        AttentionHelper = Globals.Declare("helper:attention", "_attention");

        // The model's attributes: generated members first, then the children registered by name (their names are
        // the state-dict keys' first segment, as in the C# module).
        Members = new PythonScope(PythonReserved.ModuleAttributes);
        foreach (var member in GeneratedMembers) Members.Declare(member, member);
        foreach (var loss in model.Training.Losses) Members.Declare(loss, LossMethodName(loss.Name));
        foreach (var condition in model.Conditions.Where(c => c.Kind != ConditionKind.Domain)) Members.Declare(condition, condition.Name);
        foreach (var auxiliary in model.AuxiliaryNetworks) Members.Declare(auxiliary, auxiliary.Name);
        if (model.Hypernet is { } hypernet) Members.Declare(hypernet, "hypernet");
        Members.Declare(model.Target, model.Target.Name);
    }

    private static readonly string[] GeneratedMembers =
    [
        "MODEL_NAME", "DECLARATION_HASH", "GENERATED_TENSORS", "HYPERNET_OPTIONS", "CONDITION_SIZE", "LAYER_PATHS",
        "check_finite", "embed", "generate", "materialize", "regularization_loss", "loss", "training_loss", "domain_loss",
        "episodic_loss", "adapt", "ensemble", "describe_parameter", "describe_key",
    ];

    /// <summary><c>age</c> → <c>age_loss</c>; a name already ending in <c>loss</c> stays.</summary>
    private static string LossMethodName(string name)
    {
        var snake = PythonNames.Snake(name);
        return snake.EndsWith("loss", StringComparison.Ordinal) ? snake : snake + "_loss";
    }

    /// <summary>The model class's attributes and methods, keyed on the bound objects (and fixed keys for generated members).</summary>
    public PythonScope Members { get; }

    public BoundModel Model { get; }
    public string SourceFileName { get; }
    public PythonScope Globals { get; }
    public string ModelClass { get; }
    public string ConditionClass { get; }
    public string NetworkClass { get; }
    public string AttentionHelper { get; }

    public string ClassOf(BoundNetwork network) => Globals[network];

    public string OutputsClassOf(BoundNetwork network) => Globals["outputs:" + network.Name];

    /// <summary>Records that the module uses <paramref name="name"/> from the runtime and returns it.</summary>
    public string Runtime(string name)
    {
        if (!PythonReserved.RuntimeNames.Contains(name)) throw new InvalidOperationException($"'{name}' is not a runtime export");
        _imports.Add(name);
        return name;
    }

    /// <summary>The runtime names used so far, sorted.</summary>
    public IReadOnlyCollection<string> Imports => _imports;

    /// <summary>The label runtime errors carry: <c>Model.path (file.hyp:line)</c>, as a Python string literal.</summary>
    public string Declaration(string path, SourceSpan span) =>
        PythonLiterals.String($"{Model.Name}.{path} ({SourceFileName}:{span.StartLine})");

    // A model name already in PascalCase (HyperCTSmall) stays as written; snake_case is Pascal-cased (PEP 8 class names).
    private static string ModelClassCandidate(string name) =>
        name.Contains('_') || (name.Length > 0 && char.IsAsciiLetterLower(name[0])) ? PythonNames.Pascal(name) : PythonNames.Identifier(name);
}
