using NumberDirectory.Bench.Dundi;

return await DundiBenchmark.RunAsync(args);
