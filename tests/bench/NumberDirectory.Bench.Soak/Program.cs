using NumberDirectory.Bench.Soak;

return await SoakBenchmark.RunAsync(args);
