using System.Net;
using Microsoft.Extensions.Options;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// Stops startup on a bad <c>Admin</c> section, and on an admin API that would be open to the network
/// without TLS and tokens.
/// </summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var errors = new List<string>();
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (!ListenEndpoint.TryParse(options.Listen, out var listen, out var error))
        {
            errors.Add($"Admin:Listen: {error}");
        }

        IPEndPoint? json = null;
        if (!string.IsNullOrWhiteSpace(options.JsonListen) && !ListenEndpoint.TryParse(options.JsonListen, out json, out var jsonError))
        {
            errors.Add($"Admin:JsonListen: {jsonError}; leave it empty to keep JSON over HTTP off");
        }

        for (var i = 0; i < options.AllowedClients.Count; i++)
        {
            if (ClientNetworks.Validate(options.AllowedClients[i]) is { } bad)
            {
                errors.Add($"Admin:AllowedClients:{i}: {bad}");
            }
        }

        var tls = !string.IsNullOrWhiteSpace(options.Certificate) || !string.IsNullOrWhiteSpace(options.CertificateKey);
        if (tls && (string.IsNullOrWhiteSpace(options.Certificate) || string.IsNullOrWhiteSpace(options.CertificateKey)))
        {
            errors.Add("Admin:Certificate and Admin:CertificateKey: give both (PEM files), or neither");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i];
            if (string.IsNullOrWhiteSpace(token.Name))
            {
                errors.Add($"Admin:Tokens:{i}:Name: is empty; name who holds the token (it is recorded with every change)");
            }
            else if (!names.Add(token.Name.Trim()))
            {
                errors.Add($"Admin:Tokens:{i}:Name: '{token.Name}' is used by another token; give each its own name");
            }

            if (string.IsNullOrWhiteSpace(token.File))
            {
                errors.Add($"Admin:Tokens:{i}:File: is empty; give the file that holds the token");
            }
        }

        if (listen is not null && !IPAddress.IsLoopback(listen.Address))
        {
            if (!tls)
            {
                errors.Add($"Admin:Listen: {options.Listen} is not loopback, so the admin API needs TLS: set Admin:Certificate and Admin:CertificateKey (PEM files)");
            }

            if (options.Tokens.Count == 0)
            {
                errors.Add($"Admin:Listen: {options.Listen} is not loopback, so the admin API needs tokens: list them in Admin:Tokens ([{{ \"Name\": \"ops\", \"File\": \"/etc/numberdirectory/ops.token\" }}])");
            }
        }

        if (json is not null && !IPAddress.IsLoopback(json.Address))
        {
            if (!tls)
            {
                errors.Add($"Admin:JsonListen: {options.JsonListen} is not loopback, so the admin API needs TLS: set Admin:Certificate and Admin:CertificateKey (PEM files)");
            }

            if (options.Tokens.Count == 0)
            {
                errors.Add($"Admin:JsonListen: {options.JsonListen} is not loopback, so the admin API needs tokens: list them in Admin:Tokens");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
