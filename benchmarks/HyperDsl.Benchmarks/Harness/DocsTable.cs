namespace HyperDsl.Benchmarks.Harness;

/// <summary>Keeps docs/BENCHMARKS.md current: the text between the results markers is replaced by the latest table
/// (machine details included); the methodology and findings around it are left alone.</summary>
public static class DocsTable
{
    /// <summary>Marker before the generated table.</summary>
    public const string Begin = "<!-- results:begin (written by the benchmark run; do not edit by hand) -->";

    /// <summary>Marker after the generated table.</summary>
    public const string End = "<!-- results:end -->";

    /// <summary>Replaces the table in <paramref name="docsPath"/>; returns false (nothing written) when a marker is missing.</summary>
    public static bool Update(string docsPath, string markdownTable)
    {
        if (!File.Exists(docsPath))
            return false;
        var text = File.ReadAllText(docsPath);
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
            return false;
        var table = markdownTable.StartsWith("# ", StringComparison.Ordinal) ? "##" + markdownTable : markdownTable;   // a section of the doc
        var updated = text[..(begin + Begin.Length)] + "\n" + table.TrimEnd() + "\n" + text[end..];
        var temp = docsPath + ".tmp";
        File.WriteAllText(temp, updated);
        File.Move(temp, docsPath, overwrite: true);
        return true;
    }
}
