// Placeholder until the commands land: usage error.
Console.Error.WriteLine("usage: hyperdsl <check|build|params|graph|fmt> FILE...");
return 2;
