using System.Security.Cryptography;
using NumberDirectory.Core.Dundi;

namespace NumberDirectory.Server.Dundi;

/// <summary>
/// Reads and writes DUNDi RSA keys as PEM files, in the formats Asterisk's <c>astgenkey</c> produces:
/// a private key <c>name.key</c> (PKCS#1 <c>RSA PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c>) and a public
/// key <c>name.pub</c> (<c>PUBLIC KEY</c>, or PKCS#1 <c>RSA PUBLIC KEY</c>).
/// </summary>
/// <remarks>
/// docs/protocols/dundi.md §Keys: exactly 1024-bit RSA. Like Asterisk, a private key that group or
/// others can read is refused.
/// </remarks>
public static class DundiKeyFile
{
    /// <summary>Extension of a private key file.</summary>
    public const string PrivateKeyExtension = ".key";

    /// <summary>Extension of a public key file.</summary>
    public const string PublicKeyExtension = ".pub";

    private const UnixFileMode NotOwner =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly string[] PrivateLabels = ["RSA PRIVATE KEY", "PRIVATE KEY"];
    private static readonly string[] PublicLabels = ["PUBLIC KEY", "RSA PUBLIC KEY"];

    /// <summary>Loads a peer's public key (its <c>inkey</c>).</summary>
    /// <exception cref="DundiKeyException">Missing, not a public key, or not 1024-bit RSA.</exception>
    public static RSA LoadPublicKey(string path) => Load(path, PublicLabels, "public");

    /// <summary>Reads a peer's public key from PEM text (what a <c>.pub</c> file holds), as the admin API takes it.</summary>
    /// <exception cref="DundiKeyException">Not PEM, not a public key, or not 1024-bit RSA; the message says which.</exception>
    public static RSA ParsePublicKey(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return Parse(pem, "the key", PublicLabels, "public", "the key is not PEM text (no -----BEGIN PUBLIC KEY----- block); give the whole content of the peer's .pub file, not its path");
    }

    /// <summary>Loads our private key (<c>outkey</c>), refusing a file that group or others can read.</summary>
    /// <exception cref="DundiKeyException">Missing, readable by others, not a private key, or not 1024-bit RSA.</exception>
    public static RSA LoadPrivateKey(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & NotOwner) != 0)
        {
            throw new DundiKeyException(
                $"DUNDi private key {path} can be read by other users; restrict it with: chmod 600 {path}");
        }

        return Load(path, PrivateLabels, "private");
    }

    /// <summary>Creates a new 1024-bit pair: <c>name.key</c> (PKCS#1 PEM, mode 0600) and <c>name.pub</c>.</summary>
    /// <param name="directory">Where to write; created if missing.</param>
    /// <param name="name">The key name peers use in <c>inkey</c>/<c>outkey</c>; no path separators.</param>
    /// <exception cref="DundiKeyException">The name is not a plain file name or a file already exists.</exception>
    public static DundiKeyPairFiles GenerateKeyPair(string directory, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name != Path.GetFileName(name) || name is "." or "..")
        {
            throw new DundiKeyException($"key name '{name}' must be a plain file name without directories");
        }

        Directory.CreateDirectory(directory);
        var files = new DundiKeyPairFiles(
            Path.Combine(directory, name + PrivateKeyExtension),
            Path.Combine(directory, name + PublicKeyExtension));
        foreach (var file in new[] { files.PrivateKeyPath, files.PublicKeyPath })
        {
            if (File.Exists(file))
            {
                throw new DundiKeyException($"{file} already exists; remove it first or pick another key name");
            }
        }

        using var rsa = RSA.Create(DundiCrypto.RequiredKeySize);
        Write(files.PrivateKeyPath, rsa.ExportRSAPrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Write(files.PublicKeyPath, rsa.ExportSubjectPublicKeyInfoPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return files;
    }

    private static RSA Load(string path, string[] labels, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new DundiKeyException($"DUNDi {kind} key file {path} does not exist");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DundiKeyException($"DUNDi {kind} key file {path} cannot be read: {ex.Message}", ex);
        }

        return Parse(text, path, labels, kind, $"{path} is not a PEM key file (no -----BEGIN ...----- block)");
    }

    private static RSA Parse(string text, string source, string[] labels, string kind, string notPem)
    {
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new DundiKeyException(notPem);
        }

        var label = text[fields.Label];
        if (label == "ENCRYPTED PRIVATE KEY" || text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw new DundiKeyException($"{source} is protected by a passphrase; store it without one (astgenkey -n) and chmod 600 it");
        }

        if (!labels.Contains(label, StringComparer.Ordinal))
        {
            throw new DundiKeyException($"{source} holds a '{label}' block, not a {kind} key ({string.Join(" or ", labels)})");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new DundiKeyException($"{source} is not a readable RSA {kind} key: {ex.Message}", ex);
        }

        if (!DundiCrypto.IsSupportedKey(rsa))
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            throw new DundiKeyException(
                $"{source} is a {size}-bit RSA key; DUNDi keys must be exactly {DundiCrypto.RequiredKeySize}-bit (Asterisk refuses others)");
        }

        return rsa;
    }

    private static void Write(string path, string pem, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Write('\n');
    }
}
