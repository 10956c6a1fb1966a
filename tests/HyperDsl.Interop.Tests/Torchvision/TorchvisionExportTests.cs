using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>Weights exported by HyperDsl load into torchvision's model with load_state_dict(strict=True) and reproduce its output.</summary>
public sealed class TorchvisionExportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-export-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string, string> Exports()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in ZooNetworks.Declared())
            data.Add(name, ".pt");
        data.Add("resnet18", ".safetensors");
        return data;
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public void TorchvisionLoadsTheExportStrictlyAndReproducesItsOutput(string name, string extension)
    {
        var path = Path.Combine(folder, name + extension);
        using (var scope = NewDisposeScope())
        using (var network = ZooNetworks.Create(name))
        {
            WeightImport.Load(network, TorchvisionFixtures.File(name + ".pt"));
            if (extension == ".pt")
                WeightExport.SaveTorch(network, path);
            else
                WeightExport.SaveSafetensors(network, path);
        }

        var (exitCode, output) = DebianPython.Run("check_export.py", name, path, TorchvisionFixtures.File(name + ".io.pt"));
        Assert.True(exitCode == 0, $"check_export.py {name} {extension} exited {exitCode}: {output}");
        Assert.Contains("max relative difference", output);
    }
}
