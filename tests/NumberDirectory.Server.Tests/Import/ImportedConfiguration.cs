using System.Text;
using Microsoft.Extensions.Options;
using NumberDirectory.Server.Dundi;
using NumberDirectory.Server.Hosting;
using NumberDirectory.Server.Import;

namespace NumberDirectory.Server.Tests.Import;

/// <summary>An import result bound the way the node binds appsettings.json.</summary>
internal sealed class ImportedConfiguration
{
    private ImportedConfiguration(DundiImportResult result, IConfiguration configuration)
    {
        Result = result;
        Configuration = configuration;
        Dundi = configuration.GetSection(DundiOptions.Section).Get<DundiOptions>() ?? new DundiOptions();
        Ranges = configuration.Get<RangesOptions>()?.Ranges ?? [];
    }

    public DundiImportResult Result { get; }

    public IConfiguration Configuration { get; }

    public DundiOptions Dundi { get; }

    public List<RangeOptions> Ranges { get; }

    public static ImportedConfiguration Import(string dundi, string extensions, string dundiName = "dundi.conf", string extensionsName = "extensions.conf")
    {
        var result = DundiConfImporter.Import(dundiName, dundi, extensionsName, extensions);
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(result.ToJson()));
        var configuration = new ConfigurationBuilder().AddJsonStream(json).Build();
        return new ImportedConfiguration(result, configuration);
    }

    /// <summary>Every problem startup would report, including the Dundi section's validator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = NumberDirectoryNode.Validate(Configuration).ToList();
        var dundi = new DundiOptionsValidator().Validate(null, Dundi);
        if (dundi.Failed)
        {
            errors.AddRange(dundi.Failures);
        }

        return errors;
    }

    public RangeOptions Range(string pattern) => Assert.Single(Ranges, r => r.Pattern == pattern);

    public DundiPeerOptions Peer(string id) => Assert.Single(Dundi.Peers, p => p.Id == id);

    /// <summary>Issues on a line of the dundi.conf given as <paramref name="file"/>.</summary>
    public IEnumerable<ImportIssue> IssuesOn(int line, string file = "dundi.conf") => Result.Issues.Where(i => i.File == file && i.Line == line);
}
