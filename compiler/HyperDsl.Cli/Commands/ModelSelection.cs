using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Cli.Commands;

/// <summary>The <c>--model NAME</c> option of graph and params: every model of the file, or the one named.</summary>
internal static class ModelSelection
{
    /// <summary>The selected models; null (after a message on stderr) when none matches.</summary>
    public static IReadOnlyList<BoundModel>? Select(string path, BoundFile file, string? modelName, string what)
    {
        var models = file.Models.Where(m => modelName is null || m.Name == modelName).ToList();
        if (models.Count > 0) return models;
        Console.Error.WriteLine(modelName is null
            ? $"hyperdsl: {path} declares no model to {what}."
            : $"hyperdsl: {path} declares no model '{modelName}'; it declares {string.Join(", ", file.Models.Select(m => m.Name))}.");
        return null;
    }
}
