using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

public class ResultsReaderTests
{
    [Fact]
    public void Reads_back_what_the_writer_wrote()
    {
        var written = new ExperimentResults("HyDA", "held-out MAE", HigherIsBetter: false,
        [
            new ResultRow("HyDA", MethodKind.Hypernet, 1.0 / 3, 0.5),
            new ResultRow("no hypernetwork", MethodKind.Baseline, 3.5, 0.25),
        ]);
        var path = WriteTemp(ResultsWriter.ToJson(written));
        var read = ResultsReader.Read(path);
        Assert.Equal(("HyDA", "held-out MAE", false), (read.Experiment, read.Metric, read.HigherIsBetter));
        Assert.Equal(written.Rows, read.Rows);
    }

    [Theory]
    [InlineData("{", "not a results.json")]
    [InlineData("""{"experiment":"X","metric":"m","higher_is_better":true,"rows":[{"method":"a","kind":"teacher","value":1,"std":0}]}""", "kind 'teacher'")]
    [InlineData("""{"experiment":"X","metric":"m","higher_is_better":"yes","rows":[]}""", "'higher_is_better' must be true or false")]
    [InlineData("""{"experiment":"","metric":"m","higher_is_better":true,"rows":[]}""", "'experiment' is empty")]
    [InlineData("""{"experiment":"X","higher_is_better":true,"rows":[]}""", "metric")]
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
