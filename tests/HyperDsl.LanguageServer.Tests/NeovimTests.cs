using System.Globalization;
using System.Text.Json.Nodes;

namespace HyperDsl.LanguageServer.Tests;

/// <summary>
/// A real editor nobody here wrote: Neovim in headless mode, its built-in LSP client attached to <c>hyperdsl lsp</c>
/// (Fixtures/neovim_session.lua). Neovim is a Debian package that .ci/install-packages.sh installs before the tests.
/// </summary>
public sealed class NeovimTests
{
    [Fact]
    public void Neovim_receives_the_diagnostic_at_the_broken_line_then_hover_text_after_the_fix()
    {
        var nvim = TestPaths.RequireTool("nvim", "CI installs it from .ci/packages.txt (Debian package 'neovim') with .ci/install-packages.sh");
        var example = File.ReadAllText(TestPaths.Example("HyDA/hyda.hyp")).ReplaceLineEndings("\n");
        var lines = example.Split('\n');
        var target = Array.FindIndex(lines, l => l.Contains("hidden = linear(32, 64)", StringComparison.Ordinal));
        Assert.True(target >= 0, "the HyDA example changed: no 'hidden = linear(32, 64)' line");
        var broken = (string[])lines.Clone();
        broken[target] = lines[target].Replace("linear(32, 64)", "linear(31, 64)", StringComparison.Ordinal);

        var dir = Directory.CreateTempSubdirectory("hyperdsl-nvim-");
        try
        {
            var file = Path.Combine(dir.FullName, "hyda.hyp");
            File.WriteAllText(file, string.Join('\n', broken));
            var output = Path.Combine(dir.FullName, "result.json");
            var environment = new Dictionary<string, string>
            {
                ["HYP_DLL"] = TestPaths.HyperdslDll,
                ["HYP_FILE"] = file,
                ["HYP_OUT"] = output,
                ["HYP_FIX_LINE"] = target.ToString(CultureInfo.InvariantCulture),
                ["HYP_FIXED_TEXT"] = lines[target],
                ["HYP_HOVER_LINE"] = target.ToString(CultureInfo.InvariantCulture),
                ["HYP_HOVER_CHARACTER"] = (lines[target].IndexOf("linear", StringComparison.Ordinal) + 1).ToString(CultureInfo.InvariantCulture),
            };
            // Neovim keeps its state and logs under XDG folders: give it the temporary folder.
            foreach (var xdg in new[] { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" }) environment[xdg] = dir.FullName;
            var script = Path.Combine(TestPaths.RepoRoot, "tests", "HyperDsl.LanguageServer.Tests", "Fixtures", "neovim_session.lua");
            var run = ToolProcess.Run(nvim, ["--headless", "--clean", "-i", "NONE", "-n", "-c", "luafile " + script], dir.FullName, TimeSpan.FromMinutes(3), environment);
            Assert.True(File.Exists(output), $"Neovim wrote no result: {run}");
            var result = JsonNode.Parse(File.ReadAllText(output))!;
            Assert.Null(result["error"]);

            var diagnostic = Assert.Single(result["diagnostics"]!.AsArray())!;
            Assert.Equal(target, diagnostic["lnum"]!.GetValue<int>());
            Assert.Equal(lines[target].IndexOf("linear", StringComparison.Ordinal), diagnostic["col"]!.GetValue<int>());
            Assert.Equal("HYP2001", diagnostic["code"]!.GetValue<string>());
            Assert.Contains("31", diagnostic["message"]!.GetValue<string>());

            Assert.True(result["cleared"]!.GetValue<bool>(), "the error did not clear after the fix");
            var hover = result["hover"]!.GetValue<string>();
            Assert.Contains("`domain_classifier.hidden`: [32] → [64] · trainable · 2,112 parameters", hover);
            Assert.True(result["client_exited"]!.GetValue<bool>(), "the server did not exit when Neovim stopped the client");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
