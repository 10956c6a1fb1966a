using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Binding;

/// <summary>AST to bound model: names, scopes, blocks, repetitions, patterns, roles; shapes checked on the way.</summary>
public static class Binder
{
    /// <summary>
    /// Binds every model of a file. Models are bound even when another part of the file has errors, so that all errors
    /// are reported; the result then contains only the models that bound without errors (it is partial).
    /// <paramref name="uses"/>, when given, receives every name resolution (for editors), from failed models too.
    /// </summary>
    public static BoundFile? Bind(FileSyntax syntax, DiagnosticBag diagnostics, SymbolUses? uses = null)
    {
        // Binding a tree repaired by error recovery would only add follow-on noise: syntax errors come first.
        if (diagnostics.HasErrors) return null;
        var evaluator = new ConstantEvaluator(diagnostics, uses);
        var constants = new ConstantScope(null);
        var blocks = ImmutableDictionary.CreateBuilder<string, BlockDecl>(StringComparer.Ordinal);
        ScopeDeclarations.Declare(syntax.Declarations, constants, blocks, evaluator, diagnostics);
        var models = ImmutableArray.CreateBuilder<BoundModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in syntax.Declarations.OfType<ModelDecl>())
        {
            if (!names.Add(model.Name.Text)) diagnostics.Report(DiagnosticCatalog.DuplicateName, model.Name.Span, model.Name.Text);
            var errorsBefore = CountErrors(diagnostics);
            var bound = new ModelBinder(model, blocks.ToImmutable(), constants, diagnostics, uses).Bind();
            if (bound is null || CountErrors(diagnostics) > errorsBefore) continue;
            models.Add(bound with { DeclarationHash = Hash(ModelContract.Describe(bound)) });
        }
        return new BoundFile(syntax.Path, models.ToImmutable());
    }

    private static int CountErrors(DiagnosticBag bag) => bag.ErrorCount;

    /// <summary>SHA-256 (lower-case hex) of a model's contract (<see cref="ModelContract"/>): what its checkpoints depend on.</summary>
    public static string Hash(string canonicalText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText)));
}
