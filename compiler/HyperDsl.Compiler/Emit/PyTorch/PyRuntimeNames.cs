namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>Where the Python runtime spells a C# runtime name differently because Python cannot (a keyword as an enum member).</summary>
internal static class PyRuntimeNames
{
    /// <summary>NormKind's member: <c>None</c> is a Python keyword, so the runtime calls it <c>None_</c>.</summary>
    public static string NormMember(string csharpMember) => csharpMember == "None" ? "None_" : csharpMember;
}
