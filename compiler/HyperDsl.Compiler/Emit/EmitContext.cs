using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Emit;

/// <summary>Everything about one model the member emitters share: escaped type names and declaration labels.</summary>
internal sealed class EmitContext
{
    public EmitContext(BoundModel model, EmitOptions options, string sourcePath, NameScope typeNames)
    {
        Model = model;
        Options = options;
        SourceFileName = System.IO.Path.GetFileName(sourcePath.Replace('\\', '/'));
        ModelClass = typeNames.Declare("model:" + model.Name, CSharpNames.TypeCandidate(model.Name));
        var bare = CSharpNames.Bare(ModelClass);
        ConditionClass = typeNames.Declare("condition:" + model.Name, bare + "Condition");
        NetworkClass = typeNames.Declare("network:" + model.Name, bare + "Network");
        foreach (var auxiliary in model.AuxiliaryNetworks)
        {
            var type = typeNames.Declare($"aux:{model.Name}:{auxiliary.Name}", bare + CSharpNames.Bare(CSharpNames.Pascal(auxiliary.Name)));
            AuxiliaryClasses[auxiliary] = type;
            AuxiliaryOutputs[auxiliary] = typeNames.Declare($"auxout:{model.Name}:{auxiliary.Name}", CSharpNames.Bare(type) + "Outputs");
        }
    }

    public BoundModel Model { get; }
    public EmitOptions Options { get; }
    public string SourceFileName { get; }
    public string Accessibility => Options.Public ? "public" : "internal";
    public string ModelClass { get; }
    public string ConditionClass { get; }
    public string NetworkClass { get; }
    /// <summary>The class of each auxiliary network, keyed on the bound network itself.</summary>
    public Dictionary<BoundNetwork, string> AuxiliaryClasses { get; } = new(ReferenceEqualityComparer.Instance);
    /// <summary>The outputs record of each auxiliary network.</summary>
    public Dictionary<BoundNetwork, string> AuxiliaryOutputs { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The label runtime errors carry: <c>Model.path (file.hyp:line)</c>, as a C# string literal.</summary>
    public string Declaration(string path, SourceSpan span) =>
        CSharpLiterals.String($"{Model.Name}.{path} ({SourceFileName}:{span.StartLine})");
}
