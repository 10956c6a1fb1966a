namespace HyperDsl.Build.Tests;

/// <summary>
/// A temporary C# project that imports the MSBuild integration from source, as the examples do, with the compiler the
/// fixture built and a reference to the runtime project.
/// </summary>
internal static class SourceImportProject
{
    /// <summary>Writes <paramref name="name"/>.csproj into <paramref name="directory"/>; the extra XML goes into its PropertyGroup and body.</summary>
    public static void Write(string directory, string name, string compilerAssembly, string extraProperties = "", string extraBody = "")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Repository.PathOf("compiler", "HyperDsl.Build", "build", "HyperDsl.Build.props")}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                <HyperDsl_CompilerAssembly>{compilerAssembly}</HyperDsl_CompilerAssembly>
            {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Repository.PathOf("runtime", "HyperDsl.Runtime", "HyperDsl.Runtime.csproj")}" />
              </ItemGroup>
            {extraBody}
              <Import Project="{Repository.PathOf("compiler", "HyperDsl.Build", "build", "HyperDsl.Build.targets")}" />
            </Project>
            """);
    }
}
