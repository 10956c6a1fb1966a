using System.Text.RegularExpressions;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Binding;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Features;

/// <summary>
/// Completion by where the cursor is, read from the text before it (it must work on a half-typed line): inside a
/// call its named settings or, after <c>name:</c>, that setting's choices; after <c>hypernet from</c> the conditions;
/// in hypernet and training sections their settings and kinds; in a body the layers and operations with signatures,
/// blocks and the values in scope. Names come from the latest text that parsed.
/// </summary>
public static partial class CompletionFeature
{
    private const int Function = 3, Variable = 6, Class = 7, Property = 10, Value = 12, EnumMember = 13, Keyword = 14;

    private static readonly string[] TopKeywords = ["model", "block", "let"];
    private static readonly string[] ModelKeywords = ["input", "network", "target network", "condition", "hypernet from", "training", "block", "let"];
    private static readonly string[] BodyKeywords = ["let", "output", "for", "repeat", "external", "lora", "frozen", "trainable"];

    public static CompletionList Complete(Document document, Position position)
    {
        var offset = document.Lines.Offset(position);
        var before = document.Text[..offset];
        var (line, column) = document.Lines.ToLineColumn(position);
        var syntax = document.LastParsed.Syntax;
        var path = SyntaxNodes.PathTo(syntax, line, column);
        var items = new List<CompletionItem>();

        if (CallContext.At(document.Text, offset) is { } call)
        {
            if (call.NamedArgument is { } named)
                items.AddRange(Signatures.Choices(call.Callee, named).Select(c => new CompletionItem(c, EnumMember, $"{call.Callee}: {named}")));
            else
            {
                if (Signatures.Find(call.Callee, document) is { } signature)
                    items.AddRange(signature.Parameters.Where(p => !call.GivenNames.Contains(p.Name))
                        .Select(p => new CompletionItem(p.Name + ":", Property, SignatureFeature.Label(signature), InsertText: p.Name + ": ")));
                items.AddRange(Values(path));
                items.AddRange(Constants(syntax, path));
                if (call.Callee == "domain") items.AddRange(Networks(path));
            }
            return new CompletionList(false, [.. items]);
        }

        // The statement being typed: the text after the last ';', '{' or '}'.
        var tail = before[(before.LastIndexOfAny([';', '{', '}']) + 1)..];
        var statement = StatementStart().Match(tail);
        var header = EnclosingHeader(before);
        if (HypernetFrom().IsMatch(tail))
            items.AddRange(Conditions(path));
        else if (header.StartsWith("hypernet", StringComparison.Ordinal))
            items.AddRange(SectionWords(statement.Groups["key"].Value, statement.Groups["rest"].Value, ModelBinder.HypernetSettings));
        else if (header.StartsWith("training", StringComparison.Ordinal))
            items.AddRange(SectionWords(statement.Groups["key"].Value, statement.Groups["rest"].Value, ModelBinder.TrainingSettings));
        else if (header.StartsWith("model", StringComparison.Ordinal))
        {
            if (ConditionKind().IsMatch(tail))
                items.AddRange(ModelBinder.ConditionKinds.Values.Select(s => new CompletionItem(s.Name, Function, SignatureFeature.Label(s))));
            else items.AddRange(ModelKeywords.Select(k => new CompletionItem(k, Keyword)));
        }
        else if (header.Length == 0)
            items.AddRange(TopKeywords.Select(k => new CompletionItem(k, Keyword)));
        else
        {
            // A network or block body: pipeline elements, then names in scope.
            foreach (var b in Builtins.All.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
                items.Add(new CompletionItem(b.Name, Function, SignatureFeature.Label(b.Signature) + (b.Kind == BuiltinKind.Layer ? " · layer" : "")));
            foreach (var block in Signatures.Blocks(document))
                items.Add(new CompletionItem(block.Name.Text, Class, $"block {block.Name.Text}({string.Join(", ", block.Parameters.Select(p => p.Text))})"));
            items.AddRange(Values(path));
            items.AddRange(Constants(syntax, path));
            items.AddRange(BodyKeywords.Select(k => new CompletionItem(k, Keyword)));
        }
        return new CompletionList(false, [.. items]);
    }

    private static IEnumerable<CompletionItem> SectionWords(string key, string rest, string[] settings)
    {
        if (key.Length == 0 || rest.Length == 0 && !key.EndsWith(' ')) return settings.Select(s => new CompletionItem(s, Keyword));
        var k = key.Trim();
        IEnumerable<(string Name, string Detail)> words = k switch
        {
            "body" => ModelBinder.Bodies.Values.Select(s => (s.Name, SignatureFeature.Label(s))),
            "generate" => ModelBinder.Strategies.Values.Select(s => (s.Name, SignatureFeature.Label(s))),
            "init" => SettingChoices.Init.Select(c => (c, "initialisation")),
            "loss" => ModelBinder.LossKinds.Keys.Select(c => (c, "loss")),
            _ => [],
        };
        return words.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => new CompletionItem(w.Name, Function, w.Detail));
    }

    /// <summary>Statement names of the enclosing network or block body (skip and concat targets).</summary>
    private static IEnumerable<CompletionItem> Values(List<Node> path)
    {
        var body = path.LastOrDefault(n => n is NetworkDecl or BlockDecl);
        if (body is null) return [];
        return SyntaxNodes.DescendantsAndSelf(body).OfType<ValueStatement>().Select(v => v.Name.Text).Distinct()
            .Append("input").Select(n => new CompletionItem(n, Variable, "value"));
    }

    private static IEnumerable<CompletionItem> Constants(FileSyntax syntax, List<Node> path)
    {
        var model = path.OfType<ModelDecl>().LastOrDefault();
        var lets = syntax.Declarations.OfType<LetDecl>().Concat(model?.Members.OfType<LetDecl>() ?? []);
        var parameters = path.OfType<BlockDecl>().SelectMany(b => b.Parameters);
        return lets.Select(l => new CompletionItem(l.Name.Text, Value, Compiler.Syntax.SyntaxPrinter.Print(l).Trim()))
            .Concat(parameters.Select(p => new CompletionItem(p.Text, Value, "block parameter")));
    }

    private static IEnumerable<CompletionItem> Conditions(List<Node> path) =>
        path.OfType<ModelDecl>().LastOrDefault()?.Members.OfType<ConditionDecl>().Select(c => new CompletionItem(c.Name.Text, Variable, "condition")) ?? [];

    private static IEnumerable<CompletionItem> Networks(List<Node> path) =>
        path.OfType<ModelDecl>().LastOrDefault()?.Members.OfType<NetworkDecl>().Where(n => !n.IsTarget).Select(n => new CompletionItem(n.Name.Text, Class, "network")) ?? [];

    /// <summary>The text before the innermost unclosed <c>{</c>, from the previous statement end: "hypernet from domain", "training", "network primary", ...</summary>
    private static string EnclosingHeader(string before)
    {
        var depth = 0;
        for (var i = before.Length - 1; i >= 0; i--)
        {
            if (before[i] == '}') depth++;
            else if (before[i] == '{' && depth > 0) depth--;
            else if (before[i] == '{')
            {
                var start = i == 0 ? 0 : before.LastIndexOfAny([';', '{', '}'], i - 1) + 1;
                var header = before[start..i].Trim();
                var lines = header.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal));
                header = string.Join(" ", lines);
                return header.StartsWith("target ", StringComparison.Ordinal) ? header[7..] : header;
            }
        }
        return "";
    }

    [GeneratedRegex(@"^\s*hypernet\s+from\s+(\w+\s*,\s*)*\w*$")]
    private static partial Regex HypernetFrom();

    [GeneratedRegex(@"^\s*condition\s+\w+\s*=\s*\w*$")]
    private static partial Regex ConditionKind();

    // A statement's first word and what follows it ("body mlp(" → key "body ", rest "mlp(").
    [GeneratedRegex(@"^\s*(?<key>(?:\w+\s+)?)(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex StatementStart();
}
