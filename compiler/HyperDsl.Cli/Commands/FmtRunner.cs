using HyperDsl.Compiler;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax;

namespace HyperDsl.Cli.Commands;

/// <summary>Runs <c>hyperdsl fmt</c>: files with syntax errors are reported and left untouched.</summary>
internal static class FmtRunner
{
    /// <summary>The argument that means standard input.</summary>
    public const string StandardInput = "-";

    public static int Run(IReadOnlyList<string> paths, bool checkOnly)
    {
        var exit = CommandRunner.Clean;
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                exit = Math.Max(exit, FormatStandardInput(checkOnly));
                continue;
            }
            var diagnostics = new DiagnosticBag();
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path}: cannot read: {e.Message}");
                exit = CommandRunner.InputErrors;
                continue;
            }
            var text = Compilation.Decode(path, bytes, diagnostics);
            var formatted = text is null ? null : Formatter.Format(path, text, diagnostics);
            if (formatted is null)
            {
                DiagnosticWriter.WriteText(diagnostics.ToImmutable());
                exit = CommandRunner.InputErrors;
                continue;
            }
            if (formatted == text) continue;
            if (checkOnly)
            {
                Console.Out.WriteLine($"{path}: not canonically formatted");
                exit = CommandRunner.InputErrors;
            }
            else
            {
                // A user's source file: replaced atomically, so an interrupted fmt never loses it.
                AtomicFile.WriteIfChanged(path, formatted);
                Console.Out.WriteLine($"{path}: formatted");
            }
        }
        return exit;
    }

    /// <summary>Formats standard input to standard output; with --check, writes nothing and exits 1 when it would change.</summary>
    private static int FormatStandardInput(bool checkOnly)
    {
        const string name = "<stdin>";
        var diagnostics = new DiagnosticBag();
        using var input = new MemoryStream();
        Console.OpenStandardInput().CopyTo(input);
        var text = Compilation.Decode(name, input.ToArray(), diagnostics);
        var formatted = text is null ? null : Formatter.Format(name, text, diagnostics);
        if (formatted is null)
        {
            // Diagnostics go to stderr here: stdout is the formatted text an editor would paste back.
            foreach (var d in diagnostics.ToImmutable()) Console.Error.WriteLine(d.ToString());
            return CommandRunner.InputErrors;
        }
        if (checkOnly)
        {
            if (formatted == text) return CommandRunner.Clean;
            Console.Out.WriteLine($"{name}: not canonically formatted");
            return CommandRunner.InputErrors;
        }
        Console.Out.Write(formatted);
        return CommandRunner.Clean;
    }
}
