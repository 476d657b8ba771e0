namespace NumberDirectory.Server.Tests;

/// <summary>
/// Tests that measure the whole process (allocated bytes, CPU): they run after every other test
/// collection and by themselves, so what they count is only what they caused.
/// </summary>
[CollectionDefinition(nameof(AloneCollection), DisableParallelization = true)]
public sealed class AloneCollection;
