namespace NumberDirectory.Server.Dundi;

/// <summary>The two files of a generated key pair.</summary>
/// <param name="PrivateKeyPath"><c>name.key</c>, mode 0600.</param>
/// <param name="PublicKeyPath"><c>name.pub</c>, to give to peers (their <c>inkey</c>).</param>
public sealed record DundiKeyPairFiles(string PrivateKeyPath, string PublicKeyPath);
