using Microsoft.Extensions.Options;
using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Server.Hosting;

/// <summary>Stops startup on a bad <c>Node</c> section.</summary>
internal sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Node:DataDirectory: is empty; give a directory for the data file, e.g. ./data or /var/lib/numberdirectory");
        }
        else if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"Node:DataDirectory: '{options.DataDirectory}' contains characters not allowed in a path");
        }

        if (!string.IsNullOrEmpty(options.Id) && (!NodeId.TryParse(options.Id, out var id) || id.IsEmpty))
        {
            errors.Add($"Node:Id: '{options.Id}' is not an EID; write six hex bytes like 00:00:5e:00:53:01, or leave it empty to keep the generated one");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
