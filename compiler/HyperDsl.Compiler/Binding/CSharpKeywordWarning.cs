using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>
/// HYP1018: a declared name C# reserves. The C# backend still compiles it (@-prefixed), but hand-written code then has
/// to spell it so; one keyword list, the C# backend's own (Roslyn's), decides.
/// </summary>
internal static class CSharpKeywordWarning
{
    public static void Report(string name, SourceSpan span, DiagnosticBag diagnostics)
    {
        if (Emit.CSharpNames.IsKeyword(name)) diagnostics.Report(DiagnosticCatalog.CSharpKeywordName, span, name);
    }
}
