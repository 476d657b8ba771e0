using System.Reflection;
using NumberDirectory.Core.Lookup;

namespace NumberDirectory.Core.Tests;

public class ArchitectureTests
{
    private static readonly string[] Forbidden = ["ARSoft", "DnsClient", "LiteDB", "Grpc", "Google.Protobuf", "Microsoft.AspNetCore", "Prometheus"];

    [Fact]
    public void CoreAssembly_ReferencesNoInfrastructurePackage()
    {
        var references = typeof(ILookupPipeline).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();

        Assert.Contains("System.Runtime", references);
        foreach (var name in references)
        {
            Assert.DoesNotContain(Forbidden, f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void CoreProjectFile_HasNoPackageReferences()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "NumberDirectory.Core", "NumberDirectory.Core.csproj");
        var text = File.ReadAllText(project);

        Assert.DoesNotContain("PackageReference", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FrameworkReference", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CorePublicTypes_LiveInTheNamespaceOfTheirFolder()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "NumberDirectory.Core");
        var types = typeof(ILookupPipeline).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsNested);
        foreach (var type in types)
        {
            var folder = type.Namespace!["NumberDirectory.Core".Length..].TrimStart('.').Replace('.', Path.DirectorySeparatorChar);
            Assert.True(File.Exists(Path.Combine(root, folder, type.Name.Split('`')[0] + ".cs")), $"{type.FullName} should be in {folder}/{type.Name}.cs");
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NumberDirectory.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("NumberDirectory.sln not found above the test directory");
    }
}
