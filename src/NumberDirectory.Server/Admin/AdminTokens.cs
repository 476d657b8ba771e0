using System.Security.Cryptography;
using System.Text;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Admin;

/// <summary>
/// The admin API's bearer tokens, read from their files once at start. A token file must hold at least
/// 32 characters and be readable by the node's user only, as key files are.
/// </summary>
internal sealed class AdminTokens
{
    private const int MinimumLength = 32;
    private readonly (string Name, byte[] Secret)[] _tokens;

    private AdminTokens((string Name, byte[] Secret)[] tokens) => _tokens = tokens;

    /// <summary>True when any token is configured: then every call must carry one.</summary>
    public bool Required => _tokens.Length > 0;

    public static AdminTokens Load(AdminOptions options)
    {
        var tokens = new List<(string, byte[])>();
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i];
            var option = $"Admin:Tokens:{i}:File";
            string text;
            try
            {
                if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(token.File) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
                {
                    throw new StartupException($"{option}: '{token.File}' can be read by other users; make it readable by the node's user only (chmod 600)");
                }

                text = File.ReadLines(token.File).FirstOrDefault()?.Trim() ?? string.Empty;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"{option}: cannot read '{token.File}': {ex.Message}", ex);
            }

            if (text.Length < MinimumLength)
            {
                throw new StartupException($"{option}: the token in '{token.File}' is {text.Length} characters; use at least {MinimumLength} random ones (e.g. openssl rand -hex 32)");
            }

            tokens.Add((token.Name.Trim(), Encoding.UTF8.GetBytes(text)));
        }

        return new AdminTokens([.. tokens]);
    }

    /// <summary>The name of the token <paramref name="presented"/> is, or null; compared in constant time.</summary>
    public string? Find(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        string? found = null;
        foreach (var (name, secret) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(bytes, secret))
            {
                found = name;
            }
        }

        return found;
    }
}
