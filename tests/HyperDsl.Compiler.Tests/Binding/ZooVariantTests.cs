using System.Text.RegularExpressions;
using HyperDsl.Compiler.Semantics;

namespace HyperDsl.Compiler.Tests.Binding;

/// <summary>
/// The hypernetwork variants in examples/zoo/README.md: each, appended to the blocks of the zoo file it names, checks
/// clean, generates something, and has the zoo model's state dict less exactly the tensors it generates per sample
/// (roles change where values come from, not the keys; LoRA keeps the base weights).
/// </summary>
public sealed partial class ZooVariantTests
{
    [GeneratedRegex("```hyp\n// (?<file>[a-z0-9_]+\\.hyp)\n(?<text>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Variant();

    public static TheoryData<string> Variants() =>
        [.. Variant().Matches(File.ReadAllText(TestSupport.Example("zoo/README.md"))).Select(m => m.Groups["file"].Value)];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_checks_clean_and_keeps_the_zoo_state_dict(string file)
    {
        var variant = Variant().Matches(File.ReadAllText(TestSupport.Example("zoo/README.md"))).Single(m => m.Groups["file"].Value == file).Groups["text"].Value;
        var zoo = File.ReadAllText(TestSupport.Example("zoo/" + file));
        var blocks = zoo[..zoo.IndexOf("\nmodel ", StringComparison.Ordinal)];
        var result = TestSupport.Compile(blocks + "\n" + variant);
        Assert.Empty(result.Diagnostics);
        var model = Assert.Single(result.File!.Models);
        Assert.NotEmpty(model.Generated);

        var plain = Assert.Single(Compilation.CompileFile(TestSupport.Example("zoo/" + file)).File!.Models);
        var entries = StateDictLayout.Of(model.Target);
        var generated = entries.Where(e => e.Role == StateEntryRole.Generated).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        static (string, string) Row(StateEntry e) => (e.Key, string.Join(",", e.Shape));
        Assert.Equal(StateDictLayout.Of(plain.Target).Where(e => !generated.Contains(e.Key)).Select(Row), entries.Where(e => e.InStateDict).Select(Row));
    }
}
