using NumberDirectory.Bench.Startup;

return await StartupBenchmark.RunAsync(args);
