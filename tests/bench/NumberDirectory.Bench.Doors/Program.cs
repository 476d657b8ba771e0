using NumberDirectory.Bench.Doors;

return await DoorsBenchmark.RunAsync(args);
