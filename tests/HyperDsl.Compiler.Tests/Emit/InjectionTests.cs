using HyperDsl.Compiler.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperDsl.Compiler.Tests.Emit;

/// <summary>
/// Hostile names, doc comments, strings and file paths produce exactly the declarations the model means, nothing more
/// (the same output compiles against the runtime in HyperDsl.Generated.Tests: Fixture.Injection).
/// </summary>
public sealed class InjectionTests
{
    private static readonly SyntaxTree Tree = CSharpSyntaxTree.ParseText(
        CSharpEmitter.Emit(EmitFixtures.Injection(), new EmitOptions("Evil.Ns")).Single().Text,
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose));

    [Fact]
    public void The_output_parses_without_diagnostics_doc_comments_included() =>
        Assert.Empty(Tree.GetDiagnostics());

    [Fact]
    public void Only_the_expected_types_and_members_exist()
    {
        var root = Tree.GetCompilationUnitRoot();
        var types = root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.ValueText).ToList();
        Assert.Equal(["RecordCondition", "Record", "RecordNetwork"], types);
        var model = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "Record");
        Assert.Equal(
            ["ModelName", "DeclarationHash", "GeneratedTensors", "HypernetOptions", "ConditionSize", "CheckFinite", "event", "hypernet", "class", "EventShape", ".ctor",
             "forward", "forward", "Embed", "Generate", "Materialize", "Save", "Load", "LayerPaths", "DescribeParameter", "DescribeKey", "BaseLoss", "Loss_2", "Loss", "TrainingLoss",
             "Generate", "RegularizationLoss", "Materialize"],
            model.Members.Select(Name));
        var network = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "RecordNetwork");
        Assert.Equal(["class", "namespace_ünïcødé", "Materialize", "zero_u200Bwidth", "InputShape", ".ctor", "RegisterComponents", "forward", "forward", "CopyFrom", "DescribeKey"],
            network.Members.Select(Name));
    }

    [Fact]
    public void Strings_round_trip_exactly()
    {
        var hash = Tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "DeclarationHash");
        var literal = (LiteralExpressionSyntax)hash.Initializer!.Value;
        Assert.Equal("\"; System.Environment.Exit(1); //\\", literal.Token.ValueText);
    }

    [Fact]
    public void Directives_are_only_nullable_the_debug_switch_and_line_mappings_to_a_sanitised_path()
    {
        var directives = Tree.GetRoot().DescendantTrivia().Where(t => t.IsDirective).Select(t => (DirectiveTriviaSyntax)t.GetStructure()!).ToList();
        Assert.All(directives, d => Assert.True(
            d is NullableDirectiveTriviaSyntax or LineDirectiveTriviaSyntax or ElseDirectiveTriviaSyntax or EndIfDirectiveTriviaSyntax
              || d is IfDirectiveTriviaSyntax { Condition: IdentifierNameSyntax { Identifier.ValueText: "DEBUG" } }, d.ToFullString()));
        Assert.Single(directives.OfType<IfDirectiveTriviaSyntax>());
        var files = directives.OfType<LineDirectiveTriviaSyntax>().Where(l => l.File.ValueText.Length > 0).Select(l => l.File.ValueText).Distinct().ToList();
        Assert.Equal(["evil_path_#line 1 _x.cs_\\.hyp"], files);
    }

    [Fact]
    public void Doc_comments_hold_the_hostile_text_as_xml_text()
    {
        var model = Tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "Record");
        var doc = model.GetLeadingTrivia().Select(t => t.GetStructure()).OfType<DocumentationCommentTriviaSyntax>().Single();
        var summary = doc.Content.OfType<XmlElementSyntax>().Single();
        Assert.Equal("summary", summary.StartTag.Name.ToString());
        var text = string.Concat(summary.Content.OfType<XmlTextSyntax>().SelectMany(t => t.TextTokens).Select(t => t.ValueText));
        Assert.Contains("Ends */ a comment", text);
        Assert.Contains("</summary><script>&amp; \"quotes\"", text);
        Assert.Contains("#error boom", text);
    }

    private static string Name(MemberDeclarationSyntax member) => member switch
    {
        FieldDeclarationSyntax f => f.Declaration.Variables.Single().Identifier.ValueText,
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        PropertyDeclarationSyntax p => p.Identifier.ValueText,
        ConstructorDeclarationSyntax => ".ctor",
        _ => member.Kind().ToString(),
    };
}
