namespace HyperDsl.Compiler.Binding;

/// <summary>
/// The words accepted by enumerated settings, one list each: the binder checks against them and the language server
/// offers them as completions, keyed by (call or section, argument).
/// </summary>
internal static class SettingChoices
{
    public static readonly string[] UpsampleMode = ["nearest", "linear"];
    public static readonly string[] BodyNorm = ["layernorm", "batchnorm", "none"];
    public static readonly string[] ComponentAttributes = ["depth", "type", "index"];
    public static readonly string[] Init = ["hyperfan_in", "hyperfan_out", "default"];
    public static readonly string[] Missing = ["indicator", "zero"];
    public static readonly string[] Booleans = ["true", "false"];
}
