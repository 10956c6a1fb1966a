namespace HyperDsl.Cli.Commands;

/// <summary>
/// The FILE arguments of check, fmt and build: a folder stands for every <c>.hyp</c> file below it (build outputs and
/// package folders skipped), in ordinal path order so output is the same on every machine.
/// </summary>
internal static class InputFiles
{
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git"];

    /// <summary>The files named, folders expanded; null (after a message) when a folder holds no .hyp file.</summary>
    public static IReadOnlyList<string>? Expand(string command, IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (!Directory.Exists(argument))
            {
                files.Add(argument);
                continue;
            }
            var found = Directory.EnumerateFiles(argument, "*.hyp", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(argument, f).Split(Path.DirectorySeparatorChar).SkipLast(1).Any(SkippedFolders.Contains))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                Console.Error.WriteLine($"hyperdsl {command}: the folder '{argument}' holds no .hyp file.");
                return null;
            }
            files.AddRange(found);
        }
        return files;
    }
}
