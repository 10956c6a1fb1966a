return HyperDsl.Compiler.Placeholder.CountModels(string.Join(' ', args)) >= 0 ? 0 : 1;
