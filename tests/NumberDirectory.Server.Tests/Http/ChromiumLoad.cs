namespace NumberDirectory.Server.Tests.Http;

/// <summary>A page as headless Chromium loaded it: the serialized DOM and the URLs the page requested.</summary>
internal sealed record ChromiumLoad(string Dom, IReadOnlyList<string> Requests);
