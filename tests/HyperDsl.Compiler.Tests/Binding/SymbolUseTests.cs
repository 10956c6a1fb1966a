using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Tests.Binding;

/// <summary>The name resolutions the binder records for editors (<see cref="CompilationResult.Symbols"/>).</summary>
public sealed class SymbolUseTests
{
    private const string Text = """
        let width = 8;
        block Pair(c) {
            a = linear(c, c);
            b = linear(c, c) -> add(a);
        }
        model M {
            input x: [8];
            condition task = task(count: 2, dim: 4);
            target network net {
                stem = linear(width, width);
                pairs = repeat 2: Pair(width);
                frozen pairs[*].a;
                external out_layer = linear(8, 1);
            }
            hypernet from task { body mlp(8); generate per_layer; }
            training { loss l = mse(prediction); }
        }
        """;

    private static readonly CompilationResult Result = TestSupport.Compile(Text);

    private static (int Line, int Column) At(string line, string needle, int occurrence = 0)
    {
        var lines = Text.Split('\n');
        var l = Array.FindIndex(lines, x => x.Contains(line, StringComparison.Ordinal));
        var c = -1;
        for (var i = 0; i <= occurrence; i++) c = lines[l].IndexOf(needle, c + 1, StringComparison.Ordinal);
        return (l + 1, c + 1);
    }

    private static (int, int) Start(SourceSpan s) => (s.StartLine, s.StartColumn);

    [Fact]
    public void The_file_compiles_and_has_uses()
    {
        Assert.False(Result.HasErrors, string.Join("\n", Result.Diagnostics));
        Assert.NotEmpty(Result.Symbols);
    }

    [Fact]
    public void A_constant_use_points_at_its_let_and_a_block_parameter_use_at_the_parameter()
    {
        var uses = Result.Symbols.Where(u => u.Kind == SymbolKind.Constant && Start(u.Span) == At("stem = linear(width", "width")).ToList();
        Assert.Equal(At("let width", "width"), Start(Assert.Single(uses).Declaration));
        var parameter = Result.Symbols.First(u => u.Kind == SymbolKind.Constant && Start(u.Span) == At("a = linear(c, c)", "c"));
        Assert.Equal(At("block Pair(c)", "c", 1), Start(parameter.Declaration));
    }

    [Fact]
    public void Each_block_instance_is_one_use_with_its_elaborated_path()
    {
        var instances = Result.Symbols.Where(u => u.Kind == SymbolKind.Block).ToList();
        Assert.Equal(["pairs.0", "pairs.1"], instances.Select(u => u.Path));
        Assert.All(instances, u => Assert.Equal(At("block Pair", "Pair"), Start(u.Declaration)));
        Assert.All(instances, u => Assert.Equal("net", u.Network));
    }

    [Fact]
    public void A_skip_target_points_at_the_value_of_its_own_block_instance()
    {
        var skips = Result.Symbols.Where(u => u.Kind == SymbolKind.Value && Start(u.Span) == At("add(a)", "a", 2)).ToList();
        Assert.Equal(["pairs.0.a", "pairs.1.a"], skips.Select(u => u.Path));
        Assert.All(skips, u => Assert.Equal(At("a = linear(c, c)", "a"), Start(u.Declaration)));
    }

    [Fact]
    public void A_pattern_points_at_every_layer_it_matches()
    {
        var matches = Result.Symbols.Where(u => u.Kind == SymbolKind.Pattern).ToList();
        Assert.Equal(["pairs.0.a", "pairs.1.a"], matches.Select(u => u.Path));
        Assert.All(matches, u => Assert.Equal(At("frozen pairs", "pairs"), Start(u.Span)));
        Assert.All(matches, u => Assert.Equal(At("a = linear(c, c)", "linear"), Start(u.Declaration)));
    }

    [Fact]
    public void A_hypernetwork_source_points_at_its_condition()
    {
        var source = Assert.Single(Result.Symbols, u => u.Kind == SymbolKind.Condition);
        Assert.Equal(At("hypernet from task", "task"), Start(source.Span));
        Assert.Equal(At("condition task", "task"), Start(source.Declaration));
    }

    [Fact]
    public void Uses_are_recorded_for_a_model_with_errors_and_none_after_a_syntax_error()
    {
        var broken = TestSupport.Compile(Text.Replace("linear(8, 1)", "linear(9, 1)"));
        Assert.True(broken.HasErrors);
        Assert.Contains(broken.Symbols, u => u.Kind == SymbolKind.Block);
        var syntax = TestSupport.Compile(Text.Replace("stem = linear(width, width);", "stem = linear(width, width;"));
        Assert.Empty(syntax.Symbols);
    }
}
