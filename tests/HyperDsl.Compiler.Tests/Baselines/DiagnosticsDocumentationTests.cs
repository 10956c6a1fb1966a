using System.Text;
using System.Text.RegularExpressions;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Tests.Baselines;

/// <summary>
/// docs/DIAGNOSTICS.md is generated: one section per catalogue code with its title, severity and message template from
/// the catalogue and, when the code has a baseline case, that case's input and expected output verbatim. Prose written
/// beside a section (outside its code blocks) is kept. HYPERDSL_ACCEPT=1 rewrites the page; otherwise any drift fails.
/// </summary>
public sealed partial class DiagnosticsDocumentationTests
{
    private static readonly string DocPath = Path.Combine(TestSupport.RepoRoot, "docs", "DIAGNOSTICS.md");
    private static readonly string Root = Path.Combine(TestSupport.RepoRoot, "tests", "HyperDsl.Compiler.Tests", "Baselines");

    [Fact]
    public void The_page_is_the_catalogue_and_its_baselines()
    {
        var current = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        var generated = Generate(current);
        if (Environment.GetEnvironmentVariable("HYPERDSL_ACCEPT") == "1")
        {
            File.WriteAllText(DocPath, generated);
            return;
        }
        Assert.True(current == generated, "docs/DIAGNOSTICS.md differs from the catalogue and baselines; run the tests with HYPERDSL_ACCEPT=1 and review the diff");
    }

    private static string Generate(string current)
    {
        var firstSection = current.IndexOf("\n## HYP", StringComparison.Ordinal);
        var preface = firstSection < 0 ? current : current[..(firstSection + 1)];
        var prose = Sections(current);
        var page = new StringBuilder(preface);
        foreach (var d in DiagnosticCatalog.All)
        {
            page.Append($"## {d.Code}: {d.Title} ({d.Severity.ToString().ToLowerInvariant()})\n\n");
            page.Append("Message: ").Append(d.MessageFormat.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal)).Append("\n\n");
            var notes = prose.GetValueOrDefault(d.Code, "");
            var folder = Directory.GetDirectories(Root, d.Code + "_*").Order(StringComparer.Ordinal).FirstOrDefault();
            if (folder is null)
            {
                if (notes.Length > 0) page.Append(notes).Append("\n\n");
                continue;
            }
            notes = CodeBlock().Replace(notes, "").Trim();
            notes = Regex.Replace(notes, "\n{3,}", "\n\n");
            if (notes.Length > 0) page.Append(notes).Append("\n\n");
            var input = File.ReadAllBytes(Path.Combine(folder, "input.hyp"));
            if (IsPrintableUtf8(input)) page.Append("```\n").Append(Encoding.UTF8.GetString(input).ReplaceLineEndings("\n").TrimEnd('\n')).Append("\n```\n\n");
            var expected = File.ReadAllText(Path.Combine(folder, "expected.txt")).ReplaceLineEndings("\n").TrimEnd('\n');
            page.Append("```\n").Append(expected).Append("\n```\n\n");
        }
        return page.ToString().TrimEnd('\n') + "\n";
    }

    // What a section holds after its heading and message line: kept as written, or (beside a baseline) its prose.
    private static Dictionary<string, string> Sections(string doc)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in SectionPattern().Matches(doc))
            result[m.Groups["code"].Value] = m.Groups["body"].Value.Trim('\n');
        return result;
    }

    private static bool IsPrintableUtf8(byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^## (?<code>HYP\d{4}):[^\n]*\n\n(?:Message:[^\n]*\n)?(?<body>.*?)(?=^## HYP|\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"```.*?```\n?", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
