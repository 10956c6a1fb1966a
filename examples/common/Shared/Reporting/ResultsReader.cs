using System.Text.Json;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>
/// Reads a results.json back into <see cref="ExperimentResults"/>, checking the schema <see cref="ResultsWriter"/> writes.
/// Used by the smoke tests (C# and F#) and by tools that collect results; a file that breaks the schema is an error
/// that names the file and the problem.
/// </summary>
public static class ResultsReader
{
    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or does not follow the schema.</exception>
    public static ExperimentResults Read(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            var rows = Required(root, "rows").EnumerateArray().Select(row => new ResultRow(
                NonEmpty(row, "method"),
                ParseKind(NonEmpty(row, "kind")),
                Required(row, "value").GetDouble(),
                Required(row, "std").GetDouble())).ToList();
            var higherIsBetter = Required(root, "higher_is_better").ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new InvalidDataException("'higher_is_better' must be true or false."),
            };
            return new ExperimentResults(NonEmpty(root, "experiment"), NonEmpty(root, "metric"), higherIsBetter, rows);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: not a results.json of the experiments' schema: {e.Message}", e);
        }
    }

    static string NonEmpty(JsonElement element, string name)
    {
        var value = Required(element, name).GetString();
        return string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"'{name}' is empty.") : value;
    }

    static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"'{name}' is missing.");

    static MethodKind ParseKind(string kind) => kind switch
    {
        "hypernet" => MethodKind.Hypernet,
        "baseline" => MethodKind.Baseline,
        _ => throw new InvalidDataException($"kind '{kind}' is neither 'hypernet' nor 'baseline'."),
    };
}
