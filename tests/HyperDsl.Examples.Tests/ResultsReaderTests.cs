using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

public class ResultsReaderTests
{
    [Fact]
    public void Reads_back_what_the_writer_wrote()
    {
        var written = ClaimTests.Results();
        var read = ResultsReader.Read(WriteTemp(ResultsWriter.ToJson(written)));
        Assert.Equal(("HyDA", "held-out MAE", false, "quick"), (read.Experiment, read.Metric, read.HigherIsBetter, read.Size));
        Assert.Equal(written.Seeds, read.Seeds);
        Assert.Equal(written.Rows.Select(r => (r.Method, r.Kind, string.Join(",", r.PerSeed))), read.Rows.Select(r => (r.Method, r.Kind, string.Join(",", r.PerSeed))));
        Assert.Equal(written.Series.Select(s => s.Name), read.Series.Select(s => s.Name));
        Assert.Equal(written.Claims.Select(c => (c.Id, c.Holds, c.Evidence)), read.Claims.Select(c => (c.Id, c.Holds, c.Evidence)));
        Assert.Equal(ResultsWriter.ToJson(written), ResultsWriter.ToJson(read));
    }

    [Fact]
    public void A_verdict_that_its_own_tests_do_not_give_is_refused()
    {
        var json = ResultsWriter.ToJson(ClaimTests.Results());
        var first = json.IndexOf("\"holds\": true", StringComparison.Ordinal);
        var tampered = json[..first] + "\"holds\": false" + json[(first + "\"holds\": true".Length)..];
        var error = Assert.Throws<InvalidDataException>(() => ResultsReader.Read(WriteTemp(tampered)));
        Assert.Contains("claim 'lower-error': 'holds' is False but its tests give True", error.Message);
    }

    [Theory]
    [InlineData("{", "not a results.json")]
    [InlineData("""{"experiment":"X","metric":"m","higher_is_better":true,"size":"quick","seeds":[1],"rows":[{"method":"a","kind":"teacher","per_seed":[1]}],"series":[],"claims":[]}""", "kind 'teacher'")]
    [InlineData("""{"experiment":"X","metric":"m","higher_is_better":"yes","size":"quick","seeds":[1],"rows":[],"series":[],"claims":[]}""", "'higher_is_better' must be true or false")]
    [InlineData("""{"experiment":"","metric":"m","higher_is_better":true,"size":"quick","seeds":[1],"rows":[],"series":[],"claims":[]}""", "'experiment' is empty")]
    [InlineData("""{"experiment":"X","higher_is_better":true,"rows":[],"series":[],"claims":[]}""", "metric")]
    [InlineData("""{"experiment":"X","metric":"m","higher_is_better":true,"size":"quick","seeds":[1],"rows":[],"series":[]}""", "'claims' is missing")]
    public void A_file_that_breaks_the_schema_is_an_error_naming_file_and_problem(string json, string expected)
    {
        var path = WriteTemp(json);
        var error = Assert.Throws<InvalidDataException>(() => ResultsReader.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    static string WriteTemp(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hyperdsl-results-").FullName, ResultsWriter.JsonFileName);
        File.WriteAllText(path, text);
        return path;
    }
}
