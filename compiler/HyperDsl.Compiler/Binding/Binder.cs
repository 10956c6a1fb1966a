using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Binding;

/// <summary>AST to bound model: names, scopes, blocks, repetitions, patterns, roles; then shape checking.</summary>
public static class Binder
{
    /// <summary>Binds every model of a file; returns null when the file has syntax errors.</summary>
    public static BoundFile? Bind(FileSyntax syntax, DiagnosticBag diagnostics)
    {
        if (diagnostics.HasErrors) return null;
        return new BoundFile(syntax.Path, []);
    }
}
