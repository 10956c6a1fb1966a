namespace HyperDsl.Build.Tests;

/// <summary>
/// The valid .hyp file the build tests compile (the repository's chunked teaching example, model ChunkedClassifier:
/// input x [64], condition task = task(count: 10, ...), 10 logits).
/// </summary>
internal static class TeachingExample
{
    public const string ModelName = "ChunkedClassifier";

    public static string Text { get; } = File.ReadAllText(Repository.PathOf("examples", "teaching", "chunked.hyp"));

    /// <summary>The same model under another name, for a second file in one project.</summary>
    public static string Renamed(string name) => Text.Replace("model " + ModelName, "model " + name, StringComparison.Ordinal);

    /// <summary>Generates weights for a batch of four tasks, runs the target network, and materialises one task's network.</summary>
    public const string ConsumerProgram = """
        using TorchSharp;
        using Consumer;

        torch.manual_seed(7);
        var model = new ChunkedClassifier();
        var x = torch.randn(4, 64);
        var tasks = torch.tensor(new long[] { 0, 3, 5, 9 });
        var logits = model.forward(new ChunkedClassifierCondition(tasks), x);
        Console.WriteLine($"logits: [{string.Join(", ", logits.shape)}]");

        var first = new ChunkedClassifierCondition(tasks[..1]);
        var network = model.Materialize(first);
        network.eval();
        model.eval();
        var difference = (network.forward(x[..1]) - model.forward(first, x[..1])).abs().max().item<float>();
        Console.WriteLine($"materialized matches: {difference < 1e-5f}");
        """;

    public const string ConsumerExpectedOutput = "logits: [4, 10]\nmaterialized matches: True";
}
