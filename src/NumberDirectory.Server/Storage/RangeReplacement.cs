using NumberDirectory.Core.Ranges;

namespace NumberDirectory.Server.Storage;

/// <summary>A range to publish, taking the place of <paramref name="Replacing"/> (null: a new range).</summary>
public sealed record RangeReplacement(PublishedRange Range, PublishedRange? Replacing);
