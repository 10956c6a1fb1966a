using System.Text;

namespace HyperDsl.Fuzz;

/// <summary>
/// One generated input. Text inputs go through <c>Compilation.Compile</c>; byte inputs (invalid UTF-8, split
/// multi-byte sequences, NUL bytes) are written to a file and go through <c>Compilation.CompileFile</c>, so the
/// decoding path is exercised too.
/// </summary>
/// <param name="Family">The mutator family that produced it (for example <c>delete-tokens</c>).</param>
/// <param name="Description">What was done, short enough for a report line.</param>
public sealed class FuzzInput
{
    private FuzzInput(string family, string description, string? text, byte[]? bytes)
    {
        Family = family;
        Description = description;
        Text = text;
        Bytes = bytes;
    }

    public string Family { get; }

    public string Description { get; }

    /// <summary>The input as text, or null for a byte input.</summary>
    public string? Text { get; }

    /// <summary>The input as raw file bytes, or null for a text input.</summary>
    public byte[]? Bytes { get; }

    /// <summary>Length in chars (text) or bytes (file).</summary>
    public int Length => Text?.Length ?? Bytes!.Length;

    public static FuzzInput FromText(string family, string description, string text) => new(family, description, text, null);

    public static FuzzInput FromBytes(string family, string description, byte[] bytes) => new(family, description, null, bytes);

    /// <summary>The file content: the bytes, or the text as UTF-8 (lone surrogates become U+FFFD, as any writer would).</summary>
    public byte[] ToFileBytes() => Bytes ?? Encoding.UTF8.GetBytes(Text!);

    /// <summary>A copy with other content and the same origin (used when shrinking).</summary>
    public FuzzInput WithContent(string? text, byte[]? bytes) => new(Family, Description, text, bytes);

    public override string ToString() => $"{Family}: {Description} ({Length} {(Text != null ? "chars" : "bytes")})";
}
