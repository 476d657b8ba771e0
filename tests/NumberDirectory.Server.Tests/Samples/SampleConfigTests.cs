using Microsoft.Extensions.Configuration;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Tests.Hosting;

namespace NumberDirectory.Server.Tests.Samples;

/// <summary>Every sample configuration in the repository loads and validates, as startup would.</summary>
public class SampleConfigTests
{
    public static TheoryData<string> SampleFiles()
    {
        var root = ConfigurationTests.RepositoryRoot();
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "samples"), "appsettings*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Fact]
    public void Samples_Exist() => Assert.NotEmpty(SampleFiles());

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Sample_LoadsAndValidates(string relativePath)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(ConfigurationTests.RepositoryRoot(), relativePath)).Build();

        Assert.Empty(NumberDirectoryNode.Validate(configuration));
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Sample_HasNoUnknownKeys(string relativePath)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(ConfigurationTests.RepositoryRoot(), relativePath)).Build();

        Assert.Empty(ConfigurationKeys.Find(ConfigurationOrigin.Whole(configuration, relativePath)).Select(k => k.ToString()));
    }
}
