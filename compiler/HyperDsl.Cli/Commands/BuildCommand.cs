using System.CommandLine;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Emit;
using HyperDsl.Compiler.Emit.PyTorch;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Cli.Commands;

/// <summary>
/// <c>hyperdsl build FILE|FOLDER... -o DIR [--target csharp|pytorch]</c>: compiles .hyp files and writes one
/// <c>&lt;Model&gt;.g.cs</c> (C#) or <c>&lt;model_snake&gt;.py</c> (PyTorch) per model into DIR (or, with <c>--out-file</c>, every
/// model of the single input into one C# file, as the MSBuild integration does).
/// Nothing is written unless every input compiles; files are replaced atomically and only when their content changes.
/// </summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var files = CommonOptions.Files("The .hyp files to compile; a folder means every .hyp file below it.");
        var output = new Option<string?>("--output", "-o") { Description = "Directory that receives one <Model>.g.cs per model." };
        var outFile = new Option<string?>("--out-file") { Description = "Write every model of the single input file into this one file." };
        var ns = new Option<string>("--namespace")
        {
            Description = "Namespace of the generated types.",
            DefaultValueFactory = _ => "HyperDsl.Generated",
        };
        var @internal = new Option<bool>("--internal") { Description = "Generate internal instead of public types." };
        var noLines = new Option<bool>("--no-line-directives") { Description = "Omit the #line directives that map generated code to the .hyp file." };
        var target = new Option<string>("--target")
        {
            Description = "What to generate: csharp (TorchSharp modules, the default) or pytorch (one Python module per model).",
            DefaultValueFactory = _ => "csharp",
        };
        target.AcceptOnlyFromAmong("csharp", "pytorch");
        var sidecar = new Option<string?>("--diagnostics-file") { Description = "Also write every diagnostic to this file, one tab-separated line each (what the MSBuild integration reports)." };
        var command = new Command("build", "Compile .hyp files to C# TorchSharp modules.") { files, output, outFile, target, ns, @internal, noLines, sidecar };
        command.SetAction(parse => InputFiles.Expand("build", parse.GetValue(files) ?? []) is not { } paths ? CommandRunner.UsageError : Run(
            paths, parse.GetValue(output), parse.GetValue(outFile), parse.GetValue(target) == "pytorch", parse.GetValue(ns)!, parse.GetValue(@internal),
            !parse.GetValue(noLines), parse.GetValue(sidecar)));
        return command;
    }

    private static int Run(IReadOnlyList<string> paths, string? outputDirectory, string? outFile, bool python, string ns, bool isInternal, bool lineDirectives, string? sidecar)
    {
        if ((outputDirectory is null) == (outFile is null))
            return Usage("give exactly one of -o DIR and --out-file PATH.");
        if (python && outFile is not null)
            return Usage("--target pytorch writes one module per model: give -o DIR.");
        if (outFile is not null && paths.Count != 1)
            return Usage("--out-file takes exactly one input file.");

        // Compile everything first: on any error nothing is written, so previous outputs stay as they were.
        var diagnostics = new List<Diagnostic>();
        var outputs = new List<(string Path, string Text)>();
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            var result = Compilation.CompileFile(path);
            diagnostics.AddRange(result.Diagnostics);
            if (result.HasErrors || result.File is not { } file) continue;
            var options = new EmitOptions(ns, !isInternal, lineDirectives, Path.GetFullPath(path));
            try
            {
                if (outFile is not null) outputs.Add((outFile, CSharpEmitter.EmitSingleFile(file, options)));
                else
                {
                    foreach (var generated in python ? PythonEmitter.Emit(file) : CSharpEmitter.Emit(file, options))
                    {
                        var target = Path.Combine(outputDirectory!, generated.FileName);
                        if (owners.TryGetValue(target, out var other))
                        {
                            var model = file.Models.First(m => m.Name == generated.ModelName);
                            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.CannotWriteOutput, model.Span, target,
                                $"the model '{generated.ModelName}' generates the same file as a model of {other}; rename one of them."));
                            continue;
                        }
                        owners[target] = path;
                        outputs.Add((target, generated.Text));
                    }
                }
            }
            catch (EmitException e)
            {
                var span = file.Models.FirstOrDefault(m => m.Name == e.Model)?.Span ?? SourceSpan.None(path);
                diagnostics.Add(Diagnostic.Create(python ? DiagnosticCatalog.PythonEmitFailed : DiagnosticCatalog.EmitFailed, span, e.Model, e.Reason));
            }
        }
        DiagnosticWriter.WriteText(diagnostics);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (sidecar is not null) DiagnosticSidecar.Write(sidecar, diagnostics);
            DiagnosticWriter.WriteSummary(paths.Count, diagnostics);
            return CommandRunner.InputErrors;
        }

        var written = 0;
        foreach (var (path, text) in outputs)
        {
            try
            {
                if (AtomicFile.WriteIfChanged(path, text)) written++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                var failure = Diagnostic.Create(DiagnosticCatalog.CannotWriteOutput, SourceSpan.None(path), path, e.Message);
                DiagnosticWriter.WriteText([failure]);
                if (sidecar is not null) DiagnosticSidecar.Write(sidecar, [.. diagnostics, failure]);
                return CommandRunner.InputErrors;
            }
        }
        if (sidecar is not null) DiagnosticSidecar.Write(sidecar, diagnostics);
        Console.Out.WriteLine($"hyperdsl build: {outputs.Count} file(s) generated, {written} written, {outputs.Count - written} unchanged.");
        return CommandRunner.Clean;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"hyperdsl build: {message}");
        Console.Error.WriteLine("usage: hyperdsl build FILE... -o DIR [--target csharp|pytorch] [--namespace NS] [--internal] | hyperdsl build FILE --out-file PATH");
        return CommandRunner.UsageError;
    }
}
