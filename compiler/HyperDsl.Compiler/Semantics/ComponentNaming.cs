namespace HyperDsl.Compiler.Semantics;

/// <summary>Component type and depth of a generated layer, derived from its path.</summary>
internal static class ComponentNaming
{
    /// <summary>The path without its index segments: <c>blocks.3.attn.q</c> → <c>blocks.attn.q</c>; layers at the same
    /// place of every repetition share a type (and, for per-component generation, a head).</summary>
    public static string Type(string path) =>
        string.Join(".", path.Split('.').Where(s => !IsIndex(s)));

    /// <summary>The first index segment (the repetition level, for example the ViT block), 0 when there is none.</summary>
    public static int Depth(string path) =>
        path.Split('.').Where(IsIndex).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);
}
