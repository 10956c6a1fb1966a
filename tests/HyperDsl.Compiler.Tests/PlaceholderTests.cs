namespace HyperDsl.Compiler.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void GeneratedParserReadsModels() => Assert.Equal(2, Placeholder.CountModels("model A { } model B { }"));
}
