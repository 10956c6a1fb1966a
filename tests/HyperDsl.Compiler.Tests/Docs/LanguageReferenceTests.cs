using System.Text.RegularExpressions;
using HyperDsl.Compiler.Binding;

namespace HyperDsl.Compiler.Tests.Docs;

/// <summary>
/// docs/LANGUAGE.md against the binder's signature table: every layer, operation and merge has a row of the element
/// table, and each of its optional arguments is named there with its default, so a new argument cannot go
/// undocumented.
/// </summary>
public sealed class LanguageReferenceTests
{
    private static readonly string[] Rows = File.ReadAllLines(Path.Combine(TestSupport.RepoRoot, "docs", "LANGUAGE.md"))
        .Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToArray();

    public static TheoryData<string> Builtins() => [.. BuiltinReference.All.Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(Builtins))]
    public void Every_builtin_and_its_optional_arguments_are_in_the_element_table(string name)
    {
        var builtin = BuiltinReference.Find(name)!;
        // A family row such as `conv1d/2d/3d(...)` or `maxpool1d/2d/3d` documents each member.
        var family = Regex.Replace(name, "[123]d$", "");
        var row = Rows.FirstOrDefault(r => Regex.IsMatch(r, $@"`{Regex.Escape(name)}[`(\s,]")
            || (family != name && Regex.IsMatch(r, $@"`{Regex.Escape(family)}1d/2d/3d")));
        Assert.True(row is not null, $"docs/LANGUAGE.md has no element-table row for '{name}'");
        foreach (var parameter in builtin.Parameters.Where(p => !p.Required))
        {
            Assert.True(Regex.IsMatch(row!, $@"\b{Regex.Escape(parameter.Name)}\b"), $"'{name}': the argument '{parameter.Name}' is not in its row: {row}");
            if (parameter.Default is { } value && !value.Contains(' ', StringComparison.Ordinal))
                Assert.True(row!.Contains(value, StringComparison.Ordinal), $"'{name}': the default of '{parameter.Name}' ({value}) is not in its row: {row}");
        }
    }
}

/// <summary>Every loss setting the binder accepts is in LANGUAGE.md's loss table with its default.</summary>
public sealed class LossSettingsReferenceTests
{
    [Fact]
    public void Every_loss_setting_is_documented_with_its_default()
    {
        var doc = File.ReadAllText(Path.Combine(TestSupport.RepoRoot, "docs", "LANGUAGE.md"));
        foreach (var (kind, settings) in ModelBinder.LossSettings)
            foreach (var (name, value) in settings)
            {
                var text = $"`{name}: {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}`";
                Assert.True(doc.Contains(text, StringComparison.Ordinal), $"docs/LANGUAGE.md does not document {kind}'s {text}");
            }
    }
}
