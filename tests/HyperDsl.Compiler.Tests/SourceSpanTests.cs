using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Tests;

public sealed class SourceSpanTests
{
    [Fact]
    public void RendersTheCanonicalLocationPrefix() =>
        Assert.Equal("model.hyp(3,14)", new SourceSpan("model.hyp", 3, 14, 3, 20).ToString());
}
