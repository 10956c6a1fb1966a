using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Binding;

// Roles: prefixes (`external head = ...`) and pattern statements (`lora(rank: 16) blocks[*].attn.{q,k,v,o};`).
internal sealed partial class NetworkElaborator
{
    private static readonly Signature LoraSignature = Signature.Of("lora", new ParameterSpec("rank", Required: true), new ParameterSpec("alpha"));

    private void ApplyRoles(NetworkDecl network, bool allowGenerated)
    {
        foreach (var e in _roleEvents)
        {
            ImmutableArray<LayerBuilder> matched;
            string description;
            if (e is PatternRole p)
            {
                matched = [.. _layers.Where(l => Matches(p.Pattern, p.Prefix, l.Path))];
                description = Syntax.SyntaxPrinter.Print(p.Pattern);
                foreach (var l in matched) _context.Uses?.Add(new SymbolUse(p.Pattern.Span, SymbolKind.Pattern, description, l.Span, _network, l.Path));
                if (matched.IsEmpty)
                {
                    var hint = NameSuggestions.Hint(description, _layers.Select(l => l.Path));
                    _diagnostics.ReportWithHint(DiagnosticCatalog.PatternMatchesNothing, p.Pattern.Span, hint, description, network.Name.Text);
                    continue;
                }
            }
            else
            {
                matched = ((PrefixRole)e).Layers;
                description = "this declaration";
            }
            ApplyRole(e.Role, e.Span, matched, network, allowGenerated, explicitTarget: e is PatternRole pr && !HasWildcard(pr.Pattern));
        }
    }

    private void ApplyRole(RoleSyntax role, Text.SourceSpan span, ImmutableArray<LayerBuilder> matched, NetworkDecl network, bool allowGenerated, bool explicitTarget)
    {
        var generated = role.Kind is RoleSyntaxKind.External or RoleSyntaxKind.Lora;
        if (generated && !allowGenerated)
        {
            _diagnostics.Report(DiagnosticCatalog.GeneratedInAuxiliary, span, matched.IsEmpty ? "this declaration" : matched[0].Path, network.Name.Text);
            return;
        }
        var roleName = RoleName(role);
        bool Eligible(LayerBuilder l) => role.Kind switch
        {
            RoleSyntaxKind.External => l.Kind is LayerKind.Linear or LayerKind.Conv or LayerKind.ConvTranspose,
            RoleSyntaxKind.Lora => l.Kind == LayerKind.Linear,
            _ => true,
        };
        var eligible = matched.Where(Eligible).ToList();
        if (eligible.Count == 0 || (explicitTarget && eligible.Count < matched.Length))
        {
            var bad = matched.FirstOrDefault(l => !Eligible(l));
            var why = role.Kind == RoleSyntaxKind.Lora
                ? "low-rank adaptation applies to linear layers"
                : "only linear, convolution and transposed convolution layers can be generated";
            if (bad is null) _diagnostics.Report(DiagnosticCatalog.RoleNotApplicable, span, roleName, "this declaration", "parameter-free", "it creates no layer");
            else _diagnostics.Report(DiagnosticCatalog.RoleNotApplicable, span, roleName, bad.Path, KindName(bad.Kind), why);
            if (eligible.Count == 0) return;
        }

        switch (role.Kind)
        {
            case RoleSyntaxKind.Frozen:
                foreach (var l in eligible) l.Role = LayerRole.Frozen;
                break;
            case RoleSyntaxKind.Trainable:
                foreach (var l in eligible) l.Role = LayerRole.Trainable;
                break;
            case RoleSyntaxKind.External:
                {
                    var weight = role.Parts.IsEmpty;
                    var bias = role.Parts.IsEmpty;
                    var explicitBias = false;
                    foreach (var part in role.Parts)
                    {
                        if (part.Text == "weight") weight = true;
                        else if (part.Text == "bias") { bias = true; explicitBias = true; }
                        else _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownChoice, part.Span, NameSuggestions.Hint(part.Text, ["weight", "bias"]),
                            part.Text, "generated part", "weight, bias");
                    }
                    foreach (var l in eligible)
                    {
                        if (explicitBias && !l.Arguments.Bias)
                            _diagnostics.Report(DiagnosticCatalog.NoBiasToGenerate, span, l.Path);
                        l.Role = new LayerRole(LayerRoleKind.External, GenerateWeight: weight, GenerateBias: bias && l.Arguments.Bias);
                    }
                    break;
                }
            case RoleSyntaxKind.Lora:
                {
                    var args = LoraSignature.Bind(role.Span, role.Arguments, _context.Constants, _evaluator, _diagnostics);
                    var rank = args.Int("rank", 1);
                    var alpha = args.Double("alpha", rank, 0, double.MaxValue, "(0, infinity)");
                    if (args.HasErrors) return;
                    foreach (var l in eligible)
                    {
                        var limit = Math.Min(l.Arguments.InFeatures, l.Arguments.OutFeatures);
                        if (rank > limit) _diagnostics.Report(DiagnosticCatalog.LoraRankTooLarge, span, rank, l.Path, limit);
                        l.Role = new LayerRole(LayerRoleKind.Lora, Rank: (int)Math.Min(rank, int.MaxValue), Alpha: alpha);
                    }
                    break;
                }
        }
    }

    private static string RoleName(RoleSyntax role) => role.Kind switch
    {
        RoleSyntaxKind.External => "external",
        RoleSyntaxKind.Lora => "lora",
        RoleSyntaxKind.Frozen => "frozen",
        _ => "trainable",
    };

    private static string KindName(LayerKind kind) => kind switch
    {
        LayerKind.GroupNorm => "group norm",
        LayerKind.LayerNorm => "layer norm",
        LayerKind.BatchNorm => "batch norm",
        LayerKind.LayerNorm2d => "channel layer norm",
        LayerKind.InProjection => "fused attention in-projection",
        LayerKind.LearnedTensor => "learned tensor",
        LayerKind.ConvTranspose => "transposed convolution",
        LayerKind.Conv => "convolution",
        _ => "linear",
    };

    private static bool HasWildcard(PatternSyntax pattern) =>
        pattern.Segments.Any(s => s is AnyPatternSegment or AlternativesPatternSegment);

    /// <summary>A pattern matches a layer when it matches the leading segments of its path (so `encoder` covers every
    /// layer under encoder); patterns inside a block or repetition body are relative to it.</summary>
    private static bool Matches(PatternSyntax pattern, string prefix, string path)
    {
        var segments = path.Split('.');
        var prefixSegments = prefix.Length == 0 ? [] : prefix.Split('.');
        if (segments.Length < prefixSegments.Length + pattern.Segments.Length) return false;
        for (var i = 0; i < prefixSegments.Length; i++)
            if (segments[i] != prefixSegments[i]) return false;
        for (var i = 0; i < pattern.Segments.Length; i++)
        {
            var segment = segments[prefixSegments.Length + i];
            var ok = pattern.Segments[i] switch
            {
                NamePatternSegment n => n.Name == segment,
                IndexPatternSegment x => x.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) == segment,
                AnyPatternSegment => true,
                AlternativesPatternSegment a => a.Names.Contains(segment),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }
}
