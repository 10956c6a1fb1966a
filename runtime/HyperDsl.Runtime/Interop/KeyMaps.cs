namespace HyperDsl.Runtime.Interop;

/// <summary>
/// The key maps shipped with the runtime (map files embedded from <c>Interop/Maps/</c>). The zoo's declarations
/// (<c>examples/zoo/*.hyp</c>) use torchvision's names, so a torchvision checkpoint needs no map
/// (<see cref="KeyMap.Identity"/>); these cover the other namings.
/// </summary>
public static class KeyMaps
{
    /// <summary>timm's ViT names (<c>blocks.{i}.attn.qkv</c>, <c>patch_embed.proj</c>, ...) to torchvision's <c>vit_b_16</c>.</summary>
    public static KeyMap TimmVitToTorchvision { get; } = Shipped("timm-vit-to-torchvision");

    /// <summary>
    /// torchvision's <c>vit_b_16</c> to a ViT with separate q, k, v, o projections (HyperCT's <c>hyperct.hyp</c>
    /// layout): the fused <c>in_proj</c> tensors split in three, the classification head ignored.
    /// </summary>
    public static KeyMap TorchvisionVitToSplitQkv { get; } = Shipped("torchvision-vit-to-split-qkv");

    /// <summary>The names of the shipped maps (map file names without <c>.keymap</c>).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. typeof(KeyMaps).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".keymap", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".keymap".Length]).Order(StringComparer.Ordinal)];

    /// <summary>A shipped map by name (<c>timm-vit-to-torchvision</c>); <c>identity</c> is <see cref="KeyMap.Identity"/>.</summary>
    /// <exception cref="ArgumentException">No shipped map has that name.</exception>
    public static KeyMap Named(string name) => name == "identity" ? KeyMap.Identity : Shipped(name);

    /// <summary>The map file of a shipped map by name (<c>timm-vit-to-torchvision</c>), for reading or extending.</summary>
    /// <exception cref="ArgumentException">No shipped map has that name.</exception>
    public static string Text(string name)
    {
        using var stream = typeof(KeyMaps).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.keymap")
            ?? throw new ArgumentException($"No shipped key map is named '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private const string ResourcePrefix = "HyperDsl.Runtime.Interop.Maps.";

    private static KeyMap Shipped(string name) => KeyMap.Parse(Text(name), name + ".keymap");
}
