using System.Text.Json;
using HyperDsl.Examples.Shared.Claims;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>
/// Reads a results.json back into <see cref="ExperimentResults"/>, checking the schema <see cref="ResultsWriter"/> writes.
/// Used by the smoke tests (C# and F#), by the generator of docs/RESULTS.md and by tools that collect results; a file
/// that breaks the schema is an error that names the file and the problem. A claim's written verdict and evidence
/// must be what its written tests give.
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
                Values(row, "per_seed"))).ToList();
            var series = Required(root, "series").EnumerateArray().Select(s => new SeedSeries(
                NonEmpty(s, "name"), NonEmpty(s, "quantity"), Boolean(s, "higher_is_better"), Values(s, "per_seed"))).ToList();
            var claims = Required(root, "claims").EnumerateArray().Select(ReadClaim).ToList();
            return new ExperimentResults(NonEmpty(root, "experiment"), NonEmpty(root, "metric"), Boolean(root, "higher_is_better"), rows)
            {
                Size = NonEmpty(root, "size"),
                Seeds = Required(root, "seeds").EnumerateArray().Select(s => s.GetInt32()).ToList(),
                Series = series,
                Claims = claims,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a results.json of the experiments' schema: {e.Message}", e);
        }
    }

    static Claim ReadClaim(JsonElement c)
    {
        var id = NonEmpty(c, "id");
        var combination = NonEmpty(c, "combination") switch
        {
            "all" => ClaimCombination.All,
            "most" => ClaimCombination.Most,
            "not_measured" => ClaimCombination.NotMeasured,
            var other => throw new InvalidDataException($"claim '{id}': combination '{other}' is not all, most or not_measured."),
        };
        var tests = Required(c, "tests").EnumerateArray().Select(t => new PairedTest(
            ParseRule(NonEmpty(t, "rule")), NonEmpty(t, "a"), NonEmpty(t, "b"), Boolean(t, "higher_is_better"), Required(t, "margin").GetDouble(),
            new PairedComparison(Required(t, "n").GetInt32(), Required(t, "mean_a").GetDouble(), Required(t, "mean_b").GetDouble(),
                Required(t, "mean_difference").GetDouble(), Optional(t, "low"), Optional(t, "high")))).ToList();
        var evidence = NonEmpty(c, "evidence");
        const string notMeasured = "not measured: ";
        string? reason = null;
        if (combination == ClaimCombination.NotMeasured)
            reason = evidence.StartsWith(notMeasured, StringComparison.Ordinal)
                ? evidence[notMeasured.Length..]
                : throw new InvalidDataException($"claim '{id}' is not measured but its evidence does not begin with '{notMeasured}'.");
        var claim = new Claim(id, NonEmpty(c, "statement"), combination, tests, reason);
        if (claim.Holds != Boolean(c, "holds"))
            throw new InvalidDataException($"claim '{id}': 'holds' is {Boolean(c, "holds")} but its tests give {claim.Holds}.");
        if (claim.Evidence != evidence)
            throw new InvalidDataException($"claim '{id}': the evidence is not the figures of its tests.");
        return claim;
    }

    static IReadOnlyList<double> Values(JsonElement element, string name) =>
        Required(element, name).EnumerateArray().Select(v => v.GetDouble()).ToList();

    static double? Optional(JsonElement element, string name) =>
        Required(element, name).ValueKind == JsonValueKind.Null ? null : Required(element, name).GetDouble();

    static bool Boolean(JsonElement element, string name) => Required(element, name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new InvalidDataException($"'{name}' must be true or false."),
    };

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

    static ClaimRule ParseRule(string rule) => rule switch
    {
        "better" => ClaimRule.Better,
        "non_inferior" => ClaimRule.NonInferior,
        "equivalent" => ClaimRule.Equivalent,
        _ => throw new InvalidDataException($"rule '{rule}' is not better, non_inferior or equivalent."),
    };
}
