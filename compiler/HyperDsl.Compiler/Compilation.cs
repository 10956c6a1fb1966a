using System.Collections.Immutable;
using System.Text;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Binding;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Syntax;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler;

/// <summary>The outcome of compiling one .hyp file.</summary>
/// <param name="Syntax">The AST (empty when the file could not be read or parsed at all).</param>
/// <param name="File">The bound model; null or partial when there are errors.</param>
/// <param name="Diagnostics">Every diagnostic, sorted by position.</param>
public sealed record CompilationResult(FileSyntax Syntax, BoundFile? File, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Every name the binder resolved (empty when binding did not run), for editor tooling.</summary>
    public ImmutableArray<SymbolUse> Symbols { get; init; } = [];
}

/// <summary>The compiler front door: parse, bind and shape-check a .hyp file. Never throws for a user's mistake.</summary>
public static class Compilation
{
    /// <summary>Largest .hyp file accepted (bytes).</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    // Deeply nested but legal input still recurses through ANTLR and the binder; a private thread with a generous
    // stack makes the depth limits, not the default 1 MB stack, the binding constraint.
    private const int StackBytes = 64 * 1024 * 1024;

    /// <summary>Parses, binds and checks <paramref name="text"/>, reporting locations against <paramref name="path"/>.</summary>
    public static CompilationResult Compile(string path, string text)
    {
        CompilationResult? result = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        // An exception on this private thread would end the whole process; hand it to the caller instead.
        var thread = new Thread(() =>
        {
            try { result = CompileOnThisThread(path, text); }
            catch (Exception e) { failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); }
        }, StackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    /// <summary>Reads <paramref name="path"/> and compiles it; unreadable, binary, invalid UTF-8 or oversized files get diagnostics.</summary>
    public static CompilationResult CompileFile(string path)
    {
        var diagnostics = new DiagnosticBag();
        var start = new SourceSpan(path, 1, 1, 1, 1);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                diagnostics.Report(DiagnosticCatalog.CannotRead, start, "the file does not exist.");
                return Failed(path, diagnostics);
            }
            if (info.Length > MaxFileBytes)
            {
                diagnostics.Report(DiagnosticCatalog.FileTooLarge, start, info.Length, MaxFileBytes);
                return Failed(path, diagnostics);
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            diagnostics.Report(DiagnosticCatalog.CannotRead, start, e.Message);
            return Failed(path, diagnostics);
        }
        var text = Decode(path, bytes, diagnostics);
        return text is null ? Failed(path, diagnostics) : Compile(path, text);
    }

    /// <summary>Decodes UTF-8 (with or without BOM); null with a diagnostic when the bytes are binary or not UTF-8.</summary>
    public static string? Decode(string path, byte[] bytes, DiagnosticBag diagnostics)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            diagnostics.Report(DiagnosticCatalog.BinaryFile, Locate(path, bytes, nul), nul);
            return null;
        }
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            var text = strict.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Max(0, e.Index);
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : bytes[Math.Min(offset, bytes.Length - 1)];
            var at = FirstInvalidUtf8(bytes);
            diagnostics.Report(DiagnosticCatalog.InvalidUtf8, Locate(path, bytes, at), at < bytes.Length ? bytes[at] : bad, at);
            return null;
        }
    }

    private static CompilationResult CompileOnThisThread(string path, string text)
    {
        var diagnostics = new DiagnosticBag();
        if (text.Length > MaxFileBytes)
        {
            diagnostics.Report(DiagnosticCatalog.FileTooLarge, new SourceSpan(path, 1, 1, 1, 1), Encoding.UTF8.GetByteCount(text), MaxFileBytes);
            return Failed(path, diagnostics);
        }
        // Every user mistake is a diagnostic; an exception here is a compiler bug. It is still reported as a located
        // diagnostic (HYP9009) rather than a stack trace, and the mutation tests assert that it never happens.
        try
        {
            var syntax = SyntaxParser.Parse(path, text, diagnostics);
            var uses = new SymbolUses();
            var bound = Binder.Bind(syntax, diagnostics, uses);
            return new CompilationResult(syntax, bound, diagnostics.ToImmutable()) { Symbols = uses.ToImmutable() };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            diagnostics.Report(DiagnosticCatalog.InternalError, new SourceSpan(path, 1, 1, 1, 1), $"{e.GetType().Name}: {e.Message}");
            return Failed(path, diagnostics);
        }
    }

    private static CompilationResult Failed(string path, DiagnosticBag diagnostics) =>
        new(new FileSyntax(path, [], SourceSpan.None(path)), null, diagnostics.ToImmutable());

    private static int FirstInvalidUtf8(byte[] bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(i), new char[4096], out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            if (status == System.Buffers.OperationStatus.Done) return bytes.Length;
            if (status == System.Buffers.OperationStatus.DestinationTooSmall) { i += Math.Max(read, 1); continue; }
            return i + read;
        }
        return bytes.Length;
    }

    private static SourceSpan Locate(string path, byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') { line++; lineStart = i + 1; }
        var column = offset - lineStart + 1;
        return new SourceSpan(path, line, column, line, column + 1);
    }
}
