using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Tests.Emit;

/// <summary>Hand-built bound models covering every emitter path (until and besides the real examples).</summary>
internal static class EmitFixtures
{
    private const string File = "fixtures/fixture.hyp";

    private static SourceSpan At(int line) => new(File, line, 1, line, 10);

    public static BoundHypernet Hypernet(ImmutableArray<BoundCondition> sources, StrategyKind strategy = StrategyKind.AllAtOnce, BodyKind body = BodyKind.Mlp,
        HyperInit init = HyperInit.HyperfanIn, long chunk = 0, long embedding = 0, double? bound = null, ImmutableArray<ComponentAttribute> attributes = default) =>
        new(sources, new HyperNetworkOptions(body, body == BodyKind.Mlp ? [32] : [], ActivationKind.ReLU, body == BodyKind.Mlp ? NormKind.None : NormKind.LayerNorm,
            0, body == BodyKind.Mlp ? 0 : 32, body == BodyKind.Mlp ? 0 : 1, body == BodyKind.Mlp ? 0 : 16, strategy, chunk, embedding,
            attributes.IsDefault ? [] : [.. attributes], init, bound), At(40));

    private static BoundTraining Training(ImmutableArray<BoundLoss> losses = default, ImmutableArray<BoundRegularizer> regularizers = default,
        double? beta = null, double? adaptation = null) =>
        new(losses.IsDefault ? [] : losses, regularizers.IsDefault ? [] : regularizers, beta, adaptation);

    private static BoundLoss Loss(string name, LossKind kind, double weight = 1.0, LossTarget target = LossTarget.Prediction, BoundCondition? condition = null,
        ImmutableDictionary<string, double>? parameters = null) =>
        new(name, kind, target, weight, condition, parameters ?? ImmutableDictionary<string, double>.Empty, At(50));

    private static BoundModel Model(string name, BoundInput input, ImmutableArray<BoundCondition> conditions, BoundNetwork target,
        BoundHypernet? hypernet, List<GeneratedTensor> generated, BoundTraining training, ImmutableArray<BoundNetwork> auxiliary = default, string? doc = null) =>
        new(name, At(1), doc, input, conditions, target, auxiliary.IsDefault ? [] : auxiliary, hypernet, [.. generated], training,
            new ParameterTable([]), new string('a', 64));

    /// <summary>HyDA-like: an MLP whose three linear layers are generated from a task embedding.</summary>
    public static BoundFile HydaLike()
    {
        var generated = new List<GeneratedTensor>();
        var net = new NetworkBuilder("regressor", File, generated, [16]);
        var h = net.Act(net.Linear("fc1", "x", 16, 32, Roles.External(), doc: "First hidden layer."));
        h = net.Act(net.Linear("fc2", h, 32, 32, Roles.External()));
        var y = net.Linear("fc3", h, 32, 1, Roles.External());
        var task = new BoundCondition("task", ConditionKind.Task, 8, At(5), Count: 4);
        return new BoundFile(File, [Model("HydaLike", new BoundInput("x", [16], At(3)), [task], net.Build(y),
            Hypernet([task]), generated,
            Training([Loss("mae", LossKind.Mae)], [new(RegularizerKind.GeneratedL2, 1e-4, At(52)), new(RegularizerKind.HypernetL2, 1e-5, At(53))]),
            doc: "Brain age regression with a generated head.")]);
    }

    /// <summary>HyDA with its domain classifier: features of an auxiliary network condition the hypernetwork.</summary>
    public static BoundFile HydaDomain()
    {
        var generated = new List<GeneratedTensor>();
        var classifier = new NetworkBuilder("domain_classifier", File, [], [16]);
        var f = classifier.Act(classifier.Linear("fc1", "x", 16, 32, LayerRole.Trainable));
        var features = classifier.Act(classifier.Linear("fc2", f, 32, 8, LayerRole.Trainable, result: "features"));
        var logits = classifier.Linear("fc3", features, 8, 3, LayerRole.Trainable, result: "logits");
        classifier.NamedOutputs["features"] = features;
        var net = new NetworkBuilder("primary", File, generated, [16]);
        var h = net.Act(net.Linear("encoder", "x", 16, 32, LayerRole.Trainable));
        h = net.Step(new StepOp(StepOpKind.Dropout, Value: 0.1), [32], args: h);
        h = net.Act(net.Linear("head.fc1", h, 32, 16, Roles.External()));
        var y = net.Linear("head.fc2", h, 16, 1, Roles.External(bias: false));
        var domainClassifier = classifier.Build(logits);
        var domain = new BoundCondition("domain", ConditionKind.Domain, 8, At(6), Network: domainClassifier, FeaturesValue: "features", Count: 3,
            InputShape: [16], FromInput: true);
        var ms = ImmutableDictionary<string, double>.Empty.Add("alpha", 2).Add("beta", 40).Add("lambda", 0.5).Add("margin", 0.1);
        return new BoundFile(File, [Model("HydaBrainAge", new BoundInput("x", [16], At(3)), [domain], net.Build(y),
            Hypernet([domain], StrategyKind.PerLayerHeads, bound: 0.5), generated,
            Training([Loss("age", LossKind.Mae), Loss("domain_ce", LossKind.CrossEntropy, 1, LossTarget.DomainLogits, domain),
                      Loss("domain_ms", LossKind.MultiSimilarity, 0.5, LossTarget.DomainEmbedding, domain, ms)]),
            [domainClassifier])]);
    }

    /// <summary>A small conv net: a trainable conv, a generated conv, group norm, pooling and a LoRA linear head, tabular condition.</summary>
    public static BoundFile ConvLora()
    {
        var generated = new List<GeneratedTensor>();
        var net = new NetworkBuilder("cnn", File, generated, [3, 8, 8]);
        var h = net.Act(net.Conv("stem", "x", 3, 8, 3, LayerRole.Trainable, padding: 1));
        h = net.Step(new StepOp(StepOpKind.MaxPool, SpatialRank: 2, Ints: [2, 2, 2, 2, 0, 0]), [8, 4, 4], args: h);
        h = net.Conv("blocks.0.conv", h, 8, 8, 3, Roles.External(), padding: 1);
        h = net.Act(net.Norm("blocks.0.norm", LayerKind.GroupNorm, h, groups: 2), ActivationKind.GELU);
        h = net.Step(new StepOp(StepOpKind.AdaptiveAvgPool, SpatialRank: 2, Ints: [1, 1]), [8, 1, 1], args: h);
        h = net.Step(new StepOp(StepOpKind.Flatten), [8], args: h);
        var y = net.Linear("head", h, 8, 4, Roles.Lora(2, 4));
        var tab = new BoundCondition("clinical", ConditionKind.Tabular, 8, At(7), Columns: ["age", "sex", "mmse"], Hidden: [16]);
        return new BoundFile(File, [Model("ConvLora", new BoundInput("image", [3, 8, 8], At(3)), [tab], net.Build(y),
            Hypernet([tab], StrategyKind.PerLayerHeads, BodyKind.ResidualMlp), generated,
            Training([Loss("ce", LossKind.CrossEntropy)], [new(RegularizerKind.GeneratedL2, 1e-3, At(52))]))]);
    }

    /// <summary>Chunk-wise generation of an MLP conditioned on a task and noise (ensembles).</summary>
    public static BoundFile Chunked()
    {
        var generated = new List<GeneratedTensor>();
        var net = new NetworkBuilder("mlp", File, generated, [8]);
        var h = net.Act(net.Linear("fc1", "x", 8, 16, Roles.External()), ActivationKind.Tanh);
        var y = net.Linear("fc2", h, 16, 2, Roles.External());
        var task = new BoundCondition("task", ConditionKind.Task, 4, At(5), Count: 3);
        var noise = new BoundCondition("noise", ConditionKind.Noise, 4, At(6), Count: 5);
        return new BoundFile(File, [Model("ChunkedMlp", new BoundInput("x", [8], At(3)), [task, noise], net.Build(y),
            Hypernet([task, noise], StrategyKind.Chunked, chunk: 64, embedding: 8), generated,
            Training([Loss("mse", LossKind.Mse)]))]);
    }

    /// <summary>A 2-D segmentation U-Net conditioned on a support image and mask, with adaptation and episodic weighting.</summary>
    public static BoundFile SupportUNet()
    {
        var generated = new List<GeneratedTensor>();
        var net = new NetworkBuilder("unet", File, generated, [1, 16, 16]);
        var skip = net.Act(net.Conv("encoder.0.conv", "x", 1, 4, 3, LayerRole.Trainable, padding: 1));
        var h = net.Step(new StepOp(StepOpKind.MaxPool, SpatialRank: 2, Ints: [2, 2, 2, 2, 0, 0]), [4, 8, 8], args: skip);
        h = net.Act(net.Conv("bottleneck", h, 4, 8, 3, Roles.External(), padding: 1));
        var up = net.Conv("decoder.0.up", h, 8, 4, 2, Roles.External(), stride: 2, transpose: true);
        var cat = net.Step(new StepOp(StepOpKind.Concat), [8, 16, 16], args: [up, skip]);
        var up2 = net.Step(new StepOp(StepOpKind.Upsample, Value: 1, SpatialRank: 2, Interpolation: Interpolation.Nearest), [8, 16, 16], args: cat);
        var y = net.Conv("head", up2, 8, 1, 1, Roles.External());
        var support = new BoundCondition("support", ConditionKind.SupportMask, 16, At(5), Hidden: [4, 8], InputShape: [1, 16, 16], Patches: 4, Boundary: 0.5);
        return new BoundFile(File, [Model("SupportUNet", new BoundInput("image", [1, 16, 16], At(3)), [support], net.Build(y),
            Hypernet([support], StrategyKind.PerLayerHeads), generated,
            Training([Loss("seg", LossKind.DiceBce, parameters: ImmutableDictionary<string, double>.Empty.Add("smooth", 1.0))], beta: 0.5, adaptation: 0.01))]);
    }

    /// <summary>A tiny ViT with LoRA on attention projections, generated per component (depth, type).</summary>
    public static BoundFile LoraVit()
    {
        var generated = new List<GeneratedTensor>();
        var net = new NetworkBuilder("vit", File, generated, [3, 8, 8]);
        var p = net.Conv("patch", "x", 3, 16, 4, LayerRole.Frozen, stride: 4);
        var t = net.Step(new StepOp(StepOpKind.PatchEmbed), [4, 16], args: p);
        t = net.Step(new StepOp(StepOpKind.PrependClassToken), [5, 16], result: "tokens", layer: net.Learned("cls_token", [1, 1, 16]), args: t);
        t = net.Step(new StepOp(StepOpKind.AddPositionalEmbedding), [5, 16], layer: net.Learned("pos_embed", [1, 5, 16]), args: t);
        var n = net.Norm("blocks.0.norm1", LayerKind.LayerNorm, t, LayerRole.Frozen);
        var q = net.Linear("blocks.0.attn.q", n, 16, 16, Roles.Lora(2, 2));
        var k = net.Linear("blocks.0.attn.k", n, 16, 16, LayerRole.Frozen);
        var v = net.Linear("blocks.0.attn.v", n, 16, 16, Roles.Lora(2, 2));
        var a = net.Step(new StepOp(StepOpKind.Attention, Ints: [2]), [5, 16], args: [q, k, v]);
        var o = net.Linear("blocks.0.attn.o", a, 16, 16, LayerRole.Frozen);
        var r = net.Step(new StepOp(StepOpKind.Add), [5, 16], args: [t, o]);
        var c = net.Step(new StepOp(StepOpKind.SelectClassToken), [16], args: r);
        var y = net.Linear("head", c, 16, 3, LayerRole.Trainable);
        var task = new BoundCondition("task", ConditionKind.Task, 8, At(5), Count: 3);
        return new BoundFile(File, [Model("LoraVit", new BoundInput("image", [3, 8, 8], At(3)), [task], net.Build(y),
            Hypernet([task], StrategyKind.PerComponent, BodyKind.Mixer, embedding: 8, attributes: [ComponentAttribute.Depth, ComponentAttribute.Type]),
            generated, Training([Loss("ce", LossKind.CrossEntropy)]))]);
    }

    /// <summary>Nothing generated: a plain 1-D conv net (batch norm, leaky ReLU, average pooling, reshape, token mean, SiLU, softmax).</summary>
    public static BoundFile Plain()
    {
        var net = new NetworkBuilder("net", File, [], [2, 16]);
        var h = net.Conv("conv", "x", 2, 4, 3, LayerRole.Trainable, padding: 1);
        h = net.Norm("bn", LayerKind.BatchNorm, h);
        h = net.Step(new StepOp(StepOpKind.Activation, ActivationKind.LeakyReLU, Value: 0.2), [4, 16], args: h);
        h = net.Step(new StepOp(StepOpKind.AvgPool, SpatialRank: 1, Ints: [2, 2, 0]), [4, 8], args: h);
        h = net.Step(new StepOp(StepOpKind.Reshape, Ints: [8, 4]), [8, 4], args: h);
        h = net.Step(new StepOp(StepOpKind.MeanTokens), [4], args: h);
        h = net.Act(h, ActivationKind.SiLU);
        var y = net.Act(net.Linear("fc", h, 4, 3, LayerRole.Trainable), ActivationKind.Softmax);
        return new BoundFile(File, [Model("plain_net", new BoundInput("x", [2, 16], At(3)), [], net.Build(y), null, [], Training())]);
    }

    /// <summary>Every hostile name, doc comment and string the .hyp grammar might let through.</summary>
    public static BoundFile Injection()
    {
        var generated = new List<GeneratedTensor>();
        var net = new NetworkBuilder("class", "evil\"path\n#line 1 \"x.cs\"\\.hyp", generated, [4], inputValue: "input");
        var hostileDoc = "Ends */ a comment\n#line 1 \"owned.cs\"\r\n</summary><script>&amp; \"quotes\" \\ back\u2028slash\u0000 /// more\n#error boom";
        var h = net.Linear("class", "input", 4, 4, Roles.External(), result: "forward", doc: hostileDoc);
        h = net.Act(h);
        h = net.Linear("namespace.ünïcødé", h, 4, 4, LayerRole.Trainable, result: "generated");
        h = net.Linear("Materialize", h, 4, 4, Roles.External(bias: false), result: "var");
        var y = net.Linear("zero\u200Bwidth", h, 4, 2, LayerRole.Trainable, result: "_");
        var task = new BoundCondition("event", ConditionKind.Task, 4, At(5), Count: 2);
        var model = Model("record", new BoundInput("input", [4], At(3)), [task], net.Build(y), Hypernet([task]), generated,
            Training([Loss("base", LossKind.Mse), Loss("loss", LossKind.Mae)]), doc: hostileDoc) with { DeclarationHash = "\"; System.Environment.Exit(1); //\\" };
        return new BoundFile("evil\"path\n#line 1 \"x.cs\"\\.hyp", [model]);
    }

    /// <summary>
    /// Compiled from Sources/torchvision_layers.hyp (one small model per torchvision-style layer or operation), so the
    /// binder's elaboration of them is emitted and run numerically in HyperDsl.Generated.Tests.
    /// </summary>
    public static BoundFile TorchvisionLayers()
    {
        var source = System.IO.File.ReadAllText(Path.Combine(TestSupport.RepoRoot, "tests/HyperDsl.Compiler.Tests/Emit/Sources/torchvision_layers.hyp"));
        var result = Compilation.Compile(File, source);
        if (result.HasErrors || result.File is null) throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        return result.File;
    }

    public static IEnumerable<(string Name, BoundFile File)> All() =>
    [
        ("HydaLike", HydaLike()), ("HydaDomain", HydaDomain()), ("ConvLora", ConvLora()), ("Chunked", Chunked()),
        ("SupportUNet", SupportUNet()), ("LoraVit", LoraVit()), ("Plain", Plain()), ("Injection", Injection()),
        ("TorchvisionLayers", TorchvisionLayers()),
    ];
}
