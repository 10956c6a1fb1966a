using System.Runtime.CompilerServices;
using System.Text;

namespace HyperDsl.Compiler.Tests.Snapshots;

/// <summary>
/// A minimal snapshot check following Verify's conventions (Verify.Xunit is not served): the expected text lives in
/// <c>NAME.verified.EXT</c> next to the test (<c>.cs</c> for C#, <c>.py</c> for Python); on a mismatch the actual text is
/// written to <c>NAME.received.EXT</c> (git-ignored) and the test fails with the first differing lines.
/// <c>HYPERDSL_ACCEPT=1</c> accepts the actual text.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string name, string extension = "cs", [CallerFilePath] string testFile = "")
    {
        var directory = Path.GetDirectoryName(testFile)!;
        var verified = Path.Combine(directory, $"{name}.verified.{extension}");
        var received = Path.Combine(directory, $"{name}.received.{extension}");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        if (Environment.GetEnvironmentVariable("HYPERDSL_ACCEPT") == "1")
        {
            File.WriteAllText(verified, actual, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual, new UTF8Encoding(false));
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet. Inspect {received}, then accept it with HYPERDSL_ACCEPT=1."
            : $"Snapshot {name} differs.{Diff(expected, actual)}\nReceived: {received}\nAccept with HYPERDSL_ACCEPT=1 if the change is intended.");
    }

    private static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var line = 0;
        while (line < a.Length && line < b.Length && a[line] == b[line]) line++;
        var builder = new StringBuilder($"\nFirst difference at line {line + 1}:");
        for (var i = Math.Max(0, line - 2); i < Math.Min(Math.Max(a.Length, b.Length), line + 3); i++)
        {
            if (i < a.Length && (i >= b.Length || a[i] != b[i])) builder.Append($"\n- {i + 1,5}: {a[i]}");
            if (i < b.Length && (i >= a.Length || a[i] != b[i])) builder.Append($"\n+ {i + 1,5}: {b[i]}");
            if (i < a.Length && i < b.Length && a[i] == b[i]) builder.Append($"\n  {i + 1,5}: {a[i]}");
        }
        return builder.ToString();
    }
}
