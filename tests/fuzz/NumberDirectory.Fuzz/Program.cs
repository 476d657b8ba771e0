using NumberDirectory.Fuzz;

return FuzzCommand.Run(args);
