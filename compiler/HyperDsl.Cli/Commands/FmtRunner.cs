using HyperDsl.Compiler;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax;

namespace HyperDsl.Cli.Commands;

/// <summary>Runs <c>hyperdsl fmt</c>: files with syntax errors are reported and left untouched.</summary>
internal static class FmtRunner
{
    public static int Run(IReadOnlyList<string> paths, bool checkOnly)
    {
        var exit = CommandRunner.Clean;
        foreach (var path in paths)
        {
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
}
