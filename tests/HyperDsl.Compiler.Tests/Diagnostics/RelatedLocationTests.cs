using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Tests.Diagnostics;

/// <summary>A shape error also points at where the incoming value was produced (the related location).</summary>
public sealed class RelatedLocationTests
{
    private const string Mismatch = """
        model M {
            input x: [8];

            target network net {
                fc1 = linear(8, 64);
                act = relu;
                fc2 = linear(48, 4);
            }
        }
        """;

    [Fact]
    public void AFeatureMismatchNamesTheStepThatProducedTheIncomingShape()
    {
        var d = TestSupport.Compile(Mismatch).Single("HYP2001");
        Assert.Equal(7, d.Span.StartLine);
        var related = Assert.IsType<RelatedLocation>(d.Related);
        Assert.Equal((6, 15), (related.Span.StartLine, related.Span.StartColumn));
        Assert.Equal("the value of shape [64] is the output of 'act' here.", related.Message);
    }

    [Fact]
    public void JsonCarriesTheRelatedLocation()
    {
        var json = DiagnosticJson.Render(TestSupport.Compile(Mismatch).Diagnostics);
        Assert.Contains("\"related\": {", json);
        Assert.Contains("\"line\": 6", json);
    }
}
