using HyperDsl.Compiler.Emit;
using HyperDsl.Compiler.Tests.Emit;

namespace HyperDsl.Compiler.Tests.Snapshots;

/// <summary>The C# emitted for each hand-built fixture, compared with its committed snapshot (compiled in HyperDsl.Generated.Tests).</summary>
public sealed class FixtureSnapshotTests
{
    public static TheoryData<string> Fixtures() => [.. EmitFixtures.All().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_matches_snapshot(string name)
    {
        var file = EmitFixtures.All().Single(f => f.Name == name).File;
        // The injection fixture keeps its hostile file path in #line directives, so the compiled snapshot covers it too.
        var linePath = name == "Injection" ? null : "fixtures/fixture.hyp";
        var files = CSharpEmitter.Emit(file, new EmitOptions($"HyperDsl.Generated.Tests.Fixtures.{name}", SourcePathForLineDirectives: linePath));
        Snapshot.Verify(string.Concat(files.Select(f => f.Text)), "Fixture." + name);
    }
}
