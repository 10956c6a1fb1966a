namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>
/// The folder of torchvision reference fixtures (python/make_fixtures.py). In CI, .ci/run generates it once and passes
/// it as HYPERDSL_TORCHVISION_FIXTURES; without it CI fails (the torchvision tests never skip). Locally, with the
/// variable unset, the fixtures are generated once into the temporary folder, keyed by the script's content.
/// </summary>
internal static class TorchvisionFixtures
{
    public const string Variable = "HYPERDSL_TORCHVISION_FIXTURES";

    /// <summary>The architectures the script covers (torchvision names, as the zoo's file names).</summary>
    public static readonly string[] Architectures = ["resnet18", "resnet50", "densenet121", "vit_b_16", "mobilenet_v3_small", "convnext_tiny"];

    private static readonly Lazy<string> Located = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Folder => Located.Value;

    public static string File(string name) => Path.Combine(Folder, name);

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
            return RequireComplete(configured, $"{Variable}={configured}");
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "false")
            throw new InvalidOperationException(
                $"{Variable} is not set: in CI, .ci/run generates the torchvision fixtures (python/make_fixtures.py with {DebianPython.Interpreter}) " +
                "and passes their folder; these tests do not skip.");

        var script = Path.Combine(DebianPython.Scripts, "make_fixtures.py");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(script)))[..12].ToLowerInvariant();
        var folder = Path.Combine(Path.GetTempPath(), $"hyperdsl-torchvision-fixtures-{hash}");
        if (!System.IO.File.Exists(Path.Combine(folder, "complete")))
        {
            var (exitCode, output) = DebianPython.Run("make_fixtures.py", folder);
            if (exitCode != 0)
                throw new InvalidOperationException($"make_fixtures.py failed ({exitCode}); it needs Debian's python3-torch and python3-torchvision:{Environment.NewLine}{output}");
        }
        return RequireComplete(folder, folder);
    }

    private static string RequireComplete(string folder, string description)
    {
        var complete = Path.Combine(folder, "complete");
        if (!System.IO.File.Exists(complete))
            throw new InvalidOperationException($"The torchvision fixtures at {description} are incomplete (no 'complete' marker); rerun python/make_fixtures.py.");
        var names = System.IO.File.ReadAllText(complete).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var absent = Architectures.Except(names).ToList();
        if (absent.Count > 0)
            throw new InvalidOperationException($"The torchvision fixtures at {description} lack {string.Join(", ", absent)}.");
        return folder;
    }
}
