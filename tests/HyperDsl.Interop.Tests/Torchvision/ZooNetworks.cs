using HyperDsl.Examples.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>The zoo's generated networks (examples/zoo/NAME.hyp, model classes from examples/zoo/Zoo.csproj), by torchvision name.</summary>
internal static class ZooNetworks
{
    /// <summary>The zoo architectures whose .hyp file exists, as xunit theory data.</summary>
    public static TheoryData<string> Declared()
    {
        var data = new TheoryData<string>();
        foreach (var name in TorchvisionFixtures.Architectures)
            if (File.Exists(HypFile(name)))
                data.Add(name);
        return data;
    }

    public static string HypFile(string name) => Path.Combine(DebianPython.RepoRoot, "examples", "zoo", name + ".hyp");

    /// <summary>
    /// A new network of the model declared in NAME.hyp: the generated class whose name, lower-cased without
    /// underscores, is the torchvision name plus "network" (ResNet18Network for resnet18, VitB16Network for vit_b_16).
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(string name)
    {
        var wanted = name.Replace("_", "", StringComparison.Ordinal) + "network";
        var type = typeof(ResNet18Network).Assembly.GetExportedTypes()
            .SingleOrDefault(t => t.Name.Replace("_", "", StringComparison.Ordinal).Equals(wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"examples/zoo/{name}.hyp declares no model whose network class is '{wanted}' (case and underscores ignored).");
        return (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [false])!;
    }
}
