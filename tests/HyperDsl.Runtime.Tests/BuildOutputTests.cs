using System.Runtime.InteropServices;

namespace HyperDsl.Runtime.Tests;

/// <summary>
/// What build/HyperDsl.NativeAssets.targets promises about this test project's own output: only this machine's native
/// libraries are copied. Every platform's libtorch in every bin/ made a built clone 17 GB and ran a CI disk full.
/// </summary>
public sealed class BuildOutputTests
{
    [Fact]
    public void TheOutputHoldsOnlyThisMachinesNativeLibraries()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;   // the portable one, e.g. linux-x64
        var os = rid.Split('-')[0];
        string[] chain = os == "win" ? [rid, os, "any"] : [rid, os, "unix", "any"];

        // The deps.json lists what this build copied (a bin/ folder can still hold files of an older build).
        var depsFile = Path.Combine(AppContext.BaseDirectory, typeof(BuildOutputTests).Assembly.GetName().Name + ".deps.json");
        var platforms = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(depsFile), "\"runtimes/([^/\"]+)/")
            .Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Contains(rid, platforms);
        Assert.All(platforms, p => Assert.Contains(p, chain));

        // The library TorchSharp loads is there (the patched copy, on systems that need it).
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", NativeName("LibTorchSharp"))));
    }

    private static string NativeName(string name) =>
        OperatingSystem.IsWindows() ? name + ".dll" : OperatingSystem.IsMacOS() ? "lib" + name + ".dylib" : "lib" + name + ".so";
}
