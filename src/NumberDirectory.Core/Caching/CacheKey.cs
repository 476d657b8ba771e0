namespace NumberDirectory.Core.Caching;

/// <summary>What an answer is cached under: context and the number's digits.</summary>
/// <param name="Context">The lookup context.</param>
/// <param name="Digits">The number's digits (without '+').</param>
public readonly record struct CacheKey(string Context, string Digits);
