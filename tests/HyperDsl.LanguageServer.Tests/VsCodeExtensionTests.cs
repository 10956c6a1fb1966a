using System.IO.Compression;

namespace HyperDsl.LanguageServer.Tests;

/// <summary>
/// editors/vscode as a fresh clone builds it: <c>npm ci</c> from the pinned lock file, the TextMate grammar tests
/// (vscode-tmgrammar-test), and <c>vsce package</c> to a .vsix holding the grammar, the client and its dependencies.
/// </summary>
public sealed class VsCodeExtensionTests
{
    private static readonly string Extension = Path.Combine(TestPaths.RepoRoot, "editors", "vscode");

    [Fact]
    public void The_extension_installs_from_its_lock_file_passes_its_grammar_tests_and_packs_to_a_vsix()
    {
        var npm = TestPaths.RequireTool("npm", "Node.js and npm are needed to build the compiler as well (the parser is generated with antlr-ng)");
        var ci = ToolProcess.Run(npm, ["ci", "--no-audit", "--no-fund"], Extension, TimeSpan.FromMinutes(8));
        Assert.True(ci.ExitCode == 0, $"npm ci: {ci}");

        var grammar = ToolProcess.Run(npm, ["test"], Extension, TimeSpan.FromMinutes(2));
        Assert.True(grammar.ExitCode == 0, $"grammar tests: {grammar}");
        foreach (var file in Directory.GetFiles(Path.Combine(Extension, "test"), "*.hyp"))
            Assert.Contains($"{Path.GetFileName(file)} run successfuly", grammar.Out);

        var dir = Directory.CreateTempSubdirectory("hyperdsl-vsix-");
        try
        {
            var vsix = Path.Combine(dir.FullName, "hyperdsl.vsix");
            var vsce = Path.Combine(Extension, "node_modules", ".bin", "vsce");
            var pack = ToolProcess.Run(vsce, ["package", "--allow-missing-repository", "--skip-license", "--out", vsix], Extension, TimeSpan.FromMinutes(4));
            Assert.True(pack.ExitCode == 0, $"vsce package: {pack}");
            using var archive = ZipFile.OpenRead(vsix);
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in new[] { "extension/package.json", "extension/extension.js", "extension/language-configuration.json",
                         "extension/syntaxes/hyperdsl.tmLanguage.json", "extension/node_modules/vscode-languageclient/package.json" })
                Assert.Contains(expected, entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("extension/test/", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_annotated_grammar_test_of_HyDA_is_the_example_itself()
    {
        // Everything but the header and the assertion lines must be the example, so the grammar is tested on it as it is.
        var annotated = File.ReadAllLines(Path.Combine(Extension, "test", "hyda.hyp"))
            .Skip(1).Where(l => !l.StartsWith("// ", StringComparison.Ordinal) || l.StartsWith("/// ", StringComparison.Ordinal));
        var example = File.ReadAllText(TestPaths.Example("HyDA/hyda.hyp")).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(example, annotated);
    }
}
