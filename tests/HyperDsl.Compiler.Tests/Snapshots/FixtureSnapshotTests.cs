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
        var options = new EmitOptions($"HyperDsl.Generated.Tests.Fixtures.{name}", SourcePathForLineDirectives: linePath);
        // A fixture of several models is emitted as one file, as the MSBuild integration compiles a .hyp file.
        var text = file.Models.Length > 1 ? CSharpEmitter.EmitSingleFile(file, options) : string.Concat(CSharpEmitter.Emit(file, options).Select(f => f.Text));
        Snapshot.Verify(text, "Fixture." + name);
    }
}
