namespace HyperDsl.Runtime.Interop;

/// <summary>What is wrong with one tensor of an import.</summary>
public enum ImportProblemKind
{
    /// <summary>The model has the entry; the (mapped) checkpoint does not.</summary>
    Missing,

    /// <summary>The (mapped) checkpoint has an entry the model does not.</summary>
    Unexpected,

    /// <summary>Both have it with different shapes (or a map rule could not reshape or split it).</summary>
    WrongShape,

    /// <summary>The checkpoint has a tensor for a slot the hypernetwork generates; a checkpoint never fills one.</summary>
    Generated,

    /// <summary>Two checkpoint entries map to one model key.</summary>
    Duplicate,
}

/// <summary>One problem of an import, naming both sides: the model key with its <c>.hyp</c> declaration and the checkpoint key.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="ModelKey">The model's state-dict key, or null when the entry never reached the model's names.</param>
/// <param name="CheckpointKey">The key in the checkpoint file, or null when the checkpoint has none.</param>
/// <param name="Declaration">The <c>.hyp</c> declaration of the model key (<c>Model.layer (file.hyp:12)</c>), or null.</param>
/// <param name="Detail">Shapes and the rule involved.</param>
public sealed record ImportProblem(ImportProblemKind Kind, string? ModelKey, string? CheckpointKey, string? Declaration, string Detail)
{
    /// <summary>One line: kind, model side, checkpoint side, detail.</summary>
    public override string ToString()
    {
        var model = ModelKey is null ? null : Declaration is null || Declaration == ModelKey ? ModelKey : $"{ModelKey} = {Declaration}";
        var kind = Kind switch
        {
            ImportProblemKind.Missing => "missing",
            ImportProblemKind.Unexpected => "unexpected",
            ImportProblemKind.WrongShape => "wrong shape",
            ImportProblemKind.Generated => "generated slot",
            _ => "duplicate",
        };
        var sides = (model, CheckpointKey) switch
        {
            (not null, not null) => $"{model} <- checkpoint '{CheckpointKey}'",
            (not null, null) => $"{model} (not in the checkpoint)",
            (null, not null) => $"checkpoint '{CheckpointKey}'",
            _ => "",
        };
        return $"{kind}: {sides}: {Detail}";
    }
}
